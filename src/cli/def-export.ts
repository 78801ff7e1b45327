/**
 * `cue def` prints an instance through cue's exporter in its definition mode
 * (internal/core/export, Def and mergeValues), not the files as written. This is that
 * exporter, working on the syntax of the instance's files:
 *
 * - The files (and the data files placed in the value) are the conjuncts of the root. The
 *   struct literals of one value are merged: a field declared in several files, or in several
 *   literals of one value (`a: {x: 1}` and `a: {y: 2}`), is one field whose value merges its
 *   conjuncts in turn. Doc comments of the merged declarations are joined by a `//` line.
 * - The conjuncts of one value (`a & b`) are taken apart: values that need no scope (`5`,
 *   `int`, `>=1`) are unified into one value, embedded in the value's struct; references and
 *   other expressions stay as they are, before the struct: `x: #Def & 5` prints as
 *   `x: #Def & {5}`, a definition merged with a data file's `w: {model: "m"}` as
 *   `w: widget.#Widget & {model: "m"}` (def_package.txtar, eval_datapkg.txtar).
 * - A struct literal that cue does not merge (with a comprehension, a pattern constraint, a
 *   dynamic or aliased field, a typed `...T`) is kept whole, as an embedding.
 * - Fields are ordered as the literals declare them, merged (a topological order of their
 *   label lists, as cue's exporter sorts them); lets come first, then embeddings, then fields.
 * - Nothing has a source position any more: the printer lays it out (programmatic mode), one
 *   declaration per line, no blank lines but before a documented field.
 *
 * File comments (def_comments.txtar): the comment groups before a package clause and the
 * groups of a file without one (its first group is its doc) go first; the doc comments of the
 * package clauses are joined above the clause; groups between the clause and the first
 * declaration follow it. With data files merged in, there is no package clause (cue exports
 * the merged value, which is no file of the package).
 */
import { Context, Source, formatFile, parseExpr } from '../index.js';
import type * as A from '../syntax/ast.js';
import { formatV1Of } from './cue-experiment.js';

type Span = A.Field['span'];

const synthetic = new Source('<def>', '');
const noSpan: Span = { src: synthetic, start: 0, end: 0 };

/** One conjunct of a value: its expression, and the field it was declared by (for docs). */
interface Conj {
  readonly expr: A.Expr;
  readonly field?: A.Field;
}

interface FieldEntry {
  label: A.Label;
  constraint: A.FieldConstraint;
  readonly conjs: Conj[];
  readonly docs: A.Comment[][];
  readonly attrs: A.Attribute[];
}

/** What the conjuncts of one value contribute, sorted by kind (cue's `conjuncts`). */
interface Collected {
  readonly lets: A.LetClause[];
  readonly attrs: A.Attribute[];
  /** Values that need no scope, with whether `_` may be dropped beside others. */
  readonly values: { expr: A.Expr; droppableTop: boolean }[];
  readonly embed: A.Expr[];
  readonly conjuncts: A.Expr[];
  /** The field labels of each merged literal, in order (for the field order). */
  readonly structs: string[][];
  readonly fields: Map<string, FieldEntry>;
  hasEllipsis: boolean;
  isData: boolean;
}

/** Options of the exporter. */
export interface DefExportOptions {
  /**
   * Replaces a reference that names an imported package (`pkg.v`), or returns undefined to
   * keep it (--inline-imports, inline-imports.ts).
   */
  readonly inlineReference?: (e: A.Expr, inExpression: boolean) => A.Expr | undefined;
}

export class DefExporter {
  private ctx: Context | undefined;

  constructor(private readonly options: DefExportOptions = {}) {}

  /** The merged value of the conjuncts (cue's mergeValues). */
  merge(conjs: readonly Conj[], isData = false): A.Expr {
    const c: Collected = { lets: [], attrs: [], values: [], embed: [], conjuncts: [], structs: [], fields: new Map(), hasEllipsis: false, isData };
    const seen = new Set<A.Expr>();
    for (const x of conjs) {
      if (seen.has(x.expr)) continue;
      seen.add(x.expr);
      this.add(c, x.expr, false);
    }
    const hasOther = c.fields.size > 0 || c.embed.length > 0 || c.conjuncts.length > 0 || c.structs.length > 0 || c.hasEllipsis;
    const values = c.values.filter((v, _i, all) => !(v.droppableTop && isTop(v.expr) && (hasOther || all.some((w) => !isTop(w.expr)))));
    if (values.length > 0) c.embed.push(this.unified(values.map((v) => v.expr)));

    const fields = this.orderedFields(c);
    if (fields.length === 0 && !c.hasEllipsis) {
      const n = c.embed.length + c.conjuncts.length;
      if (n === 0 && c.attrs.length === 0) return c.structs.length > 0 || c.isData ? struct([]) : ident('_');
      if (n === 1) {
        const x = c.conjuncts.length === 1 ? c.conjuncts[0]! : c.embed[0]!;
        if (c.attrs.length === 0 && c.lets.length === 0) return x;
        if (x.type === 'StructLit') return struct([...c.lets, ...c.attrs, ...x.decls]);
      }
    }
    const decls: A.Declaration[] = [...c.lets, ...c.attrs];
    for (const e of c.embed) decls.push({ type: 'EmbedDecl', span: noSpan, expr: e });
    decls.push(...fields);
    if (c.hasEllipsis) decls.push({ type: 'Ellipsis', span: noSpan });
    const s = struct(decls);
    if (c.conjuncts.length === 0) return s;
    const parts = [...c.conjuncts];
    if (c.structs.length > 0 || decls.length > 0) parts.push(s);
    return parts.reduce((a, b) => binary('&', a, b));
  }

  /**
   * How deep the expression being exported lies in operands of other expressions (cue's
   * inExpression): a reference is inlined only where it is a whole conjunct.
   */
  private inExpression = 0;

  /** An expression kept as it is, its struct literals merged and its positions dropped. */
  expr(e: A.Expr): A.Expr {
    const inlined = this.options.inlineReference?.(e, this.inExpression > 0);
    if (inlined) return inlined;
    if (e.type === 'StructLit') return this.merge([{ expr: e }]);
    this.inExpression++;
    try {
      return this.operands(e);
    } finally {
      this.inExpression--;
    }
  }

  private operands(e: A.Expr): A.Expr {
    switch (e.type) {
      case 'StructLit':
        return this.merge([{ expr: e }]);
      case 'ListLit':
        return { ...e, span: noSpan, elts: e.elts.map((el) => this.element(el)), trailingComments: undefined, openComment: undefined, comments: undefined };
      case 'ParenExpr':
        return { ...e, span: noSpan, expr: this.expr(e.expr), comments: undefined };
      case 'UnaryExpr':
        return { ...e, span: noSpan, expr: this.expr(e.expr), comments: undefined };
      case 'BinaryExpr':
        return { ...e, span: noSpan, left: this.expr(e.left), right: this.expr(e.right), comments: undefined };
      case 'SelectorExpr':
        return { ...e, span: noSpan, expr: this.expr(e.expr), comments: undefined };
      case 'IndexExpr':
        return { ...e, span: noSpan, expr: this.expr(e.expr), index: this.expr(e.index), comments: undefined };
      case 'SliceExpr':
        return { ...e, span: noSpan, expr: this.expr(e.expr), low: e.low && this.expr(e.low), high: e.high && this.expr(e.high), comments: undefined };
      case 'CallExpr':
        return { ...e, span: noSpan, fun: this.expr(e.fun), args: e.args.map((a) => this.expr(a)), comments: undefined };
      case 'Interpolation':
        return { ...e, span: noSpan, parts: e.parts.map((p) => (typeof p === 'string' ? p : this.expr(p))), comments: undefined };
      case 'AliasExpr':
        return { ...e, span: noSpan, expr: this.expr(e.expr) };
      default:
        return { ...e, span: noSpan, comments: undefined } as A.Expr;
    }
  }

  private element(el: A.ListElement): A.ListElement {
    if (el.type === 'Comprehension') return this.comprehension(el);
    if (el.type === 'Ellipsis') return { ...el, span: noSpan, value: el.value && this.expr(el.value), comments: undefined };
    return this.expr(el);
  }

  private comprehension(c: A.Comprehension): A.Comprehension {
    const clauses = c.clauses.map((cl): A.Clause => {
      switch (cl.type) {
        case 'ForClause':
          return { ...cl, span: noSpan, source: this.expr(cl.source) };
        case 'IfClause':
          return { ...cl, span: noSpan, condition: this.expr(cl.condition) };
        case 'LetClause':
          return { ...cl, span: noSpan, expr: this.expr(cl.expr), comments: undefined };
        case 'TryClause':
          return { ...cl, span: noSpan, expr: cl.expr && this.expr(cl.expr) };
      }
    });
    // A body stays a struct, even one that merges into a single value (`{v}`).
    const merged = this.merge([{ expr: c.body }]);
    const body: A.StructLit = merged.type === 'StructLit' ? merged : struct([{ type: 'EmbedDecl', span: noSpan, expr: merged }]);
    return { ...c, span: noSpan, clauses, body, comments: undefined };
  }

  private add(c: Collected, e0: A.Expr, isEmbed: boolean): void {
    const e = unparen(e0);
    if (e.type === 'StructLit') {
      if (isComplex(e)) {
        c.embed.push(this.complex(e));
        return;
      }
      const labels: string[] = [];
      for (const d of e.decls) {
        switch (d.type) {
          case 'Field':
            labels.push(labelKey(d.label)!);
            this.addField(c, d);
            break;
          case 'LetClause':
            c.lets.push({ ...d, span: noSpan, expr: this.expr(d.expr), comments: undefined });
            break;
          case 'Ellipsis':
            c.hasEllipsis = true;
            break;
          case 'EmbedDecl':
            this.add(c, d.expr, true);
            break;
          case 'Attribute':
            if (!c.attrs.some((a) => a.name === d.name && a.text === d.text)) c.attrs.push({ ...d, span: noSpan, comments: undefined });
            break;
          case 'Comprehension':
            break; // a complex literal: not reached
        }
      }
      c.structs.push(labels);
      return;
    }
    if (e.type === 'BinaryExpr' && e.op === '&' && !isEmbed) {
      this.add(c, e.left, false);
      this.add(c, e.right, false);
      return;
    }
    if (isSelfContained(e)) {
      c.values.push({ expr: e, droppableTop: !isEmbed });
      return;
    }
    (isEmbed ? c.embed : c.conjuncts).push(this.expr(e));
  }

  private addField(c: Collected, f0: A.Field): void {
    const f = docToLeaf(f0);
    const key = labelKey(f.label)!;
    let entry = c.fields.get(key);
    if (!entry) {
      entry = { label: canonicalLabel(f.label), constraint: f.constraint, conjs: [], docs: [], attrs: [] };
      c.fields.set(key, entry);
    } else entry.constraint = stronger(entry.constraint, f.constraint);
    entry.conjs.push({ expr: f.value, field: f });
    const doc = f.comments?.doc ?? [];
    if (doc.length > 0 && !entry.docs.some((d) => sameText(d, doc))) entry.docs.push(doc);
    for (const a of f.attrs) if (!entry.attrs.some((x) => x.name === a.name && x.text === a.text)) entry.attrs.push({ ...a, span: noSpan, comments: undefined });
  }

  private orderedFields(c: Collected): A.Field[] {
    const rank = labelOrder(c.structs);
    const keys = [...c.fields.keys()];
    const pos = new Map(keys.map((k, i) => [k, i]));
    keys.sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || pos.get(a)! - pos.get(b)!);
    return keys.map((k) => {
      const entry = c.fields.get(k)!;
      const value = this.merge(entry.conjs);
      const doc = joinDocs(entry.docs);
      const field: A.Field = { type: 'Field', span: noSpan, label: entry.label, constraint: entry.constraint, value, attrs: entry.attrs };
      if (doc.length > 0) field.comments = { doc };
      return field;
    });
  }

  /** A literal cue does not merge, printed whole with its parts exported. */
  private complex(s: A.StructLit): A.StructLit {
    const decls = s.decls.map((d): A.Declaration => {
      switch (d.type) {
        case 'Field': {
          const doc = d.comments?.doc ?? [];
          const label: A.Label =
            d.label.type === 'DynamicLabel' || d.label.type === 'PatternLabel' ? { ...d.label, span: noSpan, expr: this.expr(d.label.expr) } : d.label.type === 'Interpolation' ? (this.expr(d.label) as A.Interpolation) : canonicalLabel(d.label);
          const out: A.Field = { ...d, span: noSpan, label, value: this.merge([{ expr: d.value, field: d }]), attrs: d.attrs.map((a) => ({ ...a, span: noSpan })), comments: doc.length > 0 ? { doc: strip(doc) } : undefined };
          return out;
        }
        case 'LetClause':
          return { ...d, span: noSpan, expr: this.expr(d.expr), comments: undefined };
        case 'EmbedDecl':
          return { ...d, span: noSpan, expr: this.expr(d.expr), comments: undefined };
        case 'Ellipsis':
          return { ...d, span: noSpan, value: d.value && this.expr(d.value), comments: undefined };
        case 'Comprehension':
          return this.comprehension(d);
        case 'Attribute':
          return { ...d, span: noSpan, comments: undefined };
      }
    });
    return struct(decls);
  }

  /**
   * Values that need no scope, unified and printed as the evaluator prints them (`>=1 & <=10`
   * stays, `1 + 2` is 3). One literal or predeclared name is kept as written (`1_000`).
   */
  private unified(exprs: A.Expr[]): A.Expr {
    if (exprs.length === 1 && (exprs[0]!.type === 'BasicLit' || exprs[0]!.type === 'Ident')) return this.expr(exprs[0]!);
    const texts = exprs.map((e) => exprText(e));
    const joined = (): A.Expr => exprs.map((e) => this.expr(e)).reduce((a, b) => binary('&', a, b));
    try {
      this.ctx ??= new Context();
      const v = this.ctx.compile({ name: '<def>', kind: 'cue', text: `v: ${texts.map((t) => `(${t})`).join(' & ')}\n` }).lookupPath('v');
      if (!v.exists() || v.kind() === 'bottom') return joined();
      const text = v.exportCUE({ definitions: true, optional: true, hidden: true }).trim();
      const r = parseExpr(new Source('<def>', text));
      return r.expr && r.errors.length === 0 ? this.expr(r.expr) : joined();
    } catch {
      return joined();
    }
  }
}

/** The instance's files as the exporter prints them: header text and the body file. */
export interface DefFile {
  /** Comments and package clause, printed before the body ('' when none). */
  readonly header: string;
  readonly body: A.File;
}

/**
 * The files of an instance (CUE files, then the data documents as files) merged as `cue def`
 * prints them. `pkg` is the -p name; `withData` says data files were merged in.
 */
export function exportDefinition(files: readonly A.File[], dataFiles: readonly A.File[], pkg: string | undefined, options: DefExportOptions = {}): DefFile {
  const ex = new DefExporter(options);
  const heads = files.map(fileComments);
  const conjs: Conj[] = [...files, ...dataFiles].map((f, i) => ({ expr: struct(i < files.length ? heads[i]!.decls : f.decls) }));
  const merged = ex.merge(conjs, dataFiles.length > 0);
  const decls: A.Declaration[] = merged.type === 'StructLit' ? merged.decls : [{ type: 'EmbedDecl', span: noSpan, expr: merged }];
  // A documented field starts a new section (a blank line before it), as cue's exporter lays it out.
  const body: A.Declaration[] = decls.map((d, i) => (i > 0 && d.type === 'Field' && (d.comments?.doc?.length ?? 0) > 0 ? { ...d, sectionStart: true } : d));

  const imports = mergedImports(files);
  const withData = dataFiles.length > 0;
  const pkgName = pkg ?? (withData ? undefined : files.find((f) => f.package && f.package.name.name !== '_')?.package?.name.name);
  // With data merged in, the value is no file of the package: no file comments either.
  const h = withData ? [] : heads;
  const docs = h.flatMap((x) => x.docs);
  const before = h.flatMap((x) => x.before);
  const after = h.flatMap((x) => x.after);
  const lineComment = h.find((x) => x.line)?.line;
  const groupText = (g: A.Comment[]) => g.map((c) => c.text).join('\n');
  const docText = docs.length > 0 ? docs.map(groupText).join('\n//\n') : '';
  const parts: string[] = [];
  if (pkgName !== undefined) {
    parts.push(...before.map(groupText));
    parts.push((docText ? docText + '\n' : '') + `package ${pkgName}` + (lineComment ? ' ' + lineComment.text : ''));
    parts.push(...after.map(groupText));
  } else {
    if (docText) parts.push(docText);
    parts.push(...before.map(groupText));
  }
  const header = parts.length > 0 ? parts.join('\n\n') + '\n' : '';
  return { header, body: { type: 'File', span: noSpan, attrs: [], imports, decls: body } };
}

/** Prints the result of exportDefinition. */
export function printDefinition(d: DefFile): string {
  const body = d.body.decls.length > 0 || d.body.imports.length > 0 ? formatFile(d.body, { programmatic: true, formatV1: formatV1Of(process.env.CUE_EXPERIMENT) }) : '';
  if (d.header === '') return body === '' ? '\n' : body;
  return body === '' ? d.header : d.header + '\n' + body;
}

/** A file's comment groups that belong to the file rather than to a declaration. */
interface FileHead {
  /** Doc comments (of the package clause, or the first group of a file without one). */
  readonly docs: A.Comment[][];
  /** Groups before the package clause, or the other groups of a file without one. */
  readonly before: A.Comment[][];
  /** Groups between the package clause and the first declaration. */
  readonly after: A.Comment[][];
  readonly line?: A.Comment;
  /** The declarations, the first one without the file's groups. */
  readonly decls: A.Declaration[];
}

function fileComments(f: A.File): FileHead {
  const first = f.decls[0];
  const firstGroups = first ? commentGroups(first.comments?.doc ?? []) : [];
  // The group right above the first declaration (no blank line between) is its doc.
  const attached = first && firstGroups.length > 0 && lineOf(first.span) - endLineOf(firstGroups.at(-1)!.at(-1)!.span) <= 1 ? firstGroups.pop()! : undefined;
  const decls = first ? [withDoc(first, attached), ...f.decls.slice(1)] : [];
  if (f.package) {
    const groups = commentGroups(f.package.comments?.doc ?? []);
    const pkgDoc = groups.length > 0 && lineOf(f.package.span) - endLineOf(groups.at(-1)!.at(-1)!.span) <= 1 ? groups.pop()! : undefined;
    return { docs: pkgDoc ? [pkgDoc] : [], before: groups, after: f.imports.length > 0 ? [] : firstGroups, line: f.package.comments?.line, decls };
  }
  // Without a package clause, the file's first group is its doc (cue's internal.FileComments).
  const [doc, ...rest] = f.imports.length > 0 ? [] : firstGroups;
  return { docs: doc ? [doc] : [], before: rest, after: [], decls };
}

function withDoc(d: A.Declaration, doc: A.Comment[] | undefined): A.Declaration {
  const comments = { ...d.comments };
  if (doc) comments.doc = doc;
  else delete comments.doc;
  return { ...d, comments } as A.Declaration;
}

/** Comments split where a blank line separates them. */
function commentGroups(doc: readonly A.Comment[]): A.Comment[][] {
  const out: A.Comment[][] = [];
  for (const c of doc) {
    const last = out.at(-1);
    if (last && lineOf(c.span) - endLineOf(last.at(-1)!.span) <= 1) last.push(c);
    else out.push([c]);
  }
  return out;
}

/** Imports of all files, each path once; several as one parenthesised block, as cue prints them. */
function mergedImports(files: readonly A.File[]): A.ImportDecl[] {
  const seen = new Set<string>();
  const specs: A.ImportSpec[] = [];
  for (const f of files) {
    for (const imp of f.imports) {
      for (const s of imp.specs) {
        const key = `${s.name?.name ?? ''} ${s.path.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        specs.push({ ...s, span: noSpan, comments: undefined } as A.ImportSpec);
      }
    }
  }
  if (specs.length === 0) return [];
  return [{ type: 'ImportDecl', span: noSpan, grouped: specs.length > 1, specs }];
}

/**
 * The doc comments directly above a declaration; the rest, separated by a blank line,
 * document nothing and are dropped, as cue's exporter drops them.
 */
function attachedDoc(f: A.Field): A.Comment[] {
  const doc = f.comments?.doc ?? [];
  const groups = commentGroups(doc);
  const last = groups.at(-1);
  if (!last) return [];
  return lineOf(f.span) - endLineOf(last.at(-1)!.span) <= 1 || !hasPos(f.span) ? last : [];
}

/**
 * A field as its conjunct is read: only the doc directly above it, and a doc comment above a
 * field chain (`// d` `a: b: {...}`) moved to the chain's last field, which it documents (cue's
 * ast.DocComments).
 */
function docToLeaf(f: A.Field): A.Field {
  const doc = attachedDoc(f);
  const v = f.value;
  if (doc.length > 0 && v.type === 'StructLit' && v.shorthand && v.decls.length === 1 && v.decls[0]!.type === 'Field') {
    const inner = v.decls[0];
    const moved: A.Field = { ...inner, comments: { ...inner.comments, doc: [...doc, ...attachedDoc(inner)] } };
    return { ...f, comments: undefined, value: { ...v, decls: [moved] } };
  }
  return doc.length > 0 ? { ...f, comments: { doc } } : { ...f, comments: undefined };
}

/** Doc comments of several declarations as one, separated by `//` lines. */
function joinDocs(docs: readonly A.Comment[][]): A.Comment[] {
  const out: A.Comment[] = [];
  for (const d of docs) {
    if (out.length > 0) out.push({ type: 'Comment', span: noSpan, text: '//' });
    out.push(...strip(d));
  }
  return out;
}

function strip(doc: readonly A.Comment[]): A.Comment[] {
  return doc.map((c) => ({ ...c, span: noSpan }));
}

function sameText(a: readonly A.Comment[], b: readonly A.Comment[]): boolean {
  return a.length === b.length && a.every((c, i) => c.text === b[i]!.text);
}

/**
 * The order of the merged fields: each literal lists its labels in order, and the lists are
 * merged so that every list's order is kept where they agree (cue's exporter sorts this way:
 * repeatedly take a label no list has still to come after others; on a cycle, take the first
 * list's head). Returns each label's rank.
 */
function labelOrder(lists: readonly string[][]): Map<string, number> {
  const fronts = lists.filter((l) => l.length > 0).map((l) => [...l]);
  // How many lists have each label after their head.
  const pending = new Map<string, number>();
  for (const l of fronts) for (const k of l.slice(1)) pending.set(k, (pending.get(k) ?? 0) + 1);
  const rank = new Map<string, number>();
  let next = 0;
  for (;;) {
    let progressed = false;
    for (const l of fronts) {
      if (l.length === 0) continue;
      const head = l[0]!;
      if ((pending.get(head) ?? 0) > 0 && !rank.has(head)) continue;
      l.shift();
      if (l.length > 1 && (pending.get(l[0]!) ?? 0) > 0) pending.set(l[0]!, pending.get(l[0]!)! - 1);
      if (!rank.has(head)) rank.set(head, next++);
      progressed = true;
      break;
    }
    if (progressed) continue;
    const stuck = fronts.find((l) => l.length > 0);
    if (!stuck) break;
    pending.set(stuck[0]!, 0);
  }
  return rank;
}

/** Whether cue keeps a literal whole rather than merging its fields (isComplexStruct). */
function isComplex(s: A.StructLit): boolean {
  for (const d of s.decls) {
    switch (d.type) {
      case 'Field':
        if (d.alias || d.value.type === 'AliasExpr' || labelKey(d.label) === undefined) return true;
        break;
      case 'Ellipsis':
        if (d.value) return true;
        break;
      case 'Comprehension':
        return true;
    }
  }
  return false;
}

/** A field's identity: `a` and `"a"` are one field, `#a` and `"#a"` are not. */
function labelKey(l: A.Label): string | undefined {
  if (l.type === 'Ident') return /^[#_]/.test(l.name) ? 'I:' + l.name : 'S:' + l.name;
  if (l.type === 'BasicLit' && l.kind === 'string') return 'S:' + l.value;
  return undefined;
}

/** The label as cue's exporter writes it: bare where it can be an identifier. */
function canonicalLabel(l: A.Label): A.Label {
  if (l.type === 'Ident') return { ...l, span: noSpan };
  if (l.type === 'BasicLit' && l.kind === 'string' && /^[\p{L}$][\p{L}\p{Nd}_$]*$/u.test(l.value) && !keywords.has(l.value)) return ident(l.value);
  return { ...l, span: noSpan } as A.Label;
}

const keywords = new Set(['package', 'import', 'for', 'in', 'if', 'let', 'true', 'false', 'null', 'func']);

/** Predeclared names: values that need no scope. */
const predeclared = new Set(['_', 'int', 'float', 'number', 'string', 'bytes', 'bool', 'uint', 'rune', 'int8', 'int16', 'int32', 'int64', 'int128', 'uint8', 'uint16', 'uint32', 'uint64', 'uint128', 'float32', 'float64']);

/** An expression whose value needs no scope (cue's isSelfContained over compiled values). */
function isSelfContained(e: A.Expr): boolean {
  switch (e.type) {
    case 'BasicLit':
      return true;
    case 'Ident':
      return predeclared.has(e.name);
    case 'ParenExpr':
      return isSelfContained(e.expr);
    case 'UnaryExpr':
      return isSelfContained(e.expr);
    case 'BinaryExpr':
      return e.op !== '|' && isSelfContained(e.left) && isSelfContained(e.right);
    case 'BottomLit':
      return true;
    default:
      return false;
  }
}

function isTop(e: A.Expr): boolean {
  return e.type === 'Ident' && e.name === '_';
}

function unparen(e: A.Expr): A.Expr {
  while (e.type === 'ParenExpr') e = e.expr;
  return e;
}

function stronger(a: A.FieldConstraint, b: A.FieldConstraint): A.FieldConstraint {
  if (a === 'regular' || b === 'regular') return 'regular';
  if (a === 'required' || b === 'required') return 'required';
  return 'optional';
}

function ident(name: string): A.Ident {
  return { type: 'Ident', span: noSpan, name };
}

function struct(decls: A.Declaration[]): A.StructLit {
  return { type: 'StructLit', span: noSpan, decls };
}

function binary(op: A.BinaryOp, left: A.Expr, right: A.Expr): A.BinaryExpr {
  return { type: 'BinaryExpr', span: noSpan, op, left, right } as A.BinaryExpr;
}

/** An expression's text, printed alone. */
function exprText(e: A.Expr): string {
  const text = formatFile({ type: 'File', span: noSpan, attrs: [], imports: [], decls: [{ type: 'EmbedDecl', span: noSpan, expr: e }] });
  return text.trim();
}

function hasPos(s: Span): boolean {
  return s.end > s.start;
}

function lineOf(s: Span): number {
  return s.src.position(s.start).line;
}

function endLineOf(s: Span): number {
  return s.src.position(Math.max(s.start, s.end - 1)).line;
}
