/**
 * Applications (core.oam.dev/v1beta1, kind Application) read from YAML or JSON, several per
 * stream, and the standalone Policy and Workflow documents (core.oam.dev/v1alpha1) that
 * `vela dry-run` accepts next to them. Each component's, trait's, policy's and workflow
 * step's `properties` is kept as CUE syntax with its positions in the file, so that an error
 * points at the user's line.
 */
import { CueError, CueErrorList, ErrorCode } from '../errors/index.js';
import { parseJSONExpr, parseYAMLStream, toPlain } from '../encoding/index.js';
import { plainToJS } from '../api/encode.js';
import { Source, type Span } from '../source/index.js';
import type { Expr, StructLit } from '../syntax/ast.js';
import { labelString } from './syntax-util.js';

export interface ApplicationTrait {
  readonly type: string;
  /** The properties as syntax (positions in the Application file); undefined when absent. */
  readonly properties?: Expr;
  readonly span: Span;
}

export interface ApplicationComponent {
  readonly name: string;
  readonly type: string;
  readonly properties?: Expr;
  readonly traits: readonly ApplicationTrait[];
  /** The component as plain data (for `context.components` and the revision hash). */
  readonly data: Record<string, unknown>;
  readonly span: Span;
}

/** One entry of `spec.policies`, or a standalone Policy document. */
export interface ApplicationPolicy {
  /** The name; KubeVela names an unnamed policy `<type>-auto-gen-<index>` (`generatedName`). */
  readonly name: string;
  readonly type: string;
  /** The properties as syntax; undefined when absent or null (KubeVela: "empty properties"). */
  readonly properties?: Expr;
  readonly generatedName?: boolean;
  readonly span: Span;
}

/** One workflow step (`spec.workflow.steps[i]`, a Workflow document's `steps[i]`, or a sub-step). */
export interface WorkflowStep {
  readonly name: string;
  readonly type: string;
  readonly properties?: Expr;
  /** `subSteps` of a step-group (empty otherwise). */
  readonly subSteps: readonly WorkflowStep[];
  readonly span: Span;
}

/** `spec.workflow`: inline steps, or a reference to a Workflow by name. */
export interface ApplicationWorkflow {
  /** Undefined when the workflow has no `steps` field (`steps: []` is an empty list). */
  readonly steps?: readonly WorkflowStep[];
  readonly ref?: string;
  readonly span: Span;
}

export interface Application {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly components: readonly ApplicationComponent[];
  /** `spec.policies`, in order (unnamed ones named as KubeVela names them). */
  readonly policies: readonly ApplicationPolicy[];
  /** `spec.workflow`, when present. */
  readonly workflow?: ApplicationWorkflow;
  readonly span: Span;
}

/** A standalone Workflow document (core.oam.dev/v1alpha1, kind Workflow). */
export interface StandaloneWorkflow {
  readonly name: string;
  readonly steps: readonly WorkflowStep[];
  readonly span: Span;
}

/** What a stream of Application, Policy and Workflow documents holds. */
export interface ApplicationDocuments {
  readonly applications: readonly Application[];
  /** Standalone Policy documents (their `type` and `properties` are at the top level). */
  readonly policies: readonly ApplicationPolicy[];
  readonly workflows: readonly StandaloneWorkflow[];
}

/**
 * Reads every Application in a YAML stream (or a JSON document). Empty documents are skipped.
 * Throws a CueErrorList naming every problem with its position; a Policy or Workflow document
 * is an error here (parseDocuments reads them).
 */
export function parseApplications(name: string, text: string): Application[] {
  const docs = readDocuments(name, text, false);
  if (docs.applications.length === 0) throw new CueErrorList([new CueError(ErrorCode.render, `${name}: no Application found`)]);
  return [...docs.applications];
}

/**
 * Reads the Applications, standalone Policies and Workflows of a YAML stream (or a JSON
 * document or list), as `vela dry-run -f` accepts them. A stream may hold any of them; an
 * empty stream gives empty lists.
 */
export function parseDocuments(name: string, text: string): ApplicationDocuments {
  return readDocuments(name, text, true);
}

function readDocuments(name: string, text: string, others: boolean): ApplicationDocuments {
  const src = new Source(name, text);
  let exprs: Expr[];
  if (/\.json$/i.test(name)) {
    const r = parseJSONExpr(src);
    if (r.errors.length > 0) throw new CueErrorList(r.errors);
    // A JSON file holds one document, or a list of them.
    exprs = !r.expr ? [] : r.expr.type === 'ListLit' ? r.expr.elts.filter((x): x is Expr => x.type !== 'Comprehension' && x.type !== 'Ellipsis') : [r.expr];
  } else {
    const r = parseYAMLStream(src);
    if (r.errors.length > 0) throw new CueErrorList(r.errors);
    exprs = r.exprs;
  }
  const errors: CueError[] = [];
  const applications: Application[] = [];
  const policies: ApplicationPolicy[] = [];
  const workflows: StandaloneWorkflow[] = [];
  for (const e of exprs) {
    if (isEmptyDocument(e)) continue;
    const top = mapping(e);
    if (!top) {
      err(errors, [], others ? 'a document must be a mapping' : 'an Application must be a mapping', e.span);
      continue;
    }
    const kind = str(top.get('kind'));
    if (kind === 'Application') {
      const app = readApplication(e, top, errors);
      if (app) applications.push(app);
    } else if (others && kind === 'Policy') {
      const p = readStandalonePolicy(e, top, errors);
      if (p) policies.push(p);
    } else if (others && kind === 'Workflow') {
      const w = readStandaloneWorkflow(e, top, errors);
      if (w) workflows.push(w);
    } else {
      const want = others ? 'Application, Policy or Workflow' : 'Application';
      err(errors, ['kind'], `expected kind: ${want}, found ${kind === undefined ? 'none' : JSON.stringify(kind)}`, (top.get('kind') ?? e).span);
    }
  }
  if (errors.length > 0) throw new CueErrorList(errors);
  return { applications, policies, workflows };
}

function isEmptyDocument(e: Expr): boolean {
  // An empty document decodes to `*null | _`; a document holding `null` is empty too.
  return (e.type === 'BinaryExpr' && e.op === '|') || (e.type === 'BasicLit' && e.kind === 'null');
}

function err(errors: CueError[], path: string[], message: string, span: Span): void {
  errors.push(new CueError(ErrorCode.render, message, path, [span]));
}

/** The fields of a decoded mapping, by name. */
function mapping(e: Expr): Map<string, Expr> | undefined {
  if (e.type !== 'StructLit') return undefined;
  const out = new Map<string, Expr>();
  for (const d of (e as StructLit).decls) {
    if (d.type !== 'Field') continue;
    const l = labelString(d.label);
    if (l !== undefined) out.set(l, d.value);
  }
  return out;
}

/** Syntax read from a data file, as JSON-like data. */
export function plain(e: Expr): unknown {
  const errors: CueError[] = [];
  const v = toPlain(e, errors);
  if (errors.length > 0) throw new CueErrorList(errors);
  return plainToJS(v);
}

function str(e: Expr | undefined): string | undefined {
  return e && e.type === 'BasicLit' && e.kind === 'string' ? e.value : undefined;
}

function stringMap(e: Expr | undefined, path: string[], errors: CueError[]): Record<string, string> {
  if (!e) return {};
  const m = mapping(e);
  if (!m) {
    err(errors, path, 'must be a mapping of strings', e.span);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of m) {
    const s = str(v);
    if (s === undefined) err(errors, [...path, k], 'must be a string', v.span);
    else out[k] = s;
  }
  return out;
}

function readApplication(e: Expr, top: Map<string, Expr>, errors: CueError[]): Application | undefined {
  const meta = top.get('metadata');
  const metaMap = meta ? mapping(meta) : undefined;
  const name = str(metaMap?.get('name'));
  if (!name) err(errors, ['metadata', 'name'], 'the Application needs a name', (meta ?? e).span);
  const nsExpr = metaMap?.get('namespace');
  const namespace = str(nsExpr);
  if (nsExpr && namespace === undefined) err(errors, ['metadata', 'namespace'], 'must be a string', nsExpr.span);
  const labels = stringMap(metaMap?.get('labels'), ['metadata', 'labels'], errors);
  const annotations = stringMap(metaMap?.get('annotations'), ['metadata', 'annotations'], errors);
  const spec = top.get('spec');
  const specMap = spec ? mapping(spec) : undefined;
  if (!specMap) {
    err(errors, ['spec'], 'the Application needs spec.components', (spec ?? e).span);
    return undefined;
  }
  const comps = specMap.get('components');
  const components: ApplicationComponent[] = [];
  if (!comps || comps.type !== 'ListLit') {
    err(errors, ['spec', 'components'], 'must be a list of components', (comps ?? spec!).span);
  } else {
    const seen = new Map<string, Span>();
    comps.elts.forEach((c, i) => {
      const path = ['spec', 'components', String(i)];
      if (c.type === 'Comprehension' || c.type === 'Ellipsis') return;
      const cm = mapping(c);
      if (!cm) return err(errors, path, 'a component must be a mapping', c.span);
      const cname = str(cm.get('name'));
      const ctype = str(cm.get('type'));
      if (!cname) err(errors, [...path, 'name'], 'a component needs a name', c.span);
      if (!ctype) err(errors, [...path, 'type'], 'a component needs a type', c.span);
      if (cname && seen.has(cname)) {
        errors.push(new CueError(ErrorCode.render, `component name "${cname}" is used twice`, path, [seen.get(cname)!, c.span]));
      }
      if (cname) seen.set(cname, c.span);
      const traits: ApplicationTrait[] = [];
      const texpr = cm.get('traits');
      if (texpr && texpr.type === 'ListLit') {
        texpr.elts.forEach((t, j) => {
          if (t.type === 'Comprehension' || t.type === 'Ellipsis') return;
          const tm = mapping(t);
          const ttype = tm ? str(tm.get('type')) : undefined;
          if (!ttype) return err(errors, [...path, 'traits', String(j), 'type'], 'a trait needs a type', t.span);
          traits.push({ type: ttype, properties: propertiesOf(tm!.get('properties'), [...path, 'traits', String(j)], errors), span: t.span });
        });
      } else if (texpr && !isNull(texpr)) err(errors, [...path, 'traits'], 'must be a list of traits', texpr.span);
      if (cname && ctype) {
        components.push({ name: cname, type: ctype, properties: propertiesOf(cm.get('properties'), path, errors), traits, data: plain(c) as Record<string, unknown>, span: c.span });
      }
    });
  }
  const policies = readPolicies(specMap.get('policies'), errors);
  const workflow = readWorkflow(specMap.get('workflow'), errors);
  if (!name) return undefined;
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels,
    annotations,
    components,
    policies,
    ...(workflow ? { workflow } : {}),
    span: e.span,
  };
}

/** `spec.policies`: a list of `{name, type, properties}`; KubeVela names unnamed ones `<type>-auto-gen-<index>`. */
function readPolicies(e: Expr | undefined, errors: CueError[]): ApplicationPolicy[] {
  if (!e || isNull(e)) return [];
  if (e.type !== 'ListLit') {
    err(errors, ['spec', 'policies'], 'must be a list of policies', e.span);
    return [];
  }
  const out: ApplicationPolicy[] = [];
  e.elts.forEach((p, i) => {
    if (p.type === 'Comprehension' || p.type === 'Ellipsis') return;
    const path = ['spec', 'policies', String(i)];
    const pm = mapping(p);
    if (!pm) return err(errors, path, 'a policy must be a mapping', p.span);
    const type = str(pm.get('type'));
    if (!type) return err(errors, [...path, 'type'], 'a policy needs a type', p.span);
    const nameExpr = pm.get('name');
    const given = str(nameExpr);
    if (nameExpr && !isNull(nameExpr) && given === undefined) return err(errors, [...path, 'name'], 'must be a string', nameExpr.span);
    const properties = policyProperties(pm.get('properties'), path, errors);
    out.push({ name: given || `${type}-auto-gen-${i}`, type, ...(properties ? { properties } : {}), ...(given ? {} : { generatedName: true }), span: p.span });
  });
  return out;
}

function policyProperties(e: Expr | undefined, path: string[], errors: CueError[]): Expr | undefined {
  if (!e || isNull(e)) return undefined;
  if (e.type !== 'StructLit') {
    err(errors, [...path, 'properties'], 'properties must be a mapping', e.span);
    return undefined;
  }
  return e;
}

/** `spec.workflow`: `steps` and/or `ref` (both is an error later, as in KubeVela). */
function readWorkflow(e: Expr | undefined, errors: CueError[]): ApplicationWorkflow | undefined {
  if (!e || isNull(e)) return undefined;
  const m = mapping(e);
  if (!m) {
    err(errors, ['spec', 'workflow'], 'must be a mapping (steps, ref, mode)', e.span);
    return undefined;
  }
  const refExpr = m.get('ref');
  const ref = str(refExpr);
  if (refExpr && !isNull(refExpr) && ref === undefined) err(errors, ['spec', 'workflow', 'ref'], 'must be a string', refExpr.span);
  const stepsExpr = m.get('steps');
  const steps = stepsExpr && !isNull(stepsExpr) ? readSteps(stepsExpr, ['spec', 'workflow', 'steps'], errors) : undefined;
  return { ...(steps ? { steps } : {}), ...(ref ? { ref } : {}), span: e.span };
}

function readSteps(e: Expr, path: string[], errors: CueError[]): WorkflowStep[] {
  if (e.type !== 'ListLit') {
    err(errors, path, 'must be a list of steps', e.span);
    return [];
  }
  const out: WorkflowStep[] = [];
  e.elts.forEach((s, i) => {
    if (s.type === 'Comprehension' || s.type === 'Ellipsis') return;
    const p = [...path, String(i)];
    const sm = mapping(s);
    if (!sm) return err(errors, p, 'a workflow step must be a mapping', s.span);
    const name = str(sm.get('name'));
    const type = str(sm.get('type'));
    if (!name) err(errors, [...p, 'name'], 'a workflow step needs a name', s.span);
    if (!type) err(errors, [...p, 'type'], 'a workflow step needs a type', s.span);
    const properties = policyProperties(sm.get('properties'), p, errors);
    const subExpr = sm.get('subSteps');
    const subSteps = subExpr && !isNull(subExpr) ? readSteps(subExpr, [...p, 'subSteps'], errors) : [];
    if (name && type) out.push({ name, type, ...(properties ? { properties } : {}), subSteps, span: s.span });
  });
  return out;
}

/** A Policy document: `metadata.name`, with `type` and `properties` at the top level. */
function readStandalonePolicy(e: Expr, top: Map<string, Expr>, errors: CueError[]): ApplicationPolicy | undefined {
  const meta = top.get('metadata');
  const name = str(meta ? mapping(meta)?.get('name') : undefined);
  if (!name) err(errors, ['metadata', 'name'], 'the Policy needs a name', (meta ?? e).span);
  const type = str(top.get('type'));
  if (!type) err(errors, ['type'], 'the Policy needs a type', e.span);
  const properties = policyProperties(top.get('properties'), [], errors);
  if (!name || !type) return undefined;
  return { name, type, ...(properties ? { properties } : {}), span: e.span };
}

/** A Workflow document: `metadata.name` and `steps` at the top level. */
function readStandaloneWorkflow(e: Expr, top: Map<string, Expr>, errors: CueError[]): StandaloneWorkflow | undefined {
  const meta = top.get('metadata');
  const name = str(meta ? mapping(meta)?.get('name') : undefined);
  if (!name) err(errors, ['metadata', 'name'], 'the Workflow needs a name', (meta ?? e).span);
  const stepsExpr = top.get('steps');
  const steps = stepsExpr && !isNull(stepsExpr) ? readSteps(stepsExpr, ['steps'], errors) : [];
  if (!name) return undefined;
  return { name, steps, span: e.span };
}

function isNull(e: Expr): boolean {
  return e.type === 'BasicLit' && e.kind === 'null';
}

/** Properties must be a mapping; `null` or absent means none. */
function propertiesOf(e: Expr | undefined, path: string[], errors: CueError[]): Expr | undefined {
  if (!e || isNull(e)) return undefined;
  if (e.type !== 'StructLit') {
    err(errors, [...path, 'properties'], 'properties must be a mapping', e.span);
    return undefined;
  }
  return e;
}
