/**
 * The Unicode predicates and case mappings Go's `unicode` package provides, expressed with JS
 * Unicode property escapes (the Unicode version may differ slightly from Go's tables).
 */

/** Go's unicode.IsSpace: the White_Space property (JS `\s` adds U+FEFF and lacks U+0085). */
export function isSpace(c: number): boolean {
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

const printRe = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const graphicExtraRe = /^\p{Zs}$/u;

/** Go's unicode.IsPrint / strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(c: number): boolean {
  if (c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return false;
  if (c < 0x80) return c >= 0x20 && c < 0x7f;
  return printRe.test(String.fromCodePoint(c));
}

/** Go's unicode.IsGraphic: IsPrint plus the other space separators (Zs). */
export function isGraphic(c: number): boolean {
  if (isPrint(c)) return true;
  if (c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return false;
  return graphicExtraRe.test(String.fromCodePoint(c));
}

/** Simple (one rune to one rune) case mapping, as Go's unicode.ToUpper: `ß` stays `ß`. */
export function toUpperRune(c: number): number {
  const s = String.fromCodePoint(c);
  const u = s.toUpperCase();
  return u.length > 0 && String.fromCodePoint(u.codePointAt(0)!) === u ? u.codePointAt(0)! : c;
}

export function toLowerRune(c: number): number {
  if (c === 0x130) return 0x69; // İ: Go maps to i; JS adds a combining dot
  const s = String.fromCodePoint(c);
  const l = s.toLowerCase();
  return l.length > 0 && String.fromCodePoint(l.codePointAt(0)!) === l ? l.codePointAt(0)! : c;
}

/** Title case: the same as upper case except for the digraphs that have a title form. */
const titleDigraphs: Record<number, number> = {
  0x1c4: 0x1c5, 0x1c5: 0x1c5, 0x1c6: 0x1c5,
  0x1c7: 0x1c8, 0x1c8: 0x1c8, 0x1c9: 0x1c8,
  0x1ca: 0x1cb, 0x1cb: 0x1cb, 0x1cc: 0x1cb,
  0x1f1: 0x1f2, 0x1f2: 0x1f2, 0x1f3: 0x1f2,
};

export function toTitleRune(c: number): number {
  return titleDigraphs[c] ?? toUpperRune(c);
}

export function mapRunes(s: string, f: (c: number) => number): string {
  let out = '';
  for (const ch of s) out += String.fromCodePoint(f(ch.codePointAt(0)!));
  return out;
}
