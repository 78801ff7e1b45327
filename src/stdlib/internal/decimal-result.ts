/**
 * Results of decimal arithmetic, converted as CUE converts an apd.Decimal returned by a
 * builtin: an exact integer becomes an int, anything else a float. Float text keeps the scale
 * apd would keep (`1.10 + 2.20` is `3.30`), computed from the operands' scales.
 */
import { Decimal } from '../../plain/decimal.js';
import { CueFloat, type PlainValue } from '../../plain/plain-value.js';
import { decimalText, floatFromDecimal } from './args.js';

/** Digits after the point in a number's text (`2.50` -> 2, `1E-3` -> 3, `1E+3` -> -3). */
export function scaleOf(v: bigint | CueFloat): number {
  if (typeof v === 'bigint') return 0;
  const m = /^-?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(v.text.replace(/_/g, ''));
  if (!m) return 0;
  return (m[2]?.length ?? 0) - Number(m[3] ?? 0);
}

/** A decimal result: an int when integral, else a float printed with at least `scale` digits after the point. */
export function decimalResult(d: Decimal, scale?: number): PlainValue {
  if (d.isInteger()) return BigInt(d.toFixed(0));
  const f = floatFromDecimal(d);
  if (scale !== undefined && scale > 0 && d.decimalPlaces() < scale && Math.abs(d.e) < 30) {
    const fixed = d.toFixed(scale);
    const neg = fixed.startsWith('-');
    const body = fixed.replace('-', '');
    const [i, fr] = body.split('.');
    const digits = (i! + fr!).replace(/^0+/, '') || '0';
    return new CueFloat(d, decimalText(neg, digits, -scale));
  }
  return f;
}

export function toDecimal(v: bigint | CueFloat): Decimal {
  return typeof v === 'bigint' ? new Decimal(v.toString()) : v.value;
}
