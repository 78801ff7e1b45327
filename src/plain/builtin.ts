/**
 * The contract for standard-library packages written in TypeScript.
 *
 * A builtin receives its arguments as plain values (see ./plain-value.ts), already checked
 * against `params`, and returns a plain value. It reports a failure by throwing `BuiltinError`
 * with the message CUE would give after `error in call to <pkg>.<Name>: `.
 *
 * Builtins that need the evaluator itself (unifying with a schema, calling a CUE comparator,
 * counting the fields of an incomplete struct) are marked `raw` and implemented beside the
 * evaluator; everything else is pure and runs in a browser (no Node built-ins).
 */
import type { PlainValue } from './plain-value.js';

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

export interface BuiltinFunc {
  readonly params: readonly ParamKind[];
  /** Kind of the result; a `bool` result lets the function be used as a validator. */
  readonly result: ParamKind;
  /** Trailing parameters that may be left out (e.g. `path.Join`'s OS argument). */
  readonly optional?: number;
  /** One line for the stdlib reference. */
  readonly doc: string;
  /** The implementation, over plain values. */
  call(args: PlainValue[]): PlainValue;
  /** Whether the builtin must receive evaluator values (implemented in core); `call` is then unused. */
  readonly raw?: boolean;
  /** Whether a bool-returning call is not a validator in CUE (rare); default: validator when result is bool. */
  readonly notValidator?: boolean;
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
