/**
 * Package `path`: Go's path/filepath functions for a chosen OS ("unix", the default for most
 * functions, "windows" or "plan9"), so that results do not depend on the host.
 */
import type { PlainValue } from '../../plain/plain-value.js';
import { BuiltinError, type BuiltinFunc, type BuiltinPackage, type PlainBuiltin } from '../../plain/builtin.js';
import { str, stringList } from '../internal/args.js';

interface OS {
  sep: string;
  listSep: string;
  isSep(c: string | undefined): boolean;
  volLen(p: string): number;
  isAbs(p: string): boolean;
  windows: boolean;
}

const unix: OS = { sep: '/', listSep: ':', isSep: (c) => c === '/', volLen: () => 0, isAbs: (p) => p.startsWith('/'), windows: false };
const plan9: OS = { ...unix, listSep: '\0', isAbs: (p) => p.startsWith('/') || p.startsWith('#') };

function winVolLen(p: string): number {
  if (p.length >= 2 && p[1] === ':' && /[A-Za-z]/.test(p[0]!)) return 2;
  const sep = (c: string | undefined) => c === '/' || c === '\\';
  // UNC: \\host\share
  if (p.length >= 5 && sep(p[0]) && sep(p[1]) && !sep(p[2]) && p[2] !== '.') {
    let n = 3;
    while (n < p.length && !sep(p[n])) n++;
    if (n < p.length) {
      n++;
      if (n < p.length && !sep(p[n])) {
        while (n < p.length && !sep(p[n])) n++;
        return n;
      }
    }
  }
  return 0;
}

const windows: OS = {
  sep: '\\',
  listSep: ';',
  isSep: (c) => c === '/' || c === '\\',
  volLen: winVolLen,
  isAbs: (p) => {
    const l = winVolLen(p);
    if (l === 0) return false;
    if (l > 2) return true; // UNC
    return p.length > 2 && (p[2] === '/' || p[2] === '\\');
  },
  windows: true,
};

const osNames = ['unix', 'windows', 'plan9', 'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'solaris', 'zos'];

function getOS(v: PlainValue | undefined): OS {
  const name = v === undefined ? 'unix' : str(v);
  if (!osNames.includes(name)) throw new BuiltinError(`cannot use ${JSON.stringify(name)} as ${osNames.map((n, i) => (i === 0 ? '*' : '') + JSON.stringify(n)).join(' | ')}`);
  return name === 'windows' ? windows : name === 'plan9' ? plan9 : unix;
}

function fromSlash(p: string, os: OS): string {
  return os.windows ? p.replace(/\//g, '\\') : p;
}

export function clean(path: string, os: OS): string {
  const orig = path;
  const volLen = os.volLen(path);
  const vol = path.slice(0, volLen);
  path = path.slice(volLen);
  if (path === '') {
    if (volLen > 1 && os.isSep(orig[0]) && os.isSep(orig[1])) return fromSlash(orig, os);
    return orig + '.';
  }
  const rooted = os.isSep(path[0]);
  const out: string[] = [];
  const parts = path.split('').reduce<string[]>(
    (acc, c) => {
      if (os.isSep(c)) acc.push('');
      else acc[acc.length - 1] += c;
      return acc;
    },
    [''],
  );
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  let res = (rooted ? os.sep : '') + out.join(os.sep);
  if (res === '') res = '.';
  return vol + fromSlash(res, os);
}

function split(p: string, os: OS): [string, string] {
  const vol = os.volLen(p);
  let i = p.length - 1;
  while (i >= vol && !os.isSep(p[i])) i--;
  return [p.slice(0, i + 1), p.slice(i + 1)];
}

function join(elems: string[], os: OS): string {
  const nonEmpty = elems.filter((e) => e !== '');
  if (nonEmpty.length === 0) return '';
  return clean(nonEmpty.join(os.sep), os);
}

function ext(p: string, os: OS): string {
  for (let i = p.length - 1; i >= 0 && !os.isSep(p[i]); i--) if (p[i] === '.') return p.slice(i);
  return '';
}

function base(p: string, os: OS): string {
  if (p === '') return '.';
  while (p.length > 0 && os.isSep(p[p.length - 1])) p = p.slice(0, -1);
  p = p.slice(os.volLen(p));
  let i = p.length - 1;
  while (i >= 0 && !os.isSep(p[i])) i--;
  if (i >= 0) p = p.slice(i + 1);
  return p === '' ? os.sep : p;
}

function dir(p: string, os: OS): string {
  const vol = p.slice(0, os.volLen(p));
  let i = p.length - 1;
  while (i >= vol.length && !os.isSep(p[i])) i--;
  const d = clean(p.slice(vol.length, i + 1), os);
  if (d === '.' && vol.length > 2) return vol; // UNC share root
  return vol + d;
}

function rel(basepath: string, targpath: string, os: OS): string {
  const baseVol = basepath.slice(0, os.volLen(basepath));
  const targVol = targpath.slice(0, os.volLen(targpath));
  let b = clean(basepath, os);
  let t = clean(targpath, os);
  const same = (x: string, y: string) => (os.windows ? x.toLowerCase() === y.toLowerCase() : x === y);
  if (same(t, b)) return '.';
  b = b.slice(baseVol.length);
  t = t.slice(targVol.length);
  if (b === '.') b = '';
  else if (b === '' && os.volLen(baseVol) > 2) b = os.sep;
  const baseSlashed = b.length > 0 && b[0] === os.sep;
  const targSlashed = t.length > 0 && t[0] === os.sep;
  if (baseSlashed !== targSlashed || !same(baseVol, targVol)) throw new BuiltinError(`Rel: can't make ${targpath} relative to ${basepath}`);
  const bl = b.length;
  const tl = t.length;
  let b0 = 0, bi = 0, t0 = 0, ti = 0;
  for (;;) {
    while (bi < bl && b[bi] !== os.sep) bi++;
    while (ti < tl && t[ti] !== os.sep) ti++;
    if (!same(t.slice(t0, ti), b.slice(b0, bi))) break;
    if (bi < bl) bi++;
    if (ti < tl) ti++;
    b0 = bi;
    t0 = ti;
  }
  if (b.slice(b0, bi) === '..') throw new BuiltinError(`Rel: can't make ${targpath} relative to ${basepath}`);
  if (b0 !== bl) {
    const seps = b.slice(b0, bl).split(os.sep).length - 1;
    let out = '..' + (os.sep + '..').repeat(seps);
    if (t0 !== tl) out += os.sep + t.slice(t0);
    return out;
  }
  return t.slice(t0);
}

/** Go's filepath.Match: `*`, `?`, `[a-z]`, `[^a]`, and `\` escapes (not on Windows). */
function match(pattern: string, name: string, os: OS): boolean {
  const bad = () => new BuiltinError('syntax error in pattern');
  const isSep = (c: string) => os.isSep(c);
  // Validate the whole pattern first, as Go reports a bad pattern even after a mismatch.
  const validateChunk = (chunk: string): void => {
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === '\\' && !os.windows) {
        if (++i >= chunk.length) throw bad();
      } else if (chunk[i] === '[') i = parseClass(chunk, i + 1).end - 1;
    }
  };
  const matchChunk = (chunk: string, s: string): number => {
    // Returns the length of s consumed, or -1. Like Go, a bad chunk is an error even on a mismatch.
    validateChunk(chunk);
    let i = 0;
    let si = 0;
    while (i < chunk.length) {
      if (si > s.length) return -1;
      const c = chunk[i]!;
      if (c === '?') {
        if (si >= s.length || isSep(s[si]!)) return -1;
        si += String.fromCodePoint(s.codePointAt(si)!).length;
        i++;
      } else if (c === '[') {
        if (si >= s.length) {
          // still validate
          parseClass(chunk, i + 1);
          return -1;
        }
        const r = String.fromCodePoint(s.codePointAt(si)!);
        const { end, matched } = parseClass(chunk, i + 1, r);
        if (!matched || isSep(r)) return -1;
        si += r.length;
        i = end;
      } else if (c === '\\' && !os.windows) {
        i++;
        if (i >= chunk.length) throw bad();
        if (s[si] !== chunk[i]) return -1;
        si++;
        i++;
      } else {
        if (s[si] !== c) return -1;
        si++;
        i++;
      }
    }
    return si;
  };
  const parseClass = (chunk: string, i: number, r?: string): { end: number; matched: boolean } => {
    let negated = false;
    if (chunk[i] === '^') {
      negated = true;
      i++;
    }
    let matched = false;
    let n = 0;
    const getEsc = (): string => {
      let c = chunk[i];
      if (c === undefined || c === '-' || c === ']') throw bad();
      if (c === '\\' && !os.windows) {
        i++;
        c = chunk[i];
        if (c === undefined) throw bad();
      }
      const ch = String.fromCodePoint(chunk.codePointAt(i)!);
      i += ch.length;
      return ch;
    };
    for (;;) {
      if (chunk[i] === ']' && n > 0) {
        i++;
        break;
      }
      if (i >= chunk.length) throw bad();
      const lo = getEsc();
      let hi = lo;
      if (chunk[i] === '-') {
        i++;
        hi = getEsc();
      }
      if (r !== undefined && lo <= r && r <= hi) matched = true;
      n++;
    }
    return { end: i, matched: matched !== negated };
  };
  let pat = pattern;
  let s = name;
  while (pat.length > 0) {
    let star = false;
    while (pat[0] === '*') {
      pat = pat.slice(1);
      star = true;
    }
    // The chunk up to the next unescaped '*'.
    let end = 0;
    let inRange = false;
    for (; end < pat.length; end++) {
      const c = pat[end]!;
      if (c === '\\' && !os.windows) end++;
      else if (c === '[') inRange = true;
      else if (c === ']') inRange = false;
      else if (c === '*' && !inRange) break;
    }
    const chunk = pat.slice(0, end);
    pat = pat.slice(end);
    if (star && chunk === '') return ![...s].some(isSep);
    const n = matchChunk(chunk, s);
    if (n >= 0 && (pat.length === 0 ? n === s.length : true)) {
      if (pat.length === 0 && n !== s.length) {
        /* fall through to star search */
      } else {
        s = s.slice(n);
        continue;
      }
    }
    if (star) {
      let found = false;
      for (let k = 0; k < s.length && !isSep(s[k]!); k++) {
        const m = matchChunk(chunk, s.slice(k + 1));
        if (m >= 0) {
          if (pat.length === 0 && k + 1 + m !== s.length) continue;
          s = s.slice(k + 1 + m);
          found = true;
          break;
        }
      }
      if (found) continue;
    }
    // Validate the rest of the pattern before reporting a mismatch.
    while (pat.length > 0) {
      pat = pat.replace(/^\*+/, '');
      let e = 0;
      for (; e < pat.length && pat[e] !== '*'; e++) if (pat[e] === '\\' && !os.windows) e++;
      matchChunk(pat.slice(0, e), '');
      pat = pat.slice(e);
    }
    return false;
  }
  return s.length === 0;
}

function fn(params: number, doc: string, call: PlainBuiltin['call'], optional = 1): BuiltinFunc {
  return { params: [...new Array<'string'>(params).fill('string'), 'string'], result: 'string', optional, doc, call };
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'path',
    consts: { Unix: 'unix', Windows: 'windows', Plan9: 'plan9' },
    funcs: {
      Split: { ...fn(1, 'splits a path after its last separator into [dir, file]', ([p, o]) => split(str(p), getOS(o))), result: 'list' },
      SplitList: {
        params: ['string', 'string'],
        result: 'list',
        doc: 'splits a list of paths joined by the OS list separator (":" on unix)',
        call: ([p, o]) => {
          const s = str(p);
          if (s === '') return [];
          const os = getOS(o);
          if (!os.windows) return s.split(os.listSep);
          // Windows: ';' separates, double quotes protect.
          const out: string[] = [];
          let cur = '';
          let quoted = false;
          for (const c of s) {
            if (c === '"') quoted = !quoted;
            else if (c === ';' && !quoted) {
              out.push(cur);
              cur = '';
            } else cur += c;
          }
          out.push(cur);
          return out;
        },
      },
      Join: {
        params: ['list', 'string'],
        listOf: { 0: 'string' },
        result: 'string',
        optional: 1,
        doc: 'joins path elements with the separator and cleans the result',
        call: ([l, o]) => join(stringList(l), getOS(o)),
      },
      Match: {
        params: ['string', 'string', 'string'],
        result: 'bool',
        optional: 1,
        doc: 'whether name matches the shell pattern (*, ?, [a-z])',
        call: ([p, n, o]) => match(str(p), str(n), getOS(o)),
      },
      Clean: fn(1, 'the shortest equivalent path (removes ., .. and repeated separators)', ([p, o]) => clean(str(p), getOS(o))),
      ToSlash: { ...fn(1, 'the path with separators replaced by /', ([p, o]) => (getOS(o).windows ? str(p).replace(/\\/g, '/') : str(p))), optional: 0 },
      FromSlash: { ...fn(1, 'the path with / replaced by the separator', ([p, o]) => fromSlash(str(p), getOS(o))), optional: 0 },
      Ext: fn(1, 'the file name extension (from the last dot of the last element)', ([p, o]) => ext(str(p), getOS(o))),
      Resolve: fn(2, 'the path of sub relative to dir (sub itself when absolute)', ([d, s, o]) => {
        const os = getOS(o);
        if (os.isAbs(str(s))) return clean(str(s), os);
        return join([clean(str(d), os), str(s)], os);
      }),
      Rel: fn(2, 'a relative path from basepath to targpath', ([b, t, o]) => rel(str(b), str(t), getOS(o))),
      Base: fn(1, 'the last element of the path', ([p, o]) => base(str(p), getOS(o))),
      Dir: fn(1, 'all but the last element of the path, cleaned', ([p, o]) => dir(str(p), getOS(o))),
      IsAbs: { ...fn(1, 'whether the path is absolute', ([p, o]) => getOS(o).isAbs(str(p))), result: 'bool' },
      VolumeName: fn(1, 'the leading volume name on Windows ("C:", "\\\\host\\share"); empty elsewhere (default OS: windows)', ([p, o]) => {
        const os = o === undefined ? windows : getOS(o);
        return str(p).slice(0, os.volLen(str(p)));
      }),
    },
  };
}
