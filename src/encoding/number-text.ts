/**
 * The text CUE prints for a float. CUE keeps floats as decimals (coefficient and exponent,
 * trailing zeros included) and prints them in the General Decimal Arithmetic
 * "to-scientific-string" form (Go's apd `Text('G')`): `1e3` prints as `1E+3`, `2.50` stays
 * `2.50`, `.5` becomes `0.5`, `10.0e-12` becomes `1.00E-11`. The same text is valid JSON and
 * YAML, so every output encoder goes through this function.
 */

const floatLiteral = /^([+-]?)([0-9_]*)(?:\.([0-9_]*))?(?:[eE]([+-]?[0-9_]+))?$/;

/**
 * Normalises a float's text (a CUE literal such as `1_000.5`, `.25`, `1e3`, or text already
 * in printed form) to the form CUE prints. Text that is not a decimal literal is returned
 * unchanged, so that a caller's own text is never lost.
 */
export function formatFloatText(text: string): string {
  const m = floatLiteral.exec(text);
  if (!m) return text;
  const intPart = (m[2] ?? '').replace(/_/g, '');
  const fracPart = (m[3] ?? '').replace(/_/g, '');
  if (intPart === '' && fracPart === '') return text;
  const expPart = m[4] ? m[4].replace(/_/g, '') : '0';
  let exponent = Number.parseInt(expPart, 10) - fracPart.length;
  if (!Number.isSafeInteger(exponent)) return text;
  let coefficient = (intPart + fracPart).replace(/^0+/, '');
  if (coefficient === '') coefficient = '0';
  // A negative zero keeps its sign (`-1.0 * 0` exports as `-0.0`, as apd's); a literal `-0.0`
  // never reaches here with one (it is `0.0`: core/numbers.ts floatFromLiteral).
  const sign = m[1] === '-' ? '-' : '';
  const adjusted = exponent + coefficient.length - 1;
  if (exponent <= 0 && adjusted >= -6) {
    if (exponent === 0) return sign + coefficient;
    const point = coefficient.length + exponent;
    if (point > 0) return sign + coefficient.slice(0, point) + '.' + coefficient.slice(point);
    return sign + '0.' + '0'.repeat(-point) + coefficient;
  }
  const mantissa = coefficient.length > 1 ? coefficient[0] + '.' + coefficient.slice(1) : coefficient;
  exponent = adjusted;
  return sign + mantissa + 'E' + (exponent >= 0 ? '+' : '-') + Math.abs(exponent);
}
