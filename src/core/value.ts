/**
 * Evaluated values (CUE's adt.Value): no references left, fully defined without an environment.
 * Structs and lists are Vertex nodes (vertex.ts); everything else is here.
 * Every value may carry the source span it came from, for error positions.
 */
import type { Span } from '../source/index.js';
import type { Decimal } from '../plain/decimal.js';
import { Kind, type KindMask, NumberKind, TopKind } from './kind.js';
import type { BottomInfo } from './bottom.js';
import type { Vertex } from './vertex.js';
import type { BuiltinRef } from './builtin-ref.js';
import type { ParamKind } from '../plain/builtin.js';

/** The `type` tag of every value: switch on `v.type` (a small integer, so that switches stay fast). */
export const ValueType = {
  top: 0,
  bottom: 1,
  null: 2,
  bool: 3,
  num: 4,
  string: 5,
  bytes: 6,
  basicType: 7,
  bound: 8,
  validator: 9,
  conjunction: 10,
  disjunction: 11,
  vertex: 12,
} as const;

export class Top {
  readonly type = ValueType.top;
  constructor(readonly src?: Span) {}
}

export class Bottom {
  readonly type = ValueType.bottom;
  constructor(readonly info: BottomInfo) {}
  get src(): Span | undefined {
    return this.info.positions[0];
  }
}

export class NullLit {
  readonly type = ValueType.null;
  constructor(readonly src?: Span) {}
}

export class BoolLit {
  readonly type = ValueType.bool;
  constructor(
    readonly value: boolean,
    readonly src?: Span,
  ) {}
}

/**
 * A number. Ints are exact bigints; floats are decimals. `text` is how the number prints:
 * float literals keep their source text (`2.0`, `2.50`), results of arithmetic their formatted text.
 */
export class NumLit {
  readonly type = ValueType.num;
  constructor(
    readonly kind: typeof Kind.int | typeof Kind.float,
    readonly int: bigint,
    readonly dec: Decimal | undefined,
    readonly text: string,
    readonly src?: Span,
  ) {}
  get isInt(): boolean {
    return this.kind === Kind.int;
  }
}

export class StringLit {
  readonly type = ValueType.string;
  constructor(
    readonly value: string,
    readonly src?: Span,
  ) {}
}

export class BytesLit {
  readonly type = ValueType.bytes;
  constructor(
    readonly value: Uint8Array,
    readonly src?: Span,
  ) {}
}

/** A type such as `int`, `string`, `number`, `(string|bytes)`. */
export class BasicType {
  readonly type = ValueType.basicType;
  constructor(
    readonly kind: KindMask,
    readonly src?: Span,
  ) {}
}

export type BoundOp = '<' | '<=' | '>' | '>=' | '!=' | '=~' | '!~';

/** A unary bound: `>=1`, `!=""`, `=~"^a"`. `value` is a concrete scalar (or a string pattern). */
export class BoundValue {
  readonly type = ValueType.bound;
  constructor(
    readonly op: BoundOp,
    readonly value: Scalar,
    readonly src?: Span,
  ) {}
}

/** A builtin used as a validator: `strings.MinRunes(3)`, `net.IPv4`. */
export class ValidatorValue {
  readonly type = ValueType.validator;
  constructor(
    readonly builtin: BuiltinRef,
    readonly args: Value[],
    readonly src?: Span,
    /**
     * A builtin named without a call (`a: json.Valid`): still a function, so `a("3")` calls
     * it; a validator made by a call (`json.Valid()`) cannot be called again (CUE's
     * Builtin versus BuiltinValidator).
     */
    readonly bare = false,
  ) {}
}

/**
 * A non-concrete constraint on scalars: a kind mask plus bounds and validators,
 * e.g. `int & >=1 & <=10`. Always kept simplified (see bounds.ts).
 */
export class Conjunction {
  readonly type = ValueType.conjunction;
  constructor(
    readonly kind: KindMask,
    readonly bounds: readonly BoundValue[],
    readonly validators: readonly ValidatorValue[],
    readonly src?: Span,
  ) {}
}

/**
 * An evaluated disjunction: values with the defaults first. `hasDefaults` is CUE's flag of the
 * same name: true when some disjunct came from a marked disjunction, even if no default
 * survived (`(_ | *12) & (12 | *4)` is `12 | 4` with none); met again, such a disjunction's
 * values count as unmarked terms of a marked disjunction.
 */
export class Disjunction {
  readonly type = ValueType.disjunction;
  constructor(
    readonly values: readonly Value[],
    readonly numDefaults: number,
    readonly src?: Span,
    readonly hasDefaults: boolean = numDefaults > 0,
  ) {}
}

export type Scalar = NullLit | BoolLit | NumLit | StringLit | BytesLit;

export type Value =
  | Top
  | Bottom
  | NullLit
  | BoolLit
  | NumLit
  | StringLit
  | BytesLit
  | BasicType
  | BoundValue
  | ValidatorValue
  | Conjunction
  | Disjunction
  | Vertex;

export const TOP = new Top();

export function isScalar(v: Value): v is Scalar {
  return v.type >= ValueType.null && v.type <= ValueType.bytes;
}

export function isBottom(v: Value): v is Bottom {
  return v.type === ValueType.bottom;
}

/** The kind mask a value allows. */
export function kindOf(v: Value): KindMask {
  switch (v.type) {
    case ValueType.top:
      return TopKind;
    case ValueType.bottom:
      return 0;
    case ValueType.null:
      return Kind.null;
    case ValueType.bool:
      return Kind.bool;
    case ValueType.num:
      return v.kind;
    case ValueType.string:
      return Kind.string;
    case ValueType.bytes:
      return Kind.bytes;
    case ValueType.basicType:
      return v.kind;
    case ValueType.bound:
      return boundKind(v);
    case ValueType.validator:
      return validatorKind(v);
    case ValueType.conjunction:
      return v.kind;
    case ValueType.disjunction: {
      let k = 0;
      for (const x of v.values) k |= kindOf(x);
      return k;
    }
    case ValueType.vertex:
      return v.kindMask();
  }
}

/**
 * The kind of the values a validator checks: its builtin's first parameter's (CUE's
 * BuiltinValidator.Kind). `strings.MinRunes(3)` is a string, so `strings.MinRunes(3) & 5`
 * conflicts and a field that holds only the validator is of kind string.
 */
export function validatorKind(v: ValidatorValue): KindMask {
  const p = v.builtin.func.params[0];
  return p === undefined ? TopKind : paramKind[p];
}

/**
 * Whether a conjunction's kind says no more than its validators (`strings.MinRunes(3)` is a
 * string): as CUE's getValidators, which adds the kind only when it is narrower than what the
 * validators check.
 */
export function impliedByValidators(c: Conjunction): boolean {
  let k = TopKind;
  for (const x of c.validators) k &= validatorKind(x);
  return (k & ~c.kind) === 0;
}

const paramKind: Record<ParamKind, KindMask> = {
  top: TopKind,
  null: Kind.null,
  bool: Kind.bool,
  int: Kind.int,
  float: Kind.float,
  number: NumberKind,
  string: Kind.string,
  bytes: Kind.bytes,
  stringOrBytes: Kind.string | Kind.bytes,
  list: Kind.list,
  struct: Kind.struct,
};

export function boundKind(b: BoundValue): KindMask {
  if (b.op === '=~' || b.op === '!~') return Kind.string | Kind.bytes;
  const v = b.value;
  // `!=x` has x's kind (CUE's BoundValue.Kind): `!="a" & 5` conflicts. `!=null` admits every
  // other kind; its meeting with null is checked with the bounds (scalar-state.ts).
  if (b.op === '!=' && v.type === ValueType.null) return TopKind;
  if (b.op === '!=' && v.type === ValueType.bool) return Kind.bool;
  if (v.type === ValueType.num) return NumberKind;
  if (v.type === ValueType.string) return Kind.string;
  if (v.type === ValueType.bytes) return Kind.bytes;
  return TopKind;
}
