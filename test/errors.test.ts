import { describe, expect, it } from 'vitest';
import { Source } from '../src/source/index.js';
import { CueError, CueErrorList } from '../src/errors/index.js';

describe('error printing', () => {
  it('prints path, message and positions as cue does', () => {
    const a = new Source('a.cue', 'x: 1\nx: 2\n');
    const e = new CueError('eval', 'conflicting values 2 and 1', ['x'], [
      { src: a, start: 8, end: 9 },
      { src: a, start: 3, end: 4 },
    ]);
    expect(e.format()).toBe('x: conflicting values 2 and 1:\n    ./a.cue:1:4\n    ./a.cue:2:4\n');
  });
  it('leaves out the path prefix and the colon when there is neither', () => {
    expect(new CueError('incomplete', 'incomplete value int').format()).toBe('incomplete value int\n');
  });
  it('sorts lists by position and removes duplicates', () => {
    const a = new Source('a.cue', 'a: 1\nb: 2\n');
    const e1 = new CueError('eval', 'm1', ['b'], [{ src: a, start: 5, end: 6 }]);
    const e2 = new CueError('eval', 'm2', ['a'], [{ src: a, start: 0, end: 1 }]);
    const list = new CueErrorList([e1, e2, e1]);
    expect(list.errors.map((e) => e.message)).toEqual(['m2', 'm1']);
  });
  it('counts columns in UTF-8 bytes', () => {
    const s = new Source('u.cue', 'ø: 1');
    expect(s.position(4)).toEqual({ line: 1, column: 6 });
  });
});
