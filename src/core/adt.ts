/**
 * Compiled expressions (CUE's ADT expressions): the immutable, shared form of the source,
 * with identifiers resolved to (scope distance, label or slot). Produced by src/compile,
 * evaluated by the evaluator against an Environment.
 *
 * Nodes are classes with a numeric `op` tag so that dispatch is a switch on a small integer.
 */
import { ErrorCode } from '../errors/index.js';
import type { Span } from '../source/index.js';
import { type Label, isRegularLabel } from './label.js';
import type { Value, BoundOp } from './value.js';
import type { BuiltinRef } from './builtin-ref.js';
import type { BinaryOp } from '../syntax/ast.js';

/** The `op` tag of every compiled expression: switch on `e.op`. */
export const ExprOp = {
  value: 0,
  struct: 1,
  list: 2,
  fieldRef: 3,
  letRef: 4,
  bindingRef: 5,
  importRef: 6,
  builtin: 7,
  selector: 8,
  index: 9,
  call: 10,
  unary: 11,
  binary: 12,
  bound: 13,
  disjunction: 14,
  conjunction: 15,
  interpolation: 16,
  bottom: 17,
  error: 18,
  selfRef: 19,
  dynamicAliasRef: 20,
  slice: 21,
} as const;

/** A constant value (literal, basic type, top). */
export class ValueX {
  readonly op = ExprOp.value;
  constructor(
    readonly value: Value,
    readonly src?: Span,
  ) {}
}

/** `_|_` in the source. */
export class BottomX {
  readonly op = ExprOp.bottom;
  constructor(readonly src?: Span) {}
}

/**
 * An error kept as an expression: a compile-time error (unresolved reference, bad literal...),
 * or an `incomplete` one that only matters where the expression is used (a package member that
 * does not exist, which CUE reports as `undefined field` at evaluation).
 */
export class ErrorX {
  readonly op = ExprOp.error;
  constructor(
    readonly message: string,
    readonly code: 'compile' | 'eval' | 'incomplete',
    readonly src?: Span,
    /** The whole expression, where `src` is only the part the error points at (a selector). */
    readonly whole?: Span,
  ) {}

  get errorCode(): ErrorCode {
    return this.code === 'compile' ? ErrorCode.compile : this.code === 'eval' ? ErrorCode.eval : ErrorCode.incomplete;
  }
}

export type ArcType = 0 | 1 | 2;
export const ArcMember: ArcType = 0;
export const ArcOptional: ArcType = 1;
export const ArcRequired: ArcType = 2;

/** The `kind` tag of every declaration of a struct literal: switch on `d.kind`. */
export const DeclKind = {
  field: 0,
  dynamicField: 1,
  pattern: 2,
  ellipsis: 3,
  embed: 4,
  comprehension: 5,
  let: 6,
} as const;

export class FieldDecl {
  readonly kind = DeclKind.field;
  constructor(
    readonly label: Label,
    readonly arcType: ArcType,
    readonly value: Expr,
    readonly src?: Span,
  ) {}
}

/** `(expr): v` or `"\(k)": v`. With an alias `(X=e): v`, the label is bound in the value's scope. */
export class DynamicFieldDecl {
  readonly kind = DeclKind.dynamicField;
  constructor(
    readonly key: Expr,
    readonly arcType: ArcType,
    readonly value: Expr,
    /** Whether the value is compiled in a scope that binds the label (alias). */
    readonly bindsLabel: boolean,
    readonly src?: Span,
  ) {}
}

/** `[pattern]: value`; with `[X=pattern]` the value's scope binds the matched label. */
export class PatternDecl {
  readonly kind = DeclKind.pattern;
  constructor(
    readonly pattern: Expr,
    readonly value: Expr,
    readonly bindsLabel: boolean,
    readonly src?: Span,
  ) {}
}

export class EllipsisDecl {
  readonly kind = DeclKind.ellipsis;
  constructor(
    readonly value: Expr | undefined,
    readonly src?: Span,
  ) {}
}

export class EmbedDecl {
  readonly kind = DeclKind.embed;
  constructor(
    readonly expr: Expr,
    readonly src?: Span,
  ) {}
}

export class LetDecl {
  readonly kind = DeclKind.let;
  constructor(
    readonly label: Label,
    readonly expr: Expr,
    readonly src?: Span,
  ) {}
}

export type ClauseX =
  | { readonly kind: 'for'; readonly source: Expr; readonly hasKey: boolean; readonly src?: Span }
  | { readonly kind: 'if'; readonly condition: Expr; readonly src?: Span }
  | { readonly kind: 'let'; readonly expr: Expr; readonly src?: Span }
  /**
   * `try` (`@experiment(try)`): with `expr`, `try x = expr` binds x in a new scope (one slot,
   * as `let`); without, the comprehension's body is the try body (the last clause). Either is
   * tried first: a `?` reference in it to a field that is absent drops the iteration.
   */
  | { readonly kind: 'try'; readonly expr?: Expr; readonly src?: Span };

/**
 * `for ... if ... let ... { body }`. Each `for` clause opens a scope with two slots
 * (key, value); each `let` clause a scope with one slot. The body is compiled inside them.
 */
export class ComprehensionDecl {
  readonly kind = DeclKind.comprehension;
  constructor(
    readonly clauses: readonly ClauseX[],
    readonly body: StructLitX,
    readonly src?: Span,
    /** `else { ... }` (`@experiment(try)`): used when the clauses yield nothing; outside their scopes. */
    readonly otherwise?: StructLitX,
  ) {}
}

export type Decl = FieldDecl | DynamicFieldDecl | PatternDecl | EllipsisDecl | EmbedDecl | LetDecl | ComprehensionDecl;

let structIds = 0;

export class StructLitX {
  readonly op = ExprOp.struct;
  readonly id = ++structIds;
  /** Whether the literal declares fields, patterns or `...` (then it is a struct, not just embeddings). */
  readonly hasFields: boolean;
  /**
   * Whether the literal declares a regular field that is not optional or required (`a: 1`,
   * `(k): v`): only such fields make a struct of a literal that embeds a value. Beside an
   * embedded scalar, optional fields, patterns and `...` are constraints on a value that need
   * not be a struct (`{string, #foo: "bar"} & {[string]: int, #foo: string, _}` is a string,
   * as in CUE's addStruct).
   */
  readonly hasMemberFields: boolean;
  /** Embeddings or comprehensions. */
  readonly hasEmbeds: boolean;
  /** Embedded expressions (`{#A, b: 1}`, `{"s", #x: 1}`); comprehensions not counted. */
  readonly embedsValue: boolean;
  readonly hasEllipsis: boolean;
  /** Labels declared statically, in order (for closedness and field order). */
  readonly staticLabels: readonly Label[];
  constructor(
    readonly decls: readonly Decl[],
    readonly src?: Span,
    /**
     * The top level of a file of a package where some file embeds: the files form one
     * embedding group (closedness.ts). False elsewhere, where grouping changes nothing.
     */
    readonly isFile = false,
    /** The top level of a file, grouped or not: no boundary of closedness (CUE's splitStruct skips files). */
    readonly fileLevel = isFile,
    /**
     * Made by the compiler around the expression of a value alias (`f: X=g(X)`) so that X
     * names the instance (compile.ts aliasedValue): it embeds that expression only and is
     * printed as that expression.
     */
    readonly aliasScope = false,
  ) {
    let hasFields = false;
    let hasMemberFields = false;
    let hasEmbeds = false;
    let embedsValue = false;
    let hasEllipsis = false;
    const labels: Label[] = [];
    for (const d of decls) {
      switch (d.kind) {
        case DeclKind.field:
          // Definitions, hidden fields and lets do not make a struct of embedded scalars.
          if (isRegularLabel(d.label)) {
            hasFields = true;
            if (d.arcType === ArcMember) hasMemberFields = true;
          }
          labels.push(d.label);
          break;
        case DeclKind.dynamicField:
          hasFields = true;
          if (d.arcType === ArcMember) hasMemberFields = true;
          break;
        case DeclKind.pattern:
          hasFields = true;
          break;
        case DeclKind.ellipsis:
          hasFields = true;
          hasEllipsis = true;
          break;
        case DeclKind.embed:
          embedsValue = true;
          hasEmbeds = true;
          break;
        case DeclKind.comprehension:
          hasEmbeds = true;
          break;
      }
    }
    this.hasFields = hasFields;
    this.hasMemberFields = hasMemberFields;
    this.hasEmbeds = hasEmbeds;
    this.embedsValue = embedsValue;
    this.hasEllipsis = hasEllipsis;
    this.staticLabels = labels.slice(); // exact size: a literal is compiled once and kept
  }
}

export type ListElemX = Expr | ComprehensionDecl;

export class ListLitX {
  readonly op = ExprOp.list;
  constructor(
    readonly elems: readonly ListElemX[],
    /** The type of further elements for an open list (`[...T]`), or undefined when closed. */
    readonly rest: Expr | undefined,
    readonly src?: Span,
  ) {}
}

/** A reference to a field: go `up` struct scopes out, then look up `label`. */
export class FieldRefX {
  readonly op = ExprOp.fieldRef;
  constructor(
    readonly up: number,
    readonly label: Label,
    readonly name: string,
    readonly src?: Span,
  ) {}
  /** `a?` (`@experiment(try)`): an absent field drops the enclosing try clause's iteration. */
  optional = false;
}

/** A reference to a `let` declared in a struct scope. */
export class LetRefX {
  readonly op = ExprOp.letRef;
  constructor(
    readonly up: number,
    readonly label: Label,
    readonly name: string,
    readonly src?: Span,
  ) {}
}

/** A reference to a comprehension variable or an alias-bound label: scope distance and slot. */
export class BindingRefX {
  readonly op = ExprOp.bindingRef;
  constructor(
    readonly up: number,
    readonly slot: number,
    readonly name: string,
    readonly src?: Span,
  ) {}
}

/** The struct `up` scopes out itself (the target of a pattern alias `X=[string]: ...`). */
export class SelfRefX {
  readonly op = ExprOp.selfRef;
  constructor(
    readonly up: number,
    readonly src?: Span,
  ) {}
}

/** `X` of `X=(k): v`: the field created by that dynamic field declaration. */
export class DynamicAliasRefX {
  readonly op = ExprOp.dynamicAliasRef;
  constructor(
    readonly up: number,
    /** Filled in by the compiler once the declaration is compiled. */
    readonly target: { readonly decl: DynamicFieldDecl | null },
    readonly name: string,
    readonly src?: Span,
  ) {}
}

export class ImportRefX {
  readonly op = ExprOp.importRef;
  constructor(
    readonly path: string,
    readonly name: string,
    readonly src?: Span,
  ) {}
}

export class BuiltinX {
  readonly op = ExprOp.builtin;
  constructor(
    readonly builtin: BuiltinRef,
    readonly src?: Span,
  ) {}
}

export class SelectorX {
  readonly op = ExprOp.selector;
  constructor(
    readonly x: Expr,
    readonly label: Label,
    /** The selector (errors about the selection point here). */
    readonly src?: Span,
    /** The whole expression `a.b`. */
    readonly whole?: Span,
  ) {}
  /** `a.b?` (`@experiment(try)`): see FieldRefX.optional. */
  optional = false;
}

export class IndexX {
  readonly op = ExprOp.index;
  constructor(
    readonly x: Expr,
    readonly index: Expr,
    readonly src?: Span,
  ) {}
  /** `a[i]?` (`@experiment(try)`): see FieldRefX.optional. */
  optional = false;
}

/** `x[low:high]` (either bound may be absent): a new list, or bytes (src/core/slice.ts). */
export class SliceX {
  readonly op = ExprOp.slice;
  constructor(
    readonly x: Expr,
    readonly low: Expr | undefined,
    readonly high: Expr | undefined,
    readonly src?: Span,
  ) {}
}

export class CallX {
  readonly op = ExprOp.call;
  constructor(
    readonly fun: Expr,
    readonly args: readonly Expr[],
    readonly src?: Span,
  ) {}
}

export class UnaryX {
  readonly op = ExprOp.unary;
  constructor(
    readonly operator: '+' | '-' | '!',
    readonly x: Expr,
    readonly src?: Span,
  ) {}
}

export class BinaryX {
  readonly op = ExprOp.binary;
  constructor(
    readonly operator: Exclude<BinaryOp, '|' | '&'>,
    readonly x: Expr,
    readonly y: Expr,
    readonly src?: Span,
  ) {}
}

/** A unary bound: `>=x`, `!=x`, `=~x`. */
export class BoundX {
  readonly op = ExprOp.bound;
  constructor(
    readonly operator: BoundOp,
    readonly x: Expr,
    readonly src?: Span,
  ) {}
}

export interface DisjunctX {
  readonly expr: Expr;
  readonly isDefault: boolean;
}

export class DisjunctionX {
  readonly op = ExprOp.disjunction;
  readonly hasDefaults: boolean;
  constructor(
    readonly terms: readonly DisjunctX[],
    readonly src?: Span,
  ) {
    this.hasDefaults = terms.some((t) => t.isDefault);
  }
}

export class ConjunctionX {
  readonly op = ExprOp.conjunction;
  constructor(
    readonly terms: readonly Expr[],
    readonly src?: Span,
  ) {}
}

export class InterpolationX {
  readonly op = ExprOp.interpolation;
  constructor(
    readonly kind: 'string' | 'bytes',
    /** Alternating literal text and expressions, starting and ending with text. */
    readonly parts: readonly (string | Expr)[],
    readonly src?: Span,
  ) {}
}

export type Expr =
  | ValueX
  | BottomX
  | ErrorX
  | StructLitX
  | ListLitX
  | FieldRefX
  | SelfRefX
  | DynamicAliasRefX
  | LetRefX
  | BindingRefX
  | ImportRefX
  | BuiltinX
  | SelectorX
  | IndexX
  | SliceX
  | CallX
  | UnaryX
  | BinaryX
  | BoundX
  | DisjunctionX
  | ConjunctionX
  | InterpolationX;
