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
import { applyPatch, collectPatchTags, type DefaultOverride, PatchTags, strategicMerge, templateScope } from './patch/index.js';
import type { Platform } from './platform.js';
import { baseContext } from './render-context.js';
import { RenderError, type RenderErrorGroup, errorsOf } from './render-error.js';
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
  name: string;
  trait?: string;
  object: PlainValue;
}

/** Renders one component with its traits. Throws a RenderError naming component, trait and layer. */
export function renderComponent(input: ComponentInput, options: RenderOptions = {}, env: ComponentEnvironment = {}): RenderedComponent {
  const defs = options.definitions ?? new DefinitionSet();
  const ctx = options.cueContext ?? new Context();
  const where = `component "${input.name}" (${input.type})`;
  const groups: RenderErrorGroup[] = [];
  const fail = (): never => {
    throw new RenderError(groups);
  };
  const guard = <T>(header: string, f: () => T, span?: Span): T | undefined => {
    try {
      return f();
    } catch (e) {
      const errs = errorsOf(e);
      if (!errs) throw e;
      groups.push({ header, errors: span ? errs.map((x) => (x.positions.length ? x : x.withPositions([span]))) : errs });
      return undefined;
    }
  };

  const compDef = guard(where, () => defs.require(input.type, 'component'), env.span);
  const traitDefs = (input.traits ?? []).map((t) => guard(`${where}: trait "${t.type}"`, () => defs.require(t.type, 'trait'), t.span ?? env.span));
  if (!compDef || traitDefs.some((d) => !d)) fail();

  const context = baseContext(
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
  const closedParameter = !options.allowUnknownProperties;

  // 1. The component.
  const props = propertiesExpr(input.properties, `properties of ${input.name}`);
  const comp = evaluateTemplate(ctx, {
    definition: compDef!,
    properties: props,
    context: { ...context, parameter: rawProperties(input.properties) },
    platform: options.platform,
    closedParameter,
  });
  reportTemplate(groups, where, comp.errors, templateErrs(comp.value, compDef!.template.span));
  if (groups.length > 0) fail();
  const output = comp.value.lookupPath('output');
  if (!output.exists()) {
    groups.push({ header: `${where}: template errors`, errors: [new CueError(ErrorCode.render, `the ${compDef!.name} template has no output`, [], [compDef!.span])] });
    fail();
  }
  let workload = concrete(groups, where, comp.value, output, props ?? env.span);
  const overridesDefault = defaultOverride(ctx, output);
  const auxiliaries: Auxiliary[] = [];
  for (const [name, v] of regularOutputs(comp.value)) {
    const obj = concrete(groups, where, comp.value, v, props ?? env.span);
    if (obj !== undefined) auxiliaries.push({ name, object: obj });
  }
  if (groups.length > 0 || workload === undefined) fail();

  // 2. The traits, in order.
  const traitTypes = (input.traits ?? []).map((t) => t.type);
  const kinds = workloadTypes(compDef!, workload!);
  (input.traits ?? []).forEach((trait, i) => {
    const def = traitDefs[i]!;
    const twhere = `${where}: trait "${trait.type}"`;
    const rule = appliesTo(def, compDef!.name, kinds);
    const at = trait.span ?? env.span;
    if (rule) groups.push({ header: twhere, errors: [new CueError(ErrorCode.render, rule, [], at ? [at] : [])] });
    const conflicts = asStrings(def.attributes.conflictsWith).filter((c) => traitTypes.some((t, j) => j !== i && t === c));
    if (conflicts.length > 0) {
      groups.push({ header: twhere, errors: [new CueError(ErrorCode.render, `conflicts with trait ${conflicts.map((c) => `"${c}"`).join(', ')} (conflictsWith)`, [], at ? [at] : [])] });
    }
  });
  if (groups.length > 0) fail();

  (input.traits ?? []).forEach((trait, i) => {
    const def = traitDefs[i]!;
    const twhere = `${where}: trait "${trait.type}"`;
    const tprops = propertiesExpr(trait.properties, `properties of ${input.name}/${trait.type}`);
    const outputsSoFar = new PlainStruct(auxiliaries.map((a) => [a.name, a.object] as [string, PlainValue]));
    const tctx = { ...context, parameter: rawProperties(trait.properties), componentType: input.type, output: workload!, outputs: outputsSoFar }; // plain values go in as they are (no JS round trip)
    const t = evaluateTemplate(ctx, { definition: def, properties: tprops, context: tctx, platform: options.platform, closedParameter });
    reportTemplate(groups, twhere, t.errors, templateErrs(t.value, def.template.span));
    if (groups.length > 0) fail();
    for (const [name, v] of regularOutputs(t.value)) {
      const obj = concrete(groups, twhere, t.value, v, tprops ?? env.span);
      if (obj !== undefined) auxiliaries.push({ name, trait: trait.type, object: obj });
    }
    const patchField = fieldsNamed(def.template.decls, 'patch')[0];
    const patch = t.value.lookupPath('patch');
    if (patch.exists()) {
      const p = concrete(groups, twhere, t.value, patch, tprops ?? env.span);
      if (p !== undefined) {
        const tags = patchField ? collectPatchTags(patchField, templateScope(def.template)) : new PatchTags();
        const patched = guard(`${twhere}: patch errors`, () => applyPatch(workload!, p, tags, overridesDefault));
        if (patched === undefined) addPositions(groups, [patchField?.span, trait.span]);
        if (patched !== undefined) workload = patched;
      }
    }
    const patchOutputs = t.value.lookupPath('patchOutputs');
    if (patchOutputs.exists()) {
      const pf = fieldsNamed(def.template.decls, 'patchOutputs')[0];
      const allTags = pf ? collectPatchTags(pf, templateScope(def.template)) : new PatchTags();
      for (const f of patchOutputs.fields()) {
        const p = concrete(groups, twhere, t.value, f.value, tprops ?? env.span);
        if (p === undefined) continue;
        for (const aux of auxiliaries.filter((a) => a.name === f.label)) {
          const patched = guard(`${twhere}: patchOutputs.${f.label} errors`, () => strategicMerge(aux.object, p, new SubTags(allTags, f.label)));
          if (patched === undefined) addPositions(groups, [pf?.span, trait.span]);
          if (patched !== undefined) aux.object = patched;
        }
      }
    }
    if (groups.length > 0) fail();
  });

  // 3. Labels and namespace.
  const common = {
    appName: context.appName,
    component: input.name,
    appRevision: context.appRevision,
    namespace: context.namespace,
    replicaKey: context.replicaKey,
  };
  const objects: RenderedObject[] = [
    { component: input.name, role: 'workload', object: toObject(addLabelsAndNamespace(workload!, { ...common, workloadType: input.type, defaultName: input.name })) },
    ...auxiliaries.map(
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

/** Patch errors have no positions of their own: the trait's patch field and its use in the Application. */
function addPositions(groups: RenderErrorGroup[], spans: (Span | undefined)[]): void {
  const g = groups[groups.length - 1];
  if (!g) return;
  const add = spans.filter((s): s is Span => s !== undefined);
  (g as { errors: readonly CueError[] }).errors = g.errors.map((e) => e.withPositions([...e.positions, ...add]));
}

/** The tags of `patchOutputs.<name>`, seen from that entry. */
class SubTags extends PatchTags {
  constructor(
    private readonly all: PatchTags,
    private readonly prefix: string,
  ) {
    super();
  }
  override get(path: readonly (string | number)[]) {
    return this.all.get([this.prefix, ...path]);
  }
}

function reportTemplate(groups: RenderErrorGroup[], where: string, errors: TemplateErrors, errs: CueError[]): void {
  if (errors.parameter.length > 0) groups.push({ header: `${where}: parameter errors`, errors: errors.parameter });
  const template = [...errs, ...errors.template];
  if (template.length > 0) groups.push({ header: `${where}: template errors`, errors: template });
}

/**
 * A value as concrete data. When it is incomplete because a parameter is missing, the
 * parameter errors are reported instead (KubeVela would say `output...image: incomplete
 * value`, hiding the cause: kubevela#6505), with the position of the properties.
 */
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

function concrete(groups: RenderErrorGroup[], where: string, root: Value, v: Value, at: Expr | Span | undefined): PlainValue | undefined {
  try {
    return v.toPlain();
  } catch (e) {
    const errs = errorsOf(e);
    if (!errs) throw e;
    if (errs.every((x) => x.isIncomplete)) {
      const param = root.lookupPath('parameter').validate({ concrete: true }).filter((x) => x.isIncomplete);
      if (param.length > 0) {
        const span = at === undefined ? undefined : 'type' in at ? at.span : at;
        const withProps = param.map((x) => (span ? x.withPositions([...x.positions, span]) : x));
        const header = `${where}: parameter errors`;
        const existing = groups.find((g) => g.header === header);
        if (!existing) groups.push({ header, errors: withProps });
        return undefined;
      }
    }
    groups.push({ header: `${where}: template errors`, errors: errs });
    return undefined;
  }
}

/** The regular fields of `outputs` (not hidden, not definitions, not optional). */
function regularOutputs(root: Value): [string, Value][] {
  const outs = root.lookupPath('outputs');
  if (!outs.exists()) return [];
  return outs.fields().map((f) => [f.label, f.value]);
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
function rawProperties(p: Properties | undefined): unknown {
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
