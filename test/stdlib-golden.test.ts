/**
 * Runs the simple calls of the stdlib golden cases (testdata/stdlib/**) directly through the
 * registry, without the evaluator: each top-level field of `in.cue` whose value is a call on
 * literals (`a: strings.Split("a,b", ",")`, nested calls, `"abc" & strings.MinRunes(3)`)
 * is evaluated here and compared with the case's `out/export.json` or `out/errors`, both
 * produced by reference CUE (or written by hand for a known difference). The evaluator's own
 * golden runner runs the same cases end to end.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { Decimal } from '../src/plain/decimal.js';
import { CueFloat, PlainStruct, type PlainValue } from '../src/plain/plain-value.js';
import { lookupPackage, packagePaths } from '../src/stdlib/registry.js';
import { BuiltinError, type ParamKind } from '../src/plain/builtin.js';
import { getFile, listTxtar, readTxtar } from './helpers/txtar.js';

const root = path.join(__dirname, '..', 'testdata', 'stdlib');

// ------------------------------------------------------------------------------------------
// A parser for the subset of CUE the cases use on one line.

type Expr =
  | { t: 'lit'; v: PlainValue }
  | { t: 'list'; elems: Expr[] }
  | { t: 'struct'; fields: [string, Expr][] }
  | { t: 'sel'; pkg: string; name: string }
  | { t: 'call'; pkg: string; name: string; args: Expr[] }
  | { t: 'and'; x: Expr; y: Expr };

class Unsupported extends Error {}

function parseExpr(src: string): Expr {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const peek = () => (ws(), src[i]);
  const expect = (c: string) => {
    ws();
    if (src[i] !== c) throw new Unsupported(`expected ${c} at ${i} in ${src}`);
    i++;
  };
  const str = (quote: string, raw: boolean): string | Uint8Array => {
    const bytes: number[] = [];
    const push = (s: string) => {
      for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
    };
    for (;;) {
      if (i >= src.length) throw new Unsupported('unterminated string');
      const c = src[i]!;
      if (c === quote && (!raw || src[i + 1] === '#')) {
        i += raw ? 2 : 1;
        break;
      }
      if (c === '\\' && (!raw || src[i + 1] === '#')) {
        if (raw) i++;
        const e = src[i + 1]!;
        i += 2;
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'", '/': '/' };
        if (e in simple) push(simple[e]!);
        else if (e === 'u' || e === 'U') {
          const w = e === 'u' ? 4 : 8;
          push(String.fromCodePoint(parseInt(src.slice(i, i + w), 16)));
          i += w;
        } else if (e === 'x') {
          bytes.push(parseInt(src.slice(i, i + 2), 16));
          i += 2;
        } else throw new Unsupported(`escape \\${e}`);
        continue;
      }
      const cp = src.codePointAt(i)!;
      push(String.fromCodePoint(cp));
      i += cp > 0xffff ? 2 : 1;
    }
    const u8 = Uint8Array.from(bytes);
    return quote === "'" ? u8 : Buffer.from(u8).toString('utf8');
  };
  const primary = (): Expr => {
    const c = peek();
    if (c === '"' && src.startsWith('"""', i)) throw new Unsupported('multi-line string');
    if (c === '"' || c === "'") {
      i++;
      return { t: 'lit', v: str(c, false) };
    }
    if (c === '#' && src[i + 1] === '"') {
      i += 2;
      return { t: 'lit', v: str('"', true) };
    }
    if (c === '[') {
      i++;
      const elems: Expr[] = [];
      while (peek() !== ']') {
        elems.push(expr());
        if (peek() === ',') i++;
      }
      i++;
      return { t: 'list', elems };
    }
    if (c === '{') {
      i++;
      const fields: [string, Expr][] = [];
      while (peek() !== '}') {
        let label: string;
        if (peek() === '"') {
          i++;
          label = str('"', false) as string;
        } else {
          const m = /^[A-Za-z_$#][\w$]*/.exec(src.slice(i))!;
          if (!m) throw new Unsupported('label');
          label = m[0];
          i += label.length;
        }
        expect(':');
        fields.push([label, expr()]);
        if (peek() === ',') i++;
      }
      i++;
      return { t: 'struct', fields };
    }
    const num = /^-?(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?|\d+\.)/.exec(src.slice(i));
    if (num) {
      i += num[0].length;
      const text = num[0];
      if (/^-?0[xob]/.test(text) || /^-?[\d_]+$/.test(text)) {
        const neg = text.startsWith('-');
        const v = BigInt(text.replace(/^-/, '').replace(/_/g, ''));
        return { t: 'lit', v: neg ? -v : v };
      }
      return { t: 'lit', v: new CueFloat(new Decimal(text.replace(/_/g, '')), text) };
    }
    const id = /^[A-Za-z_][\w]*/.exec(src.slice(i));
    if (!id) throw new Unsupported(`at ${src.slice(i)}`);
    i += id[0].length;
    if (id[0] === 'true' || id[0] === 'false') return { t: 'lit', v: id[0] === 'true' };
    if (id[0] === 'null') return { t: 'lit', v: null };
    if (src[i] !== '.') throw new Unsupported(`reference ${id[0]}`);
    i++;
    const name = /^[A-Za-z_][\w]*/.exec(src.slice(i))![0];
    i += name.length;
    if (src[i] !== '(') return { t: 'sel', pkg: id[0], name };
    i++;
    const args: Expr[] = [];
    while (peek() !== ')') {
      args.push(expr());
      if (peek() === ',') i++;
    }
    i++;
    return { t: 'call', pkg: id[0], name, args };
  };
  const expr = (): Expr => {
    let x = primary();
    while (peek() === '&') {
      i++;
      x = { t: 'and', x, y: primary() };
    }
    return x;
  };
  const e = expr();
  ws();
  if (i !== src.length && !src.startsWith('//', i)) throw new Unsupported(`trailing ${src.slice(i)}`);
  return e;
}

// ------------------------------------------------------------------------------------------
// Evaluation through the registry

class CallError extends Error {}
class KindError extends Error {}
class ValidatorFailed extends Error {}

function kindOk(k: ParamKind, v: PlainValue): boolean {
  switch (k) {
    case 'top': return true;
    case 'null': return v === null;
    case 'bool': return typeof v === 'boolean';
    case 'int': return typeof v === 'bigint';
    case 'float': return v instanceof CueFloat;
    case 'number': return typeof v === 'bigint' || v instanceof CueFloat;
    case 'string': return typeof v === 'string';
    case 'bytes': return v instanceof Uint8Array;
    case 'stringOrBytes': return typeof v === 'string' || v instanceof Uint8Array;
    case 'list': return Array.isArray(v);
    case 'struct': return v instanceof PlainStruct;
  }
}

export const calledFuncs = new Set<string>();

function evaluate(e: Expr, imports: Map<string, string>): PlainValue {
  switch (e.t) {
    case 'lit': return e.v;
    case 'list': return e.elems.map((x) => evaluate(x, imports));
    case 'struct': return new PlainStruct(e.fields.map(([k, x]) => [k, evaluate(x, imports)]));
    case 'sel': {
      const pkg = lookupPackage(imports.get(e.pkg) ?? '?');
      if (!pkg) throw new Unsupported(`package ${e.pkg}`);
      const v = pkg.consts?.[e.name];
      if (v === undefined) throw new Unsupported(`const ${e.name}`);
      return v;
    }
    case 'call': return call(e, [], imports);
    case 'and': {
      const [lit, val] = e.x.t === 'call' && e.y.t !== 'call' ? [e.y, e.x] : [e.x, e.y];
      if (val.t !== 'call') throw new Unsupported('& without a validator');
      const x = evaluate(lit, imports);
      let ok: PlainValue;
      try {
        ok = call(val, [x], imports);
      } catch (err) {
        // A validator that fails with a message: CUE prints "does not satisfy" and the message.
        if (err instanceof CallError) throw new ValidatorFailed(err.message);
        throw err;
      }
      if (ok !== true) throw new ValidatorFailed();
      return x;
    }
  }
}

function call(e: Extract<Expr, { t: 'call' }>, first: PlainValue[], imports: Map<string, string>): PlainValue {
  const path = imports.get(e.pkg);
  const pkg = path && lookupPackage(path);
  if (!pkg) throw new Unsupported(`package ${e.pkg}`);
  const f = pkg.funcs[e.name];
  if (!f) throw new Unsupported(`function ${e.pkg}.${e.name}`);
  if (f.raw) throw new Unsupported(`raw ${e.name}`);
  const args = [...first, ...e.args.map((a) => evaluate(a, imports))];
  const min = f.params.length - (f.optional ?? 0);
  if (args.length < min || args.length > f.params.length) throw new Unsupported(`arity ${e.name}`);
  args.forEach((a, i) => {
    if (!kindOk(f.params[i]!, a)) throw new KindError(`${e.name} argument ${i}`);
  });
  calledFuncs.add(`${path}.${e.name}`);
  try {
    return f.call(args);
  } catch (err) {
    if (err instanceof BuiltinError) throw new CallError(`error in call to ${path}.${e.name}: ${err.message}`);
    throw err;
  }
}

// ------------------------------------------------------------------------------------------
// Expected values: a lossless JSON reader (number text kept) and a comparison with plain values.

type Json = null | boolean | string | { num: string } | Json[] | { obj: [string, Json][] };

function parseJson(text: string): Json {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: [string, Json][] = [];
      ws();
      if (text[i] === '}') return i++, { obj };
      for (;;) {
        ws();
        const k = value() as string;
        ws();
        i++; // :
        obj.push([k, value()]);
        ws();
        if (text[i++] === '}') return { obj };
      }
    }
    if (c === '[') {
      i++;
      const arr: Json[] = [];
      ws();
      if (text[i] === ']') return i++, arr;
      for (;;) {
        arr.push(value());
        ws();
        if (text[i++] === ']') return arr;
      }
    }
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i))!;
      i += m[0].length;
      return JSON.parse(m[0]) as string;
    }
    const m = /^(true|false|null|-?[\d.eE+-]+)/.exec(text.slice(i))!;
    i += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    if (m[0] === 'null') return null;
    return { num: m[0] };
  };
  return value();
}

/** Plain value -> the JSON reading of it, for comparison (bytes are base64, as CUE exports them). */
function toJson(v: PlainValue): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { num: v.toString() };
  if (v instanceof CueFloat) return { num: v.text };
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(toJson);
  return { obj: [...v.fields].map(([k, x]) => [k, toJson(x)]) };
}

// ------------------------------------------------------------------------------------------

interface Field {
  label: string;
  line: number;
  src: string;
}

function readCase(file: string) {
  const a = readTxtar(file);
  const cue = getFile(a, 'in.cue') ?? '';
  const imports = new Map<string, string>();
  for (const m of cue.matchAll(/^\s*(?:import\s+)?(?:(\w+)\s+)?"([\w/]+)"\s*$/gm)) {
    imports.set(m[1] ?? m[2]!.slice(m[2]!.lastIndexOf('/') + 1), m[2]!);
  }
  const fields: Field[] = [];
  cue.split('\n').forEach((text, idx) => {
    const m = /^(\w+|"[^"]*"):\s(.*)$/.exec(text);
    if (m) fields.push({ label: m[1]!.replace(/^"|"$/g, ''), line: idx + 1, src: m[2]! });
  });
  const exported = getFile(a, 'out/export.json');
  const errors = getFile(a, 'out/errors');
  const tol = /^tolerance: (\S+)$/m.exec(a.comment);
  return { tolerance: tol ? Number(tol[1]) : 0, imports, fields, exported: exported !== undefined ? (parseJson(exported) as { obj: [string, Json][] }) : undefined, errors };
}

/** The error messages of `out/errors`, by the line of their first position. */
function errorsByLine(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  let msg: string | undefined;
  for (const line of text.split('\n')) {
    const pos = /^\s+\.\/in\.cue:(\d+):\d+$/.exec(line);
    if (pos) {
      if (msg !== undefined) {
        const n = Number(pos[1]);
        out.set(n, [...(out.get(n) ?? []), msg]);
        msg = undefined;
      }
    } else if (line.trim() !== '') msg = line.replace(/:$/, '');
  }
  return out;
}

const files = listTxtar(root);

describe('stdlib golden cases through the registry', () => {
  let evaluated = 0;
  for (const file of files) {
    const rel = path.relative(root, file);
    it(rel, () => {
      const c = readCase(file);
      const errs = c.errors !== undefined ? errorsByLine(c.errors) : undefined;
      for (const f of c.fields) {
        let expr: Expr;
        try {
          expr = parseExpr(f.src);
        } catch (e) {
          if (e instanceof Unsupported) continue;
          throw e;
        }
        let got: PlainValue | Error;
        try {
          got = evaluate(expr, c.imports);
        } catch (e) {
          if (e instanceof Unsupported) continue;
          if (!(e instanceof CallError || e instanceof KindError || e instanceof ValidatorFailed)) throw e;
          got = e;
        }
        evaluated++;
        const where = `${rel} ${f.label} (${f.src})`;
        if (c.exported) {
          const want = c.exported.obj.find(([k]) => k === f.label);
          expect(got instanceof Error ? `error: ${got.message}` : undefined, where).toBeUndefined();
          if (c.tolerance > 0 && want && typeof want[1] === 'object' && want[1] !== null && 'num' in want[1]) {
            const w = Number(want[1].num);
            const g = Number((toJson(got as PlainValue) as { num: string }).num);
            expect(Math.abs(g - w), where).toBeLessThanOrEqual(c.tolerance * Math.max(1, Math.abs(w)));
          } else expect(toJson(got as PlainValue), where).toEqual(want?.[1]);
        } else if (errs) {
          const msgs = (errs.get(f.line) ?? []).map((m) => m.replace(/^[\w."-]+: (?=error in call)/, ''));
          if (msgs.length === 0) {
            expect(got instanceof Error ? `error: ${got.message}` : 'ok', where).toBe('ok');
            continue;
          }
          const msg = msgs[0]!;
          if (got instanceof CallError) {
            // Errors CUE reports without the "error in call to" prefix (bad list elements).
            if (!msg.startsWith('error in call to ')) expect(got.message.replace(/^error in call to [\w/]+\.\w+: /, ''), where).toBe(msg.replace(/^[\w."-]+: /, ''));
            else expect(got.message, where).toBe(msg);
          }
          // A value of another kind than a validator checks is a kind conflict in the evaluator
          // (the validator's kind is its first parameter's), a wrong argument here.
          else if (got instanceof KindError) expect(msg, where).toMatch(/cannot use|invalid list element|as type|overflows|mismatched types/);
          else if (got instanceof ValidatorFailed) {
            expect(msg, where).toMatch(/does not satisfy|invalid value/);
            if (got.message && msg.includes('error in call to ')) expect(msg.endsWith(got.message), `${where}: ${msg} ends with ${got.message}`).toBe(true);
          }
          else expect.fail(`${where}: expected error ${msg}, got ${JSON.stringify(toJson(got))}`);
        }
      }
    });
  }

  it('calls every pure function of every package at least once', () => {
    // Runs after the cases above (vitest runs tests of a file in order).
    expect(evaluated).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const p of packagePaths()) {
      const pkg = lookupPackage(p)!;
      for (const [name, f] of Object.entries(pkg.funcs)) {
        if (!f.raw && !calledFuncs.has(`${p}.${name}`)) missing.push(`${p}.${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
