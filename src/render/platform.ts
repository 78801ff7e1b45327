/**
 * Platform defaults (`--platform FILE`, repeatable): a CUE or YAML file whose top-level keys are
 * definition names; under each, fields shaped as in that definition's template
 * (`webservice: parameter: cpu: *"500m" | string`).
 *
 * The layer rule (README, "Platform defaults"):
 * - concrete values and constraints unify with the template: a user value that disagrees is a
 *   hard error naming both positions;
 * - a default (`*v`) is the platform's default: it replaces the template's own default for
 *   that field and applies when the user is silent. Plain CUE would cancel two different
 *   defaults out; we keep CUE's semantics and get the layer rule by rewriting the template
 *   before unification: for every field where the platform gives a default, the template's
 *   default markers on that field are removed (`*1 | int` becomes `1 | int`).
 * - a YAML platform file holds plain values only, and they act as rules (concrete values).
 *
 * Top-level fields of a CUE platform file that are not definition names (hidden fields `_x`,
 * definitions `#X`, `let`s) are shared helpers: every entry may refer to them.
 */
import { CueErrorList } from '../errors/index.js';
import { parseYAMLFile } from '../encoding/index.js';
import { Source } from '../source/index.js';
import type { Declaration, Expr, File, ImportDecl } from '../syntax/ast.js';
import { parseFile } from '../syntax/index.js';
import { labelString, makeFile } from './syntax-util.js';

export interface PlatformFile {
  readonly name: string;
  readonly text: string;
}

interface PlatformSource {
  readonly name: string;
  readonly imports: readonly ImportDecl[];
  /** Helpers shared by every entry. */
  readonly shared: readonly Declaration[];
  /** Entries by definition name (several declarations of one name are all kept). */
  readonly entries: ReadonlyMap<string, Expr[]>;
}

export class Platform {
  constructor(private readonly sources: readonly PlatformSource[] = []) {}

  /** Whether the platform has something for `definition` (else a template compiles as without it). */
  covers(definition: string): boolean {
    return this.sources.some((s) => s.entries.has(definition));
  }

  /** The definition names the platform files give defaults for. */
  names(): string[] {
    return [...new Set(this.sources.flatMap((s) => [...s.entries.keys()]))].sort();
  }

  /** The platform layer for one definition: one file per platform file that has an entry. */
  layersFor(definition: string): File[] {
    const out: File[] = [];
    for (const s of this.sources) {
      const entries = s.entries.get(definition);
      if (!entries) continue;
      const decls: Declaration[] = [...s.shared];
      for (const e of entries) {
        if (e.type === 'StructLit') decls.push(...e.decls);
        else decls.push({ type: 'EmbedDecl', span: e.span, expr: e });
      }
      out.push(makeFile(decls, s.imports, entries[0]!.span));
    }
    return out;
  }

  /** Field paths (from the template root) where the platform gives a default for `definition`. */
  defaultPaths(definition: string): string[][] {
    const out: string[][] = [];
    for (const s of this.sources) for (const e of s.entries.get(definition) ?? []) collectDefaultPaths(e, [], out);
    return out;
  }
}

/** Reads platform files (CUE, or YAML/JSON data). Throws a CueErrorList for bad files. */
export function loadPlatform(files: readonly PlatformFile[]): Platform {
  const sources: PlatformSource[] = [];
  const errors = [];
  for (const f of files) {
    const src = new Source(f.name, f.text);
    let file: File | undefined;
    if (/\.(ya?ml|json)$/i.test(f.name)) {
      const r = parseYAMLFile(src);
      errors.push(...r.errors);
      const top = r.file?.decls[0];
      if (top && top.type === 'EmbedDecl' && top.expr.type === 'StructLit') file = makeFile(top.expr.decls, [], top.span);
      else if (r.file && r.errors.length === 0) file = makeFile([], [], r.file.span);
    } else {
      const r = parseFile(src);
      errors.push(...r.errors);
      file = r.file;
    }
    if (!file) continue;
    const shared: Declaration[] = [];
    const entries = new Map<string, Expr[]>();
    for (const d of file.decls) {
      const name = d.type === 'Field' ? labelString(d.label) : undefined;
      if (d.type === 'Field' && name !== undefined && !name.startsWith('_') && !name.startsWith('#')) {
        entries.set(name, [...(entries.get(name) ?? []), d.value]);
      } else shared.push(d);
    }
    sources.push({ name: f.name, imports: file.imports, shared, entries });
  }
  if (errors.length > 0) throw new CueErrorList(errors);
  return new Platform(sources);
}

/** Whether an expression carries a default marker at its top (`*v | T`, `(*v | T) & C`). */
export function hasDefault(e: Expr): boolean {
  switch (e.type) {
    case 'UnaryExpr':
      return e.op === '*';
    case 'BinaryExpr':
      return (e.op === '|' || e.op === '&') && (hasDefault(e.left) || hasDefault(e.right));
    case 'ParenExpr':
      return hasDefault(e.expr);
    default:
      return false;
  }
}

/** The expression without its top-level default markers (`*1 | int` -> `1 | int`). */
export function stripDefault(e: Expr): Expr {
  switch (e.type) {
    case 'UnaryExpr':
      return e.op === '*' ? e.expr : e;
    case 'BinaryExpr':
      if (e.op !== '|' && e.op !== '&') return e;
      return { ...e, left: stripDefault(e.left), right: stripDefault(e.right) };
    case 'ParenExpr':
      return { ...e, expr: stripDefault(e.expr) };
    default:
      return e;
  }
}

function collectDefaultPaths(e: Expr, path: string[], out: string[][]): void {
  if (e.type !== 'StructLit') return;
  for (const d of e.decls) {
    if (d.type !== 'Field') continue;
    const name = labelString(d.label);
    if (name === undefined) continue;
    const p = [...path, name];
    if (hasDefault(d.value)) out.push(p);
    collectDefaultPaths(d.value, p, out);
  }
}
