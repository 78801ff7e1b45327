/**
 * The parser's speed-ups must not change what it does. Its own grammar analysis
 * (src/syntax/lookahead.ts) must decide exactly as chevrotain's: every LL(1) decision for
 * every token type, every follow set used by error recovery (order included). And the parser
 * as used (own analysis, one-token shortcuts) must produce the same ASTs and errors as one
 * built with chevrotain's analysis taking the full rule chain everywhere, on the golden
 * inputs, on mutations of them and on generated configuration.
 */
import fc from 'fast-check';
import { createTokenInstance, EOF, type TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { Source } from '../src/source/index.js';
import { dumpFile } from '../src/syntax/ast-dump.js';
import { CueParser } from '../src/syntax/parser.js';
import { scan } from '../src/syntax/scanner.js';
import { allTokens } from '../src/syntax/tokens.js';
import { getFile, listTxtar, readTxtar } from './helpers/txtar.js';
// @ts-expect-error -- a plain .mjs module without types (the parse workload's generator)
import { generate } from '../bench/workloads/e-parse-throughput.mjs';
import { mutatedSource } from './arbitraries/text-edits.js';

const ours = new CueParser({ skipValidations: true });
const theirs = new CueParser({ skipValidations: true, chevrotainAnalysis: true, shortcuts: false });

interface Internals {
  lookAheadFuncsCache: Map<number, (this: unknown, alts?: unknown[]) => unknown>;
  resyncFollows: Record<string, TokenType[]>;
  input: unknown[];
}
const inside = (p: CueParser) => p as unknown as Internals;

const corpus = listTxtar(new URL('../testdata/syntax', import.meta.url).pathname).map((f) => getFile(readTxtar(f), 'in.cue') ?? '');

function parseWith(p: CueParser, text: string): string {
  const src = new Source('x.cue', text);
  const file = p.parseTokens(src, scan(src).tokens);
  const errors = [...p.errors.map((e) => `${e.token.startOffset} ${e.message}`), ...p.issues.map((i) => `${i.offset} ${i.message}`)];
  return dumpFile(file) + '\n-- errors --\n' + errors.join('\n');
}

describe('parser speed-ups change nothing', () => {
  it('has a decision for every production chevrotain has', () => {
    const a = [...inside(ours).lookAheadFuncsCache.keys()].sort();
    const b = [...inside(theirs).lookAheadFuncsCache.keys()].sort();
    expect(a.length).toBeGreaterThan(40);
    expect(a).toEqual(b);
  });

  it('decides as chevrotain for every token type, with and without gates', () => {
    const types = [...allTokens, EOF];
    const noGates = Array.from({ length: 10 }, () => ({}));
    const oneClosed = (i: number) => noGates.map((g, j) => (j === i ? { GATE: () => false } : g));
    const gateSets = [noGates, ...Array.from({ length: 8 }, (_, i) => oneClosed(i))];
    let compared = 0;
    for (const [key, fn] of inside(ours).lookAheadFuncsCache) {
      const other = inside(theirs).lookAheadFuncsCache.get(key)!;
      for (const t of types) {
        const tok = createTokenInstance(t, 'x', 0, 0, 1, 1, 1, 1);
        inside(ours).input = [tok];
        inside(theirs).input = [tok];
        for (const gates of gateSets) {
          const want = other.call(theirs, gates);
          expect(fn.call(ours, gates), `decision ${key} on ${t.name}`).toBe(want);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('computes the same follow sets for recovery, in the same order', () => {
    const names = (r: Record<string, TokenType[]>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.map((t) => t.name)]));
    const want = names(inside(theirs).resyncFollows);
    expect(Object.keys(want).length).toBeGreaterThan(40);
    expect(names(inside(ours).resyncFollows)).toEqual(want);
  });

  it('parses the golden inputs to the same AST and errors', () => {
    expect(corpus.length).toBeGreaterThan(100);
    for (const text of corpus) expect(parseWith(ours, text)).toBe(parseWith(theirs, text));
  });

  it('parses generated configuration to the same AST', () => {
    const text = generate(40_000);
    const a = parseWith(ours, text);
    expect(a.endsWith('\n-- errors --\n')).toBe(true);
    expect(a).toBe(parseWith(theirs, text));
  });

  it('parses mutated golden inputs to the same AST and errors', () => {
    const pieces = ['a', ':', '{', '}', '[', ']', '(', ')', ',', '\n', '"s"', '1', '+', '|', '&', 'for', 'if', 'let', '=', '...', '?', '!', '@a()', '.', '"\\('];
    fc.assert(
      fc.property(mutatedSource(corpus, pieces), (text) => {
        expect(parseWith(ours, text)).toBe(parseWith(theirs, text));
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});
