/**
 * Folder boundaries under src/, as each folder's README states them.
 *
 * Every src/<folder>/README.md has one "May import:" paragraph (up to the next blank line)
 * naming, in backticks, what files of that folder may import from outside it:
 * - a folder (`errors`), or one module of a folder without extension (`syntax/ast`);
 * - an npm package or Node built-in (`yaml`, `node:fs`);
 * - an entry followed by "(types only)" may be reached through `import type` only.
 * Any other import fails this test, and so does any cycle between folders (type-only imports
 * included: a cycle in the types is still two folders that cannot be understood apart).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

interface Import {
  /** src-relative path of the importing file, e.g. `core/call.ts`. */
  readonly from: string;
  /** src-relative module without extension (`core/decimal`) or a package name (`yaml`). */
  readonly target: string;
  readonly typeOnly: boolean;
}

interface Allowance {
  readonly entry: string;
  readonly typeOnly: boolean;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Static imports and re-exports, and `import('x')` calls, read with TypeScript's own parser. */
function importsOf(file: string): Import[] {
  const from = relative(src, file).split('\\').join('/');
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const out: Import[] = [];
  const add = (spec: ts.Expression | undefined, typeOnly: boolean): void => {
    if (!spec || !ts.isStringLiteral(spec)) return;
    const s = spec.text;
    const target = s.startsWith('.') ? posix.join(posix.dirname(from), s).replace(/\.js$/, '') : s;
    out.push({ from, target, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node.importClause?.isTypeOnly ?? false);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], false);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The top-level folder of a src-relative path (`index` for src/index.ts), or null for a package. */
function folderOf(target: string, isPackage = false): string | null {
  if (isPackage) return null;
  const i = target.indexOf('/');
  return i < 0 ? target.replace(/\.ts$/, '') : target.slice(0, i);
}

function isPackage(target: string, allFiles: ReadonlySet<string>): boolean {
  return !allFiles.has(target);
}

export function parseMayImport(readme: string): Allowance[] | null {
  const m = /^\**May import:\**(.*(?:\n(?!\s*\n).*)*)/m.exec(readme);
  if (!m) return null;
  const out: Allowance[] = [];
  for (const e of m[1]!.matchAll(/`([^`]+)`(\s*\(types only\))?/g)) out.push({ entry: e[1]!, typeOnly: e[2] !== undefined });
  return out;
}

function allowed(imp: Import, allowances: readonly Allowance[]): boolean {
  return allowances.some((a) => {
    if (a.typeOnly && !imp.typeOnly) return false;
    return imp.target === a.entry || imp.target.startsWith(a.entry + '/');
  });
}

const folders = readdirSync(src).filter((n) => statSync(join(src, n)).isDirectory());
const files = tsFiles(src);
const modules = new Set(files.map((f) => relative(src, f).split('\\').join('/').replace(/\.ts$/, '')));
const imports = files.flatMap(importsOf);

/** Imports that leave their folder, with the folder they reach (null for a package). */
function crossing(): { imp: Import; fromFolder: string; toFolder: string | null }[] {
  const out = [];
  for (const imp of imports) {
    const fromFolder = folderOf(imp.from)!;
    if (fromFolder === 'index') continue; // the public entry re-exports from anywhere
    const pkg = isPackage(imp.target, modules);
    const toFolder = folderOf(imp.target, pkg);
    if (toFolder === fromFolder) continue;
    out.push({ imp, fromFolder, toFolder });
  }
  return out;
}

describe('folder boundaries', () => {
  it('finds the imports it checks', () => {
    // Guards the scanner: if the regular expression stopped matching, every check would pass.
    expect(imports.length).toBeGreaterThan(500);
    expect(imports).toContainEqual({ from: 'core/vertex.ts', target: 'core/adt', typeOnly: false });
    expect(crossing().length).toBeGreaterThan(100);
  });

  it.each(folders)('%s imports only what its README allows', (folder) => {
    const allowances = parseMayImport(readFileSync(join(src, folder, 'README.md'), 'utf8'));
    expect(allowances, `src/${folder}/README.md has no "May import:" paragraph`).not.toBeNull();
    const bad = crossing()
      .filter((c) => c.fromFolder === folder && !allowed(c.imp, allowances!))
      .map((c) => `${c.imp.from} imports ${c.imp.typeOnly ? 'type ' : ''}${c.imp.target}`);
    expect(bad).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const c of crossing()) {
      if (c.toFolder === null || c.toFolder === 'index') continue;
      if (!edges.has(c.fromFolder)) edges.set(c.fromFolder, new Set());
      edges.get(c.fromFolder)!.add(c.toFolder);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const g of edges.get(f) ?? []) {
        if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g].join(' -> '));
        else if (!state.has(g)) visit(g);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of [...edges.keys()].sort()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
