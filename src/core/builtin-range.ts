/**
 * The predeclared numeric ranges (`uint8`, `int32`, `float64`, ...): their bounds, for the
 * universe scope that defines them, and their names, for printing a value that is exactly one
 * of them. One table for both, so that a range prints back under the name that made it.
 *
 * `cue eval` prints `a: uint8` for `a: uint8`, not its bounds (v0.4.3 and current CUE alike;
 * current CUE's export matches the conjunction `int & >=lo & <=hi` against the same table).
 */
import { Kind, NumberKind, type KindMask } from './kind.js';
import { compareNum, floatFromLiteral, makeInt } from './numbers.js';
import { ValueType, type BoundValue, type NumLit } from './value.js';

export interface BuiltinRange {
  readonly name: string;
  /** `int` for the integer ranges, `number` for float32/float64 (they accept ints too). */
  readonly kind: KindMask;
  readonly lo: NumLit;
  readonly hi: NumLit;
}

function intRange(name: string, lo: bigint, hi: bigint): BuiltinRange {
  return { name, kind: Kind.int, lo: makeInt(lo), hi: makeInt(hi) };
}

function floatRange(name: string, max: string): BuiltinRange {
  return { name, kind: NumberKind, lo: floatFromLiteral('-' + max), hi: floatFromLiteral(max) };
}

function sized(): BuiltinRange[] {
  const out: BuiltinRange[] = [];
  for (const bits of [8n, 16n, 32n, 64n, 128n]) out.push(intRange(`int${bits}`, -(2n ** (bits - 1n)), 2n ** (bits - 1n) - 1n));
  for (const bits of [8n, 16n, 32n, 64n, 128n]) out.push(intRange(`uint${bits}`, 0n, 2n ** bits - 1n));
  return out;
}

/** The ranges with both bounds, in the order they are looked up when printing. */
export const builtinRanges: readonly BuiltinRange[] = [
  ...sized(),
  // `rune` is a range too, but CUE prints it as `uint & <=1114111`: it is not looked up by name.
  floatRange('float32', '3.40282346638528859811704183484516925440e+38'),
  floatRange('float64', '1.797693134862315708145274237317043567981e+308'),
];

/** `rune`: defined like the sized ranges, printed by its bounds. */
export const runeRange: BuiltinRange = intRange('rune', 0n, 0x10ffffn);

/**
 * The name of the predeclared range a kind and bounds are exactly (`uint8`, `float64`, or `uint`
 * for `int & >=0`), or undefined. Extra bounds (`uint8 & !=4`) or validators are not a match.
 */
export function matchBuiltinRange(kind: KindMask, bounds: readonly BoundValue[]): string | undefined {
  const lo = bounds.find((b) => b.op === '>=');
  const hi = bounds.find((b) => b.op === '<=');
  if (!lo || lo.value.type !== ValueType.num || bounds.length !== (hi ? 2 : 1)) return undefined;
  const loNum = lo.value as NumLit;
  if (!hi) return kind === Kind.int && compareNum(loNum, makeInt(0n)) === 0 ? 'uint' : undefined;
  if (hi.value.type !== ValueType.num) return undefined;
  const hiNum = hi.value as NumLit;
  const r = builtinRanges.find((x) => x.kind === kind && compareNum(x.lo, loNum) === 0 && compareNum(x.hi, hiNum) === 0);
  return r?.name;
}
