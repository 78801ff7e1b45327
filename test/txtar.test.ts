import { describe, expect, it } from 'vitest';
import { formatTxtar, parseTxtar, setFile } from './helpers/txtar.js';

describe('txtar', () => {
  it('round-trips comment and sections', () => {
    const text = '# a case\n-- in.cue --\na: 1\n-- out/export.json --\n{\n    "a": 1\n}\n';
    const a = parseTxtar(text);
    expect(a.comment).toBe('# a case\n');
    expect(a.files.map((f) => f.name)).toEqual(['in.cue', 'out/export.json']);
    expect(a.files[0]!.data).toBe('a: 1\n');
    expect(formatTxtar(a)).toBe(text);
  });
  it('adds and removes sections', () => {
    const a = parseTxtar('-- in.cue --\nx\n');
    setFile(a, 'out/errors', 'e\n');
    setFile(a, 'in.cue', undefined);
    expect(formatTxtar(a)).toBe('-- out/errors --\ne\n');
  });
});
