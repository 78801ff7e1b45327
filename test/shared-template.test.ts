/**
 * A compiled template shared across renders (core/shared-base.ts): a filled template takes the
 * root fields no fill reaches from the template, evaluated once. On generated templates and
 * fills, every result must be the one a full evaluation gives: the errors (messages, paths,
 * positions), the exported JSON text (field order included) or its errors, the kinds of fields. The
 * template is rendered several times with different fills, so that a render that changed the
 * shared template would show in the next one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Context, type Value } from '../src/index.js';
import type { Vertex } from '../src/core/vertex.js';

// Root fields of the generated templates, their references, and what they may be.
const roots = ['a', 'b', 'c', '_h', '#D', 'out'] as const;
const refs = ['a', 'b.x', 'c', '_h', '_h.y', 'parameter.x', 'parameter.s', 'parameter.l', 'context.n', 'context.name', 'L', 'b'];

const scalar = fc.constantFrom('1', '2', '"s"', 'true', 'int', 'string', '>0', '*3 | int', '*"d" | string', 'null', '_', '1 & 2', '[1, 2]', '[...int]');
const ref = fc.constantFrom(...refs);

const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    ref,
    fc.tuple(ref, fc.constantFrom('+ 1', '* 2', '+ "x"', '& int', '& >0')).map(([r, op]) => `${r} ${op}`),
    ref.map((r) => `"v-\\(${r})"`),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => `*${x} | ${y}`),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => `${x} & ${y}`),
    fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z', 'w?'), tie('e')), { maxLength: 3 }).map((fs) => `{${fs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    fc.tuple(ref, tie('e')).map(([r, v]) => `{if ${r} != _|_ {x: ${v}}, z: 0}`),
    ref.map((r) => `[for k, v in ${r} {v}]`),
    ref.map((r) => `len(${r})`),
    tie('e').map((v) => `#D & {x: ${v}}`),
    fc.tuple(ref, tie('e')).map(([r, v]) => `{${r}, x: ${v}}`),
  ),
})).e;

const decl = fc.oneof(
  // No recursive definition: on some (`#D: *#D & {x: "s"} | [...]`) the evaluator does not
  // end, with or without sharing (left for the evaluator's owners).
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...roots), expr).filter(([l, e]) => l !== '#D' || !e.includes('#D')).map(([l, e]) => `${l}: ${e}`) },
  { weight: 1, arbitrary: fc.tuple(ref, fc.constantFrom(...roots), expr).map(([r, l, e]) => `if ${r} != _|_ {${l}: ${e}}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...roots), expr).filter(([l, e]) => l !== '#D' || !e.includes('#D')).map(([l, e]) => `${l}: {y: ${e}}`) },
);

// Every root a reference names is declared (a template with compile errors is not shared).
const template = fc
  .tuple(fc.array(decl, { minLength: 1, maxLength: 7 }), expr, fc.constantFrom('parameter: {x: *1 | int, s?: string, l: [...int]}', 'parameter: _', 'parameter: {x: int, ...}', ''))
  .map(([ds, l, p]) => [...ds, `let L = ${l}`, p, 'context: {name: string, n: *0 | int}', ...roots.map((r) => `${r}: _`)].filter((d) => d !== '').join('\n'));

const jsonData = fc.oneof(
  fc.constantFrom<unknown>(1, 2, 'a', true, null),
  fc.constant([1, 2, 3]),
  fc.constant({ y: 'q' }),
);
const parameter = fc.record({ x: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.constant('no')), s: fc.constantFrom('s', 'v'), l: fc.constant([4, 5]) }, { requiredKeys: [] });
const contextData = fc.record({ name: fc.constantFrom('app', 'svc'), n: fc.integer({ min: 0, max: 2 }) }, { requiredKeys: [] });

/** How the inputs go in: fillPath of host data, of a Value, or unify with a compiled file. */
type Fill = { kind: 'path'; path: string; data: unknown } | { kind: 'value'; path: string; data: unknown } | { kind: 'file'; text: string };
const fill: fc.Arbitrary<Fill> = fc.oneof(
  { weight: 4, arbitrary: parameter.map((data): Fill => ({ kind: 'path', path: 'parameter', data })) },
  { weight: 3, arbitrary: contextData.map((data): Fill => ({ kind: 'path', path: 'context', data })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'b', '_h', 'parameter.x', 'c.y'), jsonData).map(([path, data]): Fill => ({ kind: 'path', path, data })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('parameter', 'b'), jsonData).map(([path, data]): Fill => ({ kind: 'value', path, data })) },
  { weight: 1, arbitrary: fc.constantFrom('parameter: {x: 2}', 'parameter: s: "t"\nb: x: 1', 'context: n: 1', 'a: parameter.x').map((text): Fill => ({ kind: 'file', text })) },
);
const render = fc.array(fill, { minLength: 1, maxLength: 3 });

function apply(ctx: Context, tpl: Value, fills: readonly Fill[]): Value {
  let v = tpl;
  for (const f of fills) {
    if (f.kind === 'path') v = v.fillPath(f.path, f.data);
    else if (f.kind === 'value') v = v.fillPath(f.path, ctx.encode(f.data));
    else v = v.unify(ctx.compile(f.text, { filename: 'fill.cue' }));
  }
  return v;
}

const errorsText = (errs: readonly { format(): string; pathString: string }[]) => errs.map((e) => `${e.pathString}: ${e.format()}`).join('\n');

/** Everything a caller can see of a result. */
function observe(v: Value): string {
  const out: string[] = [errorsText(v.validate()), errorsText(v.validate({ concrete: true }))];
  try {
    out.push(v.exportJSON());
  } catch (e) {
    out.push(`export failed: ${(e as { format?: () => string }).format?.() ?? String(e)}`);
  }
  try {
    out.push(v.exportCUE());
  } catch (e) {
    out.push(`eval failed: ${(e as { format?: () => string }).format?.() ?? String(e)}`);
  }
  for (const p of ['a', 'b', '_h', 'out']) {
    const f = v.lookupPath(p);
    out.push(`${p}: ${f.exists() ? f.kind() : 'none'}`);
  }
  return out.join('\n---\n');
}

/** Whether a value took some of its template's fields by sharing. */
function shares(v: Value): boolean {
  const vx = (v as unknown as { vertex: Vertex | null }).vertex;
  return vx !== null && vx.sharedBase !== null && vx.sharedBase.independent.size > 0;
}

describe('a compiled template shared across renders', () => {
  it('gives what a full evaluation gives, render after render', () => {
    let shared = 0;
    fc.assert(
      fc.property(template, fc.array(render, { minLength: 1, maxLength: 3 }), (text, renders) => {
        const ctx = new Context();
        const tpl = ctx.compile(text, { filename: 'template.cue' });
        for (const fills of renders) {
          const full = new Context();
          (full.runtime.ev as { shareTemplates: boolean }).shareTemplates = false;
          const want = observe(apply(full, full.compile(text, { filename: 'template.cue' }), fills));
          const v = apply(ctx, tpl, fills);
          if (shares(v)) shared++;
          expect(observe(v)).toBe(want);
        }
      }),
      { numRuns: 300, seed: 20261207 },
    );
    // The property says something only if renders do share fields.
    expect(shared).toBeGreaterThan(100);
  });

  it('shares the fields no fill reaches, and only those', () => {
    const ctx = new Context();
    const tpl = ctx.compile('parameter: x: int\ncontext: _\ntable: {a: 1, b: [1, 2]}\nn: len(table)\nout: parameter.x + n\nrow: {if context.k != _|_ {k: 1}}\nlet T = out\nt: T');
    const v = tpl.fillPath('parameter', { x: 1 }).fillPath('context', { k: true });
    const base = (v as unknown as { vertex: Vertex }).vertex.sharedBase!;
    expect([...base.independent].sort()).toEqual(['n', 'table']);
    expect(v.exportJSON({ compact: true })).toBe('{"parameter":{"x":1},"context":{"k":true},"table":{"a":1,"b":[1,2]},"n":2,"out":3,"row":{"k":1},"t":3}\n');
  });

  it('keeps nothing of the renders in the shared template (memory stays flat)', () => {
    const ctx = new Context();
    const tpl = ctx.compile('parameter: x: int\ntable: {a: {b: 1, c: [1, 2]}, d: "x"}\nout: {y: table.a, z: table.d, w: parameter.x}');
    const render = (i: number) => expect(tpl.fillPath('parameter', { x: i }).exportJSON({ compact: true })).toBe(`{"parameter":{"x":${i}},"table":{"a":{"b":1,"c":[1,2]},"d":"x"},"out":{"y":{"b":1,"c":[1,2]},"z":"x","w":${i}}}\n`);
    render(0);
    const base = (tpl.fillPath('parameter', { x: 0 }) as unknown as { vertex: Vertex }).vertex.sharedBase!;
    expect([...base.independent]).toEqual(['table']);
    // Sharers made while the template itself was evaluated stay; renders add none.
    const sharers = (v: Vertex): number => v.arcs.reduce((n, a) => n + sharers(a), v.sharers?.length ?? 0);
    const before = sharers(base.root);
    for (let i = 1; i < 20; i++) render(i);
    expect(sharers(base.root)).toBe(before);
  });

  it('shares nothing of a template whose root embeds or has patterns', () => {
    const ctx = new Context();
    for (const text of ['parameter: _\n{a: 1}', 'parameter: _\n[string]: int\na: 1', 'parameter: _\n(parameter.k): 1\na: 1']) {
      const v = ctx.compile(text).fillPath('parameter', { k: 'z' });
      expect((v as unknown as { vertex: Vertex }).vertex.sharedBase).toBe(null);
    }
  });
});
