/**
 * tokens.ts makes its token types without categories and links them afterwards, in one pass
 * (createToken with categories is quadratic at start-up). The result must be what chevrotain's
 * createToken gives for the same declarations: the same CATEGORIES, category members and
 * isParent for every token type, and the same after the parser is built (chevrotain's own
 * pass over the vocabulary).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { getParser } from '../src/syntax/index.js';
import { allTokens } from '../src/syntax/tokens.js';

/** Name -> its categories' names, its members' names (sorted), isParent. */
function shape(types: readonly TokenType[]): Record<string, { categories: string[]; members: string[]; isParent: boolean }> {
  const byIdx = new Map(types.map((t) => [t.tokenTypeIdx!, t.name]));
  const out: Record<string, { categories: string[]; members: string[]; isParent: boolean }> = {};
  for (const t of types) {
    const members = (t.categoryMatches ?? []).map((i) => byIdx.get(i) ?? `?${i}`);
    expect(Object.keys(t.categoryMatchesMap ?? {}).map(Number)).toEqual(t.categoryMatches);
    out[t.name] = { categories: (t.CATEGORIES ?? []).map((c) => c.name), members: members.sort(), isParent: t.isParent === true };
  }
  return out;
}

/** The same vocabulary made the plain way: createToken given each token's categories. */
function reference(): TokenType[] {
  const made = new Map<string, TokenType>();
  for (const t of allTokens) {
    const categories = (t.CATEGORIES ?? []).map((c) => made.get(c.name)!);
    made.set(t.name, createToken({ name: t.name, pattern: Lexer.NA, label: t.LABEL, categories }));
  }
  return [...made.values()];
}

describe('token categories', () => {
  it('are those createToken sets, before and after the parser is built', () => {
    const want = shape(reference());
    expect(shape(allTokens)).toEqual(want);
    expect(want.identifier!.members).toContain('IDENT');
    expect(want.anyToken!.members.length).toBe(allTokens.length - 1);
    getParser();
    expect(shape(allTokens)).toEqual(want);
  });
});
