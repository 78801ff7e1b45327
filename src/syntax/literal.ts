/**
 * Decoding of literals: numbers (bases, `_`, SI/IEC multipliers, floats) and strings/bytes
 * (quotes, `#` raw delimiters, multi-line indentation, escapes). The scanner has already
 * reported malformed escapes; the decoder is tolerant and never throws.
 */
import { Decimal } from '../plain/decimal.js';

// ---------------------------------------------------------------------------
// Numbers

export type DecodedNumber = { kind: 'int'; value: bigint } | { kind: 'float'; value: Decimal } | { error: string };

const multipliers: Record<string, number> = { K: 1, M: 2, G: 3, T: 4, P: 5 };

/**
 * The value of a number literal as written in CUE source: `1_000`, `0x1F`, `0o17`, `0b101`,
 * `1K` (1000), `1Ki` (1024), `1.5G`, `1.3Ki` (1331: a fraction times a multiplier is
 * truncated towards zero), `1.`, `.25`, `1e3` (floats).
 */
export function decodeNumberLiteral(raw: string): DecodedNumber {
  if (raw.length === 0) return { error: 'empty number literal' };
  if (/^_|_$|__/.test(raw) || /[^0-9a-zA-Z_.+-]/.test(raw)) return { error: `illegal number ${raw}` };
  const s = raw.replace(/_/g, '');
  const prefix = s.slice(0, 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    const digits = s.slice(2);
    const ok = prefix === '0x' ? /^[0-9a-fA-F]+$/ : prefix === '0o' ? /^[0-7]+$/ : /^[01]+$/;
    if (!ok.test(digits)) return { error: `illegal ${prefix === '0x' ? 'hexadecimal' : prefix === '0o' ? 'octal' : 'binary'} number ${raw}` };
    return { kind: 'int', value: BigInt(prefix + digits) };
  }
  const si = /^(\d*)(?:\.(\d*))?([KMGTP])(i?)$/.exec(s);
  if (si) {
    const [, intPart = '', frac = '', unit, binary] = si;
    if (intPart === '' && frac === '') return { error: `illegal number ${raw}` };
    const base = binary ? 1024n : 1000n;
    const mult = base ** BigInt(multipliers[unit!]!);
    // Exact: (int.frac * mult), truncated towards zero.
    const scale = 10n ** BigInt(frac.length);
    const mantissa = BigInt((intPart || '0') + frac);
    return { kind: 'int', value: (mantissa * mult) / scale };
  }
  if (/^\d+$/.test(s)) {
    if (s.length > 1 && s[0] === '0') return { error: `illegal integer number ${raw}` };
    return { kind: 'int', value: BigInt(s) };
  }
  if (/^(\d+\.\d*([eE][+-]?\d+)?|\d+[eE][+-]?\d+|\.\d+([eE][+-]?\d+)?)$/.test(s)) {
    return { kind: 'float', value: new Decimal(s) };
  }
  return { error: `illegal number ${raw}` };
}

// ---------------------------------------------------------------------------
// Strings and bytes

export interface StringDelims {
  readonly char: '"' | "'";
  readonly multiline: boolean;
  readonly hashes: number;
}

/** The quoting of a string literal, read from its start (`#"`, `'''`, ...). */
export function readDelims(raw: string): StringDelims {
  let i = 0;
  while (raw[i] === '#') i++;
  const char = raw[i] === "'" ? "'" : '"';
  const multiline = raw[i + 1] === char && raw[i + 2] === char && raw.length > i + 3;
  return { char, multiline, hashes: i };
}

/**
 * The value of a plain `"..."` literal (no escapes, no raw or multi-line quoting, no carriage
 * return): its text between the quotes. Undefined for any other literal. Most strings in
 * configuration are plain; decodeStringFragments gives the same value, at more cost.
 */
export function plainStringValue(raw: string): string | undefined {
  const n = raw.length;
  if (n < 2 || raw.charCodeAt(0) !== 34 || raw.charCodeAt(n - 1) !== 34) return undefined;
  if (n > 3 && raw.charCodeAt(1) === 34 && raw.charCodeAt(2) === 34) return undefined;
  for (let i = 1; i < n - 1; i++) {
    const c = raw.charCodeAt(i);
    if (c === 92 /* \\ */ || c === 13) return undefined;
  }
  return raw.slice(1, n - 1);
}

export interface DecodeError {
  /** Offset relative to the start of the literal. */
  offset: number;
  message: string;
}

export interface DecodedString {
  /** Decoded text parts between interpolations. For bytes, one char per byte (latin1-style). */
  parts: string[];
  errors: DecodeError[];
}

/**
 * Decodes the literal text of a string or bytes literal given as its fragments (the token
 * images: one for a plain literal; `"a\(`, `)b\(`, `)c"` for an interpolated one) and the
 * offsets of those fragments relative to the first.
 */
export function decodeStringFragments(fragments: readonly string[], offsets: readonly number[]): DecodedString {
  const errors: DecodeError[] = [];
  const first = fragments[0] ?? '';
  const d = readDelims(first);
  const quoteLen = d.multiline ? 3 : 1;
  const close = d.char.repeat(quoteLen) + '#'.repeat(d.hashes);
  const interpOpen = '\\' + '#'.repeat(d.hashes) + '(';
  const last = fragments.length - 1;

  // 1. Strip delimiters, keeping each part's offset in the literal.
  const bodies: { text: string; offset: number }[] = fragments.map((f, i) => {
    let start = 0;
    let end = f.length;
    if (i === 0) {
      start = d.hashes + quoteLen;
      if (d.multiline) {
        const nl = f.indexOf('\n', start);
        start = nl < 0 ? f.length : nl + 1;
      }
    } else start = 1; // the `)` closing the previous interpolation
    if (i < last) {
      if (f.endsWith(interpOpen)) end -= interpOpen.length;
    } else if (f.endsWith(close) && f.length - close.length >= start) end -= close.length;
    return { text: f.slice(start, Math.max(start, end)), offset: (offsets[i] ?? 0) + start };
  });

  // 2. Multi-line: remove the closing line's indentation from every line.
  let lineTexts: { text: string; offset: number; lineStart: boolean }[][];
  if (d.multiline) {
    const lastBody = bodies[last]!;
    const nl = lastBody.text.lastIndexOf('\n');
    const indent = nl < 0 && last === 0 ? lastBody.text : nl < 0 ? '' : lastBody.text.slice(nl + 1);
    if (/[^ \t\r]/.test(indent)) {
      // Only possible for a literal that was not terminated; nothing sensible to strip.
    } else {
      // Drop the newline before the closing quote and the indentation.
      lastBody.text = nl < 0 ? '' : lastBody.text.slice(0, nl);
    }
    const ws = /[^ \t\r]/.test(indent) ? '' : indent.replace(/\r/g, '');
    lineTexts = bodies.map((b, i) => {
      const lines = b.text.split('\n');
      let off = b.offset;
      return lines.map((text, j) => {
        const entry = { text, offset: off, lineStart: j > 0 || i === 0 };
        off += text.length + 1;
        return entry;
      });
    });
    for (const lines of lineTexts) {
      for (const line of lines) {
        if (!line.lineStart || ws === '') continue;
        const t = line.text.replace(/\r$/, '');
        if (t.startsWith(ws)) {
          line.text = line.text.slice(ws.length);
          line.offset += ws.length;
        } else if (/^[ \t]*$/.test(t)) line.text = '';
        else {
          const got = /^[ \t]*/.exec(t)![0];
          errors.push({
            offset: line.offset,
            message: `non-matching whitespace for multiline string (expected ${JSON.stringify(ws)}, got ${JSON.stringify(got)})`,
          });
        }
      }
    }
  } else {
    lineTexts = bodies.map((b) => [{ text: b.text, offset: b.offset, lineStart: false }]);
  }

  // 3. Escapes, after indentation removal (a backslash-newline joins two stripped lines).
  const parts = lineTexts.map((lines) => unescape(lines.map((l) => l.text).join('\n'), d));
  return { parts, errors };
}

const simpleEscapes: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '/': '/', '\\': '\\',
};

/**
 * Applies escapes to one line of literal text. For bytes the result has one char per byte:
 * literal characters and `\u` escapes are UTF-8 encoded, `\x` and octal escapes are bytes.
 */
function unescape(text: string, d: StringDelims): string {
  const bytes = d.char === "'";
  if (!text.includes('\\') && !text.includes('\r')) return bytes ? utf8Binary(text) : text;
  let out = '';
  let i = 0;
  const lit = (s: string) => {
    out += bytes ? utf8Binary(s) : s;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\r') {
      i++; // carriage returns are discarded from string values
      continue;
    }
    if (c !== '\\') {
      let j = i;
      while (j < text.length && text[j] !== '\\' && text[j] !== '\r') j++;
      lit(text.slice(i, j));
      i = j;
      continue;
    }
    let j = i + 1;
    let h = 0;
    while (h < d.hashes && text[j] === '#') {
      j++;
      h++;
    }
    if (h < d.hashes) {
      // Not an escape in a raw string: a literal backslash.
      lit(text.slice(i, j));
      i = j;
      continue;
    }
    const e = text[j];
    if (e !== undefined && e in simpleEscapes) {
      lit(simpleEscapes[e]!);
      i = j + 1;
    } else if (e === d.char) {
      lit(e);
      i = j + 1;
    } else if (e === '\n') {
      i = j + 1; // backslash-newline: the newline is elided
    } else if (e === '\r' && text[j + 1] === '\n') {
      i = j + 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const hex = text.slice(j + 1, j + 1 + n);
      const cp = /^[0-9a-fA-F]+$/.test(hex) && hex.length === n ? parseInt(hex, 16) : -1;
      // An invalid code point was reported by the scanner.
      if (cp >= 0 && cp <= 0x10ffff) lit(String.fromCodePoint(cp));
      i = j + 1 + n;
    } else if (bytes && e === 'x') {
      const v = parseInt(text.slice(j + 1, j + 3), 16);
      if (!Number.isNaN(v)) out += String.fromCharCode(v);
      i = j + 3;
    } else if (bytes && e !== undefined && e >= '0' && e <= '7') {
      const v = parseInt(text.slice(j, j + 3), 8);
      if (!Number.isNaN(v) && v <= 255) out += String.fromCharCode(v);
      i = j + 3;
    } else {
      // Reported by the scanner; keep the text as is.
      lit(text.slice(i, j + 1));
      i = j + 1;
    }
  }
  return out;
}

/** The UTF-8 encoding of `s`, one char per byte. */
function utf8Binary(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out += ch;
    else if (cp < 0x800) out += String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out += String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out += String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** Bytes of a latin1-style string (one char per byte). */
export function binaryToBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}
