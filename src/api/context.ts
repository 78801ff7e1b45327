/**
 * Context: compiles sources into Values. One Context owns its evaluation state; drop it to
 * release everything (no global caches that never let go).
 */
import { CueError, CueErrorList, ErrorCode } from '../errors/index.js';
import type { File } from '../syntax/ast.js';
import { plainToExpr } from '../core/plain-values.js';
import { type EvalLimits, checkLimits } from '../core/evaluator.js';
import { Runtime } from '../compile/runtime.js';
import { isStdlibPath, packageKey, parseImportPath } from '../syntax/import-path.js';
import { type InputFile, parseInputs } from './inputs.js';
import { encodeHost } from './encode.js';
import { Value, literalVertex } from './value.js';
import { type LoadOptions, type LoadedInstance, loadInstances } from './load.js';

export interface ContextOptions {
  /** Resource limits for evaluation (see README, "Limits"). */
  limits?: Partial<EvalLimits>;
}

export interface CompileOptions {
  /** The file name used in error positions (default `input.cue`). */
  filename?: string;
  /** Values for `@tag(name)` attributes. */
  tags?: Record<string, string>;
  /**
   * Resolve as `cue` does: the top-level fields of a file without a package clause (or with
   * `package _`) are not visible from the other files; each file still sees its own. Off by
   * default, where the files given together share one scope. (`Context.load` always resolves
   * this way, as the `cue-lite` command does.)
   */
  anonymousFilesApart?: boolean;
  /** With anonymousFilesApart: the names of files that see every file's fields nonetheless. */
  seeAllFiles?: readonly string[];
}

export class Context {
  /** @internal */
  readonly runtime: Runtime;

  /** Throws CueErrorList when an option is invalid (a limit that is not a positive number). */
  constructor(options: ContextOptions = {}) {
    const bad = checkLimits(options?.limits);
    if (bad) throw new CueErrorList([new CueError(ErrorCode.usage, bad)]);
    this.runtime = new Runtime({ limits: options?.limits });
  }

  /**
   * Compiles CUE source (or several files of one package, or JSON/YAML data files chosen by
   * name) into a Value. Never throws for bad input: errors are in the Value.
   */
  compile(source: string | InputFile | readonly InputFile[], options: CompileOptions | null = {}): Value {
    options ??= {};
    const bad = checkInputs(source, options);
    if (bad) return new Value(this.runtime, null, [new CueError(ErrorCode.usage, bad)]);
    const inputs: InputFile[] =
      typeof source === 'string' ? [{ name: options.filename ?? 'input.cue', text: source }] : Array.isArray(source) ? [...source] : [source as InputFile];
    try {
      const { files, errors } = parseInputs(inputs);
      if (errors.length > 0) return new Value(this.runtime, null, errors);
      const inst = this.runtime.build(files, { tags: options.tags, anonymousFilesApart: options.anonymousFilesApart, seeAllFiles: options.seeAllFiles });
      return new Value(this.runtime, inst.root, inst.errors);
    } catch (e) {
      if (e instanceof CueError) return new Value(this.runtime, null, [e]);
      throw e;
    }
  }

  /**
   * Makes CUE text importable by later `compile` calls of this context under `importPath` (its
   * last element is the package name unless the path says `:name`). For packages no module
   * provides, such as stubs of KubeVela's `vela/*` providers; a standard-library path cannot
   * be replaced. Returns the syntax errors of the text (nothing is registered then).
   */
  addPackage(importPath: string, text: string): CueError[] {
    const ip = parseImportPath(importPath);
    if (ip.qualifier === undefined) return [new CueError(ErrorCode.usage, `addPackage: ${JSON.stringify(importPath)} needs a package name (path:name)`)];
    if (isStdlibPath(ip.path) && !ip.path.startsWith('vela/')) return [new CueError(ErrorCode.usage, `addPackage: ${JSON.stringify(importPath)} is a standard-library path`)];
    const { files, errors } = parseInputs([{ name: `${ip.path}.cue`, text, kind: 'cue' }]);
    if (errors.length > 0) return errors;
    this.runtime.registerPackage(packageKey(ip.path, ip.qualifier), { files, importPath: ip.path });
    return [];
  }

  /**
   * Compiles already parsed files of one package (from `parseFile`, or data turned into CUE
   * syntax), keeping their positions. Never throws for bad input.
   */
  compileSyntax(files: readonly File[], options: Pick<CompileOptions, 'tags' | 'anonymousFilesApart' | 'seeAllFiles'> = {}): Value {
    try {
      const inst = this.runtime.build(files, { tags: options.tags, anonymousFilesApart: options.anonymousFilesApart, seeAllFiles: options.seeAllFiles });
      return new Value(this.runtime, inst.root, inst.errors);
    } catch (e) {
      if (e instanceof CueError) return new Value(this.runtime, null, [e]);
      throw e;
    }
  }

  /**
   * Loads instances the way `cue` does: package patterns (`.`, `./...`, `./dir:pkg`) and `.cue`
   * files under `dir`, read through `fs` (node:fs/promises, `memoryFS({...})`, or your own), with
   * cue.mod/module.cue, imports of the module's and cue.mod's packages, ancestor directories'
   * files, `@if` build attributes and `-t` style tags. One Value per instance; errors are in
   * each instance (and in `errors` for those not tied to one). Never rejects for bad input.
   * The packages loaded stay importable by later `compile` calls of this context.
   */
  load(options: LoadOptions): Promise<LoadedInstance[]> {
    return loadInstances(this, options);
  }

  /** A host value (JSON-like data) as a CUE Value. */
  encode(x: unknown): Value {
    try {
      return new Value(this.runtime, literalVertex(plainToExpr(encodeHost(x))));
    } catch (e) {
      if (e instanceof CueError) return new Value(this.runtime, null, [e]);
      throw e;
    }
  }
}

function isInputFile(x: unknown): x is InputFile {
  return typeof x === 'object' && x !== null && typeof (x as InputFile).name === 'string' && typeof (x as InputFile).text === 'string';
}

/** Arguments from JavaScript callers are checked: bad ones are usage errors, not exceptions. */
function checkInputs(source: unknown, options: CompileOptions): string | undefined {
  if (typeof source !== 'string' && !isInputFile(source) && !(Array.isArray(source) && source.every(isInputFile))) {
    return 'compile: the source must be CUE text, or {name, text} files';
  }
  if (options.filename !== undefined && typeof options.filename !== 'string') return 'compile: filename must be a string';
  if (options.tags !== undefined) {
    if (typeof options.tags !== 'object' || options.tags === null) return 'compile: tags must be an object of strings';
    for (const [k, v] of Object.entries(options.tags)) if (typeof v !== 'string') return `compile: the value of tag ${k} must be a string`;
  }
  return undefined;
}
