/**
 * The universe scope: predeclared types (`int`, `string`, ...) and the sized ranges
 * (`uint8`, `int32`, `rune`, `float64`, ...) as CUE defines them (their table is shared with
 * the printer, which names them back: core/builtin-range.ts).
 */
import type { Span } from '../source/index.js';
import { Kind, NumberKind } from '../core/kind.js';
import { makeInt } from '../core/numbers.js';
import { type BuiltinRange, builtinRanges, runeRange } from '../core/builtin-range.js';
import { BasicType, BoundValue, Conjunction, type Value } from '../core/value.js';

/** A predeclared range as a value: its kind and both bounds (table in core/builtin-range.ts). */
function rangeValue(r: BuiltinRange, src?: Span): Value {
  return new Conjunction(r.kind, [new BoundValue('>=', r.lo), new BoundValue('<=', r.hi)], [], src);
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
      return rangeValue(runeRange, src);
  }
  const r = builtinRanges.find((x) => x.name === name);
  return r ? rangeValue(r, src) : undefined;
}
