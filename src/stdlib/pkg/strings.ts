/** Package `strings`: Go's strings functions with UTF-8 (byte) indexes and Unicode spaces. */
import { BuiltinError, maxRepeatCount, type BuiltinPackage } from '../../plain/builtin.js';
import { bytesArg, int, smallInt, str, stringList } from '../internal/args.js';
import { isSpace, mapRunes, toLowerRune, toTitleRune, toUpperRune } from '../internal/unicode.js';
import { byteIndex, byteLength, compareStrings, runeCount, runes, toBytes } from '../internal/utf8.js';

export { maxRepeatCount };

function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Go's strings.genSplit: n < 0 all, n == 0 none, else at most n pieces. */
export function goSplit(s: string, sep: string, sepSave: boolean, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const cps = codePoints(s);
    if (n < 0 || n > cps.length) n = cps.length;
    const out = cps.slice(0, n - 1);
    if (n > 0) out.push(cps.slice(n - 1).join(''));
    return out;
  }
  if (n < 0) n = s.split(sep).length;
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i + (sepSave ? sep.length : 0)));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

export function goFields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inField = false;
  for (const ch of s) {
    if (isSpace(ch.codePointAt(0)!)) {
      if (inField) out.push(cur);
      cur = '';
      inField = false;
    } else {
      cur += ch;
      inField = true;
    }
  }
  if (inField) out.push(cur);
  return out;
}

function inCutset(cutset: string): (ch: string) => boolean {
  const set = new Set(codePoints(cutset));
  return (ch) => set.has(ch);
}

export function trimLeftFunc(s: string, f: (ch: string) => boolean): string {
  const cps = codePoints(s);
  let i = 0;
  while (i < cps.length && f(cps[i]!)) i++;
  return cps.slice(i).join('');
}

export function trimRightFunc(s: string, f: (ch: string) => boolean): string {
  const cps = codePoints(s);
  let j = cps.length;
  while (j > 0 && f(cps[j - 1]!)) j--;
  return cps.slice(0, j).join('');
}

const spaceCh = (ch: string) => isSpace(ch.codePointAt(0)!);

/** Go's strings.Replace: n < 0 replaces all; an empty `old` matches before each rune and at the end. */
export function goReplace(s: string, old: string, neu: string, n: number): string {
  if (old === neu || n === 0) return s;
  if (old === '') {
    const cps = codePoints(s);
    const limit = n < 0 ? cps.length + 1 : Math.min(n, cps.length + 1);
    let out = '';
    for (let i = 0; i < cps.length; i++) {
      if (i < limit) out += neu;
      out += cps[i];
    }
    if (cps.length < limit) out += neu;
    return out;
  }
  let out = '';
  let rest = s;
  let done = 0;
  while (n < 0 || done < n) {
    const i = rest.indexOf(old);
    if (i < 0) break;
    out += rest.slice(0, i) + neu;
    rest = rest.slice(i + old.length);
    done++;
  }
  return out + rest;
}

function countSub(s: string, sub: string): number {
  if (sub === '') return runeCount(s) + 1;
  let n = 0;
  let i = 0;
  for (;;) {
    const j = s.indexOf(sub, i);
    if (j < 0) return n;
    n++;
    i = j + sub.length;
  }
}

function indexAny(s: string, chars: string, last: boolean): number {
  const set = new Set(codePoints(chars));
  let found = -1;
  let bytePos = 0;
  for (const ch of s) {
    if (set.has(ch)) {
      found = bytePos;
      if (!last) return found;
    }
    bytePos += byteLength(ch);
  }
  return found;
}

function mapWordStarts(s: string, f: (c: number) => number): string {
  let prevSpace = true;
  return mapRunes(s, (c) => {
    const r = prevSpace ? f(c) : c;
    prevSpace = isSpace(c);
    return r;
  });
}

const s2 = ['string', 'string'] as const;

export function createPackage(): BuiltinPackage {
  return {
    path: 'strings',
    funcs: {
      ByteAt: {
        params: ['stringOrBytes', 'int'],
        result: 'int',
        doc: 'the byte at index i of b',
        call: ([b, i]) => {
          const bytes = bytesArg(b);
          const n = int(i);
          if (n < 0n || n >= BigInt(bytes.length)) throw new BuiltinError('index out of range');
          return BigInt(bytes[Number(n)]!);
        },
      },
      ByteSlice: {
        params: ['stringOrBytes', 'int', 'int'],
        result: 'stringOrBytes',
        doc: 'the bytes of b from index start up to end',
        call: ([b, start, end]) => {
          const bytes = bytesArg(b);
          const s = int(start);
          const e = int(end);
          if (s < 0n || s > e || e > BigInt(bytes.length)) throw new BuiltinError('index out of range');
          return bytes.slice(Number(s), Number(e));
        },
      },
      Runes: {
        params: ['string'],
        result: 'list',
        doc: 'the Unicode code points of s',
        call: ([s]) => runes(str(s)).map((c) => BigInt(c)),
      },
      Repeat: {
        params: ['string', 'int'],
        result: 'string',
        doc: 's repeated count times',
        call: ([s, count]) => {
          const n = int(count);
          if (n < 0n) throw new BuiltinError('strings: negative Repeat count');
          if (n > BigInt(maxRepeatCount)) throw new BuiltinError(`count ${n} exceeds limit of ${maxRepeatCount}`);
          const text = str(s);
          if (text.length * Number(n) > 1 << 28) throw new BuiltinError('strings: Repeat output length overflow');
          return text.repeat(Number(n));
        },
      },
      MinRunes: {
        params: ['string', 'int'],
        result: 'bool',
        doc: 'validates that s has at least min runes',
        call: ([s, min]) => BigInt(runeCount(str(s))) >= int(min),
      },
      MaxRunes: {
        params: ['string', 'int'],
        result: 'bool',
        doc: 'validates that s has at most max runes',
        call: ([s, max]) => BigInt(runeCount(str(s))) <= int(max),
      },
      ToTitle: {
        params: ['string'],
        result: 'string',
        doc: 'maps the first letter of each word to title case',
        call: ([s]) => mapWordStarts(str(s), toTitleRune),
      },
      ToCamel: {
        params: ['string'],
        result: 'string',
        doc: 'maps the first letter of each word to lower case',
        call: ([s]) => mapWordStarts(str(s), toLowerRune),
      },
      SliceRunes: {
        params: ['string', 'int', 'int'],
        result: 'string',
        doc: 'the runes of s from index start up to end',
        call: ([s, start, end]) => {
          const cps = codePoints(str(s));
          const a = int(start);
          const b = int(end);
          if (a < 0n || a > b || b > BigInt(cps.length)) throw new BuiltinError('index out of range');
          return cps.slice(Number(a), Number(b)).join('');
        },
      },
      Compare: {
        params: s2,
        result: 'int',
        doc: 'compares a and b lexicographically by bytes: -1, 0 or 1',
        call: ([a, b]) => BigInt(compareStrings(str(a), str(b))),
      },
      Count: {
        params: s2,
        result: 'int',
        doc: 'the number of non-overlapping instances of substr in s',
        call: ([s, sub]) => BigInt(countSub(str(s), str(sub))),
      },
      Contains: {
        params: s2,
        result: 'bool',
        doc: 'whether substr is within s',
        call: ([s, sub]) => str(s).includes(str(sub)),
      },
      ContainsAny: {
        params: s2,
        result: 'bool',
        doc: 'whether any rune of chars is within s',
        call: ([s, chars]) => indexAny(str(s), str(chars), false) >= 0,
      },
      LastIndex: {
        params: s2,
        result: 'int',
        doc: 'the byte index of the last instance of substr in s, or -1',
        call: ([s, sub]) => BigInt(byteIndex(str(s), str(s).lastIndexOf(str(sub)))),
      },
      IndexAny: {
        params: s2,
        result: 'int',
        doc: 'the byte index of the first rune of chars in s, or -1',
        call: ([s, chars]) => BigInt(indexAny(str(s), str(chars), false)),
      },
      LastIndexAny: {
        params: s2,
        result: 'int',
        doc: 'the byte index of the last rune of chars in s, or -1',
        call: ([s, chars]) => BigInt(indexAny(str(s), str(chars), true)),
      },
      SplitN: {
        params: ['string', 'string', 'int'],
        result: 'list',
        doc: 'splits s around sep into at most n pieces (n < 0: all)',
        call: ([s, sep, n]) => goSplit(str(s), str(sep), false, smallInt(n)),
      },
      SplitAfterN: {
        params: ['string', 'string', 'int'],
        result: 'list',
        doc: 'splits s after each sep into at most n pieces (n < 0: all)',
        call: ([s, sep, n]) => goSplit(str(s), str(sep), true, smallInt(n)),
      },
      Split: {
        params: s2,
        result: 'list',
        doc: 'splits s around each instance of sep',
        call: ([s, sep]) => goSplit(str(s), str(sep), false, -1),
      },
      SplitAfter: {
        params: s2,
        result: 'list',
        doc: 'splits s after each instance of sep',
        call: ([s, sep]) => goSplit(str(s), str(sep), true, -1),
      },
      Fields: {
        params: ['string'],
        result: 'list',
        doc: 'splits s around runs of white space',
        call: ([s]) => goFields(str(s)),
      },
      Join: {
        params: ['list', 'string'],
        listOf: { 0: 'string' },
        result: 'string',
        doc: 'concatenates the strings of a list with sep between them',
        call: ([elems, sep]) => stringList(elems).join(str(sep)),
      },
      HasPrefix: {
        params: s2,
        result: 'bool',
        doc: 'whether s begins with prefix',
        call: ([s, p]) => str(s).startsWith(str(p)),
      },
      HasSuffix: {
        params: s2,
        result: 'bool',
        doc: 'whether s ends with suffix',
        call: ([s, p]) => str(s).endsWith(str(p)),
      },
      ToUpper: {
        params: ['string'],
        result: 'string',
        doc: 's with all letters mapped to upper case',
        call: ([s]) => mapRunes(str(s), toUpperRune),
      },
      ToLower: {
        params: ['string'],
        result: 'string',
        doc: 's with all letters mapped to lower case',
        call: ([s]) => mapRunes(str(s), toLowerRune),
      },
      Trim: {
        params: s2,
        result: 'string',
        doc: 's without leading and trailing runes contained in cutset',
        call: ([s, cut]) => {
          const f = inCutset(str(cut));
          return trimRightFunc(trimLeftFunc(str(s), f), f);
        },
      },
      TrimLeft: {
        params: s2,
        result: 'string',
        doc: 's without leading runes contained in cutset',
        call: ([s, cut]) => trimLeftFunc(str(s), inCutset(str(cut))),
      },
      TrimRight: {
        params: s2,
        result: 'string',
        doc: 's without trailing runes contained in cutset',
        call: ([s, cut]) => trimRightFunc(str(s), inCutset(str(cut))),
      },
      TrimSpace: {
        params: ['string'],
        result: 'string',
        doc: 's without leading and trailing white space',
        call: ([s]) => trimRightFunc(trimLeftFunc(str(s), spaceCh), spaceCh),
      },
      TrimPrefix: {
        params: s2,
        result: 'string',
        doc: 's without the leading prefix, if present',
        call: ([s, p]) => {
          const t = str(s);
          const q = str(p);
          return t.startsWith(q) ? t.slice(q.length) : t;
        },
      },
      TrimSuffix: {
        params: s2,
        result: 'string',
        doc: 's without the trailing suffix, if present',
        call: ([s, p]) => {
          const t = str(s);
          const q = str(p);
          return q !== '' && t.endsWith(q) ? t.slice(0, t.length - q.length) : t;
        },
      },
      Replace: {
        params: ['string', 'string', 'string', 'int'],
        result: 'string',
        doc: 's with the first n instances of old replaced by new (n < 0: all)',
        call: ([s, old, neu, n]) => goReplace(str(s), str(old), str(neu), smallInt(n)),
      },
      Index: {
        params: s2,
        result: 'int',
        doc: 'the byte index of the first instance of substr in s, or -1',
        call: ([s, sub]) => BigInt(byteIndex(str(s), str(s).indexOf(str(sub)))),
      },
    },
  };
}

