/**
 * What the fuzz worker does with one input, and the checks every input must pass: only
 * documented errors are thrown, JavaScript's prototypes stay untouched, outputs are plain data
 * without inherited keys, and evaluation stays within its step limit. Runs inside the worker
 * (see fuzz-worker.ts); plain functions without vitest, so that a failure is a returned string.
 */
import { Context, CueError, CueErrorList, type Value } from '../../src/index.js';

/** Conjuncts counted past the step limit before the evaluator stops (it checks in batches). */
const stepSlack = 10_000;

export interface LibraryCaseInput {
  readonly files: { name: string; text: string }[];
  readonly limits?: Record<string, number>;
}

/** Compiles, validates (concrete) and exports one case, as `cue-lite export` does. */
export function runLibraryCase(c: LibraryCaseInput) {
  const ctx = new Context(c.limits ? { limits: c.limits } : {});
  let errors = '';
  let codes: string[] = [];
  let output: string | undefined;
  let thrown: string | undefined;
  try {
    const v = ctx.compile(c.files);
    const errs = v.validate({ concrete: true });
    errors = errs.map((e) => e.format()).join('');
    codes = errs.map((e) => e.code);
    if (errs.length === 0) output = v.exportJSON();
  } catch (e) {
    if (e instanceof CueErrorList) {
      errors = e.errors.map((x) => x.format()).join('');
      codes = e.errors.map((x) => x.code);
    } else thrown = describeThrown(e);
  }
  const { steps, maxSteps } = stepsOf(ctx);
  return { errors, codes, output, thrown, steps, maxSteps };
}

/** The evaluator's step count (internal: the public API has no statistics). */
export function stepsOf(ctx: Context): { steps: number; maxSteps: number } {
  const ev = (ctx as unknown as { runtime: { ev: { stats: { conjuncts: number }; limits: { maxSteps: number } } } }).runtime.ev;
  return { steps: ev.stats.conjuncts, maxSteps: ev.limits.maxSteps };
}

/** A problem if evaluation went past its step limit. */
export function checkSteps(ctx: Context): string | undefined {
  const { steps, maxSteps } = stepsOf(ctx);
  return steps > maxSteps + stepSlack ? `evaluation took ${steps} steps, past its limit of ${maxSteps}` : undefined;
}

export function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return `${typeof e}: ${String(e)}`;
}

/**
 * Runs `f`; returns a problem when it throws anything but the documented error types.
 * CueErrorList is what the API throws; a bare CueError is tolerated as documented too.
 */
export function onlyDocumentedErrors(what: string, f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof CueErrorList) {
      if (e.errors.length === 0) return `${what}: threw an empty CueErrorList`;
      for (const x of e.errors) if (!(x instanceof CueError)) return `${what}: CueErrorList holds a ${describeThrown(x)}`;
      return undefined;
    }
    if (e instanceof CueError) return undefined;
    return `${what}: threw ${describeThrown(e)}`;
  }
}

/** The own property names of the built-in prototypes a pollution would touch. */
const watched: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];
const baseline = new Map(watched.map(([n, o]) => [n, Reflect.ownKeys(o).map(String).sort().join(',')]));

/** A problem when a built-in prototype gained or lost a property (prototype pollution). */
export function checkPrototypes(): string | undefined {
  for (const [name, o] of watched) {
    const now = Reflect.ownKeys(o).map(String).sort().join(',');
    if (now !== baseline.get(name)) return `${name} changed: ${now}`;
  }
  const probe = {} as Record<string, unknown>;
  for (const k of ['polluted', 'x', 'a', 'isAdmin']) if (k in probe) return `Object.prototype has "${k}"`;
  return undefined;
}

/**
 * A problem when a toJS() result is not plain data: every object is an array, a Uint8Array
 * or a plain object whose prototype is Object.prototype (or null), every enumerable key is an
 * own key (nothing inherited), and values are JSON-like (or bigint).
 */
export function checkPlain(x: unknown, path = '$', seen = new Set<object>()): string | undefined {
  if (x === null || typeof x === 'string' || typeof x === 'boolean' || typeof x === 'bigint') return undefined;
  if (typeof x === 'number') return Number.isFinite(x) ? undefined : `${path}: non-finite number ${x}`;
  if (typeof x !== 'object') return `${path}: ${typeof x} in output`;
  // Bytes are immutable values; whether two equal byte strings share a buffer does not matter here.
  if (x instanceof Uint8Array) return undefined;
  if (seen.has(x)) return `${path}: shared or cyclic object in output`;
  seen.add(x);
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const p = checkPlain(x[i], `${path}[${i}]`, seen);
      if (p) return p;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return `${path}: object with prototype ${String(proto?.constructor?.name)}`;
  const own = Object.keys(x);
  const enumerable: string[] = [];
  for (const k in x) enumerable.push(k);
  if (enumerable.join('\0') !== own.join('\0')) return `${path}: inherited enumerable keys ${enumerable.filter((k) => !own.includes(k)).join(',')}`;
  for (const k of own) {
    const d = Object.getOwnPropertyDescriptor(x, k)!;
    if (!('value' in d)) return `${path}.${k}: accessor property in output`;
    const p = checkPlain(d.value, `${path}.${k}`, seen);
    if (p) return p;
  }
  return undefined;
}

/** Every output method of a value: each may only throw documented errors; toJS must be plain. */
export function checkOutputs(v: Value): string | undefined {
  let js: unknown;
  let hasJS = false;
  const problems = [
    onlyDocumentedErrors('validate', () => {
      const errs = v.validate();
      if (!Array.isArray(errs) || errs.some((e) => !(e instanceof CueError))) throw new Error('validate() returned something other than CueError[]');
    }),
    onlyDocumentedErrors('validate concrete', () => v.validate({ concrete: true })),
    onlyDocumentedErrors('toJS', () => {
      js = v.toJS();
      hasJS = true;
    }),
    onlyDocumentedErrors('exportJSON', () => {
      const t = v.exportJSON();
      JSON.parse(t);
    }),
    onlyDocumentedErrors('exportYAML', () => v.exportYAML()),
    onlyDocumentedErrors('exportCUE', () => v.exportCUE()),
    onlyDocumentedErrors('kind', () => v.kind()),
    onlyDocumentedErrors('fields', () => v.fields({ optional: true, hidden: true, definitions: true })),
    onlyDocumentedErrors('elements', () => v.elements()),
    onlyDocumentedErrors('isConcrete', () => v.isConcrete()),
    onlyDocumentedErrors('default', () => v.default().exists()),
  ];
  const p = problems.find((x) => x !== undefined);
  if (p) return p;
  if (hasJS) return checkPlain(js);
  return undefined;
}
