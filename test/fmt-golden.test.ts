/**
 * Golden cases for the formatter: testdata/fmt/<case>.txtar holds `in.cue` and the expected
 * `out/fmt.cue` (from `cue fmt`, see testdata/fmt/README.md); testdata/fmt-v1 the same for the
 * pre-v2 printer (`formatV1`, CUE_EXPERIMENT=formatv2=0). Each case also checks that
 * formatting the expected output changes nothing. CUE_LITE_UPDATE=1 rewrites expectations.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Source } from '../src/source/index.js';
import { parseFile } from '../src/syntax/index.js';
import { formatFile } from '../src/syntax/printer.js';
import { getFile, listTxtar, readTxtar, setFile, updateGoldens, writeTxtar } from './helpers/txtar.js';

function format(name: string, text: string, formatV1 = false): string {
  const { file, errors } = parseFile(new Source(name, text));
  if (errors.length > 0) throw new Error(errors.map((e) => e.format()).join(''));
  return formatFile(file, { formatV1 });
}

for (const { title, dir, formatV1, least } of [
  { title: 'fmt golden cases', dir: path.join(import.meta.dirname, '../testdata/fmt'), formatV1: false, least: 60 },
  { title: 'fmt golden cases, pre-v2 printer (formatV1)', dir: path.join(import.meta.dirname, '../testdata/fmt-v1'), formatV1: true, least: 8 },
])
describe(title, () => {
  const cases = listTxtar(dir);
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(least));
  for (const file of cases) {
    const name = path.basename(file, '.txtar');
    it(name, () => {
      const archive = readTxtar(file);
      const input = getFile(archive, 'in.cue');
      expect(input, 'in.cue section').toBeDefined();
      const got = format('in.cue', input!, formatV1);
      if (updateGoldens) {
        setFile(archive, 'out/fmt.cue', got);
        writeTxtar(file, archive);
        return;
      }
      expect(got).toBe(getFile(archive, 'out/fmt.cue'));
      expect(format('out.cue', got, formatV1), 'formatting is idempotent').toBe(got);
    });
  }
});
