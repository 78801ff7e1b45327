/**
 * CUE numbers. Ints are exact bigints. Floats are decimals kept as (coefficient, exponent)
 * pairs, as CUE's apd library does, so that results print as CUE prints them:
 * `3 * 1.0` is `3.0`, `1.50 + 1` is `2.50`, `100 / 1e2` is `1.0`, `1e3 * 1` is `1E+3`.
 * Inexact division rounds to 34 significant digits (half even), as current CUE does.
 */
import { Decimal } from '../plain/decimal.js';
import { Kind } from './kind.js';
import { NumLit } from './value.js';
import type { Span } from '../source/index.js';

export const PRECISION = 34;

/**
 * A decimal as coefficient * 10^exp (coef carries the sign). `neg` marks a negative zero:
 * CUE's numbers are apd decimals, which keep the sign of a zero (`-1 * 0` is `-0`, exported
 * as `-0`; `-0 + 0` is `0`), following the General Decimal Arithmetic rules.
 */
export interface Dec {
  readonly coef: bigint;
  readonly exp: number;
  readonly neg?: boolean;
}

/** Whether a decimal is negative, a negative zero included. */
export function decNegative(d: Dec): boolean {
  return d.coef < 0n || (d.coef === 0n && d.neg === true);
}

/** Whether a number is negative, a negative zero (`-0`, `-0.0`) included. */
export function numNegative(n: NumLit): boolean {
  if (n.kind === Kind.int) return n.int < 0n || (n.int === 0n && n.text.charCodeAt(0) === 45);
  return n.text.charCodeAt(0) === 45;
}

/** An int zero with a sign: `-0` as apd keeps it (an int NumLit whose text is `-0`). */
export function makeSignedZero(negative: boolean, src?: Span): NumLit {
  return negative ? new NumLit(Kind.int, 0n, undefined, '-0', src) : makeInt(0n, src);
}

/** Small ints without a position (list indexes in comprehensions, lengths) are shared: values are immutable. */
const smallInts: NumLit[] = [];

export function makeInt(value: bigint, src?: Span): NumLit {
  if (src === undefined && value >= 0n && value < 256n) {
    const i = Number(value);
    return (smallInts[i] ??= new NumLit(Kind.int, value, undefined, value.toString()));
  }
  return new NumLit(Kind.int, value, undefined, value.toString(), src);
}

export function makeFloat(d: Dec, src?: Span): NumLit {
  const text = formatDec(d);
  return new NumLit(Kind.float, 0n, undefined, text, src);
}

/**
 * A float literal as written (its text is kept for printing). A literal `-0.0` is `0.0`: the
 * minus is CUE's unary negation, and apd negates a zero to a positive zero.
 */
export function floatFromLiteral(text: string, src?: Span): NumLit {
  const d = parseDec(text);
  if (!d) return new NumLit(Kind.float, 0n, undefined, text, src);
  return new NumLit(Kind.float, 0n, undefined, formatDec(d.neg ? { coef: d.coef, exp: d.exp } : d), src);
}

export function toDec(n: NumLit): Dec {
  if (n.kind === Kind.int) return n.int === 0n && numNegative(n) ? { coef: 0n, exp: 0, neg: true } : { coef: n.int, exp: 0 };
  return parseDec(n.text) ?? { coef: 0n, exp: 0 };
}

export function toDecimal(n: NumLit): Decimal {
  if (n.dec) return n.dec;
  return new Decimal(n.kind === Kind.int ? n.int.toString() : n.text);
}

/** Parses `123`, `-1.50`, `1E+3`, `2.5e-3` into a Dec. */
export function parseDec(text: string): Dec | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.replace(/_/g, ''));
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return undefined;
  let coef = BigInt((intPart + frac) || '0');
  if (m[1] === '-') coef = -coef;
  const exp = (m[4] ? parseInt(m[4], 10) : 0) - frac.length;
  return coef === 0n && m[1] === '-' ? { coef, exp, neg: true } : { coef, exp };
}

/** apd's to-scientific-string: plain notation unless the exponent is positive or very small. */
export function formatDec(d: Dec): string {
  const neg = decNegative(d);
  const digits = (neg ? -d.coef : d.coef).toString();
  const adjusted = d.exp + digits.length - 1;
  let out: string;
  if (d.exp <= 0 && adjusted >= -6) {
    if (d.exp === 0) out = digits;
    else {
      const scale = -d.exp;
      if (digits.length > scale) out = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
      else out = '0.' + '0'.repeat(scale - digits.length) + digits;
    }
  } else {
    out = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    out += 'E' + (adjusted >= 0 ? '+' : '') + adjusted;
  }
  return neg ? '-' + out : out;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  if (a.exp === b.exp) return [a.coef, b.coef, a.exp];
  if (a.exp < b.exp) return [a.coef, b.coef * pow10(b.exp - a.exp), a.exp];
  return [a.coef * pow10(a.exp - b.exp), b.coef, b.exp];
}

/** A sum that is exactly zero is negative only when both operands are (`-0 + -0`). */
export function decAdd(a: Dec, b: Dec): Dec {
  const [x, y, exp] = align(a, b);
  const coef = x + y;
  if (coef === 0n) return { coef, exp, neg: decNegative(a) && decNegative(b) };
  return round({ coef, exp });
}

/** a - b is a + (-b): a zero difference is negative for `-0 - 0`. */
export function decSub(a: Dec, b: Dec): Dec {
  const [x, y, exp] = align(a, b);
  const coef = x - y;
  if (coef === 0n) return { coef, exp, neg: decNegative(a) && !decNegative(b) };
  return round({ coef, exp });
}

/** A zero product has the sign of the operands' signs combined (`-1.0 * 0` is `-0.0`). */
export function decMul(a: Dec, b: Dec): Dec {
  const coef = a.coef * b.coef;
  if (coef === 0n) return { coef, exp: a.exp + b.exp, neg: decNegative(a) !== decNegative(b) };
  return round({ coef, exp: a.exp + b.exp });
}

export function decCmp(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function numDigits(c: bigint): number {
  return (c < 0n ? -c : c).toString().length;
}

/** Rounds to PRECISION significant digits, half even. */
export function round(d: Dec): Dec {
  const n = numDigits(d.coef);
  if (n <= PRECISION) return d;
  const drop = n - PRECISION;
  const div = pow10(drop);
  const neg = d.coef < 0n;
  const abs = neg ? -d.coef : d.coef;
  let q = abs / div;
  const r = abs % div;
  const half = div / 2n;
  if (r > half || (r === half && q % 2n === 1n)) q += 1n;
  return { coef: neg ? -q : q, exp: d.exp + drop };
}

/**
 * Division as the pinned CUE's Quo (cue/internal/internal.go Context.Quo): apd v3 divides to
 * PRECISION significant digits (rounded half even), then CUE removes every trailing zero
 * (`reduceKeepingFloats`), keeping one when the unreduced result had decimal places: `4.0 / 2.0`
 * and `4 / 2` are `2.0`, `1.0T / 2.0` is `5.0E+11`, `1 / 3` has 34 digits. (v0.4.3's apd v2
 * kept the ideal exponent instead: `4.0 / 2.0` was `2` there.)
 */
export function decQuo(a: Dec, b: Dec): Dec | 'division by zero' | 'division undefined' {
  if (b.coef === 0n) return a.coef === 0n ? 'division undefined' : 'division by zero';
  const ideal = a.exp - b.exp;
  // apd gives zero the exponent exp(a) - exp(b); Reduce makes it 0, and CUE puts back one place.
  if (a.coef === 0n) return { coef: 0n, exp: ideal < 0 ? -1 : 0, neg: decNegative(a) !== decNegative(b) };
  const neg = a.coef < 0n !== b.coef < 0n;
  const x = a.coef < 0n ? -a.coef : a.coef;
  const y = b.coef < 0n ? -b.coef : b.coef;
  // Scale the dividend so that the quotient has more than PRECISION digits.
  const shift = Math.max(0, PRECISION + numDigits(y) - numDigits(x) + 1);
  const scaled = x * pow10(shift);
  let q = scaled / y;
  let exp = ideal - shift;
  if (scaled % y !== 0n) {
    // Inexact: a sticky digit makes the rounding below see the remainder.
    q = q * 10n + 1n;
    exp -= 1;
  }
  const res = round({ coef: q, exp });
  // apd's unreduced result has exactly PRECISION digits.
  const unreducedExp = numDigits(res.coef) - 1 + res.exp - (PRECISION - 1);
  let c = res.coef;
  let e = res.exp;
  while (c % 10n === 0n) {
    c /= 10n;
    e += 1;
  }
  if (unreducedExp < 0 && e >= 0) {
    c *= 10n;
    e -= 1;
  }
  return { coef: neg ? -c : c, exp: e };
}

/** Compare two numbers of any kind. */
export function compareNum(a: NumLit, b: NumLit): number {
  if (a.kind === Kind.int && b.kind === Kind.int) return a.int < b.int ? -1 : a.int > b.int ? 1 : 0;
  return decCmp(toDec(a), toDec(b));
}

export function isZero(n: NumLit): boolean {
  return n.kind === Kind.int ? n.int === 0n : toDec(n).coef === 0n;
}

/** Truncates a Dec to an integer (toward zero). */
export function decTrunc(d: Dec): bigint {
  if (d.exp >= 0) return d.coef * pow10(d.exp);
  return d.coef / pow10(-d.exp);
}

export function decIsInteger(d: Dec): boolean {
  if (d.exp >= 0) return true;
  return d.coef % pow10(-d.exp) === 0n;
}
