import { describe, expect, it } from 'vitest';
import { Context, CueErrorList } from '../src/index.js';

const template = `
parameter: {
	image:    string
	replicas: *1 | int & >=1
	port?:    int
}
context: name: string
output: {
	kind: "Deployment"
	metadata: name: context.name
	spec: replicas: parameter.replicas
	spec: containers: [{name: context.name, image: parameter.image}]
}
`;

describe('library API', () => {
  const ctx = new Context();
  const tmpl = ctx.compile(template, { filename: 'tmpl.cue' });

  it('fills parameters and context, and references see them', () => {
    const v = tmpl.fillPath('parameter', { image: 'nginx' }).fillPath('context.name', 'web');
    expect(v.lookupPath('output').toJS()).toEqual({
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 1, containers: [{ name: 'web', image: 'nginx' }] },
    });
  });

  it('leaves the original value unchanged (values are immutable)', () => {
    tmpl.fillPath('parameter.image', 'a');
    expect(tmpl.lookupPath('parameter.image').isConcrete()).toBe(false);
    expect(tmpl.fillPath('parameter.image', 'b').lookupPath('parameter.image').toJS()).toBe('b');
  });

  it('reports incomplete values only when concreteness is asked for', () => {
    expect(tmpl.validate()).toEqual([]);
    const errs = tmpl.validate({ concrete: true });
    expect(errs.map((e) => `${e.pathString}: ${e.message}`)).toContain('parameter.image: incomplete value string');
    // At the value (`string`), as cue reports an incomplete value; errors in path order.
    const image = errs.find((e) => e.pathString === 'parameter.image')!;
    expect(image.locations[0]).toMatchObject({ file: 'tmpl.cue', line: 3, column: 12 });
    expect(errs.map((e) => e.pathString)).toEqual([...errs.map((e) => e.pathString)].sort());
  });

  it('turns a parameter that breaks a constraint into errors as data', () => {
    const errs = tmpl.fillPath('parameter.replicas', 0).validate();
    expect(errs.map((e) => e.format()).join('')).toContain('parameter.replicas: invalid value 0 (out of bound >=1)');
  });

  it('throws only CueErrorList from toJS', () => {
    expect(() => tmpl.toJS()).toThrow(CueErrorList);
    const bad = ctx.compile('a: ');
    expect(bad.validate()[0]!.code).toBe('syntax');
    expect(() => bad.toJS()).toThrow(CueErrorList);
  });

  it('looks up paths in CUE selector syntax and as arrays', () => {
    const v = ctx.compile('a: {"x-y": [1, {b: 2}], #D: {c: 3}}');
    expect(v.lookupPath('a."x-y"[1].b').toJS()).toBe(2);
    expect(v.lookupPath(['a', 'x-y', 0]).toJS()).toBe(1);
    expect(v.lookupPath('a.#D.c').toJS()).toBe(3);
    expect(v.lookupPath('a.missing').exists()).toBe(false);
  });

  it('looks up a field of a value whose disjuncts all failed: what it has beside them (cue/testdata/disjunctions/errors issue570)', () => {
    const v = ctx.compile('r: #O & {result?: [...string], ...}, r: result: "hello", #O: {result: _} | {error: string}');
    expect(v.lookupPath('r').ownError()?.message).toBe('2 errors in empty disjunction');
    const f = v.lookupPath('r.result');
    expect(f.exists()).toBe(true);
    expect(f.ownError()?.message).toContain('conflicting values "hello" and [...string]');
    // A selector in CUE still meets the error itself.
    expect(ctx.compile('r: #O & {result?: [...string], ...}, r: result: "hello", #O: {result: _} | {error: string}, s: r.result').lookupPath('s').ownError()?.message).toBe('2 errors in empty disjunction');
  });

  it('gives kinds, defaults and fields', () => {
    const v = ctx.compile('a: *"x" | string, b: int, c: {p: 1, q?: 2, _h: 3}');
    expect(v.lookupPath('a').kind()).toBe('string');
    expect(v.lookupPath('a').isConcrete()).toBe(false);
    expect(v.lookupPath('a').default().toJS()).toBe('x');
    expect(v.lookupPath('b').kind()).toBe('int');
    expect(v.lookupPath('c').fields().map((f) => f.label)).toEqual(['p']);
    expect(v.lookupPath('c').fields({ optional: true, hidden: true }).map((f) => f.label)).toEqual(['p', 'q', '_h']);
  });

  it("gives a struct's lets with their values and where each is declared", () => {
    const v = ctx.compile('let top = 1\ns: {\n\tlet a = top + 1\n\tlet b = {x: a}\n\tv: b.x\n}\nt: [for i in [1] {let c = i, w: c}]');
    expect(v.lets().map((l) => [l.name, l.value.toJS()])).toEqual([['top', 1]]);
    const lets = v.lookupPath('s').lets();
    expect(lets.map((l) => [l.name, l.value.toJS()])).toEqual([['a', 2], ['b', { x: 2 }]]);
    expect(lets.map((l) => l.declared?.start)).toEqual([18, 35]); // the `let` keywords
    expect(v.lookupPath('s').fields().map((f) => f.label)).toEqual(['v']);
    expect(v.lookupPath('t').lets()).toEqual([]);
  });

  it('gives the elements of a list declared beside lets and definitions', () => {
    const v = ctx.compile('l: {let x = {a: 1}, [x, 2], #d: 3}');
    expect(v.lookupPath('l').elements().map((e) => e.toJS())).toEqual([{ a: 1 }, 2]);
  });

  it('unifies values and reports conflicts with both positions', () => {
    const a = ctx.compile('x: 1', { filename: 'a.cue' });
    const b = ctx.compile('x: 2', { filename: 'b.cue' });
    const errs = a.unify(b).validate();
    expect(errs.map((e) => e.format()).join('')).toBe('x: conflicting values 2 and 1:\n    ./a.cue:1:4\n    ./b.cue:1:4\n');
  });

  it('exports JSON, YAML and CUE text', () => {
    const v = ctx.compile('a: 1, b: [true, "yes"], c: 2.50');
    expect(v.exportJSON()).toBe('{\n    "a": 1,\n    "b": [\n        true,\n        "yes"\n    ],\n    "c": 2.50\n}\n');
    expect(v.exportYAML()).toContain('- "yes"');
    expect(ctx.compile('a: int, b: *1 | 2').exportCUE()).toBe('a: int\nb: *1 | 2\n');
    // Every term marked keeps its marks (CUE's fulleval/013_normalization); taking the default drops them.
    expect(ctx.compile('b: *1 | *int').exportCUE()).toBe('b: *1 | *int\n');
    expect(ctx.compile('b: *1 | *int').exportCUE({ final: true })).toBe('b: 1 | int\n');
    // Patterns beside a value that is not a struct (yet) stay visible (CUE's eval/bulk, dual).
    expect(ctx.compile('x: {_, [string]: int}').exportCUE()).toBe('x: {\n\t_\n\t[string]: int\n}\n');
  });

  it('keeps keys such as __proto__ as ordinary labels', () => {
    const v = ctx.encode(JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 2}'));
    const js = v.toJS() as Record<string, unknown>;
    expect(Object.keys(js)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(js)).toBe(Object.prototype);
  });
});

describe('library API: closedness and patterns', () => {
  const ctx = new Context();
  it('keeps a definition closed when unified through the API', () => {
    const s = ctx.compile('#S: {a: int, sub: {x: int}}');
    expect(s.lookupPath('#S').unify(ctx.encode({ a: 1, b: 2 })).validate().map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual(['b: field not allowed']);
    expect(s.lookupPath('#S.sub').unify(ctx.encode({ x: 1, y: 2 })).validate().map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual(['y: field not allowed']);
    expect(s.lookupPath('#S').unify(ctx.encode({ a: 1, sub: { x: 2 } })).toJS()).toEqual({ a: 1, sub: { x: 2 } });
  });
  it('keeps disjuncts that differ only in their pattern constraints (cue/testdata/fulleval/053_issue312)', () => {
    expect(ctx.compile('x: *close({}) | {[_]: null}').exportCUE()).toBe('x: *{} | {[_]: null}\n');
    expect(ctx.compile('x: *{[string]: int} | {[string]: int} | {[string]: int, [string]: int}').exportCUE()).toBe('x: [string]: int\n');
    expect(ctx.compile('x: *{} | {}').exportCUE()).toBe('x: {}\n');
  });
  it('prints pattern constraints in CUE output', () => {
    expect(ctx.compile('l: [string]: int').exportCUE()).toBe('l: [string]: int\n');
  });
  it('prints a recursive pattern, or a validator holding itself, as written the second time instead of expanding it without end', () => {
    const e = ctx.compile('#E: {\n\tf1: [string]: [...#E]\n}\n').lookupPath('#E').exportCUE();
    expect(e).toBe('{\n\tf1: [string]: [...{f1: [string]: [...#E]}]\n}\n');
    const m = ctx.compile('_s\n_s: {\n\t#x: matchN(1, [_s, [..._s]])\n}\n').exportCUE();
    expect(m).toContain('#x: matchN(1, [_s, [..._s]])');
  });
  it('prints a schema reached again through another of its own constraints as written, not expanded once per branch', () => {
    // Five recursive constraints: expanding the schema again under each one printed 5^depth
    // copies (2.4 MB for the pinned CUE's benchmarks/issue3334).
    const src = 'S: {\n\ta?: [...S]\n\tb?: [...S]\n\tc?: [...S]\n\tp?: [string]: S\n\tq?: [string]: S\n\tn?: int\n}\nx: S & {n: 1}\n';
    const x = ctx.compile(src).lookupPath('x').exportCUE({ optional: true });
    expect(x).toContain('a?: [...{\n');
    expect(x).toContain('b?: [...S]');
    expect(x.length).toBeLessThan(2000);
  });
  it('lets a file of hidden fields sit beside a top-level scalar', () => {
    const v = ctx.compile([
      { name: 'a.cue', text: '"hello"' },
      { name: 'b.cue', text: '_x: 1' },
    ]);
    expect(v.toJS()).toBe('hello');
  });
});

describe('ownError, isClosed, allows', () => {
  const v = new Context().compile(`
#A: {a: int, [=~"^x"]: string}
#O: {a: int, ...}
closedA: #A
closedO: #O
closedC: close({a: 1})
open: {a: 1}
conflict: 1 & 2
parent: {x: 1 & 2}
incomplete: n + 1
n: int
#x: y: z?: name: string
selected: (#x & {y: z: _}).y.z & {name: "blah", age: 5}
#info: X: "foo"
fromDef: #info.X
plain: {X: "foo"}.X
`);
  const at = (p: string) => v.lookupPath(p);

  it('ownError is the value itself being an error, with its code; errors below do not count', () => {
    expect(at('conflict').ownError()?.code).toBe('eval');
    expect(at('conflict').ownError()?.message).toBe('conflicting values 2 and 1');
    expect(at('parent').ownError()).toBeUndefined();
    expect(at('parent').validate()).toHaveLength(1);
    expect(at('incomplete').ownError()?.code).toBe('incomplete');
    expect(at('open').ownError()).toBeUndefined();
  });

  it('isClosed: definitions and close() close a struct, a plain literal does not', () => {
    expect(at('closedA').isClosed()).toBe(true);
    expect(at('closedO').isClosed()).toBe(true);
    expect(at('closedC').isClosed()).toBe(true);
    expect(at('#A').isClosed()).toBe(true);
    expect(at('open').isClosed()).toBe(false);
  });

  it('isClosed: a struct selected from an inline value stays closed though it checks no fields (OpenInline)', () => {
    expect(at('selected').validate()).toHaveLength(0);
    expect(at('selected').isClosed()).toBe(true);
  });

  it('isClosed: a value reached by a reference that names a definition is closed, even a scalar (ClosedRecursive)', () => {
    expect(at('fromDef').isClosed()).toBe(true);
    expect(at('plain').isClosed()).toBe(false);
  });

  it('allows: declared fields, patterns and ... let a field in; any string only when open', () => {
    expect(at('closedA').allows('a')).toBe(true);
    expect(at('closedA').allows('xy')).toBe(true);
    expect(at('closedA').allows('b')).toBe(false);
    expect(at('closedA').allows({ anyString: true })).toBe(false);
    expect(at('closedO').allows('b')).toBe(true);
    expect(at('closedO').allows({ anyString: true })).toBe(true);
    expect(at('closedC').allows('b')).toBe(false);
    expect(at('open').allows('b')).toBe(true);
    expect(at('open').allows({ anyString: true })).toBe(true);
    expect(at('#A').allows('b')).toBe(false);
    expect(at('closedA').allows('#Def')).toBe(true);
    // `...` in the literal that embeds a definition opens it, for any label as for one (CUE's definitions/typocheck issue3839).
    const e = new Context().compile('#B: {}\nA: {#B, ...}');
    expect(e.lookupPath('A').allows('y')).toBe(true);
    expect(e.lookupPath('A').allows({ anyString: true })).toBe(true);
    expect(e.lookupPath('#B').allows({ anyString: true })).toBe(false);
  });

  it('allows answers for the value as a whole, as CUE\'s Value.Allows: a ... or a pattern of any conjunct counts', () => {
    const e = new Context().compile(`
#P: {[=~"^[a-s]*$"]: int}
#Q: {[=~"^[m-z]*$"]: int}
pq: #P & #Q
otcp: {x: int, ...} & close({x: int})
cp: close({x: int}) & {x: int}
`);
    expect(e.lookupPath('pq').allows('zz')).toBe(true);
    expect(e.lookupPath('pq').allows('ZZ')).toBe(false);
    expect(e.lookupPath('otcp').allows({ anyString: true })).toBe(true);
    expect(e.lookupPath('cp').allows({ anyString: true })).toBe(false);
    expect(e.lookupPath('cp').allows('x')).toBe(true);
  });
});

describe('validate({all})', () => {
  it('adds the evaluation errors to the compile errors, each once', () => {
    const ctx = new Context();
    const v = ctx.compile('a: nope\nb: int & "x"\n');
    const first = v.validate().map((e) => `${e.path.join('.')}: ${e.message}`);
    expect(first).toEqual(['a: reference "nope" not found']);
    const all = v.validate({ all: true }).map((e) => `${e.path.join('.')}: ${e.message}`);
    expect(all).toEqual(['a: reference "nope" not found', 'b: conflicting values int and "x" (mismatched types int and string)']);
    // A value with no compile error: the same errors either way.
    const ok = ctx.compile('b: int & "x"\n');
    expect(ok.validate({ all: true })).toEqual(ok.validate());
  });
});
