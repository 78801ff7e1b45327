/**
 * The order of CUE strings: by their UTF-8 bytes, as Go compares strings, which is code point
 * order (not JavaScript's UTF-16 order: U+FFFF sorts before U+10000 here). Shared by `<` in
 * the evaluator and by the standard library (strings.Compare, list.SortStrings).
 */

/** Compares strings by their UTF-8 bytes, as Go does (code point order): -1, 0 or 1. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}
