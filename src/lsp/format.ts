/**
 * Formatting with cue-lite fmt (the library's parser and printer, as `cue-lite fmt` runs
 * them): the edits that turn the document into its formatted text, as one replacement of the
 * lines that differ. A range request gets the same edit when it touches the range: the
 * printer formats whole files (alignment of a run of fields depends on its neighbours), so a
 * range is formatted as part of its file. A document with syntax errors is left as it is.
 */
import type { Range, TextEdit } from 'vscode-languageserver';
import { Source, formatFile, parseFile } from '../index.js';
import { rangeOf } from './text.js';

export function formatEdits(name: string, text: string, range?: Range): TextEdit[] {
  const { file, errors } = parseFile(new Source(name, text));
  if (errors.length > 0) return [];
  const out = formatFile(file);
  if (out === text) return [];
  // The differing lines: common leading and trailing lines stay.
  const a = text.split('\n');
  const b = out.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const start = a.slice(0, head).reduce((n, l) => n + l.length + 1, 0);
  const endLine = a.length - tail;
  const end = Math.min(text.length, a.slice(0, endLine).reduce((n, l) => n + l.length + 1, 0));
  const endNew = Math.min(out.length, b.slice(0, b.length - tail).reduce((n, l) => n + l.length + 1, 0));
  const edit: TextEdit = { range: rangeOf(text, start, end), newText: out.slice(start, endNew) };
  if (range && (range.end.line < edit.range.start.line || range.start.line > edit.range.end.line)) return [];
  return [edit];
}
