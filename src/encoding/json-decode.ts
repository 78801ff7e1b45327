/**
 * JSON input: text -> CUE AST with exact positions (for data files, parameters and
 * `json.Unmarshal`), following CUE, which reads JSON as a CUE expression:
 * - objects become StructLits, arrays ListLits, numbers int or float literals by their text
 *   (`1` is an int, `1.0` and `1e3` are floats), negative numbers a unary minus;
 * - a key given twice gives two fields, which unify (`{"a":1,"a":1}` is fine,
 *   `{"a":1,"a":2}` is a conflict reported at both positions), as in CUE;
 * - malformed input is one CueError (code `io`) at the offending character with Go's
 *   encoding/json wording, e.g. `invalid JSON: invalid character ']' looking for beginning of value`.
 */
import { CueError, CueErrorList, ErrorCode } from '../errors/index.js';
import type { PlainValue } from '../plain/plain-value.js';
import { Source, type Span } from '../source/index.js';
import type { BasicLit, Expr, Field, File, Label, UnaryExpr } from '../syntax/ast.js';
import { dataLabel, stringLit } from './cue-literal.js';
import { toPlain } from './to-plain.js';

/** Deeper nesting than this is rejected: no real configuration comes close. */
export const maxJSONDepth = 1000;

/** Malformed JSON: Go's encoding/json message, at `offset`. */
export class JSONSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export interface JSONReadOptions {
  /** Skip a byte order mark at the start (data files); Go's encoding/json refuses one. Default true. */
  bom?: boolean;
  /** Deeper nesting is an error. Default maxJSONDepth; Go's encoding/json allows 10,000. */
  maxDepth?: number;
}

/**
 * One JSON value as a CUE expression with positions; malformed input throws JSONSyntaxError.
 * The one JSON grammar of the project: data files, `json.Unmarshal`, and the text functions
 * of json-text.ts (which re-emit the input through the spans) all read JSON here.
 */
export function readJSON(src: Source, options: JSONReadOptions = {}): Expr {
  return new JSONParser(src, options).parseDocument();
}

/** A stream of JSON values separated by white space (`json.UnmarshalStream`). */
export function readJSONStream(src: Source, options: JSONReadOptions = {}): Expr[] {
  return new JSONParser(src, options).parseStream();
}

/** Parses a JSON file into a File holding the value as its single embedded expression. */
export function parseJSONFile(src: Source): { file?: File; errors: CueError[] } {
  const r = parseJSONExpr(src);
  if (!r.expr) return { errors: r.errors };
  const whole = { src, start: 0, end: src.text.length };
  const file: File = {
    type: 'File',
    span: whole,
    attrs: [],
    imports: [],
    decls: [{ type: 'EmbedDecl', span: r.expr.span, expr: r.expr }],
  };
  return { file, errors: [] };
}

/** Parses JSON text into one CUE expression. */
export function parseJSONExpr(src: Source): { expr?: Expr; errors: CueError[] } {
  try {
    return { expr: readJSON(src), errors: [] };
  } catch (e) {
    if (e instanceof JSONSyntaxError) {
      const at = Math.min(e.offset, src.text.length);
      return { errors: [new CueError(ErrorCode.io, 'invalid JSON: ' + e.message, [], [{ src, start: at, end: at }])] };
    }
    throw e;
  }
}

/** An object or array still open while reading (see JSONParser.value). */
interface ObjectFrame {
  readonly kind: 'object';
  readonly start: number;
  readonly decls: Field[];
  /** The key of the field whose value is being read. */
  keyStart: number;
  label: Label;
}
interface ArrayFrame {
  readonly kind: 'array';
  readonly start: number;
  readonly elts: Expr[];
}
type Container = ObjectFrame | ArrayFrame;

class JSONParser {
  private pos = 0;
  private readonly text: string;
  private readonly maxDepth: number;

  constructor(
    private readonly src: Source,
    options: JSONReadOptions = {},
  ) {
    this.text = src.text;
    this.maxDepth = options.maxDepth ?? maxJSONDepth;
    if ((options.bom ?? true) && this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  parseDocument(): Expr {
    this.skipSpace();
    if (this.pos >= this.text.length) throw new JSONSyntaxError(this.pos, 'unexpected end of JSON input');
    const v = this.value('looking for beginning of value');
    this.skipSpace();
    if (this.pos < this.text.length) throw this.unexpected('after top-level value');
    return v;
  }

  parseStream(): Expr[] {
    const out: Expr[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) return out;
      out.push(this.value('looking for beginning of value'));
    }
  }

  private span(start: number, end = this.pos): Span {
    return { src: this.src, start, end };
  }

  private skipSpace(): void {
    const t = this.text;
    let i = this.pos;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.pos = i;
  }

  private unexpected(context: string): JSONSyntaxError {
    if (this.pos >= this.text.length) {
      // Go's scanner feeds a space at the end of the input: inside a number, a literal or an
      // escape, where a space is wrong, that space is the error it reports.
      if (spaceIsWrong.test(context)) return new JSONSyntaxError(this.pos, `invalid character ' ' ${context}`);
      return new JSONSyntaxError(this.pos, 'unexpected end of JSON input');
    }
    const cp = this.text.codePointAt(this.pos)!;
    return new JSONSyntaxError(this.pos, `invalid character ${describeChar(cp)} ${context}`);
  }

  /**
   * One value. Objects and arrays are read with an explicit stack of the containers still
   * open, not by recursion: Go accepts nesting up to 10,000 levels, deeper than the
   * JavaScript stack would go.
   */
  private value(context: string): Expr {
    const open: Container[] = [];
    let ctx = context;
    for (;;) {
      let v: Expr;
      const c = this.text.charCodeAt(this.pos);
      if (c === 123 || c === 91) {
        if (open.length + 1 > this.maxDepth) throw new JSONSyntaxError(this.pos, `exceeded max depth (${this.maxDepth})`);
        const start = this.pos;
        this.pos++;
        this.skipSpace();
        const close = this.text.charCodeAt(this.pos);
        if (c === 123 && close === 125) {
          this.pos++;
          v = { type: 'StructLit', span: this.span(start), decls: [] };
        } else if (c === 91 && close === 93) {
          this.pos++;
          v = { type: 'ListLit', span: this.span(start), elts: [] };
        } else {
          if (c === 123) {
            const obj: ObjectFrame = { kind: 'object', start, decls: [], keyStart: 0, label: undefined! };
            this.key(obj);
            open.push(obj);
          } else open.push({ kind: 'array', start, elts: [] });
          ctx = 'looking for beginning of value';
          continue;
        }
      } else v = this.scalar(ctx);
      // v is complete: it goes into its container, which may end here too, and so on out.
      for (;;) {
        const top = open[open.length - 1];
        if (!top) return v;
        if (top.kind === 'object') {
          top.decls.push({ type: 'Field', span: this.span(top.keyStart), label: top.label, constraint: 'regular', value: v, attrs: [] });
          this.skipSpace();
          const ch = this.text.charCodeAt(this.pos);
          if (ch === 44) {
            this.pos++;
            this.skipSpace();
            this.key(top);
            break;
          }
          if (ch !== 125) throw this.unexpected('after object key:value pair');
          this.pos++;
          open.pop();
          v = { type: 'StructLit', span: this.span(top.start), decls: top.decls };
        } else {
          top.elts.push(v);
          this.skipSpace();
          const ch = this.text.charCodeAt(this.pos);
          if (ch === 44) {
            this.pos++;
            this.skipSpace();
            break;
          }
          if (ch !== 93) throw this.unexpected('after array element');
          this.pos++;
          open.pop();
          v = { type: 'ListLit', span: this.span(top.start), elts: top.elts };
        }
      }
      ctx = 'looking for beginning of value';
    }
  }

  /** An object's key and its colon, up to the start of the value. */
  private key(obj: ObjectFrame): void {
    if (this.text.charCodeAt(this.pos) !== 34) throw this.unexpected('looking for beginning of object key string');
    obj.keyStart = this.pos;
    const key = this.string();
    obj.label = dataLabel(key, this.span(obj.keyStart));
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== 58) throw this.unexpected('after object key');
    this.pos++;
    this.skipSpace();
  }

  /** A string, number, `true`, `false` or `null`. */
  private scalar(context: string): Expr {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 34: {
        const start = this.pos;
        const s = this.string();
        return stringLit(s, this.span(start));
      }
      case 116: // t
        return this.keyword('true', 'bool');
      case 102: // f
        return this.keyword('false', 'bool');
      case 110: // n
        return this.keyword('null', 'null');
    }
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    throw this.unexpected(context);
  }

  private keyword(word: string, kind: 'bool' | 'null'): BasicLit {
    const start = this.pos;
    for (let k = 0; k < word.length; k++) {
      if (this.text.charCodeAt(this.pos) !== word.charCodeAt(k)) {
        throw this.unexpected(`in literal ${word} (expecting '${word[k]}')`);
      }
      this.pos++;
    }
    return { type: 'BasicLit', span: this.span(start), kind, raw: word, value: word };
  }

  private number(): Expr {
    const t = this.text;
    const start = this.pos;
    let i = start;
    if (t.charCodeAt(i) === 45) i++;
    const digitsStart = i;
    const isDigit = (k: number) => {
      const c = t.charCodeAt(k);
      return c >= 48 && c <= 57;
    };
    if (!isDigit(i)) {
      this.pos = i;
      throw this.unexpected('in numeric literal');
    }
    if (t.charCodeAt(i) === 48) i++;
    else while (isDigit(i)) i++;
    let isFloat = false;
    if (t.charCodeAt(i) === 46) {
      i++;
      isFloat = true;
      if (!isDigit(i)) {
        this.pos = i;
        throw this.unexpected('after decimal point in numeric literal');
      }
      while (isDigit(i)) i++;
    }
    const e = t.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      isFloat = true;
      const s = t.charCodeAt(i);
      if (s === 43 || s === 45) i++;
      if (!isDigit(i)) {
        this.pos = i;
        throw this.unexpected('in exponent of numeric literal');
      }
      while (isDigit(i)) i++;
    }
    this.pos = i;
    const raw = t.slice(digitsStart, i);
    const lit: BasicLit = { type: 'BasicLit', span: this.span(digitsStart), kind: isFloat ? 'float' : 'int', raw, value: raw };
    if (digitsStart === start) return lit;
    const neg: UnaryExpr = { type: 'UnaryExpr', span: this.span(start), op: '-', expr: lit };
    return neg;
  }

  /** A string literal at `pos`; returns the decoded value. */
  private string(): string {
    const t = this.text;
    let i = this.pos + 1;
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= t.length) {
        this.pos = i;
        throw new JSONSyntaxError(i, 'unexpected end of JSON input');
      }
      const c = t.charCodeAt(i);
      if (c === 34) {
        out += t.slice(chunk, i);
        this.pos = i + 1;
        return out;
      }
      if (c < 0x20) {
        this.pos = i;
        throw this.unexpected('in string literal');
      }
      if (c !== 92) {
        i++;
        continue;
      }
      out += t.slice(chunk, i);
      const e = t.charCodeAt(i + 1);
      switch (e) {
        case 34:
          out += '"';
          break;
        case 92:
          out += '\\';
          break;
        case 47:
          out += '/';
          break;
        case 98:
          out += '\b';
          break;
        case 102:
          out += '\f';
          break;
        case 110:
          out += '\n';
          break;
        case 114:
          out += '\r';
          break;
        case 116:
          out += '\t';
          break;
        case 117: {
          const u = this.hex4(i + 2);
          i += 6;
          if (u >= 0xd800 && u <= 0xdbff && t.charCodeAt(i) === 92 && t.charCodeAt(i + 1) === 117) {
            const low = this.hex4(i + 2);
            if (low >= 0xdc00 && low <= 0xdfff) {
              out += String.fromCharCode(u, low);
              i += 6;
              chunk = i;
              continue;
            }
          }
          // A lone surrogate is not a character: Go decodes it as U+FFFD.
          out += u >= 0xd800 && u <= 0xdfff ? '\ufffd' : String.fromCharCode(u);
          chunk = i;
          continue;
        }
        default:
          this.pos = i + 1;
          throw this.unexpected('in string escape code');
      }
      i += 2;
      chunk = i;
    }
  }

  private hex4(at: number): number {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.text.charCodeAt(at + k);
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else {
        this.pos = at + k;
        throw this.unexpected('in \\u hexadecimal character escape');
      }
      n = n * 16 + d;
    }
    return n;
  }
}

/** The contexts where Go's scanner refuses a space (see JSONParser.unexpected). */
const spaceIsWrong = /numeric literal|^in literal |escape/;

/** A character as Go's encoding/json quotes it in messages: `'x'`, `'\n'`, `'\x00'`. */
function describeChar(cp: number): string {
  switch (cp) {
    case 39:
      return "'\\''";
    case 34:
      return `'"'`;
    case 10:
      return "'\\n'";
    case 13:
      return "'\\r'";
    case 9:
      return "'\\t'";
  }
  if (cp < 0x20 || cp === 0x7f) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCodePoint(cp)}'`;
}

/**
 * `json.Unmarshal`: JSON text -> plain value. Throws a CueErrorList for malformed JSON or
 * conflicting duplicate keys. `fileName` names the text in positions.
 */
export function decodeJSON(text: string, fileName = 'json'): PlainValue {
  const src = new Source(fileName, text);
  const { expr, errors } = parseJSONExpr(src);
  if (!expr) throw new CueErrorList(errors);
  const v = toPlain(expr, errors);
  if (errors.length > 0) throw new CueErrorList(errors);
  return v;
}
