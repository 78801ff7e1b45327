/**
 * CUE's token types. The token *types* are chevrotain TokenTypes (the parser matches on them,
 * including categories such as `rel_op`); the *scanning* is done by our own scanner
 * (scanner.ts), because CUE's lexical rules are stateful in ways a table of regular
 * expressions does not express well: comma insertion depends on the previous token, string
 * interpolations nest to any depth, raw strings close with a matching number of `#`, and a
 * `.5` is a float only after certain tokens.
 *
 * Names: tokens that are lexical productions of the spec keep the spec's name (`identifier`,
 * `int_lit`, `string_lit`, `binary_op`, ...); punctuation uses the names of CUE's Go token
 * package (`LBRACE`, `ELLIPSIS`, ...).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

const NA = Lexer.NA;

/**
 * Token types are made without their categories, which `linkCategories` adds below once all
 * exist. Given to createToken, categories make each call recompute the category tables of
 * every category it reaches (anyToken's grows with each token): quadratic, and interpreted at
 * every start-up, several ms before the first byte is parsed. The parser's construction runs
 * chevrotain's own computation over the whole vocabulary again, from the same CATEGORIES.
 */
const categoriesOf = new Map<TokenType, TokenType[]>();
function tok(name: string, label: string, categories: TokenType[] = []): TokenType {
  const t = createToken({ name, pattern: NA, label });
  categoriesOf.set(t, [...categories, anyToken]);
  return t;
}

// Categories (abstract tokens). A token of a category matches CONSUME(category).
/** Every token: lets error recovery consume a stray token whatever it is. */
export const anyToken = createToken({ name: 'anyToken', pattern: NA, label: 'token' });
export const identifier = tok('identifier', 'identifier');
export const binary_op = tok('binary_op', 'binary operator');
export const unary_op = tok('unary_op', 'unary operator');
export const rel_op = tok('rel_op', 'relational operator', [binary_op, unary_op]);
export const add_op = tok('add_op', 'additive operator', [binary_op]);
export const mul_op = tok('mul_op', 'multiplicative operator', [binary_op]);

/** An identifier that is not a keyword: `x`, `#D`, `_h`, `_#hd`, `$x`, `_`. */
export const IDENT = tok('IDENT', 'IDENT', [identifier]);
// Keywords. They are identifiers too (usable as labels and, after the preamble, as references).
export const PACKAGE = tok('PACKAGE', 'package', [identifier]);
export const IMPORT = tok('IMPORT', 'import', [identifier]);
export const FOR = tok('FOR', 'for', [identifier]);
export const IN = tok('IN', 'in', [identifier]);
export const IF = tok('IF', 'if', [identifier]);
export const LET = tok('LET', 'let', [identifier]);
/**
 * `try`, `else`, `otherwise` and `fallback` (its older spelling): the clauses of
 * `@experiment(try)`; keywords whatever the file enables, as in CUE's scanner.
 */
export const TRY = tok('TRY', 'try', [identifier]);
export const ELSE = tok('ELSE', 'else', [identifier]);
export const OTHERWISE = tok('OTHERWISE', 'otherwise', [identifier]);
export const FALLBACK = tok('FALLBACK', 'fallback', [identifier]);

export const null_lit = tok('null_lit', 'null');
export const bool_lit = tok('bool_lit', 'bool');
export const bottom_lit = tok('bottom_lit', '_|_');
export const int_lit = tok('int_lit', 'INT');
export const float_lit = tok('float_lit', 'FLOAT');
/** A complete string or bytes literal without interpolation (any quoting form). */
export const string_lit = tok('string_lit', 'STRING');
/** `"abc\(` — the start of an interpolated string, up to and including `\(`. */
export const INTERP_START = tok('INTERP_START', 'STRING');
/** `)abc\(` — between two interpolations. */
export const INTERP_MID = tok('INTERP_MID', 'STRING');
/** `)abc"` — the end of an interpolated string. */
export const INTERP_END = tok('INTERP_END', 'STRING');
/** `@name(...)`, scanned whole (its contents are balanced tokens, kept verbatim). */
export const attribute = tok('attribute', 'ATTRIBUTE');

export const LBRACE = tok('LBRACE', "'{'");
export const RBRACE = tok('RBRACE', "'}'");
export const LBRACK = tok('LBRACK', "'['");
export const RBRACK = tok('RBRACK', "']'");
export const LPAREN = tok('LPAREN', "'('");
export const RPAREN = tok('RPAREN', "')'");
/** An explicit `,` or one inserted at a line end (image `\n`). */
export const COMMA = tok('COMMA', "','");
export const COLON = tok('COLON', "':'");
export const PERIOD = tok('PERIOD', "'.'");
export const ELLIPSIS = tok('ELLIPSIS', "'...'");
export const OPTION = tok('OPTION', "'?'");
export const BIND = tok('BIND', "'='");

export const OR = tok('OR', "'|'", [binary_op]);
export const AND = tok('AND', "'&'", [binary_op]);
export const LOR = tok('LOR', "'||'", [binary_op]);
export const LAND = tok('LAND', "'&&'", [binary_op]);
export const EQL = tok('EQL', "'=='", [binary_op]);
export const NEQ = tok('NEQ', "'!='", [rel_op]);
export const LSS = tok('LSS', "'<'", [rel_op]);
export const LEQ = tok('LEQ', "'<='", [rel_op]);
export const GTR = tok('GTR', "'>'", [rel_op]);
export const GEQ = tok('GEQ', "'>='", [rel_op]);
export const MAT = tok('MAT', "'=~'", [rel_op]);
export const NMAT = tok('NMAT', "'!~'", [rel_op]);
export const ADD = tok('ADD', "'+'", [add_op, unary_op]);
export const SUB = tok('SUB', "'-'", [add_op, unary_op]);
export const MUL = tok('MUL', "'*'", [mul_op, unary_op]);
export const QUO = tok('QUO', "'/'", [mul_op]);
/** `!`: unary not, and the required-field marker `a!:`. */
export const NOT = tok('NOT', "'!'", [unary_op]);

/** Every token type, categories first (chevrotain needs the full vocabulary). */
export const allTokens: TokenType[] = [
  anyToken, identifier, binary_op, unary_op, rel_op, add_op, mul_op,
  IDENT, PACKAGE, IMPORT, FOR, IN, IF, LET, TRY, ELSE, OTHERWISE, FALLBACK,
  null_lit, bool_lit, bottom_lit, int_lit, float_lit, string_lit,
  INTERP_START, INTERP_MID, INTERP_END, attribute,
  LBRACE, RBRACE, LBRACK, RBRACK, LPAREN, RPAREN, COMMA, COLON, PERIOD, ELLIPSIS, OPTION, BIND,
  OR, AND, LOR, LAND, EQL, NEQ, LSS, LEQ, GTR, GEQ, MAT, NMAT, ADD, SUB, MUL, QUO, NOT,
];

/**
 * Each token type's CATEGORIES, and for each category the table of its members (direct and
 * through sub-categories), as chevrotain's createToken would have set them:
 * `categoryMatchesMap` (tokenTypeIdx -> true), `categoryMatches` (the same indices, ascending)
 * and `isParent`.
 */
function linkCategories(types: readonly TokenType[]): void {
  for (const t of types) t.CATEGORIES = categoriesOf.get(t) ?? [];
  const addMember = (category: TokenType, member: TokenType, seen: Set<TokenType>): void => {
    if (seen.has(category)) return;
    seen.add(category);
    category.categoryMatchesMap![member.tokenTypeIdx!] = true;
    for (const up of category.CATEGORIES ?? []) addMember(up, member, seen);
  };
  for (const t of types) for (const c of t.CATEGORIES!) addMember(c, t, new Set([t]));
  for (const t of types) {
    t.categoryMatches = Object.keys(t.categoryMatchesMap!).map(Number);
    t.isParent = t.categoryMatches.length > 0;
  }
}
linkCategories(allTokens);

/** One more than the largest tokenTypeIdx: the size of a table by token type. */
export const tokenTableSize = allTokens.reduce((m, t) => Math.max(m, t.tokenTypeIdx!), 0) + 1;

/**
 * A table by tokenTypeIdx: 1 for each given token type and, for a category (`identifier`,
 * `binary_op`, ...), for each of its members, as chevrotain matches them. The one way the
 * scanner, the parser and its grammar analysis (lookahead.ts) turn token sets into tables.
 */
export function tokenTable(types: readonly TokenType[], size = tokenTableSize): Uint8Array {
  const table = new Uint8Array(size);
  for (const t of types) {
    table[t.tokenTypeIdx!] = 1;
    for (const member of t.categoryMatches ?? []) table[member] = 1;
  }
  return table;
}

/** The concrete token types a table holds (categories themselves left out). */
export function tokensOf(table: Uint8Array): TokenType[] {
  return allTokens.filter((t) => table[t.tokenTypeIdx!] === 1 && (t.categoryMatches ?? []).length === 0);
}

/**
 * The members of the `identifier` category: IDENT and the keywords (which are identifiers
 * too, usable as labels and references), read from chevrotain's category data.
 */
export const identifierTokens: readonly TokenType[] = tokensOf(tokenTable([identifier]));

/** The keywords that scan as their own token type (all usable as labels). */
export const keywordTokens: Record<string, TokenType> = {
  package: PACKAGE,
  import: IMPORT,
  for: FOR,
  in: IN,
  if: IF,
  let: LET,
  try: TRY,
  else: ELSE,
  otherwise: OTHERWISE,
  fallback: FALLBACK,
};

/**
 * CUE's keywords, as listed by the spec: values, preamble and comprehension keywords.
 * All of them may be used as labels.
 */
export const keywords: readonly string[] = ['null', 'true', 'false', ...Object.keys(keywordTokens)];

/** Operator and punctuation token types by their text (longest match first is the scanner's job). */
export const operatorTokens: Record<string, TokenType> = {
  '{': LBRACE, '}': RBRACE, '[': LBRACK, ']': RBRACK, '(': LPAREN, ')': RPAREN,
  ',': COMMA, ':': COLON, '.': PERIOD, '...': ELLIPSIS, '?': OPTION, '=': BIND,
  '|': OR, '&': AND, '||': LOR, '&&': LAND, '==': EQL, '!=': NEQ, '<': LSS, '<=': LEQ,
  '>': GTR, '>=': GEQ, '=~': MAT, '!~': NMAT, '+': ADD, '-': SUB, '*': MUL, '/': QUO, '!': NOT,
};

/**
 * The spec's lexical productions and what implements them: a token type (by name), or the
 * scanner (character classes and the parts of literals it checks while scanning). The grammar
 * test checks this table against grammar/cue-lite.ebnf.
 */
export const lexicalProductions: Record<string, string> = {
  newline: 'scanner',
  unicode_char: 'scanner',
  unicode_letter: 'scanner',
  unicode_digit: 'scanner',
  letter: 'scanner',
  decimal_digit: 'scanner',
  binary_digit: 'scanner',
  octal_digit: 'scanner',
  hex_digit: 'scanner',
  identifier: 'identifier',
  int_lit: 'int_lit',
  decimal_lit: 'int_lit',
  decimals: 'scanner',
  si_lit: 'int_lit',
  binary_lit: 'int_lit',
  hex_lit: 'int_lit',
  octal_lit: 'int_lit',
  multiplier: 'scanner',
  float_lit: 'float_lit',
  exponent: 'scanner',
  escaped_char: 'scanner',
  byte_value: 'scanner',
  octal_byte_value: 'scanner',
  hex_byte_value: 'scanner',
  little_u_value: 'scanner',
  big_u_value: 'scanner',
  unicode_value: 'scanner',
  string_lit: 'string_lit',
  simple_string_lit: 'string_lit',
  simple_bytes_lit: 'string_lit',
  multiline_string_lit: 'string_lit',
  multiline_bytes_lit: 'string_lit',
  bottom_lit: 'bottom_lit',
  null_lit: 'null_lit',
  bool_lit: 'bool_lit',
  attribute: 'attribute',
  attr_tokens: 'scanner',
  attr_token: 'scanner',
  binary_op: 'binary_op',
  rel_op: 'rel_op',
  add_op: 'add_op',
  mul_op: 'mul_op',
  unary_op: 'unary_op',
  ImportLocation: 'scanner',
  interpolation: 'scanner',
  interpolation_start: 'INTERP_START',
  interpolation_middle: 'INTERP_MID',
  interpolation_end: 'INTERP_END',
};
