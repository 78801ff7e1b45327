/**
 * Attaches the scanner's comments to AST nodes, so that a printer can put them back:
 * - `doc`: the comments between the previous item of the same block (or the block's start)
 *   and the item: declarations, list elements, imports, the package clause;
 * - `line`: a comment on the same line, right after the item;
 * - `inner`: comments inside the item that no nested block took;
 * - `trailingComments`: comments after the last item of a struct, list or file.
 * Every comment ends up in exactly one place. Comments are consumed in source order with a
 * cursor, so the pass is linear.
 */
import type * as A from './ast.js';

const noComments: A.Comment[] = [];

type Commentable = { span: A.Node['span']; comments?: A.Comments };

export function attachComments(file: A.File, comments: readonly A.Comment[], text: string): void {
  if (comments.length === 0) return;
  new Attacher(comments, text).file(file);
}

class Attacher {
  private i = 0;

  constructor(
    private readonly comments: readonly A.Comment[],
    private readonly text: string,
  ) {}

  /** All not yet attached comments that start before `offset`. */
  private takeUntil(offset: number): A.Comment[] {
    const next = this.comments[this.i];
    if (!next || next.span.start >= offset) return noComments;
    const out: A.Comment[] = [];
    while (this.i < this.comments.length && this.comments[this.i]!.span.start < offset) out.push(this.comments[this.i++]!);
    return out;
  }

  /** The next comment if it starts on the line where `end` is, before `limit`. */
  private lineComment(end: number, limit: number): A.Comment | undefined {
    const c = this.comments[this.i];
    if (!c || c.span.start < end || c.span.start >= limit) return undefined;
    if (this.text.slice(end, c.span.start).includes('\n')) return undefined;
    this.i++;
    return c;
  }

  file(f: A.File): void {
    const items: Commentable[] = [...f.attrs];
    if (f.package) items.push(f.package);
    items.push(...f.imports, ...f.decls);
    const trailing = this.block(items, this.text.length + 1, []);
    if (trailing.length > 0) (f as { trailingComments?: A.Comment[] }).trailingComments = trailing;
  }

  /** Attaches comments to a sequence of items ending before `end`; returns the trailing ones. */
  private block(items: readonly Commentable[], end: number, sink: A.Comment[]): A.Comment[] {
    void sink;
    items.forEach((item, k) => {
      const doc = this.takeUntil(item.span.start);
      const inner: A.Comment[] = [];
      // Only items with a comment inside need to be visited.
      const c = this.comments[this.i];
      if (c && c.span.start < item.span.end) {
        this.visit(item as A.Node, inner);
        inner.push(...this.takeUntil(item.span.end));
      }
      const next = items[k + 1];
      const line = this.lineComment(item.span.end, next ? next.span.start : end);
      if (doc.length > 0 || line || inner.length > 0) {
        const c: A.Comments = item.comments ?? {};
        if (doc.length > 0) c.doc = [...(c.doc ?? []), ...doc];
        if (line) c.line = line;
        if (inner.length > 0) c.inner = [...(c.inner ?? []), ...inner];
        item.comments = c;
      }
    });
    return this.takeUntil(end);
  }

  /**
   * Enters a nested block (struct, list, call arguments, import group) whose opening bracket
   * is at `start`: comments before it go to `sink`; a comment on the bracket's line right
   * after it (`{ // note`) goes to `open` when given (it stays on that line, as cue fmt keeps
   * it).
   */
  private nested(start: number, items: readonly Commentable[], end: number, sink: A.Comment[], open?: (c: A.Comment) => void): A.Comment[] {
    sink.push(...this.takeUntil(start + 1));
    if (open) {
      const c = this.comments[this.i];
      const first = items[0];
      if (c && c.span.start < end && (!first || c.span.start < first.span.start) && !this.text.slice(start + 1, c.span.start).includes('\n')) {
        this.i++;
        open(c);
      }
    }
    return this.block(items, end, sink);
  }

  /** Visits the children of a node in source order, handing blocks their comments. */
  private visit(n: A.Node | undefined, sink: A.Comment[]): void {
    if (!n) return;
    switch (n.type) {
      case 'StructLit': {
        if (n.shorthand) {
          for (const d of n.decls) this.visit(d, sink);
          return;
        }
        const trailing = this.nested(n.span.start, n.decls, n.span.end - 1, sink, (c) => (n.openComment = c));
        if (trailing.length > 0) (n as { trailingComments?: A.Comment[] }).trailingComments = trailing;
        return;
      }
      case 'ListLit': {
        const trailing = this.nested(n.span.start, n.elts as Commentable[], n.span.end - 1, sink, (c) => (n.openComment = c));
        if (trailing.length > 0) (n as { trailingComments?: A.Comment[] }).trailingComments = trailing;
        return;
      }
      case 'ImportDecl':
        if (n.grouped) {
          const trailing = this.nested(n.span.start, n.specs, n.span.end - 1, sink);
          sink.push(...trailing);
        }
        return;
      case 'Field':
        this.visit(n.alias, sink);
        this.visit(n.label, sink);
        this.visit(n.value, sink);
        return;
      case 'DynamicLabel':
      case 'PatternLabel':
        this.visit(n.expr, sink);
        return;
      case 'Ellipsis':
        this.visit(n.value, sink);
        return;
      case 'EmbedDecl':
        this.visit(n.expr, sink);
        return;
      case 'LetClause':
        this.visit(n.expr, sink);
        return;
      case 'Comprehension':
        for (const c of n.clauses) this.visit(c, sink);
        this.visit(n.body, sink);
        if (n.else) this.visit(n.else.body, sink);
        return;
      case 'TryClause':
        this.visit(n.expr, sink);
        return;
      case 'ForClause':
        this.visit(n.source, sink);
        return;
      case 'IfClause':
        this.visit(n.condition, sink);
        return;
      case 'Interpolation':
        for (const p of n.parts) if (typeof p !== 'string') this.visit(p, sink);
        return;
      case 'ParenExpr':
        this.visit(n.expr, sink);
        return;
      case 'UnaryExpr':
        this.visit(n.expr, sink);
        return;
      case 'BinaryExpr': {
        // Iterative over the left spine: long chains must not recurse deeply.
        const rights: A.Expr[] = [];
        let cur: A.Expr = n;
        while (cur.type === 'BinaryExpr') {
          rights.push(cur.right);
          cur = cur.left;
        }
        this.visit(cur, sink);
        for (let k = rights.length - 1; k >= 0; k--) this.visit(rights[k], sink);
        return;
      }
      case 'SelectorExpr':
        this.visit(n.expr, sink);
        return;
      case 'IndexExpr':
        this.visit(n.expr, sink);
        this.visit(n.index, sink);
        return;
      case 'SliceExpr':
        this.visit(n.expr, sink);
        if (n.low) this.visit(n.low, sink);
        if (n.high) this.visit(n.high, sink);
        return;
      case 'CallExpr': {
        this.visit(n.fun, sink);
        // The arguments are a block: their doc and line comments, and those before `)`, stay
        // with them. Without a `(` after the function (a recovered call), as before.
        const paren = this.text.indexOf('(', n.fun.span.end);
        if (paren < 0 || paren >= n.span.end) {
          for (const a of n.args) this.visit(a, sink);
          return;
        }
        const trailing = this.nested(paren, n.args, n.span.end - 1, sink, (c) => (n.openComment = c));
        if (trailing.length > 0) (n as { trailingComments?: A.Comment[] }).trailingComments = trailing;
        return;
      }
      case 'AliasExpr':
        this.visit(n.expr, sink);
        return;
      default:
        return;
    }
  }
}
