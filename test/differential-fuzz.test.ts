// The differential fuzzer's own logic (scripts/fuzz/), without the native reference binary:
// the generator is deterministic and usually produces programs cue-lite parses, the reducer
// shrinks a program while a predicate holds, and disagreements get the classes they should.
import { describe, expect, it } from 'vitest';
import { generateProgram, generateSource } from '../scripts/fuzz/generate.mjs';
import { printProgram } from '../scripts/fuzz/program.mjs';
import { reduce } from '../scripts/fuzz/reduce.mjs';
import { agree, errorHeads, outcome } from '../scripts/fuzz/compare.mjs';
import { classify, onlyRoundingDiffers } from '../scripts/fuzz/classify.mjs';
import { Source } from '../src/source/index.js';
import { parseFile } from '../src/syntax/index.js';

describe('differential fuzzer: generator', () => {
  it('gives the same programs for the same seed and index, different ones otherwise', () => {
    for (const seed of [1, 7]) {
      const a = Array.from({ length: 20 }, (_, i) => generateSource(seed, i));
      const b = Array.from({ length: 20 }, (_, i) => generateSource(seed, i));
      expect(b).toEqual(a);
      expect(new Set(a).size).toBeGreaterThan(15);
    }
    expect(generateSource(1, 3)).not.toBe(generateSource(2, 3));
  });

  it('writes programs that parse', () => {
    for (let i = 0; i < 200; i++) {
      const text = generateSource(3, i);
      expect(parseFile(new Source(`p${i}.cue`, text)).errors.map((e) => e.message), text).toEqual([]);
    }
  });
});

describe('differential fuzzer: reducer', () => {
  it('keeps only what the predicate needs', async () => {
    // Synthetic predicate: the program still declares a field `x…` whose value mentions `len(`.
    let found = 0;
    for (let i = 0; found < 3 && i < 300; i++) {
      const tree = generateProgram(5, i);
      const text = printProgram(tree);
      if (!/len\(/.test(text)) continue;
      found++;
      const keep = async (t: string) => /len\(/.test(t);
      const r = await reduce(tree, keep, { maxTests: 500 });
      expect(r.text.length).toBeLessThan(text.length);
      expect(r.text).toMatch(/len\(/);
      // One declaration is left, and no edit of it keeps `len(`: the reduction is minimal.
      expect(r.text.trim().split('\n').filter((l) => l && !l.startsWith('import'))).toHaveLength(1);
    }
    expect(found).toBe(3);
  });

  it('stops after maxTests predicate calls', async () => {
    let calls = 0;
    const r = await reduce(generateProgram(5, 1), async () => (calls++, false), { maxTests: 7 });
    expect(calls).toBe(7);
    expect(r.tests).toBe(7);
  });
});

describe('differential fuzzer: comparison and classes', () => {
  const run = (code: number, stdout: string, stderr = '') => outcome({ code, stdout, stderr, timedOut: false });

  it('compares JSON ignoring field order, and v0.4 wording of closedness errors', () => {
    expect(agree(run(0, '{"a": 1, "b": 2}'), run(0, '{"b": 2, "a": 1}'))).toBe(true);
    expect(agree(run(0, '{"a": 1.0}'), run(0, '{"a": 1}'))).toBe(false);
    expect(errorHeads('x: field not allowed: c:\n    -:1:2\n')).toEqual(['x.c: field not allowed']);
    expect(errorHeads('x: field c not allowed:\n')).toEqual(['x.c: field not allowed']);
  });

  it('classifies by shape', () => {
    const text = 'x: 1';
    const cls = (ref: ReturnType<typeof run>, lite: ReturnType<typeof run>) => classify({ text, ref, lite }).id;
    expect(cls(run(1, '', 'x.c: field not allowed: a\n'), run(0, '{}'))).toBe('lite-accepts/closedness-escape');
    expect(cls(run(0, '{}'), run(1, '', 'x: incomplete value 1 | 2\n'))).toBe('lite-rejects/incomplete');
    expect(cls(run(1, '', 'x: conflicting values 1 and 2\n'), run(1, '', 'x: incomplete value int\n'))).toBe('lite-accepts/conflict');
    expect(cls(run(0, '{"a": 1}'), run(0, '{"a": 2}'))).toBe('value-differs');
    expect(cls(run(0, '{"a": -0, "b": -0.0, "c": -0.5}'), run(0, '{"a": 0, "b": 0.0, "c": -0.5}'))).toBe('value-differs/negative-zero');
    expect(cls(run(0, '{"c": -0.5}'), run(0, '{"c": 0.5}'))).toBe('value-differs');
    // v0.4.3's other wordings of an incomplete value are not real errors.
    expect(cls(run(1, '', 'x: incomplete number in argument to div builtin: _\n'), run(1, '', 'y: incomplete value int\n'))).toBe('incomplete-paths-differ');
    expect(cls(run(0, '{}'), run(1, '', 'cue-lite: internal error: boom\n'))).toBe('lite-crash/exception');
    // Both fail at the same path: they agree, whatever the wording.
    expect(agree(run(1, '', 'x: conflicting values "b" and 1\n'), run(1, '', 'x: conflicting values "b" and {}\n'))).toBe(true);
  });

  it('knows where v0.4.3 predates the pinned CUE', () => {
    const d = (text: string, ref: ReturnType<typeof run>, lite: ReturnType<typeof run>) => classify({ text, ref, lite });
    const required = d('#D: {a!: int}\n', run(1, '', "expected label or ':', found '!':\n    -:1:7\n"), run(0, '{}'));
    expect(required.id).toBe('v0.4.3/required-fields');
    expect(required.defect).toBe(false);
    expect(d('x: 1 == "a"\n', run(1, '', `x: invalid operands 1 and "a" to '==' (type int and string):\n`), run(0, '{"x": false}')).id).toBe('v0.4.3/structcmp');
    expect(d('x: 10 / 3\n', run(0, '{"x": 3.33333333333333333333333}'), run(0, '{"x": 3.333333333333333333333333333333333}')).id).toBe('v0.4.3/decimal-precision');
    expect(d('x: 6 / 2\n', run(0, '{"x": 3}'), run(0, '{"x": 3.0}')).id).toBe('v0.4.3/quotient-trailing-zero');
    // Without a division, or with another value, a trailing zero is no excuse.
    expect(d('x: 3.0\n', run(0, '{"x": 3}'), run(0, '{"x": 3.0}')).defect).toBe(true);
    expect(d('x: 6 / 2\n', run(0, '{"x": 3}'), run(0, '{"x": 30}')).defect).toBe(true);
    // A different value is not a rounding.
    expect(onlyRoundingDiffers('{"x":3.33333333333333333333333}', '{"x":3.33333333333333333333339333}')).toBe(false);
    expect(onlyRoundingDiffers('{"x":3.33333333333333333333333,"y":1}', '{"x":3.333333333333333333333333333333333,"y":2}')).toBe(false);
  });
});
