/**
 * CUE number literal syntax for strconv.ParseNumber: decimal, 0x/0o/0b, `_` separators between
 * digits, fractions and exponents, and SI/IEC multipliers (`1K`, `1.5Mi`).
 */
import { Decimal } from '../../plain/decimal.js';

export type NumberLiteral = { kind: 'int'; value: bigint } | { kind: 'float'; value: Decimal; text: string } | { error: string };

const multipliers: Record<string, bigint> = {
  K: 10n ** 3n, M: 10n ** 6n, G: 10n ** 9n, T: 10n ** 12n, P: 10n ** 15n, E: 10n ** 18n, Z: 10n ** 21n, Y: 10n ** 24n,
  Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n, Zi: 1n << 70n, Yi: 1n << 80n,
};

function checkUnderscores(digits: string): boolean {
  return !(digits.startsWith('_') || digits.endsWith('_') || digits.includes('__'));
}

export function parseNumberLiteral(s: string): NumberLiteral {
  let t = s;
  let neg = false;
  if (t.startsWith('-') || t.startsWith('+')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  if (t === '') return { error: 'invalid number' };
  const based = /^0([xXoObB])(.*)$/.exec(t);
  if (based) {
    const kind = based[1]!.toLowerCase();
    const body = based[2]!;
    const name = kind === 'x' ? 'hexadecimal' : kind === 'o' ? 'octal' : 'binary';
    const re = kind === 'x' ? /^[0-9a-fA-F_]+$/ : kind === 'o' ? /^[0-7_]+$/ : /^[01_]+$/;
    if (!re.test(body)) return { error: `illegal ${name} number "${s}"` };
    if (!checkUnderscores(body.replace(/^_/, 'x'))) return { error: "illegal '_' in number" };
    const v = BigInt('0' + kind + body.replace(/_/g, ''));
    return { kind: 'int', value: neg ? -v : v };
  }
  const m = /^([0-9_]*)(?:\.([0-9_]*))?(?:[eE]([+-]?[0-9_]+))?([KMGTPEZY]i?)?$/.exec(t);
  if (!m || (m[1] === '' && (m[2] ?? '') === '') || /^\.?[eE]/.test(t)) return { error: 'invalid number' };
  const intPart = m[1]!;
  const frac = m[2];
  const exp = m[3];
  const mult = m[4];
  for (const part of [intPart, frac ?? '', exp?.replace(/^[+-]/, '') ?? '']) {
    if (part !== '' && !checkUnderscores(part)) return { error: "illegal '_' in number" };
  }
  const clean = (intPart + (frac !== undefined ? '.' + frac : '') + (exp !== undefined ? 'e' + exp : '')).replace(/_/g, '');
  if (intPart.length > 1 && intPart.startsWith('0') && frac === undefined && exp === undefined && !mult) {
    // A leading zero is allowed only for the literal 0 (CUE has no legacy octal).
    if (!/^0+$/.test(intPart.replace(/_/g, ''))) return { error: 'illegal integer number' };
  }
  let d = new Decimal(clean.startsWith('.') ? '0' + clean : clean);
  if (neg) d = d.neg();
  if (mult) {
    d = d.mul(new Decimal(multipliers[mult]!.toString()));
    if (!d.isInteger()) d = d.trunc();
    return { kind: 'int', value: BigInt(d.toFixed(0)) };
  }
  if (frac === undefined && exp === undefined) return { kind: 'int', value: BigInt(d.toFixed(0)) };
  return { kind: 'float', value: d, text: (neg ? '-' : '') + clean };
}
