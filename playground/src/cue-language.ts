/**
 * CUE highlighting for CodeMirror: a StreamLanguage tokenizer of our own, after the lexical
 * rules of CUE's spec (doc/ref/spec.md, "Lexical elements"). A StreamLanguage is enough for
 * colours and costs a few KB; a Lezer grammar would add a parse tree the playground does not use
 * (errors come from cue-lite itself).
 *
 * Strings may span lines (`"""`, `'''`) and hold interpolations `\( ... )` that hold any
 * expression, strings included: the state is a stack of open strings and interpolations.
 */
import { type StreamParser, StreamLanguage, type StringStream } from '@codemirror/language';

interface StringContext {
  readonly kind: 'string';
  /** `"`, `'`, `"""` or `'''`. */
  readonly quote: string;
  /** The number of `#` around a raw string (`#"..."#`): escapes need as many after the `\`. */
  readonly hashes: number;
}

interface InterpolationContext {
  readonly kind: 'interpolation';
  /** Open parentheses inside the interpolation: the `)` at depth 0 closes it. */
  depth: number;
}

type Context = StringContext | InterpolationContext;

export interface CueState {
  stack: Context[];
  /** Open brackets outside strings, for indentation. */
  depth: number;
}

const keywords = new Set(['package', 'import', 'for', 'in', 'if', 'let']);
const atoms = new Set(['true', 'false', 'null']);
const types = new Set([
  'bool', 'string', 'bytes', 'number', 'int', 'float', 'rune', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uint128',
  'int8', 'int16', 'int32', 'int64', 'int128', 'float32', 'float64',
]);
const builtins = new Set(['len', 'close', 'and', 'or', 'div', 'mod', 'quo', 'rem', 'error']);

const identifier = /^(?:#|_#?)?[\p{L}_$][\p{L}\p{Nd}_$]*/u;
const number =
  /^(?:0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?(?:[KMGTP]i?)?)/;

function tokenString(stream: StringStream, state: CueState, ctx: StringContext): string {
  const close = ctx.quote + '#'.repeat(ctx.hashes);
  const escape = '\\' + '#'.repeat(ctx.hashes);
  while (!stream.eol()) {
    if (stream.match(close)) {
      state.stack.pop();
      return 'string';
    }
    if (stream.match(escape + '(', false)) {
      // Give back the text before the interpolation as string; the `\(` itself is next.
      if (stream.current().length > 0) return 'string';
      stream.match(escape + '(');
      state.stack.push({ kind: 'interpolation', depth: 0 });
      return 'processingInstruction';
    }
    if (stream.match(escape)) {
      stream.next();
      continue;
    }
    stream.next();
  }
  // A single-line string left open ends at the line's end (the parser reports it).
  if (ctx.quote.length === 1) state.stack.pop();
  return 'string';
}

function tokenBase(stream: StringStream, state: CueState): string | null {
  if (stream.eatSpace()) return null;
  if (stream.match('//')) {
    stream.skipToEnd();
    return 'comment';
  }
  const str = stream.match(/^(#*)("""|'''|"|')/) as RegExpMatchArray | null;
  if (str) {
    state.stack.push({ kind: 'string', quote: str[2]!, hashes: str[1]!.length });
    return 'string';
  }
  if (stream.match('_|_')) return 'atom';
  if (stream.match(/^@[\p{L}_$][\p{L}\p{Nd}_$]*/u)) {
    // An attribute: its name, then its parenthesized body as one piece when on one line.
    stream.match(/^\([^)]*\)/);
    return 'meta';
  }
  if (stream.match(number)) return 'number';
  const id = stream.match(identifier) as RegExpMatchArray | null;
  if (id) {
    const word = id[0];
    if (keywords.has(word)) return 'keyword';
    if (atoms.has(word)) return 'atom';
    // A label: the identifier before `:`, `?:` or `!:`.
    if (stream.match(/^\s*[?!]?:(?!=)/, false)) return word.startsWith('#') ? 'typeName.definition' : 'propertyName';
    if (word.startsWith('#')) return 'typeName';
    if (types.has(word)) return 'typeName.standard';
    if (builtins.has(word) && stream.match(/^\s*\(/, false)) return 'variableName.standard';
    return 'variableName';
  }
  if (stream.match(/^(?:\.\.\.|==|!=|=~|!~|<=|>=|&&|\|\||[-+*/&|<>=!])/)) return 'operator';
  const top = state.stack[state.stack.length - 1];
  const ch = stream.next()!;
  if (top && top.kind === 'interpolation') {
    if (ch === '(') top.depth++;
    else if (ch === ')') {
      if (top.depth === 0) {
        state.stack.pop();
        return 'processingInstruction';
      }
      top.depth--;
    }
  }
  if ('([{'.includes(ch)) state.depth++;
  else if (')]}'.includes(ch)) state.depth = Math.max(0, state.depth - 1);
  if ('()[]{}'.includes(ch)) return 'bracket';
  if (ch === ',' || ch === ':' || ch === '?' || ch === '.') return 'punctuation';
  return null;
}

export const cueParser: StreamParser<CueState> = {
  name: 'cue',
  startState: () => ({ stack: [], depth: 0 }),
  copyState: (s) => ({ stack: s.stack.map((c) => ({ ...c })), depth: s.depth }),
  token(stream, state) {
    const top = state.stack[state.stack.length - 1];
    if (top && top.kind === 'string') return tokenString(stream, state, top);
    return tokenBase(stream, state);
  },
  indent(state, textAfter, cx) {
    // Inside a multi-line string: keep the line as it is.
    if (state.stack.some((c) => c.kind === 'string')) return null;
    const closing = /^[)\]}]/.test(textAfter) ? 1 : 0;
    return Math.max(0, state.depth - closing) * cx.unit;
  },
  languageData: { commentTokens: { line: '//' }, closeBrackets: { brackets: ['(', '[', '{', '"', "'"] } },
};

export const cueLanguage = StreamLanguage.define(cueParser);
