/**
 * CUE syntax for decoded data: quoted string literals and field labels.
 */
import type { BasicLit, Ident, Label } from '../syntax/ast.js';
import type { Span } from '../source/index.js';

/** A double-quoted CUE string literal whose value is `s`. */
const needsEscape = /["\\\u0000-\u001f\u007f\ud800-\udfff]/;

export function quoteCUEString(s: string): string {
  if (!needsEscape.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c === 0x0a) esc = '\\n';
    else if (c === 0x09) esc = '\\t';
    else if (c === 0x0d) esc = '\\r';
    else if (c < 0x20 || c === 0x7f) esc = '\\u' + c.toString(16).padStart(4, '0');
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

export function stringLit(value: string, span: Span): BasicLit {
  return { type: 'BasicLit', span, kind: 'string', raw: quoteCUEString(value), value };
}

const plainIdent = /^[\p{L}$][\p{L}\p{Nd}_$]*$/u;

/**
 * The label for a data key. A plain identifier (`name`, `apiVersion`) becomes an Ident, as
 * CUE's own decoders do; everything else is a quoted string label, which CUE always reads as
 * a regular field: `"_x"` is not hidden, `"#x"` is not a definition, and `"__proto__"` or
 * `"constructor"` are just names.
 */
export function dataLabel(key: string, span: Span): Label {
  if (plainIdent.test(key)) {
    const ident: Ident = { type: 'Ident', span, name: key };
    return ident;
  }
  return stringLit(key, span);
}
