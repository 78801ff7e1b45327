/** Package `strconv`: Go's strconv over CUE values (ints are arbitrary precision, as in current CUE). */
import { CueFloat } from '../../plain/plain-value.js';
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';
import { bool, float64, floatFromDecimal, floatFromFloat64, int, str } from '../internal/args.js';
import { formatFloat, parseFloat } from '../internal/go-float.js';
import { quoteRune, quoteWith, unquote, UnquoteError } from '../internal/go-quote.js';
import { parseNumberLiteral } from '../internal/number-literal.js';
import { isGraphic, isPrint } from '../internal/unicode.js';

function numError(func: string, s: string, err: string): never {
  throw new BuiltinError(`strconv.${func}: parsing ${quoteWith(s, '"', 'print')}: ${err}`);
}

const digitValue = (c: string): number => {
  const x = c.charCodeAt(0);
  if (x >= 48 && x <= 57) return x - 48;
  if (x >= 97 && x <= 122) return x - 97 + 10;
  if (x >= 65 && x <= 90) return x - 65 + 10;
  return 99;
};

/**
 * Go's big.Int.SetString(s, base): an optional sign; base 0 reads a 0x/0o/0b/0 prefix and
 * allows `_` between digits; bases up to 36 ignore letter case.
 */
export function parseBigInt(s: string, base: number): bigint | undefined {
  if (base !== 0 && (base < 2 || base > 62)) return undefined;
  let t = s;
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let b = base;
  let underscores = false;
  if (base === 0) {
    b = 10;
    underscores = true;
    const p = t.slice(0, 2).toLowerCase();
    if (p === '0x') [b, t] = [16, t.slice(2)];
    else if (p === '0o') [b, t] = [8, t.slice(2)];
    else if (p === '0b') [b, t] = [2, t.slice(2)];
    else if (t.length > 1 && t[0] === '0') [b, t] = [8, t.slice(1)];
    if (t.startsWith('_')) t = t.slice(1);
  }
  if (t === '') return undefined;
  if (underscores) {
    if (t.endsWith('_') || t.includes('__')) return undefined;
    t = t.replace(/_/g, '');
  }
  let v = 0n;
  const bb = BigInt(b);
  for (const c of t) {
    let d = digitValue(c);
    if (b > 36 && c >= 'A' && c <= 'Z') d = c.charCodeAt(0) - 65 + 36;
    if (d >= b) return undefined;
    v = v * bb + BigInt(d);
  }
  return neg ? -v : v;
}

function bitLen(i: bigint): number {
  return (i < 0n ? -i : i).toString(2).length - (i === 0n ? 1 : 0);
}

function parseInt_(func: string, s: string, base: bigint, bitSize: bigint): bigint {
  if (bitSize < 0n) numError(func, s, 'value out of range');
  const i = parseBigInt(s, Number(base > 100n ? 100n : base < -1n ? -1n : base));
  if (i === undefined) numError(func, s, 'invalid syntax');
  if (bitSize === 0n) return i;
  const n = bitLen(i);
  if (BigInt(n) <= bitSize - 1n) return i;
  if (i < 0n && BigInt(n) === bitSize && BigInt(bitLen(i + 1n)) <= bitSize - 1n) return i;
  return numError(func, s, 'value out of range');
}

function formatBase(i: bigint, base: bigint): string {
  if (base < 2n || base > 62n) throw new BuiltinError(`invalid base ${base}`);
  const b = Number(base);
  if (b <= 36) return i.toString(b);
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let v = i < 0n ? -i : i;
  let out = '';
  do {
    out = alphabet[Number(v % base)] + out;
    v /= base;
  } while (v > 0n);
  return (i < 0n ? '-' : '') + out;
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'strconv',
    consts: { IntSize: 64n },
    funcs: {
      Unquote: {
        params: ['string'],
        result: 'string',
        doc: 'the value of the CUE string or bytes literal s (quotes, # delimiters, multi-line form, escapes)',
        call: ([s]) => {
          try {
            return unquote(str(s));
          } catch (e) {
            if (e instanceof UnquoteError) throw new BuiltinError(e.message);
            throw e;
          }
        },
      },
      ParseBool: {
        params: ['string'],
        result: 'bool',
        doc: 'the boolean value of 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False',
        call: ([s]) => {
          const t = str(s);
          if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(t)) return true;
          if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(t)) return false;
          return numError('ParseBool', t, 'invalid syntax');
        },
      },
      FormatBool: {
        params: ['bool'],
        result: 'string',
        doc: '"true" or "false"',
        call: ([b]) => String(bool(b)),
      },
      ParseFloat: {
        params: ['string', 'int'],
        result: 'number',
        doc: 'parses s as a floating-point number of the given bit size (32 or 64)',
        call: ([s, bitSize]) => {
          const t = str(s);
          const r = parseFloat(t, int(bitSize) === 32n ? 32 : 64);
          if ('error' in r) numError('ParseFloat', t, r.error);
          if (!Number.isFinite(r.value)) throw new BuiltinError(`strconv.ParseFloat: parsing ${quoteWith(t, '"', 'print')}: ${Number.isNaN(r.value) ? 'NaN' : 'infinity'} cannot be represented in CUE`);
          return floatFromFloat64(r.value);
        },
      },
      ParseNumber: {
        params: ['string'],
        result: 'number',
        doc: 'parses s as a CUE number literal (1_000, 0xFF, 1.5Ki, 1e3)',
        call: ([s]) => {
          const t = str(s);
          const r = parseNumberLiteral(t);
          if ('error' in r) numError('ParseNumber', t, r.error);
          if (r.kind === 'int') return r.value;
          return new CueFloat(r.value, floatFromDecimal(r.value).text);
        },
      },
      ParseUint: {
        params: ['string', 'int', 'int'],
        result: 'int',
        doc: 'parses s as an unsigned integer in the given base (0: from the prefix) and bit size (0: unlimited)',
        call: ([s, base, bitSize]) => {
          const t = str(s);
          const bs = int(bitSize);
          if (bs < 0n) numError('ParseUint', t, 'value out of range');
          const i = parseBigInt(t, Number(int(base) > 100n ? 100n : int(base) < -1n ? -1n : int(base)));
          if (i === undefined) numError('ParseUint', t, 'invalid syntax');
          if (i < 0n) numError('ParseUint', t, 'value out of range');
          if (bs === 0n || BigInt(bitLen(i)) <= bs) return i;
          return numError('ParseUint', t, 'value out of range');
        },
      },
      ParseInt: {
        params: ['string', 'int', 'int'],
        result: 'int',
        doc: 'parses s as a signed integer in the given base (0: from the prefix) and bit size (0: unlimited)',
        call: ([s, base, bitSize]) => parseInt_('ParseInt', str(s), int(base), int(bitSize)),
      },
      Atoi: {
        params: ['string'],
        result: 'int',
        doc: 'parses s as a decimal integer',
        call: ([s]) => parseInt_('Atoi', str(s), 10n, 0n),
      },
      FormatFloat: {
        params: ['number', 'top', 'int', 'int'],
        result: 'string',
        doc: "formats f with format fmt ('e', 'E', 'f', 'g', 'G', 'b'; a one-letter string or its code), precision prec (-1: shortest) and bit size",
        call: ([f, fmt, prec, bitSize]) => {
          let fmtChar: string;
          if (typeof fmt === 'string') {
            if (fmt.length !== 1) throw new BuiltinError('expected single character string');
            fmtChar = fmt;
          } else if (typeof fmt === 'bigint') {
            if (fmt < 0n || fmt > 255n) throw new BuiltinError(`format value ${fmt} out of range [0, 255]`);
            fmtChar = String.fromCharCode(Number(fmt));
          } else {
            const kind = fmt === null ? 'null' : fmt instanceof CueFloat ? 'float' : typeof fmt === 'boolean' ? 'bool' : Array.isArray(fmt) ? 'list' : fmt instanceof Uint8Array ? 'bytes' : 'struct';
            throw new BuiltinError(`unexpected kind ${kind}`);
          }
          const p = int(prec);
          return formatFloat(float64(f), fmtChar, p > 1000n ? 1000 : p < -1n ? -1 : Number(p), int(bitSize) === 32n ? 32 : 64);
        },
      },
      FormatUint: {
        params: ['int', 'int'],
        result: 'string',
        doc: 'the text of i in the given base (2 to 62)',
        call: ([i, base]) => formatBase(int(i), int(base)),
      },
      FormatInt: {
        params: ['int', 'int'],
        result: 'string',
        doc: 'the text of i in the given base (2 to 62)',
        call: ([i, base]) => formatBase(int(i), int(base)),
      },
      Quote: {
        params: ['string'],
        result: 'string',
        doc: 'a double-quoted Go string literal for s, escaping non-printable characters',
        call: ([s]) => quoteWith(str(s), '"', 'print'),
      },
      QuoteToASCII: {
        params: ['string'],
        result: 'string',
        doc: 'a double-quoted Go string literal for s, escaping non-ASCII characters',
        call: ([s]) => quoteWith(str(s), '"', 'ascii'),
      },
      QuoteToGraphic: {
        params: ['string'],
        result: 'string',
        doc: 'a double-quoted Go string literal for s, escaping non-graphic characters',
        call: ([s]) => quoteWith(str(s), '"', 'graphic'),
      },
      QuoteRune: {
        params: ['int'],
        result: 'string',
        doc: 'a single-quoted Go character literal for the rune r',
        call: ([r]) => quoteRune(int(r), 'print'),
      },
      QuoteRuneToASCII: {
        params: ['int'],
        result: 'string',
        doc: 'a single-quoted Go character literal for r, escaping non-ASCII characters',
        call: ([r]) => quoteRune(int(r), 'ascii'),
      },
      QuoteRuneToGraphic: {
        params: ['int'],
        result: 'string',
        doc: 'a single-quoted Go character literal for r, escaping non-graphic characters',
        call: ([r]) => quoteRune(int(r), 'graphic'),
      },
      IsPrint: {
        params: ['int'],
        result: 'bool',
        doc: 'whether the rune r is printable (letters, marks, numbers, punctuation, symbols, ASCII space)',
        call: ([r]) => {
          const c = int(r);
          return c >= 0n && c <= 0x10ffffn && isPrint(Number(c));
        },
      },
      IsGraphic: {
        params: ['int'],
        result: 'bool',
        doc: 'whether the rune r is graphic (printable or a space separator)',
        call: ([r]) => {
          const c = int(r);
          return c >= 0n && c <= 0x10ffffn && isGraphic(Number(c));
        },
      },
    },
  };
}
