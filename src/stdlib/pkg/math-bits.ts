/** Package `math/bits`: bit operations on arbitrary-precision ints (two's complement for negative values, as Go's big.Int). */
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';
import { int } from '../internal/args.js';

function uint(v: Parameters<typeof int>[0], max = 1n << 20n): bigint {
  const n = int(v);
  if (n < 0n) throw new BuiltinError(`cannot use ${n} (type int) as uint`);
  if (n > max) throw new BuiltinError('shift count too large');
  return n;
}

const abs = (x: bigint) => (x < 0n ? -x : x);

export function createPackage(): BuiltinPackage {
  return {
    path: 'math/bits',
    funcs: {
      Lsh: { params: ['int', 'int'], result: 'int', doc: 'x shifted left by n bits', call: ([x, n]) => int(x) << uint(n) },
      Rsh: { params: ['int', 'int'], result: 'int', doc: 'x shifted right by n bits (rounding down)', call: ([x, n]) => int(x) >> uint(n, 1n << 62n) },
      At: {
        params: ['int', 'int'],
        result: 'int',
        doc: 'bit i of x (0 or 1)',
        call: ([x, i]) => {
          const k = int(i);
          if (k < 0n) throw new BuiltinError(`cannot use ${k} (type int) as uint`);
          if (k > 2147483647n) throw new BuiltinError('bit index too large');
          return (int(x) >> k) & 1n;
        },
      },
      Set: {
        params: ['int', 'int', 'int'],
        result: 'int',
        doc: 'x with bit i set to bit (0 or 1)',
        call: ([x, i, bit]) => {
          const k = int(i);
          if (k < 0n) throw new BuiltinError('negative bit index');
          const b = int(bit);
          if (b !== 0n && b !== 1n) throw new BuiltinError('set bit is not 0 or 1');
          const mask = 1n << uint(k);
          return b === 1n ? int(x) | mask : int(x) & ~mask;
        },
      },
      And: { params: ['int', 'int'], result: 'int', doc: 'the bitwise and of a and b', call: ([a, b]) => int(a) & int(b) },
      Or: { params: ['int', 'int'], result: 'int', doc: 'the bitwise or of a and b', call: ([a, b]) => int(a) | int(b) },
      Xor: { params: ['int', 'int'], result: 'int', doc: 'the bitwise exclusive or of a and b', call: ([a, b]) => int(a) ^ int(b) },
      Clear: { params: ['int', 'int'], result: 'int', doc: 'a with the bits set in b cleared (a and not b)', call: ([a, b]) => int(a) & ~int(b) },
      OnesCount: {
        params: ['int'],
        result: 'int',
        doc: 'the number of one bits of |x|',
        call: ([x]) => BigInt([...abs(int(x)).toString(2)].filter((c) => c === '1').length),
      },
      Len: {
        params: ['int'],
        result: 'int',
        doc: 'the number of bits needed to represent |x|',
        call: ([x]) => (int(x) === 0n ? 0n : BigInt(abs(int(x)).toString(2).length)),
      },
    },
  };
}
