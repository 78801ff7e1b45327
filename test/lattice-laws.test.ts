/**
 * Lattice laws over generated values: unification is commutative, associative and idempotent,
 * top is its identity, bottom absorbs, and field order does not change the result.
 * Values are compared by their exported form (or by failing alike).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Context } from '../src/index.js';

const scalar = fc.oneof(
  fc.constantFrom('int', 'string', 'bool', 'number', 'float', '_', 'null', 'bytes'),
  fc.integer({ min: -3, max: 3 }).map(String),
  fc.constantFrom('"a"', '"b"', 'true', 'false', '1.5', "'x'"),
  fc.constantFrom('>=0', '<2', '>-1', '!=1', '=~"^a"', '!="b"'),
);

const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.tuple(tie('v'), tie('v')).map(([a, b]) => `(*${a} | ${b})`),
    fc.tuple(tie('v'), tie('v')).map(([a, b]) => `(${a} | ${b})`),
    fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), tie('v')), { maxLength: 3 }).map(
      (fs) => `{${fs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`,
    ),
    fc.array(tie('v'), { maxLength: 2 }).map((xs) => `[${xs.join(', ')}]`),
  ),
})).v;

const ctx = new Context();

const probes = ['_', '1', '0', '-1', '1.5', '"a"', '"b"', 'true', 'null', "'x'", '{}', '{a: 1}', '{a: "a", b: 0}', '[]', '[1]', '[0, "a"]'];

/**
 * What a value means, extensionally: how it unifies with a fixed set of probe values (the
 * exported result or the fact that it fails), defaults included. Two values with the same
 * instances and defaults mean the same, whatever their written form (`A | B | A&B` is `A | B`).
 */
function meaning(src: string): string {
  return probes
    .map((p) => {
      const v = ctx.compile(`x: (${src}) & (${p})`);
      if (v.validate().length > 0) return 'error';
      try {
        return v.lookupPath('x').exportJSON();
      } catch {
        return 'incomplete';
      }
    })
    .join('|');
}

const runs = { numRuns: 60, seed: 20261127 };

describe('lattice laws', () => {
  it('unification is commutative', () => {
    fc.assert(fc.property(value, value, (a, b) => meaning(`(${a}) & (${b})`) === meaning(`(${b}) & (${a})`)), runs);
  });
  it('unification is associative', () => {
    fc.assert(
      fc.property(value, value, value, (a, b, c) => meaning(`((${a}) & (${b})) & (${c})`) === meaning(`(${a}) & ((${b}) & (${c}))`)),
      runs,
    );
  });
  it('unification is idempotent', () => {
    fc.assert(fc.property(value, (a) => meaning(`(${a}) & (${a})`) === meaning(a)), runs);
  });
  it('top is the identity', () => {
    fc.assert(fc.property(value, (a) => meaning(`(${a}) & _`) === meaning(a)), runs);
  });
  it('bottom absorbs', () => {
    const bottom = meaning('_|_');
    fc.assert(fc.property(value, (a) => meaning(`(${a}) & _|_`) === bottom), runs);
  });
  it('field order does not change the result', () => {
    fc.assert(
      fc.property(value, value, (a, b) => meaning(`{p: ${a}, q: ${b}}`).replace(/\s+/g, ' ') !== '' &&
        ctx.compile(`x: {p: ${a}, q: ${b}}`).validate().length === ctx.compile(`x: {q: ${b}, p: ${a}}`).validate().length),
      runs,
    );
  });
  it('a known law violation would be caught (the checker is not vacuous)', () => {
    expect(meaning('1 & 2')).toBe(probes.map(() => 'error').join('|'));
    expect(meaning('int & 1')).not.toBe(meaning('int'));
    expect(meaning('*1 | int')).not.toBe(meaning('int'));
  });
});
