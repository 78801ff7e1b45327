import { describe, expect, it } from 'vitest';
import { checkPinned, formatTxtar, oracleSections, parseTxtar, sectionChanges, setFile } from './helpers/txtar.js';

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

describe('golden update mode', () => {
  it('summarises what a rewrite changes, section by section', () => {
    const before = parseTxtar('# c\n-- in.cue --\na: 1\n-- out/cue-lite-errors --\nx\ny\n-- out/old --\nz\n');
    const after = parseTxtar('# c\n-- in.cue --\na: 1\n-- out/cue-lite-errors --\nx\nw\nv\n-- out/new --\nq\n');
    expect(sectionChanges(before, after)).toEqual(['out/cue-lite-errors changed (+2 -1 lines)', 'out/old removed (1 lines)', 'out/new added (1 lines)']);
    expect(sectionChanges(before, before)).toEqual(['sections reordered']);
  });
  it('refuses to pin into an expectation section', () => {
    const a = parseTxtar('-- in.cue --\na: 1\n-- out/errors --\ne\n');
    for (const section of oracleSections) {
      expect(() => checkPinned('/nonexistent/case.txtar', a, section, 'got\n', 'e\n', () => {})).toThrow(/refusing to pin/);
    }
  });
});
