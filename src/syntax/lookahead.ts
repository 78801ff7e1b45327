/**
 * The parser's grammar analysis, done cheaply: LL(1) lookahead tables and the follow sets used
 * by error recovery, both computed from FIRST sets of the recorded grammar.
 *
 * Why not chevrotain's own: its LL(k) strategy enumerates lookahead *paths* (general k, token
 * categories as hash keys) and took about 30 ms of the ~55 ms parser construction even with
 * k = 1; its follow sets (another ~10 ms) are only read after a syntax error. With k = 1 a
 * decision is one table lookup by token type, and the tables are cheap to build.
 *
 * Both computations follow chevrotain's definitions exactly (`possiblePathsFrom` with k = 1
 * for lookahead, `first` / `isOptionalProd` and the rest walker for follows, element order
 * included, since recovery picks the first matching token type); test/syntax-lookahead.test.ts
 * checks every decision and every follow set against chevrotain's own.
 */
import {
  Alternation,
  Alternative,
  LLkLookaheadStrategy,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
  type ILookaheadStrategy,
  type ILookaheadValidationError,
  type IProduction,
  type IToken,
  type Rule,
  type TokenType,
} from 'chevrotain';
import { tokenTable } from './tokens.js';

/** The parser surface a lookahead function uses (chevrotain calls it with the parser as `this`). */
interface Lookahead {
  LA_FAST(k: number): IToken;
}
type AltGates = readonly { GATE?: (this: unknown) => boolean }[];

/** Token types a production may start with (no duplicates, in grammar order) and whether it may be empty. */
interface First1 {
  tokens: TokenType[];
  empty: boolean;
}

/** DSL method kinds, as chevrotain names them in `buildLookaheadForOptional`'s `prodType`. */
type ProdKind = 'Option' | 'Repetition' | 'RepetitionMandatory' | 'RepetitionMandatoryWithSeparator' | 'RepetitionWithSeparator' | 'Alternation';

function kindOf(p: IProduction): ProdKind | undefined {
  if (p instanceof Option) return 'Option';
  if (p instanceof RepetitionMandatoryWithSeparator) return 'RepetitionMandatoryWithSeparator';
  if (p instanceof RepetitionMandatory) return 'RepetitionMandatory';
  if (p instanceof RepetitionWithSeparator) return 'RepetitionWithSeparator';
  if (p instanceof Repetition) return 'Repetition';
  if (p instanceof Alternation) return 'Alternation';
  return undefined;
}

function addAll(into: TokenType[], from: readonly TokenType[]): void {
  for (const t of from) if (!into.includes(t)) into.push(t);
}

/**
 * The first tokens of the paths through `def` (chevrotain's `possiblePathsFrom(def, 1)`):
 * optional parts let the path go on; a nested alternation ignores alternatives with an empty
 * definition (as chevrotain does); an empty path exists when everything can be skipped.
 */
function pathFirst(def: readonly IProduction[], memo: Map<Rule, First1>): First1 {
  const tokens: TokenType[] = [];
  for (const p of def) {
    if (p instanceof Terminal) {
      addAll(tokens, [p.terminalType]);
      return { tokens, empty: false };
    }
    if (p instanceof NonTerminal) {
      const rule = p.referencedRule;
      let f = memo.get(rule);
      if (!f) {
        f = pathFirst(rule.definition, memo);
        memo.set(rule, f);
      }
      addAll(tokens, f.tokens);
      if (!f.empty) return { tokens, empty: false };
      continue;
    }
    if (p instanceof Alternation) {
      let through = false;
      for (const alt of p.definition as Alternative[]) {
        if (alt.definition.length === 0) continue;
        const f = pathFirst(alt.definition, memo);
        addAll(tokens, f.tokens);
        through ||= f.empty;
      }
      if (!through) return { tokens, empty: false };
      continue;
    }
    // Alternative, Option, and the repetitions: their content, then (if it may be empty, or
    // the production is optional) whatever follows.
    const f = pathFirst((p as Alternative).definition, memo);
    addAll(tokens, f.tokens);
    const optional = p instanceof Option || p instanceof Repetition || p instanceof RepetitionWithSeparator;
    if (!optional && !f.empty) return { tokens, empty: false };
  }
  return { tokens, empty: true };
}

/** The production of kind `kind` and occurrence `idx` inside `rule` (not inside referenced rules). */
function findProduction(rule: Rule, kind: ProdKind, idx: number): IProduction & { definition: IProduction[] } {
  let found: (IProduction & { definition: IProduction[] }) | undefined;
  const visit = (def: readonly IProduction[]) => {
    for (const p of def) {
      if (found) return;
      if (p instanceof Terminal || p instanceof NonTerminal) continue;
      const q = p as IProduction & { definition: IProduction[]; idx?: number };
      if (kindOf(q) === kind && q.idx === idx) {
        found = q;
        return;
      }
      visit(q.definition);
    }
  };
  visit(rule.definition);
  if (!found) throw new Error(`no ${kind}${idx} in rule ${rule.name}`);
  return found;
}


/**
 * LL(1) lookahead from FIRST sets, built when the parser is constructed (about a millisecond
 * for the whole grammar). Gates run only for alternatives whose first token matches; our gates
 * only read tokens, so the choice is the one chevrotain would make.
 */
export class FirstSetLookahead implements ILookaheadStrategy {
  private memo = new Map<Rule, First1>();
  /** One more than the largest tokenTypeIdx. */
  private size = 0;

  validate(options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }): ILookaheadValidationError[] {
    // Validation only runs when asked for (the grammar test): chevrotain's checks, unchanged.
    return new LLkLookaheadStrategy({ maxLookahead: 1 }).validate(options);
  }

  initialize(options: { rules: Rule[] }): void {
    this.memo = new Map();
    let max = 0;
    const see = (t: TokenType) => {
      max = Math.max(max, t.tokenTypeIdx!);
      for (const m of t.categoryMatches ?? []) max = Math.max(max, m);
    };
    const visit = (def: readonly IProduction[]) => {
      for (const p of def) {
        if (p instanceof Terminal) see(p.terminalType);
        else if (!(p instanceof NonTerminal)) visit((p as Alternative).definition);
      }
    };
    for (const r of options.rules) visit(r.definition);
    this.size = max + 1;
  }

  buildLookaheadForAlternation(options: { prodOccurrence: number; rule: Rule; hasPredicates: boolean }): (this: Lookahead, orAlts?: AltGates) => number | undefined {
    const or = findProduction(options.rule, 'Alternation', options.prodOccurrence);
    const firsts = or.definition.map((alt) => pathFirst((alt as Alternative).definition, this.memo));
    const size = this.size;
    if (!options.hasPredicates) {
      // The first alternative that can start with the token wins; one that may be empty
      // takes every token not claimed before it.
      const choice = new Int16Array(size).fill(-1);
      let rest = -1;
      firsts.forEach((f, i) => {
        if (rest >= 0) return;
        const table = tokenTable(f.tokens, size);
        for (let k = 0; k < size; k++) if (choice[k] === -1 && (table[k] === 1 || f.empty)) choice[k] = i;
        if (f.empty) rest = i;
      });
      return function (this: Lookahead): number | undefined {
        const k = this.LA_FAST(1).tokenTypeIdx;
        const c = k < size ? choice[k]! : rest;
        return c >= 0 ? c : undefined;
      };
    }
    const tables = firsts.map((f) => tokenTable(f.tokens, size));
    const empty = firsts.map((f) => f.empty);
    const n = firsts.length;
    return function (this: Lookahead, orAlts?: AltGates): number | undefined {
      const k = this.LA_FAST(1).tokenTypeIdx;
      for (let i = 0; i < n; i++) {
        if (empty[i] || tables[i]![k] === 1) {
          const gate = orAlts?.[i]?.GATE;
          if (gate === undefined || gate.call(this) === true) return i;
        }
      }
      return undefined;
    };
  }

  buildLookaheadForOptional(options: { prodOccurrence: number; prodType: string; rule: Rule }): (this: Lookahead) => boolean {
    const prod = findProduction(options.rule, options.prodType as ProdKind, options.prodOccurrence);
    const f = pathFirst(prod.definition, this.memo);
    if (f.empty) return () => true;
    const table = tokenTable(f.tokens, this.size);
    const size = this.size;
    return function (this: Lookahead): boolean {
      const k = this.LA_FAST(1).tokenTypeIdx;
      return k < size && table[k] === 1;
    };
  }
}

// ---------------------------------------------------------------------------
// Follow sets for re-synchronisation (chevrotain's `computeAllProdsFollows`), computed on
// demand: a file without syntax errors never needs them.

/** chevrotain's `isOptionalProd`: can the production match nothing? */
function isOptionalProd(p: IProduction, visited: NonTerminal[] = []): boolean {
  if (p instanceof Option || p instanceof Repetition || p instanceof RepetitionWithSeparator) return true;
  if (p instanceof Alternation) return p.definition.some((a) => isOptionalProd(a, visited));
  if (p instanceof Terminal) return false;
  if (p instanceof NonTerminal) {
    if (visited.includes(p)) return false;
    visited.push(p);
  }
  return (p as Alternative).definition.every((q) => isOptionalProd(q, visited));
}

/** chevrotain's `first`: the token types a production may start with, in its order. */
function first(p: IProduction): TokenType[] {
  if (p instanceof NonTerminal) return first(p.referencedRule);
  if (p instanceof Terminal) return [p.terminalType];
  const out: TokenType[] = [];
  if (p instanceof Alternation) {
    for (const a of p.definition) addAll(out, first(a));
    return out;
  }
  for (const q of (p as Alternative).definition) {
    addAll(out, first(q));
    if (!isOptionalProd(q)) break;
  }
  return out;
}

/** `in` marker of chevrotain's follow keys: `<rule><occurrence>_~IN~_<calling rule>`. */
const IN = '_~IN~_';

/** For every rule reference, the tokens that may follow it inside the calling rule. */
export function computeFollows(rules: readonly Rule[]): Record<string, TokenType[]> {
  const follows: Record<string, TokenType[]> = {};
  for (const top of rules) {
    const walk = (prod: { definition: IProduction[] }, prevRest: IProduction[]): void => {
      prod.definition.forEach((sub, index) => {
        const currRest = prod.definition.slice(index + 1);
        if (sub instanceof NonTerminal) {
          follows[sub.referencedRule.name + sub.idx + IN + top.name] = first(new Alternative({ definition: currRest.concat(prevRest) }));
        } else if (sub instanceof Terminal) {
          // nothing follows from a token
        } else if (sub instanceof Alternation) {
          const rest = currRest.concat(prevRest);
          for (const alt of sub.definition as Alternative[]) walk(alt, rest);
        } else if (sub instanceof RepetitionWithSeparator || sub instanceof RepetitionMandatoryWithSeparator) {
          const again = new Option({ definition: [new Terminal({ terminalType: sub.separator }), ...sub.definition] });
          walk(sub, [again, ...currRest, ...prevRest]);
        } else if (sub instanceof Repetition || sub instanceof RepetitionMandatory) {
          walk(sub, [new Option({ definition: sub.definition }), ...currRest, ...prevRest]);
        } else {
          walk(sub as Alternative, currRest.concat(prevRest));
        }
      });
    };
    walk(top, []);
  }
  return follows;
}

// ---------------------------------------------------------------------------
// Token sets the parser's gates and shortcuts use, read off the recorded grammar instead of
// being listed by hand (they drifted when the grammar changed).

/** The token types a rule may start with (chevrotain's `first`, categories kept). */
export function firstOf(rule: Rule): TokenType[] {
  return first(rule);
}

/**
 * The token types `def` derives as exactly one token with no choice left after it: a lone
 * terminal, a lone reference to a rule that does, or an alternation of such alternatives
 * (Operand -> Literal -> BasicLit -> int_lit; Operand -> OperandName -> identifier).
 */
export function oneTokenDerivations(def: readonly IProduction[]): TokenType[] {
  if (def.length !== 1) return [];
  const p = def[0]!;
  if (p instanceof Terminal) return [p.terminalType];
  if (p instanceof NonTerminal) return oneTokenDerivations(p.referencedRule.definition);
  if (p instanceof Alternation) return (p.definition as Alternative[]).flatMap((a) => oneTokenDerivations(a.definition));
  return [];
}

/** The production of kind `kind` at the top of a rule's definition (not nested, not in referenced rules). */
export function topLevel(rule: Rule, kind: ProdKind): IProduction & { definition: IProduction[] } {
  const p = rule.definition.find((q) => kindOf(q) === kind);
  if (!p) throw new Error(`no ${kind} at the top of rule ${rule.name}`);
  return p as IProduction & { definition: IProduction[] };
}

/** The first tokens of a production's content (what its repetition or option starts with). */
export function contentFirst(p: { definition: IProduction[] }): TokenType[] {
  return pathFirst(p.definition, new Map()).tokens;
}
