/** The one rule for a value of the wrong kind: permanent when it can never become a wanted kind. */
import { describe, expect, it } from 'vitest';
import { mismatchCode } from '../src/core/mismatch.js';
import { Kind, NumberKind } from '../src/core/kind.js';
import { BasicType, BoolLit, BoundValue, Disjunction, StringLit, TOP } from '../src/core/value.js';
import { makeInt } from '../src/core/numbers.js';
import { Context } from '../src/index.js';

describe('mismatchCode', () => {
  it('a concrete scalar of another kind is permanent', () => {
    expect(mismatchCode(makeInt(1n), Kind.bool)).toBe('eval');
    expect(mismatchCode(new StringLit('x'), Kind.list | Kind.struct)).toBe('eval');
  });
  it('a type that can never be a wanted kind is permanent, one that could is incomplete', () => {
    expect(mismatchCode(new BasicType(Kind.int), Kind.bool)).toBe('eval');
    expect(mismatchCode(new BasicType(NumberKind), Kind.int)).toBe('incomplete');
    expect(mismatchCode(TOP, Kind.bool)).toBe('incomplete');
    expect(mismatchCode(new BoundValue('>=', makeInt(0n)), Kind.int)).toBe('incomplete');
    expect(mismatchCode(new BoundValue('>=', makeInt(0n)), Kind.string)).toBe('eval');
  });
  it('a disjunction is incomplete while one of its terms fits', () => {
    expect(mismatchCode(new Disjunction([new BoolLit(true), new StringLit('x')], 0), Kind.string)).toBe('incomplete');
    expect(mismatchCode(new Disjunction([new BoolLit(true), makeInt(1n)], 0), Kind.string)).toBe('eval');
  });
  it('is what the evaluator reports', () => {
    const ctx = new Context();
    const codes = (src: string) => ctx.compile(src).validate().map((e) => e.code);
    expect(codes('x: int\ny: [for v in x {v}]')).toEqual(['eval']);
    expect(codes('x: _\ny: [for v in x {v}]')).toEqual([]);
    expect(codes('c: int\nz: {if c {a: 1}}')).toEqual(['eval']);
    expect(codes('c: bool\nz: {if c {a: 1}}')).toEqual([]);
  });
});
