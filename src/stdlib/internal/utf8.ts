/**
 * Go string semantics over JS strings. CUE strings are UTF-8; Go's strings functions count and
 * index in bytes, while JS strings are UTF-16. These helpers convert between the two and
 * iterate by code point (Go's runes). Written without TextEncoder so that the stdlib needs no
 * DOM or Node typings and runs anywhere.
 */

/** UTF-8 encoding of a string (lone surrogates become U+FFFD, as Go would store them). */
export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Decodes UTF-8; each invalid byte becomes U+FFFD (Go's `for range` / []rune behaviour). */
export function utf8Decode(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const [c, size] = decodeRune(b, i);
    out += String.fromCodePoint(c);
    i += size;
  }
  return out;
}

/** Whether the bytes are valid UTF-8. */
export function isValidUTF8(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length) {
    const [c, size] = decodeRune(b, i);
    if (c === 0xfffd && size === 1) return false;
    i += size;
  }
  return true;
}

/** Decodes one rune at `i`: [code point, byte length]; an invalid sequence gives [0xFFFD, 1]. */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i]!;
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number) => (i + k < b.length && (b[i + k]! & 0xc0) === 0x80 ? b[i + k]! & 63 : -1);
  if (b0 >= 0xc2 && b0 < 0xe0) {
    const c1 = cont(1);
    if (c1 >= 0) return [((b0 & 31) << 6) | c1, 2];
  } else if (b0 >= 0xe0 && b0 < 0xf0) {
    const c1 = cont(1);
    const c2 = cont(2);
    if (c1 >= 0 && c2 >= 0) {
      const c = ((b0 & 15) << 12) | (c1 << 6) | c2;
      if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) return [c, 3];
    }
  } else if (b0 >= 0xf0 && b0 < 0xf5) {
    const c1 = cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
      const c = ((b0 & 7) << 18) | (c1 << 12) | (c2 << 6) | c3;
      if (c >= 0x10000 && c <= 0x10ffff) return [c, 4];
    }
  }
  return [0xfffd, 1];
}

/** Number of UTF-8 bytes of one code point. */
export function runeLen(c: number): number {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/** UTF-8 byte length of a string. */
export function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) n += runeLen(ch.codePointAt(0)!);
  return n;
}

/** Converts a UTF-16 index into `s` to the UTF-8 byte index Go would report (-1 stays -1). */
export function byteIndex(s: string, utf16Index: number): number {
  if (utf16Index < 0) return -1;
  return byteLength(s.slice(0, utf16Index));
}

/** The code points of a string (Go's []rune). */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

export function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Go's byte-wise string comparison: the evaluator's, for `<` on strings. */
export { compareStrings } from '../../plain/string-order.js';

/** Bytes of a string-or-bytes argument. */
export function toBytes(v: string | Uint8Array): Uint8Array {
  return typeof v === 'string' ? utf8Encode(v) : v;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
