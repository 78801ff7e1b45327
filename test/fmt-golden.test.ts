/**
 * Golden cases for the formatter: testdata/fmt/<case>.txtar holds `in.cue` and the expected
 * `out/fmt.cue` (from `cue fmt`, see testdata/fmt/README.md). Each case also checks that
 * formatting the expected output changes nothing. CUE_LITE_UPDATE=1 rewrites expectations.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Source } from '../src/source/index.js';
import { parseFile } from '../src/syntax/index.js';
import { formatFile } from '../src/syntax/printer.js';
import { getFile, listTxtar, readTxtar, setFile, updateGoldens, writeTxtar } from './helpers/txtar.js';

const dir = path.join(import.meta.dirname, '../testdata/fmt');

function format(name: string, text: string): string {
  const { file, errors } = parseFile(new Source(name, text));
  if (errors.length > 0) throw new Error(errors.map((e) => e.format()).join(''));
  return formatFile(file);
}

describe('fmt golden cases', () => {
  const cases = listTxtar(dir);
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(60));
  for (const file of cases) {
    const name = path.basename(file, '.txtar');
    it(name, () => {
      const archive = readTxtar(file);
      const input = getFile(archive, 'in.cue');
      expect(input, 'in.cue section').toBeDefined();
      const got = format('in.cue', input!);
      if (updateGoldens) {
        setFile(archive, 'out/fmt.cue', got);
        writeTxtar(file, archive);
        return;
      }
      expect(got).toBe(getFile(archive, 'out/fmt.cue'));
      expect(format('out.cue', got), 'formatting is idempotent').toBe(got);
    });
  }
});
