/**
 * Applications (core.oam.dev/v1beta1, kind Application) read from YAML or JSON, several per
 * stream. Each component's and trait's `properties` is kept as CUE syntax with its positions
 * in the Application file, so that a parameter error points at the user's line.
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

export interface Application {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly components: readonly ApplicationComponent[];
  /** `spec.policies` / `spec.workflow` are present (not applied yet: the CLI prints a notice). */
  readonly hasPolicies: boolean;
  readonly hasWorkflow: boolean;
  readonly span: Span;
}

/**
 * Reads every Application in a YAML stream (or a JSON document). Empty documents are skipped.
 * Throws a CueErrorList naming every problem with its position.
 */
export function parseApplications(name: string, text: string): Application[] {
  const src = new Source(name, text);
  let exprs: Expr[];
  if (/\.json$/i.test(name)) {
    const r = parseJSONExpr(src);
    if (r.errors.length > 0) throw new CueErrorList(r.errors);
    // A JSON file holds one Application, or a list of them.
    exprs = !r.expr ? [] : r.expr.type === 'ListLit' ? r.expr.elts.filter((x): x is Expr => x.type !== 'Comprehension' && x.type !== 'Ellipsis') : [r.expr];
  } else {
    const r = parseYAMLStream(src);
    if (r.errors.length > 0) throw new CueErrorList(r.errors);
    exprs = r.exprs;
  }
  const errors: CueError[] = [];
  const apps: Application[] = [];
  for (const e of exprs) {
    if (isEmptyDocument(e)) continue;
    const app = readApplication(e, errors);
    if (app) apps.push(app);
  }
  if (errors.length > 0) throw new CueErrorList(errors);
  if (apps.length === 0) throw new CueErrorList([new CueError(ErrorCode.render, `${name}: no Application found`)]);
  return apps;
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

function plain(e: Expr): unknown {
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

function readApplication(e: Expr, errors: CueError[]): Application | undefined {
  const top = mapping(e);
  if (!top) {
    err(errors, [], 'an Application must be a mapping', e.span);
    return undefined;
  }
  const kind = str(top.get('kind'));
  if (kind !== 'Application') {
    err(errors, ['kind'], `expected kind: Application, found ${kind === undefined ? 'none' : JSON.stringify(kind)}`, (top.get('kind') ?? e).span);
    return undefined;
  }
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
  if (!name) return undefined;
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels,
    annotations,
    components,
    hasPolicies: specMap.has('policies'),
    hasWorkflow: specMap.has('workflow'),
    span: e.span,
  };
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
