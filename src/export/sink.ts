/**
 * Where the exporter puts the values it walks. Export checks a whole tree and collects its
 * errors; what it builds on the way depends on the caller:
 * - `PlainBuilder`: plain values (plain.ts), for `toJS`, YAML and the standard library;
 * - `JSONTextSink`: JSON text written directly, for `cue export --out json` (no plain tree,
 *   no second walk);
 * - `nullSink`: nothing, when only errors are wanted (validation).
 *
 * A field is announced before its value. When the value turns out to be missing (an error, or
 * a non-concrete value in non-concrete mode) nothing follows the announcement; the JSON sink
 * is used only when any error discards the whole text.
 */
import { PlainStruct, type PlainValue } from '../plain/plain-value.js';
import { scalarToPlain } from '../core/plain-values.js';
import { type Scalar, ValueType } from '../core/value.js';
import { needsQuoting, quoteJSON, scalarJSON } from '../encoding/json-encode.js';
import { TextBuffer } from '../encoding/text-buffer.js';

export interface ExportSink {
  /** Whether the sink keeps anything (false: the exporter may skip ordering fields). */
  readonly builds: boolean;
  scalar(v: Scalar): void;
  beginList(): void;
  endList(): void;
  beginStruct(): void;
  /** The next value belongs to field `name` of the innermost struct. */
  field(name: string): void;
  endStruct(): void;
}

export const nullSink: ExportSink = {
  builds: false,
  scalar() {},
  beginList() {},
  endList() {},
  beginStruct() {},
  field() {},
  endStruct() {},
};

/** Builds a plain value; `result` holds it once the walk is done. */
export class PlainBuilder implements ExportSink {
  readonly builds = true;
  result: PlainValue | undefined = undefined;
  /** Open lists and structs, innermost last, with the field name a struct waits to fill. */
  private readonly open: (PlainValue[] | PlainStruct)[] = [];
  private readonly keys: (string | undefined)[] = [];

  private put(x: PlainValue): void {
    const n = this.open.length;
    if (n === 0) {
      this.result = x;
      return;
    }
    const top = this.open[n - 1]!;
    if (Array.isArray(top)) top.push(x);
    else {
      const k = this.keys[n - 1];
      if (k !== undefined) top.fields.set(k, x);
      this.keys[n - 1] = undefined;
    }
  }

  scalar(v: Scalar): void {
    this.put(scalarToPlain(v));
  }
  beginList(): void {
    const l: PlainValue[] = [];
    this.put(l);
    this.open.push(l);
    this.keys.push(undefined);
  }
  endList(): void {
    this.open.pop();
    this.keys.pop();
  }
  beginStruct(): void {
    const s = new PlainStruct();
    this.put(s);
    this.open.push(s);
    this.keys.push(undefined);
  }
  field(name: string): void {
    this.keys[this.keys.length - 1] = name;
  }
  endStruct(): void {
    this.open.pop();
    this.keys.pop();
  }
}

/**
 * `"name": ` for field names, memoized: the same keys (`apiVersion`, `metadata`, `name`) come
 * back in every object of every export. Bounded: cleared when full.
 */
const keyCache = new Map<string, string>();

function quotedKey(name: string): string {
  let q = keyCache.get(name);
  if (q === undefined) {
    if (keyCache.size >= 4096) keyCache.clear();
    q = quoteJSON(name) + ': ';
    keyCache.set(name, q);
  }
  return q;
}

/** One level of indentation, as `cue export` (and encodeJSON by default) writes it. */
const indent = '    ';

/**
 * JSON text as `encodeJSON` writes it by default (four-space indent, no HTML escaping: `cue
 * export --out json`), or with no whitespace at all when `compact` (`--out json+compact`),
 * built while the tree is walked, into a TextBuffer (flat 8 KiB chunks joined at the end).
 */
export class JSONTextSink implements ExportSink {
  readonly builds = true;
  private readonly out = new TextBuffer();
  /** Open lists and structs: how many, and per level whether it is a list and has an element yet. */
  private depth = 0;
  private readonly isList: boolean[] = [];
  private readonly filled: boolean[] = [];
  /** The newline and indentation of each depth, and the same after a comma (made once per depth). */
  private readonly lines: string[];
  private readonly commaLines: string[];
  private readonly indent: string;

  constructor(private readonly compact = false) {
    this.lines = [compact ? '' : '\n'];
    this.commaLines = [compact ? ',' : ',\n'];
    this.indent = compact ? '' : indent;
  }

  private line(depth: number): string {
    while (this.lines.length <= depth) {
      const l = this.lines[this.lines.length - 1]! + this.indent;
      this.lines.push(l);
      this.commaLines.push(',' + l);
    }
    return this.lines[depth]!;
  }

  /** The separator before an element at `depth`: a newline and indentation, after a comma unless first. */
  private separator(depth: number, first: boolean): string {
    const l = this.line(depth);
    return first ? l : this.commaLines[depth]!;
  }

  /** Before a value: the separator when it is an element of a list (a field writes its own). */
  private element(): void {
    const d = this.depth;
    if (d === 0 || !this.isList[d]) return;
    this.out.write(this.separator(d, !this.filled[d]));
    this.filled[d] = true;
  }

  scalar(v: Scalar): void {
    this.element();
    if (v.type === ValueType.string) this.quoted(v.value);
    else if (v.type === ValueType.num && v.isInt) this.out.write(v.int === 0n ? v.text : v.int.toString()); // `-0` keeps its sign
    else this.out.write(scalarJSON(scalarToPlain(v) as Exclude<PlainValue, PlainValue[] | PlainStruct>, false));
  }
  private begin(open: string, isList: boolean): void {
    this.element();
    this.out.write(open);
    const d = ++this.depth;
    this.isList[d] = isList;
    this.filled[d] = false;
  }
  private end(close: string): void {
    const d = this.depth--;
    if (this.filled[d]) this.out.write(this.line(d - 1));
    this.out.write(close);
  }
  beginList(): void {
    this.begin('[', true);
  }
  endList(): void {
    this.end(']');
  }
  beginStruct(): void {
    this.begin('{', false);
  }
  field(name: string): void {
    const d = this.depth;
    this.out.write(this.separator(d, !this.filled[d]));
    this.out.write(this.compact ? quoteJSON(name) + ':' : quotedKey(name));
    this.filled[d] = true;
  }
  endStruct(): void {
    this.end('}');
  }

  private quoted(s: string): void {
    if (needsQuoting(s)) this.out.write(quoteJSON(s));
    else {
      this.out.write('"');
      this.out.write(s);
      this.out.write('"');
    }
  }

  /** The text written, with its final newline (once: the buffer is then reused). */
  finish(): string {
    this.out.write('\n');
    return this.out.toString();
  }
}
