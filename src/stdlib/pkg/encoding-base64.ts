/** Package `encoding/base64`: the standard encoding (pass `null` as the encoding argument). */
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';
import { type PlainValue, plainKindName } from '../../plain/plain-value.js';
import { bytesArg, int, str, valueText } from '../internal/args.js';
import { base64Decode, base64Encode } from '../internal/base64.js';
import { toBytes } from '../internal/utf8.js';

function checkEncoding(e: PlainValue | undefined): void {
  if (e !== null && e !== undefined) throw new BuiltinError(`base64: unsupported encoding: cannot use value ${valueText(e)} (type ${plainKindName(e)}) as null`);
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'encoding/base64',
    funcs: {
      EncodedLen: {
        params: ['top', 'int'],
        result: 'int',
        doc: 'the length of the base64 encoding of n bytes',
        call: ([e, n]) => {
          checkEncoding(e);
          const k = int(n);
          return ((k + 2n) / 3n) * 4n;
        },
      },
      DecodedLen: {
        params: ['top', 'int'],
        result: 'int',
        doc: 'the maximum length of the bytes decoded from n base64 characters',
        call: ([e, n]) => {
          checkEncoding(e);
          return (int(n) / 4n) * 3n;
        },
      },
      Encode: {
        params: ['top', 'stringOrBytes'],
        result: 'string',
        doc: 'the base64 encoding of src (encoding: null for the standard encoding)',
        call: ([e, src]) => {
          checkEncoding(e);
          return base64Encode(bytesArg(src));
        },
      },
      Decode: {
        params: ['top', 'string'],
        result: 'bytes',
        doc: 'the bytes encoded by the base64 string s (encoding: null for the standard encoding)',
        call: ([e, s]) => {
          checkEncoding(e);
          const r = base64Decode(str(s));
          if (!(r instanceof Uint8Array)) throw new BuiltinError(`illegal base64 data at input byte ${r.illegalAt}`);
          return r;
        },
      },
    },
  };
}
