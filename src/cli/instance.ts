/**
 * The instances a command works on: package arguments and `.cue` files loaded through the
 * library's loader (Context.load over node:fs: modules, imports, ancestor directories, `@if`,
 * `-t`), data files read here (inputs.ts) and unified at each instance's root. Shared by eval,
 * export and vet.
 */
/// <reference types="node" />
import { readFile, readdir, stat } from './fs-async.js';
import os from 'node:os';
import path from 'node:path';
import type { FlagSpec } from './flags.js';
import { defaultLimits, type EvalLimits, type LoadFS, CueError, ErrorCode } from '../index.js';
import { Context, type InputFile, type Value } from '../index.js';
import { type ExprValue, evalExpression } from './expression.js';
import { type DataFile, type LoadedInputs, fileKind, loadInputs, readAllStdin } from './inputs.js';
import { applyQualifiers } from './file-qualifiers.js';
import { type PlacementOptions, placeDataFile, placedInput } from './placement.js';
import { formatErrors } from './output.js';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';

export interface Instance {
  readonly ctx: Context;
  readonly inputs: LoadedInputs;
  /** What was compiled: the CUE files, then (unless kept apart) every data document. */
  readonly files: readonly InputFile[];
  readonly tags: Record<string, string> | undefined;
  /** The compiled package; its errors are found by validating it. */
  readonly value: Value;
  /** The instance as the arguments named it (`.`, `./services/frontend`, `command-line-arguments`). */
  readonly displayPath: string;
  /** Its directory (absolute, with the platform's separators). */
  readonly dir: string;
  /**
   * CUE's instance ID, which heads its errors when several instances are printed: the import
   * path (`mod.test/x/a`, with `:pkg` when the package name is not the last element), else
   * `:pkg` outside a module, else `_` (cue/build Instance.ID).
   */
  readonly id: string;
  /** The package clause of its CUE files (undefined for none, or `_`). */
  readonly packageName?: string;
  /** The files of the packages it imports, by import path as written (LoadedInstance.imports). */
  readonly imports: ReadonlyMap<string, readonly InputFile[]>;
}

function instanceID(importPath: string | undefined, packageName: string | undefined): string {
  if (importPath) {
    const colon = importPath.lastIndexOf(':');
    if (colon < 0) return importPath;
    const p = importPath.slice(0, colon);
    return importPath.slice(colon + 1) === p.slice(p.lastIndexOf('/') + 1) ? p : importPath;
  }
  return packageName ? `:${packageName}` : '_';
}

/** `--limit name=value` (repeatable): the evaluation limits of the library (README, "Limits"). */
export const limitFlag: FlagSpec = {
  name: 'limit',
  kind: 'list',
  arg: 'name=value',
  help: 'change an evaluation limit, e.g. --limit maxSteps=1000000 (repeatable; see the README for the names)',
};

export function parseLimits(list: readonly string[]): Partial<EvalLimits> | undefined {
  if (list.length === 0) return undefined;
  const limits: Record<string, number> = {};
  for (const l of list) {
    const eq = l.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid limit ${JSON.stringify(l)}: expected name=value`);
    const name = l.slice(0, eq);
    const text = l.slice(eq + 1).replace(/_/g, '');
    if (!Object.prototype.hasOwnProperty.call(defaultLimits, name)) {
      throw new UsageError(`unknown limit ${name} (one of ${Object.keys(defaultLimits).join(', ')})`);
    }
    const value = text === 'off' || text === 'Infinity' ? Infinity : Number(text);
    if (!(value > 0)) throw new UsageError(`invalid limit ${name}=${text}: expected a positive number or "off"`);
    limits[name] = value;
  }
  return limits as Partial<EvalLimits>;
}

/** `-t name=value` flags as Context.compile's `tags` option (for data-only inputs); a later flag wins. */
export function parseTags(list: readonly string[]): Record<string, string> | undefined {
  if (list.length === 0) return undefined;
  const tags: Record<string, string> = {};
  for (const t of list) {
    const eq = t.indexOf('=');
    if (eq === 0) throw new UsageError(`invalid tag ${JSON.stringify(t)}: expected name=value or a short tag`);
    if (eq > 0) tags[t.slice(0, eq)] = t.slice(eq + 1);
  }
  return tags;
}

/** `-T`: tag variables (`@tag(dir, var=cwd)`) are injected (cue help injection). */
export const injectVarsFlag: FlagSpec = { name: 'inject-vars', short: 'T', kind: 'bool', help: 'inject system variables in tags (@tag(name, var=cwd|os|arch|now|username|hostname|rand))' };

/** The values of the tag variables, as cue gives them (Go's names for the OS and architecture). */
export function tagVariables(cwd: string): Record<string, string> {
  const goOS: Record<string, string> = { win32: 'windows', sunos: 'solaris' };
  const goArch: Record<string, string> = { x64: 'amd64', ia32: '386', ppc64: 'ppc64le', loong64: 'loong64' };
  let username = '';
  try {
    username = os.userInfo().username;
  } catch {
    // No user entry (a container's numeric user): empty, as cue's user.Current fails.
  }
  const rand = [...crypto.getRandomValues(new Uint8Array(16))].reduce((n, b) => (n << 8n) | BigInt(b), 0n);
  return {
    cwd,
    os: goOS[process.platform] ?? process.platform,
    arch: goArch[process.arch] ?? process.arch,
    now: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    username,
    hostname: os.hostname(),
    rand: rand.toString(),
  };
}

/** `-t`: a value for `@tag(name)` (name=value), or a short tag for `@if(name)` and `@tag(x, short=name)`. */
export const tagFlag: FlagSpec = {
  name: 'inject',
  short: 't',
  kind: 'list',
  arg: 'name=value|tag',
  help: 'set the value of a field tagged @tag(name), or set a short tag (for @if(tag) and @tag(x, short=tag))',
};

/** `-p`: the package to load where an argument names none, and the package of CUE output. */
export const packageFlag: FlagSpec = { name: 'package', short: 'p', kind: 'string', arg: 'NAME', help: 'the package to load in each directory (as DIR:NAME), and the package clause of CUE output' };

/**
 * `-p NAME` with CUE output: the text as a file of package NAME, as cue's encoder adds the
 * clause (internal/encoding, PkgName). Data files merged into CUE files of another package
 * clash with it, unless --force renames the result (cmd/cue/cmd/orphans.go, placeOrphans).
 * Returns the text, or the error line.
 */
export function withPackageClause(text: string, pkg: string | undefined, inst: Instance, force: boolean): { text: string } | { error: string } {
  if (!pkg) return { text };
  if (inst.inputs.data.length > 0 && inst.packageName !== undefined && inst.packageName !== pkg && !force) {
    return { error: `"package" flag clashes with existing package name (${pkg} vs ${inst.packageName})` };
  }
  return { text: `package ${pkg}\n\n${text}` };
}

/** Node's file system, as the loader reads it. */
const nodeFS: LoadFS = {
  readFile: (p) => readFile(p),
  readdir: (p) => readdir(p),
  stat: (p) => stat(p),
};

/**
 * Reads the inputs and compiles them: the instances the loader finds for the package
 * arguments (directories, `./...`, `DIR:pkg`) or the `.cue` files and `-` given, each with the
 * data files unified at its root (unless kept apart); or data files alone. Returns the errors
 * (printed lines) instead when an input cannot be used or an instance cannot be loaded
 * (a missing import, a cycle, an unknown tag): nothing is evaluated then, as with `cue`.
 */
export async function loadInstances(
  args: readonly string[],
  tagList: readonly string[],
  io: CliIO,
  options: { dataApart?: boolean; limits?: Partial<EvalLimits>; package?: string; placement?: PlacementOptions; injectVars?: boolean } = {},
): Promise<{ instances?: Instance[]; errors: string[] }> {
  const cwd = io.cwd ?? process.cwd();
  const qualified = applyQualifiers(args);
  if (qualified.errors.length > 0) return { errors: qualified.errors };
  args = qualified.args;
  const kinds = qualified.kinds;
  const loaderArgs: string[] = [];
  const dataArgs: string[] = [];
  for (const a of args) {
    const kind = kinds.get(a);
    if (kind !== undefined && kind !== 'cue') dataArgs.push(a);
    else if (a === '-' || a.endsWith('.cue')) loaderArgs.push(a);
    else if (fileKind(a) || (/\.[^./:]+$/.test(a) && (await stat(path.resolve(cwd, a)).catch(() => undefined))?.isDirectory() !== true)) dataArgs.push(a);
    else loaderArgs.push(a);
  }
  // Files named that do not exist are reported with the data files' problems, in argument
  // order, one line each, before anything is loaded.
  const problems: string[] = [];
  const data = dataArgs.length > 0 ? await loadInputs(dataArgs, io, kinds, options.placement !== undefined) : { cue: [], data: [], errors: [] };
  for (const a of args) {
    if (dataArgs.includes(a)) {
      const i = data.errors.findIndex((e) => e.endsWith(': ' + a) || e.includes(' ' + a + ':') || e.endsWith(' ' + a) || e === `unknown file extension ${path.extname(a)}`);
      if (i >= 0) problems.push(...data.errors.splice(i, 1));
    } else if (a !== '-' && !a.includes('...') && !/:[\p{L}_$][\p{L}\p{Nd}_$]*$/u.test(a) && (a.endsWith('.cue') || !a.includes('.') || a.startsWith('.'))) {
      if (await stat(path.resolve(cwd, a)).catch(() => undefined)) continue;
      // A missing name that is not a file or a relative path reads, to cue, as an import path
      // whose first element has no dot: a standard library path (cue/load's wording).
      const importLike = !a.endsWith('.cue') && !a.startsWith('.') && !a.startsWith('/');
      // Go's meta-patterns, which cue keeps as patterns that match nothing (pkg_patterns.txtar).
      if (a === 'all' || a === 'cmd' || a === 'std') problems.push(`cue: ${JSON.stringify(a)} matched no packages`);
      else problems.push(importLike ? `standard library import path ${JSON.stringify(a)} cannot be imported as a CUE package` : `could not find file or directory: ${a}`);
    }
  }
  problems.push(...data.errors);
  if (problems.length > 0) return { errors: problems };
  const ctx = new Context({ limits: options.limits });
  // With -l, --list or --with-context, each data file becomes one CUE file placing its
  // documents (placement.ts); vet then checks each placed file as one document.
  let placedData = data;
  if (options.placement) {
    const placed: DataFile[] = [];
    for (const d of data.data) {
      const r = placeDataFile(ctx, d, options.placement);
      if (r.cueErrors.length > 0) return { errors: [formatErrors(r.cueErrors).trimEnd()] };
      if (!r.file) return { errors: r.errors };
      placed.push({ name: d.name, documents: [placedInput(d.name, r.file)] });
    }
    placedData = { ...data, data: placed };
  }
  const dataDocs = placedData.data.flatMap((d) => d.documents);

  if (loaderArgs.length === 0 && dataArgs.length > 0) {
    // Data alone: no package is loaded (as `cue export x.yaml`).
    const tags = parseTags(tagList);
    const files = options.dataApart ? [] : dataDocs;
    const value = ctx.compile(files, { ...(tags ? { tags } : {}), anonymousFilesApart: true });
    return { instances: [{ ctx, inputs: { cue: [], data: placedData.data, errors: [] }, files, tags, value, displayPath: '.', dir: cwd, id: '_', imports: new Map() }], errors: [] };
  }
  const loaded = await ctx.load({
    dir: cwd.split(path.sep).join('/'),
    fs: nodeFS,
    args: loaderArgs,
    package: options.package,
    tags: tagList,
    readStdin: io.readStdin ?? readAllStdin,
    ...(options.injectVars ? { tagVariables: tagVariables(cwd) } : {}),
  });
  // Load errors stop the command before anything is evaluated, as in `cue`.
  const loadErrors = loaded.flatMap((l) => l.value.staticErrors.filter((e) => isLoadError(e)));
  if (loadErrors.length > 0) return { errors: [formatErrors(dedupe(loadErrors)).trimEnd()] };
  const instances = loaded.map((l): Instance => {
    const cue = [...l.files];
    const tags = Object.keys(l.tags).length > 0 ? { ...l.tags } : undefined;
    const files = options.dataApart || dataDocs.length === 0 ? cue : [...cue, ...dataDocs];
    // As cue resolves them: data files and CUE files without a package clause see only
    // themselves (eval_resolve.txtar).
    const value = files === cue || l.value.staticErrors.length > 0 ? l.value : ctx.compile(files, { ...(tags ? { tags } : {}), anonymousFilesApart: true });
    return { ctx, inputs: { cue, data: placedData.data, errors: [] }, files, tags, value, displayPath: l.displayPath, dir: l.dir.split('/').join(path.sep), id: instanceID(l.importPath, l.packageName), packageName: l.packageName === '_' ? undefined : l.packageName, imports: l.imports };
  });
  return { instances, errors: [] };
}

/** Errors of loading (files, imports, packages, tags), as opposed to those of compiling. */
function isLoadError(e: CueError): boolean {
  return e.code === ErrorCode.io || e.code === ErrorCode.usage || e.code === ErrorCode.syntax || e.message.startsWith('import failed:') || e.message.startsWith('found packages') || e.positions.length === 0;
}

function dedupe(errors: readonly CueError[]): CueError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = e.format();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The one instance a command works on: as loadInstances, but several instances (`./...`)
 * are an error.
 */
export async function loadInstance(
  args: readonly string[],
  tagList: readonly string[],
  io: CliIO,
  options: { dataApart?: boolean; limits?: Partial<EvalLimits>; package?: string; placement?: PlacementOptions; injectVars?: boolean } = {},
): Promise<{ instance?: Instance; errors: string[] }> {
  const r = await loadInstances(args, tagList, io, options);
  if (!r.instances) return { errors: r.errors };
  if (r.instances.length > 1) return { errors: [`found ${r.instances.length} instances (${r.instances.map((i) => i.displayPath).join(', ')}); this command takes one`] };
  return { instance: r.instances[0], errors: [] };
}

/** The value of `-e EXPR` in the instance (see expression.ts). */
export function instanceExpression(inst: Instance, expr: string, options: { dataSlot?: boolean; fileName?: string } = {}): ExprValue {
  return evalExpression(inst.ctx, inst.value, inst.files, inst.tags, expr, options);
}
