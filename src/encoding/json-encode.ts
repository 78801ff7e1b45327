/**
 * JSON output of plain values, as `cue export --out json` (indented) and the standard
 * library's `json.Marshal` (compact) print them.
 *
 * - ints are exact (`bigint`), floats print as CUE prints them (`1E+3`, `2.50`), bytes as
 *   base64 strings;
 * - strings are escaped as Go's encoding/json does today: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`,
 *   `\f`, other control characters as `\u00XX`, U+2028/U+2029 as `\u2028`/`\u2029`, lone
 *   surrogates (invalid code points) as `\ufffd`. `<`, `>` and `&` are escaped only with
 *   `escapeHTML` (current CUE: `cue export --escape`; CUE v0.4 always escaped them, in
 *   export and in json.Marshal alike).
 * - struct fields keep their order.
 */
import { CueFloat, PlainStruct, type PlainValue } from '../plain/plain-value.js';
import { encodeBase64 } from './base64.js';
import { formatFloatText } from './number-text.js';

export interface JSONEncodeOptions {
  /** One level of indentation; `cue export` uses four spaces (the default). */
  indent?: string;
  /** Escape `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026` (`cue export --escape`). */
  escapeHTML?: boolean;
}

/** `cue export --out json`: indented, one field per line, ending with a newline. */
export function encodeJSON(v: PlainValue, options: JSONEncodeOptions = {}): string {
  const parts: string[] = [];
  writeIndented(parts, v, options.indent ?? '    ', '\n', options.escapeHTML ?? false);
  parts.push('\n');
  return parts.join('');
}

/** `json.Marshal`: compact, no spaces, no trailing newline. */
export function marshalJSON(v: PlainValue, options: { escapeHTML?: boolean } = {}): string {
  const parts: string[] = [];
  writeCompact(parts, v, options.escapeHTML ?? false);
  return parts.join('');
}

function writeIndented(out: string[], v: PlainValue, indent: string, newline: string, html: boolean): void {
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    const inner = newline + indent;
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      out.push(i === 0 ? inner : ',' + inner);
      writeIndented(out, v[i]!, indent, inner, html);
    }
    out.push(newline, ']');
    return;
  }
  if (v instanceof PlainStruct) {
    if (v.fields.size === 0) {
      out.push('{}');
      return;
    }
    const inner = newline + indent;
    out.push('{');
    let first = true;
    for (const [k, x] of v.fields) {
      out.push(first ? inner : ',' + inner, quoteJSON(k, html), ': ');
      first = false;
      writeIndented(out, x, indent, inner, html);
    }
    out.push(newline, '}');
    return;
  }
  out.push(scalarJSON(v, html));
}

function writeCompact(out: string[], v: PlainValue, html: boolean): void {
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',');
      writeCompact(out, v[i]!, html);
    }
    out.push(']');
    return;
  }
  if (v instanceof PlainStruct) {
    out.push('{');
    let first = true;
    for (const [k, x] of v.fields) {
      if (!first) out.push(',');
      first = false;
      out.push(quoteJSON(k, html), ':');
      writeCompact(out, x, html);
    }
    out.push('}');
    return;
  }
  out.push(scalarJSON(v, html));
}

export function scalarJSON(v: Exclude<PlainValue, PlainValue[] | PlainStruct>, html: boolean): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return quoteJSON(v, html);
    case 'bigint':
      return v.toString();
  }
  if (v instanceof CueFloat) return formatFloatText(v.text);
  return '"' + encodeBase64(v) + '"';
}

const hex = '0123456789abcdef';

/** A JSON string literal for `s`, escaped as Go's encoding/json does. */
const needsEscape = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;
const needsEscapeHTML = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff<>&]/;

/** Whether s needs escapes inside JSON quotes (most strings do not). */
export function needsQuoting(s: string, escapeHTML = false): boolean {
  return (escapeHTML ? needsEscapeHTML : needsEscape).test(s);
}

export function quoteJSON(s: string, escapeHTML = false): string {
  // Most strings need no escape at all: one regular-expression scan instead of a loop.
  if (!needsQuoting(s, escapeHTML)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20) {
      switch (c) {
        case 0x0a:
          esc = '\\n';
          break;
        case 0x0d:
          esc = '\\r';
          break;
        case 0x09:
          esc = '\\t';
          break;
        case 0x08:
          esc = '\\b';
          break;
        case 0x0c:
          esc = '\\f';
          break;
        default:
          esc = '\\u00' + hex[c >> 4] + hex[c & 15];
      }
    } else if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) esc = '\\u00' + hex[c >> 4] + hex[c & 15];
    else if (c === 0x2028) esc = '\\u2028';
    else if (c === 0x2029) esc = '\\u2029';
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A well-formed surrogate pair is one code point and passes through; a lone surrogate
      // is not a code point at all: Go replaces invalid UTF-8 with U+FFFD.
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    }
    if (esc !== undefined) {
      if (i > start) out += s.slice(start, i);
      out += esc;
      start = i + 1;
    }
  }
  if (start < s.length) out += s.slice(start);
  return out + '"';
}
