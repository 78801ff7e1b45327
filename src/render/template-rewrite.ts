/**
 * Rewrites of a template's syntax before it is unified with the other layers. The template's
 * own nodes are shared by every render (a definition is parsed once), so rewrites copy the
 * nodes on the path they change and never modify them.
 *
 * - `stripDefaultsAt`: the platform layer rule (platform.ts): remove the template's default on
 *   fields where the platform gives one.
 * - `closeParameter`: the unknown-property check. Every top-level `parameter:` declaration (of
 *   the template and of the platform layer) becomes a declaration of the definition
 *   `#parameter__`, and `parameter: #parameter__` is added. CUE closes definitions recursively
 *   and `...`, `{...}` and pattern constraints open a level: exactly the rule, with
 *   CUE's own message and "did you mean" (`field replicaz not allowed (did you mean
 *   replicas?)`). An empty struct `{}` in the schema is opened too (`{...}`): KubeVela
 *   templates write `[...{}]` for "a list of any objects" (k8s-objects), and an empty closed
 *   struct would reject every field.
 */
import type { Declaration, Expr, Field, ListElement, StructLit } from '../syntax/ast.js';
import { stripDefault } from './platform.js';
import { labelString, makeField } from './syntax-util.js';

export const closedParameterLabel = '#parameter__';

/** Removes default markers on the fields at `paths` (from the template root). */
export function stripDefaultsAt(decls: readonly Declaration[], paths: readonly (readonly string[])[]): Declaration[] {
  if (paths.length === 0) return [...decls];
  return decls.map((d) => {
    if (d.type !== 'Field') return d;
    const name = labelString(d.label);
    if (name === undefined) return d;
    const here = paths.filter((p) => p[0] === name);
    if (here.length === 0) return d;
    let value = d.value;
    if (here.some((p) => p.length === 1)) value = stripDefault(value);
    const deeper = here.filter((p) => p.length > 1).map((p) => p.slice(1));
    if (deeper.length > 0) value = stripInside(value, deeper);
    return value === d.value ? d : { ...d, value };
  });
}

function stripInside(e: Expr, paths: readonly (readonly string[])[]): Expr {
  switch (e.type) {
    case 'StructLit':
      return { ...e, decls: stripDefaultsAt(e.decls, paths) };
    case 'BinaryExpr':
      if (e.op !== '&' && e.op !== '|') return e;
      return { ...e, left: stripInside(e.left, paths), right: stripInside(e.right, paths) };
    case 'ParenExpr':
      return { ...e, expr: stripInside(e.expr, paths) };
    case 'UnaryExpr':
      return e.op === '*' ? { ...e, expr: stripInside(e.expr, paths) } : e;
    default:
      return e;
  }
}

/** Renames top-level `parameter` fields to `#parameter__` (see the header). */
export function renameParameter(decls: readonly Declaration[]): { decls: Declaration[]; renamed: boolean; label?: Field['label']['span'] } {
  let renamed = false;
  let label: Field['label']['span'] | undefined;
  const out = decls.map((d) => {
    if (d.type !== 'Field' || labelString(d.label) !== 'parameter' || d.constraint !== 'regular') return d;
    renamed = true;
    label ??= d.label.span;
    const f: Field = { ...d, label: { type: 'Ident', span: d.label.span, name: closedParameterLabel }, value: openEmptyStructs(d.value) };
    return f;
  });
  return label ? { decls: out, renamed, label } : { decls: out, renamed };
}

/**
 * `parameter: #parameter__`, added once when a template declared a parameter. `span` is that
 * of the first `parameter` label renamed: an error that lists the references its values came
 * through then names the parameter's declaration, not some other place of the template.
 */
export function parameterFromDefinition(span: StructLit['span']): Field {
  return makeField('parameter', { type: 'Ident', span, name: closedParameterLabel }, span);
}

function openEmptyStructs(e: Expr): Expr {
  switch (e.type) {
    case 'StructLit':
      if (e.decls.length === 0) return { ...e, decls: [{ type: 'Ellipsis', span: e.span }] };
      return { ...e, decls: e.decls.map(openDecl) };
    case 'ListLit':
      return { ...e, elts: e.elts.map(openElement) };
    case 'BinaryExpr':
      if (e.op !== '&' && e.op !== '|') return e;
      return { ...e, left: openEmptyStructs(e.left), right: openEmptyStructs(e.right) };
    case 'UnaryExpr':
      return e.op === '*' ? { ...e, expr: openEmptyStructs(e.expr) } : e;
    case 'ParenExpr':
      return { ...e, expr: openEmptyStructs(e.expr) };
    default:
      return e;
  }
}

function openDecl(d: Declaration): Declaration {
  if (d.type === 'Field') return { ...d, value: openEmptyStructs(d.value) };
  return d;
}

function openElement(x: ListElement): ListElement {
  if (x.type === 'Ellipsis') return x.value ? { ...x, value: openEmptyStructs(x.value) } : x;
  if (x.type === 'Comprehension') return x;
  return openEmptyStructs(x);
}
