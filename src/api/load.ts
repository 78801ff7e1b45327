/**
 * Context.load: the loader (`load/`) reads the instances and packages; here they are
 * registered with the context's runtime and compiled into Values.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { type LoadConfig, type LoadFS, type LoadedFile, type LoadedPackage, load } from '../load/index.js';
import { isStdlibPath, packageKey, parseImportPath } from '../syntax/import-path.js';
import type { Context } from './context.js';
import type { InputFile } from './inputs.js';
import { Value } from './value.js';

export interface LoadOptions {
  /** The working directory (absolute, `/`-separated): arguments and module search start here. */
  dir: string;
  /** The file system: `{readFile, readdir, stat}` (node:fs/promises fits; see memoryFS). */
  fs: LoadFS;
  /** Package patterns and `.cue` files, as on `cue`'s command line; default `['.']`. */
  args?: readonly string[];
  /** `-p`: the package name for arguments that name none. */
  package?: string;
  /** `-t`: `name=value` for `@tag(name)`, or short tags for `@if(...)` and `@tag(x, short=...)`. */
  tags?: readonly string[];
  /** Standard input's text, for the argument `-`. */
  readStdin?: () => string | Promise<string>;
  /** `-T`: values of tag variables for `@tag(name, var=cwd)` (cwd, os, arch, now, username, hostname, rand). */
  tagVariables?: Readonly<Record<string, string>>;
}

export interface LoadedInstance {
  /** As the argument named it: `.`, `./services/frontend`, or `command-line-arguments`. */
  readonly displayPath: string;
  /** Its directory (absolute). */
  readonly dir: string;
  /** `example.com/app/lib:lib`, when it is inside a module with a path. */
  readonly importPath: string | undefined;
  readonly packageName: string | undefined;
  /** The files unified, ancestors' first, named relative to `dir` of the options. */
  readonly files: readonly InputFile[];
  /** The `@tag` values that apply to its files (for recompiling `files` with `compile`). */
  readonly tags: Readonly<Record<string, string>>;
  /** The instance; its `validate()` includes load errors (missing imports, cycles, tags). */
  readonly value: Value;
  /**
   * The files of the packages it imports, directly or through others, by the import path as
   * written in an import declaration (`"example.com/app/lib"`, `"x.com/y:z"`); standard
   * library packages are not listed. For tools that print an instance with its imports
   * expanded (`cue-lite def --inline-imports`).
   */
  readonly imports: ReadonlyMap<string, readonly InputFile[]>;
}

/** The result when nothing could be loaded at all: one instance that is only errors. */
function failed(ctx: Context, dir: string, errors: CueError[]): LoadedInstance[] {
  return [{ displayPath: '.', dir, importPath: undefined, packageName: undefined, files: [], tags: {}, value: new Value(ctx.runtime, null, errors), imports: new Map() }];
}

export async function loadInstances(ctx: Context, options: LoadOptions): Promise<LoadedInstance[]> {
  const bad = checkOptions(options);
  if (bad) return failed(ctx, '/', [new CueError(ErrorCode.usage, bad)]);
  let r;
  try {
    r = await load(options as LoadConfig);
  } catch (e) {
    if (e instanceof CueError) return failed(ctx, options.dir, [e]);
    throw e;
  }
  const rt = ctx.runtime;
  for (const p of r.packages.values()) rt.registerPackage(p.key, { importPath: p.importPath, files: p.files.map((f) => f.syntax) });
  if (r.instances.length === 0) return failed(ctx, options.dir, r.errors.length > 0 ? r.errors : [new CueError(ErrorCode.io, 'no instances loaded')]);
  return r.instances.map((inst) => {
    // The syntax goes with the text: a file with @embed was rewritten by the loader.
    const files = inst.files.map((f) => ({ name: f.name, text: f.text, kind: 'cue' as const, syntax: f.syntax }));
    const base = { displayPath: inst.displayPath, dir: inst.dir, importPath: inst.importPath, packageName: inst.packageName, files, tags: inst.tags, imports: importedFiles(inst.files, r.packages) };
    const errors = [...r.errors, ...inst.errors];
    if (errors.length > 0) return { ...base, value: new Value(rt, null, errors) };
    try {
      const built = rt.build(inst.files.map((f) => f.syntax), { tags: inst.tags, tagsChecked: true, anonymousFilesApart: true });
      const depErrors = inst.deps.flatMap((k) => rt.packageErrors(k));
      return { ...base, value: new Value(rt, built.root, [...built.errors, ...depErrors]) };
    } catch (e) {
      if (e instanceof CueError) return { ...base, value: new Value(rt, null, [e]) };
      throw e;
    }
  });
}

/** The files of every package `files` import, directly or not, by the import path as written. */
function importedFiles(files: readonly LoadedFile[], packages: ReadonlyMap<string, LoadedPackage>): Map<string, InputFile[]> {
  const out = new Map<string, InputFile[]>();
  const visit = (fs: readonly LoadedFile[]): void => {
    for (const f of fs) {
      for (const decl of f.syntax.imports) {
        for (const spec of decl.specs) {
          const raw = spec.path.value;
          const ip = parseImportPath(raw);
          if (out.has(raw) || isStdlibPath(ip.path) || !ip.qualifier) continue;
          const pkg = packages.get(packageKey(ip.path, ip.qualifier));
          if (!pkg) continue;
          out.set(raw, pkg.files.map((x) => ({ name: x.name, text: x.text, kind: 'cue' as const, syntax: x.syntax })));
          visit(pkg.files);
        }
      }
    }
  };
  visit(files);
  return out;
}

function checkOptions(o: unknown): string | undefined {
  if (typeof o !== 'object' || o === null) return 'load: options must be an object {dir, fs}';
  const x = o as Partial<LoadOptions>;
  if (typeof x.dir !== 'string' || !(x.dir.startsWith('/') || /^[A-Za-z]:\//.test(x.dir))) return 'load: dir must be an absolute path';
  const fs = x.fs as Partial<LoadFS> | undefined;
  if (!fs || typeof fs.readFile !== 'function' || typeof fs.readdir !== 'function' || typeof fs.stat !== 'function') return 'load: fs must have readFile, readdir and stat';
  if (x.args !== undefined && (!Array.isArray(x.args) || !x.args.every((a) => typeof a === 'string'))) return 'load: args must be strings';
  if (x.tags !== undefined && (!Array.isArray(x.tags) || !x.tags.every((a) => typeof a === 'string'))) return 'load: tags must be strings';
  if (x.package !== undefined && typeof x.package !== 'string') return 'load: package must be a string';
  return undefined;
}
