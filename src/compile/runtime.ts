/**
 * A Runtime ties the stages together for one evaluation context: it parses and compiles
 * sources, builds instances (root vertices), resolves standard-library imports (compiling
 * their CUE-written halves on first use) and owns the Evaluator.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { Source } from '../source/index.js';
import type * as A from '../syntax/ast.js';
import { parseFile } from '../syntax/index.js';
import { Environment } from '../core/env.js';
import { type EvalLimits, Evaluator } from '../core/evaluator.js';
import { Vertex } from '../core/vertex.js';
import { lookupPackage } from '../stdlib/registry.js';
import { type CompileOptions, Compiler } from './compile.js';
import type { StructLitX } from '../core/adt.js';
import { isStdlibPath, packageKey, parseImportPath } from '../syntax/import-path.js';

export interface RuntimeOptions {
  limits?: Partial<EvalLimits>;
}

export interface Instance {
  readonly root: Vertex;
  /** Syntax and compile errors (evaluation errors live in the value tree). */
  readonly errors: CueError[];
  readonly files: readonly A.File[];
  readonly packageName: string | undefined;
}

/** A package of a module, registered by the loader under `path:qualifier` (import-path.ts). */
export interface ModulePackage {
  readonly files: readonly A.File[];
  /** The import path it is known by (`example.com/app/lib`), for messages. */
  readonly importPath: string;
}

export const topEnv = new Environment(null, null, null);

export class Runtime {
  readonly ev: Evaluator;
  private packages = new Map<string, Vertex | string>();
  private modulePackages = new Map<string, ModulePackage>();
  /** Compile errors of the module packages built so far, by key. */
  private moduleErrors = new Map<string, CueError[]>();

  /**
   * Makes a package of a module importable in this runtime (the loader has read and checked
   * its files). A later registration of the same key replaces an unbuilt one.
   */
  registerPackage(key: string, pkg: ModulePackage): void {
    if (this.packages.has(key)) return;
    this.modulePackages.set(key, pkg);
  }

  /** The registry key of an import path as written, when that package is registered. */
  readonly modulePackage = (raw: string): { key: string; name: string } | undefined => {
    if (this.modulePackages.size === 0) return undefined;
    const ip = parseImportPath(raw);
    // The standard library is never shadowed; `vela/*` (KubeVela's providers, not a CUE
    // package) may be given by the host, as stubs (Context.addPackage).
    if ((isStdlibPath(ip.path) && !ip.path.startsWith('vela/')) || ip.qualifier === undefined) return undefined;
    const key = packageKey(ip.path, ip.qualifier);
    return this.modulePackages.has(key) ? { key, name: ip.qualifier } : undefined;
  };

  /** Builds a registered package now (if not yet) and returns its compile errors. */
  packageErrors(key: string): CueError[] {
    this.importPackage(key);
    return this.moduleErrors.get(key) ?? [];
  }

  constructor(options: RuntimeOptions = {}) {
    this.ev = new Evaluator((path) => this.importPackage(path), options.limits);
  }

  /** Parses sources; returns the files and all syntax errors. */
  parse(sources: readonly Source[]): { files: A.File[]; errors: CueError[] } {
    const files: A.File[] = [];
    const errors: CueError[] = [];
    for (const s of sources) {
      const r = parseFile(s);
      files.push(r.file);
      errors.push(...r.errors);
    }
    return { files, errors };
  }

  /** Compiles parsed files of one package into a fresh root vertex. */
  build(files: readonly A.File[], options: CompileOptions = {}): Instance {
    const errors: CueError[] = [];
    let pkgName: string | undefined;
    for (const f of files) {
      const name = f.package?.name.name;
      if (name === undefined || name === '_') continue;
      if (pkgName === undefined) pkgName = name;
      else if (name !== pkgName) {
        errors.push(new CueError(ErrorCode.compile, `found packages "${pkgName}" and "${name}" in the same instance`, [], [f.package!.span]));
        break;
      }
    }
    const compiler = new Compiler({ ...options, modulePackage: this.modulePackage });
    const lits = compiler.compilePackage(files);
    errors.push(...compiler.errors);
    if (options.tags && !options.tagsChecked) {
      for (const t of Object.keys(options.tags)) {
        if (!compiler.usedTags.has(t)) errors.push(new CueError(ErrorCode.usage, `no tag for "${t}"`));
      }
    }
    return { root: this.rootFor(lits), errors, files, packageName: pkgName };
  }

  rootFor(lits: readonly StructLitX[]): Vertex {
    const root = new Vertex(null, null);
    for (const lit of lits) root.addConjunct({ env: topEnv, expr: lit, ctx: null, history: null, cyclic: false });
    return root;
  }

  /** The root vertex of a standard-library package's CUE-written half. */
  private importPackage(path: string): Vertex | string {
    const hit = this.packages.get(path);
    if (hit !== undefined) return hit;
    const pkg = lookupPackage(path);
    let result: Vertex | string;
    const mod = pkg ? undefined : this.modulePackages.get(path);
    if (mod) {
      // Building only compiles: the packages it imports are reached lazily, when evaluated.
      const inst = this.build(mod.files, { hiddenPackage: mod.importPath });
      this.moduleErrors.set(path, inst.errors);
      this.packages.set(path, inst.root);
      return inst.root;
    }
    if (!pkg) result = `import "${path}": package not found`;
    else if (!pkg.cue) result = `package "${path}" has no value of that name`;
    else {
      const { files, errors } = this.parse([new Source(`stdlib/${path}.cue`, pkg.cue)]);
      const inst = errors.length === 0 ? this.build(files) : undefined;
      if (!inst || inst.errors.length > 0) result = `internal error in the standard library package "${path}"`;
      else result = inst.root;
    }
    this.packages.set(path, result);
    return result;
  }
}
