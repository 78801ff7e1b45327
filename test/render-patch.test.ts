import { describe, expect, it } from 'vitest';
import { CueErrorList } from '../src/errors/index.js';
import { PlainStruct, type PlainValue } from '../src/plain/plain-value.js';
import { Decimal } from '../src/plain/decimal.js';
import { CueFloat } from '../src/plain/plain-value.js';
import { Source } from '../src/source/index.js';
import type { Comment, Expr, Field, ListElement, Declaration } from '../src/syntax/ast.js';
import { parseFile } from '../src/syntax/index.js';
import type { File, StructLit } from '../src/syntax/ast.js';
import {
  applyPatch,
  collectPatchTags,
  templateScope,
  jsonMergePatch,
  jsonPatch,
  parseTagComments,
  PatchTags,
  strategicMerge,
} from '../src/render/patch/index.js';

// ---------------------------------------------------------------------------
// Plain values from JSON-like test data (integers become bigints, objects PlainStructs).

type J = null | boolean | string | number | J[] | { [k: string]: J };

function v(x: J): PlainValue {
  if (x === null || typeof x === 'boolean' || typeof x === 'string') return x;
  if (typeof x === 'number') return Number.isInteger(x) ? BigInt(x) : new CueFloat(new Decimal(x), String(x));
  if (Array.isArray(x)) return x.map(v);
  return new PlainStruct(Object.entries(x).map(([k, y]) => [k, v(y)] as [string, PlainValue]));
}

function j(p: PlainValue): J {
  if (p === null || typeof p === 'boolean' || typeof p === 'string') return p;
  if (typeof p === 'bigint') return Number(p);
  if (p instanceof CueFloat) return Number(p.text);
  if (p instanceof Uint8Array) return [...p];
  if (Array.isArray(p)) return p.map(j);
  const o: { [k: string]: J } = {};
  for (const [k, y] of p.fields) o[k] = j(y);
  return o;
}

/** Field names in order, recursively: `toEqual` ignores key order, this does not. */
function order(p: PlainValue): unknown {
  if (Array.isArray(p)) return p.map(order);
  if (p instanceof PlainStruct) return [...p.fields].map(([k, y]) => (y instanceof PlainStruct || Array.isArray(y) ? { [k]: order(y) } : k));
  return null;
}

function errorsOf(f: () => unknown): { path: string; message: string; code: string }[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CueErrorList);
    return (e as CueErrorList).errors.map((x) => ({ path: x.pathString, message: x.message, code: x.code }));
  }
  throw new Error('expected the patch to fail');
}

// ---------------------------------------------------------------------------
// A small AST builder (the patch tags are read from the template's syntax tree).

const span = { src: new Source('patch.cue', ''), start: 0, end: 0 };
const comment = (text: string): Comment => ({ type: 'Comment', span, text });
const ident = (name: string) => ({ type: 'Ident' as const, span, name });
function field(label: string | Field['label'], value: Expr, ...docs: string[]): Field {
  return {
    type: 'Field',
    span,
    label: typeof label === 'string' ? ident(label) : label,
    constraint: 'regular',
    value,
    attrs: [],
    ...(docs.length > 0 ? { comments: { doc: docs.map(comment) } } : {}),
  };
}
const struct = (...decls: Declaration[]): Expr => ({ type: 'StructLit', span, decls });
/** `a: b: c: v` written without braces. */
function chain(labels: string[], value: Expr, ...docs: string[]): Field {
  let inner = field(labels[labels.length - 1]!, value);
  for (let i = labels.length - 2; i >= 0; i--) {
    const s: Expr = { type: 'StructLit', span, decls: [inner], shorthand: true };
    inner = field(labels[i]!, s);
  }
  return docs.length > 0 ? { ...inner, comments: { doc: docs.map(comment) } } : inner;
}
const list = (...elts: ListElement[]): Expr => ({ type: 'ListLit', span, elts });
const ellipsis: ListElement = { type: 'Ellipsis', span };
const lit = (s: string): Expr => ({ type: 'BasicLit', span, kind: 'string', raw: JSON.stringify(s), value: s });
const ref = (name: string): Expr => ident(name);

/** Tags written directly by path, for merge tests that are not about the AST. */
function tagsAt(entries: Record<string, Record<string, string> & { open?: string }>): PatchTags {
  const t = new PatchTags();
  for (const [p, kv] of Object.entries(entries)) {
    const all = new Map(Object.entries(kv).filter(([k]) => k !== 'open'));
    t.set(p === '' ? [] : p.split('/'), {
      all,
      ...(all.has('patchKey') ? { patchKey: all.get('patchKey')! } : {}),
      ...(all.has('patchStrategy') ? { patchStrategy: all.get('patchStrategy')! } : {}),
      ...(kv.open ? { openList: true } : {}),
    });
  }
  return t;
}

const deployment = (containers: J[], extra: Record<string, J> = {}): J => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  spec: { ...extra, template: { spec: { containers } } },
});
const CONTAINERS = 'spec/template/spec/containers';

// ---------------------------------------------------------------------------

describe('strategic merge: structs and scalars', () => {
  it('adds new fields after the existing ones and keeps the base order', () => {
    const out = strategicMerge(v({ metadata: { name: 'web' }, spec: { replicas: 1 } }), v({ metadata: { labels: { tier: 'front' } } }));
    expect(j(out)).toEqual({ metadata: { name: 'web', labels: { tier: 'front' } }, spec: { replicas: 1 } });
    expect(order(out)).toEqual([{ metadata: ['name', { labels: ['tier'] }] }, { spec: ['replicas'] }]);
  });

  it('accepts a patch that repeats a base value', () => {
    const out = strategicMerge(v({ spec: { replicas: 2 } }), v({ spec: { replicas: 2 } }));
    expect(j(out)).toEqual({ spec: { replicas: 2 } });
  });

  it('reports a scalar that differs as a conflict naming the path, patch value first', () => {
    const errs = errorsOf(() => strategicMerge(v({ spec: { replicas: 2 } }), v({ spec: { replicas: 3 } })));
    expect(errs).toEqual([{ path: 'spec.replicas', message: 'conflicting values 3 and 2', code: 'render' }]);
  });

  it('names mismatched kinds in CUE order (by kind)', () => {
    expect(errorsOf(() => strategicMerge(v({ a: 'x' }), v({ a: 1 })))[0]!.message).toBe(
      'conflicting values 1 and "x" (mismatched types int and string)',
    );
    expect(errorsOf(() => strategicMerge(v({ a: { b: 1 } }), v({ a: ['x'] })))[0]!.message).toBe(
      'conflicting values ["x"] and {b:1} (mismatched types list and struct)',
    );
    expect(errorsOf(() => strategicMerge(v({ n: 1 }), v({ n: 1.5 })))[0]!.message).toBe(
      'conflicting values 1 and 1.5 (mismatched types int and float)',
    );
  });

  it('reports every independent conflict, not just the first', () => {
    const errs = errorsOf(() => strategicMerge(v({ a: 1, b: { c: 'x' } }), v({ a: 2, b: { c: 'y' } })));
    expect(errs.map((e) => e.path)).toEqual(['a', 'b.c']);
  });

  it('does not modify its inputs', () => {
    const base = v(deployment([{ name: 'app' }]));
    const patch = v(deployment([{ name: 'app', image: 'x' }]));
    const before = JSON.stringify(j(base));
    strategicMerge(base, patch, tagsAt({ [CONTAINERS]: { patchKey: 'name' } }));
    expect(JSON.stringify(j(base))).toBe(before);
  });
});

describe('strategic merge: lists without a key', () => {
  it('unifies by position and lets a longer patch list extend the base', () => {
    const out = strategicMerge(v({ args: ['a', 'b'] }), v({ args: ['a', 'b', 'c'] }));
    expect(j(out)).toEqual({ args: ['a', 'b', 'c'] });
  });

  it('rejects a shorter closed patch list, as CUE rejects incompatible list lengths', () => {
    const errs = errorsOf(() => strategicMerge(v({ ports: [{ p: 80 }, { p: 443 }] }), v({ ports: [{ p: 80 }] })));
    expect(errs).toEqual([{ path: 'ports', message: 'incompatible list lengths (1 and 2)', code: 'render' }]);
  });

  it('accepts a shorter patch list that ends with `...`', () => {
    const out = strategicMerge(v({ ports: [{ p: 80 }, { p: 443 }] }), v({ ports: [{ p: 80, name: 'http' }] }), tagsAt({ ports: { open: 'y' } }));
    expect(j(out)).toEqual({ ports: [{ p: 80, name: 'http' }, { p: 443 }] });
  });

  it('reports conflicts inside elements with their index in the path', () => {
    const errs = errorsOf(() => strategicMerge(v({ c: [{ name: 'x1' }, { name: 'x2' }] }), v({ c: [{ name: 'x2' }, { name: 'x1' }] })));
    expect(errs.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'c.0.name: conflicting values "x2" and "x1"',
      'c.1.name: conflicting values "x1" and "x2"',
    ]);
  });

  it('adds a list the base does not have', () => {
    const out = strategicMerge(v({ spec: {} }), v({ spec: { tolerations: [{ key: 'k' }] } }));
    expect(j(out)).toEqual({ spec: { tolerations: [{ key: 'k' }] } });
  });
});

describe('strategic merge: patchKey', () => {
  it('merges elements with the same key and appends new keys in patch order', () => {
    const base = v(deployment([{ name: 'app', image: 'nginx' }, { name: 'log', image: 'fluentd' }]));
    const patch = v(deployment([{ name: 'sidecar-b', image: 'b' }, { name: 'log', args: ['-v'] }, { name: 'sidecar-a', image: 'a' }]));
    const out = strategicMerge(base, patch, tagsAt({ [CONTAINERS]: { patchKey: 'name' } }));
    expect(j(out)).toEqual(
      deployment([
        { name: 'app', image: 'nginx' },
        { name: 'log', image: 'fluentd', args: ['-v'] },
        { name: 'sidecar-b', image: 'b' },
        { name: 'sidecar-a', image: 'a' },
      ]),
    );
  });

  it('drops patch elements without the key when some element has it', () => {
    const out = strategicMerge(v({ vols: [{ name: 'a' }] }), v({ vols: [{ other: 'x' }, { name: 'b' }] }), tagsAt({ vols: { patchKey: 'name' } }));
    expect(j(out)).toEqual({ vols: [{ name: 'a' }, { name: 'b' }] });
  });

  it('falls back to positional unification when no patch element has the key', () => {
    const out = strategicMerge(v({ vols: [{ name: 'a' }, { name: 'b' }] }), v({ vols: [{ extra: 1 }, { extra: 2 }] }), tagsAt({ vols: { patchKey: 'name' } }));
    expect(j(out)).toEqual({ vols: [{ name: 'a', extra: 1 }, { name: 'b', extra: 2 }] });
  });

  it('keeps base elements the patch does not mention, even with a shorter patch list', () => {
    const out = strategicMerge(v({ env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }), v({ env: [{ name: 'B', value: '2' }] }), tagsAt({ env: { patchKey: 'name' } }));
    expect(j(out)).toEqual({ env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] });
  });

  it('matches keys by kind as well as text ("80" is not 80)', () => {
    const out = strategicMerge(v({ ports: [{ port: 80 }] }), v({ ports: [{ port: '80' }] }), tagsAt({ ports: { patchKey: 'port' } }));
    expect(j(out)).toEqual({ ports: [{ port: 80 }, { port: '80' }] });
  });

  it('reports two traits setting the same env name to different values', () => {
    const first = strategicMerge(
      v(deployment([{ name: 'app' }])),
      v(deployment([{ name: 'app', env: [{ name: 'LOG_LEVEL', value: 'info' }] }])),
      tagsAt({ [CONTAINERS]: { patchKey: 'name' } }),
    );
    const errs = errorsOf(() =>
      strategicMerge(first, v(deployment([{ name: 'app', env: [{ name: 'LOG_LEVEL', value: 'debug' }] }])), tagsAt({ [CONTAINERS]: { patchKey: 'name' } })),
    );
    expect(errs).toEqual([
      { path: 'spec.template.spec.containers.0.env.0.value', message: 'conflicting values "debug" and "info"', code: 'render' },
    ]);
  });

  it('merges by a dotted key', () => {
    const out = strategicMerge(
      v({ envFrom: [{ secretRef: { name: 'db' } }] }),
      v({ envFrom: [{ secretRef: { name: 'cache' } }, { secretRef: { name: 'db', optional: true } }] }),
      tagsAt({ envFrom: { patchKey: 'secretRef.name' } }),
    );
    expect(j(out)).toEqual({ envFrom: [{ secretRef: { name: 'db', optional: true } }, { secretRef: { name: 'cache' } }] });
  });

  it('merges by comma-separated alternatives (envFrom with secretRef and configMapRef)', () => {
    const out = strategicMerge(
      v({ envFrom: [{ secretRef: { name: 'db' } }, { configMapRef: { name: 'cfg' } }] }),
      v({ envFrom: [{ configMapRef: { name: 'cfg2' } }, { secretRef: { name: 'db2' } }] }),
      tagsAt({ envFrom: { patchKey: 'secretRef.name,configMapRef.name' } }),
    );
    expect(j(out)).toEqual({
      envFrom: [{ secretRef: { name: 'db' } }, { configMapRef: { name: 'cfg' } }, { configMapRef: { name: 'cfg2' } }, { secretRef: { name: 'db2' } }],
    });
  });

  it('gives up keyed merging when one alternative is missing from the patch (KubeVela does the same), so users meet a conflict', () => {
    // Only secretRef entries in the patch: KubeVela abandons the keyed rewrite and unifies by position.
    const errs = errorsOf(() =>
      strategicMerge(
        v({ envFrom: [{ secretRef: { name: 'db' } }] }),
        v({ envFrom: [{ secretRef: { name: 'cache' } }] }),
        tagsAt({ envFrom: { patchKey: 'secretRef.name,configMapRef.name' } }),
      ),
    );
    expect(errs).toEqual([{ path: 'envFrom.0.secretRef.name', message: 'conflicting values "cache" and "db"', code: 'render' }]);
  });

  it('inherits a patchKey down the path until a deeper tag overrides it', () => {
    const base = v({ spec: { containers: [{ name: 'c1' }, { name: 'c2', env: [{ key: 'OPS', value: 'a' }] }] } });
    const patch = v({ spec: { containers: [{ name: 'c2', env: [{ key: 'USER', value: 'u' }, { key: 'OPS', value: 'a' }] }] } });
    // `name` set on spec reaches containers; env overrides it with `key`.
    const out = strategicMerge(base, patch, tagsAt({ spec: { patchKey: 'name' }, 'spec/containers/[]/env': { patchKey: 'key' } }));
    expect(j(out)).toEqual({
      spec: { containers: [{ name: 'c1' }, { name: 'c2', env: [{ key: 'OPS', value: 'a' }, { key: 'USER', value: 'u' }] }] },
    });
    // Without the override, env inherits `name`, which no env element has: it unifies by position.
    expect(errorsOf(() => strategicMerge(base, v({ spec: { containers: [{ name: 'c2', env: [{ key: 'USER', value: 'u' }] }] } }), tagsAt({ spec: { patchKey: 'name' } })))).toEqual([
      { path: 'spec.containers.1.env.0.key', message: 'conflicting values "USER" and "OPS"', code: 'render' },
      { path: 'spec.containers.1.env.0.value', message: 'conflicting values "u" and "a"', code: 'render' },
    ]);
  });
});

describe('strategic merge: patchStrategy', () => {
  it('retainKeys on a struct field replaces the base field', () => {
    const base = v({ spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } }, replicas: 2 } });
    const out = strategicMerge(base, v({ spec: { strategy: { type: 'Recreate' } } }), tagsAt({ 'spec/strategy': { patchStrategy: 'retainKeys' } }));
    expect(j(out)).toEqual({ spec: { strategy: { type: 'Recreate' }, replicas: 2 } });
  });

  it('retainKeys on a scalar field replaces the value instead of conflicting', () => {
    const out = strategicMerge(v({ spec: { replicas: 2 } }), v({ spec: { replicas: 5 } }), tagsAt({ 'spec/replicas': { patchStrategy: 'retainKeys' } }));
    expect(j(out)).toEqual({ spec: { replicas: 5 } });
  });

  it('retainKeys on a keyed list replaces matched elements instead of merging them', () => {
    const base = v({ volumes: [{ name: 'data', emptyDir: {} }, { name: 'conf', configMap: { name: 'old' } }] });
    const patch = v({ volumes: [{ name: 'conf', secret: { secretName: 's' } }] });
    const out = strategicMerge(base, patch, tagsAt({ volumes: { patchKey: 'name', patchStrategy: 'retainKeys' } }));
    expect(j(out)).toEqual({ volumes: [{ name: 'data', emptyDir: {} }, { name: 'conf', secret: { secretName: 's' } }] });
  });

  it('replace on a list takes the patch list as it is', () => {
    const base = v({ spec: { containers: [{ name: 'c1', args: ['--a', '--b'] }] } });
    const patch = v({ spec: { containers: [{ name: 'c1', args: ['--c'] }] } });
    const out = strategicMerge(base, patch, tagsAt({ spec: { patchKey: 'name' }, 'spec/containers/[]/args': { patchStrategy: 'replace' } }));
    expect(j(out)).toEqual({ spec: { containers: [{ name: 'c1', args: ['--c'] }] } });
  });

  it('does not inherit strategies: replace on a parent does not replace the lists below it', () => {
    const errs = errorsOf(() =>
      strategicMerge(v({ spec: { args: ['a', 'b'] } }), v({ spec: { args: ['c'] } }), tagsAt({ spec: { patchStrategy: 'replace' } })),
    );
    expect(errs[0]!.message).toBe('incompatible list lengths (1 and 2)');
  });

  it('ignores strategies it does not know (command uses +patchStrategy=open)', () => {
    const errs = errorsOf(() => strategicMerge(v({ args: ['a', 'b'] }), v({ args: ['c'] }), tagsAt({ args: { patchStrategy: 'open' } })));
    expect(errs[0]!.path).toBe('args');
  });
});

describe('patch tags from the AST', () => {
  it('parses +key=value lines like KubeVela (trimmed, later wins, values with spaces ignored)', () => {
    const tags = parseTagComments(
      ['// +patchKey=name', '//   +patchStrategy = retainKeys ', '// usage text', '// +usage=two words', '// +flag', '// +patchKey=ip'].map(comment),
    );
    expect([...tags]).toEqual([
      ['patchKey', 'ip'],
      ['patchStrategy', 'retainKeys'],
    ]);
  });

  it('gives a doc comment on a shorthand chain to its leaf (the scaler case)', () => {
    // // +patchStrategy=retainKeys
    // patch: spec: replicas: parameter.replicas
    const patchField = chain(['patch', 'spec', 'replicas'], ref('parameter'), '// +patchStrategy=retainKeys');
    const tags = collectPatchTags(patchField);
    expect(tags.rootStrategy).toBeUndefined();
    expect(tags.get(['spec', 'replicas'])?.patchStrategy).toBe('retainKeys');
    expect(tags.entries().map(([p]) => p)).toEqual(['spec.replicas']);
  });

  it('keeps the doc comment on a braced patch field as the root strategy', () => {
    const patchField = field('patch', struct(field('metadata', struct())), '// +patchStrategy=jsonMergePatch');
    expect(collectPatchTags(patchField).rootStrategy).toBe('jsonMergePatch');
  });

  it('finds tags inside list elements, comprehensions, dynamic labels and open lists', () => {
    const patchField = field(
      'patch',
      struct(
        chain(
          ['spec', 'template', 'spec'],
          struct(
            field(
              'containers',
              list(
                struct(field('name', lit('app')), field('env', list(struct(field('name', lit('A')))), '// +patchKey=name')),
                ellipsis,
              ),
              '// +patchKey=name',
            ),
            {
              type: 'Comprehension',
              span,
              clauses: [{ type: 'IfClause', span, condition: ref('cond') }],
              body: struct(field('volumes', list(), '// +patchKey=name', '// +patchStrategy=retainKeys')),
            } as Declaration,
          ),
        ),
        field('metadata', struct(field({ type: 'DynamicLabel', span, expr: ref('k') }, struct(field('items', list(), '// +patchStrategy=replace'))))),
        field('#hidden', struct(field('x', list(), '// +patchKey=nope'))),
      ),
    );
    const tags = collectPatchTags(patchField);
    expect(tags.entries().map(([p, t]) => [p, Object.fromEntries(t.all), t.openList ?? false])).toEqual([
      ['spec.template.spec.containers', { patchKey: 'name' }, true],
      ['spec.template.spec.containers[].env', { patchKey: 'name' }, false],
      ['spec.template.spec.volumes', { patchKey: 'name', patchStrategy: 'retainKeys' }, false],
      ['metadata.*.items', { patchStrategy: 'replace' }, false],
    ]);
    expect(tags.get(['spec', 'template', 'spec', 'containers', 3, 'env'])?.patchKey).toBe('name');
    expect(tags.get(['metadata', 'anything', 'items'])?.patchStrategy).toBe('replace');
    expect(tags.get(['spec', 'template'])).toBeUndefined();
  });
});

describe('the scaler question: retainKeys above `patch: spec: replicas:`', () => {
  const workload = v({ kind: 'StatefulSet', spec: { replicas: 2, serviceName: 'db' } });

  it('overrides replicas the workload already sets, because the tag lands on spec.replicas', () => {
    const tags = collectPatchTags(chain(['patch', 'spec', 'replicas'], ref('parameter'), '// +patchStrategy=retainKeys'));
    expect(j(applyPatch(workload, v({ spec: { replicas: 5 } }), tags))).toEqual({ kind: 'StatefulSet', spec: { replicas: 5, serviceName: 'db' } });
  });

  it('conflicts when the same tag sits on a braced `patch: {...}` (it then only chooses the strategy)', () => {
    const tags = collectPatchTags(field('patch', struct(chain(['spec', 'replicas'], ref('parameter'))), '// +patchStrategy=retainKeys'));
    expect(tags.rootStrategy).toBe('retainKeys');
    expect(errorsOf(() => applyPatch(workload, v({ spec: { replicas: 5 } }), tags))).toEqual([
      { path: 'spec.replicas', message: 'conflicting values 5 and 2', code: 'render' },
    ]);
  });
});

describe('JSON merge patch (RFC 7396)', () => {
  it('merges structs, deletes with null, replaces lists and scalars', () => {
    const base = v({ metadata: { labels: { a: '1', b: '2' }, name: 'x' }, spec: { args: ['--x', '--y'], replicas: 1 } });
    const patch = v({ metadata: { labels: { b: null, c: '3' } }, spec: { args: ['--z'], replicas: 2 } });
    const out = jsonMergePatch(base, patch);
    expect(j(out)).toEqual({ metadata: { labels: { a: '1', c: '3' }, name: 'x' }, spec: { args: ['--z'], replicas: 2 } });
    expect(order(out)).toEqual([{ metadata: [{ labels: ['a', 'c'] }, 'name'] }, { spec: [{ args: [null] }, 'replicas'] }]);
  });

  it('creates missing structs, and a null for an absent field leaves nothing behind', () => {
    expect(j(jsonMergePatch(v({}), v({ a: { b: { c: 1 } }, gone: null })))).toEqual({ a: { b: { c: 1 } } });
  });

  it('replaces a non-struct base, and a non-struct patch replaces everything', () => {
    expect(j(jsonMergePatch(v({ a: 'str' }), v({ a: { b: 1 } })))).toEqual({ a: { b: 1 } });
    expect(j(jsonMergePatch(v({ a: 1 }), v(['x'])))).toEqual(['x']);
    expect(j(jsonMergePatch(v({ a: 1 }), v(null)))).toEqual(null);
  });

  it('does not modify the base', () => {
    const base = v({ a: { b: 1 } });
    jsonMergePatch(base, v({ a: { b: null } }));
    expect(j(base)).toEqual({ a: { b: 1 } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = () => v({ spec: { containers: [{ name: 'c1', image: 'i1' }], 'a/b': 1, 'm~n': 2 } });
  const ops = (...o: J[]) => v(o);

  it('adds into lists (by index and with -) and structs', () => {
    const out = jsonPatch(
      doc(),
      ops(
        { op: 'add', path: '/spec/containers/0', value: { name: 'c0' } },
        { op: 'add', path: '/spec/containers/-', value: { name: 'c2' } },
        { op: 'add', path: '/spec/hostNetwork', value: true },
      ),
    );
    expect(j(out)).toEqual({
      spec: { containers: [{ name: 'c0' }, { name: 'c1', image: 'i1' }, { name: 'c2' }], 'a/b': 1, 'm~n': 2, hostNetwork: true },
    });
  });

  it('removes, replaces in place, moves, copies and tests, with escaped pointers', () => {
    const out = jsonPatch(
      doc(),
      ops(
        { op: 'test', path: '/spec/a~1b', value: 1.0 },
        { op: 'replace', path: '/spec/a~1b', value: 10 },
        { op: 'copy', from: '/spec/containers/0', path: '/spec/first' },
        { op: 'move', from: '/spec/m~0n', path: '/spec/mn' },
        { op: 'remove', path: '/spec/containers/0/image' },
      ),
    );
    expect(j(out)).toEqual({ spec: { containers: [{ name: 'c1' }], 'a/b': 10, first: { name: 'c1', image: 'i1' }, mn: 2 } });
    expect(order(out)).toEqual([{ spec: [{ containers: [['name']] }, 'a/b', { first: ['name', 'image'] }, 'mn'] }]);
  });

  it('replaces the whole document with an empty path', () => {
    expect(j(jsonPatch(doc(), ops({ op: 'replace', path: '', value: { x: 1 } })))).toEqual({ x: 1 });
  });

  it('fails with the index and op of the failing operation', () => {
    const cases: [J, string][] = [
      [{ op: 'remove', path: '/spec/nope' }, 'jsonPatch: remove: path "/spec/nope" does not exist'],
      [{ op: 'replace', path: '/spec/containers/5', value: 1 }, 'jsonPatch: replace: path "/spec/containers/5" does not exist (list of length 1)'],
      [{ op: 'add', path: '/spec/containers/3', value: 1 }, 'jsonPatch: add: index "3" is out of range for a list of length 1 at "/spec/containers/3"'],
      [{ op: 'add', path: '/missing/x', value: 1 }, 'jsonPatch: add: path "/missing" does not exist'],
      [{ op: 'test', path: '/spec/a~1b', value: 2 }, 'jsonPatch: test: value at "/spec/a~1b" is 1, not 2'],
      [{ op: 'move', from: '/spec', path: '/spec/inner' }, 'jsonPatch: move: "from" "/spec" is a prefix of "path" "/spec/inner"'],
      [{ op: 'frobnicate', path: '/spec' }, 'jsonPatch: unknown operation "frobnicate" (want add, remove, replace, move, copy or test)'],
      [{ op: 'add', path: 'spec' , value: 1 }, 'jsonPatch: add: invalid JSON pointer "spec"'],
      [{ op: 'add', path: '/spec/x' }, 'jsonPatch: add: missing "value"'],
      [{ path: '/spec' }, 'jsonPatch: missing or non-string "op"'],
    ];
    for (const [op, message] of cases) {
      expect(errorsOf(() => jsonPatch(doc(), ops({ op: 'test', path: '/spec/m~0n', value: 2 }, op)))).toEqual([
        { path: 'operations.1', message, code: 'render' },
      ]);
    }
  });

  it('leaves the base untouched when an operation fails halfway', () => {
    const base = doc();
    errorsOf(() => jsonPatch(base, ops({ op: 'remove', path: '/spec/containers/0' }, { op: 'remove', path: '/nope' })));
    expect(j(base)).toEqual(j(doc()));
  });
});

describe('applyPatch chooses the strategy from the patch field', () => {
  const base = v({ metadata: { labels: { a: '1' } }, spec: { args: ['x', 'y'] } });

  it('jsonMergePatch', () => {
    const tags = collectPatchTags(field('patch', struct(), '// +patchStrategy=jsonMergePatch'));
    expect(j(applyPatch(base, v({ metadata: { labels: { a: null, b: '2' } } }), tags))).toEqual({
      metadata: { labels: { b: '2' } },
      spec: { args: ['x', 'y'] },
    });
  });

  it('jsonPatch reads patch.operations and fails cleanly without it', () => {
    const tags = collectPatchTags(field('patch', ref('parameter'), '// +patchStrategy=jsonPatch'));
    expect(j(applyPatch(base, v({ operations: [{ op: 'remove', path: '/spec/args/0' }] }), tags))).toEqual({
      metadata: { labels: { a: '1' } },
      spec: { args: ['y'] },
    });
    expect(errorsOf(() => applyPatch(base, v({ ops: [] }), tags))[0]!.message).toBe('jsonPatch: the patch has no "operations" field');
  });

  it('strategic merge otherwise: a shorter closed list conflicts', () => {
    expect(errorsOf(() => applyPatch(base, v({ spec: { args: ['x'] } })))[0]).toEqual({
      path: 'spec.args',
      message: 'incompatible list lengths (1 and 2)',
      code: 'render',
    });
  });
});

describe('patch tags from parsed templates, through references', () => {
  function templateOf(text: string): StructLit {
    const { file, errors } = parseFile(new Source('def.cue', text));
    expect(errors.map((e) => e.format())).toEqual([]);
    const t = (file as File).decls.find((d): d is Field => d.type === 'Field' && d.label.type === 'Ident' && d.label.name === 'template')!;
    return t.value as StructLit;
  }
  const patchOf = (t: StructLit) => t.decls.find((d): d is Field => d.type === 'Field' && d.label.type === 'Ident' && d.label.name === 'patch')!;

  it('reads tags in a helper the patch refers to, as KubeVela sees them after resolving references', () => {
    const t = templateOf(`template: {
	Helper: {
		name: string
		// +patchStrategy=replace
		args: [...string]
	}
	patch: spec: template: spec: {
		// +patchKey=name
		containers: [Helper & {name: "app", args: ["-v"]}]
	}
}
`);
    const tags = collectPatchTags(patchOf(t), templateScope(t));
    expect(tags.entries().map(([p, x]) => [p, Object.fromEntries(x.all)])).toEqual([
      ['spec.template.spec.containers', { patchKey: 'name' }],
      ['spec.template.spec.containers[].args', { patchStrategy: 'replace' }],
    ]);
    // Without the scope the helper's tag is invisible.
    expect(collectPatchTags(patchOf(t)).get(['spec', 'template', 'spec', 'containers', 0, 'args'])).toBeUndefined();
  });

  it('reads tags in a let inside the patch, and does not loop on self-reference', () => {
    const t = templateOf(`template: {
	loop: loop & {x: 1}
	patch: {
		let content = {
			resources: {
				// +patchStrategy=retainKeys
				limits: {cpu: "1"}
			}
		}
		spec: containers: [content, ...]
		other: loop
	}
}
`);
    const tags = collectPatchTags(patchOf(t), templateScope(t));
    expect(tags.get(['spec', 'containers', 0, 'resources', 'limits'])?.patchStrategy).toBe('retainKeys');
    expect(tags.get(['spec', 'containers'])?.openList).toBe(true);
  });

  it('finds the scaler leaf tag through the real parser', () => {
    const t = templateOf(`template: {
	parameter: replicas: *1 | int
	// +patchStrategy=retainKeys
	patch: spec: replicas: parameter.replicas
}
`);
    const tags = collectPatchTags(patchOf(t), templateScope(t));
    expect(tags.rootStrategy).toBeUndefined();
    expect(j(applyPatch(v({ spec: { replicas: 2 } }), v({ spec: { replicas: 4 } }), tags))).toEqual({ spec: { replicas: 4 } });
  });
});
