/**
 * One rule for "a value of the wrong kind here" (an `if` condition that is not a bool, a `for`
 * over a number, a label that is not a string, a selector on a scalar, ...): is it a permanent
 * error, or only incomplete?
 *
 * Permanent when no value the found one could still become is of a wanted kind: a concrete
 * scalar, a struct or a list of another kind, but also a type such as `int` where a bool is
 * wanted (CUE: `!int` and `for x in int` are errors, not incomplete). Incomplete when it could:
 * `_`, `bool | string`, `>=0` where an int is wanted. Messages stay with the callers; only
 * the code is decided here.
 */
import { ErrorCode } from '../errors/index.js';
import type { KindMask } from './kind.js';
import { type Value, kindOf } from './value.js';

export function mismatchCode(found: Value, want: KindMask): ErrorCode {
  return (kindOf(found) & want) === 0 ? ErrorCode.eval : ErrorCode.incomplete;
}
