/**
 * The CUE parser: a chevrotain EmbeddedActionsParser that builds the AST (ast.ts) directly,
 * without an intermediate CST (measured: about twice as fast as CstParser + visitor, and the
 * AST is what every consumer wants).
 *
 * Each rule is named after the spec production it implements (grammar/cue-lite.ebnf; a test
 * checks the names both ways) and carries that production as its comment.
 *
 * Where the spec's grammar is not LL(k) — a declaration may be a field (`[x]: 1`, `(k): v`,
 * `"a": 1`) or an embedding starting with the same tokens (`[1]`, `(k)`, `"a"`) — a gate
 * looks ahead over balanced brackets for the `:` that makes it a field, as CUE's own parser
 * decides after the fact.
 *
 * Error recovery: chevrotain's single-token insertion/deletion, plus re-synchronisation at
 * declarations and list elements (to the next `,` or closing bracket), as CUE's parser does.
 */
import { EmbeddedActionsParser, EOF, type IToken, type TokenType, type IParserErrorMessageProvider, type Rule, type Terminal } from 'chevrotain';
import type { Source, Span } from '../source/index.js';
import type * as A from './ast.js';
import * as T from './tokens.js';
import { isInsertedComma } from './scanner.js';
import { computeFollows, contentFirst, firstOf, FirstSetLookahead, oneTokenDerivations, topLevel } from './lookahead.js';
import { tokenTable } from './tokens.js';
import { binaryToBytes, decodeStringFragments, plainStringValue, readDelims } from './literal.js';
import { loadGrammar } from './grammar-snapshot.js';
import { grammarSnapshot } from './grammar.generated.js';
import { experimentNames } from './experiments.js';

/** The parts of chevrotain's parser that self-analysis uses (not in its public types). */
interface ChevrotainInternals {
  definedRulesNames: string[];
  gastProductionsCache: Record<string, Rule>;
  selfAnalysisDone: boolean;
  lookaheadStrategy: { initialize?(options: { rules: Rule[] }): void };
  preComputeLookaheadFunctions(rules: Rule[]): void;
}

let tokenNames: Map<string, TokenType> | undefined;
/** Every token type by name (the snapshot names terminals by their token's name). */
function tokensByName(): Map<string, TokenType> {
  return (tokenNames ??= new Map([...T.allTokens, EOF].map((t) => [t.name, t])));
}

export interface ParseIssue {
  offset: number;
  message: string;
}

/** `'IDENT' foo`, `'}'`, `'EOF'`, `newline`: how CUE names the token it found. */
export function describeFound(t: IToken): string {
  const type = t.tokenType;
  // Messages stay on one line: long or multi-line literals are cut.
  const nl = t.image.indexOf('\n');
  const image = nl >= 0 || t.image.length > 60 ? t.image.slice(0, Math.min(nl < 0 ? 60 : nl, 60)) + '...' : t.image;
  if (type === EOF) return "'EOF'";
  if (isInsertedComma(t)) return 'newline';
  switch (type) {
    case T.IDENT:
    case T.null_lit:
    case T.bool_lit:
      return `'IDENT' ${image}`;
    case T.int_lit:
      return `'INT' ${image}`;
    case T.float_lit:
      return `'FLOAT' ${image}`;
    case T.string_lit:
    case T.INTERP_START:
      return `'STRING' ${image}`;
    case T.INTERP_MID:
    case T.INTERP_END:
      // The `)` closing an interpolation, as CUE reports it.
      return "')'";
    case T.attribute:
      return `'ATTRIBUTE' ${image}`;
    case T.bottom_lit:
      return "'_|_'";
  }
  return `'${image}'`;
}

function expectedLabel(t: TokenType): string {
  if (t === T.identifier || t === T.IDENT) return 'identifier';
  if (t === T.INTERP_END || t === T.INTERP_MID) return "')' for string interpolation";
  const l = t.LABEL ?? t.name;
  return l.startsWith("'") ? l : `'${l}'`;
}

/** What a rule expects when none of its alternatives match, in CUE's words. */
const expectedByRule: Record<string, string> = {
  Label: "label or ':'",
  LabelExpr: "label or ':'",
  LabelName: "label or ':'",
  Selector: 'selector',
  ImportDecl: 'import spec',
  ImportSpec: 'import path',
  StartClause: "'for' or 'if'",
  Clause: "'for', 'if' or 'let'",
};

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${expectedLabel(expected)}, found ${describeFound(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected 'EOF', found ${describeFound(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    return `expected ${expectedByRule[ruleName] ?? 'operand'}, found ${describeFound(actual[0]!)}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    return `expected ${expectedByRule[ruleName] ?? 'operand'}, found ${describeFound(actual[0]!)}`;
  },
};

/** Binary operator precedence (spec "Operator precedence"): `|` lowest. */
const precedence: Record<string, number> = {
  '|': 1, '&': 2, '||': 3, '&&': 4,
  '==': 5, '!=': 5, '<': 5, '<=': 5, '>': 5, '>=': 5, '=~': 5, '!~': 5,
  '+': 6, '-': 6, '*': 7, '/': 7,
};

/**
 * Token sets of the gates and shortcuts, read off the recorded grammar (lookahead.ts) when the
 * parser is built, so that they follow the rules instead of repeating them by hand.
 */
interface GrammarTables {
  /** FIRST(Expression): what may start an expression (clause or label, argument or `)`). */
  exprStart: Uint8Array;
  /** FIRST(Declaration). */
  declStart: Uint8Array;
  /** FIRST(Clause): `for`, `if`, `let`. */
  clauseStart: Uint8Array;
  /** Tokens that are an operand by themselves (Operand -> OperandName | Literal -> BasicLit). */
  oneTokenOperand: Uint8Array;
  /** Tokens that are a label by themselves (LabelName without alias, `?` or `!`). */
  oneTokenLabel: Uint8Array;
  /** Tokens that continue an operand into a primary expression (PrimaryExpr's repetition). */
  suffixStart: Uint8Array;
  /** Tokens that continue an operand into a larger expression (suffixes, binary operators) or make it an alias (`=`). */
  continuesOperand: Uint8Array;
}

function grammarTables(rules: Record<string, Rule>): GrammarTables {
  const rule = (name: string) => rules[name]!;
  const suffixes = contentFirst(topLevel(rule('PrimaryExpr'), 'Repetition'));
  const binaryOps = contentFirst(topLevel(rule('Expression'), 'Repetition'));
  // AliasExpr = [ identifier "=" ] Expression: the token after the identifier.
  const aliasMark = topLevel(rule('AliasExpr'), 'Option').definition[1] as Terminal;
  return {
    exprStart: tokenTable(firstOf(rule('Expression'))),
    declStart: tokenTable(firstOf(rule('Declaration'))),
    clauseStart: tokenTable(firstOf(rule('Clause'))),
    oneTokenOperand: tokenTable(oneTokenDerivations(rule('Operand').definition)),
    oneTokenLabel: tokenTable(oneTokenDerivations(rule('LabelName').definition)),
    suffixStart: tokenTable(suffixes),
    continuesOperand: tokenTable([...suffixes, ...binaryOps, aliasMark.terminalType]),
  };
}

/** The identifier tokens (IDENT and the keywords), by tokenTypeIdx. */
const identLike = tokenTable([T.identifier]);
const openers = new Set<TokenType>([T.LBRACE, T.LBRACK, T.LPAREN, T.INTERP_START]);
const closers = new Set<TokenType>([T.RBRACE, T.RBRACK, T.RPAREN, T.INTERP_END]);

interface LabelParts {
  alias?: A.Ident;
  label: A.Label;
  constraint: A.FieldConstraint;
  start: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The parser's shortcuts: the five methods that take a one-token operand, label or field
 * without the rule chain, and two fast paths. test/syntax-shortcuts.test.ts checks each one
 * alone against the full rule path.
 */
export const shortcutNames = ['loneOperand', 'loneField', 'plainOperand', 'oneTokenOperand', 'loneLabel', 'comma', 'plainString'] as const;
export type Shortcut = (typeof shortcutNames)[number];

/** Rules that are entry points for the API, not spec productions. */
export const entryRules: readonly string[] = ['ExprEntry'];

export class CueParser extends EmbeddedActionsParser {
  /** The source being parsed (set by parseTokens). */
  private src!: Source;
  /** OR alternatives of the hot rules, built once (see the rules). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly alts: Record<string, any> = {};
  /** Errors found by our own checks (chevrotain's are in `this.errors`). */
  issues: ParseIssue[] = [];
  /** The experiments the file's preamble enables (`@experiment(try)`), read as they are parsed. */
  private experiments = new Set<string>();
  /** Which shortcuts are taken (see `loneOperand`); `comma` and `plainString` are the small fast paths of `separator` and `basicString`. */
  private readonly shortcuts: Readonly<Record<Shortcut, boolean>>;
  /** Token sets from the grammar, for gates and shortcuts (set once the grammar is recorded). */
  private k!: GrammarTables;

  /**
   * `chevrotainAnalysis` builds the lookahead and follow sets with chevrotain's own algorithms
   * (slower to construct), `shortcuts: false` always takes the full rule chain; the
   * equivalence test compares both with the defaults. `recordGrammar` runs chevrotain's
   * recording phase instead of loading grammar.generated.ts (what gen-grammar.mjs stores).
   */
  constructor(options: { skipValidations?: boolean; chevrotainAnalysis?: boolean; recordGrammar?: boolean; shortcuts?: boolean | readonly Shortcut[] } = {}) {
    super(T.allTokens, {
      recoveryEnabled: true,
      // LL(1) plus explicit gates where CUE needs more: computing LL(3) lookahead tables made
      // construction take seconds. Our LL(1) tables from FIRST sets take about a millisecond
      // (chevrotain's LL(1) path enumeration about 30 ms).
      maxLookahead: 1,
      ...(options.chevrotainAnalysis ? {} : { lookaheadStrategy: new FirstSetLookahead() }),
      errorMessageProvider: errorMessages,
      skipValidations: options.skipValidations ?? false,
    });
    const on = options.shortcuts ?? true;
    this.shortcuts = Object.fromEntries(shortcutNames.map((n) => [n, on === true || (on !== false && on.includes(n))])) as Record<Shortcut, boolean>;
    if (options.chevrotainAnalysis) {
      this.performSelfAnalysis();
      this.k = grammarTables(this.getGAstProductions());
      return;
    }
    // Follow sets are read only when recovering from a syntax error: chevrotain computes them
    // during self-analysis when recovery is enabled, so hide recovery for that moment and
    // compute them on first use instead.
    const self = this as unknown as { recoveryEnabled: boolean };
    self.recoveryEnabled = false;
    // The grammar as recorded by scripts/gen-grammar.mjs (grammar-snapshot.ts), unless asked
    // to record it, or the snapshot does not fit the rules.
    if (options.recordGrammar || !this.analyseFromSnapshot()) this.performSelfAnalysis();
    self.recoveryEnabled = true;
    this.k = grammarTables(this.getGAstProductions());
    let follows: ReturnType<typeof computeFollows> | undefined;
    Object.defineProperty(this, 'resyncFollows', {
      configurable: true,
      get: () => (follows ??= computeFollows(Object.values(this.getGAstProductions()))),
      set: () => {},
    });
  }

  /**
   * chevrotain's self-analysis without its recording phase: the GAST comes from the stored
   * snapshot, then the lookahead functions are computed from it as performSelfAnalysis would
   * (resolution and validation are what the snapshot's test checked). False when the snapshot
   * does not list exactly these rules, in this order, or names an unknown token.
   */
  private analyseFromSnapshot(): boolean {
    const p = this as unknown as ChevrotainInternals;
    const names = p.definedRulesNames;
    if (grammarSnapshot.length !== names.length || grammarSnapshot.some((r, i) => r.p?.name !== names[i])) return false;
    const rules = loadGrammar(grammarSnapshot, tokensByName());
    if (!rules) return false;
    p.selfAnalysisDone = true;
    const all = names.map((n) => rules[n]!);
    for (const r of all) p.gastProductionsCache[r.name] = r;
    p.lookaheadStrategy.initialize?.({ rules: all });
    p.preComputeLookaheadFunctions(all);
    return true;
  }

  /** Parses a token vector into a File. */
  parseTokens(src: Source, tokens: IToken[]): A.File {
    this.src = src;
    this.issues = [];
    this.experiments = new Set();
    this.input = tokens;
    const file = this.SourceFile();
    return file ?? this.emptyFile();
  }

  /** Parses a token vector as a single expression (no trailing tokens allowed). */
  parseExpressionTokens(src: Source, tokens: IToken[]): A.Expr | undefined {
    this.src = src;
    this.issues = [];
    this.input = tokens;
    return this.ExprEntry();
  }

  /** Drops the last parse's tokens and errors: the parser outlives the parse and must not keep them alive. */
  release(): void {
    this.input = [];
    this.issues = [];
  }

  private emptyFile(): A.File {
    return { type: 'File', span: this.span(0, this.src.text.length), attrs: [], imports: [], decls: [] };
  }

  // -------------------------------------------------------------------------
  // Helpers (used inside ACTION, never during grammar recording)

  private span(start: number, end: number): Span {
    return { src: this.src, start, end: Math.max(start, end) };
  }

  /**
   * Defines a rule. Chevrotain re-synchronises in every rule by default and then hands the
   * parent `undefined`; we re-synchronise only where a partial result is harmless
   * (declarations, list elements, import specs), so no AST node gets a missing child.
   */
  private rule<F extends (...args: never[]) => unknown>(name: string, impl: F, config: { resyncEnabled?: boolean } = {}) {
    return this.RULE(name, impl, { resyncEnabled: false, ...config });
  }

  private issue(offset: number, message: string): void {
    this.issues.push({ offset, message });
  }

  private tokStart(t: IToken): number {
    return Number.isNaN(t.startOffset) || t.startOffset === undefined ? this.lastEnd() : t.startOffset;
  }

  private tokEnd(t: IToken): number {
    return t.endOffset === undefined || Number.isNaN(t.endOffset) ? this.lastEnd() : t.endOffset + 1;
  }

  /** The end of the last consumed token. */
  private lastEnd(): number {
    const t = this.LA(0);
    if (!t || t.tokenType === EOF || t.endOffset === undefined || Number.isNaN(t.endOffset)) {
      const next = this.LA(1);
      return next.tokenType === EOF || Number.isNaN(next.startOffset) ? this.src.text.length : next.startOffset;
    }
    return t.endOffset + 1;
  }

  /** Offset where the next token starts (for errors about it). */
  private nextOffset(): number {
    const t = this.LA(1);
    return t.tokenType === EOF || Number.isNaN(t.startOffset) ? this.src.text.length : t.startOffset;
  }

  private ident(t: IToken): A.Ident {
    return { type: 'Ident', span: this.span(this.tokStart(t), this.tokEnd(t)), name: t.image };
  }

  /** Skips a balanced group starting at LA(k) (an opener); returns the k after its closer. */
  private skipBalanced(k: number): number {
    let depth = 0;
    for (;;) {
      const t = this.LA(k).tokenType;
      if (t === EOF) return k;
      if (openers.has(t)) depth++;
      else if (closers.has(t)) {
        depth--;
        if (depth === 0) return k + 1;
      }
      k++;
    }
  }

  /** Whether the tokens ahead start a field: `label:`, `label?:`, `X=label:`, `[x]:`, `(k):`. */
  private isFieldStart(): boolean {
    let k = 1;
    if (identLike[this.LA(1).tokenTypeIdx] === 1 && this.LA(2).tokenType === T.BIND) k = 3;
    const t = this.LA(k).tokenType;
    if (this.k.oneTokenLabel[t.tokenTypeIdx!] === 1) k++;
    else if (t === T.INTERP_START || t === T.LPAREN || t === T.LBRACK) k = this.skipBalanced(k);
    else return false;
    const after = this.LA(k).tokenType;
    if (after === T.COLON) return true;
    return (after === T.OPTION || after === T.NOT) && this.LA(k + 1).tokenType === T.COLON;
  }

  /** At `[` after an operand: whether a `:` comes before the matching `]` (a Slice, not an Index). */
  private isSlice(): boolean {
    let depth = 0;
    for (let k = 2; ; k++) {
      const t = this.LA(k).tokenType;
      if (t === EOF) return false;
      if (openers.has(t)) depth++;
      else if (closers.has(t)) {
        if (depth === 0) return false;
        depth--;
      } else if (t === T.COLON && depth === 0) return true;
    }
  }

  private isComprehensionStart(): boolean {
    const t = this.LA(1).tokenType;
    // `try {` or `try x = ...` (pinned CUE: `try` followed by anything else is an identifier).
    if (t === T.TRY) return this.isTryClause();
    if (t !== T.FOR && t !== T.IF) return false;
    const next = this.LA(2).tokenType;
    if (this.k.exprStart[next.tokenTypeIdx!] !== 1) return false;
    // `if!: x` and `if?: x` are fields named `if`.
    if ((next === T.NOT || next === T.OPTION) && this.LA(3).tokenType === T.COLON) return false;
    return !this.isFieldStart();
  }

  /**
   * At `try` where a declaration or list element starts: a try clause unless `try` is a label
   * or an identifier (followed by `:`, `=`, `?`, `!`, `,` or the end), as CUE's parser decides.
   */
  private isTryClause(): boolean {
    const next = this.LA(2).tokenType;
    return next !== T.COLON && next !== T.BIND && next !== T.OPTION && next !== T.NOT && next !== T.COMMA && next !== EOF;
  }

  /**
   * After an Ident, Selector or Index: a postfix `?` that marks an optional reference
   * (`@experiment(try)`), not the `?` of a field `a?: x` (which isFieldStart takes first).
   */
  private isOptionalMark(x: A.Expr): boolean {
    if (this.LA(1).tokenType !== T.OPTION || this.LA(2).tokenType === T.COLON) return false;
    return (x.type === 'Ident' || x.type === 'SelectorExpr' || x.type === 'IndexExpr') && !x.optional;
  }

  private isLetDecl(): boolean {
    return this.LA(1).tokenType === T.LET && identLike[this.LA(2).tokenTypeIdx] === 1;
  }

  /**
   * After a declaration or element: a `,`, or nothing before a closing token. Anything else
   * is CUE's `missing ',' in <context>`; parsing continues as if the comma were there.
   */
  private separator(idx: number, context: string, closing: TokenType, decl?: A.Declaration | A.ListElement): void {
    // The usual case, a comma, without the closures below (what the OPTION would do: its
    // lookahead is exactly a COMMA).
    if (!this.RECORDING_PHASE && this.shortcuts.comma && this.LA(1).tokenType === T.COMMA) {
      this.consume(idx, T.COMMA);
      return;
    }
    const comma = this.option(idx, () => this.consume(idx, T.COMMA));
    this.ACTION(() => {
      if (comma) return;
      const next = this.LA(1);
      if (next.tokenType === closing || next.tokenType === EOF) return;
      // `a 1`: a lone label-like embedding followed by more is a field missing its colon.
      const e = decl?.type === 'EmbedDecl' ? decl.expr : undefined;
      const lone = next.tokenType !== T.COLON && (e?.type === 'Ident' || (e?.type === 'BasicLit' && e.kind === 'string'));
      if (lone) this.issue(this.nextOffset(), `expected label or ':', found ${describeFound(next)}`);
      else this.issue(this.nextOffset(), `missing ',' in ${context}`);
    });
  }

  // -------------------------------------------------------------------------
  // Shortcuts. Most operands and labels in configuration files are one token (`replicas: 2`,
  // `image: "x"`, `app: name`). The full rule chain for such a value is AliasExpr ->
  // Expression -> UnaryExpr -> PrimaryExpr -> Operand -> Literal -> BasicLit, and for such a
  // label Label -> LabelExpr -> LabelName: a rule invocation each, for one token. Where the
  // next tokens show that the chain would succeed on exactly one token without any choice
  // left, the token is consumed and its node built directly, by the same functions the rules
  // use. Never while recording: the recorded grammar (lookahead, error recovery, the grammar
  // test) is the full one, and errors can only arise on the full path.

  /** An operand that is one token and nothing follows it that would extend it (`1`, `"s"`, `x`). */
  private loneOperand(): A.Expr | undefined {
    if (this.RECORDING_PHASE || !this.shortcuts.loneOperand) return undefined;
    const t = this.LA(1);
    if (this.k.oneTokenOperand[t.tokenTypeIdx] !== 1 || this.k.continuesOperand[this.LA(2).tokenTypeIdx] === 1) return undefined;
    this.CONSUME9(T.anyToken);
    return this.operandNode(t);
  }

  /**
   * A whole declaration `a: 1` or `a: b: "x"` (one-token labels, a one-token value, then `,`
   * or the end of the struct), as Declaration -> Field would parse it: Declaration chooses
   * Field (the `:` after the first label), each label is a lone label, the value a lone
   * operand, and no attribute follows.
   */
  private loneField(closing: TokenType): A.Field | undefined {
    if (this.RECORDING_PHASE || !this.shortcuts.loneField) return undefined;
    let k = 1;
    while (this.k.oneTokenLabel[this.LA(k).tokenTypeIdx] === 1 && this.LA(k + 1).tokenType === T.COLON) k += 2;
    if (k === 1 || this.k.oneTokenOperand[this.LA(k).tokenTypeIdx] !== 1) return undefined;
    const after = this.LA(k + 1).tokenType;
    if (after !== T.COMMA && after !== closing && after !== EOF) return undefined;
    const labels: LabelParts[] = [];
    for (let i = 1; i < k; i += 2) {
      labels.push(this.labelParts(this.CONSUME9(T.anyToken)));
      this.CONSUME9(T.COLON);
    }
    return this.buildField(labels, this.operandNode(this.CONSUME9(T.anyToken)), []);
  }

  /** `a: b: c: 1` is `a: {b: {c: 1}}`: the fields, built from the innermost out. */
  private buildField(labels: readonly LabelParts[], value: A.Expr, attrs: A.Attribute[]): A.Field {
    const end = attrs.length > 0 ? attrs[attrs.length - 1]!.span.end : value.span.end;
    let field: A.Field | undefined;
    for (let i = labels.length - 1; i >= 0; i--) {
      const l = labels[i]!;
      const v: A.Expr = field ? { type: 'StructLit', span: field.span, decls: [field], shorthand: true } : value;
      const f: Mutable<A.Field> = { type: 'Field', span: this.span(l.start, end), label: l.label, constraint: l.constraint, value: v, attrs: field ? [] : attrs };
      if (l.alias) f.alias = l.alias;
      field = f;
    }
    return field!;
  }

  /** An operand of a binary expression that is one token (`int` and `0` in `int & >=0`). */
  private plainOperand(): A.Expr | undefined {
    if (this.RECORDING_PHASE || !this.shortcuts.plainOperand) return undefined;
    const t = this.LA(1);
    if (this.k.oneTokenOperand[t.tokenTypeIdx] !== 1 || this.k.suffixStart[this.LA(2).tokenTypeIdx] === 1) return undefined;
    this.CONSUME9(T.anyToken);
    return this.operandNode(t);
  }

  /** The first operand of a primary expression when it is one token (`x` in `x.y`). */
  private oneTokenOperand(): A.Expr | undefined {
    if (this.RECORDING_PHASE || !this.shortcuts.oneTokenOperand) return undefined;
    const t = this.LA(1);
    if (this.k.oneTokenOperand[t.tokenTypeIdx] !== 1) return undefined;
    this.CONSUME9(T.anyToken);
    return this.operandNode(t);
  }

  /** A label that is one token directly followed by `:` (what Label would build from it). */
  private loneLabel(): LabelParts | undefined {
    if (this.RECORDING_PHASE || !this.shortcuts.loneLabel) return undefined;
    const t = this.LA(1);
    if (this.k.oneTokenLabel[t.tokenTypeIdx] !== 1 || this.LA(2).tokenType !== T.COLON) return undefined;
    this.CONSUME9(T.anyToken);
    return this.labelParts(t);
  }

  /** The label of a one-token LabelName, as the rule builds it. */
  private labelParts(t: IToken): LabelParts {
    const label = t.tokenType === T.string_lit ? this.stringLabel(t) : this.ident(t);
    return { label, constraint: 'regular', start: label.span.start };
  }

  /** The node of a one-token operand, as OperandName or BasicLit builds it. */
  private operandNode(t: IToken): A.Expr {
    switch (t.tokenType) {
      case T.int_lit:
        return this.numberLit(t, 'int');
      case T.float_lit:
        return this.numberLit(t, 'float');
      case T.string_lit:
        return this.basicString(t);
      case T.null_lit:
        return this.nullLit(t);
      case T.bool_lit:
        return this.boolLit(t);
      case T.bottom_lit:
        return this.bottomLit(t);
      default:
        return this.ident(t);
    }
  }

  private nullLit(t: IToken): A.BasicLit {
    return { type: 'BasicLit', span: this.span(this.tokStart(t), this.tokEnd(t)), kind: 'null', raw: 'null', value: 'null' };
  }

  private boolLit(t: IToken): A.BasicLit {
    return { type: 'BasicLit', span: this.span(this.tokStart(t), this.tokEnd(t)), kind: 'bool', raw: t.image, value: t.image };
  }

  private bottomLit(t: IToken): A.BottomLit {
    return { type: 'BottomLit', span: this.span(this.tokStart(t), this.tokEnd(t)) };
  }

  /** A string label (LabelName's string alternative). */
  private stringLabel(t: IToken): A.BasicLit {
    const lit = this.basicString(t);
    if (lit.kind === 'bytes') this.issue(lit.span.start, `invalid label ${t.image}: a label must be a string`);
    return lit;
  }

  private attr(t: IToken): A.Attribute {
    // CUE allows blanks between the name and `(` (`@go (x)`); they are not part of the name.
    const m = /^@([^(\s]*)\s*\(([\s\S]*)\)$/.exec(t.image);
    return {
      type: 'Attribute',
      span: this.span(this.tokStart(t), this.tokEnd(t)),
      name: m ? m[1]! : t.image.slice(1),
      text: m ? m[2]! : '',
    };
  }

  private basicString(t: IToken): A.BasicLit {
    const start = this.tokStart(t);
    const plain = this.shortcuts.plainString ? plainStringValue(t.image) : undefined;
    if (plain !== undefined) return { type: 'BasicLit', span: this.span(start, this.tokEnd(t)), kind: 'string', raw: t.image, value: plain };
    const d = decodeStringFragments([t.image], [0]);
    for (const e of d.errors) this.issue(start + e.offset, e.message);
    const bytes = readDelims(t.image).char === "'";
    const value = d.parts[0] ?? '';
    const lit: Mutable<A.BasicLit> = {
      type: 'BasicLit',
      span: this.span(start, this.tokEnd(t)),
      kind: bytes ? 'bytes' : 'string',
      raw: t.image,
      value,
    };
    if (bytes) lit.bytes = binaryToBytes(value);
    return lit;
  }

  // -------------------------------------------------------------------------
  // Rules

  /** SourceFile = { attribute "," } [ PackageClause "," ] { ImportDecl "," } { Declaration "," } . */
  SourceFile = this.rule('SourceFile', (): A.File => {
    const attrs: A.Attribute[] = [];
    const imports: A.ImportDecl[] = [];
    const decls: A.Declaration[] = [];
    let pkg: A.PackageClause | undefined;
    this.MANY({
      GATE: () => this.LA(1).tokenType === T.attribute,
      DEF: () => {
        const a = this.CONSUME(T.attribute);
        this.ACTION(() => {
          const attr = this.attr(a);
          attrs.push(attr);
          for (const name of experimentNames(attr)) this.experiments.add(name);
        });
        this.separator(1, 'struct literal', EOF);
      },
    });
    this.OPTION({
      GATE: () => this.LA(1).tokenType === T.PACKAGE && identLike[this.LA(2).tokenTypeIdx] === 1,
      DEF: () => {
        pkg = this.SUBRULE(this.PackageClause);
        this.separator(2, 'struct literal', EOF);
      },
    });
    this.MANY2({
      GATE: () => this.LA(1).tokenType === T.IMPORT && (this.LA(2).tokenType === T.LPAREN || this.LA(2).tokenType === T.string_lit || this.LA(2).tokenType === T.IDENT),
      DEF: () => {
        const d = this.SUBRULE(this.ImportDecl);
        this.ACTION(() => d && imports.push(d));
        this.separator(3, 'struct literal', EOF);
      },
    });
    this.MANY3({
      GATE: () => this.LA(1).tokenType !== EOF,
      DEF: () => {
        this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              GATE: () => this.k.declStart[this.LA(1).tokenTypeIdx] !== 1,
              ALT: () => {
                // A token that cannot start a declaration: report it, skip it, carry on.
                const t = this.CONSUME(T.anyToken);
                this.ACTION(() => this.issue(this.tokStart(t), `expected ${t.tokenType === T.RBRACE ? "'EOF'" : 'operand'}, found ${describeFound(t)}`));
              },
            },
            {
              ALT: () => {
                const d = this.loneField(EOF) ?? this.SUBRULE(this.Declaration);
                this.ACTION(() => d && decls.push(d));
                this.separator(4, 'struct literal', EOF, d);
              },
            },
          ],
        });
      },
    });
    return this.ACTION(() => ({ type: 'File', span: this.span(0, this.src.text.length), attrs, package: pkg, imports, decls }));
  });

  /** PackageClause = "package" PackageName . */
  PackageClause = this.rule('PackageClause', (): A.PackageClause => {
    const kw = this.CONSUME(T.PACKAGE);
    const name = this.SUBRULE(this.PackageName);
    return this.ACTION(() => {
      if (name.name.startsWith('#') || name.name.startsWith('_#')) this.issue(name.span.start, `invalid package name ${name.name}`);
      return { type: 'PackageClause', span: this.span(this.tokStart(kw), name.span.end), name };
    });
  });

  /** PackageName = identifier . */
  PackageName = this.rule('PackageName', (): A.Ident => {
    const t = this.CONSUME(T.identifier);
    return this.ACTION(() => this.ident(t));
  });

  /** ImportDecl = "import" ( ImportSpec | "(" { ImportSpec "," } ")" ) . */
  ImportDecl = this.rule('ImportDecl', (): A.ImportDecl => {
    const kw = this.CONSUME(T.IMPORT);
    const specs: A.ImportSpec[] = [];
    let grouped = false;
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LPAREN);
          this.MANY(() => {
            const s = this.SUBRULE(this.ImportSpec);
            this.ACTION(() => s && specs.push(s));
            this.separator(1, 'import declaration', T.RPAREN);
          });
          this.CONSUME(T.RPAREN);
          grouped = true;
        },
      },
      {
        ALT: () => {
          const s = this.SUBRULE2(this.ImportSpec);
          this.ACTION(() => s && specs.push(s));
        },
      },
    ]);
    return this.ACTION(() => ({ type: 'ImportDecl', span: this.span(this.tokStart(kw), this.lastEnd()), grouped, specs }));
  });

  /** ImportSpec = [ PackageName ] ImportPath . */
  ImportSpec = this.rule('ImportSpec', (): A.ImportSpec => {
    const name = this.OPTION(() => this.SUBRULE(this.PackageName));
    const path = this.SUBRULE(this.ImportPath);
    return this.ACTION(() => {
      if (name && (name.name.startsWith('#') || name.name.startsWith('_#'))) this.issue(name.span.start, 'cannot import package as definition identifier');
      const spec: Mutable<A.ImportSpec> = { type: 'ImportSpec', span: this.span(name ? name.span.start : path.span.start, path.span.end), path };
      if (name) spec.name = name;
      return spec;
    });
  }, { resyncEnabled: true });

  /** ImportPath = `"` ImportLocation [ ":" identifier ] `"` . */
  ImportPath = this.rule('ImportPath', (): A.BasicLit => {
    const t = this.CONSUME(T.string_lit);
    return this.ACTION(() => {
      const lit = this.basicString(t);
      if (lit.kind !== 'string' || !t.image.startsWith('"') || t.image.startsWith('"""') || !/^[^\s:"\\]+(:[\p{L}_$#][\p{L}\p{Nd}_$]*)?$/u.test(lit.value)) {
        this.issue(lit.span.start, `invalid import path: ${t.image}`);
      }
      return lit;
    });
  });

  /** Declaration = Field | Ellipsis | Embedding | LetClause | attribute . */
  Declaration = this.rule(
    'Declaration',
    (): A.Declaration => {
      return this.OR((this.alts.Declaration ??= {
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.isLetDecl(), ALT: () => this.SUBRULE(this.LetClause) },
          { ALT: () => this.SUBRULE(this.Ellipsis) },
          {
            ALT: () => {
              const a = this.CONSUME(T.attribute);
              return this.ACTION(() => this.attr(a));
            },
          },
          { GATE: () => this.isFieldStart(), ALT: () => this.SUBRULE(this.Field) },
          {
            ALT: () => {
              const e = this.SUBRULE(this.Embedding);
              return this.ACTION((): A.Declaration => {
                if (!e) return e; // re-synchronised after an error
                if (e.type === 'Comprehension') return e;
                // The spec does not allow `X=expr` as a declaration (CUE's old-style alias).
                if (e.type === 'AliasExpr') this.issue(e.span.start, 'use of deprecated old-style alias; use "let X = expr" instead');
                return { type: 'EmbedDecl', span: e.span, expr: e };
              });
            },
          },
        ],
      }));
    },
    { resyncEnabled: true },
  );

  /** Field = Label ":" { Label ":" } AliasExpr { attribute } . */
  Field = this.rule('Field', (): A.Field => {
    const labels: LabelParts[] = [];
    const first = this.loneLabel() ?? this.SUBRULE(this.Label);
    this.CONSUME(T.COLON);
    this.ACTION(() => labels.push(first));
    this.MANY({
      GATE: () => this.isFieldStart(),
      DEF: () => {
        const l = this.loneLabel() ?? this.SUBRULE2(this.Label);
        this.CONSUME2(T.COLON);
        this.ACTION(() => labels.push(l));
      },
    });
    const value = this.loneOperand() ?? this.SUBRULE(this.AliasExpr);
    const attrs: A.Attribute[] = [];
    this.MANY2(() => {
      const a = this.CONSUME(T.attribute);
      this.ACTION(() => attrs.push(this.attr(a)));
    });
    return this.ACTION(() => this.buildField(labels, value, attrs));
  });

  /**
   * The `identifier "="` that may start a Label or an AliasExpr, as part of the rule that calls
   * it (its OPTION and CONSUMEs are that rule's: neither rule has others of its own).
   */
  private aliasPrefix(): IToken | undefined {
    let alias: IToken | undefined;
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.BIND,
      DEF: () => {
        alias = this.CONSUME(T.identifier);
        this.CONSUME(T.BIND);
      },
    });
    return alias;
  }

  /** Label = [ identifier "=" ] LabelExpr . */
  Label = this.rule('Label', (): LabelParts => {
    const alias = this.aliasPrefix();
    const e = this.SUBRULE(this.LabelExpr);
    return this.ACTION(() => {
      if (!alias) return e;
      return { ...e, alias: this.ident(alias), start: this.tokStart(alias) };
    });
  });

  /** LabelExpr = LabelName [ "?" | "!" ] | "[" AliasExpr "]" . */
  LabelExpr = this.rule('LabelExpr', (): LabelParts => {
    let constraint: A.FieldConstraint = 'regular';
    return this.OR([
      {
        ALT: () => {
          const label = this.SUBRULE(this.LabelName);
          this.OPTION(() => {
            this.OR2([
              { ALT: () => { this.CONSUME(T.OPTION); constraint = 'optional'; } },
              { ALT: () => { this.CONSUME(T.NOT); constraint = 'required'; } },
            ]);
          });
          return this.ACTION(() => ({ label, constraint, start: label.span.start }));
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LBRACK);
          const e = this.SUBRULE(this.AliasExpr);
          const close = this.CONSUME(T.RBRACK);
          this.OPTION2(() => {
            this.OR3([
              { ALT: () => { const t = this.CONSUME2(T.OPTION); this.ACTION(() => this.issue(this.tokStart(t), 'pattern constraint cannot be marked optional')); } },
              { ALT: () => { const t = this.CONSUME2(T.NOT); this.ACTION(() => this.issue(this.tokStart(t), 'pattern constraint cannot be marked required')); } },
            ]);
          });
          return this.ACTION(() => {
            const label: Mutable<A.PatternLabel> = { type: 'PatternLabel', span: this.span(this.tokStart(open), this.tokEnd(close)), expr: e };
            if (e.type === 'AliasExpr') {
              label.alias = e.ident;
              label.expr = e.expr;
            }
            return { label, constraint, start: this.tokStart(open) };
          });
        },
      },
    ]);
  });

  /**
   * LabelName = identifier | null_lit | bool_lit | simple_string_lit | Interpolation | "(" AliasExpr ")" .
   * (Keywords are identifiers; `null`, `true` and `false` are literal tokens, named here.)
   */
  LabelName = this.rule('LabelName', (): A.Label => {
    // Alternatives cached: they use only `this`, and rebuilding them per call costs.
    return this.OR((this.alts.LabelName ??= [
      { ALT: () => { const t = this.CONSUME(T.identifier); return this.ACTION(() => this.ident(t)); } },
      { ALT: () => { const t = this.CONSUME(T.null_lit); return this.ACTION(() => this.ident(t)); } },
      { ALT: () => { const t = this.CONSUME(T.bool_lit); return this.ACTION(() => this.ident(t)); } },
      {
        ALT: () => {
          const t = this.CONSUME(T.string_lit);
          return this.ACTION(() => this.stringLabel(t));
        },
      },
      {
        ALT: () => {
          const s = this.SUBRULE(this.Interpolation);
          return this.ACTION(() => {
            if (s.kind === 'bytes') this.issue(s.span.start, 'invalid label: a label must be a string');
            return s;
          });
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LPAREN);
          const e = this.SUBRULE(this.AliasExpr);
          const close = this.CONSUME(T.RPAREN);
          return this.ACTION(() => {
            const label: Mutable<A.DynamicLabel> = { type: 'DynamicLabel', span: this.span(this.tokStart(open), this.tokEnd(close)), expr: e };
            if (e.type === 'AliasExpr') {
              label.alias = e.ident;
              label.expr = e.expr;
            }
            return label;
          });
        },
      },
    ]));
  });

  /** Ellipsis = "..." [ Expression ] . */
  Ellipsis = this.rule('Ellipsis', (): A.Ellipsis => {
    const t = this.CONSUME(T.ELLIPSIS);
    const value = this.OPTION(() => this.SUBRULE(this.Expression));
    return this.ACTION(() => {
      const e: Mutable<A.Ellipsis> = { type: 'Ellipsis', span: this.span(this.tokStart(t), value ? value.span.end : this.tokEnd(t)) };
      if (value) e.value = value;
      return e;
    });
  });

  /** Embedding = Comprehension | AliasExpr . */
  Embedding = this.rule(
    'Embedding',
    (): A.Expr | A.Comprehension => {
      // Alternatives cached: they use only `this`, and rebuilding them per call costs.
      return this.OR((this.alts.Embedding ??= {
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.isComprehensionStart(), ALT: () => this.SUBRULE(this.Comprehension) },
          { ALT: () => this.SUBRULE(this.AliasExpr) },
        ],
      }));
    },
    { resyncEnabled: true },
  );

  /** LetClause = "let" identifier "=" Expression . */
  LetClause = this.rule('LetClause', (): A.LetClause => {
    const kw = this.CONSUME(T.LET);
    const id = this.CONSUME(T.identifier);
    this.CONSUME(T.BIND);
    const expr = this.SUBRULE(this.Expression);
    return this.ACTION(() => ({ type: 'LetClause', span: this.span(this.tokStart(kw), expr.span.end), ident: this.ident(id), expr }));
  });

  /** AliasExpr = [ identifier "=" ] Expression . */
  AliasExpr = this.rule('AliasExpr', (): A.Expr => {
    const lone = this.loneOperand();
    if (lone) return lone;
    const alias = this.aliasPrefix();
    const expr = this.SUBRULE(this.Expression);
    return this.ACTION((): A.Expr => {
      if (!alias) return expr;
      return { type: 'AliasExpr', span: this.span(this.tokStart(alias), expr.span.end), ident: this.ident(alias), expr };
    });
  });

  /** StructLit = "{" { Declaration "," } "}" . */
  StructLit = this.rule('StructLit', (): A.StructLit => {
    const open = this.CONSUME(T.LBRACE);
    const decls: A.Declaration[] = [];
    this.MANY(() => {
      const d = this.loneField(T.RBRACE) ?? this.SUBRULE(this.Declaration);
      this.ACTION(() => d && decls.push(d));
      this.separator(1, 'struct literal', T.RBRACE, d);
    });
    const close = this.CONSUME(T.RBRACE);
    return this.ACTION(() => ({ type: 'StructLit', span: this.span(this.tokStart(open), this.tokEnd(close)), decls }));
  });

  /** ListLit = "[" [ ElementList [ "," ] ] "]" . */
  ListLit = this.rule('ListLit', (): A.ListLit => {
    const open = this.CONSUME(T.LBRACK);
    const elts = this.OPTION(() => this.SUBRULE(this.ElementList)) ?? [];
    const close = this.CONSUME(T.RBRACK);
    return this.ACTION((): A.ListLit => {
      const span = this.span(this.tokStart(open), this.tokEnd(close));
      const last = elts[elts.length - 1];
      const ellipsisComma = last?.type === 'Ellipsis' && /^\s*,/.test(this.src.text.slice(last.span.end, span.end - 1));
      const list: A.ListLit = listNoCommas(this.src.text, elts, span.start, span.end - 1) ? { type: 'ListLit', span, elts, noCommas: true } : { type: 'ListLit', span, elts };
      return ellipsisComma ? { ...list, ellipsisComma } : list;
    });
  });

  /**
   * ElementList = Ellipsis | Embedding { "," Embedding } [ "," Ellipsis ] .
   * (The commas between elements may be inserted at line ends: CUE v0.17+.)
   */
  ElementList = this.rule('ElementList', (): A.ListElement[] => {
    const elts: A.ListElement[] = [];
    this.MANY({
      GATE: () => this.LA(1).tokenType !== T.ELLIPSIS,
      DEF: () => {
        const e = this.SUBRULE(this.Embedding);
        this.ACTION(() => {
          if (!e) return;
          if (e.type === 'AliasExpr') this.issue(e.span.start, 'alias values not allowed in this position');
          elts.push(e);
        });
        this.separator(1, 'list literal', T.RBRACK);
      },
    });
    this.OPTION(() => {
      const e = this.SUBRULE(this.Ellipsis);
      this.ACTION(() => e && elts.push(e));
      this.OPTION2(() => this.CONSUME2(T.COMMA));
    });
    return elts;
  });

  /** Operand = Literal | OperandName | "(" Expression ")" . */
  Operand = this.rule('Operand', (): A.Expr => {
    // Alternatives cached: they use only `this`, and rebuilding them per call costs.
    return this.OR((this.alts.Operand ??= [
      { ALT: () => this.SUBRULE(this.Literal) },
      { ALT: () => this.SUBRULE(this.OperandName) },
      {
        ALT: () => {
          const open = this.CONSUME(T.LPAREN);
          const expr = this.SUBRULE(this.Expression);
          const close = this.CONSUME(T.RPAREN);
          return this.ACTION((): A.Expr => ({ type: 'ParenExpr', span: this.span(this.tokStart(open), this.tokEnd(close)), expr }));
        },
      },
    ]));
  });

  /** Literal = BasicLit | ListLit | StructLit . */
  Literal = this.rule('Literal', (): A.Expr => {
    // Alternatives cached: they use only `this`, and rebuilding them per call costs.
    return this.OR((this.alts.Literal ??= [
      { ALT: () => this.SUBRULE(this.BasicLit) },
      { ALT: () => this.SUBRULE(this.ListLit) },
      { ALT: () => this.SUBRULE(this.StructLit) },
    ]));
  });

  /** BasicLit = int_lit | float_lit | string_lit | Interpolation | null_lit | bool_lit | bottom_lit . */
  BasicLit = this.rule('BasicLit', (): A.Expr => {
    // Alternatives cached: they use only `this`, and rebuilding them per call costs.
    return this.OR((this.alts.BasicLit ??= [
      { ALT: () => { const t = this.CONSUME(T.int_lit); return this.ACTION(() => this.numberLit(t, 'int')); } },
      { ALT: () => { const t = this.CONSUME(T.float_lit); return this.ACTION(() => this.numberLit(t, 'float')); } },
      { ALT: () => { const t = this.CONSUME(T.string_lit); return this.ACTION(() => this.basicString(t)); } },
      { ALT: () => this.SUBRULE(this.Interpolation) },
      { ALT: () => { const t = this.CONSUME(T.null_lit); return this.ACTION((): A.Expr => this.nullLit(t)); } },
      { ALT: () => { const t = this.CONSUME(T.bool_lit); return this.ACTION((): A.Expr => this.boolLit(t)); } },
      { ALT: () => { const t = this.CONSUME(T.bottom_lit); return this.ACTION((): A.Expr => this.bottomLit(t)); } },
    ]));
  });

  private numberLit(t: IToken, kind: 'int' | 'float'): A.BasicLit {
    return { type: 'BasicLit', span: this.span(this.tokStart(t), this.tokEnd(t)), kind, raw: t.image, value: t.image };
  }

  /**
   * Interpolation = interpolation_start Expression { interpolation_middle Expression } interpolation_end .
   * A string or bytes literal with `\(expr)` parts (the spec's `interpolation` inside `string_lit`).
   */
  Interpolation = this.rule('Interpolation', (): A.Interpolation => {
    const frags: IToken[] = [];
    const exprs: A.Expr[] = [];
    const first = this.CONSUME(T.INTERP_START);
    const e = this.SUBRULE(this.Expression);
    this.ACTION(() => {
      frags.push(first);
      exprs.push(e);
    });
    // A line break before the `)` of `\( )` inserts a comma; current CUE allows it (the
    // formatter then collapses or balances the line breaks).
    const isInterpComma = (next: TokenType) => this.LA(1).tokenType === T.COMMA && this.LA(1).image !== ',' && this.LA(2).tokenType === next;
    this.MANY({
      GATE: () => this.LA(1).tokenType === T.INTERP_MID || isInterpComma(T.INTERP_MID),
      DEF: () => {
        this.OPTION(() => this.CONSUME(T.COMMA));
        const mid = this.CONSUME(T.INTERP_MID);
        const e2 = this.SUBRULE2(this.Expression);
        this.ACTION(() => {
          frags.push(mid);
          exprs.push(e2);
        });
      },
    });
    this.OPTION2({ GATE: () => isInterpComma(T.INTERP_END), DEF: () => this.CONSUME2(T.COMMA) });
    const last = this.CONSUME(T.INTERP_END);
    return this.ACTION(() => {
      frags.push(last);
      const start = this.tokStart(first);
      const end = this.tokEnd(last);
      const images = frags.map((f) => (f.isInsertedInRecovery ? ')' : f.image));
      const offsets = frags.map((f) => this.tokStart(f) - start);
      const d = decodeStringFragments(images, offsets);
      for (const err of d.errors) this.issue(start + err.offset, err.message);
      const parts: (string | A.Expr)[] = [];
      d.parts.forEach((p, i) => {
        parts.push(p);
        if (i < exprs.length) parts.push(exprs[i]!);
      });
      const kind = readDelims(first.image).char === "'" ? 'bytes' : 'string';
      return { type: 'Interpolation', span: this.span(start, end), kind, parts, raw: this.src.text.slice(start, end) };
    });
  });

  /** OperandName = identifier . (A QualifiedIdent `pkg.Name` parses as PrimaryExpr Selector.) */
  OperandName = this.rule('OperandName', (): A.Expr => {
    const t = this.CONSUME(T.identifier);
    return this.ACTION(() => this.ident(t));
  });

  /** PrimaryExpr = Operand | PrimaryExpr Selector | PrimaryExpr Index | PrimaryExpr Slice | PrimaryExpr Arguments | PrimaryExpr "?" . */
  PrimaryExpr = this.rule('PrimaryExpr', (): A.Expr => {
    let x = this.oneTokenOperand() ?? this.SUBRULE(this.Operand);
    this.MANY(() => {
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
        {
          ALT: () => {
            const sel = this.SUBRULE(this.Selector);
            this.ACTION(() => {
              x = { type: 'SelectorExpr', span: this.span(x.span.start, sel.span.end), expr: x, sel };
            });
          },
        },
        {
          // `[` starts a Slice or an Index: a `:` before the matching `]` decides, as CUE's
          // parser does after the first expression.
          GATE: () => this.isSlice(),
          ALT: () => {
            const slice = this.SUBRULE(this.Slice);
            this.ACTION(() => {
              const n: Mutable<A.SliceExpr> = { type: 'SliceExpr', span: this.span(x.span.start, this.lastEnd()), expr: x };
              if (slice.low) n.low = slice.low;
              if (slice.high) n.high = slice.high;
              x = n;
            });
          },
        },
        {
          ALT: () => {
            const index = this.SUBRULE(this.Index);
            this.ACTION(() => {
              x = { type: 'IndexExpr', span: this.span(x.span.start, this.lastEnd()), expr: x, index };
            });
          },
        },
        {
          ALT: () => {
            const args = this.SUBRULE(this.Arguments);
            this.ACTION(() => {
              x = { type: 'CallExpr', span: this.span(x.span.start, this.lastEnd()), fun: x, args };
            });
          },
        },
        {
          // `a?`, `a.b?`, `a[0]?`: an optional reference (`@experiment(try)`; the compiler
          // checks the experiment and the try context, as CUE's does).
          GATE: () => this.RECORDING_PHASE || this.isOptionalMark(x),
          ALT: () => {
            const mark = this.CONSUME(T.OPTION);
            this.ACTION(() => {
              x = { ...(x as A.Ident | A.SelectorExpr | A.IndexExpr), span: this.span(x.span.start, this.tokEnd(mark)), optional: true };
            });
          },
        },
        ],
      });
    });
    return x;
  });

  /** Selector = "." ( identifier | simple_string_lit ) . */
  Selector = this.rule('Selector', (): A.Ident | A.BasicLit => {
    this.CONSUME(T.PERIOD);
    // Alternatives cached: they use only `this`, and rebuilding them per call costs.
    return this.OR((this.alts.Selector ??= [
      { ALT: () => { const t = this.CONSUME(T.identifier); return this.ACTION(() => this.ident(t)); } },
      {
        ALT: () => {
          const t = this.CONSUME(T.string_lit);
          return this.ACTION(() => {
            const lit = this.basicString(t);
            if (lit.kind !== 'string' || t.image.startsWith('#') || t.image.startsWith('"""')) this.issue(lit.span.start, 'expected selector, found ' + describeFound(t));
            return lit;
          });
        },
      },
    ]));
  });

  /** Index = "[" Expression [ "," ] "]" . */
  Index = this.rule('Index', (): A.Expr => {
    this.CONSUME(T.LBRACK);
    const e = this.SUBRULE(this.Expression);
    // The optional comma only before `]` (a newline there): `x[1, 2]` fails at the comma, as in CUE.
    this.OPTION({ GATE: () => this.LA(2).tokenType === T.RBRACK, DEF: () => this.CONSUME(T.COMMA) });
    this.CONSUME(T.RBRACK);
    return e;
  });

  /**
   * Slice = "[" [ Expression ] ":" [ Expression ] "]" .
   * Not in the spec (a commented-out TODO there); CUE's parser and evaluator have it, with
   * one colon (a third, stride, part is `expected ']', found ':'`).
   */
  Slice = this.rule('Slice', (): { low?: A.Expr; high?: A.Expr } => {
    this.CONSUME(T.LBRACK);
    const low = this.OPTION(() => this.SUBRULE(this.Expression));
    this.CONSUME(T.COLON);
    const high = this.OPTION2(() => this.SUBRULE2(this.Expression));
    this.CONSUME(T.RBRACK);
    return { low, high };
  });

  /** Arguments = "(" [ ( Argument { "," Argument } ) [ "," ] ] ")" . */
  Arguments = this.rule('Arguments', (): A.Expr[] => {
    const args: A.Expr[] = [];
    this.CONSUME(T.LPAREN);
    this.OPTION(() => {
      const a = this.SUBRULE(this.Argument);
      this.ACTION(() => args.push(a));
      this.MANY({
        // LL(1) with a gate: a comma followed by `)` is the optional trailing comma.
        GATE: () => this.k.exprStart[this.LA(2).tokenTypeIdx] === 1,
        DEF: () => {
          this.CONSUME(T.COMMA);
          const b = this.SUBRULE2(this.Argument);
          this.ACTION(() => args.push(b));
        },
      });
      this.OPTION2(() => this.CONSUME2(T.COMMA));
    });
    this.CONSUME(T.RPAREN);
    return args;
  });

  /** Argument = Expression . */
  Argument = this.rule('Argument', (): A.Expr => this.SUBRULE(this.Expression));

  /**
   * Expression = UnaryExpr | Expression binary_op Expression .
   * Parsed as UnaryExpr { binary_op UnaryExpr } and grouped by precedence (no recursion, so
   * long operator chains cannot overflow the stack).
   */
  Expression = this.rule('Expression', (): A.Expr => {
    const first = this.plainOperand() ?? this.SUBRULE(this.UnaryExpr);
    const ops: IToken[] = [];
    const operands: A.Expr[] = [];
    this.MANY(() => {
      const op = this.CONSUME(T.binary_op);
      const rhs = this.plainOperand() ?? this.SUBRULE2(this.UnaryExpr);
      this.ACTION(() => {
        ops.push(op);
        operands.push(rhs);
      });
    });
    return this.ACTION(() => (ops.length === 0 ? first : this.climb(first, ops, operands)));
  });

  /** Operator-precedence grouping with explicit stacks; all binary operators are left-associative. */
  private climb(first: A.Expr, ops: IToken[], operands: A.Expr[]): A.Expr {
    const values: A.Expr[] = [first];
    const pending: A.BinaryOp[] = [];
    const reduce = () => {
      const right = values.pop()!;
      const left = values.pop()!;
      const op = pending.pop()!;
      values.push({ type: 'BinaryExpr', span: this.span(left.span.start, right.span.end), op, left, right });
    };
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!.image as A.BinaryOp;
      const p = precedence[op] ?? 0;
      while (pending.length > 0 && precedence[pending[pending.length - 1]!]! >= p) reduce();
      pending.push(op);
      values.push(operands[i]!);
    }
    while (pending.length > 0) reduce();
    return values[0]!;
  }

  /** UnaryExpr = PrimaryExpr | unary_op UnaryExpr . (Iterative: operators first, then the operand.) */
  UnaryExpr = this.rule('UnaryExpr', (): A.Expr => {
    const ops: IToken[] = [];
    this.MANY(() => {
      const op = this.CONSUME(T.unary_op);
      this.ACTION(() => ops.push(op));
    });
    const x = this.SUBRULE(this.PrimaryExpr);
    return this.ACTION(() => {
      let e = x;
      for (let i = ops.length - 1; i >= 0; i--) {
        const op = ops[i]!;
        e = { type: 'UnaryExpr', span: this.span(this.tokStart(op), e.span.end), op: op.image as A.UnaryOp, expr: e };
      }
      return e;
    });
  });

  /** Comprehension = Clauses StructLit [ ElseClause ] . */
  Comprehension = this.rule('Comprehension', (): A.Comprehension => {
    const clauses = this.SUBRULE(this.Clauses);
    const body = this.SUBRULE(this.StructLit);
    const otherwise = this.OPTION(() => this.SUBRULE(this.ElseClause));
    return this.ACTION((): A.Comprehension => {
      const span = this.span(clauses[0] ? clauses[0].span.start : body.span.start, (otherwise ?? body).span.end);
      if (!otherwise) return { type: 'Comprehension', span, clauses, body };
      // CUE's parser: the clause needs the experiment; `else` follows a single `if` or `try`
      // clause, `otherwise` (or `fallback`) any other clauses.
      const single = clauses.length === 1 && (clauses[0]!.type === 'IfClause' || clauses[0]!.type === 'TryClause');
      if (!this.experiments.has('try')) this.issue(otherwise.span.start, `${otherwise.keyword} requires @experiment(try)`);
      else if (single && otherwise.keyword !== 'else') this.issue(otherwise.span.start, "use 'else' with single 'if' or 'try' clause");
      else if (!single && otherwise.keyword === 'else') this.issue(otherwise.span.start, "use 'otherwise' for comprehensions with multiple clauses or 'for' clauses");
      return { type: 'Comprehension', span, clauses, body, else: otherwise };
    });
  });

  /** ElseClause = ( "else" | "otherwise" | "fallback" ) StructLit . */
  ElseClause = this.rule('ElseClause', (): A.ElseClause => {
    const kw: IToken = this.OR((this.alts.ElseClause ??= [
      { ALT: () => this.CONSUME(T.ELSE) },
      { ALT: () => this.CONSUME(T.OTHERWISE) },
      { ALT: () => this.CONSUME(T.FALLBACK) },
    ]));
    const body = this.SUBRULE(this.StructLit);
    return this.ACTION((): A.ElseClause => ({ type: 'ElseClause', span: this.span(this.tokStart(kw), body.span.end), keyword: kw.image as A.ElseClause['keyword'], body }));
  });

  /** Clauses = StartClause { [ "," ] Clause } . */
  Clauses = this.rule('Clauses', (): A.Clause[] => {
    const clauses: A.Clause[] = [];
    const first = this.SUBRULE(this.StartClause);
    this.ACTION(() => clauses.push(first));
    this.MANY({
      GATE: () => this.k.clauseStart[this.LA(1).tokenTypeIdx] === 1 || (this.LA(1).tokenType === T.COMMA && this.k.clauseStart[this.LA(2).tokenTypeIdx] === 1),
      DEF: () => {
        this.OPTION(() => this.CONSUME(T.COMMA));
        const c = this.SUBRULE(this.Clause);
        this.ACTION(() => clauses.push(c));
      },
    });
    // A comma (a line break) between the last clause and the struct, as current CUE allows.
    this.OPTION2({ GATE: () => this.LA(1).tokenType === T.COMMA && this.LA(2).tokenType === T.LBRACE, DEF: () => this.CONSUME2(T.COMMA) });
    return clauses;
  });

  /** StartClause = ForClause | GuardClause | TryClause . */
  StartClause = this.rule('StartClause', (): A.Clause => {
    return this.OR((this.alts.StartClause ??= [{ ALT: () => this.SUBRULE(this.ForClause) }, { ALT: () => this.SUBRULE(this.GuardClause) }, { ALT: () => this.SUBRULE(this.TryClause) }]));
  });

  /** Clause = StartClause | LetClause . */
  Clause = this.rule('Clause', (): A.Clause => {
    return this.OR((this.alts.Clause ??= [{ ALT: () => this.SUBRULE(this.StartClause) }, { ALT: () => this.SUBRULE(this.LetClause) }]));
  });

  /** ForClause = "for" identifier [ "," identifier ] "in" Expression . */
  ForClause = this.rule('ForClause', (): A.ForClause => {
    const kw = this.CONSUME(T.FOR);
    const a = this.CONSUME(T.identifier);
    const b = this.OPTION(() => {
      this.CONSUME(T.COMMA);
      return this.CONSUME2(T.identifier);
    });
    this.CONSUME(T.IN);
    const source = this.SUBRULE(this.Expression);
    return this.ACTION((): A.ForClause => {
      const span = this.span(this.tokStart(kw), source.span.end);
      return b ? { type: 'ForClause', span, key: this.ident(a), value: this.ident(b), source } : { type: 'ForClause', span, value: this.ident(a), source };
    });
  });

  /** GuardClause = "if" Expression . */
  GuardClause = this.rule('GuardClause', (): A.IfClause => {
    const kw = this.CONSUME(T.IF);
    const condition = this.SUBRULE(this.Expression);
    return this.ACTION(() => ({ type: 'IfClause', span: this.span(this.tokStart(kw), condition.span.end), condition }));
  });

  /** TryClause = "try" [ identifier "=" Expression ] . */
  TryClause = this.rule('TryClause', (): A.TryClause => {
    const kw = this.CONSUME(T.TRY);
    const bind = this.OPTION({
      GATE: () => this.LA(2).tokenType === T.BIND,
      DEF: () => {
        const id = this.CONSUME(T.identifier);
        this.CONSUME(T.BIND);
        const expr = this.SUBRULE(this.Expression);
        return { id, expr };
      },
    });
    return this.ACTION((): A.TryClause => {
      if (!bind) return { type: 'TryClause', span: this.span(this.tokStart(kw), this.tokEnd(kw)) };
      return { type: 'TryClause', span: this.span(this.tokStart(kw), bind.expr.span.end), ident: this.ident(bind.id), expr: bind.expr };
    });
  });

  /** Entry point for parseExpr: an AliasExpr-free expression followed by the end of input. */
  ExprEntry = this.rule('ExprEntry', (): A.Expr => {
    const e = this.SUBRULE(this.Expression);
    this.OPTION(() => this.CONSUME(T.COMMA));
    return e;
  });
}

/**
 * Whether a list is written without commas at its elements' ends: some element but the last
 * (or the only one) is not followed by a `,` before the next element or the `]` at `close`.
 * Between elements there are only blanks, commas and comments.
 */
function listNoCommas(text: string, elts: readonly A.ListElement[], open: number, close: number): boolean {
  // A line end without a comma before it (`1` newline `]`); `[1]` on one line counts as written
  // with commas.
  const hasComma = (from: number, to: number): boolean => {
    for (let i = from; i < to; i++) {
      const c = text[i];
      if (c === ',') return true;
      if (c === '\n') return false;
      if (c === '/' && text[i + 1] === '/') {
        const nl = text.indexOf('\n', i);
        if (nl < 0) return true;
        i = nl - 1;
      }
    }
    return true;
  };
  const n = elts.length;
  if (n === 0) return false;
  if (n === 1) {
    // The only element of a list over several lines: written without commas unless a `,`
    // follows it (cue's formatter asks the same of the closing bracket), even when `]` is on
    // its line (`[` newline `{}]`).
    const from = elts[0]!.span.end;
    if (!text.slice(open, close).includes('\n')) return !hasComma(from, close);
    for (let i = from; i < close; i++) {
      if (text[i] === ',') return false;
      if (text[i] === '/' && text[i + 1] === '/') {
        const nl = text.indexOf('\n', i);
        if (nl < 0 || nl >= close) break;
        i = nl;
      }
    }
    return true;
  }
  const last = n - 1;
  for (let k = 0; k < last; k++) {
    const to = k + 1 < n ? elts[k + 1]!.span.start : close;
    if (!hasComma(elts[k]!.span.end, to)) return true;
  }
  return false;
}
