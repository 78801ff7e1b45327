/**
 * Structural equality of plain values, as CUE's Value.Equals (used by list.Contains and
 * list.UniqueItems): an int never equals a float (`list.Contains([1], 1.0)` is false), floats
 * compare by value (`1.0` equals `1.00`), structs by their fields regardless of order, lists
 * element by element, bytes byte by byte.
 */
import { CueFloat, PlainStruct, type PlainValue } from '../plain/plain-value.js';

function numberEqual(a: bigint | CueFloat, b: bigint | CueFloat): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') return a === b;
  return a.value.equals(b.value);
}

export function plainEqual(a: PlainValue, b: PlainValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'boolean' || typeof b === 'boolean') return false;
  if (typeof a === 'string' || typeof b === 'string') return false;
  const an = typeof a === 'bigint' || a instanceof CueFloat;
  const bn = typeof b === 'bigint' || b instanceof CueFloat;
  if (an || bn) return an && bn && numberEqual(a, b);
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    return a.every((x, i) => plainEqual(x, b[i]!));
  }
  if (a instanceof PlainStruct && b instanceof PlainStruct) {
    if (a.fields.size !== b.fields.size) return false;
    for (const [k, v] of a.fields) {
      if (!b.fields.has(k) || !plainEqual(v, b.fields.get(k)!)) return false;
    }
    return true;
  }
  return false;
}
