/**
 * The parser's stored grammar (src/syntax/grammar.generated.ts, written by the build through
 * scripts/gen-grammar.mjs) must be exactly what chevrotain records from the rules: the parser
 * loads it instead of recording, so a stale snapshot would parse with an old grammar.
 */
import { describe, expect, it } from 'vitest';
import { EOF, type Rule } from 'chevrotain';
import { CueParser } from '../src/syntax/parser.js';
import { loadGrammar, productionMaker, storeGrammar, type StoredProduction } from '../src/syntax/grammar-snapshot.js';
import * as chevrotain from 'chevrotain';
import { grammarSnapshot } from '../src/syntax/grammar.generated.js';
import * as T from '../src/syntax/tokens.js';
import { parseFile } from '../src/syntax/index.js';
import { Source } from '../src/source/index.js';

const tokens = new Map([...T.allTokens, EOF].map((t) => [t.name, t]));
const rulesOf = (p: CueParser): Rule[] => Object.values(p.getGAstProductions());

describe('grammar snapshot', () => {
  const recorded = new CueParser({ recordGrammar: true, skipValidations: true });

  it('equals a fresh recording of the rules (else: npm run build regenerates it)', () => {
    expect(grammarSnapshot.length).toBeGreaterThan(30);
    expect(storeGrammar(rulesOf(recorded))).toEqual(grammarSnapshot);
  });

  it('loads into the same productions, linked to their rules', () => {
    const loaded = loadGrammar(grammarSnapshot, tokens)!;
    expect(loaded).toBeDefined();
    expect(storeGrammar(Object.values(loaded))).toEqual(storeGrammar(rulesOf(recorded)));
    // Every NonTerminal refers to the loaded rule of its name (what grammar resolution does).
    const walk = (p: { definition?: unknown[]; referencedRule?: Rule; nonTerminalName?: string }): void => {
      if (p.nonTerminalName !== undefined) {
        expect(p.referencedRule).toBe(loaded[p.nonTerminalName]);
        return;
      }
      for (const c of (p.definition ?? []) as (typeof p)[]) walk(c);
    };
    for (const r of Object.values(loaded)) walk(r as never);
  });

  it('is what the default parser uses (syntax-equivalence.test.ts compares its parses with chevrotain\'s own analysis)', () => {
    const fromSnapshot = new CueParser({ skipValidations: true });
    expect(storeGrammar(rulesOf(fromSnapshot))).toEqual(storeGrammar(rulesOf(recorded)));
    // Not recorded: the rules are the snapshot's objects, not new ones.
    expect(rulesOf(fromSnapshot)[0]).not.toBe(rulesOf(recorded)[0]);
    const src = 'package p\nimport "strings"\n#A: {a?: int | *1, [=~"x"]: _, ...}\nx: [for k, v in {a: 1} if v > 0 {"\\(k)": v}]\ny: strings.ToUpper("a")[0:1]\nlet z = 1\n';
    expect(parseFile(new Source('a.cue', src)).errors).toEqual([]);
  });

  it('makes each production as its chevrotain constructor does: prototype, own properties, order', () => {
    const make = productionMaker();
    let count = 0;
    const check = (s: StoredProduction): void => {
      const options: Record<string, unknown> = { ...s.p };
      if (s.d) options.definition = s.d.map(() => ({}));
      if (s.t !== undefined) options[s.k === 'Terminal' ? 'terminalType' : 'separator'] = tokens.get(s.t);
      const C = (chevrotain as unknown as Record<string, new (o: unknown) => object>)[s.k]!;
      const want = new C(options) as Record<string, unknown>;
      const got = make(s.k, options) as unknown as Record<string, unknown>;
      expect(Object.getPrototypeOf(got)).toBe(C.prototype);
      expect(Object.keys(got)).toEqual(Object.keys(want));
      for (const k of Object.keys(want)) expect(got[k]).toEqual(want[k]);
      expect((got as { definition?: unknown }).definition).toEqual((want as { definition?: unknown }).definition);
      count++;
      for (const c of s.d ?? []) check(c);
    };
    for (const r of grammarSnapshot) check(r);
    expect(count).toBeGreaterThan(250);
  });

  it('a snapshot that names an unknown token or rule is refused', () => {
    const bad = JSON.parse(JSON.stringify(grammarSnapshot)) as typeof grammarSnapshot;
    const term = JSON.stringify(bad).match(/"t":"([A-Z_]+)"/)![1]!;
    expect(loadGrammar(JSON.parse(JSON.stringify(bad).replace(`"t":"${term}"`, '"t":"NO_SUCH_TOKEN"')), tokens)).toBeUndefined();
    expect(loadGrammar(JSON.parse(JSON.stringify(bad).replace(/"r":"[A-Za-z]+"/, '"r":"NoSuchRule"')), tokens)).toBeUndefined();
  });
});
