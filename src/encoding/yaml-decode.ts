/**
 * YAML input: text -> CUE AST with exact positions (data files, Application YAML, parameter
 * files) and -> plain values (`yaml.Unmarshal`).
 *
 * YAML is read as current CUE reads it (go-yaml v3): YAML 1.2 with `0755` as an octal int and
 * `_` in numbers; `yes`/`on`/`y` and timestamps are strings (see yaml-resolve.ts). Beyond the
 * parse itself (the `yaml` package, which keeps offsets), this file decides:
 * - anchors and aliases are expanded, counting the nodes expansion produces; more than
 *   `maxAliasExpansion` (default 50,000, CUE's limit) is an error, so a "billion laughs"
 *   document fails after a bounded amount of work; an alias inside its own anchor is an error;
 * - a key given twice in one mapping is an error naming both positions (go-yaml rejects it);
 * - merge keys `<<` follow the YAML merge spec: keys of the mapping itself win over merged
 *   ones, and among merged mappings the earlier one wins;
 * - tags: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!binary` (bytes),
 *   `!!timestamp` (a string), `!!map`, `!!seq`, `!!merge`; any other tag is an error;
 * - `.inf` and `.nan` are errors: CUE numbers have neither;
 * - an empty file is `*null | _` (CUE's reading: null unless something else is given);
 * - a stream with several documents is an error where one value is expected, unless the
 *   caller allows several (`allowMultipleDocuments`: one embedded value per document, which
 *   CUE unifies, as CUE v0.4 did for data files), or uses parseYAMLStream.
 */
import { Alias, type Document, isAlias, isMap, isScalar, isSeq, type Node as YNode, parseAllDocuments, Scalar, type YAMLMap } from 'yaml';
import { CueError, CueErrorList, ErrorCode } from '../errors/index.js';
import type { PlainValue } from '../plain/plain-value.js';
import { Source, type Span } from '../source/index.js';
import type { BasicLit, BinaryExpr, Declaration, EmbedDecl, Expr, Field, File, Label, ListLit, StructLit } from '../syntax/ast.js';
import { decodeBase64 } from './base64.js';
import { dataLabel, stringLit } from './cue-literal.js';
import { toPlain } from './to-plain.js';
import { resolvePlain } from './yaml-resolve.js';

export interface YAMLDecodeOptions {
  /** Most nodes that alias expansion may produce in one document (default 50,000). */
  maxAliasExpansion?: number;
  /** Accept a stream of several documents (one embedded value each) in parseYAMLFile. */
  allowMultipleDocuments?: boolean;
}

export const defaultMaxAliasExpansion = 50_000;

/** A YAML file as a CUE File: one EmbedDecl holding the value (one per document if allowed). */
export function parseYAMLFile(src: Source, options: YAMLDecodeOptions = {}): { file?: File; errors: CueError[] } {
  const { exprs, errors } = parseYAMLStream(src, options);
  if (errors.length > 0) return { errors };
  if (exprs.length > 1 && !options.allowMultipleDocuments) {
    const second = exprs[1]!;
    return { errors: [new CueError(ErrorCode.io, 'expected a single YAML document', [], [second.span])] };
  }
  const decls: Declaration[] = exprs.map((expr): EmbedDecl => ({ type: 'EmbedDecl', span: expr.span, expr }));
  return { file: { type: 'File', span: { src, start: 0, end: src.text.length }, attrs: [], imports: [], decls }, errors: [] };
}

/**
 * One CUE expression per YAML document (for callers that accept several values, e.g. several
 * Applications in one file). An empty stream gives one expression, `*null | _`.
 */
export function parseYAMLStream(src: Source, options: YAMLDecodeOptions = {}): { exprs: Expr[]; errors: CueError[] } {
  const deep = tooDeep(src.text, maxYAMLDepth);
  if (deep >= 0) {
    return { exprs: [], errors: [new CueError(ErrorCode.limit, `YAML nesting too deep (limit ${maxYAMLDepth})`, [], [{ src, start: deep, end: deep }])] };
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(src.text, {
      schema: 'failsafe',
      resolveKnownTags: false,
      uniqueKeys: false,
      prettyErrors: false,
      logLevel: 'silent',
    }) as Document.Parsed[];
  } catch (e) {
    // The parser reports problems as document errors; anything thrown is still bad input.
    return { exprs: [], errors: [new CueError(ErrorCode.io, 'invalid YAML: ' + String((e as Error).message), [], [{ src, start: 0, end: 0 }])] };
  }
  const errors: CueError[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      const start = Math.min(e.pos[0], src.text.length);
      errors.push(new CueError(ErrorCode.io, 'invalid YAML: ' + firstLine(e.message), [], [{ src, start, end: start }]));
    }
  }
  if (errors.length > 0) return { exprs: [], errors };
  if (docs.length === 0) return { exprs: [emptyStream(src)], errors };
  const exprs: Expr[] = [];
  for (const doc of docs) {
    const x = new Extractor(src, doc, options.maxAliasExpansion ?? defaultMaxAliasExpansion);
    const expr = x.document();
    errors.push(...x.errors);
    if (expr) exprs.push(expr);
  }
  return { exprs: errors.length > 0 ? [] : exprs, errors };
}

/** `yaml.Unmarshal`: one document -> plain value. Throws a CueErrorList on bad input. */
export function decodeYAML(text: string, fileName = 'yaml', options: YAMLDecodeOptions = {}): PlainValue {
  const { file, errors } = parseYAMLFile(new Source(fileName, text), { ...options, allowMultipleDocuments: false });
  if (!file) throw new CueErrorList(errors);
  const v = toPlain((file.decls[0] as EmbedDecl).expr, errors);
  if (errors.length > 0) throw new CueErrorList(errors);
  return v;
}

/** `yaml.UnmarshalStream`: every document -> plain value. Throws a CueErrorList on bad input. */
export function decodeYAMLStream(text: string, fileName = 'yaml', options: YAMLDecodeOptions = {}): PlainValue[] {
  const { exprs, errors } = parseYAMLStream(new Source(fileName, text), options);
  if (errors.length > 0) throw new CueErrorList(errors);
  const out = exprs.map((e) => toPlain(e, errors));
  if (errors.length > 0) throw new CueErrorList(errors);
  return out;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).replace(/:$/, '');
}

function emptyStream(src: Source): Expr {
  const span = { src, start: 0, end: 0 };
  const nullLit: BasicLit = { type: 'BasicLit', span, kind: 'null', raw: 'null', value: 'null' };
  const x: BinaryExpr = {
    type: 'BinaryExpr',
    span,
    op: '|',
    left: { type: 'UnaryExpr', span, op: '*', expr: nullLit },
    right: { type: 'Ident', span, name: '_' },
  };
  return x;
}

/** Ends the current document: limits and self-referencing aliases. */
class Abort extends Error {
  constructor(readonly error: CueError) {
    super(error.message);
  }
}

const yamlTagPrefix = 'tag:yaml.org,2002:';
const rxAnyOctal = /^[-+]?0[0-9_]+$/;
const floatText = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const intText = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;

/** `!!int` for `tag:yaml.org,2002:int`; other tags as written. */
function shortTag(tag: string | undefined): string {
  if (tag === undefined) return '';
  return tag.startsWith(yamlTagPrefix) ? '!!' + tag.slice(yamlTagPrefix.length) : tag;
}

interface FieldSlot {
  field: Field;
  /** Set by a key of the mapping itself, not by a merge: a merge never overrides it. */
  explicit: boolean;
}

class Extractor {
  readonly errors: CueError[] = [];
  private aliasDepth = 0;
  private aliasNodes = 0;
  private readonly expanding = new Set<YNode>();

  constructor(
    private readonly src: Source,
    private readonly doc: Document.Parsed,
    private readonly maxAlias: number,
  ) {}

  document(): Expr | undefined {
    try {
      const c = this.doc.contents;
      if (c === null) {
        const at = this.doc.range[0];
        return this.nullAt({ src: this.src, start: at, end: at });
      }
      return this.node(c);
    } catch (e) {
      if (e instanceof Abort) {
        this.errors.push(e.error);
        return undefined;
      }
      throw e;
    }
  }

  private span(n: YNode): Span {
    const r = n.range;
    if (!r) return { src: this.src, start: 0, end: 0 };
    return { src: this.src, start: r[0], end: Math.max(r[0], r[1]) };
  }

  private fail(message: string, span: Span, code: typeof ErrorCode.io | typeof ErrorCode.limit = ErrorCode.io): CueError {
    const e = new CueError(code, message, [], [span]);
    this.errors.push(e);
    return e;
  }

  private nullAt(span: Span): BasicLit {
    return { type: 'BasicLit', span, kind: 'null', raw: 'null', value: 'null' };
  }

  private count(n: YNode): void {
    if (this.aliasDepth > 0 && ++this.aliasNodes > this.maxAlias) {
      throw new Abort(new CueError(ErrorCode.limit, `aliases expand to more than ${this.maxAlias} nodes (maxAliasExpansion)`, [], [this.span(n)]));
    }
  }

  private node(n: YNode): Expr {
    this.count(n);
    if (isAlias(n)) return this.alias(n);
    if (isMap(n)) return this.mapping(n as YAMLMap.Parsed);
    if (isSeq(n)) {
      this.collectionTag(n.tag, '!!seq', n);
      const elts: Expr[] = [];
      for (const item of n.items) elts.push(item === null ? this.nullAt(this.span(n)) : this.node(item as YNode));
      const list: ListLit = { type: 'ListLit', span: this.span(n), elts };
      return list;
    }
    if (isScalar(n)) return this.scalar(n);
    throw new Abort(new CueError(ErrorCode.io, 'unsupported YAML node', [], [this.span(n)]));
  }

  private collectionTag(tag: string | undefined, want: string, n: YNode): void {
    const t = shortTag(tag);
    if (t !== '' && t !== want && t !== '!') this.fail(`cannot unmarshal tag "${t}" on a ${want === '!!map' ? 'mapping' : 'sequence'}`, this.span(n));
  }

  private resolveAlias(a: Alias): YNode {
    const target = a.resolve(this.doc);
    if (!target) throw new Abort(new CueError(ErrorCode.io, `unknown anchor "${a.source}" referenced`, [], [this.span(a)]));
    if (this.expanding.has(target)) {
      throw new Abort(new CueError(ErrorCode.io, `anchor "${a.source}" value contains itself`, [], [this.span(a)]));
    }
    return target;
  }

  private alias(a: Alias): Expr {
    const target = this.resolveAlias(a);
    this.expanding.add(target);
    this.aliasDepth++;
    try {
      return this.node(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(target);
    }
  }

  private mapping(m: YAMLMap.Parsed): StructLit {
    this.collectionTag(m.tag, '!!map', m);
    const slots: FieldSlot[] = [];
    const index = new Map<string, number>();
    this.insertMap(m, slots, index, false);
    return { type: 'StructLit', span: this.span(m), decls: slots.map((s) => s.field) };
  }

  /**
   * Adds the pairs of `m` to `slots`. `merged` is true when `m` is merged into another
   * mapping: its keys then fill in only what the mapping does not set itself.
   */
  private insertMap(m: YAMLMap.Parsed, slots: FieldSlot[], index: Map<string, number>, merged: boolean): void {
    for (const pair of m.items) {
      const k = pair.key as YNode | null;
      const v = pair.value as YNode | null;
      if (k !== null && this.isMergeKey(k)) {
        if (v === null) {
          this.fail('map merge requires map or sequence of maps as the value', this.span(k));
          continue;
        }
        this.merge(v, slots, index);
        continue;
      }
      const keySpan = k === null ? this.span(m) : this.span(k);
      const name = k === null ? 'null' : this.keyName(k);
      if (name === undefined) continue;
      const valueExpr = v === null ? this.nullAt({ src: this.src, start: keySpan.end, end: keySpan.end }) : this.node(v);
      const label: Label = dataLabel(name, keySpan);
      const field: Field = {
        type: 'Field',
        span: { src: this.src, start: keySpan.start, end: Math.max(keySpan.end, valueExpr.span.end) },
        label,
        constraint: 'regular',
        value: valueExpr,
        attrs: [],
      };
      const at = index.get(name);
      if (at === undefined) {
        index.set(name, slots.length);
        slots.push({ field, explicit: !merged });
        continue;
      }
      const prev = slots[at]!;
      if (prev.explicit) {
        // A key of the mapping given twice is an error; a merged key never overrides one.
        if (!merged) {
          this.errors.push(new CueError(ErrorCode.io, `mapping key "${name}" already defined`, [], [keySpan, prev.field.label.span]));
        }
        continue;
      }
      // Overrides a merged value, keeping its place in the field order (as CUE does). Merge
      // sequences are processed from the end, so the earlier mapping ends up winning.
      slots[at] = { field: { ...field, span: field.span }, explicit: !merged };
    }
  }

  private merge(v: YNode, slots: FieldSlot[], index: Map<string, number>): void {
    this.count(v);
    if (isAlias(v)) {
      const target = this.resolveAlias(v);
      this.expanding.add(target);
      this.aliasDepth++;
      try {
        this.merge(target, slots, index);
      } finally {
        this.aliasDepth--;
        this.expanding.delete(target);
      }
      return;
    }
    if (isMap(v)) {
      this.insertMap(v as YAMLMap.Parsed, slots, index, true);
      return;
    }
    if (isSeq(v)) {
      const items = v.items as (YNode | null)[];
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i];
        if (item === null || item === undefined || !(isMap(item) || isAlias(item))) {
          this.fail('map merge requires map or sequence of maps as the value', item ? this.span(item) : this.span(v));
          continue;
        }
        this.merge(item, slots, index);
      }
      return;
    }
    this.fail('map merge requires map or sequence of maps as the value', this.span(v));
  }

  private isMergeKey(k: YNode): boolean {
    if (!isScalar(k) || k.value !== '<<') return false;
    const t = shortTag(k.tag);
    return t === '!!merge' || (t === '' && k.type === 'PLAIN') || t === '!';
  }

  /** The label a key stands for: strings as they are, other scalars by their text. */
  private keyName(k: YNode): string | undefined {
    let n = k;
    if (isAlias(n)) {
      n = this.resolveAlias(n);
      this.count(n);
    }
    if (!isScalar(n)) {
      this.fail(`invalid map key: ${isMap(n) ? '!!map' : '!!seq'}`, this.span(k));
      return undefined;
    }
    const expr = this.scalar(n);
    if (expr.type === 'BasicLit') {
      if (expr.kind === 'string') return expr.value;
      if (expr.kind === 'null' || expr.kind === 'bool') return expr.value;
      if (expr.kind === 'bytes') {
        this.fail('invalid map key: !!binary', this.span(k));
        return undefined;
      }
    }
    return scalarText(n);
  }

  private scalar(s: Scalar): Expr {
    const span = this.span(s);
    const text = scalarText(s);
    const tag = shortTag(s.tag);
    if (tag === '' && s.type === 'PLAIN') {
      switch (resolvePlain(text)) {
        case 'null':
          return this.nullAt(span);
        case 'bool':
          return { type: 'BasicLit', span, kind: 'bool', raw: text.toLowerCase(), value: text.toLowerCase() };
        case 'int':
          return this.number(text, span, 'int');
        case 'float':
          // `01289` is not an octal number: like go-yaml users expect, it stays a string.
          if (rxAnyOctal.test(text)) return stringLit(text, span);
          return this.number(text, span, 'float');
        case 'inf':
        case 'nan':
          return this.badNumber(text, span);
        default:
          return stringLit(text, span);
      }
    }
    switch (tag) {
      case '':
      case '!':
      case '!!str':
      case '!!timestamp':
        return stringLit(text, span);
      case '!!null':
        return this.nullAt(span);
      case '!!bool': {
        const r = resolvePlain(text);
        if (r !== 'bool') break;
        return { type: 'BasicLit', span, kind: 'bool', raw: text.toLowerCase(), value: text.toLowerCase() };
      }
      case '!!int': {
        if (!intText.test(text.replace(/_/g, ''))) break;
        return this.number(text, span, 'int');
      }
      case '!!float': {
        const r = resolvePlain(text);
        if (r === 'inf' || r === 'nan') return this.badNumber(text, span);
        const plain = text.replace(/_/g, '');
        if (intText.test(plain) && !/[.eE]/.test(plain) && !/^[-+]?0[xXoObB]/.test(plain)) {
          // An integer written as a float: CUE records it as `number & N`.
          const n = this.number(text, span, 'int');
          const x: BinaryExpr = { type: 'BinaryExpr', span, op: '&', left: { type: 'Ident', span, name: 'number' }, right: n };
          return x;
        }
        if (!floatText.test(plain)) break;
        return this.number(text, span, 'float');
      }
      case '!!binary': {
        const bytes = decodeBase64(text);
        if (!bytes) {
          this.fail('!!binary value contains invalid base64 data', span);
          return stringLit(text, span);
        }
        return { type: 'BasicLit', span, kind: 'bytes', raw: bytesLiteral(bytes), value: '', bytes };
      }
      default:
        this.fail(`cannot unmarshal tag "${tag}"`, span);
        return stringLit(text, span);
    }
    this.fail(`cannot decode ${JSON.stringify(text)} as ${tag}`, span);
    return stringLit(text, span);
  }

  private badNumber(text: string, span: Span): Expr {
    this.fail(`cannot decode ${JSON.stringify(text)}: CUE numbers have no infinity or NaN`, span);
    return this.nullAt(span);
  }

  /** A YAML number as a CUE literal: no `_`, `0755` as `0o755`, a sign as a unary operator. */
  private number(text: string, span: Span, kind: 'int' | 'float'): Expr {
    let t = text.replace(/_/g, '');
    let negative = false;
    if (t[0] === '-' || t[0] === '+') {
      negative = t[0] === '-';
      t = t.slice(1);
    }
    if (/^0[xXoObB]/.test(t)) t = '0' + t[1]!.toLowerCase() + t.slice(2);
    else if (t.length > 1 && t[0] === '0' && t[1]! >= '0' && t[1]! <= '9') {
      if (kind === 'float' || /[.eE]/.test(t)) {
        this.fail(`cannot decode ${JSON.stringify(text)} as a number: leading zero in a float`, span);
        return stringLit(text, span);
      }
      t = '0o' + t.slice(1);
    }
    // A number too large for 64 bits resolves as a float in YAML; its text says it is an int.
    const k = kind === 'float' && !/[.eE]/.test(t) ? 'int' : kind;
    const start = negative || text[0] === '+' ? span.start + 1 : span.start;
    const lit: BasicLit = { type: 'BasicLit', span: { src: span.src, start, end: span.end }, kind: k, raw: t, value: t };
    if (!negative) return lit;
    return { type: 'UnaryExpr', span, op: '-', expr: lit };
  }
}

function scalarText(s: Scalar): string {
  const v = s.value;
  return v === null || v === undefined ? '' : String(v);
}

/** A CUE bytes literal for decoded `!!binary` data. */
function bytesLiteral(bytes: Uint8Array): string {
  let s = "'";
  for (const b of bytes) {
    if (b === 0x27) s += "\\'";
    else if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s + "'";
}

/** YAML nesting deeper than this is refused before parsing (the parser recurses per level). */
export const maxYAMLDepth = 1000;

/**
 * The offset where nesting first exceeds `limit`, or -1: flow brackets outside quoted scalars,
 * and block levels (distinct indentations open at once, each `- ` adding one).
 */
function tooDeep(text: string, limit: number): number {
  let flow = 0;
  const indents: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Start of a line: measure its indentation and block sequence markers.
    let col = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      i++;
      col++;
    }
    let j = i;
    let seq = 0;
    while (j + 1 < n && text[j] === '-' && (text[j + 1] === ' ' || text[j + 1] === '\n')) {
      seq++;
      j += 2;
      while (j < n && text.charCodeAt(j) === 32) j++;
    }
    const blank = i >= n || text[i] === '\n' || text[i] === '#';
    if (!blank && flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= col) indents.pop();
      indents.push(col);
      if (indents.length + seq > limit) return i;
    }
    // The rest of the line: flow brackets outside quotes and comments.
    let quote = '';
    for (; i < n && text[i] !== '\n'; i++) {
      const c = text[i]!;
      if (quote) {
        if (c === quote) quote = '';
        else if (c === '\\' && quote === '"') i++;
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
        while (i < n && text[i] !== '\n') i++;
        break;
      } else if (c === '[' || c === '{') {
        if (++flow > limit) return i;
      } else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
    }
    i++;
  }
  return -1;
}
