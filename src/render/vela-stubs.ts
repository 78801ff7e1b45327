/**
 * Opaque stubs of KubeVela's provider packages (`vela/kube`, `vela/op`, `vela/builtin`, ...),
 * for checking a template without running anything: each name the template selects from the
 * package (`kube.#Apply`, `op.#Steps`) is an open struct (`#Apply: {...}`), or `_` for a
 * regular name. A provider call then unifies with anything and its `$returns` stay
 * incomplete, so `parameter` and everything that does not read a provider's result are checked
 * as written. Rendering never uses them: it reports `vela/*` imports as not available.
 */
import type { Context } from '../api/context.js';
import type { CueError } from '../errors/index.js';
import type { ImportDecl } from '../syntax/ast.js';

/** The text of a stub package named `name` declaring `selectors`. */
export function velaStubSource(name: string, selectors: Iterable<string>): string {
  const lines = [`package ${name}`, ''];
  for (const s of [...new Set(selectors)].sort()) lines.push(s.startsWith('#') ? `${s}: {...}` : `${s}: _`);
  return `${lines.join('\n')}\n`;
}

/**
 * Registers a stub for every `vela/*` import of a template with `ctx`, declaring the names the
 * template's text selects through the import's local name. Returns the imports stubbed.
 */
export function addVelaStubs(ctx: Context, imports: readonly ImportDecl[], templateText: string): { paths: string[]; errors: CueError[] } {
  const paths: string[] = [];
  const errors: CueError[] = [];
  for (const decl of imports) {
    for (const spec of decl.specs) {
      const raw = spec.path.value;
      if (!raw.startsWith('vela/')) continue;
      const path = raw.replace(/:.*$/, '');
      const pkg = raw.includes(':') ? raw.slice(raw.indexOf(':') + 1) : path.slice(path.lastIndexOf('/') + 1);
      const local = spec.name?.name ?? pkg;
      const selectors = new Set<string>();
      const re = new RegExp(`(?<![\\w$#.])${local.replace(/[$]/g, '\\$')}\\.(#?[A-Za-z_$][\\w$]*)`, 'g');
      for (const m of templateText.matchAll(re)) selectors.add(m[1]!);
      errors.push(...ctx.addPackage(`${path}:${pkg}`, velaStubSource(pkg, selectors)));
      paths.push(path);
    }
  }
  return { paths, errors };
}
