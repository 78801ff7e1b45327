/**
 * `render(application, options)`: every object of one or more Applications, set by set, as
 * `vela dry-run` prints them (pkg/appfile/dryrun/dryrun.go ExecuteDryRunWithPolicies):
 *
 * 1. Policy and Workflow documents given with the Applications are merged or warned about
 *    (standalone.ts);
 * 2. every policy is read and checked (policies/policy-types.ts);
 * 3. the workflow decides the sets (workflow.ts): one per topology of each top-level deploy
 *    step, with that step's override policies applied (policies/override.ts), or one plain
 *    set;
 * 4. in each set, every component is rendered (render-component.ts), in the topology's
 *    namespace when it gives one (policies/topology.ts), then the objects of custom
 *    PolicyDefinitions (policies/custom-policy.ts).
 *
 * Every component of every set is rendered even when an earlier one fails, so that one run
 * reports every independent error (an error met again in a later set is reported once).
 */
import { jsToPlain } from '../api/encode.js';
import { Context } from '../api/context.js';
import { encodeJSON, encodeYAML } from '../encoding/index.js';
import { CueError, CueErrorList, ErrorCode } from '../errors/index.js';
import { type Application, type ApplicationComponent, type ApplicationDocuments, parseDocuments } from './application.js';
import { type DefinitionFile, DefinitionSet, loadDefinitions } from './definition-set.js';
import { Platform, type PlatformFile, loadPlatform } from './platform.js';
import { policyData, renderCustomPolicy } from './policies/custom-policy.js';
import { applyOverride } from './policies/override.js';
import { type ReadPolicies, readPolicies } from './policies/policy-types.js';
import { inNamespace } from './policies/topology.js';
import { type RenderedObject, renderComponent } from './render-component.js';
import { baseContext } from './render-context.js';
import { RenderError, type RenderErrorGroup, errorsOf } from './render-error.js';
import { checkStandalone, mergeStandalone } from './standalone.js';
import { type RenderSet, planSets } from './workflow.js';

export interface RenderApplicationOptions {
  /** A loaded DefinitionSet, or definition files (added to the built-ins; same name shadows). */
  definitions?: DefinitionSet | readonly DefinitionFile[];
  /** Platform defaults: loaded, or files (CUE or YAML). */
  platform?: Platform | readonly PlatformFile[];
  /** Context fields that replace the defaults (namespace, appRevision, cluster, clusterVersion, ...). */
  context?: Readonly<Record<string, unknown>>;
  /** Accept properties that a parameter schema does not declare (KubeVela's default). */
  allowUnknownProperties?: boolean;
  /** The file name used in positions when `application` is text (default `app.yaml`). */
  filename?: string;
  /**
   * Merge the Policy and Workflow documents given with the Applications into them (`vela
   * dry-run --merge`); without it they are warned about and left out.
   */
  merge?: boolean;
  /** Called with each notice as it arises (also when the render then fails). */
  onNotice?: (notice: RenderNotice) => void;
  /**
   * Called with each component rendered, as it was rendered (overrides applied) and with its
   * objects: what `status` needs to evaluate the definitions' status snippets.
   */
  onComponent?: (rendered: ComponentInSet) => void;
}

/** One component of one set, as rendered. */
export interface ComponentInSet {
  readonly application: Application;
  /** The set's manifests' common fields (label, step, topology, namespace, policies). */
  readonly set: Omit<RenderedManifest, 'role' | 'object' | 'component' | 'policy' | 'trait' | 'outputName'>;
  /** The component after the set's override policies. */
  readonly component: ApplicationComponent;
  /** Its objects, in the set's namespace. */
  readonly manifests: readonly RenderedManifest[];
}

/** One rendered object, with the set it belongs to. */
export interface RenderedManifest {
  /** The Application it belongs to. */
  readonly application: string;
  /** The set's label, as vela dry-run's header: `<app>`, `<app> with topology <name>`, `<app> only with override policies`. */
  readonly label: string;
  /** The deploy step that rendered the set (absent for the plain set). */
  readonly step?: string;
  /** The set's topology policy, its placement (recorded, not resolved) and namespace. */
  readonly topology?: string;
  readonly clusters?: readonly string[];
  readonly clusterLabelSelector?: Readonly<Record<string, string>>;
  readonly namespace?: string;
  /** The policies that shape the set, in the step's order: its override policies and its topology. */
  readonly policies: readonly string[];
  /** The component it belongs to (absent for a policy's object). */
  readonly component?: string;
  /** The custom policy that produced it (role `policy`). */
  readonly policy?: string;
  readonly role: 'workload' | 'auxiliary' | 'policy';
  readonly trait?: string;
  readonly outputName?: string;
  /** The Kubernetes object, as JSON-like data. */
  readonly object: Record<string, unknown>;
}

/** Something the render did not apply, or a document it left out; never an error. */
export interface RenderNotice {
  readonly level: 'notice' | 'warning';
  readonly application?: string;
  readonly message: string;
}

export interface RenderResult {
  readonly manifests: readonly RenderedManifest[];
  readonly notices: readonly RenderNotice[];
}

export type RenderInput = string | Application | readonly Application[] | ApplicationDocuments | Record<string, unknown>;

/**
 * Renders Applications given as YAML/JSON text (several documents allowed, Policy and Workflow
 * documents too), as parsed documents, or as one Application object. Throws a RenderError (or
 * CueErrorList for unreadable input).
 */
export function render(application: RenderInput, options: RenderApplicationOptions = {}): RenderedManifest[] {
  return [...renderApplications(application, options).manifests];
}

/** As render(), with the notices: policies and steps that change nothing locally, documents left out. */
export function renderApplications(application: RenderInput, options: RenderApplicationOptions = {}): RenderResult {
  const docs = toDocuments(application, options.filename ?? 'app.yaml');
  if (docs.applications.length === 0) throw new CueErrorList([new CueError(ErrorCode.render, 'no application provided')]);
  const standaloneErrors = checkStandalone(docs);
  if (standaloneErrors.length > 0) throw new CueErrorList(standaloneErrors);
  const definitions = options.definitions instanceof DefinitionSet ? options.definitions : loadDefinitions(options.definitions ?? []);
  const platform = options.platform instanceof Platform ? options.platform : loadPlatform(options.platform ?? []);
  const notices: RenderNotice[] = [];
  const job: Job = {
    definitions,
    platform,
    options,
    cue: new Context(),
    groups: [],
    seen: new Set(),
    out: [],
    notices,
    notice: (n) => {
      notices.push(n);
      options.onNotice?.(n);
    },
  };
  for (const app of docs.applications) renderOne(job, app, docs, docs.applications.length > 1);
  if (job.groups.length > 0) throw new RenderError(job.groups);
  return { manifests: job.out, notices };
}

interface Job {
  readonly definitions: DefinitionSet;
  readonly platform: Platform;
  readonly options: RenderApplicationOptions;
  readonly cue: Context;
  readonly groups: RenderErrorGroup[];
  /** Error groups already reported (header without the set, and text): reported once. */
  readonly seen: Set<string>;
  readonly out: RenderedManifest[];
  readonly notices: RenderNotice[];
  readonly notice: (n: RenderNotice) => void;
}

function renderOne(job: Job, written: Application, docs: ApplicationDocuments, several: boolean): void {
  const merged = mergeStandalone(written, docs, job.options.merge ?? false);
  const app = merged.application;
  const appPrefix = several ? `application "${app.name}": ` : '';
  for (const w of merged.warnings) job.notice({ level: 'warning', application: app.name, message: w });
  const policies = readPolicies(app.policies, job.definitions);
  for (const n of policies.notices) job.notice({ level: 'notice', application: app.name, message: n });
  if (policies.errors.length > 0) job.groups.push({ header: `${appPrefix}policies`, errors: policies.errors });
  // The workflow is checked even when a policy is wrong (a step naming that policy is not
  // reported again: planSets skips it), so that one run reports both.
  const plan = planSets(app, policies, merged.workflows, merged.dropped);
  if (policies.errors.length === 0) for (const n of plan.notices) job.notice({ level: 'notice', application: app.name, message: n });
  if (plan.errors.length > 0) job.groups.push({ header: `${appPrefix}workflow`, errors: plan.errors });
  if (policies.errors.length > 0 || plan.errors.length > 0) return;
  for (const set of plan.sets) renderSet(job, app, set, policies, several || set.label !== app.name);
}

function renderSet(job: Job, app: Application, set: RenderSet, policies: ReadPolicies, named: boolean): void {
  const prefix = named ? `application "${app.name}"${set.label.slice(app.name.length)}: ` : '';
  const fail = (header: string, errors: readonly CueError[]): void => {
    const key = `${header}\n${errors.map((e) => e.format()).join('')}`;
    if (job.seen.has(key)) return;
    job.seen.add(key);
    job.groups.push({ header: prefix + header, errors });
  };
  let components: readonly ApplicationComponent[] = app.components;
  for (const o of set.overrides) {
    const r = applyOverride(components, o);
    if (r.errors.length > 0) return fail(`policy "${o.name}" (override)`, r.errors);
    components = r.components;
  }
  const namespace = set.topology?.namespace;
  const context = namespace ? { ...job.options.context, namespace } : job.options.context;
  const setInfo = {
    application: app.name,
    label: set.label,
    ...(set.step ? { step: set.step } : {}),
    ...(set.topology
      ? {
          topology: set.topology.name,
          ...(set.topology.clusters ? { clusters: set.topology.clusters } : {}),
          ...(set.topology.clusterLabelSelector ? { clusterLabelSelector: set.topology.clusterLabelSelector } : {}),
          ...(namespace ? { namespace } : {}),
        }
      : {}),
    policies: set.policies,
  };
  const data = components.map((c) => c.data);
  const artifacts: Record<string, Artifact> = {};
  let failed = false;
  for (const comp of components) {
    try {
      const r = renderComponent(
        { name: comp.name, type: comp.type, properties: comp.properties, traits: comp.traits.map((t) => ({ type: t.type, properties: t.properties, span: t.span })) },
        { definitions: job.definitions, platform: job.platform, context, allowUnknownProperties: job.options.allowUnknownProperties, cueContext: job.cue },
        { appName: app.name, namespace: app.namespace, appLabels: app.labels, appAnnotations: app.annotations, components: data, component: comp.data, span: comp.span },
      );
      const a: Artifact = (artifacts[comp.name] = { traits: {} });
      const mine: RenderedManifest[] = [];
      for (const o of r.objects) {
        const object = namespace ? inNamespace(o.object, namespace) : o.object;
        mine.push(manifest(setInfo, o, object));
        if (o.role === 'workload') a.workload = object;
        else (a.traits[o.trait ?? 'AuxiliaryWorkload'] ??= {})[o.outputName ?? ''] = object;
      }
      job.out.push(...mine);
      job.options.onComponent?.({ application: app, set: setInfo, component: comp, manifests: mine });
    } catch (e) {
      failed = true;
      if (e instanceof RenderError) for (const g of e.groups) fail(g.header, g.errors);
      else {
        const errs = errorsOf(e);
        if (!errs) throw e;
        fail(`component "${comp.name}" (${comp.type})`, errs);
      }
    }
  }
  // A custom policy sees the set's objects; with a component missing, its errors would mislead.
  if (failed) return;
  for (const p of policies.custom) {
    try {
      const ctx = baseContext(
        { appName: app.name, componentName: p.policy.name, namespace: app.namespace, appLabels: { ...app.labels }, appAnnotations: { ...app.annotations }, components: data, component: policyData(p) },
        job.options.context,
      );
      for (const o of renderCustomPolicy(p, { cue: job.cue, context: ctx, artifacts, platform: job.platform, allowUnknownProperties: job.options.allowUnknownProperties })) {
        job.out.push({ ...setInfo, policy: o.policy, role: 'policy', ...(o.outputName ? { outputName: o.outputName } : {}), object: o.object });
      }
    } catch (e) {
      if (e instanceof RenderError) for (const g of e.groups) fail(g.header, g.errors);
      else {
        const errs = errorsOf(e);
        if (!errs) throw e;
        fail(`policy "${p.policy.name}" (${p.policy.type})`, errs);
      }
    }
  }
}

/** `context.artifacts.<component>` of a custom policy (kubevela appfile.go prepareArtifactsData). */
interface Artifact {
  workload?: Record<string, unknown>;
  /** By trait type (`AuxiliaryWorkload` for the component's outputs), then output name. */
  traits: Record<string, Record<string, Record<string, unknown>>>;
}

function manifest(set: Omit<RenderedManifest, 'role' | 'object'>, o: RenderedObject, object: Record<string, unknown>): RenderedManifest {
  return {
    ...set,
    component: o.component,
    role: o.role,
    ...(o.trait ? { trait: o.trait } : {}),
    ...(o.outputName ? { outputName: o.outputName } : {}),
    object,
  };
}

function toDocuments(a: RenderInput, filename: string): ApplicationDocuments {
  if (typeof a === 'string') return parseDocuments(filename, a);
  if (Array.isArray(a)) return { applications: [...(a as Application[])], policies: [], workflows: [] };
  if (isDocuments(a)) return a;
  if (isParsed(a)) return { applications: [a], policies: [], workflows: [] };
  // One Application as data: read it through the JSON path so that it is checked the same way.
  return parseDocuments(filename.replace(/\.ya?ml$/i, '.json'), encodeJSON(jsToPlain(a)));
}

function isDocuments(a: object): a is ApplicationDocuments {
  return Array.isArray((a as ApplicationDocuments).applications) && Array.isArray((a as ApplicationDocuments).policies);
}

function isParsed(a: object): a is Application {
  return Array.isArray((a as Application).components) && typeof (a as Application).name === 'string' && Array.isArray((a as Application).policies);
}

/** The printed form of plain objects: a YAML stream (documents separated by `---`) or a JSON list. */
export function formatManifests(objects: readonly Record<string, unknown>[], out: 'yaml' | 'json' = 'yaml'): string {
  if (out === 'json') return encodeJSON(jsToPlain(objects));
  return objects.map((o) => encodeYAML(jsToPlain(o))).join('---\n');
}
