/**
 * Bytes to text for data files. Invalid UTF-8 is an error at the first bad byte (line and
 * column in bytes, as CUE counts them) rather than a silent U+FFFD, so that a binary or
 * mis-encoded file is reported, not half-read. A leading byte-order mark is dropped.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { Source } from '../source/index.js';

export function decodeUTF8(bytes: Uint8Array, fileName: string): { text?: string; errors: CueError[] } {
  const bad = firstInvalidUTF8(bytes);
  if (bad >= 0) {
    // A zero-width span at the offending line/column: the Source built for it holds the
    // decodable prefix, so that the printed position is exact.
    const prefix = new TextDecoder().decode(bytes.subarray(0, bad));
    const src = new Source(fileName, prefix);
    const span = { src, start: prefix.length, end: prefix.length };
    return { errors: [new CueError(ErrorCode.io, `invalid UTF-8 encoding (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')})`, [], [span])] };
  }
  return { text: new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes), errors: [] };
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUTF8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
