/**
 * The definitions a render may use: the built-ins shipped in stdlib/definitions (embedded in
 * builtin-definitions.generated.ts, so this works in a browser) and the user's own (`--defs`).
 *
 * Rules (issue 5): two user definitions with the same name are an error naming both files; a
 * user definition shadows a built-in of the same name; an unknown name lists close matches; a
 * component type that names a trait (or the reverse) is an error.
 */
import { CueError, CueErrorList, ErrorCode } from '../errors/index.js';
import { closeMatches, didYouMean } from '../stdlib/registry.js';
import { builtinDefinitionSources } from './builtin-definitions.generated.js';
import { type Definition, type DefinitionKind, parseDefinitionFile } from './definition.js';

export interface DefinitionFile {
  /** The name shown in errors and positions (a path). */
  readonly name: string;
  readonly text: string;
}

export interface LoadDefinitionsOptions {
  /** Include cue-lite's built-in definitions under the user's (default true). */
  builtins?: boolean;
}

export class DefinitionSet {
  private readonly user = new Map<string, Definition>();
  private readonly builtinCache = new Map<string, Definition>();

  constructor(
    userDefinitions: readonly Definition[] = [],
    /** Whether the built-in definitions are available. */
    readonly builtins = true,
  ) {
    const errors: CueError[] = [];
    for (const d of userDefinitions) {
      const prev = this.user.get(d.name);
      if (prev) {
        errors.push(new CueError(ErrorCode.render, `definition "${d.name}" is defined twice: in ${prev.file} and in ${d.file}`, [], [prev.span, d.span]));
        continue;
      }
      this.user.set(d.name, d);
    }
    if (errors.length > 0) throw new CueErrorList(errors);
  }

  /** Every definition name (user and built-in), sorted. */
  names(kind?: DefinitionKind): string[] {
    const all = new Set<string>();
    for (const d of this.user.values()) if (!kind || d.kind === kind) all.add(d.name);
    if (this.builtins) {
      for (const n of Object.keys(builtinDefinitionSources)) {
        if (this.user.has(n)) continue;
        if (!kind || this.builtin(n)?.kind === kind) all.add(n);
      }
    }
    return [...all].sort();
  }

  /** The definition named `name`, or undefined. */
  get(name: string): Definition | undefined {
    return this.user.get(name) ?? (this.builtins ? this.builtin(name) : undefined);
  }

  /**
   * The definition of `kind` named `name`; throws a CueErrorList for an unknown name (with close
   * matches) or a definition of the other kind.
   */
  require(name: string, kind: DefinitionKind): Definition {
    const d = this.get(name);
    if (d && d.kind === kind) return d;
    if (d) {
      throw new CueErrorList([new CueError(ErrorCode.render, `"${name}" is a ${d.kind} definition (${d.file}), not a ${kind}`)]);
    }
    const near = closeMatches(name, this.names(kind));
    const hint = didYouMean(near);
    throw new CueErrorList([new CueError(ErrorCode.render, `unknown ${kind} type "${name}"${hint ? ` (${hint})` : ''}`)]);
  }

  private builtin(name: string): Definition | undefined {
    const cached = this.builtinCache.get(name);
    if (cached) return cached;
    const src = Object.prototype.hasOwnProperty.call(builtinDefinitionSources, name) ? builtinDefinitionSources[name] : undefined;
    if (!src) return undefined;
    const [d] = parseDefinitionFile(src.file, src.text, { builtin: true });
    if (!d) return undefined;
    this.builtinCache.set(name, d);
    return d;
  }
}

/**
 * Reads definition files (CUE `vela def` format, or YAML/JSON definition resources) into a
 * DefinitionSet. Every file's errors are reported together.
 */
export function loadDefinitions(files: readonly DefinitionFile[], options: LoadDefinitionsOptions = {}): DefinitionSet {
  const defs: Definition[] = [];
  const errors: CueError[] = [];
  for (const f of files) {
    try {
      defs.push(...parseDefinitionFile(f.name, f.text));
    } catch (e) {
      if (e instanceof CueErrorList) errors.push(...e.errors);
      else throw e;
    }
  }
  if (errors.length > 0) throw new CueErrorList(errors);
  return new DefinitionSet(defs, options.builtins ?? true);
}
