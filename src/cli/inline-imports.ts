/**
 * `cue def --inline-imports`: references to packages other than the standard library are
 * replaced by the values they name, so that the output needs none of those imports
 * (def_inline.txtar, def_issue3646.txtar of the pinned CUE; cue's exporter with
 * InlineImports, internal/core/export/self.go). As cue decides:
 *
 * - A reference used once, as a whole conjunct of a field (`v: pkg.v`), is replaced by the
 *   value it names, exported as def exports it (`v: {x: 3, y: x}`); so is a literal scalar.
 * - Any other reference (used twice, or inside an expression: `pkg.m[r]`) names a `let` that
 *   holds the imported package, added at the end of the file under a `//cue:path:` comment
 *   saying where it came from: `P2.m[r]` ... `let P2 = {...}`.
 * - A value that refers to other declarations of its package cannot stand alone: its package
 *   becomes a `let` too. The `let`'s own references to further packages are inlined the same
 *   way.
 *
 * Standard library packages (no dot in the first path element) are never inlined, as in cue.
 */
import { formatFile, importedName, isStdlibPath } from '../index.js';
import type * as A from '../syntax/ast.js';
import type { DefExporter, DefExportOptions } from './def-export.js';

type Span = A.Field['span'];

/** A package as imported: its files, parsed. */
export interface ImportedPackage {
  readonly files: readonly A.File[];
}

/** The default name of an import: its `:qualifier`, or its last path element without `@version`. */

/** A reference to an imported package: its import path and the selectors after it. */
interface PackageRef {
  readonly path: string;
  readonly root: A.Ident;
  readonly labels: string[];
}

export class ImportInliner {
  /** Import tables of the files seen, by source: local name to import path. */
  private readonly scopes = new Map<Span['src'], Map<string, string>>();
  private readonly uses = new Map<string, number>();
  /** The `let`s made, by import path: their names and declarations. */
  private readonly lets = new Map<string, { name: string; decl?: A.LetClause }>();
  /** Standard library imports the inlined values need: local name to path. */
  readonly coreImports = new Map<string, string>();
  private readonly taken: Set<string>;

  constructor(
    private readonly packages: ReadonlyMap<string, ImportedPackage>,
    files: readonly A.File[],
    private readonly newExporter: (options: DefExportOptions) => DefExporter,
  ) {
    for (const f of files) this.addScope(f);
    for (const f of files) countUses(f, this.scopeOf(f), this.uses);
    this.taken = new Set(files.flatMap((f) => topNames(f)));
  }

  /** The exporter option that does the inlining. */
  get option(): DefExportOptions['inlineReference'] {
    return (e, inExpression) => this.inline(e, inExpression);
  }

  /** The lets to print after the file's declarations, with their `//cue:path:` comments. */
  letDecls(): A.LetClause[] {
    const out: A.LetClause[] = [];
    for (const l of this.lets.values()) if (l.decl) out.push(l.decl);
    return out;
  }

  private addScope(f: A.File): void {
    const m = new Map<string, string>();
    for (const d of f.imports) for (const s of d.specs) m.set(s.name?.name ?? importedName(s.path.value), s.path.value);
    this.scopes.set(f.span.src, m);
  }

  private scopeOf(f: A.File): Map<string, string> {
    return this.scopes.get(f.span.src) ?? new Map();
  }

  private inline(e: A.Expr, inExpression: boolean): A.Expr | undefined {
    const ref = this.packageRef(e);
    if (!ref) return undefined;
    const pkg = this.packages.get(ref.path);
    if (!pkg) return undefined;
    const key = ref.path + '\u0000' + ref.labels.join('\u0000');
    if (ref.labels.length === 1 && !inExpression && (this.uses.get(key) ?? 0) <= 1) {
      const value = this.standalone(pkg, ref.labels[0]!);
      if (value) return value;
    }
    const name = this.letFor(ref.path, pkg);
    return ref.labels.reduce<A.Expr>((x, l) => ({ type: 'SelectorExpr', span: ref.root.span, expr: x, sel: { type: 'Ident', span: ref.root.span, name: l } }) as A.SelectorExpr, { type: 'Ident', span: ref.root.span, name });
  }

  /** `pkg.a.b` where `pkg` names an import of a package other than the standard library. */
  private packageRef(e: A.Expr): PackageRef | undefined {
    const labels: string[] = [];
    let x = e;
    while (x.type === 'SelectorExpr') {
      labels.unshift(x.sel.type === 'Ident' ? x.sel.name : x.sel.value);
      x = x.expr;
    }
    if (x.type !== 'Ident' || x.span.end <= x.span.start) return undefined;
    const path = this.scopes.get(x.span.src)?.get(x.name);
    if (path === undefined || isStdlibPath(path)) return undefined;
    return { path, root: x, labels };
  }

  /**
   * The value of the package's top-level field `label`, exported alone, or undefined when it
   * refers to other declarations or imports of its package (it cannot stand alone).
   */
  private standalone(pkg: ImportedPackage, label: string): A.Expr | undefined {
    const conjs: { expr: A.Expr; field: A.Field }[] = [];
    for (const f of pkg.files) {
      for (const d of f.decls) {
        if (d.type === 'Field' && labelName(d.label) === label) conjs.push({ expr: d.value, field: d });
        // An embedding or a comprehension may add to the field: the package is needed whole.
        else if (d.type === 'EmbedDecl' || d.type === 'Comprehension') return undefined;
      }
    }
    if (conjs.length === 0) return undefined;
    const pkgNames = new Set(pkg.files.flatMap((f) => [...topNames(f), ...[...this.scopeOfPackageFile(f).keys()]]));
    for (const c of conjs) {
      const free = new Set<string>();
      freeNames(c.expr, new Set(), free);
      for (const n of free) if (pkgNames.has(n)) return undefined;
    }
    return this.newExporter({}).merge(conjs);
  }

  private scopeOfPackageFile(f: A.File): Map<string, string> {
    if (!this.scopes.has(f.span.src)) this.addScope(f);
    return this.scopeOf(f);
  }

  /** The name of the let holding the package at `path`, made on first use. */
  private letFor(path: string, pkg: ImportedPackage): string {
    const hit = this.lets.get(path);
    if (hit) return hit.name;
    const base = importedName(path).replace(/^[_#]+/, '').toUpperCase() || 'PKG';
    let name = base;
    for (let i = 1; this.taken.has(name); i++) name = `${base}_${i.toString(16).toUpperCase()}`;
    this.taken.add(name);
    const entry: { name: string; decl?: A.LetClause } = { name };
    this.lets.set(path, entry);
    for (const f of pkg.files) {
      this.scopeOfPackageFile(f);
      countUses(f, this.scopeOf(f), this.uses);
      for (const [n, p] of this.scopeOf(f)) if (isStdlibPath(p)) this.coreImports.set(n, p);
    }
    const body = this.newExporter({ inlineReference: this.option }).merge(pkg.files.map((f) => ({ expr: { type: 'StructLit', span: f.span, decls: f.decls } as A.StructLit })));
    const span = pkg.files[0]?.span ?? { src: undefined as never, start: 0, end: 0 };
    const none = { ...span, end: span.start };
    entry.decl = { type: 'LetClause', span: none, ident: { type: 'Ident', span: none, name }, expr: body, comments: { doc: [{ type: 'Comment', span: none, text: `//cue:path: ${JSON.stringify(path)}` }] } };
    return name;
  }
}

/** The lets of `--inline-imports`, printed after the file's declarations, each after a blank line. */
export function printLets(lets: readonly A.LetClause[]): string {
  return lets.map((l) => '\n' + formatFile({ type: 'File', span: l.span, attrs: [], imports: [], decls: [l] }, { programmatic: true })).join('');
}

/** Counts the references to imported packages (path and selectors) in a file. */
function countUses(f: A.File, scope: Map<string, string>, uses: Map<string, number>): void {
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    if (!n || typeof n !== 'object') return;
    const node = n as { type?: string };
    if (node.type === 'SelectorExpr' || node.type === 'Ident') {
      const labels: string[] = [];
      let x = n as A.Expr;
      while (x.type === 'SelectorExpr') {
        labels.unshift(x.sel.type === 'Ident' ? x.sel.name : x.sel.value);
        x = x.expr;
      }
      if (x.type === 'Ident') {
        const path = scope.get(x.name);
        if (path !== undefined && !isStdlibPath(path)) {
          const key = path + '\u0000' + labels.join('\u0000');
          uses.set(key, (uses.get(key) ?? 0) + 1);
          return;
        }
      }
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'span' && k !== 'comments' && k !== 'imports') visit(v);
  };
  visit(f.decls);
}

/** The names a file declares at its top level (fields, lets, aliases). */
function topNames(f: A.File): string[] {
  const out: string[] = [];
  for (const d of f.decls) {
    if (d.type === 'Field') {
      const n = labelName(d.label);
      if (n !== undefined) out.push(n);
      if (d.alias) out.push(d.alias.name);
    } else if (d.type === 'LetClause') out.push(d.ident.name);
  }
  return out;
}

function labelName(l: A.Label): string | undefined {
  if (l.type === 'Ident') return l.name;
  if (l.type === 'BasicLit' && l.kind === 'string') return l.value;
  return undefined;
}

/**
 * The identifiers `e` uses that nothing inside it binds: references out of it. Labels of a
 * struct bind in the whole struct, lets and aliases too; comprehension clauses bind in the
 * clauses after them and the body. Selectors are not references.
 */
export function freeNames(e: unknown, bound: ReadonlySet<string>, out: Set<string>): void {
  if (Array.isArray(e)) {
    for (const x of e) freeNames(x, bound, out);
    return;
  }
  if (!e || typeof e !== 'object') return;
  const n = e as A.Node;
  switch (n.type) {
    case 'Ident':
      if (!bound.has(n.name)) out.add(n.name);
      return;
    case 'SelectorExpr':
      freeNames(n.expr, bound, out);
      return;
    case 'StructLit': {
      const inner = new Set(bound);
      for (const d of n.decls) {
        if (d.type === 'Field') {
          const l = labelName(d.label);
          if (l !== undefined && d.label.type === 'Ident') inner.add(l);
          if (d.alias) inner.add(d.alias.name);
        } else if (d.type === 'LetClause') inner.add(d.ident.name);
      }
      for (const d of n.decls) {
        if (d.type === 'Field') {
          const scope = new Set(inner);
          if (d.label.type === 'PatternLabel' || d.label.type === 'DynamicLabel') {
            freeNames(d.label.expr, inner, out);
            if (d.label.alias) scope.add(d.label.alias.name);
          } else if (d.label.type === 'Interpolation') freeNames(d.label, inner, out);
          freeNames(d.value, scope, out);
        } else freeNames(d, inner, out);
      }
      return;
    }
    case 'Comprehension': {
      const scope = new Set(bound);
      for (const c of n.clauses) {
        if (c.type === 'ForClause') {
          freeNames(c.source, scope, out);
          if (c.key) scope.add(c.key.name);
          scope.add(c.value.name);
        } else if (c.type === 'IfClause') freeNames(c.condition, scope, out);
        else if (c.expr && c.ident) {
          freeNames(c.expr, scope, out);
          scope.add(c.ident.name);
        }
      }
      freeNames(n.body, scope, out);
      if (n.else) freeNames(n.else.body, bound, out);
      return;
    }
    case 'AliasExpr': {
      freeNames(n.expr, new Set([...bound, n.ident.name]), out);
      return;
    }
    default:
      for (const [k, v] of Object.entries(n)) if (k !== 'span' && k !== 'comments') freeNames(v, bound, out);
  }
}

/**
 * The imports of the output with `--inline-imports`: those of the standard library the output
 * still names (the files' own and the inlined values'), as one declaration.
 */
export function remainingImports(imports: readonly A.ImportDecl[], extra: ReadonlyMap<string, string>, used: ReadonlySet<string>): A.ImportDecl[] {
  const specs: A.ImportSpec[] = [];
  const seen = new Set<string>();
  const add = (s: A.ImportSpec) => {
    const name = s.name?.name ?? importedName(s.path.value);
    const key = name + ' ' + s.path.value;
    if (isStdlibPath(s.path.value) && used.has(name) && !seen.has(key)) {
      seen.add(key);
      specs.push(s);
    }
  };
  for (const d of imports) for (const s of d.specs) add(s);
  const span = imports[0]?.span ?? imports[0]?.specs[0]?.span;
  for (const [name, path] of extra) {
    const sp = span ?? ({ start: 0, end: 0 } as Span);
    add({ type: 'ImportSpec', span: sp, ...(name !== importedName(path) ? { name: { type: 'Ident', span: sp, name } } : {}), path: { type: 'BasicLit', span: sp, kind: 'string', raw: JSON.stringify(path), value: path } });
  }
  if (specs.length === 0) return [];
  return [{ type: 'ImportDecl', span: specs[0]!.span, grouped: specs.length > 1, specs }];
}

/** Every identifier a tree uses (a superset of its references: enough to keep an import). */
export function identifiersOf(n: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(n)) {
    for (const x of n) identifiersOf(x, out);
    return out;
  }
  if (!n || typeof n !== 'object') return out;
  const node = n as { type?: string; name?: unknown };
  if (node.type === 'Ident' && typeof node.name === 'string') out.add(node.name);
  for (const [k, v] of Object.entries(n)) if (k !== 'span' && k !== 'comments' && k !== 'label' && k !== 'sel') identifiersOf(v, out);
  return out;
}
