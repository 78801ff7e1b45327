/**
 * The loader: command-line style arguments (package patterns and `.cue` files) to build
 * instances, as `cue` loads them (cue/load), over any LoadFS.
 *
 * - The module root is the nearest directory, from the working directory up, that holds
 *   `cue.mod`; `cue.mod/module.cue` gives the module path (module-file.ts).
 * - An instance is the files of one package in a directory, plus the files of the same package
 *   in each ancestor directory up to the module root (outermost first). Files of another
 *   package in an ancestor are ignored; files with no package clause belong to no package and
 *   are left out (they can be named as files); `_`- and `.`-prefixed names, `*_tool.cue` and
 *   `*_test.cue` are skipped; `@if`/`@ignore` build attributes are applied (build-attrs.ts).
 * - Imports: the module's own packages (`<module path>/dir[:pkg]`), else the packages under
 *   `cue.mod/gen`, `cue.mod/pkg` and `cue.mod/usr`: the three directories of one import path
 *   form a single package (usr unified over gen and pkg, as cue does). A path whose first
 *   element has no dot is the standard library's. A registry dependency (`deps`) is found only
 *   when vendored in one of those directories, since nothing is fetched. Missing packages and
 *   import cycles are errors at the import's position.
 * - Patterns: `.`, `./dir`, `./dir/...`, `./...`, each with an optional `:pkg`; `-p pkg`
 *   applies to those without one. A wildcard matches directories holding files of a package
 *   (cue.mod, nested modules, `_`/`.`-prefixed directories and testdata skipped); directories
 *   without any are passed over.
 *
 * Nothing is compiled here: the API (Context.load) compiles what this returns.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { Source, type Span } from '../source/index.js';
import type * as A from '../syntax/ast.js';
import { parseFile, parseFileHead } from '../syntax/index.js';
import { isIdentifier, isStdlibPath, packageKey, parseImportPath } from '../syntax/import-path.js';
import { shouldBuildFile } from './build-attrs.js';
import { applyEmbeds, usesEmbed } from './embed.js';
import { FSReader, type LoadFS } from './fs.js';
import { type ModuleInfo, readModuleFile } from './module-file.js';
import { basename, clean, dirname, isAbs, join, relative, within } from './path.js';
import { type TagDecl, Tagger, findTags } from './tags.js';

export interface LoadConfig {
  /** The working directory: absolute, `/`-separated. Relative arguments start here. */
  readonly dir: string;
  readonly fs: LoadFS;
  /** Package patterns and `.cue` files (`-` is standard input); none means `.`. */
  readonly args?: readonly string[];
  /** `-p`: the package to load where an argument names none. */
  readonly package?: string;
  /** `-t` tags: `name=value`, or a short tag for `@if` and `@tag(..., short=...)`. */
  readonly tags?: readonly string[];
  /** The text of standard input, for the argument `-`. */
  readonly readStdin?: () => string | Promise<string>;
  /**
   * `-T`: the values of tag variables (`@tag(dir, var=cwd)`): `cwd`, `os`, `arch`, `now`,
   * `username`, `hostname`, `rand`. Without it, variables are not injected.
   */
  readonly tagVariables?: Readonly<Record<string, string>>;
}

export interface LoadedFile {
  /** The name in positions: relative to the working directory (`lib/lib.cue`, `../a.cue`). */
  readonly name: string;
  readonly abs: string;
  readonly text: string;
  readonly syntax: A.File;
}

export interface BuildInstance {
  /** As the user named it: `.`, `./services/frontend`, or `command-line-arguments` for files. */
  readonly displayPath: string;
  readonly dir: string;
  /** `example.com/app/lib:lib`; undefined for files given by name. */
  readonly importPath: string | undefined;
  readonly packageName: string | undefined;
  /** Outermost ancestor's files first, then down to the directory; each directory's sorted. */
  readonly files: LoadedFile[];
  /** Errors that stop this instance being built (syntax, missing imports, cycles, tags). */
  readonly errors: CueError[];
  /** Keys of every package it imports, directly or not (see LoadResult.packages). */
  readonly deps: string[];
  /** The `@tag` values for this instance's files. */
  readonly tags: Record<string, string>;
}

export interface LoadedPackage {
  readonly key: string;
  readonly importPath: string;
  readonly files: LoadedFile[];
}

export interface LoadResult {
  readonly module: ModuleInfo | undefined;
  readonly instances: BuildInstance[];
  /** Every imported package of the module or cue.mod, by key (`path:qualifier`). */
  readonly packages: ReadonlyMap<string, LoadedPackage>;
  /** Errors not tied to one instance: a bad module.cue, a pattern matching nothing, a bad argument. */
  readonly errors: CueError[];
}

const modDirName = 'cue.mod';

/** A package being collected from one directory and its ancestors (CUE's fileProcessor). */
interface Collected {
  pkgName: string | undefined;
  files: LoadedFile[];
  /** Why files were left out, for "build constraints exclude all CUE files". */
  ignored: string[];
  errors: CueError[];
  /** Set once a directory had a CUE file of the package, or one excluded by a build attribute. */
  sawAny: boolean;
  /** The package was named (`:pkg`, `-p`, an import's qualifier): other packages are ignored. */
  explicit: boolean;
  /** The file that decided the package name. */
  firstFile?: string;
}

export async function load(cfg: LoadConfig): Promise<LoadResult> {
  return new Loader(cfg).run();
}


/** Why an imported package could not be loaded, with the positions of its own errors. */
interface ImportFailure {
  readonly error: string;
  readonly positions?: readonly Span[];
}

class Loader {
  private readonly fs: FSReader;
  private readonly cwd: string;
  private readonly tagger: Tagger;
  private module: ModuleInfo | undefined;
  private root = '/';
  private readonly errors: CueError[] = [];
  private readonly packages = new Map<string, LoadedPackage | ImportFailure>();
  private readonly parsed = new Map<string, Promise<{ file?: LoadedFile; errors: CueError[] }>>();

  constructor(private readonly cfg: LoadConfig) {
    this.fs = new FSReader(cfg.fs);
    this.cwd = clean(cfg.dir);
    this.tagger = new Tagger(cfg.tags ?? []);
  }

  /** An argument's path, absolute. */
  private resolve(p: string): string {
    return isAbs(p) ? clean(p) : join(this.cwd, p);
  }

  private shown(abs: string): string {
    return relative(this.cwd, abs);
  }

  async run(): Promise<LoadResult> {
    const modRoot = await this.findModuleRoot(this.cwd);
    this.root = modRoot ?? this.cwd;
    if (modRoot !== undefined) {
      const r = await readModuleFile(this.fs, modRoot, (a) => this.shown(a));
      this.module = r.module;
      if (r.errors.length > 0) {
        this.errors.push(...r.errors);
        return this.result([]);
      }
    }
    if (this.cfg.package !== undefined && this.cfg.package !== '' && !isIdentifier(this.cfg.package) && this.cfg.package !== '_') {
      this.errors.push(new CueError(ErrorCode.usage, `invalid package name ${JSON.stringify(this.cfg.package)}`));
      return this.result([]);
    }
    const args = this.cfg.args && this.cfg.args.length > 0 ? this.cfg.args : ['.'];
    const fileArgs: string[] = [];
    const pkgArgs: string[] = [];
    for (const a of args) (a === '-' || (a.endsWith('.cue') && !/:[\p{L}_$][\p{L}\p{Nd}_$]*$/u.test(a)) ? fileArgs : pkgArgs).push(a);

    const instances: BuildInstance[] = [];
    for (const a of pkgArgs) instances.push(...(await this.packageArg(a)));
    if (fileArgs.length > 0) instances.push(await this.fileInstance(fileArgs));

    // Imports, depth first from each instance (cycles found on the way).
    for (const inst of instances) {
      if (inst.errors.length > 0) continue;
      await this.resolveImports(inst.files, inst.importPath ? [inst.importPath] : [], inst.errors, inst.deps, new Set());
    }
    // Tags: @if has been asked while collecting; @tag fields are those of the instances.
    const decls: TagDecl[] = [];
    for (const inst of instances) for (const f of inst.files) decls.push(...findTags(f.syntax, inst.errors));
    const tags = this.tagger.resolve(decls, this.cfg.tagVariables);
    if (tags.errors.length > 0) this.errors.push(...tags.errors);
    for (const inst of instances) {
      const own = new Set(inst.files.flatMap((f) => findTags(f.syntax, [])).map((d) => d.key));
      for (const [k, v] of Object.entries(tags.values)) if (own.has(k)) inst.tags[k] = v;
    }
    return this.result(instances);
  }

  private result(instances: BuildInstance[]): LoadResult {
    const packages = new Map<string, LoadedPackage>();
    for (const [k, p] of this.packages) if (!('error' in p)) packages.set(k, p);
    return { module: this.module, instances, packages, errors: this.errors };
  }

  /** The nearest ancestor (or self) holding `cue.mod`; none inside a cue.mod directory. */
  private async findModuleRoot(dir: string): Promise<string | undefined> {
    for (let d = dir; ; d = dirname(d)) {
      if (await this.fs.kind(join(d, modDirName))) return d;
      const parent = dirname(d);
      if (basename(parent) === modDirName || parent === d) return undefined;
    }
  }

  private inModule(): boolean {
    return this.module !== undefined;
  }

  // ---------------------------------------------------------------------------------------
  // Arguments

  private async packageArg(arg: string): Promise<BuildInstance[]> {
    let path = arg;
    let qualifier: string | undefined;
    const colon = arg.lastIndexOf(':');
    if (colon >= 0 && !arg.slice(colon + 1).includes('/') && !/^[A-Za-z]:\//.test(arg.slice(colon - 1))) {
      qualifier = arg.slice(colon + 1);
      path = arg.slice(0, colon) || '.';
      if (qualifier === '_' || !isIdentifier(qualifier)) {
        this.errors.push(new CueError(ErrorCode.usage, `invalid import path qualifier ${qualifier} in ${JSON.stringify(arg)}`));
        return [];
      }
    }
    const pkgName = qualifier ?? (this.cfg.package === '' ? undefined : this.cfg.package);
    const local = path === '.' || path === '..' || path.startsWith('./') || path.startsWith('../') || isAbs(path);
    // A bare directory name (`config`) is taken as `./config`: cue reads it as an import path,
    // which would fail; the old cue-lite read it as a directory, and keeps doing so.
    const localDir = !local && !path.includes('...') && (await this.fs.kind(this.resolve(path))) === 'dir';
    if (local || localDir) {
      const abs = this.resolve(path);
      if (path.includes('...')) return this.wildcard(arg, abs, path, pkgName);
      const inst = await this.loadDir(abs, pkgName, this.displayOf(path), undefined);
      // `-p` names the package of the output in cue, not the one to load (export_cue.txtar:
      // `-p after ./sub` exports sub's package `before` as `package after`). cue-lite also
      // lets it choose among several packages of a directory; where the directory has no
      // package of that name, its only package is loaded, as cue would.
      if (inst && qualifier === undefined && pkgName !== undefined && inst.files.length === 0) {
        const only = await this.loadDir(abs, undefined, this.displayOf(path), undefined);
        if (only && only.files.length > 0 && only.errors.length === 0) return [only];
      }
      if (inst) return [inst];
      if ((await this.fs.kind(abs)) !== 'dir') {
        this.errors.push(new CueError(ErrorCode.io, `cannot find package ${JSON.stringify(this.displayOf(path))}`));
      } else this.errors.push(new CueError(ErrorCode.io, `no CUE files in ${this.displayOf(path)}`));
      return [];
    }
    // An import path: the module's own packages, or cue.mod's.
    const ip = parseImportPath(path);
    if (isStdlibPath(ip.path)) {
      this.errors.push(new CueError(ErrorCode.usage, `standard library import path ${JSON.stringify(ip.path)} cannot be imported as a CUE package`));
      return [];
    }
    if (ip.path.includes('...')) {
      const mod = this.module?.path;
      if (mod && (ip.path === mod + '/...' || ip.path.startsWith(mod + '/'))) {
        const rel = '.' + ip.path.slice(mod.length);
        return this.wildcard(arg, join(this.root, rel), relative(this.cwd, join(this.root, rel)) === '.' ? './...' : './' + relative(this.cwd, join(this.root, rel)), pkgName);
      }
      this.errors.push(new CueError(ErrorCode.usage, `pattern not allowed in external package path ${JSON.stringify(arg)}`));
      return [];
    }
    const name = pkgName ?? ip.qualifier;
    if (!name) {
      this.errors.push(new CueError(ErrorCode.usage, `cannot determine package name for ${JSON.stringify(ip.path)}; set it explicitly with ':'`));
      return [];
    }
    const dirs = this.importDirs(ip.path);
    if (typeof dirs === 'string') {
      this.errors.push(new CueError(ErrorCode.io, dirs));
      return [];
    }
    const inst = await this.loadDirs(dirs, name, arg, packageKey(ip.path, name));
    if (!inst) this.errors.push(new CueError(ErrorCode.io, `cannot find package ${JSON.stringify(ip.path)}`));
    return inst ? [inst] : [];
  }

  /** A directory as the user wrote it: `./x` stays `./x`, `x` stays `x`; absolute ones relative. */
  private displayOf(path: string): string {
    const c = clean(path);
    if (isAbs(c)) {
      const rel = relative(this.cwd, c);
      return rel === '.' || rel.startsWith('../') ? rel : './' + rel;
    }
    return path.startsWith('./') && c !== '.' && !c.startsWith('../') ? './' + c : c;
  }

  /** `./dir/...` and other patterns with `...` (Go's matchPattern: `...` matches any text). */
  private async wildcard(arg: string, abs: string, path: string, pkgName: string | undefined): Promise<BuildInstance[]> {
    const before = path.slice(0, path.indexOf('...'));
    const baseDir = this.resolve(before.endsWith('/') ? before : dirname(before + 'x'));
    if (this.module && !within(baseDir, this.root)) {
      this.errors.push(new CueError(ErrorCode.usage, `pattern ${path} refers to a directory outside the module root ${this.shown(this.root)}`));
      return [];
    }
    const pattern = clean(path.replace(/^\.\//, ''));
    const re = patternRegExp(pattern);
    const out: BuildInstance[] = [];
    const walk = async (dir: string, top: boolean): Promise<void> => {
      const el = basename(dir);
      if (!top && (el.startsWith('.') || el.startsWith('_') || el === 'testdata' || el === modDirName)) return;
      if (!top && (await this.fs.kind(join(dir, modDirName)))) return; // a nested module
      const rel = relative(this.cwd, dir);
      if (re.test(rel)) {
        const inst = await this.loadDir(dir, pkgName, this.displayOf(rel), undefined, true);
        if (inst) out.push(inst);
      }
      const names = (await this.fs.list(dir)) ?? [];
      for (const n of names) {
        const child = join(dir, n);
        if ((await this.fs.kind(child)) === 'dir') await walk(child, false);
      }
    };
    void abs;
    if ((await this.fs.kind(baseDir)) === 'dir') await walk(baseDir, true);
    if (out.length === 0) this.errors.push(new CueError(ErrorCode.io, `cue: ${JSON.stringify(arg)} matched no packages`));
    return out;
  }

  /** `.cue` files named on the command line: one instance, whatever their package clauses say. */
  private async fileInstance(args: readonly string[]): Promise<BuildInstance> {
    const inst: BuildInstance = { displayPath: 'command-line-arguments', dir: this.cwd, importPath: undefined, packageName: undefined, files: [], errors: [], deps: [], tags: {} };
    let stdin: string | undefined;
    // Files are taken in cue's order, not the arguments': by the number of separators in the
    // name as given, then by name (cue/load, normalizeFiles). `cue def 2.cue 1.cue` merges
    // 1.cue's declarations first (def_comments.txtar).
    const sorted = [...args].sort((x, y) => {
      const depth = (n: string) => n.split('/').length;
      return depth(x) - depth(y) || (x < y ? -1 : x > y ? 1 : 0);
    });
    for (const a of sorted) {
      if (a === '-') {
        stdin ??= this.cfg.readStdin ? await this.cfg.readStdin() : '';
        const r = parseFile(new Source('-', stdin));
        inst.errors.push(...r.errors);
        inst.files.push({ name: '-', abs: '-', text: stdin, syntax: r.file });
        continue;
      }
      const abs = this.resolve(a);
      const kind = await this.fs.kind(abs);
      if (kind !== 'file') {
        inst.errors.push(new CueError(ErrorCode.io, kind === 'dir' ? `cannot read ${a}: is a directory` : `could not find file or directory: ${a}`));
        continue;
      }
      const r = await this.parse(abs);
      inst.errors.push(...r.errors);
      if (!r.file) continue;
      // Build attributes apply to files named on the command line too, as in cue.
      const d = shouldBuildFile(r.file.syntax, this.tagger.tagIsSet);
      if ('error' in d) inst.errors.push(d.error);
      else if (d.include) inst.files.push(r.file);
    }
    let name: string | undefined;
    let first: (typeof inst.files)[number] | undefined;
    for (const f of inst.files) {
      const n = f.syntax.package?.name.name;
      if (n === undefined || n === '_') continue;
      if (name === undefined) {
        name = n;
        first = f;
      } else if (n !== name) {
        // As cue words it (load_pkg.txtar): the files by base name, the first one's directory.
        const dir = first!.abs === '-' ? '.' : this.shown(dirname(first!.abs));
        inst.errors.push(new CueError(ErrorCode.compile, `found packages "${name}" (${basename(first!.name)}) and "${n}" (${basename(f.name)}) in ${JSON.stringify(dir)}`));
        break;
      }
    }
    return { ...inst, packageName: name };
  }

  // ---------------------------------------------------------------------------------------
  // Packages in directories

  /** Parses a file once; positions name it relative to the working directory. */
  private parse(abs: string): Promise<{ file?: LoadedFile; errors: CueError[] }> {
    let hit = this.parsed.get(abs);
    if (!hit) {
      hit = (async () => {
        const name = this.shown(abs);
        const r = await this.fs.readText(abs, name);
        if (r.text === undefined) return { errors: r.errors };
        const p = parseFile(new Source(name, r.text));
        if (p.errors.length === 0 && usesEmbed(p.file)) {
          // @embed: the data files are read now, through the same file system (embed.ts).
          const e = await applyEmbeds(p.file, dirname(abs), this.fs, (a) => this.shown(a));
          return { file: { name, abs, text: r.text, syntax: e.file }, errors: e.errors };
        }
        return { file: { name, abs, text: r.text, syntax: p.file }, errors: p.errors };
      })();
      this.parsed.set(abs, hit);
    }
    return hit;
  }

  /**
   * The instance of the package in `dir` (with its ancestors' files), or undefined when the
   * directory has no CUE file at all (or, for a wildcard, none of a package).
   */
  private async loadDir(dir: string, pkgName: string | undefined, display: string, importPath: string | undefined, wildcard = false): Promise<BuildInstance | undefined> {
    if (within(dir, join(this.root, modDirName)) && this.module) {
      const rel = relative(join(this.root, modDirName), dir).split('/');
      if (['gen', 'pkg', 'usr'].includes(rel[0]!) && rel.length > 1) return this.loadDirs(this.cueModDirs(rel.slice(1).join('/')), pkgName, display, importPath, wildcard);
    }
    const ip = importPath ?? this.importPathOfDir(dir, pkgName);
    return this.loadDirs([[this.root, dir]], pkgName, display, ip, wildcard);
  }

  private importPathOfDir(dir: string, pkgName: string | undefined): string | undefined {
    if (!this.module || this.module.path === '' || !within(dir, this.root)) return undefined;
    const rel = relative(this.root, dir);
    const p = rel === '.' ? this.module.path : `${this.module.path}/${rel}`;
    return pkgName ? packageKey(p, pkgName) : p;
  }

  /** `[base, dir]` pairs: the directories one import path of cue.mod is read from. */
  private cueModDirs(rel: string): [string, string][] {
    return ['gen', 'pkg', 'usr'].map((sub): [string, string] => [join(this.root, modDirName, sub), join(this.root, modDirName, sub, rel)]);
  }

  /** Where an import path's files are: the module's directory, or cue.mod's; or why not. */
  private importDirs(path: string): [string, string][] | string {
    const mod = this.module;
    if (!mod) return `cannot find package ${JSON.stringify(path)}: imports need a module (no cue.mod directory above ${this.shown(this.cwd)})`;
    if (mod.path !== '' && (path === mod.path || path.startsWith(mod.path + '/'))) {
      return [[this.root, join(this.root, path.slice(mod.path.length))]];
    }
    return this.cueModDirs(path);
  }

  /** The registry dependency (`deps`) an import path belongs to, if any. */
  private depOf(path: string): [string, string] | undefined {
    for (const [m, v] of this.module?.deps ?? []) {
      const bare = m.replace(/@v\d+$/, '');
      if (path === bare || path.startsWith(bare + '/')) return [m, v];
    }
    return undefined;
  }

  private async loadDirs(dirs: [string, string][], pkgName: string | undefined, display: string, importPath: string | undefined, wildcard = false): Promise<BuildInstance | undefined> {
    // No package asked for, and several in the directory: the one named as the directory is
    // (`./x` holding packages x and y is x), as cue/load chooses (pkg_resolution_multiple_
    // packages_one_matching_path_element.txtar).
    // Not for a wildcard (`./...` meets both: an error, pkg_resolution_multiple_packages_build_attr).
    if (pkgName === undefined && !wildcard && dirs.length > 0) pkgName = await this.packageOfDirName(dirs[0]![1]);
    const c: Collected = { pkgName, files: [], ignored: [], errors: [], sawAny: false, explicit: pkgName !== undefined };
    let exists = false;
    for (const [base, leaf] of dirs) {
      if ((await this.fs.kind(leaf)) !== 'dir') continue;
      exists = true;
      const chain: LoadedFile[][] = [];
      let firstDir = true;
      for (let dir = leaf; ; ) {
        const before = c.files.length;
        const added = await this.scanDir(dir, leaf, c);
        chain.push(c.files.splice(before));
        if (c.pkgName === undefined || !this.inModule() || (await this.fs.kind(join(dir, modDirName))) || dir === base || (firstDir && !added)) break;
        const parent = dirname(dir);
        if (parent === dir || !within(parent, base)) break;
        dir = parent;
        firstDir = false;
      }
      // Outermost ancestor first, as cue lists and unifies them.
      for (const files of chain.reverse()) c.files.push(...files);
    }
    if (!exists) return undefined;
    const name = c.pkgName;
    const key = importPath !== undefined && name !== undefined && !importPath.includes(':') ? `${importPath}:${name}` : importPath;
    const inst: BuildInstance = { displayPath: display, dir: dirs[0]![1], importPath: key, packageName: name, files: c.files, errors: c.errors, deps: [], tags: {} };
    if (c.files.length === 0 && c.errors.length === 0) {
      // No files of a package: a wildcard passes the directory over, as cue does.
      if (wildcard || (!c.sawAny && c.ignored.length === 0)) return undefined;
      // Files of other packages only, none left out by a build attribute: cue says so
      // (pkg_resolution_single_package_not_matching_path_element.txtar).
      const want = c.ignored.map((l) => /: package is [^,]*, want (.*)$/.exec(l)?.[1]);
      if (want.every((w) => w !== undefined && w === want[0])) {
        inst.errors.push(new CueError(ErrorCode.io, `cannot find package ${JSON.stringify((importPath ?? display).replace(/:[^/]*$/, ''))}: no files in package directory with package name ${JSON.stringify(want[0])}`));
      } else inst.errors.push(new CueError(ErrorCode.io, `build constraints exclude all CUE files in ${display}:\n${c.ignored.map((l) => '    ' + l).join('\n')}`));
    }
    return inst;
  }

  /** The directory's base name, when its files hold several packages and one has that name. */
  private async packageOfDirName(dir: string): Promise<string | undefined> {
    const names = await this.fs.list(dir);
    if (!names) return undefined;
    const pkgs = new Set<string>();
    for (const n of names) {
      if (!n.endsWith('.cue') || n.startsWith('.') || n.startsWith('_')) continue;
      const abs = join(dir, n);
      if ((await this.fs.kind(abs)) !== 'file') continue;
      const r = await this.parse(abs);
      const syntax = r.file?.syntax;
      if (!syntax) continue;
      const build = shouldBuildFile(syntax, this.tagger.tagIsSet);
      const p = syntax.package?.name.name;
      if (p !== undefined && p !== '_' && !('error' in build) && build.include) pkgs.add(p);
    }
    const base = basename(dir);
    return pkgs.size > 1 && pkgs.has(base) ? base : undefined;
  }

  /** Adds the package's files of one directory (CUE's fileProcessor.add); true if any counted. */
  private async scanDir(dir: string, leaf: string, c: Collected): Promise<boolean> {
    const names = await this.fs.list(dir);
    if (!names) return false;
    const sameDir = dir === leaf;
    let added = false;
    for (const n of names) {
      if (!n.endsWith('.cue')) continue;
      const abs = join(dir, n);
      if ((await this.fs.kind(abs)) !== 'file') continue;
      if (n.startsWith('.') || n.startsWith('_')) {
        // Left out, and named when nothing else is found (cue/load: ExcludeReason).
        if (sameDir) c.ignored.push(`${this.shown(abs)}: filename starts with a '${n[0]}'`);
        continue;
      }
      const r = await this.parse(abs);
      if (!r.file) {
        c.errors.push(...r.errors);
        continue;
      }
      const f = r.file;
      // A file that does not parse past its package clause is still a file of that package
      // (its errors are the package's), as CUE reads the clause before the whole file.
      // Its build attributes and package decide first: its errors count only when it is one
      // of the instance's files.
      const head = r.errors.length > 0 && !f.syntax.package ? parseFileHead(new Source(f.name, f.text)) : undefined;
      const syntax = head ?? f.syntax;
      const pkg = syntax.package?.name.name ?? '_';
      if (pkg === '_' && !(c.pkgName === '_' && sameDir)) {
        if (sameDir) c.ignored.push(`${dotted(f.name)}: no package name`);
        continue;
      }
      if (r.errors.length > 0 && !head) {
        c.errors.push(...r.errors);
        added = true;
        continue;
      }
      const build = shouldBuildFile(syntax, this.tagger.tagIsSet);
      if ('error' in build) {
        c.errors.push(build.error);
        added = true;
        continue;
      }
      if (!build.include) {
        c.ignored.push(`${dotted(f.name)}: ${build.reason}`);
        c.sawAny = true;
        added = true;
        continue;
      }
      if (c.pkgName === undefined) {
        c.pkgName = pkg;
        c.firstFile = n;
      } else if (pkg !== c.pkgName) {
        if (c.explicit || !sameDir) {
          c.ignored.push(`${f.name}: package is ${pkg}, want ${c.pkgName}`);
        } else if (!c.errors.some((e) => e.message.startsWith('found packages'))) {
          c.errors.push(new CueError(ErrorCode.compile, `found packages "${c.pkgName}" (${c.firstFile}) and "${pkg}" (${n}) in ${JSON.stringify(this.shown(dir))}`));
        }
        continue;
      }
      c.sawAny = true;
      added = true;
      if (n.endsWith('_tool.cue') || n.endsWith('_test.cue')) {
        c.ignored.push(`${f.name}: ${n.endsWith('_tool.cue') ? '_tool.cue files excluded in non-cmd mode' : '_test.cue files excluded in non-test mode'}`);
        continue;
      }
      if (head) {
        c.errors.push(...r.errors);
        continue;
      }
      c.files.push(f);
    }
    return added;
  }

  // ---------------------------------------------------------------------------------------
  // Imports

  /**
   * Loads the packages `files` import, and theirs (depth first). `stack` holds the keys being
   * loaded, for cycles; every key reached is added to `deps` once.
   */
  private async resolveImports(files: readonly LoadedFile[], stack: string[], errors: CueError[], deps: string[], seen: Set<string>): Promise<void> {
    for (const f of files) {
      for (const decl of f.syntax.imports) {
        for (const spec of decl.specs) {
          const raw = spec.path.value;
          const ip = parseImportPath(raw);
          if (raw.startsWith('./') || raw.startsWith('../') || raw === '.' || raw === '..') {
            errors.push(new CueError(ErrorCode.compile, `import failed: relative import paths not allowed (${JSON.stringify(raw)})`, [], [spec.path.span]));
            continue;
          }
          if (isStdlibPath(ip.path)) continue; // the compiler resolves (and reports) these
          if (!ip.qualifier) {
            errors.push(new CueError(ErrorCode.compile, `import failed: cannot determine package name for ${JSON.stringify(ip.path)}; set it explicitly with ':'`, [], [spec.path.span]));
            continue;
          }
          const key = packageKey(ip.path, ip.qualifier);
          if (stack.includes(key)) {
            const cycle = [...stack.slice(stack.indexOf(key)), key].map((k) => k.replace(/:[^:/]*$/, '')).join(' imports ');
            errors.push(new CueError(ErrorCode.compile, `import failed: package import cycle not allowed (${cycle})`, [], [spec.path.span]));
            continue;
          }
          const pkg = await this.importPackage(ip.path, ip.qualifier, key);
          if ('error' in pkg) {
            // One error at the import, followed by the positions of what failed in the package
            // (as cue prints it), not the package's errors a second time beside it.
            errors.push(new CueError(ErrorCode.compile, `import failed: ${pkg.error}`, [], [spec.path.span, ...(pkg.positions ?? [])], [], undefined, [], spec.path.span));
            continue;
          }
          if (seen.has(key)) continue;
          seen.add(key);
          await this.resolveImports(pkg.files, [...stack, key], errors, deps, seen);
          deps.push(key);
        }
      }
    }
  }

  private async importPackage(path: string, qualifier: string, key: string): Promise<LoadedPackage | ImportFailure> {
    const hit = this.packages.get(key);
    if (hit) return hit;
    let result: LoadedPackage | ImportFailure;
    const dirs = this.importDirs(path);
    if (typeof dirs === 'string') result = { error: dirs };
    else {
      const inst = await this.loadDirs(dirs, qualifier, path, key);
      if (!inst) {
        const dep = this.mainModuleOwns(path) ? undefined : this.depOf(path);
        result = {
          error: dep
            ? `cannot find package ${JSON.stringify(path)}: it belongs to the registry dependency ${dep[0]}${dep[1] ? ` (${dep[1]})` : ''} of cue.mod/module.cue, and cue-lite does not fetch modules: vendor the module's files into cue.mod/pkg/${dep[0].replace(/@v\d+$/, '')}/ (or cue.mod/usr/...)`
            : `cannot find package ${JSON.stringify(path)}`,
        };
      } else if (inst.errors.length > 0) {
        result = { error: inst.errors.map((e) => e.message).join('; '), positions: inst.errors.flatMap((e) => e.positions) };
      } else if (inst.files.length === 0) {
        result = { error: `cannot find package ${JSON.stringify(path)}: no files in package directory with package name ${JSON.stringify(qualifier)}` };
      } else result = { key, importPath: path, files: inst.files };
    }
    this.packages.set(key, result);
    return result;
  }

  private mainModuleOwns(path: string): boolean {
    const m = this.module?.path;
    return !!m && (path === m || path.startsWith(m + '/'));
  }
}

/** Go's package pattern: `...` matches any text; `x/...` also matches `x` itself. */
function patternRegExp(pattern: string): RegExp {
  let src = pattern
    .split('...')
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  if (src.endsWith('/.*')) src = src.slice(0, -3) + '(/.*)?';
  if (src.startsWith('.*') && pattern.startsWith('...')) src = '(?:.*)' + src.slice(2);
  return new RegExp(`^${src}$`);
}

/**
 * A relative file name as cue lists a file left out for its package clause or build
 * attribute: `./a.cue` (issue174.txtar, issue3228.txtar).
 */
function dotted(name: string): string {
  return name.startsWith('/') || name.startsWith('./') || name.startsWith('../') || name === '-' ? name : `./${name}`;
}
