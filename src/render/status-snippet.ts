/**
 * A definition's status snippets, evaluated as KubeVela evaluates them
 * (kubevela pkg/cue/definition/health/health.go GetStatus; docs/kubevela-notes.md "Status"):
 * each of `status.details`, `status.healthPolicy` and `status.customStatus` is a CUE text of
 * its own, compiled with `context: <json>` and `parameter: <json>` appended, in that order:
 *
 * 1. `details`: every regular top-level field but `context` and `parameter` is one entry of
 *    the details map (a string as it is, another concrete value as CUE text, a non-concrete
 *    one as `_|_`); labels of 32 characters or more and fields marked `@local` / `@private`
 *    are left out; `$`-prefixed fields are not shown but, like the others, are decoded into
 *    `context.status.details` for the two snippets after;
 * 2. `healthPolicy`: `isHealth`, a bool (no policy: healthy);
 * 3. `customStatus`: `message`, a string, with `context.status.healthy` set.
 *
 * KubeVela logs a failing snippet and goes on (a failed health policy reads as unhealthy, a
 * failed message as empty); here every failure is kept as a reason, and the row that shows it
 * is unhealthy.
 */
import { Context } from '../api/context.js';
import { jsToPlain } from '../api/encode.js';
import type { Value } from '../api/value.js';
import { encodeJSON } from '../encoding/index.js';
import { CueErrorList } from '../errors/index.js';
import { Source } from '../source/index.js';
import { parseFile } from '../syntax/index.js';
import { labelString } from './syntax-util.js';

/** The three snippets of a definition's `status` attribute (absent or empty: not used). */
export interface StatusSnippets {
  readonly healthPolicy?: string;
  readonly customStatus?: string;
  readonly details?: string;
}

export interface StatusEvaluation {
  readonly healthy: boolean;
  readonly message: string;
  /** The details map, when the definition has `status.details`. */
  readonly details?: Readonly<Record<string, string>>;
  /** Why a snippet failed (each `snippet: message`); a failure makes the status unhealthy. */
  readonly errors: readonly string[];
}

/** `attributes.status` of a definition (CUE format) or `spec.status` (YAML), read leniently. */
export function statusSnippets(attributes: Readonly<Record<string, unknown>>): StatusSnippets {
  const s = attributes.status;
  if (typeof s !== 'object' || s === null) return {};
  const r = s as Record<string, unknown>;
  const text = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() !== '' ? x : undefined);
  const out: { -readonly [K in keyof StatusSnippets]: StatusSnippets[K] } = {};
  const h = text(r.healthPolicy);
  const c = text(r.customStatus);
  const d = text(r.details);
  if (h !== undefined) out.healthPolicy = h;
  if (c !== undefined) out.customStatus = c;
  if (d !== undefined) out.details = d;
  return out;
}

export interface SnippetInput {
  readonly snippets: StatusSnippets;
  /** `context` without `status` (name, appName, appRevision, output, outputs). */
  readonly context: Readonly<Record<string, unknown>>;
  /** The raw properties (no defaults), or undefined for `parameter: {}`. */
  readonly parameter?: unknown;
  /** A name for positions: `<file>#status.<snippet>`. */
  readonly file: string;
}

/** Evaluates the snippets in KubeVela's order. Never throws for bad snippets. */
export function evaluateStatus(input: SnippetInput): StatusEvaluation {
  const errors: string[] = [];
  const status: Record<string, unknown> = {};
  const context = (): Record<string, unknown> => ({ ...input.context, status });
  let details: Record<string, string> | undefined;
  if (input.snippets.details !== undefined) {
    const r = evaluateDetails(input, input.snippets.details, context());
    details = r.shown;
    status.details = r.decoded;
    if (r.error) errors.push(r.error);
  }
  let healthy = true;
  if (input.snippets.healthPolicy !== undefined) {
    const r = lookup(input, 'healthPolicy', input.snippets.healthPolicy, context(), 'isHealth', 'bool');
    if ('error' in r) {
      errors.push(r.error);
      healthy = false;
    } else healthy = r.value as boolean;
  }
  status.healthy = healthy;
  let message = '';
  if (input.snippets.customStatus !== undefined) {
    const r = lookup(input, 'customStatus', input.snippets.customStatus, context(), 'message', 'string');
    if ('error' in r) errors.push(r.error);
    else message = r.value as string;
  }
  return { healthy: healthy && errors.length === 0, message, ...(details ? { details } : {}), errors };
}

/** The snippet followed by the runtime context, as health.go's formatRuntimeContext writes it. */
function compileSnippet(input: SnippetInput, which: string, snippet: string, context: Record<string, unknown>): Value {
  const runtime = `context: ${json(context)}\nparameter: ${input.parameter === undefined || input.parameter === null ? '{}' : json(input.parameter)}\n`;
  return new Context().compile({ name: `${input.file}#status.${which}`, text: `${snippet}\n${runtime}`, kind: 'cue' });
}

/** Go's json.Marshal of a map: keys sorted. */
function json(x: unknown): string {
  return encodeJSON(jsToPlain(sortKeys(x)));
}

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (typeof x === 'object' && x !== null && !(x instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) out[k] = sortKeys((x as Record<string, unknown>)[k]);
    return out;
  }
  return x;
}

function lookup(input: SnippetInput, which: string, snippet: string, context: Record<string, unknown>, field: string, kind: 'bool' | 'string'): { value: unknown } | { error: string } {
  const v = compileSnippet(input, which, snippet, context);
  // As KubeVela's val.Err(): only an error of the whole snippet (syntax, context) fails it
  // here; an error in a field fails it when the result depends on that field.
  const compileErrors = v.validate().filter((e) => !e.isIncomplete && (e.path.length === 0 || e.path[0] === 'context' || e.path[0] === 'parameter'));
  if (compileErrors.length > 0) return { error: `status.${which}: ${oneLine(compileErrors[0]!.format())}` };
  const f = v.lookupPath(field);
  if (!f.exists()) return { error: `status.${which}: no field ${field}` };
  try {
    const x = f.toJS();
    if (typeof x !== (kind === 'bool' ? 'boolean' : 'string')) return { error: `status.${which}: ${field} is not a ${kind}` };
    return { value: x };
  } catch (e) {
    if (e instanceof CueErrorList && e.errors[0]) return { error: `status.${which}: ${oneLine(e.errors[0].format())}` };
    throw e;
  }
}

/** `path: message` of a formatted error, without its positions. */
function oneLine(formatted: string): string {
  return formatted.split('\n')[0]!.replace(/:$/, '');
}

function evaluateDetails(
  input: SnippetInput,
  snippet: string,
  context: Record<string, unknown>,
): { shown: Record<string, string>; decoded: Record<string, unknown>; error?: string } {
  const shown: Record<string, string> = {};
  const decoded: Record<string, unknown> = {};
  const v = compileSnippet(input, 'details', snippet, context);
  const compileErrors = v.validate().filter((e) => !e.isIncomplete && (e.path[0] === 'context' || e.path[0] === 'parameter' || e.path.length === 0));
  if (compileErrors.length > 0) return { shown, decoded, error: `status.details: ${oneLine(compileErrors[0]!.format())}` };
  const excluded = attributedFields(snippet);
  for (const f of v.fields()) {
    const label = f.label;
    if (label.length >= 32 || label === 'context' || label === 'parameter') continue;
    const concrete = f.value.validate({ concrete: true }).length === 0;
    if (label.startsWith('$')) {
      if (concrete) decoded[label] = f.value.toJS();
      continue;
    }
    if (excluded.has(label)) continue;
    if (!concrete) {
      shown[label] = '_|_';
      continue;
    }
    const x = f.value.toJS();
    decoded[label] = x;
    shown[label] = typeof x === 'string' ? x : f.value.exportCUE().replace(/\n$/, '');
  }
  return { shown, decoded };
}

/** Top-level fields of the snippet marked `@local` or `@private` (not shown in the details). */
function attributedFields(snippet: string): Set<string> {
  const out = new Set<string>();
  const { file } = parseFile(new Source('details', snippet));
  for (const d of file.decls) {
    if (d.type !== 'Field') continue;
    if (!d.attrs.some((a) => a.name === 'local' || a.name === 'private')) continue;
    const l = labelString(d.label);
    if (l !== undefined) out.add(l);
  }
  return out;
}
