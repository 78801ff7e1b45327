/** Go's base64.StdEncoding, with Go's error positions ("illegal base64 data at input byte N"). */
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Encode(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += i + 1 < b.length ? alphabet[(n >> 6) & 63]! : '=';
    out += i + 2 < b.length ? alphabet[n & 63]! : '=';
  }
  return out;
}

/** Decodes; returns the byte offset of the first illegal character on failure. */
export function base64Decode(s: string): Uint8Array | { illegalAt: number } {
  // Go skips \r and \n anywhere; offsets count them.
  const chars: [number, number][] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13) continue;
    chars.push([c, i]);
  }
  const out: number[] = [];
  let i = 0;
  while (i < chars.length) {
    const quantum: number[] = [];
    let j = 0;
    for (; j < 4; j++) {
      if (i + j >= chars.length) {
        if (j === 0) break;
        // An incomplete final quantum is reported at its start, as Go does.
        return { illegalAt: chars[i]![1] };
      }
      const [c, pos] = chars[i + j]!;
      if (c === 61) {
        // '=' padding: only in the third or fourth position, followed by nothing but padding.
        if (j < 2) return { illegalAt: pos };
        if (j === 2) {
          if (i + 3 >= chars.length) return { illegalAt: s.length };
          if (chars[i + 3]![0] !== 61) return { illegalAt: chars[i + 3]![1] };
        }
        const after = i + (j === 2 ? 4 : 4);
        if (after < chars.length) return { illegalAt: chars[after]![1] };
        break;
      }
      const v = alphabet.indexOf(String.fromCharCode(c));
      if (v < 0) return { illegalAt: pos };
      quantum.push(v);
    }
    if (quantum.length >= 2) out.push(((quantum[0]! << 2) | (quantum[1]! >> 4)) & 255);
    if (quantum.length >= 3) out.push(((quantum[1]! << 4) | (quantum[2]! >> 2)) & 255);
    if (quantum.length >= 4) out.push(((quantum[2]! << 6) | quantum[3]!) & 255);
    if (quantum.length < 4) break;
    i += 4;
  }
  return Uint8Array.from(out);
}
