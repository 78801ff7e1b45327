/**
 * Labels (CUE's "features"), encoded so that one JS Map key type serves every kind:
 * - a list index is a non-negative JS number;
 * - a definition `#x`, hidden `_x` and hidden definition `_#x` are their identifier text;
 * - a regular label is its text, prefixed with "\u0000" when it would otherwise start with
 *   `#`, `_` or a control prefix (so the quoted label "#x" is not the definition #x);
 * - a `let` binding is "\u0001" plus a unique number (two lets of one name in different
 *   struct literals are different things).
 */
export type Label = string | number;

const ESC = '\u0000';
const LET = '\u0001';

export function regularLabel(name: string): Label {
  const c = name.charCodeAt(0);
  // '#' = 35, '_' = 95, control prefixes 0 and 1.
  if (c === 35 || c === 95 || c === 0 || c === 1) return ESC + name;
  return name;
}

/**
 * Whether an identifier (or the label it makes) names a definition or a hidden field:
 * `#x`, `_x`, `_#x`. Such labels are their identifier text; regular labels never start with
 * `#` or `_` (regularLabel escapes them).
 */
export function isDefinitionOrHiddenName(name: string): boolean {
  const c = name.charCodeAt(0);
  return c === 35 /* # */ || c === 95 /* _ */;
}

const PKG = '\u0002';

/**
 * The label of an identifier used as a field name: regular, definition or hidden. A hidden
 * one (`_x`, `_#x`) belongs to its package (spec: "hidden ... not visible outside the
 * package"; CUE qualifies it, `_x(mod.test/pkg)`): declared in a package other than the main
 * instance's, it carries that package (`pkg`) after a \u0002, so that `_x` of an imported
 * definition and `_x` written beside it are different fields.
 */
export function identLabel(name: string, pkg?: string): Label {
  if (!isDefinitionOrHiddenName(name)) return regularLabel(name);
  return pkg !== undefined && name.charCodeAt(0) === 95 ? name + PKG + pkg : name;
}

/** A hidden label without its package (see identLabel). */
function hiddenName(l: string): string {
  const i = l.indexOf(PKG);
  return i < 0 ? l : l.slice(0, i);
}

let letCounter = 0;
export function newLetLabel(name: string): Label {
  return `${LET}${++letCounter}:${name}`;
}

export function isIndexLabel(l: Label): l is number {
  return typeof l === 'number';
}

export function isDefinitionLabel(l: Label): boolean {
  return typeof l === 'string' && (l.startsWith('#') || l.startsWith('_#'));
}

export function isHiddenLabel(l: Label): boolean {
  return typeof l === 'string' && l.startsWith('_');
}

export function isLetLabel(l: Label): boolean {
  return typeof l === 'string' && l.startsWith(LET);
}

/** Regular fields: exported, iterated by comprehensions, subject to closedness and patterns. */
export function isRegularLabel(l: Label): boolean {
  if (typeof l === 'number') return false;
  const c = l.charCodeAt(0);
  return c !== 35 && c !== 95 && c !== 1;
}

/** The string a regular label stands for (its name without encoding). */
export function labelName(l: Label): string {
  if (typeof l === 'number') return String(l);
  if (l.startsWith(ESC)) return l.slice(1);
  if (l.startsWith(LET)) return l.slice(l.indexOf(':') + 1);
  if (l.startsWith('_')) return hiddenName(l);
  return l;
}

const identRe = /^[\p{L}$_#][\p{L}\p{Nd}$_]*$/u;

/** How a label is written in a path: `a`, `#D`, `"x-y"`, `0`. */
export function labelPathText(l: Label): string {
  if (typeof l === 'number') return String(l);
  if (l.startsWith(LET)) return labelName(l);
  if (l.startsWith(ESC)) return JSON.stringify(l.slice(1));
  if (l.startsWith('#')) return l;
  if (l.startsWith('_')) return hiddenName(l);
  // Keywords are written bare (`for.x`, `true.y`), as CUE's SelectorString does.
  if (identRe.test(l) && !l.startsWith('__')) return l;
  return JSON.stringify(l);
}
