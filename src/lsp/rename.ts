/**
 * Rename of a field, a definition, a let (or an alias, a comprehension variable) within the
 * package: every declaration of the field's path in every file, every reference that resolves
 * to it and every selector `x.name` whose path is that field's. Fields that are the same
 * field through a unification (`y: #S & {port: 1}` and `y.port` for `#S.port`) are found from
 * the evaluated instance: a path of the same name whose value has one of the field's
 * declarations among its conjuncts' sources is renamed with it, and so is the other way round.
 */
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Span } from '../index.js';
import type * as A from '../syntax/ast.js';
import { type Instance, targetAtPosition } from './instance.js';
import { type Decl, samePath } from './syntax-index.js';
import { keyToUri, spanRange } from './text.js';
import { RequestError } from './request-error.js';

type Subject = { kind: 'path'; path: readonly string[]; name: string; span: Span } | { kind: 'decl'; decl: Decl; span: Span };

function subjectAt(inst: Instance, abs: string, pos: Position): Subject | undefined {
  const t = targetAtPosition(inst, abs, pos);
  if (!t) return undefined;
  if (t.kind === 'selection') {
    if (t.sel.importPath !== undefined || !t.sel.path || t.sel.node.sel.type !== 'Ident') return undefined;
    return { kind: 'path', path: t.sel.path, name: t.sel.name, span: t.sel.node.sel.span };
  }
  const decl = t.kind === 'decl' ? t.decl : t.ref.decl;
  const span = t.kind === 'decl' ? t.decl.nameSpan : t.ref.ident.span;
  if (!decl || decl.kind === 'import') return undefined;
  if (decl.kind === 'field') {
    if (!decl.path || (decl.node.type === 'Field' && decl.node.label.type !== 'Ident')) return undefined;
    return { kind: 'path', path: decl.path, name: decl.name, span };
  }
  return { kind: 'decl', decl, span };
}

export function prepareRenameAt(inst: Instance, abs: string, pos: Position): { range: Range; placeholder: string } | null {
  const s = subjectAt(inst, abs, pos);
  if (!s) return null;
  return { range: spanRange(null, abs, s.span), placeholder: s.kind === 'path' ? s.name : s.decl.name };
}

const identifier = /^#?[\p{L}_$][\p{L}\p{Nd}_$]*$/u;

export function renameAt(inst: Instance, abs: string, pos: Position, newName: string): WorkspaceEdit | null {
  const s = subjectAt(inst, abs, pos);
  if (!s) return null;
  const old = s.kind === 'path' ? s.name : s.decl.name;
  if (!identifier.test(newName) || old.startsWith('#') !== newName.startsWith('#') || old.startsWith('_') !== newName.startsWith('_')) {
    throw new RequestError(`cannot rename ${old} to ${JSON.stringify(newName)}: the new name must be an identifier of the same kind (definition, hidden or regular)`);
  }
  const spans: Span[] = [];
  if (s.kind === 'path') {
    for (const p of samePaths(inst, s.path)) {
      for (const d of inst.index.decls) {
        if (d.kind === 'field' && samePath(d.path, p) && d.node.type === 'Field' && d.node.label.type === 'Ident') spans.push(d.nameSpan);
      }
      for (const r of inst.index.refs) if (r.decl && r.decl.kind === 'field' && samePath(r.decl.path, p)) spans.push(r.ident.span);
      for (const x of inst.index.selections) if (samePath(x.path, p) && x.node.sel.type === 'Ident') spans.push(x.node.sel.span);
    }
  } else {
    spans.push(s.decl.nameSpan);
    for (const r of inst.index.refs) if (r.decl === s.decl) spans.push(r.ident.span);
  }
  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  for (const sp of spans) {
    const f = inst.files.find((x) => x.name === sp.src.name);
    if (!f) continue;
    const key = `${f.abs}:${sp.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (changes[keyToUri(f.abs)] ??= []).push({ range: spanRange(null, f.abs, sp), newText: newName });
  }
  return { changes };
}

/** The paths that are one field with `path` through unification (see the file comment), `path` first. */
function samePaths(inst: Instance, path: readonly string[]): (readonly string[])[] {
  const out: (readonly string[])[] = [path];
  if (!inst.value) return out;
  const name = path[path.length - 1]!;
  const valueSpans = (p: readonly string[]): Span[] =>
    inst.index.decls.filter((d) => d.kind === 'field' && samePath(d.path, p) && d.node.type === 'Field').map((d) => (d.node as A.Field).value.span);
  const sourcesOf = (p: readonly string[]): Span[] => {
    const v = inst.value!.lookupPath([...p]);
    return v.exists() ? v.sources() : [];
  };
  const within = (x: Span, outer: Span) => x.src === outer.src && x.start >= outer.start && x.end <= outer.end;
  // The field's own declarations, and those its value came from (`x.port` -> `#S.port`).
  const origins = new Map<string, readonly string[]>([[path.join('\0'), path]]);
  const candidates = new Map<string, readonly string[]>();
  for (const d of inst.index.decls) if (d.kind === 'field' && d.path && d.name === name) candidates.set(d.path.join('\0'), d.path);
  for (const x of inst.index.selections) if (x.path && x.name === name) candidates.set(x.path.join('\0'), x.path);
  const mine = sourcesOf(path);
  for (const [k, p] of candidates) {
    if (origins.has(k)) continue;
    if (valueSpans(p).some((vs) => mine.some((m) => within(m, vs)))) origins.set(k, p);
  }
  const originSpans = [...origins.values()].flatMap(valueSpans);
  for (const [k, p] of candidates) {
    if (origins.has(k)) continue;
    if (sourcesOf(p).some((m) => originSpans.some((vs) => within(m, vs)))) origins.set(k, p);
  }
  for (const [k, p] of origins) if (k !== path.join('\0')) out.push(p);
  return out;
}
