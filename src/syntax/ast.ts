/**
 * The CUE abstract syntax tree. Node names follow the spec's productions
 * (doc/ref/spec.md in cue-lang/cue). Every node carries a `span` (source and offsets).
 *
 * This file is the contract between the parser (which builds it), the printer/formatter
 * (which prints it back), and the compiler (which turns it into evaluable expressions).
 * Nodes are plain objects discriminated by `type`.
 */
import type { Span } from '../source/index.js';

// ---------------------------------------------------------------------------
// Comments

/** One `// ...` comment; `text` includes the leading `//`. */
export interface Comment {
  readonly type: 'Comment';
  readonly span: Span;
  readonly text: string;
}

/**
 * Comments attached to a declaration, an element or an import:
 * `doc` are the comment lines directly above it (a blank line between them and the node
 * still counts: they are the comments since the previous node), `line` is a comment on the
 * same line after it.
 */
export interface Comments {
  doc?: Comment[];
  line?: Comment;
  /**
   * Comments inside the node that belong to no nested declaration or element (for example
   * between the operands of a multi-line expression). Added by the parser so that no comment
   * is lost; a printer may print them after the node.
   */
  inner?: Comment[];
}

// ---------------------------------------------------------------------------
// File

/** SourceFile = { attribute "," } [ PackageClause "," ] { ImportDecl "," } { Declaration "," } . */
export interface File {
  readonly type: 'File';
  readonly span: Span;
  /** Attributes before the package clause (file attributes such as `@if(prod)`). */
  readonly attrs: Attribute[];
  readonly package?: PackageClause;
  readonly imports: ImportDecl[];
  readonly decls: Declaration[];
  /** Comments after the last declaration. */
  readonly trailingComments?: Comment[];
}

/** PackageClause = "package" PackageName . */
export interface PackageClause {
  readonly type: 'PackageClause';
  readonly span: Span;
  readonly name: Ident;
  comments?: Comments;
}

/** ImportDecl = "import" ( ImportSpec | "(" { ImportSpec "," } ")" ) . */
export interface ImportDecl {
  readonly type: 'ImportDecl';
  readonly span: Span;
  /** True for the parenthesised form, even with a single spec. */
  readonly grouped: boolean;
  readonly specs: ImportSpec[];
  comments?: Comments;
}

/** ImportSpec = [ PackageName ] ImportPath . */
export interface ImportSpec {
  readonly type: 'ImportSpec';
  readonly span: Span;
  readonly name?: Ident;
  /** The import path string literal as written (`"strings"`, `"example.com/x:pkg"`). */
  readonly path: BasicLit;
  comments?: Comments;
}

// ---------------------------------------------------------------------------
// Declarations

/** Declaration = Field | Ellipsis | Embedding | LetClause | attribute . */
export type Declaration = Field | Ellipsis | EmbedDecl | Comprehension | LetClause | Attribute;

/** The marker after a label: `a?:` is optional, `a!:` required. */
export type FieldConstraint = 'regular' | 'optional' | 'required';

/**
 * Field = Label ":" { Label ":" } AliasExpr { attribute } .
 * Label = [ identifier "=" ] LabelExpr .
 *
 * `a: b: c: 1` is parsed as a Field `a` whose value is a StructLit with `shorthand: true`
 * holding the Field `b`, and so on: the spec defines it as `a: {b: {c: 1}}`.
 */
export interface Field {
  readonly type: 'Field';
  readonly span: Span;
  /**
   * Printed after a blank line (unless first in its block), whatever the source lines say: set
   * by tools that build a layout of their own (`def`, as cue's exporter separates a documented
   * field from the one before it).
   */
  sectionStart?: boolean;
  /** Label alias: the `X` in `X=label: value`. */
  readonly alias?: Ident;
  readonly label: Label;
  readonly constraint: FieldConstraint;
  /** The value; a value alias `label: X=value` appears as an AliasExpr here. */
  readonly value: Expr;
  readonly attrs: Attribute[];
  comments?: Comments;
}

/**
 * LabelExpr = LabelName [ "?" | "!" ] | "[" AliasExpr "]" .
 * LabelName = identifier | simple_string_lit | "(" AliasExpr ")" .
 * A string label may be interpolated (`"\(k)-x": v`), which makes it dynamic.
 */
export type Label = Ident | BasicLit | Interpolation | DynamicLabel | PatternLabel;

/** `(expr): v` — a dynamic label; `(X=expr): v` binds X to the label. */
export interface DynamicLabel {
  readonly type: 'DynamicLabel';
  readonly span: Span;
  readonly alias?: Ident;
  readonly expr: Expr;
}

/** `[expr]: v` — a pattern constraint; `[X=expr]: v` binds X to each matching label. */
export interface PatternLabel {
  readonly type: 'PatternLabel';
  readonly span: Span;
  readonly alias?: Ident;
  readonly expr: Expr;
}

/** Ellipsis = "..." [ Expression ] . In structs and lists. */
export interface Ellipsis {
  readonly type: 'Ellipsis';
  readonly span: Span;
  readonly value?: Expr;
  comments?: Comments;
}

/** Embedding = Comprehension | AliasExpr . (The comprehension case is a Comprehension decl.) */
export interface EmbedDecl {
  readonly type: 'EmbedDecl';
  readonly span: Span;
  readonly expr: Expr;
  comments?: Comments;
}

/** LetClause = "let" identifier "=" Expression . As a declaration and as a comprehension clause. */
export interface LetClause {
  readonly type: 'LetClause';
  readonly span: Span;
  readonly ident: Ident;
  readonly expr: Expr;
  comments?: Comments;
}

/**
 * attribute = "@" identifier "(" attr_tokens ")" .
 * `text` is everything between the parentheses, verbatim.
 */
export interface Attribute {
  readonly type: 'Attribute';
  readonly span: Span;
  readonly name: string;
  readonly text: string;
  comments?: Comments;
}

// ---------------------------------------------------------------------------
// Comprehensions

/**
 * Comprehension = Clauses StructLit [ ElseClause ] . Used as a struct declaration and as a list
 * element. The else clause is `@experiment(try)` syntax.
 */
export interface Comprehension {
  readonly type: 'Comprehension';
  readonly span: Span;
  readonly clauses: Clause[];
  readonly body: StructLit;
  readonly else?: ElseClause;
  comments?: Comments;
}

export type Clause = ForClause | IfClause | LetClause | TryClause;

/**
 * TryClause = "try" [ identifier "=" Expression ] . (`@experiment(try)`.) Without the
 * assignment, the comprehension's struct is the try body (it must then be the last clause).
 */
export interface TryClause {
  readonly type: 'TryClause';
  readonly span: Span;
  readonly ident?: Ident;
  readonly expr?: Expr;
}

/**
 * ElseClause = ( "else" | "otherwise" | "fallback" ) StructLit . The struct used when the
 * clauses yield nothing: `else` after a single `if` or `try` clause, `otherwise` (or the older
 * `fallback`) after any other clauses.
 */
export interface ElseClause {
  readonly type: 'ElseClause';
  readonly span: Span;
  readonly keyword: 'else' | 'otherwise' | 'fallback';
  readonly body: StructLit;
}

/** ForClause = "for" identifier [ "," identifier ] "in" Expression . */
export interface ForClause {
  readonly type: 'ForClause';
  readonly span: Span;
  /** With two identifiers, the first is the key (or index). */
  readonly key?: Ident;
  readonly value: Ident;
  readonly source: Expr;
}

/** GuardClause = "if" Expression . */
export interface IfClause {
  readonly type: 'IfClause';
  readonly span: Span;
  readonly condition: Expr;
}

// ---------------------------------------------------------------------------
// Expressions

export type Expr =
  | Ident
  | BasicLit
  | Interpolation
  | BottomLit
  | StructLit
  | ListLit
  | ParenExpr
  | UnaryExpr
  | BinaryExpr
  | SelectorExpr
  | IndexExpr
  | SliceExpr
  | CallExpr
  | AliasExpr;

/**
 * An identifier: `x`, `#Def`, `_hidden`, `_#hiddenDef`, `$x`, `_` (top), and the keywords used
 * as labels or operands (`null`, `true`, `false` are BasicLits, not Idents).
 */
export interface Ident {
  readonly type: 'Ident';
  readonly span: Span;
  readonly name: string;
  /** A postfix `?` (`a?`, `@experiment(try)`): the span includes it. */
  readonly optional?: true;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

export type BasicLitKind = 'int' | 'float' | 'string' | 'bytes' | 'null' | 'bool';

/**
 * A literal. `raw` is the source text exactly. Decoded values:
 * - string: `value` is the decoded string (escapes applied, multi-line indentation removed);
 * - bytes: `bytes` holds the decoded bytes;
 * - bool: `value` is "true" or "false"; null: `value` is "null";
 * - int/float: `value` is `raw` (numbers are decoded by the compiler: multipliers, `_`, bases).
 */
export interface BasicLit {
  readonly type: 'BasicLit';
  readonly span: Span;
  readonly kind: BasicLitKind;
  readonly raw: string;
  readonly value: string;
  readonly bytes?: Uint8Array;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/**
 * A string or bytes literal with `\(expr)` parts. `parts` alternates decoded literal text
 * (strings, possibly empty) and expressions, starting and ending with text:
 * `"a\(x)b"` is `["a", x, "b"]`. For bytes, text parts are latin1-style strings whose
 * char codes are the byte values.
 */
export interface Interpolation {
  readonly type: 'Interpolation';
  readonly span: Span;
  readonly kind: 'string' | 'bytes';
  readonly parts: (string | Expr)[];
  /** The literal's source text, for the printer. */
  readonly raw: string;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/** bottom_lit = "_|_" . */
export interface BottomLit {
  readonly type: 'BottomLit';
  readonly span: Span;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/** StructLit = "{" { Declaration "," } "}" . */
export interface StructLit {
  readonly type: 'StructLit';
  readonly span: Span;
  readonly decls: Declaration[];
  /** True for the implicit struct of `a: b: 1` (no braces in the source). */
  readonly shorthand?: boolean;
  /**
   * A chain made by simplification (simplify.ts): printed on one line even when its labels
   * were on several lines of the source, as `cue fmt --simplify` prints it.
   */
  readonly inline?: boolean;
  /** Comments after the last declaration, before `}`. */
  readonly trailingComments?: Comment[];
  /** A comment on the line of `{`, after it. */
  openComment?: Comment;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/** ListLit = "[" [ ElementList [ "," ] ] "]" . Elements are expressions, comprehensions and a final Ellipsis. */
export interface ListLit {
  readonly type: 'ListLit';
  readonly span: Span;
  readonly elts: ListElement[];
  /**
   * Elements written without commas at their line ends (`[` newline `1` newline `2` newline
   * `]`, which CUE v0.17 allows): some element but the last has no `,` after it (or the only
   * one has none). The formatter keeps that style on multi-line lists.
   */
  readonly noCommas?: boolean;
  /** A final `...` written with a comma after it (`...string,`), which the formatter keeps. */
  readonly ellipsisComma?: boolean;
  readonly trailingComments?: Comment[];
  /** A comment on the line of `[`, after it. */
  openComment?: Comment;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

export type ListElement = Expr | Comprehension | Ellipsis;

export interface ParenExpr {
  readonly type: 'ParenExpr';
  readonly span: Span;
  readonly expr: Expr;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/** unary_op = "+" | "-" | "!" | "*" | rel_op . `*` marks a default; rel_op forms a bound. */
export type UnaryOp = '+' | '-' | '!' | '*' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | '!~';

export interface UnaryExpr {
  readonly type: 'UnaryExpr';
  readonly span: Span;
  readonly op: UnaryOp;
  readonly expr: Expr;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/** binary_op = "|" | "&" | "||" | "&&" | "==" | rel_op | add_op | mul_op . */
export type BinaryOp =
  | '|'
  | '&'
  | '||'
  | '&&'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | '!~'
  | '+'
  | '-'
  | '*'
  | '/';

export interface BinaryExpr {
  readonly type: 'BinaryExpr';
  readonly span: Span;
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/** Selector = "." (identifier | simple_string_lit) . */
export interface SelectorExpr {
  readonly type: 'SelectorExpr';
  readonly span: Span;
  readonly expr: Expr;
  readonly sel: Ident | BasicLit;
  /** A postfix `?` (`a.b?`, `@experiment(try)`): the span includes it. */
  readonly optional?: true;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/** Index = "[" Expression [ "," ] "]" . */
export interface IndexExpr {
  readonly type: 'IndexExpr';
  readonly span: Span;
  readonly expr: Expr;
  readonly index: Expr;
  /** A postfix `?` (`a[0]?`, `@experiment(try)`): the span includes it. */
  readonly optional?: true;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/**
 * Slice = "[" [ Expression ] ":" [ Expression ] "]" . Not in the spec (a commented-out TODO
 * there) but accepted by CUE's parser and evaluator: `l[1:]`, `b[:2]`.
 */
export interface SliceExpr {
  readonly type: 'SliceExpr';
  readonly span: Span;
  readonly expr: Expr;
  readonly low?: Expr;
  readonly high?: Expr;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/** Arguments = "(" [ ( Argument { "," Argument } ) [ "," ] ] ")" . */
export interface CallExpr {
  readonly type: 'CallExpr';
  readonly span: Span;
  readonly fun: Expr;
  readonly args: Expr[];
  /** Comments after the last argument, before `)`. */
  readonly trailingComments?: Comment[];
  /** A comment on the line of `(`, after it. */
  openComment?: Comment;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

/**
 * AliasExpr = [ identifier "=" ] Expression . Only where the grammar allows an alias:
 * a field value (`a: X=expr`) and an embedding. The parser rejects it elsewhere.
 */
export interface AliasExpr {
  readonly type: 'AliasExpr';
  readonly span: Span;
  readonly ident: Ident;
  readonly expr: Expr;
  /** Set only on list elements (doc, line and inner comments). */
  comments?: Comments;
}

export type Node =
  | File
  | PackageClause
  | ImportDecl
  | ImportSpec
  | Declaration
  | Expr
  | Comprehension
  | ForClause
  | IfClause
  | TryClause
  | ElseClause
  | DynamicLabel
  | PatternLabel
  | Comment;
