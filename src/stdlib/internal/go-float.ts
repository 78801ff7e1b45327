/**
 * Go's strconv.FormatFloat and ParseFloat for float64/float32, over JS doubles. Fixed-precision
 * formats round the exact binary value half-to-even, as Go does; shortest formats use the
 * shortest digits that read back to the same double (JS and Go agree on those).
 */

/** Exact decimal expansion of a finite double: digits (no leading/trailing zeros) and the decimal point position. */
function exactDigits(x: number): { d: string; dp: number } {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  let digits: string;
  let pointExp: number; // value = digits * 10^pointExp
  if (e >= 0) {
    digits = (mant << BigInt(e)).toString();
    pointExp = 0;
  } else {
    digits = (mant * 5n ** BigInt(-e)).toString();
    pointExp = e;
  }
  return normalize(digits, digits.length + pointExp);
}

function normalize(d: string, dp: number): { d: string; dp: number } {
  const lead = d.length - d.replace(/^0+/, '').length;
  d = d.slice(lead);
  dp -= lead;
  d = d.replace(/0+$/, '');
  if (d === '') dp = 0;
  return { d, dp };
}

/** Rounds digits to `nd` digits (half to even on exact ties: the digits are exact). */
function roundTo(dec: { d: string; dp: number }, nd: number): { d: string; dp: number } {
  const { d, dp } = dec;
  if (nd < 0) return { d: '', dp: 0 };
  if (nd >= d.length) return dec;
  let up: boolean;
  const next = d.charCodeAt(nd) - 48;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (nd + 1 < d.length) up = true; // more non-zero digits follow (no trailing zeros kept)
  else up = nd > 0 && (d.charCodeAt(nd - 1) - 48) % 2 === 1;
  let kept = d.slice(0, nd);
  if (!up) return normalize(kept, dp);
  // Propagate the carry.
  let i = kept.length - 1;
  while (i >= 0 && kept[i] === '9') i--;
  if (i < 0) return normalize('1', dp + 1);
  kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  return normalize(kept, dp);
}

function shortestDigits(x: number, bitSize: number): { d: string; dp: number } {
  if (x === 0) return { d: '', dp: 0 };
  let text: string;
  if (bitSize === 32) {
    const f = Math.fround(x);
    text = f.toExponential();
    for (let p = 1; p <= 9; p++) {
      const t = f.toExponential(p - 1);
      if (Math.fround(Number(t)) === f) {
        text = t;
        break;
      }
    }
  } else text = x.toExponential();
  const m = /^-?(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text)!;
  const d = m[1]! + (m[2] ?? '');
  return normalize(d, Number(m[3]) + 1);
}

function fmtE(neg: boolean, dig: { d: string; dp: number }, prec: number, fmt: string): string {
  const { d, dp } = dig;
  let out = neg ? '-' : '';
  out += d.length > 0 ? d[0] : '0';
  if (prec > 0) {
    out += '.';
    const rest = d.slice(1, 1 + prec);
    out += rest + '0'.repeat(prec - rest.length);
  }
  const exp = d.length === 0 ? 0 : dp - 1;
  out += fmt + (exp < 0 ? '-' : '+');
  const a = Math.abs(exp);
  out += a < 10 ? '0' + a : String(a);
  return out;
}

function fmtF(neg: boolean, dig: { d: string; dp: number }, prec: number): string {
  const { d, dp } = dig;
  let out = neg ? '-' : '';
  if (dp > 0) {
    const intPart = d.slice(0, dp);
    out += intPart + '0'.repeat(dp - intPart.length);
  } else out += '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = dp + i - 1;
      out += j >= 0 && j < d.length ? d[j] : '0';
    }
  }
  return out;
}

/** Go's %b: mantissa "p" binary exponent. */
function fmtB(x: number, bitSize: number): string {
  const neg = x < 0 || Object.is(x, -0);
  if (bitSize === 32) {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, Math.abs(x));
    const bits = view.getUint32(0);
    let exp = (bits >>> 23) & 0xff;
    let mant = bits & 0x7fffff;
    if (exp === 0) exp++;
    else mant |= 1 << 23;
    exp += -127 - 23;
    return `${neg ? '-' : ''}${mant}p${exp >= 0 ? '+' : ''}${exp}`;
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  exp += -1023 - 52;
  return `${neg ? '-' : ''}${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

/** Go's strconv.FormatFloat(x, fmt, prec, bitSize). */
export function formatFloat(x: number, fmt: string, prec: number, bitSize: number): string {
  if (bitSize === 32) x = Math.fround(x);
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  if (fmt === 'b') return fmtB(x, bitSize);
  if (!'eEfgG'.includes(fmt) || fmt.length !== 1) return '%' + fmt;
  const shortest = prec < 0;
  let dig: { d: string; dp: number };
  if (shortest) {
    dig = shortestDigits(x, bitSize);
    switch (fmt) {
      case 'e': case 'E': prec = Math.max(dig.d.length - 1, 0); break;
      case 'f': prec = Math.max(dig.d.length - dig.dp, 0); break;
      default: prec = dig.d.length;
    }
  } else {
    const exact = exactDigits(x);
    switch (fmt) {
      case 'e': case 'E': dig = roundTo(exact, prec + 1); break;
      case 'f': dig = roundTo(exact, exact.dp + prec); break;
      default:
        if (prec === 0) prec = 1;
        dig = roundTo(exact, prec);
    }
  }
  switch (fmt) {
    case 'e': case 'E': return fmtE(neg, dig, prec, fmt);
    case 'f': return fmtF(neg, dig, prec);
  }
  // %g / %G
  let eprec = prec;
  if (eprec > dig.d.length && dig.d.length >= dig.dp) eprec = dig.d.length;
  if (shortest) eprec = 6;
  const exp = dig.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > dig.d.length) prec = dig.d.length;
    return fmtE(neg, dig, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > dig.dp) prec = dig.d.length;
  return fmtF(neg, dig, Math.max(prec - dig.dp, 0));
}

export type ParseFloatResult = { value: number } | { error: 'invalid syntax' | 'value out of range'; value?: number };

/** Go's strconv.ParseFloat syntax: decimal and hexadecimal floats, underscores after a base prefix, inf and nan. */
export function parseFloat(s: string, bitSize: number): ParseFloatResult {
  let t = s;
  let sign = 1;
  if (t.startsWith('+') || t.startsWith('-')) {
    if (t[0] === '-') sign = -1;
    t = t.slice(1);
  }
  const lower = t.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return { value: sign * Infinity };
  if (lower === 'nan' && s.length === t.length) return { value: NaN };
  let v: number;
  if (/^0[xX]/.test(t)) {
    const body = t.slice(2);
    const m = /^((?:_?[0-9a-fA-F])*)(?:\.((?:[0-9a-fA-F]_?)*))?[pP]([+-]?\d+(?:_\d+)*)$/.exec(body);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return { error: 'invalid syntax' };
    const intDigits = m[1]!.replace(/_/g, '');
    const frac = (m[2] ?? '').replace(/_/g, '');
    const mant = BigInt('0x' + (intDigits + frac || '0'));
    const exp = Number(m[3]!.replace(/_/g, '')) - 4 * frac.length;
    v = Number(mant) * Math.pow(2, exp);
    if (mant !== 0n && !Number.isFinite(v)) {
      // Split the scaling to avoid overflowing an intermediate result.
      v = Number(mant) * Math.pow(2, exp / 2) * Math.pow(2, exp - exp / 2);
    }
  } else {
    if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { error: 'invalid syntax' };
    v = Number(t);
  }
  v *= sign;
  if (bitSize === 32) v = Math.fround(v);
  if (!Number.isFinite(v)) return { error: 'value out of range', value: v };
  return { value: v };
}
