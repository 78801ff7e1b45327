/**
 * Special functions Go's math package has and JavaScript lacks (erf, gamma, Bessel functions).
 * These are numerical approximations accurate to about 1e-14 relative error, not bit-for-bit
 * copies of Go's results: the last digits printed may differ from CUE's.
 */

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return -1;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series: erf x = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    const r = (2 / Math.sqrt(Math.PI)) * sum;
    return x < 0 ? -r : r;
  }
  const r = 1 - erfcLarge(ax);
  return x < 0 ? -r : r;
}

/** erfc for x >= 2.5 by its continued fraction. */
function erfcLarge(x: number): number {
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2.5) return erfcLarge(x);
  if (x <= -2.5) return 2 - erfcLarge(-x);
  return 1 - erf(x);
}

export function erfinv(y: number): number {
  if (Number.isNaN(y) || y < -1 || y > 1) return NaN;
  if (y === 1) return Infinity;
  if (y === -1) return -Infinity;
  if (y === 0) return y;
  // Initial guess (Giles), then Newton steps on erf.
  const w = -Math.log((1 - y) * (1 + y));
  let x = w < 5 ? Math.sqrt(Math.PI) / 2 * (y + (Math.PI / 12) * y ** 3) : Math.sign(y) * Math.sqrt(w - Math.log(w));
  for (let i = 0; i < 100; i++) {
    const err = erf(x) - y;
    const step = err / ((2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(x)) break;
  }
  return x;
}

export function erfcinv(y: number): number {
  return erfinv(1 - y);
}

const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function gamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x === 0) return Object.is(x, -0) ? -Infinity : Infinity;
  if (x < 0 && Number.isInteger(x)) return NaN;
  if (Number.isInteger(x) && x <= 171) {
    let r = 1;
    for (let i = 2; i < x; i++) r *= i;
    return r;
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  x -= 1;
  let a = lanczos[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += lanczos[i]! / (x + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a;
}

/** Simpson integration of f over [a, b] with n (even) intervals. */
function simpson(f: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** Bessel function of the first kind, from Bessel's integral. */
export function jn(n: number, x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return 0;
  // Far out, the integral needs too many steps: use the asymptotic form.
  if (Math.abs(x) > 1e4) {
    const r = Math.sqrt(2 / (Math.PI * Math.abs(x))) * Math.cos(Math.abs(x) - (n * Math.PI) / 2 - Math.PI / 4);
    return x < 0 && n % 2 !== 0 ? -r : r;
  }
  const steps = Math.max(2000, Math.ceil(Math.abs(x) * 40) * 2);
  return simpson((t) => Math.cos(n * t - x * Math.sin(t)), 0, Math.PI, steps) / Math.PI;
}

/** Bessel function of the second kind, from its integral representation (x > 0). */
export function yn(n: number, x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return 0;
  if (x > 1e4) return Math.sqrt(2 / (Math.PI * x)) * Math.sin(x - (n * Math.PI) / 2 - Math.PI / 4);
  const steps = Math.max(2000, Math.ceil(x * 40) * 2);
  const first = simpson((t) => Math.sin(x * Math.sin(t) - n * t), 0, Math.PI, steps) / Math.PI;
  const upper = Math.asinh(40 / x + 1) + 5;
  const second =
    simpson((t) => (Math.exp(n * t) + (n % 2 === 0 ? 1 : -1) * Math.exp(-n * t)) * Math.exp(-x * Math.sinh(t)), 0, upper, 20000) / Math.PI;
  return first - second;
}
