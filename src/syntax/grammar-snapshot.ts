/**
 * The parser's recorded grammar, stored as data so that start-up need not record it again.
 *
 * chevrotain learns a grammar by running every rule once in a "recording phase" (DSL calls
 * build GAST productions instead of parsing). For our 38 rules that is most of the parser's
 * construction, paid by every process before it parses its first byte. The recording depends
 * only on the rules' code, so `scripts/gen-grammar.mjs` records it once and writes it to
 * grammar.generated.ts; the parser rebuilds the same GAST objects from that data (about a
 * tenth of the cost) and computes its lookahead from them as before.
 *
 * A snapshot that does not match the rules (their names or count differ) is not used: the
 * parser records as usual. test/syntax-grammar-snapshot.test.ts checks that the stored
 * snapshot equals a fresh recording, production by production, so a rule edited without
 * regenerating fails the suite rather than parsing with a stale grammar.
 */
import {
  Alternation,
  Alternative,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Rule,
  Terminal,
  type IProduction,
  type TokenType,
} from 'chevrotain';

/** One production as data: its class, its own scalar properties, and its children. */
export interface StoredProduction {
  /** The GAST class. */
  k: ProductionKind;
  /** Scalar properties as chevrotain set them (idx, name, label, hasPredicates, ...). */
  p?: Record<string, string | number | boolean>;
  /** Terminal: its token type's name; ...WithSeparator: the separator's. */
  t?: string;
  /** NonTerminal: the rule it refers to. */
  r?: string;
  /** The definition (not for Terminal and NonTerminal). */
  d?: StoredProduction[];
}

type ProductionKind =
  | 'Rule'
  | 'Alternative'
  | 'Alternation'
  | 'Option'
  | 'Repetition'
  | 'RepetitionMandatory'
  | 'RepetitionWithSeparator'
  | 'RepetitionMandatoryWithSeparator'
  | 'NonTerminal'
  | 'Terminal';

// Subclasses before the classes they extend is not needed here (the GAST classes are
// siblings), but the order is the one a reader expects.
const classes: readonly [ProductionKind, new (o: never) => object][] = [
  ['Rule', Rule],
  ['Alternative', Alternative],
  ['Alternation', Alternation],
  ['Option', Option],
  ['RepetitionMandatoryWithSeparator', RepetitionMandatoryWithSeparator],
  ['RepetitionMandatory', RepetitionMandatory],
  ['RepetitionWithSeparator', RepetitionWithSeparator],
  ['Repetition', Repetition],
  ['NonTerminal', NonTerminal],
  ['Terminal', Terminal],
];

/** Properties that are links, not data: stored by name (t, r) or as children (d). */
const links = new Set(['_definition', 'definition', 'referencedRule', 'terminalType', 'separator']);

function kindOf(p: object): ProductionKind {
  for (const [k, c] of classes) if (p.constructor === c) return k;
  throw new Error(`grammar snapshot: unknown production ${p.constructor.name}`);
}

/** The recorded rules as data (what grammar.generated.ts holds). */
export function storeGrammar(rules: readonly Rule[]): StoredProduction[] {
  const store = (prod: IProduction | Rule): StoredProduction => {
    const o = prod as unknown as Record<string, unknown>;
    const out: StoredProduction = { k: kindOf(prod) };
    const props: Record<string, string | number | boolean> = {};
    for (const key of Object.keys(o)) {
      if (links.has(key)) continue;
      const v = o[key];
      if (v === undefined) continue;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new Error(`grammar snapshot: ${out.k}.${key} is not a scalar`);
      props[key] = v;
    }
    if (Object.keys(props).length > 0) out.p = props;
    if (out.k === 'Terminal') out.t = (o.terminalType as TokenType).name;
    else if (o.separator) out.t = (o.separator as TokenType).name;
    if (out.k === 'NonTerminal') out.r = (o.referencedRule as Rule | undefined)?.name ?? String(o.nonTerminalName);
    else if (out.k !== 'Terminal') out.d = (o.definition as IProduction[]).map(store);
    return out;
  };
  return rules.map(store);
}

/**
 * GAST rules from stored data, NonTerminals linked to their rules (what chevrotain's grammar
 * resolution would do). Returns undefined when the data names a token type or rule that does
 * not exist: the caller then records the grammar instead.
 */
export function loadGrammar(stored: readonly StoredProduction[], tokens: ReadonlyMap<string, TokenType>): Record<string, Rule> | undefined {
  const make = productionMaker();
  const rules: Record<string, Rule> = {};
  const pending: { nt: NonTerminal; name: string }[] = [];
  let missing = false;
  const load = (s: StoredProduction): IProduction => {
    const options: Record<string, unknown> = { ...s.p };
    if (s.d) options.definition = s.d.map(load);
    if (s.t !== undefined) {
      const tt = tokens.get(s.t);
      if (!tt) missing = true;
      options[s.k === 'Terminal' ? 'terminalType' : 'separator'] = tt;
    }
    const prod = make(s.k, options);
    if (s.k === 'NonTerminal') pending.push({ nt: prod as NonTerminal, name: s.r! });
    return prod;
  };
  for (const s of stored) {
    const rule = load(s) as unknown as Rule;
    rules[rule.name] = rule;
  }
  for (const { nt, name } of pending) {
    const target = rules[name];
    if (!target) return undefined;
    nt.referencedRule = target;
  }
  return missing ? undefined : rules;
}

/**
 * Makes a production as `new C(options)` would, without calling the constructor for each one:
 * chevrotain's GAST constructors copy their options through lodash's pickBy (which walks
 * every enumerable key, inherited ones too), a few ms for the ~290 productions at every
 * start-up. Each class is constructed once, with no options, to learn its own defaults (the
 * properties and their order, e.g. `idx: 1`); a production is then an object of that
 * prototype with those defaults and the options assigned over them (through the setters, as
 * lodash's assign does, so `definition` lands in `_definition`). The grammar snapshot test
 * compares the result with chevrotain's own construction, property by property.
 */
export function productionMaker(): (kind: ProductionKind, options: Record<string, unknown>) => IProduction {
  const templates = new Map<ProductionKind, { proto: object; defaults: [string, unknown][] }>();
  for (const [k, C] of classes) {
    const sample = new C({} as never) as Record<string, unknown>;
    templates.set(k, { proto: C.prototype as object, defaults: Object.keys(sample).map((key) => [key, sample[key]]) });
  }
  return (kind, options) => {
    const t = templates.get(kind)!;
    const prod = Object.create(t.proto) as Record<string, unknown>;
    // Arrays are fresh per production (a NonTerminal's own `_definition` is an unused []).
    for (const [key, v] of t.defaults) prod[key] = Array.isArray(v) ? [] : v;
    for (const key of Object.keys(options)) if (options[key] !== undefined) prod[key] = options[key];
    return prod as unknown as IProduction;
  };
}
