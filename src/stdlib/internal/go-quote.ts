/** Go's strconv quoting and unquoting (Quote, QuoteToASCII, QuoteToGraphic, QuoteRune, Unquote). */
import { isGraphic, isPrint } from './unicode.js';
import { utf8Decode, utf8Encode } from './utf8.js';

export type QuoteMode = 'print' | 'ascii' | 'graphic';

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function appendRune(c: number, quote: string, mode: QuoteMode): string {
  const ch = String.fromCodePoint(c);
  if (ch === quote || c === 0x5c) return '\\' + ch;
  if (mode === 'ascii') {
    if (c < 0x80 && isPrint(c)) return ch;
  } else if (mode === 'graphic' ? isGraphic(c) : isPrint(c)) return ch;
  switch (c) {
    case 7: return '\\a';
    case 8: return '\\b';
    case 12: return '\\f';
    case 10: return '\\n';
    case 13: return '\\r';
    case 9: return '\\t';
    case 11: return '\\v';
  }
  if (c < 0x20 || c === 0x7f) return '\\x' + hex(c, 2);
  if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return '\\ufffd';
  if (c < 0x10000) return '\\u' + hex(c, 4);
  return '\\U' + hex(c, 8);
}

export function quoteWith(s: string, quote: string, mode: QuoteMode): string {
  let out = quote;
  for (const ch of s) out += appendRune(ch.codePointAt(0)!, quote, mode);
  return out + quote;
}

export function quoteRune(r: bigint, mode: QuoteMode): string {
  let c = r > 0x10ffffn || r < 0n ? 0xfffd : Number(r);
  if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
  return "'" + appendRune(c, "'", mode) + "'";
}

export class UnquoteError extends Error {}

/**
 * CUE's literal.Unquote (what strconv.Unquote calls): a CUE string or bytes literal, with
 * `#` delimiters, `"""` multi-line form (the closing line's indentation is removed from every
 * line), and CUE's escapes (`\x` and octal only in single-quoted bytes). Throws UnquoteError.
 */
export function unquote(s: string): string {
  const bad = (m = 'invalid syntax'): never => {
    throw new UnquoteError(m);
  };
  let hashes = 0;
  while (s[hashes] === '#') hashes++;
  const hashStr = '#'.repeat(hashes);
  let t = s.slice(hashes);
  if (!t.endsWith(hashStr)) bad();
  t = t.slice(0, t.length - hashes);
  const q = t[0];
  if (q !== '"' && q !== "'") bad();
  const multi = t.startsWith(q!.repeat(3));
  const delim = multi ? q!.repeat(3) : q!;
  if (t.length < delim.length * 2 || !t.endsWith(delim)) bad('invalid string: unmatched quote');
  let body = t.slice(delim.length, t.length - delim.length);
  if (multi) {
    if (!body.startsWith('\n')) bad();
    const lastNl = body.lastIndexOf('\n');
    const indent = body.slice(lastNl + 1);
    if (!/^[ \t]*$/.test(indent)) bad();
    const lines = body.slice(1, lastNl).split('\n');
    body = lines
      .map((l) => {
        if (l.startsWith(indent)) return l.slice(indent.length);
        if (l.trim() === '') return '';
        return bad('invalid whitespace');
      })
      .join('\n');
  } else if (body.includes('\n')) bad();
  const bytes: number[] = [];
  const pushStr = (x: string) => {
    for (const b of utf8Encode(x)) bytes.push(b);
  };
  const esc = '\\' + hashStr;
  let i = 0;
  while (i < body.length) {
    if (!body.startsWith(esc, i)) {
      const cp = body.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (!multi && ch === q && hashes === 0) bad();
      pushStr(ch);
      i += ch.length;
      continue;
    }
    i += esc.length;
    const e = body[i];
    i++;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '/': '/' };
    if (e !== undefined && e in simple) pushStr(simple[e]!);
    else if (e === q) pushStr(e);
    else if (e === 'u' || e === 'U') {
      const w = e === 'u' ? 4 : 8;
      const h = body.slice(i, i + w);
      if (h.length !== w || !/^[0-9a-fA-F]+$/.test(h)) bad();
      const v = parseInt(h, 16);
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) bad();
      pushStr(String.fromCodePoint(v));
      i += w;
    } else if (q === "'" && e === 'x') {
      const h = body.slice(i, i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) bad();
      bytes.push(parseInt(h, 16));
      i += 2;
    } else if (q === "'" && e !== undefined && e >= '0' && e <= '7') {
      const o = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) bad();
      bytes.push(parseInt(o, 8));
      i += 2;
    } else bad();
  }
  return utf8Decode(Uint8Array.from(bytes));
}
