/**
 * `cue fmt --simplify`'s label rewrite: a quoted label that spells an identifier (`"foo": 1`)
 * prints bare (`foo: 1`) when no identifier would then bind to it, that is, when no reference
 * `foo` below the struct that holds the label resolves to that struct.
 *
 * Scopes are resolved as cue/format does it, by name only: a struct's scope holds the names of
 * its identifier labels and of its quoted labels that could be identifiers (labels of field
 * aliases and dynamic labels included, pattern labels and interpolations not); a reference
 * marks the innermost scope that holds its name. A quoted label stays quoted when its name was
 * marked. The selector of `x.foo` is no reference; `let` names and comprehension variables are
 * walked like references (they mark an outer label of the same name too).
 */
import type { Declaration, Field, File, Label, StructLit } from './ast.js';
import { isBareLabel } from './names.js';
import { childNodes } from './print-relpos.js';

interface Scope {
  parent?: Scope;
  /** name -> whether a quoted label of that name may lose its quotes. */
  names: Map<string, boolean>;
}

/** The quoted labels (BasicLit nodes) that print bare under --simplify. */
export function unquotableLabels(file: File): Set<object> {
  const out = new Set<object>();
  processDecls(file.decls, undefined, out);
  return out;
}

/** A label's name when it could print bare: a plain string that is a regular identifier. */
export function bareName(label: Label): string | undefined {
  if (label.type !== 'BasicLit' || label.kind !== 'string') return undefined;
  const raw = label.raw;
  // Only simple double-quoted strings (cue unquotes with Go's strconv rules).
  if (!raw || !raw.startsWith('"') || raw.startsWith('"""')) return undefined;
  const name = label.value;
  if (!isBareLabel(name)) return undefined;
  return name;
}

function processDecls(decls: readonly Declaration[], parent: Scope | undefined, out: Set<object>): void {
  const scope: Scope = { parent, names: new Map() };
  for (const d of decls) if (d.type === 'Field') markLabel(d, scope);
  for (const d of decls) {
    if (d.type === 'Field') walk(d.value, scope, out);
    else walk(d, scope, out);
  }
  for (const d of decls) {
    if (d.type !== 'Field') continue;
    const name = bareName(d.label);
    if (name !== undefined && scope.names.get(name) === true) out.add(d.label);
  }
}

function markLabel(f: Field, scope: Scope): void {
  if (f.alias) scope.names.set(f.alias.name, true);
  const l = f.label;
  switch (l.type) {
    case 'Ident':
      scope.names.set(l.name, true);
      break;
    case 'BasicLit': {
      const name = bareName(l);
      if (name !== undefined) scope.names.set(name, true);
      break;
    }
    case 'DynamicLabel':
      // cue/format walks a parenthesised label like any label: its identifiers and strings.
      if (l.alias) scope.names.set(l.alias.name, true);
      markNames(l.expr, scope);
      break;
    default:
      break;
  }
}

/** Names in a dynamic label's expression, as cue/format's label walk records them. */
function markNames(n: unknown, scope: Scope): void {
  if (!isNode(n)) return;
  if (n.type === 'Ident') scope.names.set((n as unknown as { name: string }).name, true);
  else if (n.type === 'BasicLit') {
    const name = bareName(n as unknown as Label);
    if (name !== undefined) scope.names.set(name, true);
    return;
  }
  if (n.type === 'ListLit' || n.type === 'Interpolation') return;
  for (const c of childNodes(n)) markNames(c, scope);
}

function walk(n: unknown, scope: Scope, out: Set<object>): void {
  if (!isNode(n)) return;
  switch (n.type) {
    case 'StructLit':
      processDecls((n as unknown as StructLit).decls, scope, out);
      return;
    case 'SelectorExpr':
      walk((n as unknown as { expr: unknown }).expr, scope, out);
      return;
    case 'Ident': {
      const name = (n as unknown as { name: string }).name;
      for (let s: Scope | undefined = scope; s; s = s.parent) {
        if (s.names.has(name)) {
          s.names.set(name, false);
          break;
        }
      }
      return;
    }
  }
  for (const c of childNodes(n)) walk(c, scope, out);
}

interface NodeLike {
  type: string;
}

function isNode(n: unknown): n is NodeLike {
  return typeof n === 'object' && n !== null && typeof (n as NodeLike).type === 'string';
}
