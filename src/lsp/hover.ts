/// <reference types="node" />
/**
 * Hover: for the field or reference under the cursor, its evaluated value (the concrete value,
 * or the constraint and its default), the doc comments of its declarations (KubeVela's
 * `// +usage=` text set apart), and where its conjuncts come from. For a standard-library
 * member or package, its documentation.
 */
import type { Hover, Position } from 'vscode-languageserver';
import type { Value } from '../index.js';
import type * as A from '../syntax/ast.js';
import { type Instance, targetAtPosition } from './instance.js';
import { type Decl, samePath } from './syntax-index.js';
import { positionAt } from './text.js';
import { memberDoc, packageDoc } from './stdlib-docs.js';
import { importedMember } from './definition.js';
import { readFile } from 'node:fs/promises';
import { uriToKey } from './text.js';

const maxValueLines = 40;

export async function hoverAt(inst: Instance, abs: string, pos: Position): Promise<Hover | null> {
  const t = targetAtPosition(inst, abs, pos);
  if (!t) return null;
  let path: readonly string[] | null = null;
  let title = '';
  let decl: Decl | undefined;
  if (t.kind === 'selection') {
    if (t.sel.importPath !== undefined) {
      const doc = memberDoc(t.sel.importPath, t.sel.name);
      return doc ? markdown(doc) : moduleMemberHover(abs, t.sel.importPath, t.sel.name);
    }
    path = t.sel.path;
    title = t.sel.name;
  } else {
    decl = t.kind === 'decl' ? t.decl : t.ref.decl;
    if (!decl) return null;
    if (decl.kind === 'import') return decl.importPath ? markdown(packageDoc(decl.importPath)) : null;
    if (decl.kind === 'let' && decl.node.type === 'LetClause') return letHover(inst, decl, decl.node);
    if (decl.kind === 'for') return markdown('```cue\n(comprehension variable) ' + decl.name + '\n```');
    path = decl.path;
    title = decl.name;
  }
  if (!path || !inst.value) return null;
  return describePath(inst, path, title);
}

export function describePath(inst: Instance, path: readonly string[], title: string): Hover | null {
  const v = inst.value!.lookupPath(path);
  if (!v.exists()) return null;
  const parts: string[] = [];
  parts.push('```cue\n' + `${path.length > 0 ? title : '(package)'}: ${valueText(v)}` + '\n```');
  const def = defaultText(v);
  if (def !== undefined) parts.push(`default: \`${def}\``);
  const docs = docsOf(inst, path);
  if (docs.usage.length > 0) parts.push(`**usage:** ${docs.usage.join(' ')}`);
  if (docs.text.length > 0) parts.push(docs.text.join('\n\n'));
  const from = sourcesText(inst, v);
  if (from) parts.push(from);
  return markdown(parts.join('\n\n'));
}

/**
 * A let: its value, found among the lets of the struct it is declared in (by where it is
 * written: two files may each have a let of one name). A let of a comprehension, or of a
 * struct without a path (in a list, a pattern), has one value per use: its expression.
 */
function letHover(inst: Instance, decl: Decl, node: A.LetClause): Hover {
  const written = '```cue\nlet ' + decl.name + ' = ' + clip(exprText(node.expr)) + '\n```';
  if (!decl.owner || !inst.value) return markdown(written);
  const owner = inst.value.lookupPath(decl.owner);
  const found = owner.exists()
    ? owner.lets().find((l) => l.declared && l.declared.src.name === node.span.src.name && l.declared.start === node.span.start)
    : undefined;
  if (!found) return markdown(written);
  const parts = ['```cue\nlet ' + decl.name + ' = ' + valueText(found.value) + '\n```'];
  const def = defaultText(found.value);
  if (def !== undefined) parts.push(`default: \`${def}\``);
  parts.push('as written: `' + clip(exprText(node.expr)).replace(/`/g, "'") + '`');
  return markdown(parts.join('\n\n'));
}

/** The value as CUE text (concrete, or its constraint), cut to a reasonable size. */
export function valueText(v: Value): string {
  const err = v.ownError();
  if (err) return `_|_ // ${err.message}`;
  let text: string;
  try {
    text = v.exportCUE().trimEnd();
  } catch {
    text = v.kind();
  }
  return clip(text);
}

function clip(text: string): string {
  const lines = text.split('\n');
  if (lines.length > maxValueLines) return [...lines.slice(0, maxValueLines), '\t// ...'].join('\n');
  return text.length > 4000 ? text.slice(0, 4000) + ' ...' : text;
}

/** The default, when the value has one that differs from it. */
export function defaultText(v: Value): string | undefined {
  try {
    const d = v.default();
    const a = v.exportCUE().trim();
    const b = d.exportCUE().trim();
    return a !== b ? clip(b) : undefined;
  } catch {
    return undefined;
  }
}

/** Doc comments of every declaration of a path, with `// +usage=` (KubeVela's parameter docs) apart. */
export function docsOf(inst: Instance, path: readonly string[]): { text: string[]; usage: string[] } {
  const text: string[] = [];
  const usage: string[] = [];
  for (const d of inst.index.decls) {
    if (d.kind !== 'field' || !samePath(d.path, path) || d.node.type !== 'Field') continue;
    const lines: string[] = [];
    for (const c of d.node.comments?.doc ?? []) {
      const body = c.text.replace(/^\/\/ ?/, '');
      const m = /^\+usage=(.*)$/.exec(body.trim());
      if (m) usage.push(m[1]!.trim());
      else if (!/^\+\w+=/.test(body.trim())) lines.push(body);
    }
    if (lines.length > 0 && !text.includes(lines.join('\n'))) text.push(lines.join('\n'));
  }
  return { text, usage };
}

/** Where the conjuncts of a value were written: `a.cue:3`, one per source. */
function sourcesText(inst: Instance, v: Value): string {
  const seen: string[] = [];
  for (const s of v.sources()) {
    const file = inst.files.find((f) => f.name === s.src.name);
    const shown = file ? relativeName(file.abs) : s.src.name;
    const at = `${shown}:${positionAt(s.src, s.start).line + 1}`;
    if (!seen.includes(at)) seen.push(at);
    if (seen.length >= 8) break;
  }
  return seen.length > 0 ? `conjuncts from ${seen.map((s) => '`' + s + '`').join(', ')}` : '';
}

function relativeName(abs: string): string {
  const i = abs.lastIndexOf('/');
  return i >= 0 ? abs.slice(i + 1) : abs;
}

function exprText(e: A.Expr): string {
  return e.span.src.text.slice(e.span.start, e.span.end);
}

/** A member of a module package (not evaluated here): its declaration line and doc comment, as written. */
async function moduleMemberHover(abs: string, importPath: string, name: string): Promise<Hover | null> {
  const locs = await importedMember(abs, importPath, name);
  if (!locs || locs.length === 0) return null;
  const file = uriToKey(locs[0]!.uri);
  const lines = (await readFile(file, 'utf8')).split('\n');
  const at = locs[0]!.range.start.line;
  const doc: string[] = [];
  for (let i = at - 1; i >= 0 && /^\s*\/\//.test(lines[i]!); i--) doc.unshift(lines[i]!.replace(/^\s*\/\/ ?/, ''));
  return markdown('```cue\n' + lines[at]!.trim() + '\n```' + (doc.length > 0 ? '\n\n' + doc.join('\n') : '') + `\n\n(package \`${importPath}\`)`);
}

function markdown(value: string): Hover {
  return { contents: { kind: 'markdown', value } };
}
