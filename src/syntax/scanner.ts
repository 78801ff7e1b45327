/**
 * The CUE scanner: source text -> chevrotain tokens, comments and lexical errors.
 *
 * It follows the spec's "Lexical elements" section:
 * - a comma is inserted after a line's final token if that token is an identifier, keyword,
 *   `_|_`, a number or string literal, `)`, `]`, `}`, `?`, `...` or an attribute (a comment
 *   acts like a newline; the end of the file too);
 * - string interpolations are returned as INTERP_START `"a\(`, the expression's tokens,
 *   INTERP_MID `)b\(`, ..., INTERP_END `)c"`; a stack tracks open interpolations and their
 *   parenthesis depth, so they nest to any depth;
 * - `.5` is a number wherever it appears, as CUE's scanner has it (the spec would make it `.`
 *   then `5` after an operand; CUE accepts `if .5 > 0`, and we follow CUE);
 * - a newline followed (after blanks and empty lines) by `,` or `:` inserts no comma, as in
 *   CUE's scanner, so `a\n: 1` is `a: 1` and a leading-comma style list still parses;
 * - an attribute is scanned as CUE's scanner does it: its contents are tokens (strings of every
 *   kind, comments, balanced brackets), kept as the attribute token's text.
 * Errors never stop the scan: the scanner reports them and carries on.
 */
import type { IToken, TokenType } from 'chevrotain';
import type { Source } from '../source/index.js';
import type { Comment } from './ast.js';
import { makeSpan } from '../source/index.js';
import * as T from './tokens.js';

export interface ScanError {
  offset: number;
  message: string;
}

export interface ScanResult {
  tokens: IToken[];
  comments: Comment[];
  errors: ScanError[];
  /** How many identifiers start with `__` (reserved: they may not be declared). */
  reservedIdents: number;
}

/** How a string literal is quoted: the quote character, single or triple, and its `#` count. */
export interface Quote {
  readonly char: '"' | "'";
  readonly multiline: boolean;
  readonly hashes: number;
  /** Offset of the literal's first character (the first `#` or quote). */
  readonly start: number;
}

interface OpenInterpolation {
  quote: Quote;
  /** Unclosed `(` inside the current `\(` ... `)`. */
  depth: number;
}

/** Token types after which a newline inserts a comma (identifiers: IDENT and the keywords), by tokenTypeIdx. */
const commaTriggers = T.tokenTable([
  T.identifier,
  T.null_lit, T.bool_lit, T.bottom_lit, T.int_lit, T.float_lit, T.string_lit, T.INTERP_END,
  T.RPAREN, T.RBRACK, T.RBRACE, T.OPTION, T.ELLIPSIS, T.attribute,
]);

/** The words that scan as their own token type: the keywords and the value literals. */
const wordTokens = new Map<string, TokenType>([
  ...Object.entries(T.keywordTokens),
  ['true', T.bool_lit],
  ['false', T.bool_lit],
  ['null', T.null_lit],
]);
const maxWordLength = Math.max(...[...wordTokens.keys()].map((w) => w.length));
/** The fixed image of each operator token type, by tokenTypeIdx (no substring per token). */
const operatorImages: string[] = [];
for (const [image, type] of Object.entries(T.operatorTokens)) operatorImages[type.tokenTypeIdx!] = image;


const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
const isAsciiDigit = (c: number) => c >= 48 && c <= 57;
const unicodeLetter = /^\p{L}$/u;
const unicodeDigit = /^\p{Nd}$/u;

function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiLetter(c);
  if (Number.isNaN(c)) return false;
  return unicodeLetter.test(String.fromCodePoint(text.codePointAt(i)!));
}

function isLetterOrDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiLetter(c) || isAsciiDigit(c);
  if (Number.isNaN(c)) return false;
  const s = String.fromCodePoint(text.codePointAt(i)!);
  return unicodeLetter.test(s) || unicodeDigit.test(s);
}

function charWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
}

/** `U+0024 '$'`, as Go's `%#U` prints a rune. */
export function describeRune(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const printable = cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0) && cp !== 0xfeff;
  return printable ? `U+${hex} '${String.fromCodePoint(cp)}'` : `U+${hex}`;
}

const hexVal = (c: string) => {
  const n = parseInt(c, 16);
  return Number.isNaN(n) || !/[0-9a-fA-F]/.test(c) ? -1 : n;
};

export function scan(src: Source): ScanResult {
  return new Scanner(src).run();
}

class Scanner {
  private readonly text: string;
  private pos = 0;
  private readonly tokens: IToken[] = [];
  private readonly comments: Comment[] = [];
  private readonly errors: ScanError[] = [];
  /** Whether a newline here inserts a comma (the last token was a trigger). */
  private insertComma = false;
  private readonly interps: OpenInterpolation[] = [];
  private reservedIdents = 0;

  constructor(private readonly src: Source) {
    this.text = src.text;
  }

  run(): ScanResult {
    const text = this.text;
    // A byte order mark at the start is ignored.
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    for (;;) {
      this.skipSpace();
      if (this.pos >= text.length) {
        if (this.insertComma) this.emitInsertedComma(text.length);
        // One error for the outermost unterminated literal is enough.
        if (this.interps.length > 0) this.error(this.interps[0]!.quote.start, 'string literal not terminated');
        break;
      }
      this.next();
    }
    return { tokens: this.tokens, comments: this.comments, errors: this.errors, reservedIdents: this.reservedIdents };
  }

  private error(offset: number, message: string): void {
    this.errors.push({ offset, message });
  }

  private emit(type: TokenType, start: number, end: number): void {
    this.tokens.push(makeToken(type, this.text.slice(start, end), start, end));
    this.insertComma = commaTriggers[type.tokenTypeIdx!] === 1;
  }

  private emitInsertedComma(at: number): void {
    this.tokens.push(makeToken(T.COMMA, '\n', at, at));
    this.insertComma = false;
  }

  private skipSpace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 13) this.pos++;
      else if (c === 10) {
        if (this.insertComma) {
          // CUE's scanner inserts no comma before a `,` or `:` that starts the next non-blank
          // line (so `a\n: 1` is a field, and `1\n, 2` one comma).
          if (this.nextIsCommaOrColon(this.pos + 1)) this.insertComma = false;
          else this.emitInsertedComma(this.pos);
        }
        this.pos++;
      } else return;
    }
  }

  /** Whether the first character from `i` that is not a blank or a newline is `,` or `:`. */
  private nextIsCommaOrColon(i: number): boolean {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13 || c === 10) i++;
      else return c === 44 || c === 58;
    }
  }

  private next(): void {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);
    const c1 = text.charCodeAt(start + 1);

    // Comments act like a newline.
    if (c === 47 /* / */ && c1 === 47) {
      if (this.insertComma) this.emitInsertedComma(start);
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let textEnd = end;
      if (text.charCodeAt(textEnd - 1) === 13) textEnd--;
      this.comments.push({ type: 'Comment', span: makeSpan(this.src, start, textEnd), text: text.slice(start, textEnd) });
      this.pos = end;
      return;
    }

    if (c === 95 /* _ */ && c1 === 124 /* | */ && text.charCodeAt(start + 2) === 95) {
      this.pos = start + 3;
      this.emit(T.bottom_lit, start, this.pos);
      return;
    }
    // `#` starts an identifier unless a raw string follows (`#"`, `#'`, `##...`); on its own
    // it is the identifier `#` (CUE's scanner and cue/ast accept it; the spec's `identifier`
    // needs a letter after the `#`).
    if (isLetterAt(text, start) || (c === 35 /* # */ && c1 !== 34 && c1 !== 39 && c1 !== 35)) {
      this.scanIdentifier(start);
      return;
    }
    if (isAsciiDigit(c) || (c === 46 /* . */ && isAsciiDigit(c1))) {
      this.scanNumber(start);
      return;
    }
    if (c === 34 /* " */ || c === 39 /* ' */ || c === 35 /* # */) {
      if (this.scanStringStart(start)) return;
    }
    if (c === 64 /* @ */) {
      this.scanAttribute(start);
      return;
    }
    if (c === 40 /* ( */ && this.interps.length > 0) this.interps[this.interps.length - 1]!.depth++;
    if (c === 41 /* ) */ && this.interps.length > 0) {
      const open = this.interps[this.interps.length - 1]!;
      if (open.depth === 0) {
        // The end of `\( ... )`: the string continues.
        this.interps.pop();
        this.pos = start + 1;
        this.scanStringBody(open.quote, start, true);
        return;
      }
      open.depth--;
    }
    if (this.scanOperator(start)) return;
    // Anything else is illegal; skip one character and keep scanning.
    const cp = text.codePointAt(start)!;
    this.error(start, cp === 0 ? 'illegal character NUL' : cp === 0xfeff ? 'illegal byte order mark' : `illegal character ${describeRune(cp)}`);
    this.pos = start + charWidth(text, start);
  }

  /**
   * Operators and punctuation, longest match first, by character code (no substrings: this
   * runs for every other token). `..` is an error and scans as a `.`.
   */
  private scanOperator(i: number): boolean {
    const text = this.text;
    const c1 = text.charCodeAt(i + 1);
    let type: TokenType;
    let len = 1;
    switch (text.charCodeAt(i)) {
      case 123: type = T.LBRACE; break;
      case 125: type = T.RBRACE; break;
      case 91: type = T.LBRACK; break;
      case 93: type = T.RBRACK; break;
      case 40: type = T.LPAREN; break;
      case 41: type = T.RPAREN; break;
      case 44: type = T.COMMA; break;
      case 58: type = T.COLON; break;
      case 63: type = T.OPTION; break;
      case 43: type = T.ADD; break;
      case 45: type = T.SUB; break;
      case 42: type = T.MUL; break;
      case 47: type = T.QUO; break;
      case 46: // .
        if (c1 !== 46) type = T.PERIOD;
        else if (text.charCodeAt(i + 2) === 46) (type = T.ELLIPSIS), (len = 3);
        else {
          this.error(i, "illegal token '..'; expected '.'");
          this.pos = i + 2;
          this.emit(T.PERIOD, i, i + 2);
          return true;
        }
        break;
      case 38: // &
        if (c1 === 38) (type = T.LAND), (len = 2);
        else type = T.AND;
        break;
      case 124: // |
        if (c1 === 124) (type = T.LOR), (len = 2);
        else type = T.OR;
        break;
      case 61: // =
        if (c1 === 61) (type = T.EQL), (len = 2);
        else if (c1 === 126) (type = T.MAT), (len = 2);
        else type = T.BIND;
        break;
      case 33: // !
        if (c1 === 61) (type = T.NEQ), (len = 2);
        else if (c1 === 126) (type = T.NMAT), (len = 2);
        else type = T.NOT;
        break;
      case 60: // <
        if (c1 === 61) (type = T.LEQ), (len = 2);
        else type = T.LSS;
        break;
      case 62: // >
        if (c1 === 61) (type = T.GEQ), (len = 2);
        else type = T.GTR;
        break;
      default:
        return false;
    }
    this.pos = i + len;
    this.tokens.push(makeToken(type, operatorImages[type.tokenTypeIdx!]!, i, i + len));
    this.insertComma = commaTriggers[type.tokenTypeIdx!] === 1;
    return true;
  }

  private scanIdentifier(start: number): void {
    const text = this.text;
    const n = text.length;
    let i = start;
    const c0 = text.charCodeAt(i);
    if (c0 === 95 /* _ */ && text.charCodeAt(i + 1) === 35 /* # */) i += 2;
    else if (c0 === 35) i += 1;
    // As CUE's scanner: a digit right after the `#` ends the name (`#0` is `#` then `0`).
    const digitAfterHash = i > start && isLetterOrDigitAt(text, i) && !isLetterAt(text, i);
    while (!digitAfterHash) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        if (isAsciiLetter(c) || isAsciiDigit(c)) i++;
        else break;
      } else if (i < n && isLetterOrDigitAt(text, i)) i += charWidth(text, i);
      else break;
    }
    this.pos = i;
    const name = text.slice(start, i);
    // `__x` may be referenced (CUE's `__int`, `__no_sharing`) but not declared: the parser checks.
    if (c0 === 95 && text.charCodeAt(start + 1) === 95) this.reservedIdents++;
    let type: TokenType = T.IDENT;
    // Keywords and the value names are lower-case words of 2 to 9 letters (`otherwise`).
    if (c0 >= 97 && c0 <= 122 && i - start <= maxWordLength) type = wordTokens.get(name) ?? T.IDENT;
    this.emit(type, start, i);
  }

  /** Digits of `base` with `_` separators from `i`; reports misplaced underscores. */
  private scanDigits(i: number, isDigit: (c: number) => boolean): number {
    const text = this.text;
    const from = i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (isDigit(c)) i++;
      else if (c === 95 /* _ */) {
        if (i === from || !isDigit(text.charCodeAt(i + 1))) this.error(i, "illegal '_' in number");
        i++;
      } else break;
    }
    return i;
  }

  private scanNumber(start: number): void {
    const text = this.text;
    let i = start;
    const c1 = text[start + 1];
    if (text[start] === '0' && c1 !== undefined && 'xXob'.includes(c1)) {
      const kind = c1 === 'o' ? 'octal' : c1 === 'b' ? 'binary' : 'hexadecimal';
      const isDigit =
        kind === 'octal'
          ? (c: number) => c >= 48 && c <= 55
          : kind === 'binary'
            ? (c: number) => c === 48 || c === 49
            : (c: number) => isAsciiDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
      const end = this.scanDigits(start + 2, isDigit);
      if (end === start + 2) this.error(start, `illegal ${kind} number`);
      // Digits beyond the base (`0b102`, `0o9`) belong to the literal and make it illegal.
      let j = end;
      while (j < text.length && (isAsciiDigit(text.charCodeAt(j)) || (kind !== 'hexadecimal' && /[a-fA-F]/.test(text[j]!)))) j++;
      if (j > end && kind !== 'hexadecimal') this.error(start, `illegal ${kind} number`);
      this.pos = j;
      this.emit(T.int_lit, start, j);
      return;
    }
    let isFloat = false;
    let intEnd = start;
    if (text[i] !== '.') {
      i = this.scanDigits(i, isAsciiDigit);
      intEnd = i;
    }
    // `3.x` is a selector, but `3.e5` and `3.T` (a multiplier, which CUE's scanner accepts after
    // a bare `.`) are numbers.
    if (text[i] === '.' && text[i + 1] !== '.' && !(i > start && isLetterAt(text, i + 1) && !/[eE]/.test(text[i + 1]!) && !isMultiplierAt(text, i + 1))) {
      isFloat = true;
      i++;
      if (isAsciiDigit(text.charCodeAt(i))) i = this.scanDigits(i, isAsciiDigit);
    }
    const e = text[i];
    if (e === 'e' || e === 'E') {
      isFloat = true;
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!isAsciiDigit(text.charCodeAt(i))) this.error(i, 'illegal exponent in number');
      else i = this.scanDigits(i, isAsciiDigit);
    } else if (e !== undefined && 'KMGTP'.includes(e)) {
      // SI / IEC multiplier: the literal is an integer.
      i++;
      if (text[i] === 'i') i++;
      isFloat = false;
      this.pos = i;
      this.emit(T.int_lit, start, i);
      return;
    }
    if (!isFloat && text[start] === '0' && intEnd - start > 1) this.error(start, 'illegal integer number');
    this.pos = i;
    this.emit(isFloat ? T.float_lit : T.int_lit, start, i);
  }

  /** At `"`, `'` or `#`: scans a string literal start. False if `#` does not begin a string. */
  private scanStringStart(start: number): boolean {
    const text = this.text;
    let i = start;
    while (text[i] === '#') i++;
    const hashes = i - start;
    const q = text[i];
    if (q !== '"' && q !== "'") return false;
    const multiline = text[i + 1] === q && text[i + 2] === q;
    const quote: Quote = { char: q, multiline, hashes, start };
    if (multiline) {
      i += 3;
      let j = i;
      while (text[j] === ' ' || text[j] === '\t' || text[j] === '\r') j++;
      if (text[j] !== '\n') {
        this.error(start, `expected newline after multiline quote ${text.slice(start, i)}`);
        this.pos = i;
        this.emit(T.string_lit, start, i);
        return true;
      }
      this.pos = j + 1;
    } else this.pos = i + 1;
    this.scanStringBody(quote, start, false);
    return true;
  }

  /**
   * Scans string contents up to the closing quote (emitting string_lit or INTERP_END) or up
   * to an interpolation `\(` (emitting INTERP_START or INTERP_MID and opening a context).
   */
  private scanStringBody(quote: Quote, fragStart: number, continuation: boolean): void {
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    // In a multi-line string the closing quotes must be alone on their line (after indentation).
    let closeAllowed = quote.multiline && !continuation;
    const endType = continuation ? T.INTERP_END : T.string_lit;
    const multiline = quote.multiline;
    const q = quote.char === '"' ? 34 : 39;
    for (;;) {
      const c = text.charCodeAt(i);
      if (i >= n || (!multiline && c === 10)) {
        this.error(quote.start, 'string literal not terminated');
        this.pos = i;
        this.emit(endType, fragStart, i);
        return;
      }
      if (c === 92 /* \\ */) {
        let j = i + 1;
        let h = 0;
        while (h < quote.hashes && text.charCodeAt(j) === 35) {
          j++;
          h++;
        }
        if (h === quote.hashes) {
          if (text.charCodeAt(j) === 40 /* ( */) {
            this.pos = j + 1;
            this.emit(continuation ? T.INTERP_MID : T.INTERP_START, fragStart, j + 1);
            this.interps.push({ quote, depth: 0 });
            return;
          }
          i = this.checkEscape(j, quote);
        } else i = j;
        closeAllowed = false;
        continue;
      }
      if (c === q && (!multiline || closeAllowed)) {
        const qlen = multiline ? 3 : 1;
        let closes = true;
        for (let k = 1; k < qlen; k++) if (text.charCodeAt(i + k) !== q) closes = false;
        for (let k = 0; k < quote.hashes && closes; k++) if (text.charCodeAt(i + qlen + k) !== 35) closes = false;
        if (closes) {
          const end = i + qlen + quote.hashes;
          this.pos = end;
          this.emit(endType, fragStart, end);
          return;
        }
      }
      if (c === 10) closeAllowed = multiline;
      else if (c !== 32 && c !== 9 && c !== 13) closeAllowed = false;
      if (c === 0) this.error(i, 'illegal character NUL');
      // As charWidth: a high surrogate (paired or not) and the unit after it go together.
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    }
  }

  /** Checks the escape whose letter is at `i` (after `\` and the hashes); returns the offset after it. */
  private checkEscape(i: number, quote: Quote): number {
    const text = this.text;
    const c = text[i];
    const at = i - 1 - quote.hashes;
    let digits = 0;
    let base = 16;
    let max = 0x10ffff;
    switch (c) {
      case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v': case '\\': case '/':
        return i + 1;
      case '\n':
        // A backslash at the end of a line elides the newline (spec, "String literals").
        return i + 1;
      case '\r':
        if (text[i + 1] === '\n') return i + 2;
        break;
      case '"': case "'":
        if (c === quote.char) return i + 1;
        break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        if (quote.char === '"') {
          this.error(i, 'octal escape not allowed in string literal');
          return i + 1;
        }
        digits = 3;
        base = 8;
        max = 255;
        i--; // the first digit is part of the value
        break;
      case 'x':
        if (quote.char === '"') {
          this.error(i, 'hexadecimal escape not allowed in string literal');
          return i + 1;
        }
        digits = 2;
        max = 255;
        break;
      case 'u':
        digits = 4;
        break;
      case 'U':
        digits = 8;
        break;
    }
    if (digits === 0) {
      this.error(i, c === undefined ? 'escape sequence not terminated' : 'unknown escape sequence');
      return c === undefined ? i : i + charWidth(text, i);
    }
    let value = 0;
    let j = i + 1;
    for (let k = 0; k < digits; k++, j++) {
      const d = text[j];
      const v = d === undefined ? -1 : base === 8 ? (d >= '0' && d <= '7' ? d.charCodeAt(0) - 48 : -1) : hexVal(d);
      if (v < 0) {
        if (d === undefined) this.error(j, 'escape sequence not terminated');
        else this.error(j, `illegal character ${describeRune(text.codePointAt(j)!)} in escape sequence`);
        return j;
      }
      value = value * base + v;
    }
    if (value > max) this.error(at + 1, 'escape sequence is invalid Unicode code point');
    return j;
  }

  /**
   * `@name(...)`, as CUE's scanner reads it: after the name (and any blanks) a `(`, then the
   * attribute's tokens, scanned as everywhere else (so strings of every kind, multi-line and
   * raw ones included, may hold brackets; `//` starts a comment; an illegal character is an
   * error), with `(`, `[`, `{` balanced, up to the matching `)`. An interpolation is an error.
   * The tokens are dropped: the attribute is one token, its text kept for its consumer.
   */
  private scanAttribute(start: number): void {
    const text = this.text;
    let i = start + 1;
    while (i < text.length && isLetterOrDigitAt(text, i)) i += charWidth(text, i);
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '(') {
      this.error(i, "invalid attribute: expected '('");
      this.pos = i;
      this.emit(T.attribute, start, i);
      return;
    }
    const tokenCount = this.tokens.length;
    const commentCount = this.comments.length;
    const closers: string[] = [')'];
    this.pos = i + 1;
    while (closers.length > 0) {
      i = this.pos;
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13 || c === 10) {
        this.pos++;
        continue;
      }
      if (i >= text.length) {
        this.error(i, `attribute missing '${closers[closers.length - 1]}'`);
        break;
      }
      const ch = text[i]!;
      if (ch === '(' || ch === '[' || ch === '{') {
        closers.push(ch === '(' ? ')' : ch === '[' ? ']' : '}');
        this.pos++;
        continue;
      }
      if (ch === ')' || ch === ']' || ch === '}') {
        if (ch === closers[closers.length - 1]) closers.pop();
        else this.error(i, `unexpected '${ch}'`);
        this.pos++;
        continue;
      }
      const before = this.tokens.length;
      this.next();
      const last = this.tokens[this.tokens.length - 1];
      if (this.tokens.length > before && last!.tokenType === T.INTERP_START) {
        this.error(this.pos - 1, 'interpolation not allowed in attribute');
        // As CUE's recovery: give up the string and skip to the `)` closing the `\(` (or the
        // line's end); what follows is scanned as attribute tokens again.
        this.interps.pop();
        this.pos = this.skipToCloser(this.pos);
      }
    }
    this.tokens.length = tokenCount;
    this.comments.length = commentCount;
    this.emit(T.attribute, start, this.pos);
  }

  /** From inside `\(`: the offset of the `)` that closes it, or of the line's end. */
  private skipToCloser(i: number): number {
    const text = this.text;
    let open = 1;
    for (; i < text.length && text[i] !== '\n'; i++) {
      if (text[i] === '(') open++;
      else if (text[i] === ')' && --open === 0) return i;
    }
    return i;
  }
}

function makeToken(tokenType: TokenType, image: string, start: number, end: number): IToken {
  // Only what the parser uses: fewer fields make smaller objects (a 1 MB file has ~270k tokens).
  return {
    image,
    startOffset: start,
    // chevrotain's convention: inclusive end offset.
    endOffset: end - 1,
    tokenType,
    tokenTypeIdx: tokenType.tokenTypeIdx!,
  };
}

/** True for a comma the scanner inserted at a line end (or at the end of the file). */
export function isInsertedComma(t: IToken): boolean {
  return t.tokenType === T.COMMA && t.image === '\n';
}

/** A multiplier (`K`, `Mi`, ...) at `i` that ends the literal there. */
function isMultiplierAt(text: string, i: number): boolean {
  if (!'KMGTP'.includes(text[i] ?? '-')) return false;
  let j = i + 1;
  if (text[j] === 'i') j++;
  return !(j < text.length && (isLetterAt(text, j) || isAsciiDigit(text.charCodeAt(j))));
}
