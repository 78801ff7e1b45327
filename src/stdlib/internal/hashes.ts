/**
 * Message digests written from their specifications (FIPS 180-4 for SHA-1 and SHA-2, RFC 1321
 * for MD5), so that the stdlib needs no Node crypto module and runs in a browser. Inputs in
 * CUE programs are small; clarity wins over speed (SHA-512 uses BigInt words).
 */

function pad(msg: Uint8Array, blockBytes: number, lengthBytes: number, littleEndian: boolean): Uint8Array {
  const bitLen = BigInt(msg.length) * 8n;
  let total = msg.length + 1 + lengthBytes;
  total += (blockBytes - (total % blockBytes)) % blockBytes;
  const out = new Uint8Array(total);
  out.set(msg);
  out[msg.length] = 0x80;
  for (let i = 0; i < 8; i++) {
    const byte = Number((bitLen >> BigInt(8 * i)) & 0xffn);
    if (littleEndian) out[total - lengthBytes + i] = byte;
    else out[total - 1 - i] = byte;
  }
  return out;
}

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

function wordsBE(b: Uint8Array, off: number, n: number): number[] {
  const w: number[] = [];
  for (let i = 0; i < n; i++) w.push((b[off + 4 * i]! << 24) | (b[off + 4 * i + 1]! << 16) | (b[off + 4 * i + 2]! << 8) | b[off + 4 * i + 3]!);
  return w;
}

function bytesBE(words: number[], count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (words[i >> 2]! >>> (24 - 8 * (i & 3))) & 255;
  return out;
}

export function sha1(msg: Uint8Array): Uint8Array {
  const m = pad(msg, 64, 8, false);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  for (let off = 0; off < m.length; off += 64) {
    const w = wordsBE(m, off, 16);
    for (let t = 16; t < 80; t++) w.push(rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1));
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t++) {
      const [f, k] =
        t < 20 ? [(b & c) | (~b & d), 0x5a827999] : t < 40 ? [b ^ c ^ d, 0x6ed9eba1] : t < 60 ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc] : [b ^ c ^ d, 0xca62c1d6];
      const tmp = (rotl(a, 5) + f + e + k + w[t]!) | 0;
      [e, d, c, b, a] = [d, c, rotl(b, 30), a, tmp];
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
  }
  return bytesBE(h, 20);
}

let k256: number[] | undefined;

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
function sha256Constants(): number[] {
  if (k256) return k256;
  const primes: number[] = [];
  for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  k256 = primes.map((p) => {
    // Exact integer cube root of p * 2^96, minus the integer part shifted.
    const x = icbrt(BigInt(p) << 96n);
    return Number(x & 0xffffffffn) | 0;
  });
  return k256;
}

function icbrt(n: bigint): bigint {
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 3) + 1);
  for (;;) {
    const y = (2n * x + n / (x * x)) / 3n;
    if (y >= x) break;
    x = y;
  }
  while (x * x * x > n) x--;
  while ((x + 1n) ** 3n <= n) x++;
  return x;
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2) + 1);
  for (;;) {
    const y = (x + n / x) / 2n;
    if (y >= x) break;
    x = y;
  }
  return x;
}

function sha256Core(msg: Uint8Array, init: number[], outBytes: number): Uint8Array {
  const k = sha256Constants();
  const m = pad(msg, 64, 8, false);
  const h = [...init];
  for (let off = 0; off < m.length; off += 64) {
    const w = wordsBE(m, off, 16);
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15]!, 7) ^ rotr(w[t - 15]!, 18) ^ (w[t - 15]! >>> 3);
      const s1 = rotr(w[t - 2]!, 17) ^ rotr(w[t - 2]!, 19) ^ (w[t - 2]! >>> 10);
      w.push((w[t - 16]! + s0 + w[t - 7]! + s1) | 0);
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[t]! + w[t]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) | 0, c, b, a, (t1 + t2) | 0];
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => (h[i] = (h[i]! + x) | 0));
  }
  return bytesBE(h, outBytes);
}

export function sha256(msg: Uint8Array): Uint8Array {
  return sha256Core(msg, [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19], 32);
}

export function sha224(msg: Uint8Array): Uint8Array {
  return sha256Core(msg, [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4], 28);
}

const M64 = (1n << 64n) - 1n;
let k512: bigint[] | undefined;

/** The first 64 bits of the fractional parts of the cube roots of the first 80 primes. */
function sha512Constants(): bigint[] {
  if (k512) return k512;
  const primes: number[] = [];
  for (let n = 2; primes.length < 80; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  k512 = primes.map((p) => icbrt(BigInt(p) << 192n) & M64);
  return k512;
}

const rotr64 = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & M64;

function sha512Core(msg: Uint8Array, init: bigint[], outBytes: number): Uint8Array {
  const k = sha512Constants();
  const m = pad(msg, 128, 16, false);
  const h = [...init];
  for (let off = 0; off < m.length; off += 128) {
    const w: bigint[] = [];
    for (let i = 0; i < 16; i++) {
      let x = 0n;
      for (let j = 0; j < 8; j++) x = (x << 8n) | BigInt(m[off + 8 * i + j]!);
      w.push(x);
    }
    for (let t = 16; t < 80; t++) {
      const s0 = rotr64(w[t - 15]!, 1n) ^ rotr64(w[t - 15]!, 8n) ^ (w[t - 15]! >> 7n);
      const s1 = rotr64(w[t - 2]!, 19n) ^ rotr64(w[t - 2]!, 61n) ^ (w[t - 2]! >> 6n);
      w.push((w[t - 16]! + s0 + w[t - 7]! + s1) & M64);
    }
    let [a, b, c, d, e, f, g, hh] = h as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    for (let t = 0; t < 80; t++) {
      const t1 = (hh + (rotr64(e, 14n) ^ rotr64(e, 18n) ^ rotr64(e, 41n)) + ((e & f) ^ (~e & M64 & g)) + k[t]! + w[t]!) & M64;
      const t2 = ((rotr64(a, 28n) ^ rotr64(a, 34n) ^ rotr64(a, 39n)) + ((a & b) ^ (a & c) ^ (b & c))) & M64;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) & M64, c, b, a, (t1 + t2) & M64];
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => (h[i] = (h[i]! + x) & M64));
  }
  const out = new Uint8Array(outBytes);
  for (let i = 0; i < outBytes; i++) out[i] = Number((h[i >> 3]! >> BigInt(56 - 8 * (i & 7))) & 0xffn);
  return out;
}

/** SHA-512 initial values: the first 64 bits of the fractional parts of the square roots of the first 8 primes. */
function sqrtInit(primes: number[]): bigint[] {
  return primes.map((p) => isqrt(BigInt(p) << 128n) & M64);
}

export function sha512(msg: Uint8Array): Uint8Array {
  return sha512Core(msg, sqrtInit([2, 3, 5, 7, 11, 13, 17, 19]), 64);
}

export function sha384(msg: Uint8Array): Uint8Array {
  return sha512Core(msg, sqrtInit([23, 29, 31, 37, 41, 43, 47, 53]), 48);
}

/** SHA-512/t initial values (FIPS 180-4 §5.3.6): SHA-512 of "SHA-512/t" with modified IVs. */
function sha512tInit(t: number): bigint[] {
  const iv = sqrtInit([2, 3, 5, 7, 11, 13, 17, 19]).map((x) => x ^ 0xa5a5a5a5a5a5a5a5n);
  const digest = sha512Core(Uint8Array.from(`SHA-512/${t}`, (c) => c.charCodeAt(0)), iv, 64);
  const out: bigint[] = [];
  for (let i = 0; i < 8; i++) {
    let x = 0n;
    for (let j = 0; j < 8; j++) x = (x << 8n) | BigInt(digest[8 * i + j]!);
    out.push(x);
  }
  return out;
}

export function sha512_224(msg: Uint8Array): Uint8Array {
  return sha512Core(msg, sha512tInit(224), 28);
}

export function sha512_256(msg: Uint8Array): Uint8Array {
  return sha512Core(msg, sha512tInit(256), 32);
}

export function md5(msg: Uint8Array): Uint8Array {
  const m = pad(msg, 64, 8, true);
  const s = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
  // K[i] = floor(abs(sin(i + 1)) * 2^32), as RFC 1321 defines it.
  const k = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
  const h = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];
  for (let off = 0; off < m.length; off += 64) {
    const w: number[] = [];
    for (let i = 0; i < 16; i++) w.push(m[off + 4 * i]! | (m[off + 4 * i + 1]! << 8) | (m[off + 4 * i + 2]! << 16) | (m[off + 4 * i + 3]! << 24));
    let [a, b, c, d] = h as [number, number, number, number];
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) [f, g] = [(b & c) | (~b & d), i];
      else if (i < 32) [f, g] = [(d & b) | (~d & c), (5 * i + 1) % 16];
      else if (i < 48) [f, g] = [b ^ c ^ d, (3 * i + 5) % 16];
      else [f, g] = [c ^ (b | ~d), (7 * i) % 16];
      const tmp = d;
      d = c;
      c = b;
      b = (b + rotl((a + f + k[i]! + w[g]!) | 0, s[(i >> 4) * 4 + (i % 4)]!)) | 0;
      a = tmp;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = (h[i >> 2]! >>> (8 * (i & 3))) & 255;
  return out;
}

export type HashName = 'MD5' | 'SHA1' | 'SHA224' | 'SHA256' | 'SHA384' | 'SHA512' | 'SHA512_224' | 'SHA512_256';

export const hashes: Readonly<Record<HashName, { sum: (m: Uint8Array) => Uint8Array; blockSize: number }>> = {
  MD5: { sum: md5, blockSize: 64 },
  SHA1: { sum: sha1, blockSize: 64 },
  SHA224: { sum: sha224, blockSize: 64 },
  SHA256: { sum: sha256, blockSize: 64 },
  SHA384: { sum: sha384, blockSize: 128 },
  SHA512: { sum: sha512, blockSize: 128 },
  SHA512_224: { sum: sha512_224, blockSize: 128 },
  SHA512_256: { sum: sha512_256, blockSize: 128 },
};

/** HMAC (RFC 2104). */
export function hmac(name: HashName, key: Uint8Array, msg: Uint8Array): Uint8Array {
  const { sum, blockSize } = hashes[name];
  let k = key.length > blockSize ? sum(key) : key;
  const padded = new Uint8Array(blockSize);
  padded.set(k);
  k = padded;
  const inner = new Uint8Array(blockSize + msg.length);
  const outer = new Uint8Array(blockSize);
  for (let i = 0; i < blockSize; i++) {
    inner[i] = k[i]! ^ 0x36;
    outer[i] = k[i]! ^ 0x5c;
  }
  inner.set(msg, blockSize);
  const ih = sum(inner);
  const o = new Uint8Array(blockSize + ih.length);
  o.set(outer);
  o.set(ih, blockSize);
  return sum(o);
}
