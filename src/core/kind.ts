/**
 * Kinds as bitmasks: unifying two kinds is a bitwise AND, and an empty result is bottom.
 * `number` is int|float; top is every bit.
 */
export const Kind = {
  null: 1,
  bool: 2,
  int: 4,
  float: 8,
  string: 16,
  bytes: 32,
  list: 64,
  struct: 128,
} as const;

export type KindMask = number;

export const NumberKind = Kind.int | Kind.float;
export const ScalarKinds = Kind.null | Kind.bool | Kind.int | Kind.float | Kind.string | Kind.bytes;
export const TopKind = ScalarKinds | Kind.list | Kind.struct;

const names: [number, string][] = [
  [Kind.null, 'null'],
  [Kind.bool, 'bool'],
  [Kind.int, 'int'],
  [Kind.float, 'float'],
  [Kind.string, 'string'],
  [Kind.bytes, 'bytes'],
  [Kind.list, 'list'],
  [Kind.struct, 'struct'],
];

/** The name CUE prints for a kind mask: `int`, `number`, `(string|bytes)`, `_`. */
export function kindName(k: KindMask): string {
  if (k === TopKind) return '_';
  if (k === 0) return '_|_';
  if (k === NumberKind) return 'number';
  // As CUE's Kind.String: kinds in bit order, int|float as `number`, last.
  const parts: string[] = [];
  let rest = k;
  const number = (k & NumberKind) === NumberKind;
  if (number) rest &= ~NumberKind;
  for (const [bit, name] of names) if (rest & bit) parts.push(name);
  if (number) parts.push('number');
  return parts.length === 1 ? parts[0]! : '(' + parts.join('|') + ')';
}

export function isSingleKind(k: KindMask): boolean {
  return k !== 0 && (k & (k - 1)) === 0;
}
