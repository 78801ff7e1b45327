/**
 * Mutating valid sources into mostly invalid ones: each edit deletes `del` characters at `at`
 * (taken modulo the text's length + 1) and inserts `ins` there. Used by the syntax fuzz and
 * equivalence tests, which generate the edits with fast-check.
 */
import fc from 'fast-check';

export interface TextEdit {
  at: number;
  del: number;
  ins: string;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  for (const e of edits) {
    const at = text.length === 0 ? 0 : e.at % (text.length + 1);
    text = text.slice(0, at) + e.ins + text.slice(at + e.del);
  }
  return text;
}

/**
 * A corpus file with one to four edits, each inserting one of `pieces`: the mutated text
 * (the shortcut and equivalence tests parse it two ways and compare).
 */
export function mutatedSource(corpus: readonly string[], pieces: readonly string[]): fc.Arbitrary<string> {
  return fc
    .record({
      file: fc.nat({ max: corpus.length - 1 }),
      edits: fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), ins: fc.constantFrom(...pieces) }), { minLength: 1, maxLength: 4 }),
    })
    .map(({ file, edits }) => applyEdits(corpus[file]!, edits));
}
