/**
 * Mutating valid sources into mostly invalid ones: each edit deletes `del` characters at `at`
 * (taken modulo the text's length + 1) and inserts `ins` there. Used by the syntax fuzz and
 * equivalence tests, which generate the edits with fast-check.
 */
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
