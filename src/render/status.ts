/**
 * `applicationStatus(application, {live})`: the health of each component and trait of rendered
 * Applications, judged against live objects the way KubeVela's controller judges them
 * (kubevela pkg/controller/core.oam.dev/v1beta1/application/apply.go collectHealthStatus,
 * pkg/cue/definition/template.go getTemplateContext):
 *
 * - a component's snippets see `context.output` = the live object of its workload and
 *   `context.outputs` = the live objects of the component's own `outputs`; a trait's see
 *   `context.outputs` = the live objects of that trait's `outputs` only (no `output`); both
 *   see `context.name`, `appName` and `appRevision`, and `parameter` = the raw properties;
 * - a rendered object is matched to a live one by apiVersion, kind, namespace and name (a
 *   live object without a namespace matches any); a missing one makes the row unhealthy
 *   (KubeVela fails to read the status then);
 * - the snippets are evaluated as status-snippet.ts says.
 *
 * The Application is rendered first (as `render` does: policies, workflow, overrides); every
 * set gives its rows.
 */
import { plainToJS } from '../api/encode.js';
import { decodeJSON, decodeYAMLStream } from '../encoding/index.js';
import { splitJSONStream } from '../encoding/json-text.js';
import { CueError, CueErrorList, ErrorCode } from '../errors/index.js';
import type { PlainValue } from '../plain/plain-value.js';
import { DefinitionSet, loadDefinitions } from './definition-set.js';
import type { Definition } from './definition.js';
import { type ComponentInSet, type RenderApplicationOptions, type RenderInput, type RenderedManifest, renderApplications } from './render-application.js';
import { type Properties, rawProperties } from './render-component.js';
import { baseContext } from './render-context.js';
import { evaluateStatus, statusSnippets } from './status-snippet.js';

/** One row: a component, or one trait of it. */
export interface StatusRow {
  readonly application: string;
  /** The set's label (`<app> with topology <name>`, ...), as render prints it. */
  readonly set: string;
  /** The set's namespace, when a topology gives one. */
  readonly namespace?: string;
  readonly component: string;
  readonly trait?: string;
  readonly healthy: boolean;
  /** `customStatus.message`, or why the status could not be read. */
  readonly message: string;
  readonly details?: Readonly<Record<string, string>>;
}

export interface StatusOptions extends Omit<RenderApplicationOptions, 'onComponent'> {
  /** The live objects (as `kubectl get -o yaml` gives them; `List` objects are unpacked). */
  live: readonly Record<string, unknown>[];
}

export interface StatusResult {
  readonly rows: readonly StatusRow[];
  /** Every row is healthy. */
  readonly healthy: boolean;
}

/** Renders the Applications and reads each component's and trait's status from the live objects. */
export function applicationStatus(application: RenderInput, options: StatusOptions): StatusResult {
  const definitions = options.definitions instanceof DefinitionSet ? options.definitions : loadDefinitions(options.definitions ?? []);
  const rendered: ComponentInSet[] = [];
  renderApplications(application, { ...options, definitions, onComponent: (c) => rendered.push(c) });
  const live = flattenLists(options.live);
  const rows: StatusRow[] = [];
  for (const c of rendered) rows.push(...componentRows(c, definitions, live, options.context));
  return { rows, healthy: rows.every((r) => r.healthy) };
}

function componentRows(c: ComponentInSet, definitions: DefinitionSet, live: readonly Record<string, unknown>[], override: Readonly<Record<string, unknown>> | undefined): StatusRow[] {
  const { application: app, component: comp } = c;
  const ctx = baseContext({ appName: app.name, componentName: comp.name, namespace: app.namespace }, override);
  const base = { name: comp.name, appName: app.name, appRevision: ctx.appRevision };
  const where = { application: app.name, set: c.set.label, ...(c.set.namespace ? { namespace: c.set.namespace } : {}), component: comp.name };
  const rows: StatusRow[] = [];

  const workload = c.manifests.find((m) => m.role === 'workload');
  const ownOutputs = c.manifests.filter((m) => m.role === 'auxiliary' && m.trait === undefined);
  const def = definitions.get(comp.type) as Definition;
  {
    const missing: string[] = [];
    const output = workload ? findLive(live, workload.object) : undefined;
    if (workload && !output) missing.push(describe(workload.object));
    const outputs = liveOutputs(ownOutputs, live, missing);
    if (missing.length > 0) rows.push({ ...where, healthy: false, message: `no live object: ${missing.join(', ')}` });
    else {
      const context = { ...base, ...(output ? { output } : {}), ...(Object.keys(outputs).length > 0 ? { outputs } : {}) };
      rows.push(row(where, def, context, parameterData(comp.properties)));
    }
  }
  comp.traits.forEach((t) => {
    const tdef = definitions.get(t.type) as Definition;
    const at = { ...where, trait: t.type };
    const missing: string[] = [];
    const outputs = liveOutputs(
      c.manifests.filter((m) => m.role === 'auxiliary' && m.trait === t.type),
      live,
      missing,
    );
    if (missing.length > 0) rows.push({ ...at, healthy: false, message: `no live object: ${missing.join(', ')}` });
    else rows.push(row(at, tdef, { ...base, ...(Object.keys(outputs).length > 0 ? { outputs } : {}) }, parameterData(t.properties)));
  });
  return rows;
}

/** `parameter`: the properties as written (no defaults), as JSON-like data. */
function parameterData(p: Properties | undefined): unknown {
  if (p === undefined) return undefined;
  const raw = rawProperties(p);
  return raw === p ? p : plainToJS(raw as PlainValue);
}

function row(where: Omit<StatusRow, 'healthy' | 'message'>, def: Definition, context: Record<string, unknown>, parameter: unknown): StatusRow {
  const r = evaluateStatus({ snippets: statusSnippets(def.attributes), context, parameter, file: def.file });
  return {
    ...where,
    healthy: r.healthy,
    message: r.errors.length > 0 ? r.errors.join('; ') : r.message,
    ...(r.details && Object.keys(r.details).length > 0 ? { details: r.details } : {}),
  };
}

/** The live objects of some outputs, by output name; the ones not found are added to `missing`. */
function liveOutputs(manifests: readonly RenderedManifest[], live: readonly Record<string, unknown>[], missing: string[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const m of manifests) {
    const l = findLive(live, m.object);
    if (l) out[m.outputName ?? ''] = l;
    else missing.push(describe(m.object));
  }
  return out;
}

interface ObjectKey {
  apiVersion?: unknown;
  kind?: unknown;
  namespace?: unknown;
  name?: unknown;
}

function keyOf(o: Record<string, unknown>): ObjectKey {
  const meta = (typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {}) as Record<string, unknown>;
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: meta.namespace, name: meta.name };
}

/** The live object for a rendered one: same apiVersion, kind, name, and namespace (a live object without one matches any). */
export function findLive(live: readonly Record<string, unknown>[], rendered: Record<string, unknown>): Record<string, unknown> | undefined {
  const want = keyOf(rendered);
  return live.find((l) => {
    const k = keyOf(l);
    return k.apiVersion === want.apiVersion && k.kind === want.kind && k.name === want.name && (k.namespace === undefined || want.namespace === undefined || k.namespace === want.namespace);
  });
}

function describe(o: Record<string, unknown>): string {
  const k = keyOf(o);
  return `${String(k.kind)} ${k.namespace !== undefined ? `${String(k.namespace)}/` : ''}${String(k.name)} (${String(k.apiVersion)})`;
}

/** `kind: List` (and `*List`) objects hold their items. */
function flattenLists(objects: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const o of objects) {
    if (typeof o.kind === 'string' && /List$/.test(o.kind) && Array.isArray(o.items)) out.push(...flattenLists(o.items.filter(isRecord)));
    else out.push(o);
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Live objects from a YAML stream or JSON (one value, a list, or a stream of values), each a
 * mapping. Throws a CueErrorList naming the file for anything else.
 */
export function parseLiveObjects(name: string, text: string): Record<string, unknown>[] {
  let values: PlainValue[];
  if (/\.json$/i.test(name)) {
    values = [];
    for (const part of splitJSONStream(text)) values.push(decodeJSON(part, name));
  } else values = decodeYAMLStream(text, name);
  const out: Record<string, unknown>[] = [];
  values.forEach((v, i) => {
    const x = plainToJS(v);
    if (x === null || x === undefined) return;
    const items = Array.isArray(x) ? x : [x];
    for (const item of items) {
      if (!isRecord(item)) throw new CueErrorList([new CueError(ErrorCode.render, `${name}: document ${i + 1} is not an object (a mapping with apiVersion, kind and metadata)`)]);
      out.push(item);
    }
  });
  return out;
}
