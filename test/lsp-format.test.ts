import { describe, expect, it } from 'vitest';
import { formatEdits, lineEdits } from '../src/lsp/format.js';
import { lineHunks } from '../src/lsp/line-diff.js';
import { applyEdits as apply } from './helpers/text-edits.js';

const messy = 'package app\n\nq: {\n  a: 1\n      bb: 2\n}\n\nr: {\n x: 1\n}\n';
const tidy = 'package app\n\nq: {\n\ta:  1\n\tbb: 2\n}\n\nr: {\n\tx: 1\n}\n';

describe('lsp formatting edits', () => {
  it('whole document: the edits give the formatter output', () => {
    const edits = formatEdits('c.cue', messy);
    expect(edits.length).toBeGreaterThan(1);
    expect(apply(messy, edits)).toBe(tidy);
  });

  it('a range formats only its own lines', () => {
    // Line 8 is ` x: 1` in r; q's lines stay as written.
    const edits = formatEdits('c.cue', messy, { start: { line: 8, character: 0 }, end: { line: 8, character: 3 } });
    expect(edits.map((e) => e.range.start.line)).toEqual([8]);
    expect(apply(messy, edits)).toBe('package app\n\nq: {\n  a: 1\n      bb: 2\n}\n\nr: {\n\tx: 1\n}\n');
    // A selection of whole lines 3-4 (ending at column 0 of line 5) takes both of q's lines.
    const q = formatEdits('c.cue', messy, { start: { line: 3, character: 0 }, end: { line: 5, character: 0 } });
    expect(apply(messy, q)).toBe('package app\n\nq: {\n\ta:  1\n\tbb: 2\n}\n\nr: {\n x: 1\n}\n');
    // Lines already formatted: no edit.
    expect(formatEdits('c.cue', messy, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } })).toEqual([]);
  });

  it('lines removed or added by the formatter, and a last line without a line break', () => {
    const text = 'a: 1\n\n\n\nb: 2';
    const edits = formatEdits('d.cue', text);
    expect(apply(text, edits)).toBe('a: 1\n\nb: 2\n');
  });

  it('a document with syntax errors gets no edits', () => {
    expect(formatEdits('e.cue', 'a: {\n')).toEqual([]);
  });

  it('the line diff is minimal around unchanged lines', () => {
    expect(lineHunks(['a', 'x', 'b', 'y', 'c'], ['a', 'b', 'z', 'c'])).toEqual([
      { aStart: 1, aEnd: 2, bStart: 1, bEnd: 1 },
      { aStart: 3, aEnd: 4, bStart: 2, bEnd: 3 },
    ]);
    expect(lineHunks(['a'], ['a'])).toEqual([]);
  });
});

describe('lsp line edits (property)', () => {
  it('applying every edit turns any text into any other', async () => {
    const fc = (await import('fast-check')).default;
    const line = fc.constantFrom('', 'a', 'b', '\tc: 1', 'd');
    const text = fc.array(line, { maxLength: 12 }).map((ls) => ls.join('\n'));
    fc.assert(
      fc.property(text, text, (x, y) => {
        expect(apply(x, lineEdits(x, y))).toBe(y);
      }),
      { numRuns: 500 },
    );
  });
});
