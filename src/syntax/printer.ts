/**
 * The printer: AST -> canonical CUE text, as `cue fmt` writes it.
 *
 * Layout comes from the node structure plus, where a node was parsed, the *line numbers* of its
 * span: a blank line between declarations is kept (collapsed to one), a struct or list written
 * on one line stays on one line, a line break after a binary operator stays. Nodes built by the
 * evaluator have dummy spans (start = end = 0); for them the printer uses a fixed canonical
 * layout (structs one declaration per line, lists on one line). The printer never reads source
 * text through a span: literals print from their `raw` text (or their value when `raw` is empty).
 *
 * Entry points: `formatFile` (what `cue-lite fmt` writes) and `printNode`.
 */
import type {
  Attribute,
  CallExpr,
  Clause,
  Comment,
  Comments,
  Comprehension,
  Declaration,
  Expr,
  Field,
  File,
  ImportDecl,
  ImportSpec,
  IndexExpr,
  Interpolation,
  BasicLit,
  BinaryExpr,
  Label,
  ListElement,
  ListLit,
  StructLit,
} from './ast.js';
import type { Span } from '../source/index.js';
import { type Row, layoutRows } from './print-layout.js';
import { breaksAlignmentV1, lineBreakInBinaryV1, sectionBeforeV1 } from './print-v1.js';
import {
  binaryCutoff,
  binaryPrecedence,
  exprPrecedence,
  leftDepth,
  needsBlank,
  primaryPrecedence,
  reduceDepth,
  unaryPrecedence,
} from './print-precedence.js';
import { unquotableLabels } from './print-simplify.js';
import { lineBreakInside, startsOnNewLine } from './print-relpos.js';
import {
  isMultilineRaw,
  normalizeNumber,
  quoteBytes,
  quoteString,
  reindentMultiline,
  splitInterpolationRaw,
  splitInterpolationRegions,
} from './print-literals.js';

export { quoteString, quoteBytes, quoteMultiline, formatLabel } from './print-literals.js';

export interface PrintOptions {
  /** Indentation (in tabs) of the line the node starts on; later lines are indented from it. */
  indent?: number;
  /**
   * Print every non-empty struct one declaration per line, whatever its source layout.
   * Without it, parsed structs keep their one-line or multi-line layout, and structs without
   * positions (built by the evaluator) are expanded.
   */
  expandStructs?: boolean;
  /**
   * `cue fmt --simplify`: quoted labels that can be identifiers print bare where no reference
   * would bind to them (print-simplify.ts), `[string]: _` prints as `...` at the end of its
   * struct, and a field chain written over several lines prints on one line.
   */
  simplify?: boolean;
  /**
   * `--out cue+compact`: the declarations of the file on one line, separated by commas, every
   * struct and list inline whatever its source layout (cue's formatCompactCUE: positions
   * cleared, no width limit). Comments must already be gone: one would force a line break.
   */
  compact?: boolean;
  /**
   * Lay out nodes without positions (values built by the exporter) as the pinned cue prints
   * them (its width-driven printer, formatv2, with the house style): a field whose value is a
   * struct of one field continues as a chain (`a: b: 1`); a struct of one declaration
   * elsewhere stays on one line when it fits (`#D & {5}`); a list that does not fit in the
   * line width puts each element on a line of its own. Structs of several declarations print
   * one per line, as before.
   */
  programmatic?: boolean;
  /**
   * Lay out as cue's pre-v2 printer (`CUE_EXPERIMENT=formatv2=0`, the formatter of cue up to
   * v0.17: cue/format node.go and printer.go) instead of the default formatv2 one. Only the
   * rules where the two printers differ switch (see `print-v1.ts`).
   */
  formatV1?: boolean;
}

/** The options of `formatFile`. */
export type FormatFileOptions = Pick<PrintOptions, 'simplify' | 'compact' | 'programmatic' | 'formatV1'>;

/** Formats a whole file; the result ends with a newline unless the file is empty. */
export function formatFile(file: File, options: FormatFileOptions = {}): string {
  const p = new Printer({ simplify: options.simplify, compact: options.compact, programmatic: options.programmatic, formatV1: options.formatV1 });
  if (options.simplify) p.unquote = unquotableLabels(file);
  const lines = p.file(file);
  // An empty file prints as one empty line, as cue/format does.
  return lines.length === 0 ? '\n' : lines.join('\n') + '\n';
}

/** Prints an expression or a declaration (with its comments); no trailing newline. */
export function printNode(node: Expr | Declaration, options: PrintOptions = {}): string {
  const p = new Printer(options);
  p.top = node;
  const indent = options.indent ?? 0;
  if (isDeclaration(node)) {
    const row = p.declRow(node, indent);
    const lines = layoutRows([row, ...p.innerRows(node)], tabs(indent), options.formatV1);
    return lines.join('\n').slice(indent);
  }
  return p.expr(node, indent, 1, 0);
}

const declarationTypes = new Set(['Field', 'Ellipsis', 'EmbedDecl', 'Comprehension', 'LetClause', 'Attribute']);

function isDeclaration(n: Expr | Declaration): n is Declaration {
  return declarationTypes.has(n.type);
}

function tabs(n: number): string {
  return '\t'.repeat(n);
}

// ---------------------------------------------------------------------------
// Positions: only line numbers of parsed nodes are used.

interface Positioned {
  readonly span: Span;
}

/** A node built by the evaluator or exporter: no position (not a type guard, unlike hasPos). */
function isBuilt(n: Positioned): boolean {
  return !hasPos(n);
}

/** A parsed node has a non-empty span; synthetic nodes have start = end. */
function hasPos(n: Positioned | undefined): n is Positioned {
  return n !== undefined && n.span !== undefined && n.span.end > n.span.start;
}

function startLine(n: Positioned): number {
  return n.span.src.position(n.span.start).line;
}

function endLine(n: Positioned): number {
  return n.span.src.position(Math.max(n.span.start, n.span.end - 1)).line;
}

/** True when `b` starts at least two lines after `a` ends (a blank line between them). */
function blankBetween(a: Positioned | undefined, b: Positioned | undefined): boolean {
  if (!hasPos(a) || !hasPos(b) || a.span.src !== b.span.src) return false;
  return startLine(b) - endLine(a) >= 2;
}

/** True when `b` starts on a later line than `a` ends. */
function lineBreakBetween(a: Positioned | undefined, b: Positioned | undefined): boolean {
  if (!hasPos(a) || !hasPos(b) || a.span.src !== b.span.src) return false;
  return startLine(b) > endLine(a);
}

/**
 * Comments of any node. Declarations carry them by type; list elements that are plain
 * expressions may carry them too (the parser can attach `comments` to any element).
 */
function commentsOf(n: object): Comments | undefined {
  return (n as { comments?: Comments }).comments;
}

/**
 * Comments inside an item that belong to no nested block (say, between the operands of a
 * multi-line expression). The parser keeps them so that none is lost; they print on their own
 * lines after the item.
 */
function innerCommentsOf(n: object): Comment[] {
  return (commentsOf(n) as { inner?: Comment[] } | undefined)?.inner ?? [];
}

function hasComments(n: object): boolean {
  const c = commentsOf(n);
  return c !== undefined && ((c.doc?.length ?? 0) > 0 || c.line !== undefined || innerCommentsOf(n).length > 0);
}

/** Rows for comments printed on their own lines after an item. */
function commentRows(comments: Comment[]): Row[] {
  return comments.map((c) => ({ blankBefore: false, above: [], cells: [commentText(c)], alignable: false }));
}

function commentText(c: Comment): string {
  return c.text.trimEnd();
}

/** The first thing of an item as it appears in the source: its first doc comment or itself. */
function firstOf(n: Positioned): Positioned {
  const doc = commentsOf(n)?.doc;
  return doc && doc.length > 0 && hasPos(doc[0]) ? doc[0]! : n;
}

/** The last thing of an item on its line(s): its line comment or itself. */
function lastOf(n: Positioned): Positioned {
  const line = commentsOf(n)?.line;
  return line && hasPos(line) ? line : n;
}

// ---------------------------------------------------------------------------

class Printer {
  /**
   * Inside `\( )` of a string everything prints on one line (a single-line string cannot hold a
   * line break; current cue fmt collapses them too). Comments there were moved out by the parser.
   */
  private flat = 0;

  /** Literals printed verbatim from `raw`: comments inside them are already printed. */
  private readonly verbatim: Span[] = [];

  /**
   * Columns taken on the current line before the expression being printed, beyond the
   * indentation (a field's label and its `: `), for the line-width checks of `programmatic`.
   */
  private lead = 0;

  /** The node printNode was given: a struct there is a file's body, never put on one line. */
  top: object | undefined;

  private withLead<T>(lead: number, f: () => T): T {
    const saved = this.lead;
    this.lead = lead;
    try {
      return f();
    } finally {
      this.lead = saved;
    }
  }

  /** Whether one-line `text` fits in the pinned printer's line width (80, a tab as 4 columns). */
  private fits(text: string, indent: number): boolean {
    let n = 0;
    for (const _ of text) n++;
    return indent * 4 + this.lead + n <= 80;
  }

  /**
   * With `programmatic`, a built struct holding one field (no comments, no attributes on
   * either side) is a chain: `a: b: 1`, as the pinned printer collapses a brace-less struct.
   */
  private chainsBuilt(v: StructLit, inner: Field): boolean {
    return this.options.programmatic === true && isBuilt(v) && !hasComments(inner) && inner.attrs.length === 0;
  }

  /** Bodies of built comprehensions: never one-line (see comprehension). */
  private readonly blockBodies = new Set<StructLit>();

  /** Shorthand structs whose field starts on a new line (`a:` then `b: 1`), see fieldChain. */
  private readonly brokenChains = new Set<StructLit>();

  /** Inner comments printed as an element's line comment (foldInnerComment). */
  private readonly folded = new Set<Comment>();

  /** Where a binary expression's continuation lines go, when not one level deeper (v1). */
  private continuation: number | undefined;

  /** Runs `f` with binary continuation lines at `at` (v1, see `continuation`). */
  private continuing<T>(at: number, f: () => T): T {
    const saved = this.continuation;
    this.continuation = at;
    try {
      return f();
    } finally {
      this.continuation = saved;
    }
  }

  /** Declarations the pre-v2 printer puts a blank line before (sectionBeforeV1). */
  private readonly sectionsV1 = new Set<object>();

  /** Quoted labels that print bare (`--simplify`). */
  unquote: Set<object> = new Set();

  /** Lay out as cue's pre-v2 printer (PrintOptions.formatV1). */
  private get v1(): boolean {
    return this.options.formatV1 === true;
  }

  constructor(private readonly options: PrintOptions) {
    // Compact output is flat throughout, as inside an interpolation.
    if (options.compact) this.flat = 1;
  }

  /** An item's inner comments, on their own lines after it (those not printed verbatim). */
  innerRows(n: object): Row[] {
    const inside = (c: Comment) =>
      this.verbatim.some((v) => v.src === c.span.src && v.start <= c.span.start && c.span.end <= v.end);
    return commentRows(innerCommentsOf(n).filter((c) => !inside(c) && !this.folded.has(c)));
  }

  /**
   * An element printed on one line without a line comment takes as its line comment the first
   * comment written after code inside it (`if true // note` newline `{}` prints as
   * `if true {} // note`), as the pinned cue fmt prints a comment attached inside the element.
   */
  private foldInnerComment(n: object, row: Row): Row {
    const first = innerCommentsOf(n)[0];
    if (first === undefined || commentsOf(n)?.line || !hasPos(first) || !followsCode(first)) return row;
    if (row.cells.some((c) => c.includes('\n'))) return row;
    this.folded.add(first);
    return { ...row, cells: [...row.cells, commentText(first)] };
  }

  // --- File ----------------------------------------------------------------

  file(f: File): string[] {
    const out: string[] = [];
    // Sections: file attributes, package clause, imports, declarations. Items keep the blank
    // lines between them; the package clause and the imports are always followed by one.
    let prev: Positioned | undefined;
    const emit = (rows: Row[], forceBlank: boolean) => {
      if (rows.length === 0) return;
      if ((forceBlank || rows[0]!.blankBefore) && out.length > 0) out.push('');
      out.push(...layoutRows(rows, '', this.v1));
    };
    const rowsFor = <T extends Positioned & { type: string }>(items: T[], row: (x: T) => Row): Row[] =>
      items.flatMap((it) => {
        const r = row(it);
        r.blankBefore ||= prev !== undefined && (blankBetween(lastOf(prev), firstOf(it)) || (it as Partial<Field>).sectionStart === true);
        prev = it;
        return it.type === 'ImportDecl' && (it as unknown as ImportDecl).grouped ? [r] : [r, ...this.innerRows(it)];
      });
    emit(
      rowsFor(f.attrs, (a) => this.declRow(a, 0)),
      false,
    );
    let needBlank = false;
    if (f.package) {
      emit(rowsFor([f.package], (p) => this.withComments(p, ['package ' + p.name.name])), false);
      needBlank = true;
    }
    if (f.imports.length > 0) {
      // `cue fmt` separates import declarations by a blank line.
      const rows = rowsFor(f.imports, (d) => {
        const r = this.withComments(d, [this.importDecl(d)]);
        r.blankBefore = d !== f.imports[0];
        return r;
      });
      emit(rows, needBlank);
      needBlank = true;
    }
    if (this.options.compact) {
      if (f.decls.length > 0) {
        if (needBlank) out.push('');
        out.push(f.decls.map((d) => this.declText(d, 0)).join(', '));
      }
      return out;
    }
    emit(this.blockRows(f.decls, f.trailingComments, 0, prev, hasPos(f)), needBlank);
    return out;
  }

  private importDecl(d: ImportDecl): string {
    const spec = (s: ImportSpec) => (s.name ? s.name.name + ' ' : '') + this.lit(s.path, 0);
    if (!d.grouped && d.specs.length === 1 && !hasComments(d.specs[0]!)) return 'import ' + spec(d.specs[0]!);
    const trailing = innerCommentsOf(d);
    if (d.specs.length === 0 && trailing.length === 0) return 'import ()';
    // Comments inside the parentheses after the last spec stay there.
    // Line comments of the specs align, as in a struct.
    const rows = this.itemRows(d.specs, trailing, (s) => this.withComments(s, [spec(s)], true), undefined);
    return 'import (\n' + layoutRows(rows, '\t', this.v1).join('\n') + '\n)';
  }

  // --- Blocks --------------------------------------------------------------

  /** Rows of a struct body or file: declarations, then trailing comments. */
  private blockRows(decls: Declaration[], trailing: Comment[] | undefined, indent: number, before: Positioned | undefined, keepBlanks: boolean, sharedLines = false): Row[] {
    if (this.options.simplify) decls = ellipsisLast(decls);
    if (this.v1) decls.forEach((d, i) => i > 0 && sectionBeforeV1(decls[i - 1]!, d, i === decls.length - 1 && (trailing?.length ?? 0) > 0) && this.sectionsV1.add(d));
    const rows = this.itemRows(decls, trailing, (d) => this.declRow(d, indent), before, keepBlanks, sharedLines ? indent : undefined);
    if (before === undefined && keepBlanks && decls.length > 0 && rows.length > 0 && blankLineBefore(firstOf(decls[0]!))) rows[0]!.blankBefore = true;
    return rows;
  }

  /**
   * Rows for a sequence of items with doc and line comments, keeping one blank line where the
   * source had any, then the trailing comments. In a container built by the evaluator
   * (`keepBlanks` false) parsed items may come from anywhere: their lines mean nothing there.
   */
  private itemRows<T extends Positioned>(
    items: T[],
    trailing: Comment[] | undefined,
    row: (item: T) => Row,
    before: Positioned | undefined,
    keepBlanks = true,
    sharedLines?: number,
  ): Row[] {
    const rows: Row[] = [];
    // Rows of declarations a following one on the same source line may join.
    const joinable = new Set<Row>();
    let prev = before;
    for (const it of items) {
      // Declarations written on one line inside braces stay on it (`a: 1, b: 2`), as the
      // pinned cue fmt keeps them, where none has a comment. `sharedLines` is their indent.
      const lastRow = rows[rows.length - 1];
      if (sharedLines !== undefined && lastRow && joinable.has(lastRow) && prev !== undefined && hasPos(prev) && hasPos(it) && !hasComments(it) && !lineBreakBetween(prev, it)) {
        const text = this.declText(it as unknown as Declaration, sharedLines);
        if (!text.includes('\n')) {
          const joined: Row = { ...lastRow, cells: [lastRow.cells.filter((c) => c !== '').join(' ') + ', ' + text], alignable: false };
          rows[rows.length - 1] = joined;
          joinable.add(joined);
          prev = it;
          continue;
        }
      }
      const r = row(it);
      if (sharedLines !== undefined && !hasComments(it) && !r.cells.some((c) => c.includes('\n')) && r.above.length === 0) joinable.add(r);
      if (keepBlanks && prev !== undefined && !this.lostPosition(it) && blankBetween(lastOf(prev), firstOf(it))) r.blankBefore = true;
      if (prev !== undefined && (it as Partial<Field>).sectionStart) r.blankBefore = true;
      if (this.sectionsV1.has(it)) r.blankBefore = true;
      rows.push(r, ...this.innerRows(it));
      prev = it;
      const moved = (it as { detached?: { from: Positioned; comments: Comment[] } }).detached;
      if (moved) {
        // Comments that followed a `...` moved to the end (see ellipsisLast) go with it.
        let at: Positioned = moved.from;
        for (const c of moved.comments) {
          rows.push({ blankBefore: blankBetween(at, c), above: [], cells: [commentText(c)], alignable: false });
          at = c;
        }
      }
    }
    for (const c of trailing ?? []) {
      rows.push({ blankBefore: keepBlanks && prev !== undefined && blankBetween(lastOf(prev), c), above: [], cells: [commentText(c)], alignable: false });
      prev = c;
    }
    return rows;
  }

  /**
   * A field whose quoted label prints bare (`--simplify`) loses the blank line before it, as
   * in cue/format, where the new label has no position; its doc comments keep theirs.
   */
  private lostPosition(it: object): boolean {
    const f = it as Partial<Field>;
    return f.type === 'Field' && this.unquote.has(f.label!) && (commentsOf(it)?.doc?.length ?? 0) === 0;
  }

  /** Doc comments above (with the blank lines between them) and the line comment as last cell. */
  private withComments(n: Positioned, cells: string[], alignable = false): Row {
    const c = commentsOf(n);
    const above: string[] = [];
    const doc = c?.doc ?? [];
    doc.forEach((d, i) => {
      if (i > 0 && blankBetween(doc[i - 1], d)) above.push('');
      above.push(commentText(d));
    });
    if (doc.length > 0 && blankBetween(doc[doc.length - 1], n)) above.push('');
    const all = c?.line ? [...cells, commentText(c.line)] : cells;
    return { blankBefore: false, above, cells: all, alignable };
  }

  /** One declaration as a row; fields split into label, value and attribute cells. */
  declRow(d: Declaration, indent: number): Row {
    if (d.type === 'Field') {
      const chain = this.fieldChain(d, indent);
      const value = this.withLead(chain.label.length + 1, () => this.fieldValue(chain.field, chain.value, indent));
      const attrs = chain.attrs.map(attribute).join(' ');
      const lineComment = chain.lineComment ? commentText(chain.lineComment) : '';
      const row = this.withComments(d, []);
      if (this.v1 && value.includes('\n') && !value.startsWith('\n') && !breaksAlignmentV1(chain.value) && !attrs && !lineComment) {
        // The pre-v2 printer aligns the label of a value over several lines (a call, a string
        // with interpolations, ...) with its neighbours, its later lines (indented) continuing
        // the label column, up to a binary expression's line break.
        row.cells = [chain.label, value];
        row.alignable = true;
        row.lastCellLines = true;
        row.endsRun = lineBreakInBinaryV1(chain.value);
        row.group = chain.length;
      } else if (value.includes('\n')) {
        row.cells = [chain.label + (value.startsWith('\n') ? '' : ' ') + value + (attrs ? ' ' + attrs : ''), lineComment];
        row.alignable = false;
      } else {
        row.cells = [chain.label, value, attrs, lineComment];
        // The pre-v2 printer aligns no field whose value holds a struct, a list or a
        // multi-line string, and starts a new alignment section after it.
        row.alignable = !(this.options.formatV1 && breaksAlignmentV1(chain.value));
        row.group = chain.length;
      }
      return row;
    }
    return this.withComments(d, [this.declText(d, indent)]);
  }

  /**
   * `a: b: c: 1` is a field whose value is a shorthand struct holding one field, and so on:
   * collect the labels of the chain, its innermost value, attributes and line comment.
   */
  private fieldChain(f: Field, indent: number): { label: string; length: number; value: Expr; attrs: Attribute[]; lineComment?: Comment; field: Field } {
    let label = this.fieldLabel(f, indent);
    let length = 1;
    let cur = f;
    let lineComment = f.comments?.line;
    // The head's doc comment documents the last field of the chain as written (its leaf: the
    // first field whose value is not a shorthand struct of one named field). `--simplify`
    // removes braces only where no field owns a doc comment: the comment would otherwise move
    // to a deeper field.
    let docOwned = (f.comments?.doc?.length ?? 0) > 0;
    for (;;) {
      const v = cur.value;
      if (v.type !== 'StructLit' || v.decls.length !== 1 || cur.attrs.length > 0) break;
      if (v.trailingComments && v.trailingComments.length > 0) break;
      const inner = v.decls[0]!;
      if (inner.type !== 'Field' || (inner.comments?.doc?.length ?? 0) > 0) break;
      // The pre-v2 printer continues no chain into a field with attributes (braces instead).
      if (this.v1 && inner.attrs.length > 0) break;
      // The pre-v2 printer only asks whether the field holding the braces has a doc comment.
      const docKeeps = this.v1 ? (cur.comments?.doc?.length ?? 0) > 0 : docOwned;
      if (!v.shorthand && !(this.options.simplify && !docKeeps && canUnbrace(v, inner)) && !this.chainsBuilt(v, inner)) break;
      if (v.shorthand && !isNameLabel(inner.label)) docOwned = false;
      // `a:` with `b: 1` on the next line keeps the line break (the struct prints it), unless
      // simplifying.
      if (!this.options.simplify && !v.inline && lineBreakBetween(cur.label, inner.label)) {
        this.brokenChains.add(v);
        break;
      }
      if (inner.comments?.line) {
        if (lineComment) break; // two line comments cannot share a line
        lineComment = inner.comments.line;
      }
      label += ' ' + this.fieldLabel(inner, indent);
      length++;
      cur = inner;
    }
    return { label, length, value: cur.value, attrs: cur.attrs, lineComment, field: cur };
  }

  /**
   * A value written on the line after its label's colon stays there, one level deeper
   * (`e:` newline `a | b`), as the pinned cue fmt keeps it. The implicit struct of a chain is
   * not such a value (fieldChain and brokenChains print it).
   */
  private fieldValue(f: Field, value: Expr, indent: number): string {
    const implicit = value.type === 'StructLit' && value.shorthand;
    if (this.flat === 0 && !implicit && hasPos(f.label) && lineBreakBetween(f.label, value)) {
      if (this.v1 && value.type === 'BinaryExpr') return '\n' + tabs(indent + 1) + this.continuing(indent + 1, () => this.expr(value, indent + 1, 1, 0));
      return '\n' + tabs(indent + 1) + this.expr(value, indent + 1, 1, 0);
    }
    return this.expr(value, indent, 1, 0);
  }

  private fieldLabel(f: Field, indent: number): string {
    const marker = f.constraint === 'optional' ? '?' : f.constraint === 'required' ? '!' : '';
    return (f.alias ? f.alias.name + '=' : '') + this.label(f.label, indent) + marker + ':';
  }

  private label(l: Label, indent: number): string {
    switch (l.type) {
      case 'Ident':
        return l.name;
      case 'BasicLit':
        return this.unquote.has(l) ? l.value : this.lit(l, 0);
      case 'Interpolation':
        return this.interpolation(l, 0);
      case 'DynamicLabel':
        return '(' + (l.alias ? l.alias.name + '=' : '') + this.expr(l.expr, indent, 1, 0) + ')';
      case 'PatternLabel':
        return '[' + (l.alias ? l.alias.name + '=' : '') + this.expr(l.expr, indent, 1, 0) + ']';
    }
  }

  /** A declaration as text on the current line (no comments). */
  private declText(d: Declaration, indent: number): string {
    switch (d.type) {
      case 'Field': {
        const chain = this.fieldChain(d, indent);
        const attrs = chain.attrs.map((a) => ' ' + attribute(a)).join('');
        const value = this.withLead(chain.label.length + 1, () => this.fieldValue(chain.field, chain.value, indent));
        return chain.label + (value.startsWith('\n') ? '' : ' ') + value + attrs;
      }
      case 'Ellipsis':
        return '...' + (d.value ? this.expr(d.value, indent, 1, 0) : '');
      case 'EmbedDecl':
        return this.expr(d.expr, indent, 1, 0);
      case 'LetClause':
        return 'let ' + d.ident.name + ' = ' + this.expr(d.expr, indent, 1, 0);
      case 'Attribute':
        return attribute(d);
      case 'Comprehension':
        return this.comprehension(d, indent);
    }
  }

  // --- Expressions -----------------------------------------------------------

  /** Prints `e` at nesting `depth` (for operator spacing), parenthesised if below `prec1`. */
  expr(e: Expr, indent: number, depth: number, prec1: number): string {
    // The postfix `?` of an optional reference (`a?`, `a.b?`, `a[0]?`, @experiment(try)).
    if ((e.type === 'Ident' || e.type === 'SelectorExpr' || e.type === 'IndexExpr') && e.optional) {
      return this.expr({ ...e, optional: undefined } as Expr, indent, depth, prec1) + '?';
    }
    switch (e.type) {
      case 'Ident':
        return e.name;
      case 'BasicLit':
        return this.lit(e, indent);
      case 'BottomLit':
        return '_|_';
      case 'Interpolation':
        return this.interpolation(e, indent);
      case 'StructLit':
        return this.struct(e, indent);
      case 'ListLit':
        return this.list(e, indent);
      case 'ParenExpr': {
        // Redundant double parentheses collapse: `((x))` prints as `(x)`.
        let inner = e.expr;
        while (inner.type === 'ParenExpr') inner = inner.expr;
        return '(' + this.expr(inner, indent, reduceDepth(depth), 0) + ')';
      }
      case 'UnaryExpr': {
        const operand = this.operand(e.expr, indent, depth, unaryPrecedence);
        return e.op + (needsBlank(e.op, operand) ? ' ' : '') + operand;
      }
      case 'BinaryExpr':
        return this.binary(e, indent, depth, prec1);
      case 'SelectorExpr': {
        const sel = e.sel.type === 'Ident' ? e.sel.name : this.lit(e.sel, indent);
        // A line break after the `.` stays (pinned cue fmt), the selector one level deeper.
        const dot = this.flat === 0 && lineBreakBetween(e.expr, e.sel) ? '.\n' + tabs(indent + 1) : '.';
        return this.operand(e.expr, indent, depth, primaryPrecedence) + dot + sel;
      }
      case 'IndexExpr': {
        if (this.v1 && this.flat === 0) return this.indexV1(e, indent, depth);
        // The index nests one level; a line break after `[` stays, `]` follows the index.
        const open = this.flat === 0 && lineBreakBetween(e.expr, e.index) ? '[\n' + tabs(indent + 1) : '[';
        return this.operand(e.expr, indent, depth, primaryPrecedence) + open + this.expr(e.index, indent + 1, depth + 1, 0) + ']';
      }
      case 'SliceExpr': {
        const bound = (b: Expr | undefined) => (b ? this.expr(b, indent, depth + 1, 0) : '');
        // As cue/format: blanks around `:` when both bounds exist and one is a binary expression.
        const spaced = depth <= 1 && e.low && e.high && (e.low.type === 'BinaryExpr' || e.high.type === 'BinaryExpr');
        return this.operand(e.expr, indent, depth, primaryPrecedence) + '[' + bound(e.low) + (spaced ? ' : ' : ':') + bound(e.high) + ']';
      }
      case 'CallExpr':
        return this.call(e, indent, depth);
      case 'AliasExpr': {
        const inner = this.expr(e.expr, indent, depth, 0);
        return e.ident.name + '=' + inner;
      }
    }
  }

  /** An operand that must bind at least as tightly as `prec`: parenthesised otherwise. */
  private operand(e: Expr, indent: number, depth: number, prec: number): string {
    if (exprPrecedence(e) < prec) return '(' + this.expr(e, indent, reduceDepth(depth), 0) + ')';
    return this.expr(e, indent, depth, prec);
  }

  private binary(e: BinaryExpr, indent: number, depth: number, prec1: number): string {
    const prec = binaryPrecedence[e.op];
    if (prec < prec1) return '(' + this.binary(e, indent, reduceDepth(depth), 0) + ')';
    const blank = prec < binaryCutoff(e, depth);
    // A value on the line after its field's colon already took the field's one level of
    // continuation indentation in the pre-v2 printer (see fieldValue): its operands continue there.
    const cont = this.continuation ?? indent + 1;
    const saved = this.continuation;
    const operand = (x: Expr, at: number, d: number, p: number) => {
      this.continuation = x.type === 'BinaryExpr' ? saved : undefined;
      try {
        return this.operand(x, at, d, p);
      } finally {
        this.continuation = saved;
      }
    };
    const left = operand(e.left, indent, leftDepth(e.left, prec, depth), prec);
    // A line break after the operator stays; the continuation is indented one level.
    if (this.flat === 0 && lineBreakBetween(e.left, e.right)) {
      const right = operand(e.right, cont, depth + 1, prec + 1);
      // Where operators print without blanks (`\(1+` inside an interpolation), so does this one.
      return left + (blank || needsBlank(left, e.op) ? ' ' : '') + e.op + '\n' + tabs(cont) + right;
    }
    const right = operand(e.right, indent, depth + 1, prec + 1);
    if (blank) return left + ' ' + e.op + ' ' + right;
    return left + (needsBlank(left, e.op) ? ' ' : '') + e.op + (needsBlank(e.op, right) ? ' ' : '') + right;
  }

  /**
   * An index as cue's pre-v2 printer prints it: line breaks after `[` and before `]` stay where
   * the source had them, both one level deeper than the expression's line; a nested index
   * goes no deeper.
   */
  private indexV1(e: IndexExpr, indent: number, depth: number): string {
    const open = lineBreakBetween(e.expr, e.index) ? '[\n' + tabs(indent + 1) : '[';
    const close = hasPos(e) && e.span.src === e.index.span.src && endLine(e) > endLine(e.index) ? '\n' + tabs(indent + 1) + ']' : ']';
    return this.operand(e.expr, indent, depth, primaryPrecedence) + open + this.expr(e.index, indent, depth + 1, 0) + close;
  }

  private call(e: CallExpr, indent: number, depth: number): string {
    const fun = this.operand(e.fun, indent, depth, primaryPrecedence);
    const argDepth = e.args.length > 1 ? depth + 1 : depth;
    if (!e.openComment && this.inline(e.fun, e.args, e, true, e.trailingComments)) {
      return fun + '(' + e.args.map((a) => this.expr(a, indent, argDepth, 0)).join(', ') + ')';
    }
    const rows = this.itemRows(
      e.args,
      e.trailingComments,
      (a) => this.withComments(a, [this.expr(a, indent + 1, 1, 0) + ','], true),
      undefined,
      hasPos(e),
    );
    if (hasPos(e) && e.args.length > 0 && rows.length > 0 && blankLineBefore(firstOf(e.args[0]!))) rows[0]!.blankBefore = true;
    // The pre-v2 printer does not unindent before `)`: it stays at the arguments' level.
    const close = tabs(this.v1 ? indent + 1 : indent) + ')';
    return fun + '(' + openText(e.openComment) + '\n' + leadingBlank(rows, layoutRows(rows, tabs(indent + 1), this.v1)).join('\n') + '\n' + close;
  }

  /**
   * Whether a bracketed sequence stays on one line: no element starts on a new line and the
   * closing bracket follows the last element on its line. Without positions, `dflt` decides.
   * Comments always force one element per line.
   */
  private inline(open: Positioned, elems: readonly Positioned[], whole: Positioned, dflt: boolean, trailing?: Comment[]): boolean {
    if ((trailing?.length ?? 0) > 0 || elems.some(hasComments)) return false;
    if (this.flat > 0) return true;
    if (!hasPos(whole)) return dflt;
    let prevLine = hasPos(open) ? (open === whole ? startLine(whole) : endLine(open)) : startLine(whole);
    for (const el of elems) {
      if (!hasPos(el) || el.span.src !== whole.span.src) continue;
      if (startLine(el) !== prevLine) return false;
      prevLine = endLine(el);
    }
    return endLine(whole) === prevLine;
  }

  private struct(s: StructLit, indent: number): string {
    const trailing = s.trailingComments ?? [];
    if (s.decls.length === 0 && trailing.length === 0 && !s.openComment) return '{}';
    if (this.brokenChains.has(s) && this.flat === 0) {
      // A field chain broken after the colon (see fieldChain): the field on its own line.
      const d = s.decls[0]!;
      return '\n' + layoutRows([this.declRow(d, indent + 1), ...this.innerRows(d)], tabs(indent + 1), this.v1).join('\n');
    }
    if (this.options.programmatic && this.flat === 0 && s !== this.top && isBuilt(s) && s.decls.length === 1 && trailing.length === 0 && !s.openComment && !this.blockBodies.has(s)) {
      const d = s.decls[0]!;
      if ((d.type === 'Field' || d.type === 'EmbedDecl' || d.type === 'Ellipsis') && !hasComments(d)) {
        const text = '{' + this.declText(d, indent) + '}';
        if (!text.includes('\n') && this.fits(text, indent)) return text;
      }
    }
    // The pre-v2 printer puts the field of a shorthand struct it does not chain on a line of
    // its own (no closing brace position to keep it on the line).
    const expand = this.options.expandStructs === true || (this.v1 && s.shorthand === true);
    if (!s.openComment && (!expand || this.flat > 0) && this.inline(s, s.decls, s, false, trailing)) {
      return '{' + s.decls.map((d) => this.declText(d, indent)).join(', ') + '}';
    }
    const braced = hasPos(s) && s.span.src.text[s.span.start] === '{';
    const rows = this.blockRows(s.decls, trailing, indent + 1, undefined, hasPos(s), braced && this.flat === 0);
    // Only a struct written with braces (not one converted from YAML) keeps a leading blank.
    if (rows.length > 0 && hasPos(s) && s.span.src.text[s.span.start] !== '{') rows[0]!.blankBefore = false;
    const body = leadingBlank(rows, layoutRows(rows, tabs(indent + 1), this.v1));
    // The pre-v2 printer keeps a `}` that follows a closing `}` or `]` on its line there.
    const lastDecl = s.decls[s.decls.length - 1];
    const lastLine = body[body.length - 1];
    if (this.v1 && braced && trailing.length === 0 && lastDecl && hasPos(lastDecl) && lastLine !== undefined && /[}\]]$/.test(lastLine) && endLine(s) === endLine(lastOf(lastDecl))) {
      return '{' + openText(s.openComment) + '\n' + body.join('\n') + '}';
    }
    return '{' + openText(s.openComment) + '\n' + (body.length > 0 ? body.join('\n') + '\n' : '') + tabs(indent) + '}';
  }

  private list(l: ListLit, indent: number): string {
    const trailing = l.trailingComments ?? [];
    if (l.elts.length === 0 && trailing.length === 0 && !l.openComment) return '[]';
    if (this.v1 && this.flat === 0) {
      const kept = this.listAsWrittenV1(l, indent);
      if (kept !== undefined) return kept;
    }
    const hugged = this.huggedList(l, indent);
    if (hugged !== undefined) return hugged;
    if (!l.openComment && this.inline(l, l.elts, l, true, trailing)) {
      const text = '[' + l.elts.map((el) => this.element(el, indent)).join(', ') + ']';
      // A built list of one-line elements too wide for the line: one element per line.
      const explode = this.options.programmatic && this.flat === 0 && isBuilt(l) && l.elts.length > 1 && !text.includes('\n') && !this.fits(text, indent);
      if (!explode) return text;
    }
    // Every element ends with a comma, unless the list was written without them (`noCommas`);
    // a final `...` has one only when it was written with one (as current cue fmt keeps it), and
    // the last element only when the source's `]` was on a line of its own (the pinned cue fmt
    // adds no comma where `]` followed the last element on its line).
    const lastEl = l.elts[l.elts.length - 1];
    // (Only where each element was on a line of its own: other layouts print differently
    // from the pinned cue fmt anyway, see testdata/fmt/list-breaks-mixed.txtar.)
    const onOwnLines = l.elts.every((el, i) => (i === 0 ? !hasPos(l) || !hasPos(el) || startLine(firstOf(el)) > startLine(l) : lineBreakBetween(lastOf(l.elts[i - 1]!), firstOf(el))));
    // A list converted from YAML has positions but no `]`: its last element decides nothing.
    const written = hasPos(l) && l.span.src.text[l.span.end - 1] === ']';
    const closerOwnLine = !written || lastEl === undefined || !hasPos(lastEl) || !onOwnLines || endLine(l) > endLine(lastOf(lastEl));
    const comma = (el: ListElement) => (el.type === 'Ellipsis' ? l.ellipsisComma : !l.noCommas && (el !== lastEl || closerOwnLine));
    if (written && !onOwnLines) {
      const kept = this.listAsWritten(l, indent);
      if (kept !== undefined) return kept;
    }
    const rows = this.itemRows(
      l.elts,
      trailing,
      (el) => this.foldInnerComment(el, this.withComments(el, [this.element(el, indent + 1) + (comma(el) ? ',' : '')], true)),
      undefined,
      hasPos(l),
    );
    if (written && l.elts.length > 0 && rows.length > 0 && blankLineBefore(firstOf(l.elts[0]!))) rows[0]!.blankBefore = true;
    const body = leadingBlank(rows, layoutRows(rows, tabs(indent + 1), this.v1));
    return '[' + openText(l.openComment) + '\n' + (body.length > 0 ? body.join('\n') + '\n' : '') + tabs(indent) + ']';
  }

  /**
   * A parsed list as cue's pre-v2 printer lays it out: every element and the `]` where the
   * source had them (on the line before, or on a line of their own); an element on a line of
   * its own, and every one after it, one level deeper than the list's line (one before it
   * opens its brackets at the list's level); the last element takes a comma only before a `]`
   * on its own line. Undefined where a comment is inside (the common layout prints those).
   */
  private listAsWrittenV1(l: ListLit, indent: number): string | undefined {
    if (l.openComment || (l.trailingComments?.length ?? 0) > 0 || l.elts.length === 0) return undefined;
    if (!hasPos(l) || l.span.src.text[l.span.end - 1] !== ']') return undefined;
    if (!l.elts.every((el) => hasPos(el) && el.span.src === l.span.src && !hasComments(el))) return undefined;
    const last = l.elts[l.elts.length - 1]!;
    const closeOwnLine = endLine(l) > endLine(last);
    let out = '[';
    let deeper = false;
    l.elts.forEach((el, i) => {
      const broken = i === 0 ? startLine(el) > startLine(l) : lineBreakBetween(l.elts[i - 1]!, el);
      if (i > 0) out += l.noCommas ? (broken ? '' : ', ') : broken ? ',' : ', ';
      if (broken) {
        deeper = true;
        out += (i > 0 && blankBetween(l.elts[i - 1]!, el) ? '\n' : '') + '\n' + tabs(indent + 1);
      }
      out += this.element(el, deeper ? indent + 1 : indent);
    });
    if (closeOwnLine && !l.noCommas) out += ',';
    return out + (closeOwnLine ? '\n' + tabs(indent) : '') + ']';
  }

  /**
   * A parsed list of one element that starts on the line of `[` and holds a line break of its
   * own prints that element between the brackets, whatever the line of `]`: `[{` newline ...
   * newline `}]`, `[...{` ... `}]`. The pinned cue fmt (internal/pretty) hugs such an element:
   * it breaks anyway, so the list adds no line breaks, no indentation and no trailing comma.
   * Not where a comment is attached to the element or sits inside the brackets: `//` would
   * swallow the `]`.
   */
  private huggedList(l: ListLit, indent: number): string | undefined {
    if (this.flat > 0 || l.elts.length !== 1 || l.openComment || (l.trailingComments?.length ?? 0) > 0) return undefined;
    const el = l.elts[0]!;
    if (!hasPos(l) || !hasPos(el) || el.span.src !== l.span.src || hasComments(el)) return undefined;
    if (startsOnNewLine(el) || !lineBreakInside(el)) return undefined;
    return '[' + this.element(el, indent) + ']';
  }

  /**
   * Whether the elements of a list written over several lines continue at the list's own
   * indentation rather than one level deeper, as the pinned cue fmt decides (its "shared
   * indent"): every element shares a line with the one before it, or an element on the line of
   * `[` (before any element on a line of its own) opens a bracket that breaks (`[{` newline
   * ... `}, 3]`): that bracket's own indentation is the one level the body gets.
   */
  private sharesIndent(l: ListLit): boolean {
    if (!l.elts.some(startsOnNewLine)) return true;
    for (const el of l.elts) {
      if (startsOnNewLine(el)) return false;
      if (opensBracket(el) && lineBreakInside(el)) return true;
    }
    return false;
  }

  /**
   * A list whose elements share lines keeps its line breaks, as the pinned cue fmt keeps them
   * (`[1, 2, 3,` newline `4]`): elements continue one level deeper (at the list's level when
   * it shares its indentation, see sharesIndent); `[` breaks when the first element was on a
   * later line, `]` when it was on a line of its own (then with a trailing comma) or `[`
   * broke. Only for lists without comments but a line comment on the last element; undefined
   * otherwise (printed one element per line).
   */
  private listAsWritten(l: ListLit, indent: number): string | undefined {
    // A line comment on the last element is the only comment this layout keeps in place.
    const lastLine = commentsOf(l.elts[l.elts.length - 1]!)?.line;
    const onlyLastLine = (el: ListElement, i: number) => !hasComments(el) || (i === l.elts.length - 1 && (commentsOf(el)?.doc?.length ?? 0) === 0 && innerCommentsOf(el).length === 0);
    if (l.openComment || (l.trailingComments?.length ?? 0) > 0 || !l.elts.every(onlyLastLine)) return undefined;
    if (!l.elts.every((el) => hasPos(el) && el.span.src === l.span.src)) return undefined;
    const inner = this.sharesIndent(l) ? indent : indent + 1;
    const texts = l.elts.map((el) => this.element(el, inner));
    const first = l.elts[0]!;
    const last = l.elts[l.elts.length - 1]!;
    const openBreak = startLine(first) > startLine(l);
    const closeOwnLine = endLine(l) > endLine(last);
    const cont = '\n' + tabs(inner);
    let out = '[' + (openBreak ? cont : '');
    texts.forEach((t, i) => {
      if (i > 0) {
        const broken = lineBreakBetween(l.elts[i - 1]!, l.elts[i]!);
        out += l.noCommas ? (broken ? cont : ', ') : ',' + (broken ? cont : ' ');
      }
      out += t;
    });
    if (closeOwnLine && (last.type === 'Ellipsis' ? l.ellipsisComma : !l.noCommas)) out += ',';
    if (lastLine) out += ' ' + commentText(lastLine);
    return out + (closeOwnLine || openBreak ? '\n' + tabs(indent) : '') + ']';
  }

  private element(el: ListElement, indent: number): string {
    switch (el.type) {
      case 'Comprehension':
        return this.comprehension(el, indent);
      case 'Ellipsis':
        // `...int | float` constrains every element to `int | float`: no parentheses needed.
        return '...' + (el.value ? this.expr(el.value, indent, 1, 0) : '');
      default:
        return this.expr(el, indent, 1, 0);
    }
  }

  private comprehension(c: Comprehension, indent: number): string {
    let out = '';
    let prev: Positioned | undefined;
    for (const cl of c.clauses) {
      const text = this.clause(cl, indent);
      if (prev === undefined) out = text;
      else out += (this.flat === 0 && lineBreakBetween(prev, cl) ? '\n' + tabs(indent) : ' ') + text;
      prev = cl;
    }
    const otherwise = c.else ? ' ' + c.else.keyword + ' ' + this.struct(c.else.body, indent) : '';
    // A built comprehension's body is a block, even of one field (`if x {\n\tb: 1\n}`), as the
    // pinned printer lays out what cue's exporter builds (eval_incomplete issue4029).
    if (this.options.programmatic && isBuilt(c.body)) this.blockBodies.add(c.body);
    return out + ' ' + this.struct(c.body, indent) + otherwise;
  }

  private clause(cl: Clause, indent: number): string {
    switch (cl.type) {
      case 'ForClause':
        return 'for ' + (cl.key ? cl.key.name + ', ' : '') + cl.value.name + ' in ' + this.expr(cl.source, indent, 1, 0);
      case 'IfClause':
        return 'if ' + this.expr(cl.condition, indent, 1, 0);
      case 'LetClause':
        return 'let ' + cl.ident.name + ' = ' + this.expr(cl.expr, indent, 1, 0);
      case 'TryClause':
        return cl.ident && cl.expr ? 'try ' + cl.ident.name + ' = ' + this.expr(cl.expr, indent, 1, 0) : 'try';
    }
  }

  // --- Literals ------------------------------------------------------------

  private lit(e: BasicLit, indent: number): string {
    const raw = e.raw;
    if (!raw) {
      // Synthetic literal without its text: spell the value.
      switch (e.kind) {
        case 'string':
          return quoteString(e.value);
        case 'bytes':
          return quoteBytes(e.bytes ?? Uint8Array.from(e.value, (ch) => ch.charCodeAt(0) & 0xff));
        default:
          return e.value;
      }
    }
    if (e.kind === 'int' || e.kind === 'float') return normalizeNumber(raw);
    if ((e.kind === 'string' || e.kind === 'bytes') && isMultilineRaw(raw)) return reindentMultiline(raw, tabs(indent));
    return raw;
  }

  /**
   * A multi-line string keeps the line breaks of its interpolations, balanced as the pinned
   * cue fmt balances them: a line break after `\(` or before `)` puts the expression on a line
   * of its own, one level deeper than the string's body, with `)` on the next line; an
   * expression hugging both keeps its inner line breaks. Undefined when the raw text cannot be
   * split (the caller then prints it as written).
   */
  private multilineInterpolation(raw: string, exprs: Expr[], indent: number): string | undefined {
    const split = splitInterpolationRegions(raw, exprs.length);
    if (!split) return undefined;
    const last = raw.slice(raw.lastIndexOf('\n') + 1);
    const prefix = /^[ \t]*/.exec(last)![0];
    const body = tabs(indent + 1);
    // The literal pieces, each line re-indented from the closing line's prefix to the body's.
    const pieces: string[] = [];
    for (const piece of split.pieces) {
      const lines = piece.split('\n');
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i]!;
        if (line.startsWith(prefix)) lines[i] = line.length === prefix.length && i < lines.length - 1 ? '' : body + line.slice(prefix.length);
        else if (line.trim() === '') lines[i] = '';
        else return undefined;
      }
      pieces.push(lines.join('\n'));
    }
    let out = pieces[0]!;
    exprs.forEach((x, i) => {
      const region = split.regions[i]!;
      const broken = /^[ \t]*\n/.test(region) || /\n[ \t]*$/.test(region);
      // The pre-v2 printer puts the `)` of an expression on lines of its own at the
      // expression's level, and continues an expression hugging `\(` at the body's level.
      if (broken) out += '\n' + tabs(indent + 2) + this.expr(x, indent + 2, 2, 0) + '\n' + (this.v1 ? tabs(indent + 2) : body);
      else if (this.v1) out += this.continuing(indent + 1, () => this.expr(x, indent + 1, 2, 0));
      else out += this.expr(x, indent + 1, 2, 0);
      out += pieces[i + 1]!;
    });
    return out;
  }

  private interpolation(e: Interpolation, indent: number): string {
    const exprs = e.parts.filter((p): p is Expr => typeof p !== 'string');
    if (e.raw && isMultilineRaw(e.raw) && this.flat === 0) {
      const laid = this.multilineInterpolation(e.raw, exprs, indent);
      if (laid !== undefined) return laid;
    }
    // Expressions inside `\( )` read like an index: compact operators (`"\(a+1)"`).
    this.flat++;
    const printed = exprs.map((x) => this.expr(x, indent, 2, 0));
    this.flat--;
    if (!e.raw) {
      const quote = e.kind === 'bytes' ? "'" : '"';
      let k = 0;
      const body = e.parts
        .map((p) => (typeof p === 'string' ? escapeBody(p, e.kind) : '\\(' + printed[k++] + ')'))
        .join('');
      return quote + body + quote;
    }
    const pieces = splitInterpolationRaw(e.raw, exprs.length);
    if (!pieces || printed.some((p) => p.includes('\n'))) {
      if (hasPos(e)) this.verbatim.push(e.span);
      return e.raw;
    }
    let out = pieces[0]!;
    printed.forEach((p, i) => (out += p + pieces[i + 1]!));
    return isMultilineRaw(out) ? reindentMultiline(out, tabs(indent)) : out;
  }
}

/**
 * A list element whose text begins with a bracket that indents what it holds (a struct, a
 * list, parentheses, a call's or an index's): CUE's "contiguous opener".
 */
function opensBracket(el: ListElement): boolean {
  return el.type === 'StructLit' || el.type === 'ListLit' || el.type === 'ParenExpr' || el.type === 'CallExpr' || el.type === 'IndexExpr';
}

/**
 * `--simplify` writes `a: {b: 1}` as `a: b: 1` when nothing attached to the braces or to `b`
 * would be lost or moved: no comment on the struct or on `b`, no attribute on `b`.
 */
function canUnbrace(v: StructLit, inner: Field): boolean {
  if (v.openComment || (v.comments?.doc?.length ?? 0) > 0 || v.comments?.line || (v.comments?.inner?.length ?? 0) > 0) return false;
  return inner.attrs.length === 0 && !hasComments(inner);
}

/** A label that names its field (not a pattern, a dynamic label or an interpolation). */
function isNameLabel(l: Label): boolean {
  return l.type === 'Ident' || (l.type === 'BasicLit' && l.kind === 'string');
}

function attribute(a: Attribute): string {
  return '@' + a.name + '(' + a.text + ')';
}

/** The inside of a quoted literal for decoded text (synthetic interpolations). */
function escapeBody(text: string, kind: 'string' | 'bytes'): string {
  if (kind === 'string') return quoteString(text).slice(1, -1);
  return quoteBytes(Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff)).slice(1, -1);
}

/**
 * `--simplify`: `[string]: _` and `[_]: _` say what `...` says; cue/format prints the last of
 * them (or of the `...` declarations) as `...` after the other declarations, with its comments.
 */
function ellipsisLast(decls: Declaration[]): Declaration[] {
  let last: Declaration | undefined;
  let lastIndex = -1;
  const rest: Declaration[] = [];
  decls.forEach((d, i) => {
    if (isEllipsisLike(d)) {
      last = d;
      lastIndex = i;
    } else rest.push(d);
  });
  if (last === undefined) return decls;
  const span = { ...last.span, start: 0, end: 0 } as Span;
  // The comments after it that are not the next declaration's own (a blank line separates them
  // from it) belong to it, as cue's parser attaches them: they move with it.
  const next = decls[lastIndex + 1];
  const detached = next ? detachedDoc(next) : 0;
  let moved: Declaration[] = rest;
  const e = { type: 'Ellipsis', span, ...(last.comments ? { comments: last.comments } : {}) } as Declaration & { detached?: unknown };
  if (next && detached > 0) {
    const doc = next.comments!.doc!;
    e.detached = { from: lastOf(last), comments: doc.slice(0, detached) };
    const kept = { ...next, comments: { ...next.comments, doc: doc.slice(detached) } } as Declaration;
    moved = rest.map((d) => (d === next ? kept : d));
  }
  return [...moved, e];
}

/** How many of a declaration's doc comments a blank line separates from it. */
function detachedDoc(d: Declaration): number {
  const doc = commentsOf(d)?.doc ?? [];
  for (let i = doc.length; i > 0; i--) {
    const after = i === doc.length ? d : doc[i]!;
    if (blankBetween(doc[i - 1], after)) return i;
  }
  return 0;
}

/** True when a comment follows code on its line (it is not the first thing on the line). */
function followsCode(c: Comment): boolean {
  const text = c.span.src.text;
  let i = c.span.start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i >= 0 && text[i] !== '\n';
}

/** True when the line above the node's first line is empty in its source. */
export function blankLineBefore(n: Positioned): boolean {
  if (!hasPos(n)) return false;
  const text = n.span.src.text;
  let i = n.span.start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < 0 || text[i] !== '\n') return false;
  i--;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i--;
  return i >= 0 && text[i] === '\n';
}

function isEllipsisLike(d: Declaration): boolean {
  if (d.type === 'Ellipsis') return d.value === undefined;
  if (d.type !== 'Field' || d.value.type !== 'Ident' || d.value.name !== '_') return false;
  const l = d.label;
  if (l.type !== 'PatternLabel' || l.alias) return false;
  return l.expr.type === 'Ident' && (l.expr.name === 'string' || l.expr.name === '_');
}

/**
 * A blank line the source has between an opening bracket and the first element stays, as the
 * pinned cue fmt keeps it (layoutRows never starts with one).
 */
function leadingBlank(rows: Row[], lines: string[]): string[] {
  return rows.length > 0 && rows[0]!.blankBefore && lines.length > 0 ? ['', ...lines] : lines;
}

/** A comment kept on the line of an opening bracket (`{ // note`). */
function openText(c: Comment | undefined): string {
  return c ? ' ' + commentText(c) : '';
}
