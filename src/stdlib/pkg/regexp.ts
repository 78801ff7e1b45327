/**
 * Package `regexp`: RE2 syntax through re2js (linear time; no backreferences or lookaround).
 * A pattern RE2 rejects fails with Go's message (`error parsing regexp: missing closing ): ...`).
 */
import { RE2JS } from 're2js';
import { PlainStruct, type PlainValue } from '../../plain/plain-value.js';
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';
import { int, str } from '../internal/args.js';

/** The Go-like matcher inside re2js (its methods mirror Go's regexp.Regexp). */
interface RE2 {
  findAllSubmatchIndex(s: string, n: number): number[][] | null;
  findSubmatchIndex(s: string): number[] | null;
  numberOfCapturingGroups(): number;
}

interface Compiled {
  re: RE2;
  names: string[]; // by group index; '' for unnamed (index 0 is the whole match)
}

const cache = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let p: RE2JS;
  try {
    p = RE2JS.compile(pattern);
  } catch (e) {
    throw new BuiltinError(String((e as Error).message));
  }
  const re = p.re2() as unknown as RE2;
  const names = new Array<string>(re.numberOfCapturingGroups() + 1).fill('');
  for (const [name, idx] of Object.entries(p.namedGroups() as Record<string, number>)) names[idx] = name;
  const c = { re, names };
  if (cache.size > 256) cache.clear();
  cache.set(pattern, c);
  return c;
}

const noMatch = (): never => {
  throw new BuiltinError('no match');
};

function limit(n: PlainValue | undefined): number {
  const k = int(n);
  return k < 0n ? -1 : k > 1_000_000n ? 1_000_000 : Number(k);
}

function groups(s: string, idx: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < idx.length; i += 2) out.push(idx[i]! >= 0 ? s.slice(idx[i], idx[i + 1]) : '');
  return out;
}

function named(c: Compiled, m: string[]): PlainStruct {
  const entries: [string, PlainValue][] = [];
  c.names.forEach((name, i) => {
    if (name !== '') entries.push([name, m[i] ?? '']);
  });
  // Go maps become structs with sorted labels.
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new PlainStruct(entries);
}

function allMatches(c: Compiled, s: string, n: number): number[][] {
  if (n === 0) return [];
  return c.re.findAllSubmatchIndex(s, n) ?? [];
}

/** Go's Regexp.Expand for ReplaceAllString: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, s: string, idx: number[], c: Compiled): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const d = template.indexOf('$', i);
    if (d < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, d);
    i = d + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string | undefined;
    if (template[i] === '{') {
      const close = template.indexOf('}', i);
      const m = close > 0 ? /^\w+$/.exec(template.slice(i + 1, close)) : null;
      if (m) {
        name = m[0];
        i = close + 1;
      }
    } else {
      const m = /^\w+/.exec(template.slice(i));
      if (m) {
        name = m[0];
        i += name.length;
      }
    }
    if (name === undefined) {
      out += '$';
      continue;
    }
    let g = -1;
    if (/^\d+$/.test(name)) g = Number(name);
    else g = c.names.indexOf(name);
    if (g >= 0 && 2 * g < idx.length && idx[2 * g]! >= 0) out += s.slice(idx[2 * g], idx[2 * g + 1]);
  }
  return out;
}

function replace(pattern: string, src: string, repl: (idx: number[]) => string): string {
  const c = compile(pattern);
  let out = '';
  let last = 0;
  for (const idx of allMatches(c, src, -1)) {
    out += src.slice(last, idx[0]) + repl(idx);
    last = idx[1]!;
  }
  return out + src.slice(last);
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'regexp',
    funcs: {
      Find: {
        params: ['string', 'string'],
        result: 'string',
        doc: 'the leftmost match of pattern in s (error if none)',
        call: ([p, s]) => {
          const t = str(s);
          const idx = compile(str(p)).re.findSubmatchIndex(t);
          return idx ? t.slice(idx[0], idx[1]) : noMatch();
        },
      },
      FindAll: {
        params: ['string', 'string', 'int'],
        result: 'list',
        doc: 'up to n successive matches of pattern in s (n < 0: all; error if none)',
        call: ([p, s, n]) => {
          const t = str(s);
          const ms = allMatches(compile(str(p)), t, limit(n));
          return ms.length > 0 ? ms.map((m) => t.slice(m[0], m[1])) : noMatch();
        },
      },
      FindAllNamedSubmatch: {
        params: ['string', 'string', 'int'],
        result: 'list',
        doc: 'up to n successive matches as structs of their named groups (error if none)',
        call: ([p, s, n]) => {
          const t = str(s);
          const c = compile(str(p));
          const ms = allMatches(c, t, limit(n));
          return ms.length > 0 ? ms.map((m) => named(c, groups(t, m))) : noMatch();
        },
      },
      FindAllSubmatch: {
        params: ['string', 'string', 'int'],
        result: 'list',
        doc: 'up to n successive matches, each as [match, group 1, ...] (error if none)',
        call: ([p, s, n]) => {
          const t = str(s);
          const ms = allMatches(compile(str(p)), t, limit(n));
          return ms.length > 0 ? ms.map((m) => groups(t, m)) : noMatch();
        },
      },
      FindNamedSubmatch: {
        params: ['string', 'string'],
        result: 'struct',
        doc: 'the leftmost match as a struct of its named groups (error if none)',
        call: ([p, s]) => {
          const t = str(s);
          const c = compile(str(p));
          const idx = c.re.findSubmatchIndex(t);
          return idx ? named(c, groups(t, idx)) : noMatch();
        },
      },
      FindSubmatch: {
        params: ['string', 'string'],
        result: 'list',
        doc: 'the leftmost match as [match, group 1, ...] (error if none)',
        call: ([p, s]) => {
          const t = str(s);
          const idx = compile(str(p)).re.findSubmatchIndex(t);
          return idx ? groups(t, idx) : noMatch();
        },
      },
      ReplaceAll: {
        params: ['string', 'string', 'string'],
        result: 'string',
        doc: 'src with every match of pattern replaced by repl, expanding $1, ${name} and $$',
        call: ([p, src, repl]) => {
          const t = str(src);
          const c = compile(str(p));
          return replace(str(p), t, (idx) => expand(str(repl), t, idx, c));
        },
      },
      ReplaceAllLiteral: {
        params: ['string', 'string', 'string'],
        result: 'string',
        doc: 'src with every match of pattern replaced by repl, taken literally',
        call: ([p, src, repl]) => replace(str(p), str(src), () => str(repl)),
      },
      Valid: {
        params: ['string'],
        result: 'bool',
        doc: 'validates that pattern is a valid RE2 regular expression',
        call: ([p]) => (compile(str(p)), true),
      },
      Match: {
        params: ['string', 'string'],
        result: 'bool',
        doc: 'whether s contains a match of pattern',
        call: ([p, s]) => compile(str(p)).re.findSubmatchIndex(str(s)) !== null,
      },
      QuoteMeta: {
        params: ['string'],
        result: 'string',
        doc: 's with every regular expression metacharacter escaped',
        call: ([s]) => str(s).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'),
      },
    },
  };
}
