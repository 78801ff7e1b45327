/**
 * The parser's shortcuts (src/syntax/parser.ts `shortcutNames`) repeat what a rule path would
 * do for one-token operands, labels and fields. Each one, switched on alone, must give the same
 * AST and errors as the full rule path everywhere: on the golden inputs, generated
 * configuration and mutations of the golden inputs. Each of the five shortcut methods must also
 * actually be taken on these inputs, or the comparison would prove nothing about it.
 * (test/syntax-equivalence.test.ts compares all of them together with chevrotain's own analysis.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Source } from '../src/source/index.js';
import { dumpFile } from '../src/syntax/ast-dump.js';
import { CueParser, shortcutNames, type Shortcut } from '../src/syntax/parser.js';
import { scan } from '../src/syntax/scanner.js';
import { getFile, listTxtar, readTxtar } from './helpers/txtar.js';
// @ts-expect-error -- a plain .mjs module without types (the parse workload's generator)
import { generate } from '../bench/workloads/e-parse-throughput.mjs';
import { mutatedSource } from './arbitraries/text-edits.js';

const corpus = listTxtar(new URL('../testdata/syntax', import.meta.url).pathname).map((f) => getFile(readTxtar(f), 'in.cue') ?? '');
const generated = generate(20_000) as string;
const full = new CueParser({ skipValidations: true, shortcuts: false });

function parseWith(p: CueParser, text: string): string {
  const src = new Source('x.cue', text);
  const file = p.parseTokens(src, scan(src).tokens);
  const errors = [...p.errors.map((e) => `${e.token.startOffset} ${e.message}`), ...p.issues.map((i) => `${i.offset} ${i.message}`)];
  return dumpFile(file) + '\n-- errors --\n' + errors.join('\n');
}

/** The five methods; `comma` and `plainString` are fast paths inside other methods. */
const methods: readonly Shortcut[] = ['loneOperand', 'loneField', 'plainOperand', 'oneTokenOperand', 'loneLabel'];

/** A parser with only `name` on, counting how often the shortcut method returns a node. */
function withOnly(name: Shortcut): { parser: CueParser; hits: () => number } {
  const parser = new CueParser({ skipValidations: true, shortcuts: [name] });
  let hits = 0;
  if (methods.includes(name)) {
    const self = parser as unknown as Record<string, (...a: unknown[]) => unknown>;
    const original = self[name]!;
    self[name] = function (this: unknown, ...args: unknown[]) {
      const r = original.apply(this, args);
      if (r !== undefined) hits++;
      return r;
    };
  }
  return { parser, hits: () => hits };
}

describe('each parser shortcut alone matches the full rule path', () => {
  it('names the five methods among the shortcuts', () => {
    for (const m of methods) expect(shortcutNames).toContain(m);
  });

  for (const name of shortcutNames) {
    it(name, () => {
      const { parser, hits } = withOnly(name);
      expect(corpus.length).toBeGreaterThan(100);
      for (const text of corpus) expect(parseWith(parser, text), text).toBe(parseWith(full, text));
      expect(parseWith(parser, generated)).toBe(parseWith(full, generated));
      const pieces = ['a', ':', '{', '}', '[', ']', '(', ')', ',', '\n', '"s"', '1', '+', '|', '&', '.', '=', 'if', '...', '?', '!', '@a()'];
      fc.assert(
        fc.property(mutatedSource(corpus, pieces), (text) => {
          expect(parseWith(parser, text)).toBe(parseWith(full, text));
        }),
        { seed: 11, numRuns: 150 },
      );
      if (methods.includes(name)) expect(hits(), `${name} was never taken`).toBeGreaterThan(100);
    });
  }
});
