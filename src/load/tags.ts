/**
 * `-t` tags, as CUE's loader reads them (cue/load/tags.go):
 *
 * - `-t name=value` fills every field marked `@tag(name)` in the files of the instances loaded
 *   (`type=int|number|bool|string` says how the value is read); no such field is the error
 *   `no tag for "name"`;
 * - `-t short` sets the build tag `short` for `@if(...)` attributes, and fills each field marked
 *   `@tag(name, short=short|other)` with `short`; a short tag neither uses is the error
 *   `tag "short" not used in any file`.
 *
 * The tagger is shared by every package loaded: `@if` is checked for imported packages too,
 * while `@tag` fields are filled only in the instances named on the command line, as in CUE.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import type * as A from '../syntax/ast.js';
import { isIdentifier } from '../syntax/import-path.js';

export interface TagDecl {
  readonly key: string;
  readonly shorthands: readonly string[];
  /** `var=cwd`: the tag variable injected with `-T` when no `-t` sets the tag. */
  readonly variable?: string;
  readonly span: A.Attribute['span'];
}

export class Tagger {
  /** Short tags given (`-t prod`), for `@if`. */
  private readonly set = new Set<string>();
  /** Short tags an `@if` asked about. */
  private readonly asked = new Set<string>();

  constructor(readonly given: readonly string[]) {
    for (const t of given) if (!t.includes('=')) this.set.add(t);
  }

  readonly tagIsSet = (name: string): boolean => {
    this.asked.add(name);
    return this.set.has(name);
  };

  /**
   * The values of `@tag` fields for the given instances' files, and the errors of tags that
   * nothing uses. A later `-t name=value` for the same name wins.
   */
  resolve(decls: readonly TagDecl[], variables?: Readonly<Record<string, string>>): { values: Record<string, string>; errors: CueError[] } {
    const values: Record<string, string> = {};
    const errors: CueError[] = [];
    for (const t of this.given) {
      const eq = t.indexOf('=');
      if (eq >= 0) {
        const name = t.slice(0, eq);
        if (decls.some((d) => d.key === name)) values[name] = t.slice(eq + 1);
        else errors.push(new CueError(ErrorCode.usage, `no tag for "${name}"`));
        continue;
      }
      let found = this.asked.has(t);
      for (const d of decls) {
        if (d.shorthands.includes(t)) {
          values[d.key] = t;
          found = true;
        }
      }
      if (!found) errors.push(new CueError(ErrorCode.usage, `tag "${t}" not used in any file`));
    }
    // `-T`: tag variables fill the tags no `-t` set (cue help injection, "Tag variables").
    if (variables) {
      for (const d of decls) {
        if (d.variable === undefined || Object.prototype.hasOwnProperty.call(values, d.key)) continue;
        if (Object.prototype.hasOwnProperty.call(variables, d.variable)) values[d.key] = variables[d.variable]!;
        else errors.push(new CueError(ErrorCode.usage, `tag variable '${d.variable}' not found`));
      }
    }
    return { values, errors };
  }
}

/** The `@tag(name, ...)` attributes of fields in a file (not in lists or comprehensions). */
export function findTags(f: A.File, errors: CueError[]): TagDecl[] {
  const out: TagDecl[] = [];
  // The walk visits every node: a file whose text has no `@tag` has none to find.
  if (!f.span.src.text.includes('@tag')) return out;
  // Where a tag may not stand, and cue's words for it (injecterr.txtar): in a list, in a
  // comprehension, or in a field constraint (an optional field, a pattern), there or below.
  type Within = 'lists' | 'comprehension' | 'field constraint' | undefined;
  const visit = (node: unknown, within: Within): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, within);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string };
    let childWithin: Within = within ?? (n.type === 'ListLit' ? 'lists' : n.type === 'Comprehension' ? 'comprehension' : undefined);
    if (n.type === 'Field') {
      const field = node as A.Field;
      const constraint = field.constraint === 'optional' || field.label.type === 'PatternLabel';
      const here: Within = within ?? (constraint ? 'field constraint' : undefined);
      if (constraint) childWithin ??= 'field constraint';
      for (const a of field.attrs) {
        if (a.name !== 'tag') continue;
        if (here !== undefined) {
          errors.push(new CueError(ErrorCode.compile, `@tag not allowed within ${here}`, [], [a.span]));
          continue;
        }
        const parts = a.text.split(',').map((p) => p.trim());
        const key = parts[0] ?? '';
        if (!isIdentifier(key)) {
          errors.push(new CueError(ErrorCode.compile, `invalid identifier ${JSON.stringify(key)}`, [], [a.span]));
          continue;
        }
        const short = parts.find((p) => p.startsWith('short='));
        const variable = parts.find((p) => p.startsWith('var='))?.slice(4).trim();
        out.push({ key, shorthands: short ? short.slice(6).split('|').map((s) => s.trim()) : [], ...(variable ? { variable } : {}), span: a.span });
      }
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === 'span' || k === 'comments' || k === 'attrs') continue;
      if (v && typeof v === 'object') visit(v, childWithin);
    }
  };
  visit(f.decls, undefined);
  return out;
}
