/**
 * Standard base64 (RFC 4648, with padding), as CUE uses for bytes in JSON and YAML.
 * Written out rather than using `btoa`/`Buffer` so that it works the same in Node and the
 * browser and never goes through a latin1 string.
 */
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + '=';
  }
  return out;
}

const lookup = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;

/**
 * Decodes standard base64. Line breaks and spaces are skipped (YAML's `!!binary` allows them);
 * anything else that is not in the alphabet, or wrong padding, gives `undefined`.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s]/g, '');
  if (clean.length % 4 !== 0) return undefined;
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = clean.charCodeAt(i + k);
      let d: number;
      if (c === 61 /* = */ && i + 4 === clean.length && k >= 4 - pad) d = 0;
      else {
        d = c < 128 ? lookup[c]! : -1;
        if (d < 0) return undefined;
      }
      n = (n << 6) | d;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
