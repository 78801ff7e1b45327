/** Packages `crypto/sha256`, `crypto/sha1`, `crypto/md5`, `crypto/sha512` and `crypto/hmac` (digests from internal/hashes.ts). */
import { BuiltinError, type BuiltinFunc, type BuiltinPackage } from '../../plain/builtin.js';
import { bytesArg, str } from '../internal/args.js';
import { hashes, hmac, md5, sha1, sha224, sha256, sha384, sha512, sha512_224, sha512_256, type HashName } from '../internal/hashes.js';

function sum(doc: string, f: (m: Uint8Array) => Uint8Array): BuiltinFunc {
  return { params: ['stringOrBytes'], result: 'bytes', doc, call: ([d]) => f(bytesArg(d)) };
}

export function createSHA256(): BuiltinPackage {
  return {
    path: 'crypto/sha256',
    consts: { Size: 32n, Size224: 28n, BlockSize: 64n },
    funcs: {
      Sum256: sum('the SHA-256 checksum of the data', sha256),
      Sum224: sum('the SHA-224 checksum of the data', sha224),
    },
  };
}

export function createSHA1(): BuiltinPackage {
  return { path: 'crypto/sha1', consts: { Size: 20n, BlockSize: 64n }, funcs: { Sum: sum('the SHA-1 checksum of the data', sha1) } };
}

export function createMD5(): BuiltinPackage {
  return { path: 'crypto/md5', consts: { Size: 16n, BlockSize: 64n }, funcs: { Sum: sum('the MD5 checksum of the data', md5) } };
}

export function createSHA512(): BuiltinPackage {
  return {
    path: 'crypto/sha512',
    consts: { Size: 64n, Size224: 28n, Size256: 32n, Size384: 48n, BlockSize: 128n },
    funcs: {
      Sum512: sum('the SHA-512 checksum of the data', sha512),
      Sum384: sum('the SHA-384 checksum of the data', sha384),
      Sum512_224: sum('the SHA-512/224 checksum of the data', sha512_224),
      Sum512_256: sum('the SHA-512/256 checksum of the data', sha512_256),
    },
  };
}

export function createHMAC(): BuiltinPackage {
  const names = Object.keys(hashes) as HashName[];
  return {
    path: 'crypto/hmac',
    consts: Object.fromEntries(names.map((n) => [n, n])),
    funcs: {
      Sign: {
        params: ['string', 'stringOrBytes', 'stringOrBytes'],
        result: 'bytes',
        doc: 'the HMAC of data with key, using the named hash (hmac.SHA256, hmac.MD5, ...)',
        call: ([name, key, data]) => {
          const n = str(name);
          if (!(names as string[]).includes(n)) throw new BuiltinError('unsupported hash function');
          return hmac(n as HashName, bytesArg(key), bytesArg(data));
        },
      },
    },
  };
}
