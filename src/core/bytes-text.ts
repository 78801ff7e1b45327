/**
 * Bytes as text, the way CUE turns bytes into a string (`"\(b)"`): Go's
 * strings.ToValidUTF8 with U+FFFD, which replaces each run of bytes that are not valid UTF-8
 * by one replacement character ('a\x80\x95a' is "a\uFFFDa"; WHATWG's TextDecoder would give
 * two).
 */
export function bytesToString(b: Uint8Array): string {
  let out = '';
  let start = 0;
  let i = 0;
  let inBad = false;
  const flush = (end: number) => {
    if (end > start) out += new TextDecoder().decode(b.subarray(start, end));
  };
  while (i < b.length) {
    const n = validRuneLength(b, i);
    if (n > 0) {
      if (inBad) {
        start = i;
        inBad = false;
      }
      i += n;
      continue;
    }
    if (!inBad) {
      flush(i);
      out += '\uFFFD';
      inBad = true;
    }
    i++;
  }
  if (!inBad) flush(i);
  return out;
}

/** The length of the valid UTF-8 sequence at b[i] (Go's utf8 accept ranges), or 0. */
function validRuneLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf) => j < b.length && b[j]! >= lo && b[j]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const [lo, hi] = c === 0xe0 ? [0xa0, 0xbf] : c === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const [lo, hi] = c === 0xf0 ? [0x90, 0xbf] : c === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}
