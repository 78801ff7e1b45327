/**
 * Builders for synthetic AST nodes, as the evaluator makes them: dummy spans (start = end = 0)
 * and literals with `raw` set. Used by the printer tests.
 */
import { Source } from '../../src/source/index.js';
import type {
  Attribute,
  BasicLit,
  BinaryExpr,
  BinaryOp,
  CallExpr,
  Comment,
  Comprehension,
  Declaration,
  EmbedDecl,
  Ellipsis,
  Expr,
  Field,
  FieldConstraint,
  ForClause,
  Ident,
  IfClause,
  IndexExpr,
  SliceExpr,
  Interpolation,
  Label,
  LetClause,
  ListElement,
  ListLit,
  ParenExpr,
  SelectorExpr,
  StructLit,
  UnaryExpr,
  UnaryOp,
  File,
} from '../../src/syntax/ast.js';

const src = new Source('synthetic', '');
export const dummySpan = { src, start: 0, end: 0 };
const span = dummySpan;

export const ident = (name: string): Ident => ({ type: 'Ident', span, name });
export const int = (raw: string | number): BasicLit => ({ type: 'BasicLit', span, kind: 'int', raw: String(raw), value: String(raw) });
export const float = (raw: string): BasicLit => ({ type: 'BasicLit', span, kind: 'float', raw, value: raw });
export const str = (value: string, raw = JSON.stringify(value)): BasicLit => ({ type: 'BasicLit', span, kind: 'string', raw, value });
export const bool = (v: boolean): BasicLit => ({ type: 'BasicLit', span, kind: 'bool', raw: String(v), value: String(v) });
export const nul = (): BasicLit => ({ type: 'BasicLit', span, kind: 'null', raw: 'null', value: 'null' });
export const comment = (text: string): Comment => ({ type: 'Comment', span, text });

export const field = (
  label: Label | string,
  value: Expr,
  opts: { constraint?: FieldConstraint; attrs?: Attribute[]; doc?: string[]; line?: string; alias?: string } = {},
): Field => {
  const f: Field = {
    type: 'Field',
    span,
    label: typeof label === 'string' ? ident(label) : label,
    constraint: opts.constraint ?? 'regular',
    value,
    attrs: opts.attrs ?? [],
    ...(opts.alias ? { alias: ident(opts.alias) } : {}),
  };
  if (opts.doc || opts.line) {
    f.comments = {
      ...(opts.doc ? { doc: opts.doc.map(comment) } : {}),
      ...(opts.line ? { line: comment(opts.line) } : {}),
    };
  }
  return f;
};

export const struct = (decls: Declaration[], opts: { shorthand?: boolean; trailing?: string[] } = {}): StructLit => ({
  type: 'StructLit',
  span,
  decls,
  ...(opts.shorthand ? { shorthand: true } : {}),
  ...(opts.trailing ? { trailingComments: opts.trailing.map(comment) } : {}),
});

/** `a: b: c: v` as the parser builds it. */
export const chain = (labels: string[], value: Expr): Field => {
  let v = value;
  for (let i = labels.length - 1; i > 0; i--) v = struct([field(labels[i]!, v)], { shorthand: true });
  return field(labels[0]!, v);
};

export const list = (elts: ListElement[]): ListLit => ({ type: 'ListLit', span, elts });
export const paren = (expr: Expr): ParenExpr => ({ type: 'ParenExpr', span, expr });
export const unary = (op: UnaryOp, expr: Expr): UnaryExpr => ({ type: 'UnaryExpr', span, op, expr });
export const binary = (op: BinaryOp, left: Expr, right: Expr): BinaryExpr => ({ type: 'BinaryExpr', span, op, left, right });
export const sel = (expr: Expr, name: string): SelectorExpr => ({ type: 'SelectorExpr', span, expr, sel: ident(name) });
export const index = (expr: Expr, i: Expr): IndexExpr => ({ type: 'IndexExpr', span, expr, index: i });
export const slice = (expr: Expr, low?: Expr, high?: Expr): SliceExpr => ({ type: 'SliceExpr', span, expr, ...(low ? { low } : {}), ...(high ? { high } : {}) });
export const call = (fun: Expr, args: Expr[]): CallExpr => ({ type: 'CallExpr', span, fun, args });
export const embed = (expr: Expr): EmbedDecl => ({ type: 'EmbedDecl', span, expr });
export const ellipsis = (value?: Expr): Ellipsis => ({ type: 'Ellipsis', span, ...(value ? { value } : {}) });
export const letClause = (name: string, expr: Expr): LetClause => ({ type: 'LetClause', span, ident: ident(name), expr });
export const attr = (name: string, text: string): Attribute => ({ type: 'Attribute', span, name, text });
export const forClause = (value: string, source: Expr, key?: string): ForClause => ({
  type: 'ForClause',
  span,
  value: ident(value),
  source,
  ...(key ? { key: ident(key) } : {}),
});
export const ifClause = (condition: Expr): IfClause => ({ type: 'IfClause', span, condition });
export const comprehension = (clauses: (ForClause | IfClause | LetClause)[], body: StructLit): Comprehension => ({
  type: 'Comprehension',
  span,
  clauses,
  body,
});
export const interpolation = (parts: (string | Expr)[]): Interpolation => ({ type: 'Interpolation', span, kind: 'string', parts, raw: '' });
export const file = (decls: Declaration[], extra: Partial<File> = {}): File => ({
  type: 'File',
  span,
  attrs: [],
  imports: [],
  decls,
  ...extra,
});
