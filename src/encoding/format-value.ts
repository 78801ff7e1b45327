/**
 * Short CUE renderings of plain values, for error messages (kind names: plainKindName in
 * ../plain/plain-value.ts)
 * (`cannot use value [1] (type list) as string`, `conflicting values 2 and 1`).
 */
import { CueFloat, PlainStruct, type PlainValue } from '../plain/plain-value.js';
import { quoteJSON } from './json-encode.js';
import { formatFloatText } from './number-text.js';

/** A short CUE rendering of a value for messages (long values are cut). */
export function formatShort(v: PlainValue): string {
  const s = formatCUE(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

export function formatCUE(v: PlainValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[' + v.map(formatCUE).join(', ') + ']';
  if (v instanceof PlainStruct) {
    return '{' + [...v.fields].map(([k, x]) => `${/^[A-Za-z][A-Za-z0-9_]*$/.test(k) ? k : quoteJSON(k)}: ${formatCUE(x)}`).join(', ') + '}';
  }
  if (v instanceof Uint8Array) {
    let s = "'";
    for (const b of v) s += b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c ? String.fromCharCode(b) : '\\x' + b.toString(16).padStart(2, '0');
    return s + "'";
  }
  if (v instanceof CueFloat) return formatFloatText(v.text);
  if (typeof v === 'string') return quoteJSON(v);
  return String(v);
}
