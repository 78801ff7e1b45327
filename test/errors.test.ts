import { describe, expect, it } from 'vitest';
import { Source } from '../src/source/index.js';
import { CueError, CueErrorList } from '../src/errors/index.js';
import { Context, RenderError, render } from '../src/index.js';
import { bottomInfo } from '../src/core/bottom.js';

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

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an exception');
}

describe('errors as data', () => {
  // One conflict in a 20 KB file.
  const filler = Array.from({ length: 1000 }, (_, i) => `f${i}: "${'v'.repeat(12)}"`).join('\n');
  const text = `${filler}\nx: 1\nx: 2\n`;

  it('serializes a CueErrorList as code, message, path and locations, without the source text', () => {
    expect(text.length).toBeGreaterThan(20_000);
    const e = thrown(() => new Context().compile(text, { filename: 'big.cue' }).toJS());
    expect(e).toBeInstanceOf(CueErrorList);
    const json = JSON.stringify(e);
    expect(json.length).toBeLessThan(1000);
    expect(JSON.parse(json)).toEqual({
      name: 'CueErrorList',
      message: (e as CueErrorList).message,
      errors: [
        {
          code: 'eval',
          message: 'conflicting values 2 and 1',
          path: ['x'],
          locations: [
            { file: 'big.cue', line: 1001, column: 4, offset: text.indexOf('x: 1') + 3 },
            { file: 'big.cue', line: 1002, column: 4, offset: text.indexOf('x: 2') + 3 },
          ],
        },
      ],
    });
  });

  it('keeps a "did you mean" hint apart from CUE\'s message, for the renderer to add', () => {
    const e = thrown(() => new Context().compile('#C: {image: string}\nc: #C & {imgae: "x"}\n', { filename: 'a.cue' }).toJS());
    expect(e).toBeInstanceOf(CueErrorList);
    const err = (e as CueErrorList).errors[0]!;
    expect(err.format()).toBe('c.imgae: field not allowed:\n    ./a.cue:2:10\n');
    expect(err.hint).toBe('did you mean image?');
    expect(err.toJSON().hint).toBe('did you mean image?');
    expect(err.withHint().message).toBe('field not allowed (did you mean image?)');
    expect(new CueError('eval', 'x').withHint().message).toBe('x');
  });

  it('keeps nested details only when there are some', () => {
    const inner = new CueError('eval', 'inner');
    expect(new CueError('eval', 'outer').toJSON()).not.toHaveProperty('details');
    expect(new CueError('eval', 'outer', [], [], [inner]).toJSON().details).toEqual([{ code: 'eval', message: 'inner', path: [], locations: [] }]);
  });

  it('throws render failures as a CueErrorList too, each error naming its group', () => {
    const app = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: shop
spec:
  components:
    - name: web
      type: webservice
      properties:
        image: nginx
        replicaz: 3
`;
    const e = thrown(() => render(app, { filename: 'app.yaml' }));
    expect(e).toBeInstanceOf(RenderError);
    expect(e).toBeInstanceOf(CueErrorList);
    const list = e as RenderError;
    expect(list.errors.length).toBeGreaterThan(0);
    expect(list.errors).toEqual(list.groups.flatMap((g) => g.errors));
    expect(list.message).toBe(list.format().replace(/\n$/, ''));
    const json = JSON.parse(JSON.stringify(list));
    expect(json.name).toBe('RenderError');
    expect(json.errors[0].group).toBe('component "web" (webservice): parameter errors');
    expect(json.errors[0].message).toContain('field not allowed');
    expect(json.errors[0].path).toEqual(['parameter', 'replicaz']);
  });
});

describe('lazy messages', () => {
  it('formats a message given as a function on first read, once', () => {
    let calls = 0;
    const info = bottomInfo('eval', () => `conflicting values ${++calls}`);
    expect(calls).toBe(0);
    expect(info.message).toBe('conflicting values 1');
    expect(info.message).toBe('conflicting values 1');
    expect({ ...info }.message).toBe('conflicting values 1');
    expect(calls).toBe(1);
  });
});
