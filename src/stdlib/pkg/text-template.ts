/**
 * Package `text/template`: a subset of Go's text/template for Execute: {{.}}, {{.a.b}},
 * {{$}}, variables ({{$x := .a}}), if/else if/else, range (with $i, $v := and else), with,
 * trim markers {{- -}}, comments, pipelines, and the functions and, or, not, len, index,
 * print, printf (%s %d %v %q %f %t %%), println, eq, ne, lt, le, gt, ge, html, js, urlquery.
 * Templates outside this subset fail with a clear error. HTMLEscape and JSEscape are complete.
 */
import { Decimal } from '../../plain/decimal.js';
import { CueFloat, PlainStruct, type PlainValue } from '../../plain/plain-value.js';
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';
import { str } from '../internal/args.js';
import { quoteWith } from '../internal/go-quote.js';
import { compareStrings } from '../internal/utf8.js';
import { plainEqual } from '../plain-equal.js';

export function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c]!);
}

export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '"') out += '\\"';
    else if (ch === '<') out += '\\u003C';
    else if (ch === '>') out += '\\u003E';
    else if (ch === '&') out += '\\u0026';
    else if (ch === '=') out += '\\u003D';
    else if (c < 0x20) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out;
}

// ------------------------------------------------------------------------------------------

type Node =
  | { k: 'text'; s: string }
  | { k: 'action'; pipe: string }
  | { k: 'if' | 'with'; pipe: string; then: Node[]; else: Node[] }
  | { k: 'range'; pipe: string; vars: string[]; body: Node[]; else: Node[] };

/** Go prefixes template errors with the template name (empty here) and the line. */
let currentLine = 1;
function fail(msg: string): never {
  throw new BuiltinError(`template: :${currentLine}: ${msg}`);
}

type Tok = { t: 'text'; s: string } | { t: 'act'; s: string; line: number };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ t: 'text', s: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src.startsWith('- ', start) || src.startsWith('-\t', start) || src.startsWith('-\n', start)) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 1;
    }
    currentLine = src.slice(0, open).split('\n').length;
    const close = src.indexOf('}}', start);
    if (close < 0) fail('unclosed action');
    let body = src.slice(start, close);
    let next = close + 2;
    if (/[ \t\r\n]-$/.test(body)) {
      body = body.slice(0, -1);
      const m = /^[ \t\r\n]*/.exec(src.slice(next))!;
      next += m[0].length;
    }
    if (text) out.push({ t: 'text', s: text });
    body = body.trim();
    if (!body.startsWith('/*')) out.push({ t: 'act', s: body, line: currentLine });
    i = next;
  }
  return out;
}

function parse(src: string): Node[] {
  const toks = lex(src);
  let i = 0;
  const list = (ends: string[]): [Node[], string] => {
    const nodes: Node[] = [];
    while (i < toks.length) {
      const t = toks[i++]!;
      if (t.t === 'text') {
        nodes.push({ k: 'text', s: t.s });
        continue;
      }
      currentLine = t.line;
      const word = /^\w+/.exec(t.s)?.[0] ?? '';
      if (ends.includes(word) || (word === 'else' && ends.includes('else'))) return [nodes, t.s];
      if (word === 'if' || word === 'with') {
        nodes.push(ifLike(word, t.s.slice(word.length).trim()));
      } else if (word === 'range') {
        let pipe = t.s.slice(5).trim();
        let vars: string[] = [];
        const m = /^(\$\w*)(?:\s*,\s*(\$\w*))?\s*:=\s*(.*)$/.exec(pipe);
        if (m) {
          vars = m[2] ? [m[1]!, m[2]] : [m[1]!];
          pipe = m[3]!;
        }
        const node: Node = { k: 'range', pipe, vars, body: [], else: [] };
        const [body, end] = list(['else', 'end']);
        node.body = body;
        if (end.startsWith('else')) node.else = list(['end'])[0];
        nodes.push(node);
      } else if (['define', 'template', 'block', 'break', 'continue'].includes(word)) {
        fail(`"${word}" is not supported`);
      } else if (word === 'end' || word === 'else') {
        fail(`unexpected {{${word}}}`);
      } else nodes.push({ k: 'action', pipe: t.s });
    }
    if (ends.length > 0) fail('unexpected EOF');
    return [nodes, ''];
  };
  // if / with, with an optional chain of "else if" / "else with" sharing one {{end}}.
  const ifLike = (kind: 'if' | 'with', pipe: string): Node => {
    const node = { k: kind, pipe, then: [] as Node[], else: [] as Node[] };
    const [body, end] = list(['else', 'end']);
    node.then = body;
    if (end.startsWith('else')) {
      const rest = end.slice(4).trim();
      const m = /^(if|with)\s+(.*)$/s.exec(rest);
      if (m) node.else = [ifLike(m[1] as 'if' | 'with', m[2]!)];
      else node.else = list(['end'])[0];
    }
    return node as Node;
  };
  return list([])[0];
}

// ------------------------------------------------------------------------------------------

function truth(v: PlainValue | undefined): boolean {
  if (v === undefined || v === null || v === false || v === '') return false;
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof CueFloat) return !v.value.isZero();
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PlainStruct) return v.fields.size > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  return true;
}

/** Go's fmt %v for the values a template prints. */
function show(v: PlainValue | undefined): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof CueFloat) return String(Number(v.value.toString()));
  if (v instanceof Uint8Array) return '[' + Array.from(v).join(' ') + ']';
  if (Array.isArray(v)) return '[' + v.map(show).join(' ') + ']';
  const keys = [...v.fields.keys()].sort();
  return 'map[' + keys.map((k) => `${k}:${show(v.fields.get(k))}`).join(' ') + ']';
}

function tokenizePipe(s: string): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\(|\)|\||[^\s()|]+)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[1]!);
  return out;
}

type Scope = { dot: PlainValue | undefined; vars: Map<string, PlainValue | undefined> };

function field(v: PlainValue | undefined, name: string): PlainValue | undefined {
  if (v instanceof PlainStruct) return v.fields.get(name);
  if (v === undefined) return undefined;
  return fail(`can't evaluate field ${name} in type ${Array.isArray(v) ? 'list' : typeof v}`);
}

function compare(a: PlainValue | undefined, b: PlainValue | undefined): number {
  const num = (x: PlainValue | undefined) => (typeof x === 'bigint' ? Number(x) : x instanceof CueFloat ? Number(x.value.toString()) : undefined);
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  return fail('incompatible types for comparison');
}

function sprintf(format: string, args: (PlainValue | undefined)[]): string {
  let k = 0;
  return format.replace(/%([-+# 0]*\d*(?:\.\d+)?)([sdvqftx%])/g, (_, flags: string, verb: string) => {
    if (verb === '%') return '%';
    const a = args[k++];
    let out: string;
    switch (verb) {
      case 'q': out = quoteWith(show(a), '"', 'print'); break;
      case 'f': {
        const prec = /\.(\d+)/.exec(flags);
        out = Number(show(a)).toFixed(prec ? Number(prec[1]) : 6);
        break;
      }
      case 'x': out = typeof a === 'bigint' ? a.toString(16) : Array.from(new TextEncoderShim(show(a))).map((b) => b.toString(16).padStart(2, '0')).join(''); break;
      default: out = show(a);
    }
    const width = /^[-0]*(\d+)/.exec(flags);
    if (width) out = flags.startsWith('-') ? out.padEnd(Number(width[1])) : out.padStart(Number(width[1]), flags.startsWith('0') ? '0' : ' ');
    return out;
  });
}

/** UTF-8 bytes without TextEncoder typings. */
class TextEncoderShim implements Iterable<number> {
  constructor(private s: string) {}
  *[Symbol.iterator]() {
    for (const ch of this.s) {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) yield c;
      else if (c < 0x800) yield* [0xc0 | (c >> 6), 0x80 | (c & 63)];
      else if (c < 0x10000) yield* [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
      else yield* [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    }
  }
}

const funcs: Record<string, (args: (PlainValue | undefined)[]) => PlainValue | undefined> = {
  and: (a) => a.find((x) => !truth(x)) ?? a[a.length - 1],
  or: (a) => a.find((x) => truth(x)) ?? a[a.length - 1],
  not: ([x]) => !truth(x),
  len: ([x]) => {
    if (typeof x === 'string') return BigInt(new Array(...new TextEncoderShim(x)).length);
    if (Array.isArray(x)) return BigInt(x.length);
    if (x instanceof PlainStruct) return BigInt(x.fields.size);
    return fail('len of unsupported type');
  },
  index: ([x, ...keys]) => {
    let v = x;
    for (const k of keys) {
      if (Array.isArray(v) && typeof k === 'bigint') {
        if (k < 0n || k >= BigInt(v.length)) fail(`index out of range: ${k}`);
        v = v[Number(k)];
      } else if (v instanceof PlainStruct && typeof k === 'string') v = v.fields.get(k);
      else fail("can't index item");
    }
    return v;
  },
  print: (a) => a.map((x, i) => (i > 0 && typeof x !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + show(x)).join(''),
  println: (a) => a.map(show).join(' ') + '\n',
  printf: ([f, ...a]) => sprintf(show(f), a),
  eq: ([a, ...bs]) => bs.some((b) => (a === undefined || b === undefined ? a === b : plainEqual(a, b) || (typeof a !== 'string' && typeof b !== 'string' && compare(a, b) === 0))),
  ne: ([a, b]) => !(a === undefined || b === undefined ? a === b : plainEqual(a, b)),
  lt: ([a, b]) => compare(a, b) < 0,
  le: ([a, b]) => compare(a, b) <= 0,
  gt: ([a, b]) => compare(a, b) > 0,
  ge: ([a, b]) => compare(a, b) >= 0,
  html: (a) => htmlEscape(a.map(show).join('')),
  js: (a) => jsEscape(a.map(show).join('')),
  urlquery: (a) =>
    Array.from(new TextEncoderShim(a.map(show).join('')), (b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : b === 32 ? '+' : '%' + b.toString(16).toUpperCase().padStart(2, '0'),
    ).join(''),
};

function evalPipe(pipe: string, scope: Scope): PlainValue | undefined {
  const decl = /^(\$\w+)\s*:?=\s*(.*)$/s.exec(pipe);
  if (decl) {
    const v = evalPipe(decl[2]!, scope);
    scope.vars.set(decl[1]!, v);
    return undefined;
  }
  const toks = tokenizePipe(pipe);
  let pos = 0;
  const term = (): PlainValue | undefined => {
    const t = toks[pos++];
    if (t === undefined) return fail('missing value');
    if (t === '(') {
      const v = command(true);
      if (toks[pos++] !== ')') fail('unclosed left paren');
      return v;
    }
    if (t.startsWith('"')) return JSON.parse(t) as string;
    if (t.startsWith('`')) return t.slice(1, -1);
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'nil') return null;
    if (/^-?\d+$/.test(t)) return BigInt(t);
    if (/^-?\d*\.\d+$/.test(t)) return new CueFloat(new Decimal(t), t);
    if (t === '.') return scope.dot;
    if (t.startsWith('.')) return t.slice(1).split('.').reduce(field, scope.dot);
    if (t.startsWith('$')) {
      const [name, ...path] = t.split('.');
      if (!scope.vars.has(name!)) fail(`undefined variable: ${name}`);
      return path.reduce(field, scope.vars.get(name!));
    }
    return fail(`function "${t}" not defined`);
  };
  const command = (inParen: boolean): PlainValue | undefined => {
    let result: PlainValue | undefined;
    let first = true;
    for (;;) {
      const t = toks[pos];
      let args: (PlainValue | undefined)[] = [];
      let fn: string | undefined;
      if (t !== undefined && /^[A-Za-z_]\w*$/.test(t) && !['true', 'false', 'nil'].includes(t)) {
        fn = t;
        pos++;
        if (!(fn in funcs)) fail(`function "${fn}" not defined`);
      }
      while (pos < toks.length && toks[pos] !== '|' && toks[pos] !== ')') args.push(term());
      if (!first) args = [...args, result];
      if (fn) result = funcs[fn]!(args);
      else {
        if (args.length !== 1) fail(`can't give argument to non-function`);
        result = args[0];
      }
      first = false;
      if (toks[pos] === '|') {
        pos++;
        continue;
      }
      if (!inParen && pos < toks.length) fail(`unexpected "${toks[pos]}" in operand`);
      return result;
    }
  };
  return command(false);
}

function exec(nodes: Node[], scope: Scope, out: string[], depth: number): void {
  if (depth > 1000) fail('exceeded maximum template depth');
  for (const n of nodes) {
    switch (n.k) {
      case 'text': out.push(n.s); break;
      case 'action': {
        const v = evalPipe(n.pipe, scope);
        if (!/^\$\w+\s*:?=/.test(n.pipe)) out.push(show(v));
        break;
      }
      case 'if': {
        const v = evalPipe(n.pipe, scope);
        exec(truth(v) ? n.then : n.else, scope, out, depth + 1);
        break;
      }
      case 'with': {
        const v = evalPipe(n.pipe, scope);
        if (truth(v)) exec(n.then, { dot: v, vars: scope.vars }, out, depth + 1);
        else exec(n.else, scope, out, depth + 1);
        break;
      }
      case 'range': {
        const v = evalPipe(n.pipe, scope);
        const items: [PlainValue, PlainValue][] = Array.isArray(v)
          ? v.map((x, i) => [BigInt(i), x])
          : v instanceof PlainStruct
            ? [...v.fields.keys()].sort().map((k) => [k, v.fields.get(k)!])
            : typeof v === 'bigint'
              ? Array.from({ length: Number(v > 100000n ? 100000n : v < 0n ? 0n : v) }, (_, i) => [BigInt(i), BigInt(i)])
              : v === undefined || v === null
                ? []
                : fail(`range can't iterate over ${show(v)}`);
        if (items.length === 0) {
          exec(n.else, scope, out, depth + 1);
          break;
        }
        for (const [k, x] of items) {
          const vars = new Map(scope.vars);
          if (n.vars.length === 1) vars.set(n.vars[0]!, x);
          if (n.vars.length === 2) {
            vars.set(n.vars[0]!, k);
            vars.set(n.vars[1]!, x);
          }
          exec(n.body, { dot: x, vars }, out, depth + 1);
        }
        break;
      }
    }
  }
}

export function execute(template: string, data: PlainValue): string {
  currentLine = 1;
  const nodes = parse(template);
  const out: string[] = [];
  exec(nodes, { dot: data, vars: new Map([['$', data]]) }, out, 0);
  return out.join('');
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'text/template',
    funcs: {
      Execute: {
        params: ['string', 'top'],
        result: 'string',
        doc: 'the output of a Go text/template applied to data (a subset of the template language)',
        readsTop: 'decode',
        call: ([t, data]) => execute(str(t), data ?? null),
      },
      HTMLEscape: { params: ['string'], result: 'string', doc: "s with <, >, &, ' and \" escaped for HTML", call: ([s]) => htmlEscape(str(s)) },
      JSEscape: { params: ['string'], result: 'string', doc: 's escaped for use in JavaScript', call: ([s]) => jsEscape(str(s)) },
    },
  };
}
