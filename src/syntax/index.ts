/**
 * The syntax stage: CUE source -> AST, with comments attached and every error as a CueError.
 * parseFile never throws; it returns a (possibly partial) File and the errors.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { CueError } from '../errors/index.js';
import { makeSpan, Source } from '../source/index.js';
import type * as A from './ast.js';
import { attachComments } from './comments.js';
import { CueParser } from './parser.js';
import { reservedDeclarations } from './reserved.js';
import { scan, type ScanError } from './scanner.js';
import * as T from './tokens.js';

export type * from './ast.js';
export { decodeNumberLiteral, type DecodedNumber } from './literal.js';
export { keywords } from './tokens.js';
export { isDefinitionName, isHiddenName, isIdentifier } from './names.js';
export { experimentNames, fileHasExperiment } from './experiments.js';

export interface ParseOptions {
  /** Maximum nesting of brackets, labels and operators; deeper input is rejected. */
  maxDepth?: number;
}

/**
 * Default nesting limit for brackets. The parser recurses through about ten rules (some 60
 * JS frames) per bracket level; Node's default stack overflows near 150 levels of lists, so
 * 100 leaves room for the caller's own frames (checked by a test). CUE files rarely nest
 * deeper than 20.
 */
export const defaultMaxDepth = 100;

/** CUE reports at most this many syntax errors per file, one per line. */
const maxErrors = 10;

let parser: CueParser | undefined;

/** The parser is built once per process: chevrotain's grammar analysis is not free. */
export function getParser(): CueParser {
  parser ??= new CueParser({ skipValidations: true });
  return parser;
}

export function parseFile(src: Source, options: ParseOptions = {}): { file: A.File; errors: CueError[] } {
  const empty = (): A.File => ({ type: 'File', span: makeSpan(src, 0, src.text.length), attrs: [], imports: [], decls: [] });
  try {
    const { tokens, comments, errors: scanErrors, reservedIdents } = scan(src);
    const tooDeep = checkDepth(tokens, options.maxDepth ?? defaultMaxDepth);
    if (tooDeep) return { file: empty(), errors: collectErrors(src, [...scanErrors, tooDeep], [], []) };
    const p = getParser();
    const file = p.parseTokens(src, tokens);
    attachComments(file, comments, src.text);
    const reserved = reservedIdents > 0 ? reservedDeclarations(file) : [];
    const errors = collectErrors(src, scanErrors, p.errors, reserved.length > 0 ? [...p.issues, ...reserved] : p.issues);
    p.release();
    return { file, errors };
  } catch (e) {
    // A defect or a stack overflow must still end in a clean error, never an exception.
    return { file: empty(), errors: [internalError(src, e)] };
  }
}

/**
 * The head of a file, as CUE's loader reads it before the whole file: the attributes and the
 * package clause, parsed alone. For a file that does not parse further down (as when it is being
 * edited), so that it is still known as a file of its package, with its build attributes,
 * rather than as a file without one. Undefined when the head itself does not parse or there is
 * no package clause.
 */
export function parseFileHead(src: Source): A.File | undefined {
  const { tokens } = scan(src);
  let i = 0;
  while (i < tokens.length && (tokens[i]!.tokenType === T.attribute || tokens[i]!.tokenType === T.COMMA)) i++;
  const name = tokens[i + 1];
  if (tokens[i]?.tokenType !== T.PACKAGE || name?.endOffset === undefined) return undefined;
  const head = parseFile(new Source(src.name, src.text.slice(0, name.endOffset + 1)));
  return head.errors.length === 0 && head.file.package ? head.file : undefined;
}

export function parseExpr(src: Source, options: ParseOptions = {}): { expr?: A.Expr; errors: CueError[] } {
  try {
    const { tokens, errors: scanErrors, reservedIdents } = scan(src);
    const tooDeep = checkDepth(tokens, options.maxDepth ?? defaultMaxDepth);
    if (tooDeep) return { errors: collectErrors(src, [...scanErrors, tooDeep], [], []) };
    const p = getParser();
    const expr = p.parseExpressionTokens(src, tokens);
    const reserved = reservedIdents > 0 && expr ? reservedDeclarations(expr) : [];
    const errors = collectErrors(src, scanErrors, p.errors, reserved.length > 0 ? [...p.issues, ...reserved] : p.issues);
    p.release();
    if (tokens.length === 0 && errors.length === 0) {
      errors.push(new CueError('syntax', "expected operand, found 'EOF'", [], [makeSpan(src, src.text.length, src.text.length)]));
    }
    return errors.length > 0 || !expr ? { expr: expr ?? undefined, errors } : { expr, errors };
  } catch (e) {
    return { errors: [internalError(src, e)] };
  }
}

function internalError(src: Source, e: unknown): CueError {
  const overflow = e instanceof RangeError;
  const message = overflow ? 'nesting too deep (stack exhausted)' : `internal parser error: ${e instanceof Error ? e.message : String(e)}`;
  return new CueError('syntax', message, [], [makeSpan(src, 0, 0)]);
}

/**
 * Rejects input nested deeper than `limit` before parsing, so that the recursive parser
 * cannot overflow the stack. Brackets and interpolations count (the parser recurses about
 * 60 JS frames deep per level). Shorthand labels (`a: b: c:`) and operators do not make the
 * parser recurse but do make the AST deeper, so they count towards a ten times larger limit.
 */
function checkDepth(tokens: readonly IToken[], limit: number): ScanError | undefined {
  let depth = 0;
  let extra = 0; // labels and operators since the last comma at this level
  let extraTotal = 0;
  const saved: number[] = [];
  // An index loop: this runs once per file, before the JIT optimises it, and an unoptimised
  // for-of allocates an iterator result per token.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if (type === T.LBRACE || type === T.LBRACK || type === T.LPAREN || type === T.INTERP_START) {
      saved.push(extra);
      depth++;
      extra = 0;
      if (depth > limit) return { offset: t.startOffset, message: `nesting too deep (limit ${limit})` };
    } else if (type === T.RBRACE || type === T.RBRACK || type === T.RPAREN || type === T.INTERP_END) {
      if (saved.length > 0) {
        depth--;
        extraTotal -= extra;
        extra = saved.pop()!;
      }
    } else if (type === T.COMMA) {
      extraTotal -= extra;
      extra = 0;
    } else if (type === T.COLON || T.binary_op.categoryMatchesMap?.[type.tokenTypeIdx!] || T.unary_op.categoryMatchesMap?.[type.tokenTypeIdx!]) {
      extra++;
      extraTotal++;
      if (depth + extraTotal > 10 * limit) return { offset: t.startOffset, message: `nesting too deep (limit ${limit})` };
    }
  }
  return undefined;
}

function collectErrors(src: Source, scanErrors: readonly ScanError[], recognition: readonly IRecognitionException[], issues: readonly { offset: number; message: string }[]): CueError[] {
  const all: { offset: number; message: string; order: number }[] = [];
  let order = 0;
  const end = src.text.length;
  const at = (o: number | undefined) => (o === undefined || Number.isNaN(o) ? end : o);
  for (const e of scanErrors) all.push({ offset: at(e.offset), message: e.message, order: order++ });
  for (const e of recognition) all.push({ offset: at(e.token?.startOffset), message: e.message, order: order++ });
  for (const e of issues) all.push({ offset: at(e.offset), message: e.message, order: order++ });
  all.sort((a, b) => a.offset - b.offset || a.order - b.order);
  // Like CUE: one error per line (later ones on the same line are usually consequences).
  const out: CueError[] = [];
  let lineEnd = -1; // end of the line of the last reported error
  for (const e of all) {
    if (e.offset <= lineEnd && out.length > 0) continue;
    const nl = src.text.indexOf('\n', e.offset);
    lineEnd = nl < 0 ? Infinity : nl;
    out.push(new CueError('syntax', e.message, [], [makeSpan(src, e.offset, e.offset)]));
    if (out.length >= maxErrors) break;
  }
  return out;
}
