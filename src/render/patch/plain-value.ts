/**
 * Small operations on plain values that every patch strategy needs: kind names, deep copy,
 * deep equality, and the compact form CUE uses when it quotes a value in an error message.
 */
import { Decimal } from '../../plain/decimal.js';
import { CueFloat, PlainStruct, type PlainValue, plainKindName } from '../../plain/plain-value.js';

/** The CUE kind name of a plain value, as CUE prints it in "mismatched types" messages. */

export function isScalar(v: PlainValue): v is null | boolean | string | bigint | CueFloat | Uint8Array {
  return !Array.isArray(v) && !(v instanceof PlainStruct);
}

/** A deep copy: patches never mutate their inputs. Scalars are immutable and shared. */
export function clonePlain(v: PlainValue): PlainValue {
  if (Array.isArray(v)) return v.map(clonePlain);
  if (v instanceof PlainStruct) return new PlainStruct([...v.fields].map(([k, x]) => [k, clonePlain(x)] as [string, PlainValue]));
  return v;
}

/**
 * Deep equality as JSON sees it: numbers compare by value (`1` equals `1.0`, as RFC 6902's
 * `test` requires), structs compare regardless of field order.
 */
export function plainEqual(a: PlainValue, b: PlainValue): boolean {
  if (isNumber(a) && isNumber(b)) return numberText(a) === numberText(b) || numericValue(a).eq(numericValue(b));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => plainEqual(x, b[i]!));
  }
  if (a instanceof PlainStruct && b instanceof PlainStruct) {
    if (a.fields.size !== b.fields.size) return false;
    for (const [k, x] of a.fields) {
      const y = b.fields.get(k);
      if (y === undefined || !plainEqual(x, y)) return false;
    }
    return true;
  }
  return false;
}

/**
 * Whether two concrete scalars unify. Kinds must agree (`1 & 1.0` is a conflict in CUE:
 * int and float); floats compare by value.
 */
export function scalarsUnify(a: PlainValue, b: PlainValue): boolean {
  if (plainKindName(a) !== plainKindName(b)) return false;
  if (a instanceof CueFloat && b instanceof CueFloat) return a.value.eq(b.value);
  if (a instanceof Uint8Array || b instanceof Uint8Array) return plainEqual(a, b);
  return a === b;
}

function isNumber(v: PlainValue): v is bigint | CueFloat {
  return typeof v === 'bigint' || v instanceof CueFloat;
}

function numberText(v: bigint | CueFloat): string {
  return typeof v === 'bigint' ? v.toString() : v.text;
}

function numericValue(v: bigint | CueFloat): Decimal {
  return typeof v === 'bigint' ? new Decimal(v.toString()) : v.value;
}

/** The compact text CUE uses for a value inside an error message: `"x"`, `3`, `{a:1}`, `[1,2]`. */
export function formatPlain(v: PlainValue, budget = 60): string {
  const s = compact(v);
  return s.length > budget ? s.slice(0, budget - 3) + '...' : s;
}

function compact(v: PlainValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof CueFloat) return v.text;
  if (v instanceof Uint8Array) return "'" + [...v].map((b) => String.fromCharCode(b)).join('') + "'";
  if (Array.isArray(v)) return '[' + v.map(compact).join(',') + ']';
  return '{' + [...v.fields].map(([k, x]) => labelText(k) + ':' + compact(x)).join(',') + '}';
}

/** A label as CUE writes it: bare when it is an identifier, quoted otherwise. */
export function labelText(label: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(label) && !label.startsWith('_') && !label.startsWith('#') ? label : JSON.stringify(label);
}
