/**
 * Property tests: whatever the input, parseFile and parseExpr return a File (or nothing)
 * and a list of CueErrors — never an exception — and finish quickly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CueError } from '../src/errors/index.js';
import { Source } from '../src/source/index.js';
import { dumpFile } from '../src/syntax/ast-dump.js';
import { parseExpr, parseFile } from '../src/syntax/index.js';
import { scan } from '../src/syntax/scanner.js';
import { getFile, listTxtar, readTxtar } from './helpers/txtar.js';
import { applyEdits } from './arbitraries/text-edits.js';

const seed = 20240611;
const corpus = listTxtar(new URL('../testdata/syntax', import.meta.url).pathname).map((f) => getFile(readTxtar(f), 'in.cue') ?? '');

/** Every Comment object reachable from the AST (spans skipped: they hold the source). */
function collectComments(node: unknown, out: object[] = []): object[] {
  if (node === null || typeof node !== 'object') return out;
  if ((node as { type?: string }).type === 'Comment') {
    out.push(node);
    return out;
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'span') collectComments(v, out);
  return out;
}

/** Parses and checks the result's shape; returns the time taken. */
function check(text: string): number {
  const t0 = performance.now();
  const src = new Source('fuzz.cue', text);
  const r = parseFile(src);
  expect(r.file.type).toBe('File');
  for (const e of r.errors) {
    expect(e).toBeInstanceOf(CueError);
    expect(e.code).toBe('syntax');
    expect(e.path).toEqual([]);
    // The safety net in parseFile must never be what caught the problem.
    expect(e.message).not.toMatch(/internal parser error|stack exhausted/);
    expect(e.positions.length).toBe(1);
    expect(e.format()).toMatch(/^[^\n]+:\n {4}\.\/fuzz\.cue:\d+:\d+\n$/);
  }
  // The partial AST must be well-formed enough to dump.
  dumpFile(r.file);
  // Without errors, every comment is attached to exactly one node.
  if (r.errors.length === 0) {
    const attached = collectComments(r.file);
    expect(attached.length).toBe(new Set(attached).size);
    expect(attached.length).toBe(scan(src).comments.length);
  }
  const x = parseExpr(src);
  for (const e of x.errors) expect(e).toBeInstanceOf(CueError);
  return performance.now() - t0;
}

// Tokens that make interesting CUE, glued at random.
const pieces = [
  'a', '#D', '_h', '_#x', '$', 'for', 'in', 'if', 'let', 'import', 'package', 'null', 'true', '_', '_|_',
  '1', '0x1F', '1.5Ki', '.5', '1e3', '"s"', "'b'", '"\\(', ')"', '"""\n', '\n"""', '#"', '"#', '\\', '\\(',
  ':', '?', '!', '=', '==', '!=', '=~', '<=', '&', '|', '&&', '||', '+', '-', '*', '/', '.', '...', ',',
  '(', ')', '[', ']', '{', '}', '@a(', '//c\n', '// d\n', '\n// e\n', '\n', ' ', '\t', '\r', '\0', '€', '\ufeff', '\ud800',
];

describe('parser robustness', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        check(s);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('never throws on random token soups', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), (parts) => {
        check(parts.join(''));
      }),
      { seed, numRuns: 500 },
    );
  });

  it('never throws on mutated golden inputs', () => {
    const mutation = fc.record({
      file: fc.nat({ max: corpus.length - 1 }),
      edits: fc.array(
        fc.record({ at: fc.nat(), del: fc.nat({ max: 4 }), ins: fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })) }),
        { minLength: 1, maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ file, edits }) => {
        const text = applyEdits(corpus[file]!, edits);
        check(text);
      }),
      { seed, numRuns: 500 },
    );
  });

  it('keeps every comment of valid files', () => {
    const items = fc.constantFrom('a: 1', 'b: {c: 2}', 'd: [1, 2]', 'e: x + y', 'for x in y {z: x}', 'import "s"', 'let l = 1', '...', '"s": 3');
    const gap = fc.constantFrom('\n', '\n\n', ' // c\n', '\n// doc\n', '\n\n// doc\n\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(items, gap), { maxLength: 10 }), fc.boolean(), (decls, wrap) => {
        let body = decls.map(([d, g]) => d + g).join('');
        if (wrap) body = 'w: {\n' + body + '\n// last\n}\n';
        check(body);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('rejects absurd nesting cleanly and quickly', () => {
    for (const open of ['(', '[', '{', '"\\(', '{a: ', 'a: ', '-', '!', '1 + ', '[{(']) {
      const text = open.repeat(10_000);
      const ms = check(text);
      expect(ms).toBeLessThan(5_000);
      expect(parseFile(new Source('x.cue', text)).errors.length).toBeGreaterThan(0);
    }
  });

  it('handles unterminated constructs at the end of input', () => {
    for (const text of ['"', "'", '"""', '#"', '"\\(', '"\\("\\(', '@a(', 'a: [', 'a: {', 'a: (', 'for x in', 'import (', '"\\(1', "'''\n", '#"""\n']) {
      const r = parseFile(new Source('x.cue', text));
      expect(r.errors.length, text).toBeGreaterThan(0);
    }
  });
});
