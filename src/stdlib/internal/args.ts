/**
 * Argument access and result construction for builtins. The evaluator checks argument kinds
 * against `params` before calling; these accessors still fail cleanly (BuiltinError) rather
 * than crash when handed something else, so that a builtin never throws a TypeError.
 */
import { Decimal } from '../../plain/decimal.js';
import { CueFloat, PlainStruct, type PlainValue, plainKindName } from '../../plain/plain-value.js';
import { BuiltinError } from '../../plain/builtin.js';
import { utf8Decode, utf8Encode } from './utf8.js';
import { formatFloat } from './go-float.js';


function wrongKind(v: PlainValue, want: string): never {
  throw new BuiltinError(`cannot use value ${valueText(v)} (type ${plainKindName(v)}) as ${want}`);
}

export function str(v: PlainValue | undefined): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return utf8Decode(v);
  return wrongKind(v ?? null, 'string');
}

/** The bytes of a string-or-bytes argument (a string as UTF-8). */
export function bytesArg(v: PlainValue | undefined): Uint8Array {
  if (typeof v === 'string') return utf8Encode(v);
  if (v instanceof Uint8Array) return v;
  return wrongKind(v ?? null, '(string|bytes)');
}

export function bool(v: PlainValue | undefined): boolean {
  if (typeof v === 'boolean') return v;
  return wrongKind(v ?? null, 'bool');
}

export function int(v: PlainValue | undefined): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof CueFloat && v.value.isInteger()) return BigInt(v.value.toFixed(0));
  return wrongKind(v ?? null, 'int');
}

/** An int argument as a JS number, clamped to ±2^53 (for counts and indexes). */
export function smallInt(v: PlainValue | undefined): number {
  const i = int(v);
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (i > max) return Number.MAX_SAFE_INTEGER;
  if (i < -max) return -Number.MAX_SAFE_INTEGER;
  return Number(i);
}

/** Go's int is 64 bits: arguments outside the range are an error, as in CUE's c.Int. */
export function int64(v: PlainValue | undefined): bigint {
  const i = int(v);
  if (i > 0x7fffffffffffffffn || i < -0x8000000000000000n) throw new BuiltinError(`int ${i} overflows int64`);
  return i;
}

export function isNumber(v: PlainValue | undefined): v is bigint | CueFloat {
  return typeof v === 'bigint' || v instanceof CueFloat;
}

export function decimal(v: PlainValue | undefined): Decimal {
  if (typeof v === 'bigint') return new Decimal(v.toString());
  if (v instanceof CueFloat) return v.value;
  return wrongKind(v ?? null, 'number');
}

/** A number argument as a float64, as CUE's c.Float64 does. */
export function float64(v: PlainValue | undefined): number {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof CueFloat) return Number(v.text.replace(/_/g, '')) || v.value.toNumber();
  return wrongKind(v ?? null, 'number');
}

export function list(v: PlainValue | undefined): PlainValue[] {
  if (Array.isArray(v)) return v;
  return wrongKind(v ?? null, 'list');
}

export function struct(v: PlainValue | undefined): PlainStruct {
  if (v instanceof PlainStruct) return v;
  return wrongKind(v ?? null, 'struct');
}

/** A short CUE rendering of a scalar, for messages. */
export function valueText(v: PlainValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint' || typeof v === 'boolean' || v === null) return String(v);
  if (v instanceof CueFloat) return v.text;
  if (v instanceof Uint8Array) return "'...'";
  return Array.isArray(v) ? '[...]' : '{...}';
}

/** A list of strings; a wrong element is reported as CUE's c.StringList does. */
export function stringList(v: PlainValue | undefined, argIndex = 0): string[] {
  return list(v).map((x, i) => {
    if (typeof x !== 'string') {
      throw new BuiltinError(`invalid list element ${i} in argument ${argIndex} to call: cannot use value ${valueText(x)} (${plainKindName(x)}) as string`);
    }
    return x;
  });
}

// ------------------------------------------------------------------------------------------
// Results

/**
 * The text apd (CUE's decimal library) prints for coefficient `digits` × 10^`exp`: plain
 * notation when the exponent is not positive and the value is not tiny, else scientific
 * (`1E+3`, `1.5E-7`).
 */
export function decimalText(negative: boolean, digits: string, exp: number): string {
  const sign = negative ? '-' : '';
  const adj = exp + digits.length - 1;
  if (exp <= 0 && adj >= -6) {
    if (exp === 0) return sign + digits;
    const point = digits.length + exp;
    if (point > 0) return sign + digits.slice(0, point) + '.' + digits.slice(point);
    return sign + '0.' + '0'.repeat(-point) + digits;
  }
  const rest = digits.length > 1 ? '.' + digits.slice(1) : '';
  return `${sign}${digits[0]}${rest}E${adj >= 0 ? '+' : '-'}${Math.abs(adj)}`;
}

/** A number literal's text as apd prints it, keeping its digits (`2.0e400` -> `2.0E+400`). */
export function apdText(text: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.replace(/_/g, ''));
  if (!m) return text;
  const frac = m[3] ?? '';
  const digits = (m[2]! + frac).replace(/^0+(?=\d)/, '');
  return decimalText(m[1] === '-', digits, Number(m[4] ?? 0) - frac.length);
}

/** Splits a decimal.js value into sign, coefficient digits (no trailing zeros) and exponent. */
function decimalParts(d: Decimal): [boolean, string, number] {
  const e = d.toExponential(); // e.g. "-1.25e+3"
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const digits = (m[2]! + (m[3] ?? '')).replace(/0+$/, '') || '0';
  const adj = Number(m[4]);
  return [m[1] === '-', digits, adj - (digits.length - 1)];
}

/** A float result from a decimal computation. */
export function floatFromDecimal(d: Decimal): CueFloat {
  if (!d.isFinite()) throw new BuiltinError(d.isNaN() ? 'invalid operation' : 'value out of range');
  if (d.isZero()) return new CueFloat(new Decimal(0), d.isNeg() ? '-0' : '0');
  const [neg, digits, exp] = decimalParts(d);
  return new CueFloat(d, decimalText(neg, digits, exp));
}

/**
 * A float result from a float64 computation, printed as CUE prints a converted double: its
 * shortest %g form read as a decimal literal (`0.5`, `1000`, `1234567`, `1E+6`, `1E-7`).
 */
export function floatFromFloat64(x: number): CueFloat {
  if (Number.isNaN(x)) throw new BuiltinError('invalid operation: result is NaN');
  if (!Number.isFinite(x)) throw new BuiltinError('value out of range: result is ' + (x > 0 ? '+Inf' : '-Inf'));
  if (x === 0) return new CueFloat(new Decimal(0), Object.is(x, -0) ? '-0' : '0');
  const g = formatFloat(x, 'g', -1, 64);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(g)!;
  const frac = m[3] ?? '';
  const digits = (m[2]! + frac).replace(/^0+/, '') || '0';
  const exp = Number(m[4] ?? 0) - frac.length;
  const text = decimalText(m[1] === '-', digits, exp);
  return new CueFloat(new Decimal(g), text);
}

export function makeStruct(entries: Iterable<[string, PlainValue]>): PlainStruct {
  return new PlainStruct(entries);
}
