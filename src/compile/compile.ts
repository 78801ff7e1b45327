/**
 * Compiling the AST into evaluable expressions (src/core/adt.ts): identifiers are resolved
 * lexically (the innermost declaration wins, including the field being defined) to a scope
 * distance plus a label or slot; literals are decoded; `&` and `|` chains are flattened;
 * standard-library selectors (`strings.ToLower`) become direct builtin references.
 *
 * Scope frames must match the runtime Environments one to one: each struct literal is a frame,
 * each `for` clause a frame with two slots (key, value), each `let` clause and each alias-bound
 * label (`[X=string]: ...`, `(X=k): ...`) a frame with one slot. List literals are not frames.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { type Span, formatPosition } from '../source/index.js';
import type * as A from '../syntax/ast.js';
import { decodeNumberLiteral, fileHasExperiment } from '../syntax/index.js';
import {
  ArcMember,
  ArcOptional,
  ArcRequired,
  BinaryX,
  BindingRefX,
  BottomX,
  BoundX,
  BuiltinX,
  CallX,
  type ClauseX,
  ComprehensionDecl,
  ConjunctionX,
  type Decl,
  type DisjunctX,
  DisjunctionX,
  DynamicFieldDecl,
  EllipsisDecl,
  EmbedDecl,
  ErrorX,
  type Expr,
  FieldDecl,
  FieldRefX,
  DynamicAliasRefX,
  SelfRefX,
  ImportRefX,
  IndexX,
  SliceX,
  InterpolationX,
  LetDecl,
  LetRefX,
  type ListElemX,
  ListLitX,
  PatternDecl,
  SelectorX,
  StructLitX,
  UnaryX,
  ValueX,
  ExprOp,
} from '../core/adt.js';
import { type Label, identLabel, labelPathText, newLetLabel, regularLabel } from '../core/label.js';
import { floatFromLiteral, makeInt } from '../core/numbers.js';
import { BoolLit, BoundValue, BytesLit, NullLit, StringLit, TOP, ValueType, type Value, isScalar } from '../core/value.js';
import { ScalarState } from '../core/scalar-state.js';
import { universe } from './universe.js';
import { predeclared } from '../core/call.js';
import { lookupPackage, packageName } from '../stdlib/registry.js';
import { fromPlain } from '../core/plain-values.js';

interface FieldEntry {
  readonly kind: 'field' | 'let';
  readonly label: Label;
  /** Aliases and lets must be referenced (CUE reports unused ones). */
  readonly aliasOrLet?: boolean;
  readonly span?: Span;
  used?: boolean;
  /**
   * `f: X={...}`: the scope of that struct literal. Inside it, X is the instance being
   * evaluated (spec, Aliases: `bar: foo & {a: 1}` with `foo: X={x: X.a}` gives x: 1), not
   * the field `f` as declared.
   */
  selfScope?: Scope;
  /** For a let: the lets its expression refers to (for cycles between lets). */
  letDeps?: { to: FieldEntry; span: Span; path: string[] }[];
  /** For a let: its cycle, if any, has been reported. */
  letCycleReported?: boolean;
  /** The alias names several literals (`f: X={...} | {...}`): whether it is used is checked where it is declared. */
  spansLiterals?: boolean;
}

/** `X=(k): v`: X stands for the field whose label `k` evaluates to. */
interface DynamicAliasEntry {
  readonly kind: 'dynamicAlias';
  decl: DynamicFieldDecl | null;
  readonly span: Span;
  used?: boolean;
}

/** `X=[p]: v` or `[p]: X=v`: X stands for the field the pattern matched. */
interface PatternFieldEntry {
  readonly kind: 'patternField';
  readonly span: Span;
  used?: boolean;
}

type Entry = FieldEntry | DynamicAliasEntry | PatternFieldEntry | number;

class Scope {
  private map: Map<string, Entry> | null = null;
  /**
   * Plain field declarations (no aliases, no lets) not entered into the map yet: a struct of
   * data (thousands of instance literals in a configuration) is never looked into, so its
   * map is made only when a reference first searches this scope.
   */
  private pending: (readonly A.Declaration[])[] | null = null;

  constructor(
    readonly parent: Scope | null,
    readonly kind: 'struct' | 'binding' | 'file',
    /** The field entries shared by every scope of one compilation (see Compiler.fieldEntry). */
    private readonly fieldEntry: ((name: string) => FieldEntry) | null = null,
  ) {}

  get names(): Map<string, Entry> {
    const map = (this.map ??= new Map());
    if (this.pending) {
      const lists = this.pending;
      this.pending = null;
      for (const decls of lists) this.declareFields(decls);
    }
    return map;
  }

  /** Whether only plain fields were declared and nothing looked into the scope (so no alias or let can be unused). */
  get untouched(): boolean {
    return this.map === null;
  }

  /** Enters the plain fields of decls, now or (when nothing has looked into this scope yet) later. */
  declareFields(decls: readonly A.Declaration[], later = false): void {
    if (later && this.map === null && this.fieldEntry) {
      (this.pending ??= []).push(decls);
      return;
    }
    const map = this.names;
    for (const d of decls) {
      if (d.type === 'Field' && d.label.type === 'Ident') map.set(d.label.name, this.fieldEntry ? this.fieldEntry(d.label.name) : { kind: 'field', label: identLabel(d.label.name) });
    }
  }
}

export interface ImportInfo {
  readonly path: string;
  readonly name: string;
  readonly span: Span;
  used: boolean;
  /** The import path as written, where `path` is a registry key. */
  readonly shown?: string;
  /** The name given in the import spec (`import x "list"`), which cue's unused-import error names. */
  readonly alias?: string;
}

export interface CompileOptions {
  /** Values for `@tag(name)` attributes (`-t name=value`). */
  tags?: Readonly<Record<string, string>>;
  /**
   * A package of the module (or of cue.mod/gen, pkg, usr) loaded for this context, by import
   * path as written: its registry key and default name, or undefined when there is none.
   */
  modulePackage?: (importPath: string) => { key: string; name: string } | undefined;
  /** The caller checks that every tag is used (the loader does so across all instances). */
  tagsChecked?: boolean;
  /**
   * cue's rule for files without a package clause (or with `package _`): their top-level
   * fields are not in the scope of the other files (internal/core/compile, compileFiles; a
   * file still sees its own). Off by default, where files given together share one scope.
   */
  anonymousFilesApart?: boolean;
  /** Names of files that see the top-level fields of every file (the scope of `cue eval -e`). */
  seeAllFiles?: readonly string[];
  /** The import path of the package compiled, when it is not the main instance: its hidden labels carry it (label.ts identLabel). */
  hiddenPackage?: string;
}

/** The predeclared names that CUE also spells with a `__` prefix. */
const reservedAliases = new Set(['string', 'bytes', 'bool', 'int', 'float', 'number', 'error', 'len', 'close', 'matchIf', 'matchN', 'and', 'or', 'div', 'mod', 'quo', 'rem']);

export class Compiler {
  readonly errors: CueError[] = [];
  readonly usedTags = new Set<string>();
  private imports = new Map<string, ImportInfo>();

  constructor(private readonly options: CompileOptions = {}) {}

  /**
   * Compiles the files of one package. Top-level declarations of all files share the package
   * scope; imports are scoped to their file. Returns one struct literal per file, all to be
   * unified into the package's root vertex.
   */
  compilePackage(files: readonly A.File[]): StructLitX[] {
    // The package block: the top-level fields of every file. Lets and aliases at top level
    // belong to their file's block (spec, Declarations and scopes), entered per file below.
    const root = new Scope(null, 'struct', this.fieldEntry);
    const apart = this.options.anonymousFilesApart === true;
    const anonymous = (f: A.File) => f.package === undefined || f.package.name.name === '_';
    const seesAll = (f: A.File) => this.options.seeAllFiles?.includes(f.span.src.name) === true;
    // Names only some files see: those of anonymous files, for the files that see all.
    const hidden = new Scope(null, 'struct', this.fieldEntry);
    if (files.length === 1) this.declareLabels(root, files[0]!.decls);
    else for (const f of files) (apart && anonymous(f) && !seesAll(f) ? hidden : root).declareFields(f.decls);
    // The files form one embedding group only where some file embeds (closedness.ts).
    const grouped = files.length > 1 && files.some((f) => f.decls.some((d) => d.type === 'EmbedDecl' || d.type === 'Comprehension'));
    return files.map((f) => {
      this.imports = new Map();
      for (const imp of f.imports) for (const spec of imp.specs) this.declareImport(spec);
      this.checkRedeclaredImports(f);
      const fileScope = new Scope(null, 'file');
      // The package scope sees the file's imports beyond it: chain root -> file scope.
      const pkgScope = new Scope(fileScope, 'struct', this.fieldEntry);
      if (files.length > 1) {
        this.declareLabels(pkgScope, f.decls);
        for (const [k, v] of root.names) if (!pkgScope.names.has(k)) pkgScope.names.set(k, v);
        if (seesAll(f)) for (const [k, v] of hidden.names) if (!pkgScope.names.has(k)) pkgScope.names.set(k, v);
      } else for (const [k, v] of root.names) pkgScope.names.set(k, v);
      this.tryExperiment = fileHasExperiment(f, 'try');
      const lit = this.compileDecls(f.decls, pkgScope, f.span, true, grouped);
      for (const imp of this.imports.values()) {
        if (!imp.used) this.error(`imported and not used: "${imp.shown ?? imp.path}"${imp.alias !== undefined ? ` as ${imp.alias}` : ''}`, imp.span);
      }
      return lit;
    });
  }

  /** Compiles a standalone expression (for `-e`), resolved against the package's top level. */
  compileExpr(expr: A.Expr, files: readonly A.File[]): Expr {
    const root = new Scope(null, 'struct', this.fieldEntry);
    if (files.length === 1) this.declareLabels(root, files[0]!.decls);
    else for (const f of files) root.declareFields(f.decls);
    this.imports = new Map();
    for (const f of files) for (const imp of f.imports) for (const spec of imp.specs) this.declareImport(spec);
    const fileScope = new Scope(null, 'file');
    const pkgScope = new Scope(fileScope, 'struct', this.fieldEntry);
    for (const [k, v] of root.names) pkgScope.names.set(k, v);
    return this.expr(expr, pkgScope);
  }

  /** The path of the field being compiled, for error messages (as printed: `a`, `0`, `let[]`). */
  private path: string[] = [];
  /** Whether the file being compiled enables `@experiment(try)`. */
  private tryExperiment = false;
  /** How many try bodies (and `try x = ...` expressions) enclose what is being compiled. */
  private tryDepth = 0;
  /** The lets whose expressions are being compiled, innermost last (for cycles between lets). */
  private readonly letStack: FieldEntry[] = [];

  private error(message: string, span: Span | undefined, code: 'compile' | 'eval' = 'compile'): ErrorX {
    this.errors.push(new CueError(code === 'compile' ? ErrorCode.compile : ErrorCode.eval, message, this.path.slice(), span ? [span] : []));
    return new ErrorX(message, code, span);
  }

  /**
   * A top-level field of the file named as one of its imports: cue reports the import
   * (`list redeclared as imported package name`, with the field's position in the message),
   * not that it is unused (eval_import_bad.txtar).
   */
  private checkRedeclaredImports(f: A.File): void {
    for (const d of f.decls) {
      if (d.type !== 'Field' || d.label.type !== 'Ident') continue;
      const imp = this.imports.get(d.label.name);
      if (!imp || imp.used) continue;
      imp.used = true;
      this.error(`${imp.name} redeclared as imported package name\n\tprevious declaration at ${formatPosition(d.label.span)}`, imp.span);
    }
  }

  private declareImport(spec: A.ImportSpec): void {
    const raw = spec.path.value;
    const mod = this.options.modulePackage?.(raw);
    if (mod) {
      const local = spec.name?.name ?? mod.name;
      this.imports.set(local, { path: mod.key, name: local, span: spec.span, used: false, shown: raw, alias: spec.name?.name });
      return;
    }
    const colon = raw.indexOf(':');
    const path = colon >= 0 ? raw.slice(0, colon) : raw;
    const name = spec.name?.name ?? (colon >= 0 ? raw.slice(colon + 1) : packageName(path));
    if (path.startsWith('vela/')) {
      this.error(`import "${path}": KubeVela provider packages (vela/*) are not available in cue-lite`, spec.span);
    } else if (path === 'tool' || path.startsWith('tool/')) {
      // cue cmd's task packages run programs and touch files: left out on purpose (README).
      this.error(`import "${path}": the tool/* packages (cue cmd tasks) are not supported by cue-lite`, spec.path.span);
    } else if (!lookupPackage(path)) {
      const isModule = path.includes('.') && path.includes('/');
      const relative = path.startsWith('./') || path.startsWith('../');
      // A path whose first element has no dot names the standard library: cue's wording for one
      // it does not have (cue/testdata/packages/builtin.txtar, eval_import_bad.txtar).
      const first = path.split('/')[0]!;
      const builtin = !relative && first !== '' && !first.includes('.');
      this.error(
        relative
          ? `import failed: relative import paths not allowed (${JSON.stringify(path)})`
          : isModule
          ? `import failed: cannot find package ${JSON.stringify(path)} (compile loads no module: packages of a module are imported through Context.load or the cue-lite command)`
          : builtin
          ? `builtin package ${JSON.stringify(path)} undefined`
          : `import "${path}": package not found`,
        spec.path.span,
      );
      // Unknown to the standard library and unused, it is also "imported and not used", as in cue.
      if (builtin) {
        this.imports.set(name, { path, name, span: spec.span, used: false, alias: spec.name?.name });
        return;
      }
    }
    const known = !path.startsWith('vela/') && !path.startsWith('tool/') && lookupPackage(path) !== undefined;
    // A failed import is reported once; it is not also "imported and not used".
    this.imports.set(name, { path, name, span: spec.span, used: !known, alias: spec.name?.name });
  }

  /** Entries of plain fields, one per name: never changed, so every scope shares them. */
  private readonly fieldEntries = new Map<string, FieldEntry>();
  /** Struct literals that a value alias names (`f: X={...}`), with the alias's entry. */
  private readonly valueAliases = new Map<A.StructLit, { name: string; entry: FieldEntry }>();
  /** Value aliases before any other expression (`f: X=matchN(1, [g(X)])`), with the alias's entry. */
  private readonly aliasedValues = new Map<A.AliasExpr, FieldEntry>();
  readonly fieldEntry = (name: string): FieldEntry => {
    let entry = this.fieldEntries.get(name);
    if (!entry) this.fieldEntries.set(name, (entry = { kind: 'field', label: identLabel(name, this.options.hiddenPackage) }));
    return entry;
  };

  private declareLabels(scope: Scope, decls: readonly A.Declaration[]): void {
    // Most literals have no aliases or lets: their fields are entered when first needed.
    let plain = true;
    for (const d of decls) {
      if (d.type === 'LetClause' || (d.type === 'Field' && (d.alias || d.value.type === 'AliasExpr'))) {
        plain = false;
        break;
      }
    }
    if (plain) {
      scope.declareFields(decls, true);
      return;
    }
    // The names of the fields, for alias clashes.
    const fields = new Set<string>();
    for (const d of decls) if (d.type === 'Field' && d.label.type === 'Ident') fields.add(d.label.name);
    const declareAlias = (name: string, entry: Exclude<Entry, number>, span: Span) => {
      if (fields.has(name)) this.error(`cannot have both alias and field with name "${name}" in same scope`, span);
      else if (scope.names.has(name)) this.error(`alias "${name}" redeclared in same scope`, span);
      scope.names.set(name, entry);
    };
    for (const d of decls) {
      if (d.type === 'Field') {
        if (d.label.type === 'Ident') scope.names.set(d.label.name, this.fieldEntry(d.label.name));
        const target = staticLabel(d.label, this.options.hiddenPackage);
        if (d.alias) {
          if (target !== undefined) declareAlias(d.alias.name, { kind: 'field', label: target, aliasOrLet: true, span: d.span }, d.alias.span);
          else if (d.label.type === 'DynamicLabel' || d.label.type === 'Interpolation') {
            declareAlias(d.alias.name, { kind: 'dynamicAlias', decl: null, span: d.span }, d.alias.span);
          }
        }
        if (d.value.type === 'AliasExpr' && target !== undefined) {
          const entry: FieldEntry = { kind: 'field', label: target, aliasOrLet: true, span: d.value.span };
          // Before a struct literal (`f: X={...}`) the alias is in scope within that literal
          // only (spec, Aliases: "within the scope of that value"): structLit declares it.
          if (d.value.expr.type === 'StructLit') this.valueAliases.set(d.value.expr, { name: d.value.ident.name, entry });
          else {
            // Before a disjunction or conjunction of struct literals (`f: F={...} | {...}`),
            // the alias is the field's value where it is evaluated, as CUE's ValueReference:
            // within each literal, the instance of that literal (a disjunct chosen for another
            // field that refers to `f`), not the field it was declared in (cue/testdata/cycle/issue4377).
            const lits = operandStructs(d.value.expr);
            if (lits.length > 0) {
              declareAlias(d.value.ident.name, entry, d.value.ident.span);
              entry.spansLiterals = true;
            } else {
              // Before any other expression: in scope within that expression only (see aliasedValue).
              this.aliasedValues.set(d.value, entry);
            }
            for (const lit of lits) this.valueAliases.set(lit, { name: d.value.ident.name, entry });
          }
        }
      } else if (d.type === 'LetClause') {
        declareAlias(d.ident.name, { kind: 'let', label: newLetLabel(d.ident.name), aliasOrLet: true, span: d.span }, d.ident.span);
      }
    }
  }

  /** At file level the scope holds the whole package's names: check only this file's own. */
  private checkUnusedOwn(scope: Scope, decls: readonly A.Declaration[]): void {
    const own = new Set<string>();
    for (const d of decls) {
      if (d.type === 'LetClause') own.add(d.ident.name);
      if (d.type === 'Field' && d.alias) own.add(d.alias.name);
      if (d.type === 'Field' && d.value.type === 'AliasExpr') own.add(d.value.ident.name);
    }
    const sub = new Scope(null, 'struct');
    for (const n of own) {
      const e = scope.names.get(n);
      if (e !== undefined) sub.names.set(n, e);
    }
    this.checkUnused(sub);
  }

  /**
   * Lets whose expressions refer to each other (`let X = Y`, `let Y = X`) are a compile error,
   * as CUE's compiler finds when it expands a let met again while expanding it (compile.go
   * lookupAlias): reported once per cycle, at the reference of the first let declared in it.
   */
  private checkLetCycles(scope: Scope, decls: readonly A.Declaration[]): void {
    for (const d of decls) {
      if (d.type !== 'LetClause') continue;
      const start = scope.names.get(d.ident.name);
      if (start === undefined || typeof start === 'number' || start.kind !== 'let' || !start.letDeps || start.letCycleReported) continue;
      const cycle = letCycle(start);
      if (!cycle) continue;
      for (const e of cycle.members) e.letCycleReported = true;
      this.errors.push(new CueError(ErrorCode.compile, 'cyclic references in let clause or alias', cycle.ref.path, [cycle.ref.span]));
    }
  }

  /** Reports aliases and lets of a scope that nothing referenced. */
  private checkUnused(scope: Scope): void {
    if (scope.untouched) return;
    for (const [name, e] of scope.names) {
      if (typeof e === 'number' || e.used) continue;
      if (e.kind === 'field' && (!e.aliasOrLet || (e.spansLiterals && e.selfScope === scope))) continue;
      this.error(`unreferenced alias or let clause ${name}`, e.span);
    }
  }

  // ---------------------------------------------------------------------------
  // Structs

  private compileDecls(decls: readonly A.Declaration[], scope: Scope, span: Span | undefined, fileLevel = false, groupedFile = false): StructLitX {
    const out: Decl[] = [];
    for (const d of decls) {
      const c = this.decl(d, scope);
      if (c) out.push(c);
    }
    if (!fileLevel) this.checkUnused(scope);
    else this.checkUnusedOwn(scope, decls);
    this.checkLetCycles(scope, decls);
    return new StructLitX(out.slice(), span, groupedFile, fileLevel); // exact size: kept as long as the program
  }

  private structLit(s: A.StructLit, outer: Scope): StructLitX {
    const scope = new Scope(outer, 'struct', this.fieldEntry);
    this.declareLabels(scope, s.decls);
    const alias = this.valueAliases.get(s);
    // A field of the literal with the alias's name hides it.
    if (alias && !scope.names.has(alias.name)) {
      alias.entry.selfScope = scope;
      scope.names.set(alias.name, alias.entry);
    }
    return this.compileDecls(s.decls, scope, s.span);
  }

  private decl(d: A.Declaration, scope: Scope): Decl | undefined {
    switch (d.type) {
      case 'Field':
        return this.field(d, scope);
      case 'Ellipsis':
        return new EllipsisDecl(d.value ? this.expr(d.value, scope) : undefined, d.span);
      case 'EmbedDecl':
        return new EmbedDecl(this.expr(d.expr, scope), d.span);
      case 'LetClause': {
        const entry = scope.names.get(d.ident.name) as FieldEntry;
        // CUE's compiler names the scope of a let's expression `let[]` in error paths.
        this.path.push('let[]');
        this.letStack.push(entry);
        const value = this.expr(d.expr, scope);
        this.letStack.pop();
        this.path.pop();
        return new LetDecl(entry.label, value, d.span);
      }
      case 'Comprehension':
        return this.comprehension(d, scope);
      case 'Attribute':
        return undefined;
    }
  }

  private field(f: A.Field, scope: Scope): Decl {
    const arcType = f.constraint === 'optional' ? ArcOptional : f.constraint === 'required' ? ArcRequired : ArcMember;
    const valueNode = f.value.type === 'AliasExpr' ? f.value.expr : f.value;
    const label = f.label;
    switch (label.type) {
      case 'Ident':
      case 'BasicLit': {
        const l = staticLabel(label, this.options.hiddenPackage);
        if (l === undefined) return new EmbedDecl(this.error(`invalid label`, label.span), label.span);
        this.path.push(labelPathText(l));
        const aliased = f.value.type === 'AliasExpr' ? this.aliasedValues.get(f.value) : undefined;
        const inner = aliased && f.value.type === 'AliasExpr' ? this.aliasedValue(f.value, aliased, scope) : undefined;
        let value = inner ? inner.expr : this.expr(valueNode, scope);
        this.path.pop();
        if (inner) this.checkUnused(inner.scope);
        value = this.applyTag(f, value);
        return new FieldDecl(l, arcType, value, label.span);
      }
      case 'Interpolation': {
        const decl = new DynamicFieldDecl(this.expr(label, scope), arcType, this.expr(valueNode, scope), false, label.span);
        this.bindDynamicAlias(f, scope, decl);
        return decl;
      }
      case 'DynamicLabel': {
        const key = this.expr(label.expr, scope);
        let decl: DynamicFieldDecl;
        if (label.alias) {
          const b = new Scope(scope, 'binding');
          b.names.set(label.alias.name, 0);
          decl = new DynamicFieldDecl(key, arcType, this.expr(valueNode, b), true, label.span);
        } else decl = new DynamicFieldDecl(key, arcType, this.expr(valueNode, scope), false, label.span);
        this.bindDynamicAlias(f, scope, decl);
        return decl;
      }
      case 'PatternLabel': {
        const pattern = this.expr(label.expr, scope);
        const fieldAlias = f.alias ?? (f.value.type === 'AliasExpr' ? f.value.ident : undefined);
        if (label.alias || fieldAlias) {
          // The value is compiled in a scope whose slot 0 holds the matched label.
          const b = new Scope(scope, 'binding');
          if (label.alias) b.names.set(label.alias.name, 0);
          if (fieldAlias) b.names.set(fieldAlias.name, { kind: 'patternField', span: fieldAlias.span });
          const value = this.expr(valueNode, b);
          this.checkUnused(b);
          return new PatternDecl(pattern, value, true, label.span);
        }
        return new PatternDecl(pattern, this.expr(valueNode, scope), false, label.span);
      }
    }
  }

  /**
   * `f: X=expr` with expr not a struct literal: X "binds the identifier to the value it
   * precedes within the scope of that value" (spec, Aliases), the instance being evaluated
   * (CUE's ValueReference is the vertex being evaluated), so `g: "1233" & f` reads X as g's
   * value. The expression is embedded in a struct of its own, whose instance X names, as in
   * `f: X={...}`; the embedding gives the expression's value unchanged.
   */
  private aliasedValue(a: A.AliasExpr, entry: FieldEntry, outer: Scope): { expr: Expr; scope: Scope } {
    const scope = new Scope(outer, 'struct', this.fieldEntry);
    entry.selfScope = scope;
    scope.names.set(a.ident.name, entry);
    const x = this.expr(a.expr, scope);
    return { expr: new StructLitX([new EmbedDecl(x, a.expr.span)], a.expr.span, false, false, true), scope };
  }

  private bindDynamicAlias(f: A.Field, scope: Scope, decl: DynamicFieldDecl): void {
    if (!f.alias) return;
    const e = scope.names.get(f.alias.name);
    if (e !== undefined && typeof e !== 'number' && e.kind === 'dynamicAlias') e.decl = decl;
  }

  /** `@tag(name)` with a `-t name=value`: the value is unified into the field. */
  private applyTag(f: A.Field, value: Expr): Expr {
    const tags = this.options.tags;
    if (!tags) return value;
    for (const a of f.attrs) {
      if (a.name !== 'tag') continue;
      const parts = a.text.split(',').map((p) => p.trim());
      const name = parts[0]!;
      if (!Object.prototype.hasOwnProperty.call(tags, name)) continue;
      this.usedTags.add(name);
      const raw = tags[name]!;
      const typePart = parts.find((p) => p.startsWith('type='));
      const type = typePart ? typePart.slice(5) : 'string';
      let v: Value;
      if (type === 'int' || type === 'number' || type === 'float') {
        const n = decodeNumberLiteral(raw);
        if ('error' in n) return this.error(`invalid value for tag ${name}: ${raw}`, a.span);
        v = n.kind === 'int' ? makeInt(n.value, a.span) : floatFromLiteral(raw, a.span);
      } else if (type === 'bool') {
        if (raw !== 'true' && raw !== 'false') return this.error(`invalid value for tag ${name}: ${raw} (want bool)`, a.span);
        v = new BoolLit(raw === 'true', a.span);
      } else v = new StringLit(raw, a.span);
      return new ConjunctionX([value, new ValueX(v, a.span)], a.span);
    }
    return value;
  }

  private comprehension(c: A.Comprehension, scope: Scope): ComprehensionDecl {
    const clauses: ClauseX[] = [];
    let cur = scope;
    /** A struct-form `try`: the body is its try body, where `?` references are allowed. */
    let tryBody = false;
    let pushed = 0;
    for (const cl of c.clauses) {
      switch (cl.type) {
        case 'TryClause': {
          if (!this.tryExperiment) {
            // Never run without the experiment: an error clause in its place, no value.
            const err = this.error('try clause requires the try experiment (language version v0.16.0 or later)', cl.span);
            clauses.push({ kind: 'if', condition: err, src: cl.span });
            break;
          }
          if (!cl.ident || !cl.expr) {
            tryBody = true;
            clauses.push({ kind: 'try', src: cl.span });
            break;
          }
          this.tryDepth++;
          const expr = this.expr(cl.expr, cur);
          this.tryDepth--;
          const b = new Scope(cur, 'binding');
          b.names.set(cl.ident.name, 0);
          clauses.push({ kind: 'try', expr, src: cl.span });
          cur = b;
          // CUE's compiler names the scope of the binding in error paths (`x.try[].y`).
          this.path.push('try[]');
          pushed++;
          break;
        }
        case 'ForClause': {
          const source = this.expr(cl.source, cur);
          const b = new Scope(cur, 'binding');
          if (cl.key) b.names.set(cl.key.name, 0);
          b.names.set(cl.value.name, 1);
          clauses.push({ kind: 'for', source, hasKey: !!cl.key, src: cl.span });
          cur = b;
          break;
        }
        case 'IfClause':
          clauses.push({ kind: 'if', condition: this.expr(cl.condition, cur), src: cl.span });
          break;
        case 'LetClause': {
          const expr = this.expr(cl.expr, cur);
          const b = new Scope(cur, 'binding');
          b.names.set(cl.ident.name, 0);
          clauses.push({ kind: 'let', expr, src: cl.span });
          cur = b;
          break;
        }
      }
    }
    // The struct-form try takes the comprehension's body: nothing may follow it (CUE's compiler).
    const last = c.clauses.length - 1;
    c.clauses.forEach((cl, i) => {
      if (i < last && cl.type === 'TryClause' && !cl.expr && this.tryExperiment) {
        this.error('struct-form try clause must be the last clause in a comprehension', cl.span);
      }
    });
    if (tryBody) this.tryDepth++;
    const body = this.structLit(c.body, cur);
    if (tryBody) this.tryDepth--;
    this.path.length -= pushed;
    if (!c.else) return new ComprehensionDecl(clauses, body, c.span);
    // The else body is in the scope around the comprehension: it sees no clause's variables.
    if (!this.tryExperiment) {
      const single = c.clauses.length === 1 && (c.clauses[0]!.type === 'IfClause' || c.clauses[0]!.type === 'TryClause');
      this.error(`${single ? 'else' : 'fallback'} clause requires the try experiment (language version v0.16.0 or later)`, c.else.span);
    }
    return new ComprehensionDecl(clauses, body, c.span, this.structLit(c.else.body, scope));
  }

  /**
   * `a?`, `a.b?`, `a[i]?`: only with `@experiment(try)` and inside a try clause (CUE's
   * compiler), and only on a field reference, a selection or an index.
   */
  private optionalRef(e: A.Ident | A.SelectorExpr | A.IndexExpr, scope: Scope): Expr {
    if (!this.tryExperiment) this.error('optional marker (?) requires the try experiment (language version v0.16.0 or later)', e.span);
    else if (this.tryDepth === 0) this.error('optional marker (?) is only valid within a try clause', e.span);
    const x = this.expr({ ...e, optional: undefined } as A.Expr, scope);
    if (x.op === ExprOp.fieldRef || x.op === ExprOp.selector || x.op === ExprOp.index) {
      x.optional = true;
      return x;
    }
    if (x.op === ExprOp.error) return x;
    return this.error('optional marker (?) can only be used on references', e.span);
  }

  // ---------------------------------------------------------------------------
  // Expressions

  expr(e: A.Expr, scope: Scope): Expr {
    if ((e.type === 'Ident' || e.type === 'SelectorExpr' || e.type === 'IndexExpr') && e.optional) return this.optionalRef(e, scope);
    switch (e.type) {
      case 'Ident':
        return this.ident(e, scope);
      case 'BasicLit':
        return new ValueX(this.literal(e), e.span);
      case 'Interpolation':
        return new InterpolationX(
          e.kind,
          e.parts.map((p) => (typeof p === 'string' ? p : this.expr(p, scope))),
          e.span,
        );
      case 'BottomLit':
        return new BottomX(e.span);
      case 'StructLit':
        return this.structLit(e, scope);
      case 'ListLit':
        return this.listLit(e, scope);
      case 'ParenExpr': {
        const inner = this.expr(e.expr, scope);
        // Keep a parenthesized disjunction as one term of an outer disjunction.
        return inner.op === ExprOp.disjunction ? new DisjunctionX(inner.terms, e.span) : inner;
      }
      case 'UnaryExpr':
        return this.unary(e, scope);
      case 'BinaryExpr':
        return this.binary(e, scope);
      case 'SelectorExpr':
        return this.selector(e, scope);
      case 'IndexExpr':
        return new IndexX(this.expr(e.expr, scope), this.expr(e.index, scope), e.span);
      case 'SliceExpr':
        return new SliceX(this.expr(e.expr, scope), e.low && this.expr(e.low, scope), e.high && this.expr(e.high, scope), e.span);
      case 'CallExpr':
        return new CallX(this.expr(e.fun, scope), e.args.map((a) => this.expr(a, scope)), e.span);
      case 'AliasExpr':
        return this.error(`alias not allowed here`, e.span);
    }
  }

  private literal(e: A.BasicLit): Value {
    switch (e.kind) {
      case 'null':
        return new NullLit(e.span);
      case 'bool':
        return new BoolLit(e.value === 'true', e.span);
      case 'string':
        return new StringLit(e.value, e.span);
      case 'bytes':
        return new BytesLit(e.bytes ?? new Uint8Array(), e.span);
      case 'int':
      case 'float': {
        const n = decodeNumberLiteral(e.raw);
        if ('error' in n) {
          this.error(n.error, e.span);
          return TOP;
        }
        if (n.kind === 'int') return makeInt(n.value, e.span);
        return floatFromLiteral(e.raw.replace(/_/g, ''), e.span);
      }
    }
  }

  private ident(e: A.Ident, scope: Scope): Expr {
    const name = e.name;
    // `_` is top wherever it appears: it binds nothing (`for _ in l`, `for _, _ in l`).
    if (name === '_') return new ValueX(TOP, e.span);
    let up = 0;
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (s.kind === 'file') {
        const imp = this.imports.get(name);
        if (imp) {
          imp.used = true;
          return new ImportRefX(imp.path, name, e.span);
        }
        continue;
      }
      const entry = s.names.get(name);
      if (entry !== undefined) {
        if (typeof entry === 'number') return new BindingRefX(up, entry, name, e.span);
        entry.used = true;
        // A value alias used inside the struct literal it names: the instance of that literal.
        if (entry.kind === 'field' && entry.selfScope === s) return new SelfRefX(up, e.span);
        switch (entry.kind) {
          case 'let':
            if (this.letStack.length > 0) (this.letStack[this.letStack.length - 1]!.letDeps ??= []).push({ to: entry, span: e.span, path: this.path.slice() });
            return new LetRefX(up, entry.label, name, e.span);
          case 'field':
            return new FieldRefX(up, entry.label, name, e.span);
          case 'dynamicAlias':
            return new DynamicAliasRefX(up, entry, name, e.span);
          case 'patternField':
            // The field the pattern matched: the enclosing struct indexed by the bound label.
            return new IndexX(new SelfRefX(up + 1, e.span), new BindingRefX(up, 0, name, e.span), e.span);
        }
      }
      up++;
    }
    if (name.startsWith('__')) return this.reservedName(name, e);
    const u = universe(name, e.span);
    if (u) return new ValueX(u, e.span);
    const b = Object.prototype.hasOwnProperty.call(predeclared, name) ? predeclared[name] : undefined;
    if (b) return new BuiltinX(b, e.span);
    return this.error(`reference "${name}" not found`, e.span);
  }

  /**
   * CUE's reserved spellings of predeclared names, which no declaration can shadow: `__int`,
   * `__len`, ... (cue's compile/predeclared.go). `__no_sharing` only turns off structure
   * sharing in CUE's evaluator; here it is `_`, which means the same.
   */
  private reservedName(name: string, e: A.Ident): Expr {
    if (name === '__no_sharing') return new ValueX(TOP, e.span);
    const plain = name.slice(2);
    if (reservedAliases.has(plain)) {
      const u = universe(plain, e.span);
      if (u) return new ValueX(u, e.span);
      const b = Object.prototype.hasOwnProperty.call(predeclared, plain) ? predeclared[plain] : undefined;
      if (b) return new BuiltinX(b, e.span);
    }
    return this.error(`reference "${name}" not found`, e.span);
  }

  private listLit(l: A.ListLit, scope: Scope): ListLitX {
    const elems: ListElemX[] = [];
    let rest: Expr | undefined;
    for (let i = 0; i < l.elts.length; i++) {
      const el = l.elts[i]!;
      if (el.type === 'Ellipsis') {
        rest = el.value ? this.expr(el.value, scope) : new ValueX(TOP, el.span);
        continue;
      }
      this.path.push(String(elems.length));
      if (el.type === 'Comprehension') elems.push(this.comprehension(el, scope));
      else elems.push(this.expr(el, scope));
      this.path.pop();
    }
    return new ListLitX(elems, rest, l.span);
  }

  private unary(e: A.UnaryExpr, scope: Scope): Expr {
    switch (e.op) {
      case '*':
        // A default marks a term of a disjunction (`*1 | 2`, handled in binary); anywhere else
        // (`*1 & int | 2`, `a: *1`) it is CUE's compile error.
        return this.error('preference mark not allowed at this position', e.span);
      case '-':
      case '+': {
        const x = this.expr(e.expr, scope);
        // Fold signs of number literals: `-1` is a constant.
        if (x.op === ExprOp.value && x.value.type === 4) {
          const n = x.value;
          if (e.op === '+') return x;
          if (n.isInt) return new ValueX(makeInt(-n.int, e.span), e.span);
          return new ValueX(floatFromLiteral(n.text.startsWith('-') ? n.text.slice(1) : '-' + n.text, e.span), e.span);
        }
        return new UnaryX(e.op, x, e.span);
      }
      case '!':
        return new UnaryX('!', this.expr(e.expr, scope), e.span);
      default: {
        const x = this.expr(e.expr, scope);
        // A bound on a literal is a constant (`>=1`, `=~"^a"`).
        if (x.op === ExprOp.value && isScalar(x.value) && ((e.op !== '=~' && e.op !== '!~') || x.value.type === ValueType.string)) {
          return new ValueX(new BoundValue(e.op, x.value, e.span), e.span);
        }
        return new BoundX(e.op, x, e.span);
      }
    }
  }

  private binary(e: A.BinaryExpr, scope: Scope): Expr {
    if (e.op === '&') {
      const terms: Expr[] = [];
      this.flatten(e, '&', scope, (t) => terms.push(t));
      return foldConstants(terms, e.span) ?? new ConjunctionX(terms, e.span);
    }
    if (e.op === '|') {
      const terms: DisjunctX[] = [];
      const add = (n: A.Expr) => {
        if (n.type === 'BinaryExpr' && n.op === '|') {
          add(n.left);
          add(n.right);
        } else if (n.type === 'UnaryExpr' && n.op === '*') {
          terms.push({ expr: this.expr(n.expr, scope), isDefault: true });
        } else terms.push({ expr: this.expr(n, scope), isDefault: false });
      };
      add(e);
      return new DisjunctionX(terms, e.span);
    }
    return new BinaryX(e.op, this.expr(e.left, scope), this.expr(e.right, scope), e.span);
  }

  private flatten(e: A.Expr, op: '&', scope: Scope, push: (x: Expr) => void): void {
    if (e.type === 'BinaryExpr' && e.op === op) {
      this.flatten(e.left, op, scope, push);
      this.flatten(e.right, op, scope, push);
    } else push(this.expr(e, scope));
  }

  private selector(e: A.SelectorExpr, scope: Scope): Expr {
    const selName = e.sel.type === 'Ident' ? e.sel.name : e.sel.value;
    const label = e.sel.type === 'Ident' ? identLabel(e.sel.name, this.options.hiddenPackage) : regularLabel(e.sel.value);
    const x = this.expr(e.expr, scope);
    if (x.op === ExprOp.importRef) {
      const pkg = lookupPackage(x.path);
      if (pkg) {
        if (Object.prototype.hasOwnProperty.call(pkg.funcs, selName)) {
          return new BuiltinX({ name: selName, pkg: x.path, func: pkg.funcs[selName]! }, e.span);
        }
        if (pkg.consts && Object.prototype.hasOwnProperty.call(pkg.consts, selName)) {
          return new ValueX(fromPlain(pkg.consts[selName]!, e.span), e.span);
        }
        if (!pkg.cue || !new RegExp(`(^|\\n)\\s*${escapeRe(selName)}\\s*[:=]`).test(pkg.cue)) {
          // As in CUE, a package is a struct: a member it does not have (an unexported one
          // included) is an incomplete `undefined field` error where the selection is used,
          // not a compile error of the file.
          return new ErrorX(`undefined field: ${selName}`, 'incomplete', e.sel.span, e.span);
        }
      }
    }
    // Errors about the selection (`undefined field x`) point at the selector, as CUE's do.
    return new SelectorX(x, label, e.sel.span, e.span);
  }
}

/**
 * `int & >=1 & <=100`: a conjunction of constant scalar constraints is met at compile time, so
 * that evaluating it (once per instance of a schema) costs nothing. Conflicts are left to the
 * evaluator, which reports them with their positions.
 */
function foldConstants(terms: readonly Expr[], span: Span): Expr | undefined {
  if (terms.length < 2) return undefined;
  const st = new ScalarState();
  for (const t of terms) {
    if (t.op !== ExprOp.value) return undefined;
    const v = t.value;
    if (v.type !== ValueType.basicType && v.type !== ValueType.bound && v.type !== ValueType.conjunction && !isScalar(v)) return undefined;
    st.add(v);
  }
  if (st.err || st.validators.length > 0) return undefined;
  const r = st.finish(() => null, 0);
  if (r.type === ValueType.bottom) return undefined;
  return new ValueX(r, span);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}


/** The label of a field declared with an identifier or a plain string. */
export function staticLabel(l: A.Label, hiddenPackage?: string): Label | undefined {
  if (l.type === 'Ident') return identLabel(l.name, hiddenPackage);
  if (l.type === 'BasicLit' && l.kind === 'string') return regularLabel(l.value);
  return undefined;
}

/** A cycle of lets through `start` (their expressions' references), with the reference from `start` that begins it. */
function letCycle(start: FieldEntry): { ref: { span: Span; path: string[] }; members: FieldEntry[] } | null {
  const onPath: FieldEntry[] = [];
  const done = new Set<FieldEntry>();
  const visit = (e: FieldEntry): boolean => {
    if (e === start && onPath.length > 0) return true;
    if (done.has(e) || onPath.includes(e)) return false;
    onPath.push(e);
    for (const dep of e.letDeps ?? []) if (visit(dep.to)) return true;
    onPath.pop();
    done.add(e);
    return false;
  };
  for (const dep of start.letDeps ?? []) {
    // A let naming itself directly is left to evaluation (a structural cycle).
    if (dep.to === start) continue;
    onPath.length = 0;
    onPath.push(start);
    if (visit(dep.to)) return { ref: dep, members: onPath.slice() };
  }
  return null;
}

/** The struct literals a value is made of through `|`, `&`, default marks and parentheses. */
function operandStructs(e: A.Expr): A.StructLit[] {
  switch (e.type) {
    case 'StructLit':
      return [e];
    case 'ParenExpr':
      return operandStructs(e.expr);
    case 'UnaryExpr':
      return e.op === '*' ? operandStructs(e.expr) : [];
    case 'BinaryExpr':
      return e.op === '|' || e.op === '&' ? [...operandStructs(e.left), ...operandStructs(e.right)] : [];
    default:
      return [];
  }
}
