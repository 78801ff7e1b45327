/**
 * `cue export --out text`: a string value printed as is, followed by a newline. CUE (v0.4 and
 * current) accepts only strings here; any other value is an error naming the value and its
 * type, e.g. `cannot use value 5.0 (type float) as string`.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { CueFloat, PlainStruct, type PlainValue } from '../export/plain.js';
import { formatFloatText } from './number-text.js';
import { quoteJSON } from './json-encode.js';

/** Throws a CueError (code `eval`) when `v` is not a string. */
export function encodeText(v: PlainValue): string {
  if (typeof v === 'string') return v + '\n';
  throw new CueError(ErrorCode.eval, `cannot use value ${formatShort(v)} (type ${kindName(v)}) as string`);
}

function kindName(v: PlainValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PlainStruct) return 'struct';
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof CueFloat) return 'float';
  if (typeof v === 'bigint') return 'int';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/** A short CUE rendering of a value for messages (long values are cut). */
function formatShort(v: PlainValue): string {
  const s = formatCUE(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

function formatCUE(v: PlainValue): string {
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
