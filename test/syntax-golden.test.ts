/**
 * Golden cases for the parser: testdata/syntax/<area>/<case>.txtar with `-- in.cue --` and
 * either `-- out/ast --` (the AST dump, src/syntax/ast-dump.ts) or `-- out/errors --` (the
 * printed syntax errors). CUE_LITE_UPDATE=1 rewrites the expected sections.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Source } from '../src/source/index.js';
import { parseFile } from '../src/syntax/index.js';
import { dumpFile } from '../src/syntax/ast-dump.js';
import { getFile, listTxtar, readTxtar, setFile, updateGoldens, writeTxtar } from './helpers/txtar.js';

const root = path.join(import.meta.dirname, '../testdata/syntax');
const files = listTxtar(root);

describe('syntax golden cases', () => {
  it('has cases', () => {
    expect(files.length).toBeGreaterThan(100);
  });
  for (const file of files) {
    const name = path.relative(root, file);
    it(name, () => {
      const archive = readTxtar(file);
      const input = getFile(archive, 'in.cue');
      expect(input, 'case has an in.cue section').toBeDefined();
      const { file: ast, errors } = parseFile(new Source('in.cue', input!));
      const gotErrors = errors.map((e) => e.format()).join('');
      const gotAst = dumpFile(ast);
      if (updateGoldens) {
        setFile(archive, 'out/ast', errors.length === 0 ? gotAst : undefined);
        setFile(archive, 'out/errors', errors.length > 0 ? gotErrors : undefined);
        writeTxtar(file, archive);
        return;
      }
      const wantErrors = getFile(archive, 'out/errors');
      if (wantErrors !== undefined) {
        expect(gotErrors).toBe(wantErrors);
      } else {
        expect(gotErrors, 'unexpected syntax errors').toBe('');
        expect(gotAst).toBe(getFile(archive, 'out/ast'));
      }
    });
  }
});
