/**
 * Formatting with cue-lite fmt (the library's parser and printer, as `cue-lite fmt` runs
 * them). The printer formats whole files: the alignment of a run of fields depends on its
 * neighbours. The document's lines are compared with the formatted lines, and each run of
 * lines that differs becomes one edit. A whole-document request gets every edit; a range
 * request gets the edits that touch the range's lines, so lines outside it stay as written.
 * A document with syntax errors is left as it is.
 */
import type { Range, TextEdit } from 'vscode-languageserver';
import { Source, formatFile, parseFile } from '../index.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type LineHunk, lineHunks } from './line-diff.js';

export function formatEdits(name: string, text: string, range?: Range): TextEdit[] {
  const { file, errors } = parseFile(new Source(name, text));
  if (errors.length > 0) return [];
  const out = formatFile(file);
  return lineEdits(text, out, range);
}

/** The edits that turn `text` into `out`, line by line; with a range, those touching it. */
export function lineEdits(text: string, out: string, range?: Range): TextEdit[] {
  if (out === text) return [];
  const a = text.split('\n');
  const b = out.split('\n');
  const hunks = lineHunks(a, b).flatMap(lineByLine).filter((h) => !range || touches(h, range));
  return joinTouching(hunks.map((h) => toEdit(h, a, b)), text);
}

/**
 * A hunk that replaces k lines by k lines (re-indentation, alignment) is k one-line hunks,
 * so that a range takes only its own lines.
 */
function lineByLine(h: LineHunk): LineHunk[] {
  const k = h.aEnd - h.aStart;
  if (k <= 1 || k !== h.bEnd - h.bStart) return [h];
  return Array.from({ length: k }, (_, i) => ({ aStart: h.aStart + i, aEnd: h.aStart + i + 1, bStart: h.bStart + i, bEnd: h.bStart + i + 1 }));
}

/**
 * Edits that meet at one position (an insertion before an empty line and the deletion of the
 * line break after it) are one edit: LSP edits must not overlap, and two at one position have
 * no defined order.
 */
function joinTouching(edits: TextEdit[], text: string): TextEdit[] {
  if (edits.length < 2) return edits;
  const doc = TextDocument.create('', 'cue', 0, text);
  const out: TextEdit[] = [];
  for (const e of edits) {
    const prev = out[out.length - 1];
    if (prev && doc.offsetAt(prev.range.end) >= doc.offsetAt(e.range.start)) {
      out[out.length - 1] = { range: { start: prev.range.start, end: e.range.end }, newText: prev.newText + e.newText };
    } else out.push(e);
  }
  return out;
}

/**
 * Whether a hunk touches the range's lines. A range ending at column 0 of a line does not
 * include that line (an editor selecting whole lines sends such a range).
 */
function touches(h: LineHunk, r: Range): boolean {
  const first = r.start.line;
  const last = r.end.character === 0 && r.end.line > first ? r.end.line - 1 : r.end.line;
  if (h.aStart === h.aEnd) return h.aStart >= first && h.aStart <= last + 1;
  return h.aStart <= last && h.aEnd - 1 >= first;
}

/**
 * The hunk as a replacement of whole lines: from the start of line aStart to the start of
 * line aEnd. At the end of the document (no line aEnd) the edit ends at the last character.
 */
function toEdit(h: LineHunk, a: readonly string[], b: readonly string[]): TextEdit {
  const newLines = b.slice(h.bStart, h.bEnd);
  if (h.aEnd < a.length) {
    return {
      range: { start: { line: h.aStart, character: 0 }, end: { line: h.aEnd, character: 0 } },
      newText: newLines.map((l) => l + '\n').join(''),
    };
  }
  // The hunk reaches the document's last line, which has no line break after it; nor has
  // the new text's last line. With no new lines, the line break before the hunk goes too.
  const lastLine = a.length - 1;
  const end = { line: lastLine, character: a[lastLine]!.length };
  if (newLines.length === 0) {
    const start = h.aStart > 0 ? { line: h.aStart - 1, character: a[h.aStart - 1]!.length } : { line: 0, character: 0 };
    return { range: { start, end }, newText: '' };
  }
  if (h.aStart > lastLine) return { range: { start: end, end }, newText: '\n' + newLines.join('\n') };
  return { range: { start: { line: h.aStart, character: 0 }, end }, newText: newLines.join('\n') };
}
