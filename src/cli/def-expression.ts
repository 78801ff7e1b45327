/**
 * `cue def -e EXPR`: the value EXPR names, printed as def prints the instance (def-export.ts)
 * and made self-contained as cue's exporter makes it (internal/core/export/self.go): a
 * reference to a declaration outside the printed value is
 *
 * - replaced by that declaration's value when it is used once as a whole conjunct, or is a
 *   literal scalar (`x: #Def & 5` with `#Def: int` prints `int & {5}`, def_package.txtar);
 * - otherwise a reference to a `let` added after the value under a `//cue:path:` comment
 *   naming the declaration; a definition of a struct is kept a definition inside it
 *   (`let C = {#x: ...}`, referred to as `C.#x`).
 *
 * This works on the syntax of the files: EXPR must be a path through struct literals
 * (`a.b`, `#D`) or an expression of top-level names, and each name it refers to must be found
 * the same way. Anything else (a path through a reference, a name both bound inside the value
 * and referred to outside it) returns undefined, and the caller prints the evaluated value.
 */
import { Source, parseExpr } from '../index.js';
import type * as A from '../syntax/ast.js';
import { DefExporter } from './def-export.js';
import { freeNames } from './inline-imports.js';

/** A conjunct found at a path, with the struct literals around it (innermost last). */
interface Found {
  readonly expr: A.Expr;
  readonly field?: A.Field;
  readonly scopes: readonly A.StructLit[];
}

/** A declaration outside the printed value that it refers to, and how it is printed. */
interface Target {
  readonly path: string[];
  readonly conjs: Found[];
  /** A definition whose value is a struct: kept closed in its let (`{#x: ...}`). */
  readonly closedDef: boolean;
  readonly scalar: boolean;
  let?: { name: string; decl?: A.LetClause };
}

export interface SelfContained {
  readonly value: A.Expr;
  /** The lets the value refers to, to print after it. */
  readonly lets: A.LetClause[];
}

/**
 * The value of `expr` in the files (a package's, merged), self-contained, or undefined when
 * the syntax does not say it plainly enough.
 */
export function selfContainedDefinition(files: readonly A.File[], expr: string): SelfContained | undefined {
  const parsed = parseExpr(new Source('--expression', expr));
  if (!parsed.expr || parsed.errors.length > 0) return undefined;
  const root: A.StructLit[] = files.map((f) => ({ type: 'StructLit', span: f.span, decls: f.decls }));
  const path = plainPath(parsed.expr);
  const conjs = path ? lookup(root.map((s) => ({ expr: s, scopes: [] })), path) : [{ expr: parsed.expr, scopes: [] }];
  if (!conjs || conjs.length === 0) return undefined;
  const taken = new Set<string>();
  for (const f of files) for (const d of f.decls) if (d.type === 'Field' && d.label.type === 'Ident') taken.add(d.label.name);
  const state: State = { root, targets: new Map(), lets: [], taken, exporting: new Set(), failed: false };
  const value = exportConjs(state, conjs);
  if (state.failed || !value) return undefined;
  return { value, lets: state.lets };
}

interface State {
  readonly root: readonly A.StructLit[];
  readonly targets: Map<string, Target>;
  readonly lets: A.LetClause[];
  readonly taken: Set<string>;
  /** Targets whose let is being made (a reference back to one is the definition inside it). */
  readonly exporting: Set<Target>;
  failed: boolean;
}

/** The conjuncts exported, their references out of them resolved as the rules say. */
function exportConjs(state: State, conjs: readonly Found[]): A.Expr | undefined {
  // Names referred to from outside the value, with the declaration each resolves to.
  const free = new Set<string>();
  const bound = new Set<string>();
  for (const c of conjs) {
    freeNames(c.expr, new Set(), free);
    boundNames(c.expr, bound);
  }
  const resolved = new Map<string, Target>();
  const uses = new Map<string, number>();
  for (const c of conjs) countFree(c.expr, free, uses);
  for (const name of free) {
    const t = resolve(state, name, conjs[0]!.scopes);
    if (t === null) continue; // not a declaration: a builtin, an import, the universe
    if (t === undefined || bound.has(name)) {
      state.failed = true;
      return undefined;
    }
    resolved.set(name, t);
  }
  const ex: DefExporter = new DefExporter({
    inlineReference: (e, inExpression) => {
      if (e.type !== 'Ident' || !resolved.has(e.name)) return undefined;
      const t = resolved.get(e.name)!;
      if (state.exporting.has(t)) {
        // A let cannot refer to itself; a definition inside it can.
        if (t.closedDef) return ident('#x');
        state.failed = true;
        return undefined;
      }
      const once = (uses.get(e.name) ?? 0) === 1 && !inExpression;
      if (!t.closedDef && (once || t.scalar)) {
        state.exporting.add(t);
        try {
          return exportConjs(state, t.conjs) ?? ident(e.name);
        } finally {
          state.exporting.delete(t);
        }
      }
      const name = letFor(state, t);
      return t.closedDef ? { type: 'SelectorExpr', span: noSpan, expr: ident(name), sel: ident('#x') } : ident(name);
    },
  });
  return ex.merge(conjs.map((c) => ({ expr: c.expr, field: c.field })));
}

/** The let holding a target, made on first use. */
function letFor(state: State, t: Target): string {
  if (t.let) return t.let.name;
  const base = t.path[t.path.length - 1]!.replace(/^[_#]+/, '').toUpperCase() || 'X';
  let name = base;
  for (let i = 1; state.taken.has(name); i++) name = `${base}_${i.toString(16).toUpperCase()}`;
  state.taken.add(name);
  t.let = { name };
  state.exporting.add(t);
  let body: A.Expr | undefined;
  try {
    body = exportConjs(state, t.conjs);
  } finally {
    state.exporting.delete(t);
  }
  if (!body) {
    state.failed = true;
    return name;
  }
  const value: A.Expr = t.closedDef ? { type: 'StructLit', span: noSpan, decls: [{ type: 'Field', span: noSpan, label: ident('#x'), constraint: 'regular', value: body, attrs: [] }] } : body;
  const decl: A.LetClause = { type: 'LetClause', span: noSpan, ident: ident(name), expr: value, comments: { doc: [{ type: 'Comment', span: noSpan, text: `//cue:path: ${t.path.join('.')}` }] } };
  t.let.decl = decl;
  state.lets.push(decl);
  return name;
}

/**
 * The declaration a name refers to from the scopes around a conjunct: the innermost literal
 * declaring it, or the package's top level. null when nothing declares it (a builtin or an
 * import); undefined when it cannot be told from the syntax (a let, an alias).
 */
function resolve(state: State, name: string, scopes: readonly A.StructLit[]): Target | null | undefined {
  // The files' own literals are the package's top level, not scopes around it.
  const inner = scopes.filter((s) => !state.root.includes(s));
  for (let i = inner.length - 1; i >= -1; i--) {
    const lits = i >= 0 ? [inner[i]!] : state.root;
    let declared = false;
    for (const s of lits) {
      for (const d of s.decls) {
        if (d.type === 'LetClause' && d.ident.name === name) return undefined;
        if (d.type === 'Field' && d.alias?.name === name) return undefined;
        if (d.type === 'Field' && d.label.type === 'Ident' && d.label.name === name) declared = true;
      }
    }
    if (!declared) continue;
    if (i >= 0) return undefined; // a field of an enclosing literal: its path is not known here
    const key = name;
    const hit = state.targets.get(key);
    if (hit) return hit;
    const conjs = lookup(
      state.root.map((s) => ({ expr: s, scopes: [] })),
      [name],
    );
    if (!conjs || conjs.length === 0) return undefined;
    const isDef = name.startsWith('#') || name.startsWith('_#');
    const t: Target = {
      path: [name],
      conjs,
      closedDef: isDef && conjs.some((c) => hasStruct(c.expr)),
      scalar: conjs.every((c) => c.expr.type === 'BasicLit'),
    };
    state.targets.set(key, t);
    return t;
  }
  return null;
}

/** The conjuncts at `path` below `from`, through struct literals only; undefined otherwise. */
function lookup(from: readonly Found[], path: readonly string[]): Found[] | undefined {
  let current: Found[] = [...from];
  for (const label of path) {
    const next: Found[] = [];
    for (const c of current) {
      const parts = conjunctsOf(c.expr);
      for (const p of parts) {
        if (p.type !== 'StructLit') return undefined;
        for (const d of p.decls) {
          if (d.type === 'Comprehension' || (d.type === 'EmbedDecl' && !isValueLiteral(d.expr))) return undefined;
          if (d.type !== 'Field') continue;
          const l = d.label.type === 'Ident' ? d.label.name : d.label.type === 'BasicLit' && d.label.kind === 'string' ? d.label.value : undefined;
          if (l === undefined) {
            if (d.label.type === 'PatternLabel' || d.label.type === 'DynamicLabel' || d.label.type === 'Interpolation') return undefined;
            continue;
          }
          if (l === label) next.push({ expr: d.value, field: d, scopes: [...c.scopes, p] });
        }
      }
    }
    current = next;
  }
  return current;
}

/** `a & b & {…}` as its parts (parentheses dropped). */
function conjunctsOf(e: A.Expr): A.Expr[] {
  while (e.type === 'ParenExpr') e = e.expr;
  if (e.type === 'BinaryExpr' && e.op === '&') return [...conjunctsOf(e.left), ...conjunctsOf(e.right)];
  return [e];
}

function isValueLiteral(e: A.Expr): boolean {
  return e.type === 'BasicLit';
}

function hasStruct(e: A.Expr): boolean {
  return conjunctsOf(e).some((p) => p.type === 'StructLit');
}

/** `a.b.c` (identifiers and string selectors) as its labels; undefined for other expressions. */
function plainPath(e: A.Expr): string[] | undefined {
  const out: string[] = [];
  let x = e;
  while (x.type === 'SelectorExpr') {
    out.unshift(x.sel.type === 'Ident' ? x.sel.name : x.sel.value);
    x = x.expr;
  }
  if (x.type !== 'Ident') return undefined;
  out.unshift(x.name);
  return out;
}

/** Every name a value declares anywhere inside it (labels, lets, aliases, comprehension variables). */
function boundNames(n: unknown, out: Set<string>): void {
  if (Array.isArray(n)) {
    for (const x of n) boundNames(x, out);
    return;
  }
  if (!n || typeof n !== 'object') return;
  const node = n as A.Node;
  switch (node.type) {
    case 'Field':
      if (node.label.type === 'Ident') out.add(node.label.name);
      if (node.alias) out.add(node.alias.name);
      break;
    case 'LetClause':
      out.add(node.ident.name);
      break;
    case 'ForClause':
      if (node.key) out.add(node.key.name);
      out.add(node.value.name);
      break;
    case 'AliasExpr':
      out.add(node.ident.name);
      break;
  }
  for (const [k, v] of Object.entries(n)) if (k !== 'span' && k !== 'comments') boundNames(v, out);
}

/** How often each of `names` is referred to in `n` (identifiers outside selectors). */
function countFree(n: unknown, names: ReadonlySet<string>, uses: Map<string, number>): void {
  if (Array.isArray(n)) {
    for (const x of n) countFree(x, names, uses);
    return;
  }
  if (!n || typeof n !== 'object') return;
  const node = n as A.Node;
  if (node.type === 'Ident') {
    if (names.has(node.name)) uses.set(node.name, (uses.get(node.name) ?? 0) + 1);
    return;
  }
  if (node.type === 'SelectorExpr') {
    countFree(node.expr, names, uses);
    return;
  }
  if (node.type === 'Field') {
    if (node.label.type !== 'Ident' && node.label.type !== 'BasicLit') countFree(node.label, names, uses);
    countFree(node.value, names, uses);
    return;
  }
  for (const [k, v] of Object.entries(n)) if (k !== 'span' && k !== 'comments') countFree(v, names, uses);
}

const noSpan: A.Field['span'] = { src: new Source('<def>', ''), start: 0, end: 0 };

function ident(name: string): A.Ident {
  return { type: 'Ident', span: noSpan, name };
}
