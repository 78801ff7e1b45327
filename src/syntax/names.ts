/**
 * Identifier classification, by CUE's naming rules: `#X` and `_#X` are definitions, `_x` and
 * `_#X` are hidden (package-scoped), `_` alone is top and neither.
 */

/** `#X` or `_#X`. */
export function isDefinitionName(name: string): boolean {
  return name.startsWith('#') || name.startsWith('_#');
}

/** `_x` or `_#X` (but not `_` itself, nor the bottom literal `_|_`). */
export function isHiddenName(name: string): boolean {
  return name.length > 1 && name[0] === '_' && name[1] !== '|';
}

const identPattern = /^(#|_#)?[\p{L}_$][\p{L}\p{Nd}_$]*$/u;

/**
 * Whether `name` is a valid CUE identifier (so that it can be written unquoted as a label or
 * reference): letters (including `_` and `$`) and digits, optionally after `#` or `_#`; not
 * `_`, not starting with `__`, not a value keyword (`null`, `true`, `false`).
 */
export function isIdentifier(name: string): boolean {
  if (name === '_' || name.startsWith('__') || name === 'null' || name === 'true' || name === 'false') return false;
  return identPattern.test(name);
}

const labelIdentPattern = /^[\p{L}$][\p{L}\p{Nd}_$]*$/u;

/**
 * Whether a regular field's name can be written bare as a label: an identifier not starting
 * with `_` or `#` (those would read as hidden fields or definitions). Keywords are labels too
 * (spec, Keywords: "All keywords may be used as labels"), `null`, `true` and `false` included:
 * `for: 1`, `true: 2`, as the pinned CUE writes them (ast.StringLabelNeedsQuoting).
 */
export function isBareLabel(name: string): boolean {
  return labelIdentPattern.test(name);
}
