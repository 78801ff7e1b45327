/**
 * grammar/cue-lite.ebnf is the documentation of what the parser accepts: every production
 * must be implemented by a parser rule or a lexical token of the same name, and every rule
 * must be documented by a production; a rule may only call rules its production mentions,
 * and its doc comment starts with its production as the grammar file writes it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CueParser, entryRules } from '../src/syntax/parser.js';
import { allTokens, lexicalProductions } from '../src/syntax/tokens.js';

const ebnf = readFileSync(new URL('../grammar/cue-lite.ebnf', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const parserSource = readFileSync(new URL('../src/syntax/parser.ts', import.meta.url), 'utf8');

/** Production name -> the names its right-hand side mentions. */
function productions(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const re = /^([A-Za-z_][A-Za-z0-9_]*)\s*=([\s\S]*?)\.\s*$/gm;
  // Productions end with a "." at the end of a line; quoted "." inside is not at a line end.
  for (const m of text.matchAll(re)) {
    const rhs = m[2]!.replace(/"[^"]*"|`[^`]*`|'[^']*'/g, ' ');
    out.set(m[1]!, new Set(rhs.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []));
  }
  return out;
}

interface GNode {
  nonTerminalName?: string;
  definition?: GNode[];
}

function referencedRules(node: GNode, out = new Set<string>()): Set<string> {
  if (node.nonTerminalName) {
    out.add(node.nonTerminalName);
    return out; // a NonTerminal's `definition` is the referenced rule's: do not descend
  }
  for (const d of node.definition ?? []) referencedRules(d, out);
  return out;
}

/** Whitespace collapsed to single blanks (productions span lines in the EBNF file). */
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Production name -> its text (`Name = ... .`), normalised. */
function productionTexts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)\s*=([\s\S]*?)\.\s*$/gm)) out.set(m[1]!, normalise(`${m[1]} =${m[2]}.`));
  return out;
}

/** Rule name -> the text of the doc comment right above `Name = this.rule('Name', ...)`, normalised. */
function ruleDocComments(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*([A-Za-z]+) = this\.rule\(\s*'([A-Za-z]+)'/g)) {
    const text = m[1]!.replace(/^\s*\* ?/gm, ' ');
    out.set(m[3]!, normalise(text));
  }
  return out;
}

describe('grammar/cue-lite.ebnf matches the parser', () => {
  // With validations on: chevrotain checks the grammar itself (left recursion, ambiguities).
  const parser = new CueParser({ skipValidations: false });
  const rules = parser.getGAstProductions() as unknown as Record<string, GNode>;
  const ruleNames = Object.keys(rules).filter((n) => !entryRules.includes(n));
  const prods = productions(ebnf);
  const tokenNames = new Set(allTokens.map((t) => t.name));

  it('reads a plausible number of productions', () => {
    expect(prods.size).toBeGreaterThan(70);
    expect(prods.has('SourceFile')).toBe(true);
    expect(prods.has('multiplier')).toBe(true);
  });

  it('has a rule or lexical token for every production', () => {
    const missing = [...prods.keys()].filter((p) => !ruleNames.includes(p) && !(p in lexicalProductions));
    expect(missing).toEqual([]);
  });

  it('has a production for every parser rule', () => {
    expect(ruleNames.filter((r) => !prods.has(r))).toEqual([]);
  });

  it('has a production for every lexical entry, and the named tokens exist', () => {
    expect(Object.keys(lexicalProductions).filter((l) => !prods.has(l))).toEqual([]);
    const badTokens = Object.values(lexicalProductions).filter((t) => t !== 'scanner' && !tokenNames.has(t));
    expect(badTokens).toEqual([]);
  });

  it('documents each rule with its production, as the grammar file has it', () => {
    const texts = productionTexts(ebnf);
    const docs = ruleDocComments(parserSource);
    const drifted: string[] = [];
    for (const name of ruleNames) {
      const want = texts.get(name)!;
      const doc = docs.get(name);
      // The production first; any further text of the comment explains the implementation.
      if (doc === undefined || !doc.startsWith(want)) drifted.push(`${name}:\n  grammar: ${want}\n  comment: ${doc ?? '(none)'}`);
    }
    expect(docs.size).toBeGreaterThan(35);
    expect(drifted.join('\n')).toBe('');
  });

  it('lets each rule call only the rules its production mentions', () => {
    const wrong: string[] = [];
    for (const name of ruleNames) {
      const mentioned = prods.get(name) ?? new Set();
      for (const ref of referencedRules(rules[name]!)) if (!mentioned.has(ref)) wrong.push(`${name} -> ${ref}`);
    }
    expect(wrong).toEqual([]);
  });
});
