/**
 * Package `math`. As in current CUE, rounding, Abs, Pow, Exp, Log and friends compute in
 * decimal (34 digits) and the trigonometric and special functions in float64. A decimal
 * result that is an exact integer is an int (`math.Pow(2, 3)` is `8`).
 */
import { Decimal } from '../../plain/decimal.js';
import { CueFloat, type PlainValue } from '../../plain/plain-value.js';
import { BuiltinError, type BuiltinFunc, type BuiltinPackage, type ParamKind } from '../../plain/builtin.js';
import { apdText, decimal, floatFromFloat64, int, isNumber } from '../internal/args.js';
import { decimalResult, scaleOf } from '../internal/decimal-result.js';
import { erf, erfc, erfcinv, erfinv, gamma, jn, yn } from '../internal/special-functions.js';

/** A number argument as float64, failing as CUE does when the value does not fit. */
function f64(v: PlainValue | undefined, arg: number): number {
  if (!isNumber(v)) throw new BuiltinError(`cannot use value as number in argument ${arg}`);
  const x = typeof v === 'bigint' ? Number(v) : Number(v.value.toString());
  if (!Number.isFinite(x)) {
    const text = typeof v === 'bigint' ? v.toString() : apdText(v.text);
    throw new BuiltinError(`cannot use ${text} (type ${typeof v === 'bigint' ? 'int' : 'float'}) as float64 in argument ${arg}: value was rounded ${x > 0 ? 'up' : 'down'}`);
  }
  return x;
}

function float1(doc: string, f: (x: number) => number): BuiltinFunc {
  return { params: ['number'], result: 'number', doc, call: ([x]) => floatFromFloat64(f(f64(x, 0))) };
}

function float2(doc: string, f: (x: number, y: number) => number, params: ParamKind[] = ['number', 'number']): BuiltinFunc {
  return { params, result: 'number', doc, call: ([x, y]) => floatFromFloat64(f(f64(x, 0), f64(y, 1))) };
}

function toInt(d: Decimal): bigint {
  return BigInt(d.toFixed(0));
}

function roundWith(mode: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8): (args: PlainValue[]) => PlainValue {
  return ([x]) => {
    if (typeof x === 'bigint') return x;
    return toInt(decimal(x).toDecimalPlaces(0, mode));
  };
}

function decimalOp(d: () => Decimal): PlainValue {
  let r: Decimal;
  try {
    r = d();
  } catch (e) {
    throw new BuiltinError(String((e as Error).message));
  }
  if (r.isNaN()) throw new BuiltinError('invalid operation');
  if (!r.isFinite()) throw new BuiltinError('division by zero');
  return decimalResult(r);
}

function jacobi(x: bigint, y: bigint): bigint {
  if (y % 2n === 0n) throw new BuiltinError(`big: invalid 2nd argument to Int.Jacobi: need odd integer but got ${y}`);
  let a = x;
  let b = y;
  let j = 1n;
  if (b < 0n) {
    if (a < 0n) j = -1n;
    b = -b;
  }
  a = ((a % b) + b) % b;
  for (;;) {
    if (b === 1n) return j;
    if (a === 0n) return 0n;
    let s = 0n;
    while (a % 2n === 0n) {
      a /= 2n;
      s++;
    }
    if (s % 2n === 1n) {
      const bmod8 = b % 8n;
      if (bmod8 === 3n || bmod8 === 5n) j = -j;
    }
    if (b % 4n === 3n && a % 4n === 3n) j = -j;
    [a, b] = [b % a, a];
  }
}

const c = (text: string) => new CueFloat(new Decimal(text), text);

export function createPackage(): BuiltinPackage {
  return {
    path: 'math',
    consts: {
      MaxExp: 2147483647n,
      MinExp: -2147483648n,
      MaxPrec: 4294967295n,
      ToNearestEven: 0n,
      ToNearestAway: 1n,
      ToZero: 2n,
      AwayFromZero: 3n,
      ToNegativeInf: 4n,
      ToPositiveInf: 5n,
      Below: -1n,
      Exact: 0n,
      Above: 1n,
      MaxBase: 62n,
      E: c('2.71828182845904523536028747135266249775724709369995957496696763'),
      Pi: c('3.14159265358979323846264338327950288419716939937510582097494459'),
      Phi: c('1.61803398874989484820458683436563811772030917980576286213544861'),
      Sqrt2: c('1.41421356237309504880168872420969807856967187537694807317667974'),
      SqrtE: c('1.64872127070012814684865078781416357165377610071014801157507931'),
      SqrtPi: c('1.77245385090551602729816748334114518279754945612238712821380779'),
      SqrtPhi: c('1.27201964951406896425242246173749149171560804184009624861664038'),
      Ln2: c('0.693147180559945309417232121458176568075500134360255254120680009'),
      Log2E: c('1.442695040888963407359924681001892137426645954152985934135449408'),
      Ln10: c('2.3025850929940456840179914546843642076011014886287729760333278'),
      Log10E: c('0.43429448190325182765112891891660508229439700580366656611445378'),
    },
    funcs: {
      Jacobi: {
        params: ['int', 'int'],
        result: 'int',
        doc: 'the Jacobi symbol (x/y), y odd: -1, 0 or 1',
        call: ([x, y]) => jacobi(int(x), int(y)),
      },
      Floor: { params: ['number'], result: 'int', doc: 'the greatest integer <= x', call: roundWith(Decimal.ROUND_FLOOR) },
      Ceil: { params: ['number'], result: 'int', doc: 'the least integer >= x', call: roundWith(Decimal.ROUND_CEIL) },
      Trunc: { params: ['number'], result: 'int', doc: 'the integer part of x', call: roundWith(Decimal.ROUND_DOWN) },
      Round: { params: ['number'], result: 'int', doc: 'the nearest integer, halves away from zero', call: roundWith(Decimal.ROUND_HALF_UP) },
      RoundToEven: { params: ['number'], result: 'int', doc: 'the nearest integer, halves to even', call: roundWith(Decimal.ROUND_HALF_EVEN) },
      MultipleOf: {
        params: ['number', 'number'],
        result: 'bool',
        doc: 'validates that x is a multiple of y',
        call: ([x, y]) => {
          const dy = decimal(y);
          if (dy.isZero()) throw new BuiltinError('division by zero');
          return decimal(x).div(dy).isInteger();
        },
      },
      Abs: {
        params: ['number'],
        result: 'number',
        doc: 'the absolute value of x',
        call: ([x]) => {
          if (typeof x === 'bigint') return x < 0n ? -x : x;
          if (!(x instanceof CueFloat)) throw new BuiltinError('cannot use value as number');
          const f = x;
          if (f.value.isInteger()) return toInt(f.value.abs());
          return f.value.isNeg() ? new CueFloat(f.value.abs(), f.text.replace(/^-/, '')) : f;
        },
      },
      Acosh: float1('the inverse hyperbolic cosine of x', Math.acosh),
      Asin: float1('the arcsine of x, in radians', Math.asin),
      Acos: float1('the arccosine of x, in radians', Math.acos),
      Asinh: float1('the inverse hyperbolic sine of x', Math.asinh),
      Atan: float1('the arctangent of x, in radians', Math.atan),
      Atan2: float2('the arctangent of y/x, using the signs of both to pick the quadrant', Math.atan2),
      Atanh: float1('the inverse hyperbolic tangent of x', Math.atanh),
      Cbrt: { params: ['number'], result: 'number', doc: 'the cube root of x', call: ([x]) => decimalOp(() => decimal(x).cbrt()) },
      Copysign: {
        params: ['number', 'number'],
        result: 'number',
        doc: 'x with the sign of y',
        call: ([x, y]) => {
          const dx = decimal(x);
          const r = dx.isNeg() === decimal(y).isNeg() ? dx : dx.neg();
          return decimalResult(r, isNumber(x) ? scaleOf(x) : 0);
        },
      },
      Dim: {
        params: ['number', 'number'],
        result: 'number',
        doc: 'the maximum of x-y and 0',
        call: ([x, y]) => {
          const d = decimal(x).minus(decimal(y));
          const scale = Math.max(isNumber(x) ? scaleOf(x) : 0, isNumber(y) ? scaleOf(y) : 0);
          return d.isNeg() || d.isZero() ? 0n : decimalResult(d, scale);
        },
      },
      Erf: float1('the error function of x', erf),
      Erfc: float1('the complementary error function of x', erfc),
      Erfinv: float1('the inverse error function of x', erfinv),
      Erfcinv: float1('the inverse of Erfc', erfcinv),
      Exp: { params: ['number'], result: 'number', doc: 'e**x', call: ([x]) => decimalOp(() => decimal(x).exp()) },
      Exp2: { params: ['number'], result: 'number', doc: '2**x', call: ([x]) => decimalOp(() => new Decimal(2).pow(decimal(x))) },
      Expm1: float1('e**x - 1, accurate for x near zero', Math.expm1),
      Gamma: float1('the Gamma function of x', gamma),
      Hypot: float2('sqrt(p*p + q*q)', Math.hypot),
      J0: float1('the order-zero Bessel function of the first kind', (x) => jn(0, x)),
      Y0: float1('the order-zero Bessel function of the second kind', (x) => yn(0, x)),
      J1: float1('the order-one Bessel function of the first kind', (x) => jn(1, x)),
      Y1: float1('the order-one Bessel function of the second kind', (x) => yn(1, x)),
      Jn: {
        params: ['int', 'number'],
        result: 'number',
        doc: 'the order-n Bessel function of the first kind',
        call: ([n, x]) => floatFromFloat64(jn(Number(int(n)), f64(x, 1))),
      },
      Yn: {
        params: ['int', 'number'],
        result: 'number',
        doc: 'the order-n Bessel function of the second kind',
        call: ([n, x]) => floatFromFloat64(yn(Number(int(n)), f64(x, 1))),
      },
      Ldexp: {
        params: ['number', 'int'],
        result: 'number',
        doc: 'frac × 2**exp',
        call: ([frac, exp]) => {
          const e = int(exp);
          const f = f64(frac, 0);
          const clamped = e > 2200n ? 2200 : e < -2200n ? -2200 : Number(e);
          // Two steps so that subnormal results and large exponents stay exact.
          const half = Math.trunc(clamped / 2);
          return floatFromFloat64(f * Math.pow(2, half) * Math.pow(2, clamped - half));
        },
      },
      Log: { params: ['number'], result: 'number', doc: 'the natural logarithm of x', call: ([x]) => decimalOp(() => checkLog(decimal(x)).ln()) },
      Log10: { params: ['number'], result: 'number', doc: 'the decimal logarithm of x', call: ([x]) => decimalOp(() => checkLog(decimal(x)).log(10)) },
      Log2: { params: ['number'], result: 'number', doc: 'the binary logarithm of x', call: ([x]) => decimalOp(() => checkLog(decimal(x)).ln().div(new Decimal(2).ln())) },
      Log1p: float1('the natural logarithm of 1+x, accurate for x near zero', Math.log1p),
      Logb: float1('the binary exponent of x', (x) => (x === 0 ? -Infinity : !Number.isFinite(x) ? Math.abs(x) : Math.floor(Math.log2(Math.abs(x))))),
      Ilogb: {
        params: ['number'],
        result: 'int',
        doc: 'the binary exponent of x as an int',
        call: ([x]) => {
          const v = f64(x, 0);
          if (v === 0) return -2147483648n;
          if (Number.isNaN(v) || !Number.isFinite(v)) return 2147483647n;
          return BigInt(Math.floor(Math.log2(Math.abs(v))));
        },
      },
      Mod: float2('the floating-point remainder of x/y (sign of x)', (x, y) => x % y),
      Pow: {
        params: ['number', 'number'],
        result: 'number',
        doc: 'x**y',
        call: ([x, y]) => {
          const dx = decimal(x);
          const dy = decimal(y);
          if (dx.isZero() && dy.isNeg()) throw new BuiltinError('division by zero');
          if (dx.isNeg() && !dy.isInteger()) throw new BuiltinError('invalid operation');
          if (typeof x === 'bigint' && typeof y === 'bigint' && y >= 0n && y < 100000n) return x ** y;
          // The result's size in digits is about y * log10(|x|): refuse what cannot be printed.
          const digits = Math.abs(dy.toNumber() * Math.log10(Math.max(Math.abs(dx.toNumber()), Number.MIN_VALUE)));
          if (!dx.isZero() && Math.abs(dx.toNumber()) !== 1 && digits > 100_000) throw new BuiltinError('result out of range (more than 100000 digits)');
          return decimalOp(() => dx.pow(dy));
        },
      },
      Pow10: {
        params: ['int'],
        result: 'number',
        doc: '10**n',
        call: ([n]) => {
          const e = int(n);
          if (e >= 0n) return 10n ** (e > 100000n ? 100000n : e);
          return decimalResult(new Decimal(`1e${e}`));
        },
      },
      Remainder: float2('the IEEE 754 remainder of x/y', (x, y) => {
        if (y === 0 || !Number.isFinite(x) || Number.isNaN(y)) return NaN;
        if (!Number.isFinite(y)) return x;
        const n = Math.round(x / y);
        // Ties go to the even quotient.
        const q = Math.abs(x / y - Math.trunc(x / y)) === 0.5 ? 2 * Math.round(x / y / 2) : n;
        return x - q * y;
      }),
      Signbit: { params: ['number'], result: 'bool', doc: 'whether x is negative', call: ([x]) => decimal(x).isNeg() && !decimal(x).isZero() },
      Cos: float1('the cosine of x (radians)', Math.cos),
      Sin: float1('the sine of x (radians)', Math.sin),
      Sinh: float1('the hyperbolic sine of x', Math.sinh),
      Cosh: float1('the hyperbolic cosine of x', Math.cosh),
      Sqrt: float1('the square root of x', Math.sqrt),
      Tan: float1('the tangent of x (radians)', Math.tan),
      Tanh: float1('the hyperbolic tangent of x', Math.tanh),
    },
  };
}

function checkLog(d: Decimal): Decimal {
  if (d.isZero()) throw new BuiltinError('invalid operation: log of zero');
  if (d.isNeg()) throw new BuiltinError('invalid operation: log of a negative number');
  return d;
}
