/**
 * What the editor features need to know about the syntax of one package: every declaration
 * (fields with the value path they declare, lets, aliases, imports, comprehension variables),
 * every identifier in expression position with the declaration it resolves to, every selector
 * whose operand has a static path, and every struct literal with its path.
 *
 * The compiler resolves identifiers too, but to evaluator labels, not to the positions an
 * editor jumps to; this walk follows the same lexical rules (spec, "Declarations and scopes":
 * the innermost declaration wins, a field's value sees the field itself, top-level fields of
 * every file of the package share one block, imports and top-level lets are per file).
 */
import type * as A from '../syntax/ast.js';
import { type Span, importedName } from '../index.js';

export type DeclKind = 'field' | 'let' | 'alias' | 'import' | 'for';

export interface Decl {
  readonly kind: DeclKind;
  readonly name: string;
  /** Where the name is written (a field's label, a let's identifier, an import's name or path). */
  readonly nameSpan: Span;
  /** The value path a field (or an alias of a field) declares; null inside lists, patterns, dynamic labels. */
  readonly path: readonly string[] | null;
  readonly node: A.Field | A.LetClause | A.TryClause | A.ImportSpec | A.ForClause | A.PatternLabel | A.DynamicLabel | A.Ident;
  /** Imports: the import path (without `:name`). */
  readonly importPath?: string;
  /** A let of a struct block: the value path of that struct (null where it has none). */
  readonly owner?: readonly string[] | null;
}

export interface Ref {
  readonly ident: A.Ident;
  readonly decl: Decl | undefined;
}

export interface Selection {
  readonly node: A.SelectorExpr;
  readonly name: string;
  /** The value path of the whole selector expression, when its operand has one. */
  readonly path: readonly string[] | null;
  /** The operand is an imported package: its import path. */
  readonly importPath?: string;
}

export interface StructSite {
  readonly span: Span;
  readonly path: readonly string[] | null;
  /** The labels written in this literal. */
  readonly labels: readonly string[];
}

export interface SyntaxIndex {
  readonly decls: Decl[];
  readonly refs: Ref[];
  readonly selections: Selection[];
  readonly structs: StructSite[];
}

type Scope = Map<string, Decl>;

/** The name a label gives its field, when it is static. */
export function labelName(l: A.Label): string | undefined {
  if (l.type === 'Ident') return l.name;
  if (l.type === 'BasicLit' && l.kind === 'string') return l.value;
  return undefined;
}

function importName(spec: A.ImportSpec): { name: string; path: string } {
  const raw = spec.path.value;
  const colon = raw.indexOf(':');
  return { name: spec.name?.name ?? importedName(raw), path: colon >= 0 ? raw.slice(0, colon) : raw };
}

export function indexPackage(files: readonly A.File[]): SyntaxIndex {
  const out: SyntaxIndex = { decls: [], refs: [], selections: [], structs: [] };
  // The package block: the top-level fields of every file.
  const pkg: Scope = new Map();
  for (const f of files) declareFields(pkg, f.decls, [], out, true);
  for (const f of files) {
    const imports: Scope = new Map();
    for (const d of f.imports) {
      for (const spec of d.specs) {
        const { name, path } = importName(spec);
        const decl: Decl = { kind: 'import', name, nameSpan: spec.name?.span ?? spec.path.span, path: null, node: spec, importPath: path };
        imports.set(name, decl);
        out.decls.push(decl);
      }
    }
    // This file's top-level lets and aliases, over the package's fields.
    const own: Scope = new Map(pkg);
    declareLocals(own, f.decls, [], out);
    out.structs.push({ span: f.span, path: [], labels: labelsOf(f.decls) });
    walkDecls(f.decls, [own, imports], [], out);
  }
  return out;
}

function labelsOf(decls: readonly A.Declaration[]): string[] {
  const out: string[] = [];
  for (const d of decls) if (d.type === 'Field') {
    const n = labelName(d.label);
    if (n !== undefined) out.push(n);
  }
  return out;
}

/** Fields with an identifier label (what a reference can name); records every static field as a declaration. */
function declareFields(scope: Scope, decls: readonly A.Declaration[], path: readonly string[] | null, out: SyntaxIndex, record: boolean): void {
  for (const d of decls) {
    if (d.type !== 'Field') continue;
    const name = labelName(d.label);
    if (name === undefined) continue;
    const decl: Decl = { kind: 'field', name, nameSpan: d.label.span, path: path ? [...path, name] : null, node: d };
    if (record) out.decls.push(decl);
    if (d.label.type === 'Ident' && !scope.has(name)) scope.set(name, decl);
  }
}

/** Lets and aliases of a block. */
function declareLocals(scope: Scope, decls: readonly A.Declaration[], path: readonly string[] | null, out: SyntaxIndex): void {
  for (const d of decls) {
    if (d.type === 'LetClause') {
      const decl: Decl = { kind: 'let', name: d.ident.name, nameSpan: d.ident.span, path: null, node: d, owner: path };
      scope.set(d.ident.name, decl);
      out.decls.push(decl);
    } else if (d.type === 'Field') {
      const name = labelName(d.label);
      const target = name !== undefined && path ? [...path, name] : null;
      if (d.alias) {
        const decl: Decl = { kind: 'alias', name: d.alias.name, nameSpan: d.alias.span, path: target, node: d };
        scope.set(d.alias.name, decl);
        out.decls.push(decl);
      }
      if (d.value.type === 'AliasExpr') {
        const decl: Decl = { kind: 'alias', name: d.value.ident.name, nameSpan: d.value.ident.span, path: target, node: d.value.ident };
        scope.set(d.value.ident.name, decl);
        out.decls.push(decl);
      }
    }
  }
}

function resolve(chain: readonly Scope[], name: string): Decl | undefined {
  for (const s of chain) {
    const d = s.get(name);
    if (d) return d;
  }
  return undefined;
}

function walkDecls(decls: readonly A.Declaration[], chain: readonly Scope[], path: readonly string[] | null, out: SyntaxIndex): void {
  for (const d of decls) {
    switch (d.type) {
      case 'Field': {
        const name = labelName(d.label);
        let inner = chain;
        if (d.label.type === 'PatternLabel' || d.label.type === 'DynamicLabel') {
          walkExpr(d.label.expr, chain, null, out);
          if (d.label.alias) {
            const decl: Decl = { kind: 'alias', name: d.label.alias.name, nameSpan: d.label.alias.span, path: null, node: d.label };
            out.decls.push(decl);
            inner = [new Map([[d.label.alias.name, decl]]), ...chain];
          }
        } else if (d.label.type === 'Interpolation') {
          for (const p of d.label.parts) if (typeof p !== 'string') walkExpr(p, chain, null, out);
        }
        const valuePath = name !== undefined && path ? [...path, name] : null;
        const value = d.value.type === 'AliasExpr' ? d.value.expr : d.value;
        walkExpr(value, inner, valuePath, out);
        break;
      }
      case 'LetClause':
        walkExpr(d.expr, chain, null, out);
        break;
      case 'EmbedDecl':
        walkExpr(d.expr.type === 'AliasExpr' ? d.expr.expr : d.expr, chain, path, out);
        break;
      case 'Ellipsis':
        if (d.value) walkExpr(d.value, chain, null, out);
        break;
      case 'Comprehension':
        walkComprehension(d, chain, path, out);
        break;
      case 'Attribute':
        break;
    }
  }
}

function walkComprehension(c: A.Comprehension, chain: readonly Scope[], path: readonly string[] | null, out: SyntaxIndex): void {
  let cur = chain;
  for (const cl of c.clauses) {
    if (cl.type === 'ForClause') {
      walkExpr(cl.source, cur, null, out);
      const s: Scope = new Map();
      for (const id of [cl.key, cl.value]) {
        if (!id) continue;
        const decl: Decl = { kind: 'for', name: id.name, nameSpan: id.span, path: null, node: cl };
        s.set(id.name, decl);
        out.decls.push(decl);
      }
      cur = [s, ...cur];
    } else if (cl.type === 'IfClause') {
      walkExpr(cl.condition, cur, null, out);
    } else if (cl.type === 'TryClause') {
      // `try x = expr` binds x for the clauses after it and the body, as a let clause does.
      if (!cl.expr || !cl.ident) continue;
      walkExpr(cl.expr, cur, null, out);
      const decl: Decl = { kind: 'let', name: cl.ident.name, nameSpan: cl.ident.span, path: null, node: cl };
      out.decls.push(decl);
      cur = [new Map([[cl.ident.name, decl]]), ...cur];
    } else {
      walkExpr(cl.expr, cur, null, out);
      const decl: Decl = { kind: 'let', name: cl.ident.name, nameSpan: cl.ident.span, path: null, node: cl };
      out.decls.push(decl);
      cur = [new Map([[cl.ident.name, decl]]), ...cur];
    }
  }
  // The body's fields land in the enclosing struct (or list element): same path.
  walkExpr(c.body, cur, path, out);
  // So do an else body's, which sees none of the clauses' names.
  if (c.else) walkExpr(c.else.body, chain, path, out);
}

/** The path of an expression used as an operand (`a.b.c`), when it names a field statically. */
function operandPath(e: A.Expr, chain: readonly Scope[]): { path: readonly string[] | null; importPath?: string } {
  if (e.type === 'Ident') {
    const d = resolve(chain, e.name);
    if (!d) return { path: null };
    if (d.kind === 'import') return { path: null, importPath: d.importPath };
    return { path: d.path };
  }
  if (e.type === 'SelectorExpr') {
    const base = operandPath(e.expr, chain);
    const name = e.sel.type === 'Ident' ? e.sel.name : e.sel.value;
    return { path: base.path ? [...base.path, name] : null };
  }
  if (e.type === 'ParenExpr') return operandPath(e.expr, chain);
  return { path: null };
}

function walkExpr(e: A.Expr, chain: readonly Scope[], path: readonly string[] | null, out: SyntaxIndex): void {
  switch (e.type) {
    case 'Ident':
      out.refs.push({ ident: e, decl: resolve(chain, e.name) });
      return;
    case 'BasicLit':
    case 'BottomLit':
      return;
    case 'Interpolation':
      for (const p of e.parts) if (typeof p !== 'string') walkExpr(p, chain, null, out);
      return;
    case 'StructLit': {
      const s: Scope = new Map();
      declareFields(s, e.decls, path, out, true);
      declareLocals(s, e.decls, path, out);
      out.structs.push({ span: e.span, path, labels: labelsOf(e.decls) });
      walkDecls(e.decls, [s, ...chain], path, out);
      return;
    }
    case 'ListLit': {
      let i = 0;
      let static_ = path !== null;
      for (const el of e.elts) {
        if (el.type === 'Comprehension') {
          static_ = false;
          walkComprehension(el, chain, null, out);
        } else if (el.type === 'Ellipsis') {
          if (el.value) walkExpr(el.value, chain, null, out);
        } else walkExpr(el, chain, static_ && path ? [...path, String(i)] : null, out);
        i++;
      }
      return;
    }
    case 'ParenExpr':
    case 'UnaryExpr':
      walkExpr(e.expr, chain, path, out);
      return;
    case 'BinaryExpr':
      walkExpr(e.left, chain, e.op === '&' || e.op === '|' ? path : null, out);
      walkExpr(e.right, chain, e.op === '&' || e.op === '|' ? path : null, out);
      return;
    case 'SelectorExpr': {
      walkExpr(e.expr, chain, null, out);
      const base = operandPath(e.expr, chain);
      const name = e.sel.type === 'Ident' ? e.sel.name : e.sel.value;
      out.selections.push({ node: e, name, path: base.path ? [...base.path, name] : null, importPath: base.importPath });
      return;
    }
    case 'IndexExpr':
      walkExpr(e.expr, chain, null, out);
      walkExpr(e.index, chain, null, out);
      return;
    case 'SliceExpr':
      walkExpr(e.expr, chain, null, out);
      if (e.low) walkExpr(e.low, chain, null, out);
      if (e.high) walkExpr(e.high, chain, null, out);
      return;
    case 'CallExpr':
      walkExpr(e.fun, chain, null, out);
      for (const a of e.args) walkExpr(a, chain, null, out);
      return;
    case 'AliasExpr':
      walkExpr(e.expr, chain, path, out);
      return;
  }
}

export function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

export function samePath(a: readonly string[] | null, b: readonly string[] | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** What is under the cursor in one file. */
export type Target =
  | { kind: 'decl'; decl: Decl }
  | { kind: 'ref'; ref: Ref }
  | { kind: 'selection'; sel: Selection };

export function targetAt(index: SyntaxIndex, fileName: string, offset: number): Target | undefined {
  const inFile = (s: Span) => s.src.name === fileName && contains(s, offset);
  for (const s of index.selections) if (inFile(s.node.sel.span)) return { kind: 'selection', sel: s };
  for (const r of index.refs) if (inFile(r.ident.span)) return { kind: 'ref', ref: r };
  for (const d of index.decls) if (inFile(d.nameSpan)) return { kind: 'decl', decl: d };
  return undefined;
}

/** The innermost struct literal (or file) holding an offset. */
export function structAt(index: SyntaxIndex, fileName: string, offset: number): StructSite | undefined {
  let best: StructSite | undefined;
  for (const s of index.structs) {
    if (s.span.src.name !== fileName) continue;
    // Inside the braces, not on them.
    const inside = s.labels !== undefined && offset > s.span.start && offset < s.span.end;
    const isFile = s.path !== null && s.path.length === 0 && s.span.start === 0;
    if (!(inside || (isFile && offset <= s.span.end))) continue;
    if (!best || s.span.end - s.span.start < best.span.end - best.span.start) best = s;
  }
  return best;
}
