/**
 * The contract for standard-library packages written in TypeScript.
 *
 * A builtin receives its arguments as plain values (see ./plain-value.ts), already checked
 * against `params`, and returns a plain value. It reports a failure by throwing `BuiltinError`
 * with the message CUE would give after `error in call to <pkg>.<Name>: `.
 *
 * Builtins that need the evaluator itself are `raw` (see `RawBuiltin`): they are implemented
 * with their package too, over the `RawEvaluator` interface, so that neither side imports the
 * other. Everything runs in a browser (no Node built-ins).
 */
import type { PlainValue } from './plain-value.js';

/**
 * CUE's bound on repeat counts (adt.MaxRepeatCount): string and bytes multiplication
 * (`"a" * n`) and the `strings.Repeat` and `list.Repeat` builtins reject a larger count
 * rather than allocate it.
 */
export const maxRepeatCount = 1_000_000;

/** Argument kinds, as in CUE's pkg.go kind masks. `number` accepts int and float. */
export type ParamKind =
  | 'top'
  | 'null'
  | 'bool'
  | 'int'
  | 'float'
  | 'number'
  | 'string'
  | 'bytes'
  | 'stringOrBytes'
  | 'list'
  | 'struct';

interface BuiltinSignature {
  readonly params: readonly ParamKind[];
  /** Kind of the result; a `bool` result lets the function be used as a validator. */
  readonly result: ParamKind;
  /** Trailing parameters that may be left out (e.g. `path.Join`'s OS argument). */
  readonly optional?: number;
  /** One line for the stdlib reference. */
  readonly doc: string;
  /**
   * The element kind of list parameters that must hold only strings or only numbers (CUE's
   * c.StringList, c.DecimalList), by parameter index: an element not concrete yet is then
   * reported as such, an element of another kind as an invalid list element.
   */
  readonly listOf?: Readonly<Record<number, 'string' | 'number'>>;
  /** Whether a bool-returning call is not a validator in CUE (rare); default: validator when result is bool. */
  readonly notValidator?: boolean;
  /**
   * The function only moves list elements around (list.Repeat, list.FlattenN): given a list
   * whose elements are not all concrete (`list.Repeat([int], 3)`), it still runs, and those
   * elements come out as they went in, an element with a default as its whole disjunction, as
   * CUE's `[]cue.Value` parameters keep them. `'defaults'`: the function takes each element's
   * default (list.FlattenN, whose Go code calls Value.Default).
   */
  readonly movesElements?: boolean | 'defaults';
  /**
   * How CUE's Go function reads its `top` argument, which words the error for a part not
   * concrete yet: `decode` (Value.Decode: "cannot convert non-concrete value string", as
   * text/template.Execute) or `json` (Value.MarshalJSON: "cannot convert incomplete value
   * \"string\" to JSON", as encoding/json.Marshal). Default: "incomplete value string".
   */
  readonly readsTop?: 'decode' | 'json';
  /**
   * CUE's NonConcrete: the builtin takes schemas, not data (matchN, json.Validate). A message
   * of such a validator names it without its arguments, which can be very large
   * (`does not satisfy matchN`).
   */
  readonly schemaArgs?: boolean;
}

/** A builtin over plain values: arguments concrete and checked against `params`. */
export interface PlainBuiltin extends BuiltinSignature {
  call(args: PlainValue[]): PlainValue;
  readonly raw?: undefined;
}

/**
 * A builtin that needs the evaluator (unifying with a schema, calling a CUE comparator,
 * counting the fields of an incomplete struct): it receives the evaluated arguments as opaque
 * values and works on them through `RawEvaluator`. Registered with its package like any
 * other, so a raw builtin without an implementation does not compile.
 */
export interface RawBuiltin extends BuiltinSignature {
  raw(ev: RawEvaluator, args: readonly RawValue[]): RawValue;
  readonly call?: undefined;
}

export type BuiltinFunc = PlainBuiltin | RawBuiltin;

declare const evaluatorValue: unique symbol;

/** A value of the evaluator, opaque outside it. */
export interface RawValue {
  readonly [evaluatorValue]: true;
}

/** The result of unifying two values in a fresh node. */
export interface Unified {
  readonly value: RawValue;
  /** The first error in the result (a bottom value), or null. */
  readonly error: RawValue | null;
}

/**
 * The evaluator as raw builtins see it. Every query takes the default of its argument first
 * (`*1 | int` reads as 1). Results built here carry the position of the call. A raw builtin
 * reports a failure of its own by throwing `BuiltinError`, as plain builtins do.
 */
export interface RawEvaluator {
  /** The default of a value (`*1 | int` is 1); other values as they are. */
  defaultOf(v: RawValue): RawValue;
  /** Whether the value is an error (bottom); a raw builtin returns such an argument as is. */
  isError(v: RawValue): boolean;
  /** The value as CUE prints it in messages. */
  describe(v: RawValue): string;
  /** The elements of a list, or undefined when the value is not a list. */
  elements(v: RawValue): RawValue[] | undefined;
  /** The number of regular fields of a struct, or undefined when the value is not a struct. */
  regularFieldCount(v: RawValue): number | undefined;
  int(v: RawValue): bigint | undefined;
  bool(v: RawValue): boolean | undefined;
  /** A string, or bytes read as UTF-8; undefined otherwise. */
  text(v: RawValue): string | undefined;
  /** The field of a struct, when it exists. */
  field(v: RawValue, label: string): RawValue | undefined;
  /**
   * Unifies `a` and `b`. `concrete`: incomplete values are errors too. `final`: the value a
   * validator checks (required fields must be present). `reportIncomplete`: incomplete
   * errors in the result count (a reference to a field not there yet), non-concrete values
   * do not (CUE's ValidateConfig of the same name).
   */
  unify(a: RawValue, b: RawValue, options: { concrete: boolean; final?: boolean; reportIncomplete?: boolean }): Unified;
  /** The value validators see: fully evaluated, defaults taken, as a value of its own. */
  finalized(v: RawValue): RawValue;
  /**
   * The value as data, also when it is not concrete (CUE's ToDataAll): regular fields only,
   * defaults taken, leaves as they are (`{a: string}`); an error in it is returned as is.
   */
  data(v: RawValue): RawValue;
  fromPlain(p: PlainValue): RawValue;
  list(elements: readonly RawValue[]): RawValue;
  struct(fields: readonly [string, RawValue][]): RawValue;
  /**
   * The error of an argument that is not concrete (`_`, `int`; a struct or list is), as CUE's
   * CallCtxt.Value gives it: incomplete, `error in call to <pkg.Name>: non-concrete argument
   * <i>` (i counted from 0); null when the argument is concrete or an error.
   */
  nonConcreteArgument(v: RawValue, i: number): RawValue | null;
  /** An error value (from `unify`) as an error of this call: `error in call to <pkg.Name>: ...`. */
  inCall(error: RawValue): RawValue;
  /** The message of an error value. */
  errorMessage(error: RawValue): string;
  /**
   * An error value (from `unify`) as the reason a validator fails (matchIf's chosen schema:
   * `conflicting values 5 and 6`): its code, message and positions, reported at the field the
   * validator checks rather than at the path inside the unified value.
   */
  asReason(error: RawValue): RawValue;
  /** Whether an error value is incomplete (it may go away once the value is more complete). */
  isIncomplete(error: RawValue): boolean;
  /** Whether a struct may still get regular fields it does not have (not closed to them), or a list elements. */
  isOpen(v: RawValue): boolean;
  /**
   * A validator's "does not hold yet": the value fails it, but a more complete value may
   * pass (CUE's incomplete validation error), e.g. MinFields on an open struct. `detail`
   * follows the validator's message (`len(fields) < MinFields(1) (0 < 1)`).
   */
  notYet(detail?: string, causes?: readonly RawValue[]): RawValue;
  /**
   * A validator's failure with the reason after "does not satisfy" (matchN's `0 matched,
   * expected 1`), where returning false says nothing more. `causes` (errors from `unify`, for
   * notYet too) are listed after the validator's own error, at their paths below the value.
   */
  fails(detail: string, causes?: readonly RawValue[]): RawValue;
}

export interface BuiltinPackage {
  /** Import path, e.g. `strings`, `encoding/json`. */
  readonly path: string;
  readonly funcs: Readonly<Record<string, BuiltinFunc>>;
  /** Constants such as `math.Pi`, `time.RFC3339`. */
  readonly consts?: Readonly<Record<string, PlainValue>>;
  /** CUE source for the part of the package written in CUE (stdlib/<path>/*.cue). */
  readonly cue?: string;
}

export class BuiltinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuiltinError';
  }
}
