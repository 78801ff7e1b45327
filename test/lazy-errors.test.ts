/**
 * Work the render path leaves undone until it is needed, checked to give what doing it at once
 * gave: an error copied to a path keeps its message unformatted (failed disjuncts are thrown
 * away unread), the path of a host value that cannot be encoded is built only for the error,
 * and the stack of disjunction candidates answers as the Map it replaced.
 */
import { describe, expect, it } from 'vitest';
import { type BottomInfo, bottomInfo, copyAt } from '../src/core/bottom.js';
import { ErrorCode } from '../src/errors/index.js';
import { StandIns } from '../src/core/stand-ins.js';
import { Vertex } from '../src/core/vertex.js';
import { Context } from '../src/index.js';

describe('copyAt', () => {
  it('copies an error to a path without formatting its message or hint', () => {
    let formatted = 0;
    let hinted = 0;
    const info = bottomInfo(
      ErrorCode.eval,
      () => {
        formatted++;
        return 'conflicting values 1 and 2';
      },
      [],
      () => {
        hinted++;
        return 'did you mean b?';
      },
    );
    const copy = copyAt(info, ['a', 'b']);
    expect([formatted, hinted]).toEqual([0, 0]);
    expect(copy.path).toEqual(['a', 'b']);
    expect(copy.message).toBe('conflicting values 1 and 2');
    expect(copy.hint).toBe('did you mean b?');
    // The original's cache is shared: formatted once, whichever is read.
    expect(info.message).toBe('conflicting values 1 and 2');
    expect([formatted, hinted]).toEqual([1, 1]);
  });

  it('has the fields a spread with the path gives', () => {
    const detail = bottomInfo(ErrorCode.eval, 'x');
    const more = bottomInfo(ErrorCode.cycle, 'cycle with field: y');
    const cases: BottomInfo[] = [
      bottomInfo(ErrorCode.incomplete, 'incomplete value int'),
      { ...bottomInfo(ErrorCode.eval, '2 errors in empty disjunction'), details: [detail] },
      { ...bottomInfo(ErrorCode.cycle, 'cycle with field: x'), more: [more], settled: true },
      { ...bottomInfo(ErrorCode.eval, 'field not allowed'), hint: undefined },
      { ...bottomInfo(ErrorCode.eval, 'kept path'), path: ['kept'] },
    ];
    for (const info of cases) {
      const at = info.path ?? ['p'];
      const copy = copyAt(info, at);
      const spread = { ...info, path: at };
      expect(Object.keys(copy).sort()).toEqual(Object.keys(spread).sort());
      expect({ ...copy }).toEqual(spread);
      expect(copy.details).toBe(spread.details);
      expect(copy.more).toBe(spread.more);
    }
  });
});

describe('host values that cannot be encoded', () => {
  it('report the path of the value, in arrays, objects and Maps', () => {
    const ctx = new Context();
    const errs = ctx.encode({ a: [1, { b: NaN }] }).validate();
    expect(errs.map((e) => [e.code, e.message, e.pathString])).toEqual([['usage', 'cannot encode NaN as a CUE number', 'a.1.b']]);
    const inMap = ctx.encode({ m: new Map([['k', [undefined, () => 1]]]) }).validate();
    expect(inMap.map((e) => [e.message, e.pathString])).toEqual([['cannot encode a function as a CUE value', 'm.k.1']]);
  });
});

describe('StandIns', () => {
  it('answers as a Map set before and restored after each nested evaluation', () => {
    const s = new StandIns();
    const [f, g, c1, c2, c3] = Array.from({ length: 5 }, () => new Vertex(null, null));
    expect([s.size, s.get(f!)]).toEqual([0, undefined]);
    s.enter(f!, c1!);
    s.enter(g!, c2!);
    s.enter(f!, c3!); // a candidate of f's evaluated inside another candidate of f
    expect([s.get(f!), s.get(g!)]).toEqual([c3, c2]);
    s.leave();
    expect([s.get(f!), s.get(g!)]).toEqual([c1, c2]);
    s.leave();
    s.leave();
    expect([s.size, s.get(f!), s.get(g!)]).toEqual([0, undefined, undefined]);
  });
});
