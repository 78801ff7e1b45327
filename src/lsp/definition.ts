/// <reference types="node" />
/**
 * Go to definition: a reference to the declarations of what it names (every declaration of a
 * field's path, in every file of the package), an alias or a let to where it is bound, an
 * import to the package's files (module packages), a selector `a.b.c` to the declarations of
 * that path, or, when the path is declared by a definition unified in (`x: #S & {}` then
 * `x.port`), to the fields that gave the value its conjuncts. A standard-library member to
 * its declaration in a file generated for reading (stdlib-files.ts).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Location, Position } from 'vscode-languageserver';
import type { Span } from '../index.js';
import type * as A from '../syntax/ast.js';
import { type Instance, targetAtPosition } from './instance.js';
import { type Decl, contains, labelName, samePath } from './syntax-index.js';
import { keyToUri, spanRange, topLevelFieldRange } from './text.js';
import { stdlibMemberLocation } from './stdlib-files.js';

export async function definitionAt(inst: Instance, abs: string, pos: Position): Promise<Location[] | null> {
  const t = targetAtPosition(inst, abs, pos);
  if (!t) return null;
  if (t.kind === 'selection') {
    if (t.sel.importPath !== undefined) return (await stdlibMemberLocation(t.sel.importPath, t.sel.name)) ?? importedMember(abs, t.sel.importPath, t.sel.name);
    return t.sel.path ? declarationsOfPath(inst, t.sel.path) : null;
  }
  const decl = t.kind === 'decl' ? t.decl : t.ref.decl;
  if (!decl) return null;
  if (decl.kind === 'import') {
    if (t.kind === 'ref') return [location(inst, decl.nameSpan)];
    return decl.importPath ? importedPackage(abs, decl.importPath) : null;
  }
  if (decl.kind === 'field' && decl.path) return declarationsOfPath(inst, decl.path);
  if (decl.kind === 'alias' && decl.path && t.kind === 'decl') return declarationsOfPath(inst, decl.path);
  return [location(inst, decl.nameSpan)];
}

export function location(inst: Instance, s: Span): Location {
  const f = inst.files.find((x) => x.name === s.src.name);
  const abs = f?.abs ?? s.src.name;
  return { uri: keyToUri(abs), range: spanRange(null, abs, s) };
}

/** Every field declaring a path; failing that, the fields whose values are the path's conjuncts. */
export function declarationsOfPath(inst: Instance, p: readonly string[]): Location[] | null {
  const decls: Decl[] = inst.index.decls.filter((d) => d.kind === 'field' && samePath(d.path, p));
  if (decls.length > 0) return decls.map((d) => location(inst, d.nameSpan));
  if (!inst.value) return null;
  const v = inst.value.lookupPath(p);
  if (!v.exists()) return null;
  const out: Location[] = [];
  for (const s of v.sources()) {
    const f = inst.files.find((x) => x.name === s.src.name);
    if (!f) continue;
    const field = fieldOf(f.syntax, s);
    // The field whose value is the conjunct, not an enclosing one (a struct holding it).
    if (field && labelName(field.label) === p[p.length - 1] && !out.some((o) => o.range.start.line === spanRange(null, f.abs, field.label.span).start.line)) out.push(location(inst, field.label.span));
  }
  return out.length > 0 ? out : null;
}

/** The innermost field whose value holds a span. */
function fieldOf(file: A.File, s: Span): A.Field | undefined {
  let best: A.Field | undefined;
  const visit = (decls: readonly A.Declaration[]): void => {
    for (const d of decls) {
      if (d.type === 'Field' && contains(d.value.span, s.start) && s.end <= d.value.span.end) {
        best = d;
        visitExpr(d.value);
      } else if (d.type === 'EmbedDecl' && contains(d.expr.span, s.start)) visitExpr(d.expr);
      else if (d.type === 'Comprehension' && contains(d.body.span, s.start)) visit(d.body.decls);
    }
  };
  const visitExpr = (e: A.Expr): void => {
    if (e.type === 'StructLit') visit(e.decls);
    else if (e.type === 'BinaryExpr') {
      visitExpr(e.left);
      visitExpr(e.right);
    } else if (e.type === 'AliasExpr' || e.type === 'ParenExpr' || e.type === 'UnaryExpr') visitExpr(e.expr);
  };
  visit(file.decls);
  return best;
}

/** The module root (the directory holding cue.mod) above a file, and its module path. */
async function moduleOf(abs: string): Promise<{ root: string; module: string } | undefined> {
  for (let d = path.dirname(abs); ; d = path.dirname(d)) {
    try {
      if ((await stat(path.join(d, 'cue.mod'))).isDirectory()) {
        let module = '';
        try {
          module = /module:\s*"([^"]*)"/.exec(await readFile(path.join(d, 'cue.mod', 'module.cue'), 'utf8'))?.[1] ?? '';
        } catch {
          // a legacy cue.mod, or no module path
        }
        return { root: d, module: module.replace(/@v\d+$/, '') };
      }
    } catch {
      // not here
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** The .cue files of an imported package of the module (or of cue.mod/{gen,pkg,usr}). */
async function packageFiles(abs: string, importPath: string): Promise<string[]> {
  const mod = await moduleOf(abs);
  if (!mod) return [];
  const dirs: string[] = [];
  if (mod.module && (importPath === mod.module || importPath.startsWith(mod.module + '/'))) dirs.push(path.join(mod.root, importPath.slice(mod.module.length)));
  for (const sub of ['gen', 'pkg', 'usr']) dirs.push(path.join(mod.root, 'cue.mod', sub, importPath));
  const out: string[] = [];
  for (const d of dirs) {
    try {
      for (const n of (await readdir(d)).sort()) if (n.endsWith('.cue') && !n.startsWith('.') && !n.startsWith('_')) out.push(path.join(d, n));
    } catch {
      // no such directory
    }
  }
  return out;
}

async function importedPackage(abs: string, importPath: string): Promise<Location[] | null> {
  const files = await packageFiles(abs, importPath);
  if (files.length === 0) return null;
  return files.map((f) => ({ uri: keyToUri(f), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }));
}

/** `lib.#Def`: the top-level field of an imported module package. */
export async function importedMember(abs: string, importPath: string, name: string): Promise<Location[] | null> {
  const out: Location[] = [];
  for (const f of await packageFiles(abs, importPath)) {
    const range = topLevelFieldRange(await readFile(f, 'utf8'), name);
    if (range) out.push({ uri: keyToUri(f), range });
  }
  return out.length > 0 ? out : null;
}
