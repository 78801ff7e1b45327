/**
 * Properties of the formatter on random programs (test/arbitraries/cue-program.ts), with a
 * fixed seed and a bounded number of runs:
 * - the generator's programs parse (otherwise the other properties test nothing);
 * - formatting is idempotent: fmt(fmt(x)) == fmt(x);
 * - formatting keeps the meaning: parse(fmt(x)) equals parse(x) ignoring spans, layout and the
 *   spelling of literals (`.5` is `0.5`), with the same comments;
 * - printing a parsed expression and parsing it back gives the same tree (precedence kept,
 *   parentheses added only where the tree needs them).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Source } from '../src/source/index.js';
import { parseExpr, parseFile } from '../src/syntax/index.js';
import { normalizeNumber } from '../src/syntax/print-literals.js';
import { formatFile, formatLabel, printNode, quoteString } from '../src/syntax/printer.js';
import type { Comment, Expr } from '../src/syntax/ast.js';
import { cueExpr, cueProgram } from './arbitraries/cue-program.js';

const runs = { seed: 20261127, numRuns: 300 };

function parse(text: string) {
  const { file, errors } = parseFile(new Source('gen.cue', text));
  if (errors.length > 0) throw new Error(`does not parse:\n${text}\n${errors.map((e) => e.format()).join('')}`);
  return file;
}

function fmt(text: string): string {
  return formatFile(parse(text));
}

/**
 * A tree without positions or layout: spans, raw spellings and comments dropped, numbers
 * compared by their canonical spelling, redundant double parentheses collapsed.
 */
function shape(node: unknown, comments: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => shape(n, comments));
  if (node === null || typeof node !== 'object') return node;
  if (node instanceof Uint8Array) return Array.from(node);
  const n = node as Record<string, unknown>;
  if (n.type === 'Comment') {
    comments.push((n.text as string).trimEnd());
    return undefined;
  }
  if (n.type === 'ParenExpr' && (n.expr as { type: string }).type === 'ParenExpr') {
    shape(n.comments, comments);
    return shape(n.expr, comments);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) {
    if (k === 'span' || k === 'raw') continue;
    if (k === 'comments' || k === 'trailingComments') {
      shape(v, comments);
      continue;
    }
    if (k === 'value' && (n.kind === 'int' || n.kind === 'float')) {
      out[k] = normalizeNumber(v as string);
      continue;
    }
    out[k] = shape(v, comments);
  }
  return out;
}

function meaning(text: string): { tree: unknown; comments: string[] } {
  const comments: string[] = [];
  const tree = shape(parse(text), comments);
  return { tree, comments: comments.sort() };
}

describe('fmt properties', () => {
  it('generated programs parse', () => {
    fc.assert(
      fc.property(cueProgram(), (src) => {
        parse(src);
      }),
      runs,
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(cueProgram(), (src) => {
        const once = fmt(src);
        expect(fmt(once)).toBe(once);
      }),
      runs,
    );
  });

  it('keeps the parsed tree and the comments', () => {
    fc.assert(
      fc.property(cueProgram(), (src) => {
        expect(meaning(fmt(src))).toEqual(meaning(src));
      }),
      runs,
    );
  });

  it('prints expressions that parse back to the same tree', () => {
    fc.assert(
      fc.property(cueExpr({ maxDepth: 4 }), (src) => {
        const { expr, errors } = parseExpr(new Source('e', src));
        expect(errors).toEqual([]);
        const printed = printNode(expr!);
        const back = parseExpr(new Source('e', printed));
        expect(back.errors).toEqual([]);
        expect(shape(back.expr, [])).toEqual(shape(expr, []));
      }),
      runs,
    );
  });

  it('adds only the parentheses a synthetic tree needs', () => {
    // Strip every ParenExpr from a parsed expression (the tree keeps its structure), print it,
    // and check that parsing gives the same structure back.
    const strip = (e: unknown): unknown => {
      if (Array.isArray(e)) return e.map(strip);
      if (e === null || typeof e !== 'object' || e instanceof Uint8Array) return e;
      const n = e as Record<string, unknown>;
      if (n.type === 'ParenExpr') return strip(n.expr);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(n)) out[k] = k === 'span' ? v : strip(v);
      return out;
    };
    fc.assert(
      fc.property(cueExpr({ maxDepth: 4 }), (src) => {
        const { expr } = parseExpr(new Source('e', src));
        const bare = strip(expr) as Expr;
        const printed = printNode(bare);
        const back = parseExpr(new Source('e', printed));
        expect(back.errors).toEqual([]);
        expect(shape(strip(back.expr), [])).toEqual(shape(bare, []));
      }),
      runs,
    );
  });
});

describe('quoting helpers', () => {
  const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('if', '_', '#A', '_#b', '__x', 'null', 'x-y', '\\(x)', '"'));

  it('quoteString gives a literal whose value is the string', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const { expr, errors } = parseExpr(new Source('q', quoteString(s)));
        expect(errors).toEqual([]);
        expect(expr).toMatchObject({ type: 'BasicLit', kind: 'string', value: s });
      }),
      runs,
    );
  });

  it('formatLabel gives a label that reads back as the same name', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const file = parse(formatLabel(s) + ': 1\n');
        const f = file.decls[0]!;
        expect(f.type).toBe('Field');
        const label = (f as { label: { type: string; name?: string; value?: string } }).label;
        expect(label.type === 'Ident' ? label.name : label.value).toBe(s);
      }),
      runs,
    );
  });
});

// Comments are compared as texts (see shape()).
export type { Comment };
