/**
 * Literal text for the printer: quoting strings and labels built from JS strings (used by the
 * evaluator to print values), normalising numbers the way `cue fmt` does, re-indenting
 * multi-line strings, and splitting an interpolation's raw text into its literal pieces.
 *
 * Everything here works on a node's own `raw` text, never on the source file: synthetic nodes
 * built by the evaluator carry `raw` but dummy spans.
 */
import { isBareLabel, isIdentifier } from './names.js';

/**
 * A double-quoted CUE string for any JS string. Escapes what the spec requires (`"` and `\`),
 * control characters, and nothing printable: `"x-y"`, `"a\nb"`, `"\u0000"`.
 */
export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    // Other C0/C1 controls, DEL and the Unicode line/paragraph separators would be invisible or
    // break lines: escape them.
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

/**
 * A multi-line string literal (`"""` block) for a string holding a line break, as CUE's
 * export writes one: the text on lines of its own, `\` and non-printable characters escaped
 * (a tab as `\t`), `"` left alone, and `#`s around it when the text holds `"""`. The
 * lines carry no indentation: the printer indents them (reindentMultiline) where the
 * literal lands. `quote` is `"` for a string, `'` for bytes (`'''`, text of latin1 chars).
 */
export function quoteMultiline(s: string, quote: '"' | "'" = '"'): string {
  const triple = quote.repeat(3);
  let hashes = 0;
  while (s.includes(triple + '#'.repeat(hashes))) hashes++;
  const h = '#'.repeat(hashes);
  const single = quote === '"' ? (ch: string) => quoteString(ch).slice(1, -1) : (ch: string) => quoteBytes(Uint8Array.of(ch.charCodeAt(0))).slice(1, -1);
  let body = '';
  for (const ch of s) {
    if (ch === '\n') body += '\n';
    else if (ch === quote) body += ch;
    else {
      const e = single(ch);
      body += hashes > 0 && e.startsWith('\\') ? '\\' + h + e.slice(1) : e;
    }
  }
  return h + triple + '\n' + body + '\n' + triple + h;
}

/** A single-quoted CUE bytes literal; bytes above 0x7f and controls are `\xHH`. */
export function quoteBytes(bytes: Uint8Array): string {
  let out = "'";
  for (const b of bytes) {
    if (b === 0x27) out += "\\'";
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else if (b < 0x20 || b >= 0x7f) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += String.fromCharCode(b);
  }
  return out + "'";
}

/**
 * A field label for a label string: bare when it is an identifier (`name`, `#Def`, `_hidden`,
 * and keywords such as `if`, `package` or `null`, which CUE accepts as labels), quoted
 * otherwise (`"x-y"`, `"1a"`, `"_"`).
 */
export function formatLabel(name: string): string {
  return isIdentifier(name) || isBareLabel(name) ? name : quoteString(name);
}

/**
 * `cue fmt` spells decimal numbers canonically: `.3` -> `0.3`, `3.` -> `3.0`, `1E3` -> `1e3`.
 * Integers in other bases and multipliers (`0xFF`, `1Ki`) are left alone.
 */
export function normalizeNumber(raw: string): string {
  if (/^0[xXoObB]/.test(raw)) return raw;
  let s = raw;
  if (s.startsWith('.')) s = '0' + s;
  s = s.replace(/\.(?![0-9])/, '.0');
  return s.replace(/E/g, 'e');
}

/** Length of the `#` run that opens a raw string (`#"..."#`). */
function hashCount(raw: string): number {
  let n = 0;
  while (raw[n] === '#') n++;
  return n;
}

/** True for `"""`, `'''` (possibly with `#`s). */
export function isMultilineRaw(raw: string): boolean {
  const h = hashCount(raw);
  return raw.startsWith('"""', h) || raw.startsWith("'''", h);
}

/**
 * Re-indents a multi-line string literal so that its body sits one tab deeper than the line it
 * starts on (current `cue fmt`). The spec strips the closing line's whitespace prefix from
 * every line, so replacing that prefix keeps the value unchanged.
 */
export function reindentMultiline(raw: string, indent: string): string {
  const lines = raw.split('\n');
  if (lines.length < 2) return raw;
  const last = lines[lines.length - 1]!;
  const prefix = /^[ \t]*/.exec(last)![0];
  const inner = indent + '\t';
  const out = [lines[0]!];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(prefix)) out.push(line.length === prefix.length && i < lines.length - 1 ? '' : inner + line.slice(prefix.length));
    else if (line.trim() === '') out.push('');
    else return raw; // Not a well-formed multi-line string: keep it as written.
  }
  return out.join('\n');
}

/**
 * Splits the raw text of an interpolated string into its literal pieces: for `"a\(x)b"` it
 * returns `['"a\\(', ')b"']`, one more piece than there are interpolations. Returns undefined
 * when the raw text does not have `count` interpolations (then the caller prints it as is).
 */
export function splitInterpolationRaw(raw: string, count: number): string[] | undefined {
  return splitInterpolationRegions(raw, count)?.pieces;
}

/**
 * As splitInterpolationRaw, with the text between each `\(` and its `)` (`regions`), whose
 * line breaks decide how a multi-line string lays the expression out.
 */
export function splitInterpolationRegions(raw: string, count: number): { pieces: string[]; regions: string[] } | undefined {
  const regions: string[] = [];
  const hashes = hashCount(raw);
  const opener = '\\' + '#'.repeat(hashes) + '(';
  const pieces: string[] = [];
  let pieceStart = 0;
  let i = hashes;
  // Skip the opening quote(s).
  const q = raw[i];
  if (q !== '"' && q !== "'") return undefined;
  i += raw.startsWith(q.repeat(3), i) ? 3 : 1;
  while (i < raw.length) {
    if (raw.startsWith(opener, i)) {
      const exprStart = i + opener.length;
      const end = matchParen(raw, exprStart);
      if (end < 0) return undefined;
      pieces.push(raw.slice(pieceStart, exprStart));
      regions.push(raw.slice(exprStart, end));
      pieceStart = end; // the `)` belongs to the next piece
      i = end + 1;
    } else if (raw[i] === '\\') i += 2;
    else i++;
  }
  pieces.push(raw.slice(pieceStart));
  return pieces.length === count + 1 ? { pieces, regions } : undefined;
}

/** Index of the `)` that closes an interpolation whose expression starts at `from`. */
function matchParen(s: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return c === ')' ? i : -1;
      depth--;
    } else if (c === '"' || c === "'" || c === '#') {
      const end = skipString(s, i);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    i++;
  }
  return -1;
}

/** Skips a string literal (possibly raw with `#`, possibly nested interpolations) at `i`. */
function skipString(s: string, i: number): number {
  let h = 0;
  while (s[i + h] === '#') h++;
  const q = s[i + h];
  if (q !== '"' && q !== "'") return h > 0 ? i + h : i + 1;
  const triple = s.startsWith(q.repeat(3), i + h);
  const close = (triple ? q.repeat(3) : q) + '#'.repeat(h);
  const esc = '\\' + '#'.repeat(h);
  let j = i + h + (triple ? 3 : 1);
  while (j < s.length) {
    if (s.startsWith(esc + '(', j)) {
      const end = matchParen(s, j + esc.length + 1);
      if (end < 0) return -1;
      j = end + 1;
    } else if (s.startsWith(esc, j)) j += esc.length + 1;
    else if (s.startsWith(close, j)) return j + close.length;
    else j++;
  }
  return -1;
}
