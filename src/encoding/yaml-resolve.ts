/**
 * How a plain (unquoted, untagged) YAML scalar is read: the implicit tag resolution of
 * go-yaml v3, which current CUE uses. It is YAML 1.2's core schema plus two YAML 1.1 habits:
 * `0755` is an octal int and `_` separators are allowed in numbers. YAML 1.1 booleans such
 * as `yes`/`on`/`y` are strings.
 *
 * Used in both directions: the decoder turns plain scalars into CUE values with it, and the
 * encoder quotes every string that would not read back as a string.
 */

export type ResolvedTag = 'str' | 'int' | 'float' | 'bool' | 'null' | 'timestamp' | 'merge' | 'inf' | 'nan';

// A Map, not an object literal: `__proto__` and `constructor` must not find anything.
const special = new Map<string, ResolvedTag>(Object.entries({
  true: 'bool',
  True: 'bool',
  TRUE: 'bool',
  false: 'bool',
  False: 'bool',
  FALSE: 'bool',
  '': 'null',
  '~': 'null',
  null: 'null',
  Null: 'null',
  NULL: 'null',
  '.nan': 'nan',
  '.NaN': 'nan',
  '.NAN': 'nan',
  '.inf': 'inf',
  '.Inf': 'inf',
  '.INF': 'inf',
  '+.inf': 'inf',
  '+.Inf': 'inf',
  '+.INF': 'inf',
  '-.inf': 'inf',
  '-.Inf': 'inf',
  '-.INF': 'inf',
  '<<': 'merge',
}) as [string, ResolvedTag][]);

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const dotFloat = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const goInt = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const int64Max = (1n << 63n) - 1n;
const uint64Max = (1n << 64n) - 1n;

/** The tag a plain scalar resolves to. */
export function resolvePlain(s: string): ResolvedTag {
  const known = special.get(s);
  if (known !== undefined) return known;
  const c = s.charCodeAt(0);
  if (c === 46 /* . */) return dotFloat.test(s) && Number.isFinite(Number(s)) ? 'float' : 'str';
  const isDigit = c >= 48 && c <= 57;
  if (!isDigit && c !== 43 /* + */ && c !== 45 /* - */) return 'str';
  if (isDigit && isTimestamp(s)) return 'timestamp';
  const plain = s.includes('_') ? s.replace(/_/g, '') : s;
  if (isGoInt(plain)) return 'int';
  if (yamlStyleFloat.test(plain) && Number.isFinite(Number(plain))) return 'float';
  return 'str';
}

/** Go's strconv.ParseInt(s, 0, 64), or ParseUint(s, 0, 64) for unsigned text. */
function isGoInt(s: string): boolean {
  const m = goInt.exec(s);
  if (!m) return false;
  let digits = m[2]!;
  let n: bigint;
  if (digits.length > 1 && digits[0] === '0' && /[0-7]/.test(digits[1]!)) digits = '0o' + digits.slice(1);
  else if (digits.length > 1 && digits[0] === '0' && (digits[1] === 'O' || digits[1] === 'B' || digits[1] === 'X')) {
    digits = '0' + digits[1]!.toLowerCase() + digits.slice(2);
  }
  try {
    n = BigInt(digits);
  } catch {
    return false;
  }
  if (m[1] === '-') return n <= int64Max + 1n;
  if (m[1] === '+') return n <= int64Max;
  return n <= uint64Max;
}

const timestampShape =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:([Tt])|[ ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/;

/**
 * The timestamp forms go-yaml recognises (a subset of YAML 1.1's): `2001-12-14`,
 * `2001-12-14T21:59:43.10-05:00` (also with `t`), `2001-12-14 21:59:43.10` (no zone).
 */
export function isTimestamp(s: string): boolean {
  const m = timestampShape.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (m[5] === undefined) return true;
  // With a `T`, a zone is required; the space-separated form has none.
  if (m[4] !== undefined ? m[9] === undefined : m[9] !== undefined) return false;
  if (Number(m[5]) > 23 || Number(m[6]) > 59 || Number(m[7]) > 59) return false;
  if (m[9] !== undefined && m[9] !== 'Z') {
    const zh = Number(m[9].slice(1, 3));
    const zm = Number(m[9].slice(4, 6));
    if (zh > 24 || zm > 60) return false;
  }
  return true;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
