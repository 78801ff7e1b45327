/**
 * Renders one component and its traits into Kubernetes objects, in KubeVela's order
 * (pkg/appfile/appfile.go baseGenerateComponent; docs/kubevela-notes.md "Order"):
 *
 * 1. the component template gives the workload (`output`, which must be concrete) and
 *    auxiliaries (`outputs`: regular fields only);
 * 2. each trait, in the order listed, sees `context.output` (the workload patched so far),
 *    `context.outputs` (auxiliaries so far, by name) and `context.componentType`; its `outputs`
 *    are more auxiliaries, its `patch` is merged into the workload (patch/), its
 *    `patchOutputs.<name>` into the auxiliary of that name (strategic merge);
 * 3. labels and namespace are added (labels.ts).
 *
 * `appliesToWorkloads` and `conflictsWith` of traits are enforced (issue 5; KubeVela itself
 * only uses them to filter definitions in its CLI and UI).
 */
import { Context } from '../api/context.js';
import type { Value } from '../api/value.js';
import { parseJSONExpr, toPlain as toPlainExpr } from '../encoding/index.js';
import { jsToPlain, plainToJS } from '../api/encode.js';
import { encodeJSON } from '../encoding/index.js';
import { CueError, CueErrorList, ErrorCode } from '../errors/index.js';
import { PlainStruct, type PlainValue } from '../plain/plain-value.js';
import { Source, type Span } from '../source/index.js';
import type { Expr } from '../syntax/ast.js';
import type { Definition } from './definition.js';
import { DefinitionSet } from './definition-set.js';
import { evaluateTemplate, templateErrs, type TemplateErrors } from './evaluate-template.js';
import { addLabelsAndNamespace } from './labels.js';
import { applyPatch, collectPatchTags, type DefaultOverride, strategicMerge, templateScope } from './patch/index.js';
import type { Platform } from './platform.js';
import { type RenderContext, baseContext } from './render-context.js';
import { RenderError, type RenderErrorGroup, errorsOf } from './render-error.js';
import { withWorkloadOrigins } from './patch-origin.js';
import { fieldsNamed } from './syntax-util.js';
import { appliesTo, workloadTypes } from './workload-type.js';

/** Properties as syntax (from an Application file, with positions) or as plain data. */
export type Properties = Expr | Record<string, unknown>;

export interface TraitInput {
  type: string;
  properties?: Properties;
  /** Where the trait is written in the Application (added to its errors), if known. */
  span?: Span;
}

export interface ComponentInput {
  name: string;
  type: string;
  properties?: Properties;
  traits?: readonly TraitInput[];
}

export interface RenderOptions {
  /** The definitions (default: the built-ins only). */
  definitions?: DefinitionSet;
  platform?: Platform;
  /** Context fields that replace the defaults (render-context.ts). */
  context?: Readonly<Record<string, unknown>>;
  /** Accept properties the parameter schema does not declare (KubeVela's default). */
  allowUnknownProperties?: boolean;
  /** The evaluation context to use (default: a fresh one per render). */
  cueContext?: Context;
}

/** Everything the Application contributes to the context of one component. */
export interface ComponentEnvironment {
  appName?: string;
  namespace?: string;
  appLabels?: Record<string, string>;
  appAnnotations?: Record<string, string>;
  components?: unknown[];
  /** The component as written (for `context.revision`). */
  component?: unknown;
  /** Where the component is written (for errors), if known. */
  span?: Span;
}

export interface RenderedObject {
  /** The component it belongs to. */
  readonly component: string;
  /** `workload` (the component's `output`) or `auxiliary` (an `outputs` entry). */
  readonly role: 'workload' | 'auxiliary';
  /** The trait that produced it (auxiliaries from a trait's `outputs`). */
  readonly trait?: string;
  /** The `outputs` field name (auxiliaries). */
  readonly outputName?: string;
  /** The Kubernetes object as JSON-like data (ints beyond 2^53 stay bigints). */
  readonly object: Record<string, unknown>;
}

export interface RenderedComponent {
  readonly name: string;
  readonly type: string;
  /** The workload, then the component's outputs, then each trait's outputs. */
  readonly objects: readonly RenderedObject[];
}

interface Auxiliary {
  readonly name: string;
  readonly trait?: string;
  readonly object: PlainValue;
}

/** What the component and the traits so far have produced. */
interface Rendered {
  readonly workload: PlainValue;
  readonly auxiliaries: readonly Auxiliary[];
}

/** The definitions a component needs, found before anything is evaluated. */
interface Definitions {
  readonly component: Definition;
  readonly traits: readonly Definition[];
}

/** What every step reads: the inputs and the context shared by the component and its traits. */
interface Job {
  readonly input: ComponentInput;
  readonly traits: readonly TraitInput[];
  readonly options: RenderOptions;
  readonly env: ComponentEnvironment;
  readonly cue: Context;
  readonly context: RenderContext;
  /** `component "orders" (webservice)`: the start of every error header. */
  readonly where: string;
  /** What built the workload so far: the template's `output`, then each trait's `patch` (patch-origin.ts). */
  readonly layers: Value[];
}

/**
 * Errors under headers, collected by one step. Errors under a header that is already there
 * join that group: none is dropped, and the printed list has each header once.
 */
export class ErrorGroups {
  private readonly groups = new Map<string, CueError[]>();

  add(header: string, errors: readonly CueError[]): void {
    const g = this.groups.get(header);
    if (g) g.push(...errors);
    else this.groups.set(header, [...errors]);
  }

  /** Ends the step with a RenderError when it collected any error. */
  throwIfAny(): void {
    if (this.groups.size === 0) return;
    throw new RenderError([...this.groups].map(([header, errors]): RenderErrorGroup => ({ header, errors })));
  }
}

/** Renders one component with its traits. Throws a RenderError naming component, trait and layer. */
export function renderComponent(input: ComponentInput, options: RenderOptions = {}, env: ComponentEnvironment = {}): RenderedComponent {
  const defs = findDefinitions(input, options, env);
  const job: Job = {
    input,
    traits: input.traits ?? [],
    options,
    env,
    cue: options.cueContext ?? new Context(),
    context: componentContext(input, options, env),
    where: `component "${input.name}" (${input.type})`,
    layers: [],
  };
  const comp = renderWorkload(job, defs.component);
  checkTraitRules(job, defs, comp.workload);
  let rendered: Rendered = comp;
  job.traits.forEach((trait, i) => {
    rendered = applyTrait(job, trait, defs.traits[i]!, rendered, comp.overridesDefault);
  });
  return labelled(job, rendered);
}

/** Step 0: every definition named, or one error per missing one. */
function findDefinitions(input: ComponentInput, options: RenderOptions, env: ComponentEnvironment): Definitions {
  const defs = options.definitions ?? new DefinitionSet();
  const where = `component "${input.name}" (${input.type})`;
  const errors = new ErrorGroups();
  const find = (type: string, kind: 'component' | 'trait', header: string, span: Span | undefined): Definition | undefined => {
    const r = attempt(() => defs.require(type, kind));
    if ('errors' in r) errors.add(header, span ? r.errors.map((x) => (x.positions.length ? x : x.withPositions([span]))) : r.errors);
    return 'value' in r ? r.value : undefined;
  };
  const component = find(input.type, 'component', where, env.span);
  const traits = (input.traits ?? []).map((t) => find(t.type, 'trait', `${where}: trait "${t.type}"`, t.span ?? env.span));
  errors.throwIfAny();
  return { component: component!, traits: traits as Definition[] };
}

function componentContext(input: ComponentInput, options: RenderOptions, env: ComponentEnvironment): RenderContext {
  return baseContext(
    {
      appName: env.appName ?? 'app',
      componentName: input.name,
      namespace: env.namespace,
      appLabels: env.appLabels,
      appAnnotations: env.appAnnotations,
      components: env.components ?? [{ name: input.name, type: input.type, ...(input.properties && !isExpr(input.properties) ? { properties: input.properties } : {}) }],
      component: env.component ?? { name: input.name, type: input.type },
    },
    options.context,
  );
}

/** Step 1: the component template gives the workload (`output`) and its `outputs`. */
function renderWorkload(job: Job, def: Definition): Rendered & { overridesDefault: DefaultOverride } {
  const { input, where } = job;
  const errors = new ErrorGroups();
  const props = propertiesExpr(input.properties, `properties of ${input.name}`);
  const comp = evaluateTemplate(job.cue, {
    definition: def,
    properties: props,
    context: { ...job.context, parameter: rawProperties(input.properties) },
    platform: job.options.platform,
    closedParameter: !job.options.allowUnknownProperties,
  });
  reportTemplate(errors, where, comp.errors, templateErrs(comp.value, def.template.span));
  errors.throwIfAny();
  const output = comp.value.lookupPath('output');
  if (!output.exists()) {
    errors.add(`${where}: template errors`, [new CueError(ErrorCode.render, `the ${def.name} template has no output`, [], [def.span])]);
    errors.throwIfAny();
  }
  const at = props ?? job.env.span;
  const workload = concrete(errors, where, comp.value, output, at);
  job.layers.push(output);
  const auxiliaries: Auxiliary[] = [];
  for (const [name, object] of regularOutputs(errors, where, comp.value, at)) auxiliaries.push({ name, object });
  errors.throwIfAny();
  return { workload: workload!, auxiliaries, overridesDefault: defaultOverride(job.cue, output) };
}

/** Step 2a: `appliesToWorkloads` and `conflictsWith`, for every trait before any is evaluated. */
function checkTraitRules(job: Job, defs: Definitions, workload: PlainValue): void {
  const errors = new ErrorGroups();
  const traitTypes = job.traits.map((t) => t.type);
  const kinds = workloadTypes(defs.component, workload);
  job.traits.forEach((trait, i) => {
    const def = defs.traits[i]!;
    const header = `${job.where}: trait "${trait.type}"`;
    const at = trait.span ?? job.env.span;
    const rule = appliesTo(def, defs.component.name, kinds);
    if (rule) errors.add(header, [new CueError(ErrorCode.render, rule, [], at ? [at] : [])]);
    const conflicts = asStrings(def.attributes.conflictsWith).filter((c) => traitTypes.some((t, j) => j !== i && t === c));
    if (conflicts.length > 0) {
      errors.add(header, [new CueError(ErrorCode.render, `conflicts with trait ${conflicts.map((c) => `"${c}"`).join(', ')} (conflictsWith)`, [], at ? [at] : [])]);
    }
  });
  errors.throwIfAny();
}

/**
 * Step 2b: one trait, seeing the workload and auxiliaries so far in its context; its
 * `outputs` are added, its `patch` merged into the workload, `patchOutputs.<name>` into the
 * auxiliaries of that name.
 */
function applyTrait(job: Job, trait: TraitInput, def: Definition, so: Rendered, overridesDefault: DefaultOverride): Rendered {
  const header = `${job.where}: trait "${trait.type}"`;
  const errors = new ErrorGroups();
  const props = propertiesExpr(trait.properties, `properties of ${job.input.name}/${trait.type}`);
  const outputsSoFar = new PlainStruct(so.auxiliaries.map((a) => [a.name, a.object] as [string, PlainValue]));
  // Plain values go into the context as they are (no JS round trip).
  const context = { ...job.context, parameter: rawProperties(trait.properties), componentType: job.input.type, output: so.workload, outputs: outputsSoFar };
  const t = evaluateTemplate(job.cue, { definition: def, properties: props, context, platform: job.options.platform, closedParameter: !job.options.allowUnknownProperties });
  reportTemplate(errors, header, t.errors, templateErrs(t.value, def.template.span));
  errors.throwIfAny();
  const at = props ?? job.env.span;

  const auxiliaries: Auxiliary[] = [...so.auxiliaries];
  for (const [name, object] of regularOutputs(errors, header, t.value, at)) auxiliaries.push({ name, trait: trait.type, object });

  let workload = so.workload;
  const patch = t.value.lookupPath('patch');
  if (patch.exists()) {
    const p = concrete(errors, header, t.value, patch, at);
    if (p !== undefined) {
      const fields = fieldsNamed(def.template.decls, 'patch');
      const field = fields[0];
      const tags = collectPatchTags(fields, templateScope(def.template));
      const r = attempt(() => applyPatch(workload, p, tags, overridesDefault));
      if ('value' in r) {
        workload = r.value;
        job.layers.push(patch);
      } else errors.add(`${header}: patch errors`, withPositions(withWorkloadOrigins(r.errors, job.layers, workload), [field?.span, trait.span]));
    }
  }

  const patchOutputs = t.value.lookupPath('patchOutputs');
  if (patchOutputs.exists()) {
    const fields = fieldsNamed(def.template.decls, 'patchOutputs');
    const field = fields[0];
    const tags = collectPatchTags(fields, templateScope(def.template));
    for (const f of patchOutputs.fields()) {
      const p = concrete(errors, header, t.value, f.value, at);
      if (p === undefined) continue;
      auxiliaries.forEach((aux, i) => {
        if (aux.name !== f.label) return;
        const r = attempt(() => strategicMerge(aux.object, p, tags.at(f.label)));
        if ('value' in r) auxiliaries[i] = { ...aux, object: r.value };
        else errors.add(`${header}: patchOutputs.${f.label} errors`, withPositions(r.errors, [field?.span, trait.span]));
      });
    }
  }
  errors.throwIfAny();
  return { workload, auxiliaries };
}

/** Step 3: labels and namespace on every object. */
function labelled(job: Job, r: Rendered): RenderedComponent {
  const { input, context } = job;
  const common = {
    appName: context.appName,
    component: input.name,
    appRevision: context.appRevision,
    namespace: context.namespace,
    replicaKey: context.replicaKey,
  };
  const objects: RenderedObject[] = [
    { component: input.name, role: 'workload', object: toObject(addLabelsAndNamespace(r.workload, { ...common, workloadType: input.type, defaultName: input.name })) },
    ...r.auxiliaries.map(
      (a): RenderedObject => ({
        component: input.name,
        role: 'auxiliary',
        ...(a.trait ? { trait: a.trait } : {}),
        outputName: a.name,
        object: toObject(addLabelsAndNamespace(a.object, { ...common, traitType: a.trait ?? 'AuxiliaryWorkload', resource: a.name, defaultName: `${input.name}-${a.name}` })),
      }),
    ),
  ];
  return { name: input.name, type: input.type, objects };
}

/** Runs `f`; a CueError or CueErrorList it throws becomes data, anything else is rethrown. */
function attempt<T>(f: () => T): { value: T } | { errors: CueError[] } {
  try {
    return { value: f() };
  } catch (e) {
    const errors = errorsOf(e);
    if (!errors) throw e;
    return { errors };
  }
}

/** Patch errors have no positions of their own: the trait's patch field and its use in the Application. */
function withPositions(errors: readonly CueError[], spans: readonly (Span | undefined)[]): CueError[] {
  const add = spans.filter((s): s is Span => s !== undefined);
  return errors.map((e) => e.withPositions([...e.positions, ...add]));
}

export function reportTemplate(errors: ErrorGroups, where: string, template: TemplateErrors, errs: CueError[]): void {
  if (template.parameter.length > 0) errors.add(`${where}: parameter errors`, template.parameter);
  const other = [...errs, ...template.template];
  if (other.length > 0) errors.add(`${where}: template errors`, other);
}

/**
 * KubeVela patches the workload while its defaults are still defaults: a trait may replace a
 * field that took the template's default (`replicas: *1 | int`) with any value the field
 * allows. Found lazily from the evaluated `output`; once replaced, a field is no longer a
 * default (a second trait that disagrees conflicts, as in KubeVela).
 */
function defaultOverride(ctx: Context, output: Value): DefaultOverride {
  const replaced = new Set<string>();
  return (path, patch) => {
    const key = JSON.stringify(path);
    if (replaced.has(key)) return false;
    const field = output.lookupPath(path as (string | number)[]);
    if (!field.exists() || field.isConcrete() || !field.default().isConcrete()) return false;
    if (field.unify(ctx.encode(patch)).validate({ concrete: true }).length > 0) return false;
    replaced.add(key);
    return true;
  };
}

/**
 * A value as concrete data. When it is incomplete because a parameter is missing, the
 * parameter errors are reported instead (KubeVela would say `output...image: incomplete
 * value`, hiding the cause: kubevela#6505), with the position of the properties.
 */
export function concrete(errors: ErrorGroups, where: string, root: Value, v: Value, at: Expr | Span | undefined): PlainValue | undefined {
  const r = attempt(() => v.toPlain());
  if ('value' in r) return r.value;
  if (r.errors.every((x) => x.isIncomplete)) {
    const param = root.lookupPath('parameter').validate({ concrete: true }).filter((x) => x.isIncomplete);
    if (param.length > 0) {
      const span = at === undefined ? undefined : 'type' in at ? at.span : at;
      errors.add(`${where}: parameter errors`, param.map((x) => (span ? x.withPositions([...x.positions, span]) : x)));
      return undefined;
    }
  }
  errors.add(`${where}: template errors`, r.errors);
  return undefined;
}

/**
 * The concrete regular fields of `outputs` (not hidden, not definitions, not optional), each
 * with its object; errors go to `errors`. A field whose label is not concrete yet
 * (`"cm-\(parameter.name)": {...}` with no name given) is not a field at all: `outputs`
 * itself is then incomplete, and that is reported rather than rendering without it.
 */
export function regularOutputs(errors: ErrorGroups, where: string, root: Value, at: Expr | Span | undefined): [string, PlainValue][] {
  const outs = root.lookupPath('outputs');
  if (!outs.exists()) return [];
  if (outs.ownError()) {
    concrete(errors, where, root, outs, at);
    return [];
  }
  const out: [string, PlainValue][] = [];
  for (const f of outs.fields()) {
    const object = concrete(errors, where, root, f.value, at);
    if (object !== undefined) out.push([f.label, object]);
  }
  return out;
}

function isExpr(p: Properties): p is Expr {
  return typeof (p as { type?: unknown }).type === 'string' && 'span' in p;
}

/** Properties given as data become syntax in a synthetic JSON file (positions point there). */
function propertiesExpr(p: Properties | undefined, name: string): Expr | undefined {
  if (p === undefined) return undefined;
  if (isExpr(p)) return p;
  const r = parseJSONExpr(new Source(`<${name}>`, encodeJSON(jsToPlain(p))));
  if (r.errors.length > 0 || !r.expr) throw new CueErrorList(r.errors);
  return r.expr;
}

/** `context.parameter`: the raw properties (no defaults). */
export function rawProperties(p: Properties | undefined): unknown {
  if (p === undefined) return {};
  if (!isExpr(p)) return p;
  const errors: CueError[] = [];
  const v = toPlainExpr(p, errors);
  return errors.length > 0 ? {} : v; // plain: goes into the context as it is
}

function toObject(v: PlainValue): Record<string, unknown> {
  return plainToJS(v) as Record<string, unknown>;
}

function asStrings(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
}

export type { Definition };
