/**
 * Slice expressions `x[low:high]`. Not in the spec (a commented-out TODO there), but CUE's
 * parser and evaluator have them (internal/core/adt's SliceExpr); this follows CUE's
 * behaviour and wording:
 *
 * - a list gives a new, closed list of the elements `low` to `high - 1` (an open list's `...`
 *   is not carried over, and only its explicit elements count); bytes give bytes; anything
 *   else, strings included, is `cannot slice "abc" (type string)`;
 * - `low` defaults to 0 and `high` to the length; `high` beyond the length is
 *   `index 4 out of range`, `low > high` is `invalid slice index: 2 > 1`;
 * - a bound must be a non-negative int: `cannot convert negative number to uint64`,
 *   `cannot use "a" (type string) as type int in slice index`; a non-concrete one (`int`) is
 *   incomplete and the slice is retried later.
 *
 * One deliberate difference: CUE reads a float bound by its decimal coefficient (`1.0` is
 * 10, `1.5` is 15: a bug); cue-lite rejects a float as it rejects any other non-int.
 */
import { ErrorCode } from '../errors/index.js';
import type { Expr, SliceX } from './adt.js';
import { bottomInfo } from './bottom.js';
import type { Environment } from './env.js';
import type { Evaluator } from './evaluator.js';
import { kindWord, sourceText } from './evaluator.js';
import { formatValue } from './format-value.js';
import { Kind } from './kind.js';
import { listFromValues } from './plain-values.js';
import { Bottom, BytesLit, ValueType, type Value, isScalar, kindOf } from './value.js';

const maxUint64 = (1n << 64n) - 1n;

export function evalSlice(ev: Evaluator, env: Environment, e: SliceX): Value {
  const x = ev.defaultOf(ev.evalExpr(env, e.x));
  if (x.type === ValueType.bottom) return x;
  let length: bigint;
  if (x.type === ValueType.vertex && x.isList) {
    ev.finalize(x);
    length = BigInt(x.arcs.length);
  } else if (x.type === ValueType.bytes) {
    length = BigInt(x.value.length);
  } else if (x.type === ValueType.disjunction || (x.type === ValueType.vertex && x.structural === 0)) {
    // No default to choose, or not evaluated far enough yet: retried later.
    // CUE names the subject expression here, not its value.
    return new Bottom(bottomInfo(ErrorCode.incomplete, `non-concrete slice subject ${sourceText(e.x.src, formatValue(x))}`, [e.src]));
  } else {
    // CUE also points at where the subject's value comes from (`a: string`).
    const from = x.type === ValueType.vertex ? (x.conjuncts.length === 1 ? x.conjuncts[0]!.expr.src : undefined) : x.src;
    return new Bottom(bottomInfo(ErrorCode.eval, `cannot slice ${formatValue(x)} (type ${kindWord(x)})`, [e.src, from]));
  }

  // As CUE: both bounds are read before they are compared; `high` against the length first.
  const low = e.low ? sliceBound(ev, env, e, e.low) : 0n;
  if (typeof low !== 'bigint') return low;
  const high = e.high ? sliceBound(ev, env, e, e.high) : length;
  if (typeof high !== 'bigint') return high;
  if (high > length) return new Bottom(bottomInfo(ErrorCode.eval, `index ${high} out of range`, [e.src]));
  if (low > high) return new Bottom(bottomInfo(ErrorCode.eval, `invalid slice index: ${low} > ${high}`, [e.src]));

  if (x.type === ValueType.bytes) return new BytesLit(x.value.slice(Number(low), Number(high)), e.src);
  return listFromValues(x.arcs.slice(Number(low), Number(high)), e.src);
}

/** A slice bound as CUE's `OpContext.uint64` reads it: a non-negative int, or an error value. */
function sliceBound(ev: Evaluator, env: Environment, e: SliceX, bound: Expr): bigint | Value {
  const v = ev.defaultOf(ev.evalExpr(env, bound));
  if (v.type === ValueType.bottom) return v;
  if (v.type === ValueType.num && v.isInt) {
    if (v.int < 0n) return new Bottom(bottomInfo(ErrorCode.eval, 'cannot convert negative number to uint64', [e.src]));
    if (v.int > maxUint64) return new Bottom(bottomInfo(ErrorCode.eval, `cannot convert number ${v.int} to uint64`, [e.src]));
    return v.int;
  }
  if (!isScalar(v) && v.type !== ValueType.vertex && (kindOf(v) & Kind.int) !== 0) {
    return new Bottom(bottomInfo(ErrorCode.incomplete, `incomplete int in slice index: ${formatValue(v)}`, [e.src, bound.src]));
  }
  return new Bottom(bottomInfo(ErrorCode.eval, `cannot use ${formatValue(v)} (type ${kindWord(v)}) as type int in slice index`, [e.src, bound.src]));
}
