/** Package `encoding/hex`: lower-case hexadecimal encoding and Go's hex dump format. */
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';
import { bytesArg, int, str } from '../internal/args.js';
import { toBytes } from '../internal/utf8.js';

export function hexEncode(b: Uint8Array): string {
  let out = '';
  for (const x of b) out += x.toString(16).padStart(2, '0');
  return out;
}

function hexDecode(s: string): Uint8Array {
  const out: number[] = [];
  const val = (c: string) => (/^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);
  let i = 0;
  for (; i + 1 < s.length; i += 2) {
    for (const c of [s[i]!, s[i + 1]!]) {
      if (val(c) < 0) {
        const cp = s.codePointAt(s.indexOf(c, i))!;
        throw new BuiltinError(`encoding/hex: invalid byte: U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${quoteRuneGo(cp)}`);
      }
    }
    out.push(val(s[i]!) * 16 + val(s[i + 1]!));
  }
  if (s.length % 2 === 1) {
    if (val(s[i]!) < 0) {
      const cp = s.codePointAt(i)!;
      throw new BuiltinError(`encoding/hex: invalid byte: U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${quoteRuneGo(cp)}`);
    }
    throw new BuiltinError('encoding/hex: odd length hex string');
  }
  return Uint8Array.from(out);
}

function quoteRuneGo(cp: number): string {
  if (cp === 0x27) return "'\\''";
  if (cp >= 0x20 && cp < 0x7f) return `'${String.fromCharCode(cp)}'`;
  return `'${String.fromCodePoint(cp)}'`;
}

/** Go's hex.Dump: offset, 16 bytes in two groups of 8, and the printable ASCII. */
export function hexDump(b: Uint8Array): string {
  let out = '';
  for (let off = 0; off < b.length; off += 16) {
    const line = b.subarray(off, off + 16);
    out += off.toString(16).padStart(8, '0') + '  ';
    for (let i = 0; i < 16; i++) {
      out += i < line.length ? line[i]!.toString(16).padStart(2, '0') + ' ' : '   ';
      if (i === 7) out += ' ';
    }
    out += ' |';
    for (const x of line) out += x >= 32 && x <= 126 ? String.fromCharCode(x) : '.';
    out += '|\n';
  }
  return out;
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'encoding/hex',
    funcs: {
      EncodedLen: { params: ['int'], result: 'int', doc: 'the length of the encoding of n bytes (2n)', call: ([n]) => int(n) * 2n },
      DecodedLen: { params: ['int'], result: 'int', doc: 'the length of the decoding of n hex characters (n/2)', call: ([n]) => int(n) / 2n },
      Decode: {
        params: ['string'],
        result: 'bytes',
        doc: 'the bytes represented by the hexadecimal string s',
        call: ([s]) => hexDecode(str(s)),
      },
      Dump: {
        params: ['stringOrBytes'],
        result: 'string',
        doc: 'a hex dump of the data, as `hexdump -C` prints it',
        call: ([d]) => hexDump(bytesArg(d)),
      },
      Encode: {
        params: ['stringOrBytes'],
        result: 'string',
        doc: 'the lower-case hexadecimal encoding of src',
        call: ([d]) => hexEncode(bytesArg(d)),
      },
    },
  };
}
