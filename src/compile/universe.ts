/**
 * The universe scope: predeclared types (`int`, `string`, ...) and the sized ranges
 * (`uint8`, `int32`, `rune`, `float64`, ...) as CUE defines them.
 */
import type { Span } from '../source/index.js';
import { Kind, NumberKind } from '../core/kind.js';
import { makeInt, floatFromLiteral } from '../core/numbers.js';
import { BasicType, BoundValue, Conjunction, type Value } from '../core/value.js';

function intRange(lo: bigint, hi: bigint, src?: Span): Value {
  return new Conjunction(Kind.int, [new BoundValue('>=', makeInt(lo)), new BoundValue('<=', makeInt(hi))], [], src);
}

function floatRange(max: string, src?: Span): Value {
  return new Conjunction(NumberKind, [new BoundValue('>=', floatFromLiteral('-' + max)), new BoundValue('<=', floatFromLiteral(max))], [], src);
}

export function universe(name: string, src?: Span): Value | undefined {
  switch (name) {
    case 'int':
      return new BasicType(Kind.int, src);
    case 'float':
      return new BasicType(Kind.float, src);
    case 'number':
      return new BasicType(NumberKind, src);
    case 'string':
      return new BasicType(Kind.string, src);
    case 'bytes':
      return new BasicType(Kind.bytes, src);
    case 'bool':
      return new BasicType(Kind.bool, src);
    case 'null':
      return undefined;
    case 'uint':
      return new Conjunction(Kind.int, [new BoundValue('>=', makeInt(0n))], [], src);
    case 'rune':
      return intRange(0n, 0x10ffffn, src);
    case 'float32':
      return floatRange('3.40282346638528859811704183484516925440e+38', src);
    case 'float64':
      return floatRange('1.797693134862315708145274237317043567981e+308', src);
  }
  const m = /^(u?)int(8|16|32|64|128)$/.exec(name);
  if (m) {
    const bits = BigInt(m[2]!);
    if (m[1]) return intRange(0n, 2n ** bits - 1n, src);
    return intRange(-(2n ** (bits - 1n)), 2n ** (bits - 1n) - 1n, src);
  }
  return undefined;
}
