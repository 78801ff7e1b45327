/** Package `uuid`: RFC 4122 UUIDs (the name spaces and variant names are in stdlib/uuid/uuid.cue). */
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';
import { bytesArg, int, str } from '../internal/args.js';
import { md5, sha1 } from '../internal/hashes.js';

/** google/uuid's Parse: canonical, {braced}, urn:uuid: and 32-hex-digit forms. */
export function parseUUID(s: string): Uint8Array {
  let t = s;
  switch (t.length) {
    case 36:
      break;
    case 38:
      if (t[0] !== '{' || t[37] !== '}') throw new BuiltinError('invalid UUID format');
      t = t.slice(1, 37);
      break;
    case 45:
      if (t.slice(0, 9).toLowerCase() !== 'urn:uuid:') throw new BuiltinError(`invalid urn prefix: ${JSON.stringify(t.slice(0, 9))}`);
      t = t.slice(9);
      break;
    case 32: {
      if (!/^[0-9a-fA-F]{32}$/.test(t)) throw new BuiltinError('invalid UUID format');
      return Uint8Array.from(t.match(/../g)!.map((h) => parseInt(h, 16)));
    }
    default:
      throw new BuiltinError(`invalid UUID length: ${s.length}`);
  }
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(t)) throw new BuiltinError('invalid UUID format');
  return Uint8Array.from(t.replace(/-/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
}

export function uuidString(u: Uint8Array): string {
  const h = Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function named(space: string, data: Uint8Array, hash: (m: Uint8Array) => Uint8Array, version: number): string {
  const ns = parseUUID(space);
  const m = new Uint8Array(16 + data.length);
  m.set(ns);
  m.set(data, 16);
  const u = hash(m).slice(0, 16);
  u[6] = (u[6]! & 0x0f) | (version << 4);
  u[8] = (u[8]! & 0x3f) | 0x80;
  return uuidString(u);
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'uuid',
    funcs: {
      Valid: {
        params: ['string'],
        result: 'bool',
        doc: 'validates a UUID in any of its text forms',
        call: ([s]) => (parseUUID(str(s)), true),
      },
      Parse: { params: ['string'], result: 'string', doc: 'the canonical (lower-case, dashed) form of a UUID', call: ([s]) => uuidString(parseUUID(str(s))) },
      URN: { params: ['string'], result: 'string', doc: 'the urn:uuid: form of a UUID', call: ([s]) => 'urn:uuid:' + uuidString(parseUUID(str(s))) },
      FromInt: {
        params: ['int'],
        result: 'string',
        doc: 'the UUID whose 128-bit value is i',
        call: ([i]) => {
          let v = int(i);
          if (v < 0n) v = -v; // big.Int.Bytes is the absolute value
          const hex = v.toString(16);
          if (hex.length > 32) throw new BuiltinError(`invalid UUID (got ${Math.ceil(hex.length / 2)} bytes)`);
          return uuidString(Uint8Array.from(hex.padStart(32, '0').match(/../g)!.map((h) => parseInt(h, 16))));
        },
      },
      ToInt: {
        params: ['string'],
        result: 'int',
        // As CUE does (v0.4 and current alike): the big-endian value of the text's bytes, not of the 16 UUID bytes.
        doc: 'the integer whose big-endian bytes are the text of the UUID (as CUE computes it)',
        call: ([s]) => bytesArg(str(s)).reduce((acc, b) => (acc << 8n) | BigInt(b), 0n),
      },
      Variant: {
        params: ['string'],
        result: 'int',
        doc: 'the variant of a UUID (uuid.variants: 1 is RFC4122)',
        call: ([s]) => {
          const b = parseUUID(str(s))[8]!;
          if ((b & 0xc0) === 0x80) return 1n;
          if ((b & 0xe0) === 0xc0) return 3n;
          if ((b & 0xe0) === 0xe0) return 4n;
          return 2n;
        },
      },
      Version: { params: ['string'], result: 'int', doc: 'the version of a UUID (4 for random, 5 for SHA1, ...)', call: ([s]) => BigInt(parseUUID(str(s))[6]! >> 4) },
      SHA1: {
        params: ['string', 'stringOrBytes'],
        result: 'string',
        doc: 'the version 5 UUID of data in the name space (e.g. uuid.ns.DNS)',
        call: ([space, data]) => named(str(space), bytesArg(data), sha1, 5),
      },
      MD5: {
        params: ['string', 'stringOrBytes'],
        result: 'string',
        doc: 'the version 3 UUID of data in the name space (e.g. uuid.ns.DNS)',
        call: ([space, data]) => named(str(space), bytesArg(data), md5, 3),
      },
    },
  };
}
