/**
 * Errors as data (CueError: path, message, every position) to LSP diagnostics: one diagnostic
 * at each position of an error (both sides of a conflict, in whichever files), each with the
 * error's other positions as related information. An error with
 * no position at all is shown at the top of the document that asked.
 */
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { CueError, Span } from '../index.js';
import { type Documents, spanRange } from './text.js';

/** Diagnostics by absolute path (or URI key) of every file of the instance, empty lists included. */
export function toDiagnostics(errors: readonly CueError[], files: readonly string[], nameToAbs: (name: string) => string | undefined, docs: Documents, fallback: string): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const f of files) out.set(f, []);
  const seen = new Set<string>();
  for (const e of errors) {
    const leaves = e.details.length > 0 ? [e, ...e.details] : [e];
    const spans: Span[] = [];
    for (const l of leaves) for (const s of l.positions) if (!spans.some((x) => x.src === s.src && x.start === s.start)) spans.push(s);
    const message = (e.path.length > 0 ? e.path.join('.') + ': ' : '') + e.message + (e.details.length > 0 ? '\n' + e.details.map((d) => '  ' + d.message).join('\n') : '');
    const severity = e.isIncomplete ? 2 : 1;
    if (spans.length === 0) {
      push(out, fallback, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message, severity, source: 'cue-lite', code: e.code });
      continue;
    }
    // One diagnostic at each position (both sides of a conflict are where a fix may go), the
    // others as related information.
    const placed = spans.map((sp) => ({ sp, abs: nameToAbs(sp.src.name) })).filter((x): x is { sp: Span; abs: string } => x.abs !== undefined);
    if (placed.length === 0) {
      push(out, fallback, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message, severity, source: 'cue-lite', code: e.code });
      continue;
    }
    for (const { sp, abs } of placed) {
      const range = spanRange(docs, abs, sp);
      const key = `${abs}\0${range.start.line}:${range.start.character}\0${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const related: DiagnosticRelatedInformation[] = [];
      for (const o of placed) {
        if (o.sp === sp) continue;
        related.push({ location: { uri: docs.uriOf(o.abs), range: spanRange(docs, o.abs, o.sp) }, message: 'conflicting value here' });
      }
      push(out, abs, { range, message, severity, source: 'cue-lite', code: e.code, ...(related.length > 0 ? { relatedInformation: related } : {}) });
    }
  }
  return out;
}

function push(out: Map<string, Diagnostic[]>, key: string, d: Diagnostic): void {
  const list = out.get(key);
  if (list) list.push(d);
  else out.set(key, [d]);
}
