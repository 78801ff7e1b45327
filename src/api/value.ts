/**
 * Value: an immutable CUE value, the public face of an evaluated vertex. Every operation
 * returns a new Value; errors travel inside values and are reported by `validate()` (as data)
 * or thrown as a CueErrorList by `toJS()` and the export methods.
 */
import { CueError, CueErrorList, ErrorCode, sortErrors } from '../errors/index.js';
import type { Span } from '../source/index.js';
import { ArcMember, type Expr, FieldDecl, StructLitX, ValueX } from '../core/adt.js';
import { Environment } from '../core/env.js';
import { Kind, kindName } from '../core/kind.js';
import { type Label, isDefinitionLabel, isHiddenLabel, isLetLabel, isRegularLabel, labelName, labelPathText } from '../core/label.js';
import { fromPlain, plainToExpr } from '../core/plain-values.js';
import { ValueType, type Value as CoreValue, TOP, isScalar, kindOf } from '../core/value.js';
import { type SharedBase, Status, Vertex } from '../core/vertex.js';
import { fillLabels, rootReads, unreachedLabels } from '../core/shared-base.js';
import { exportJSONText, exportPlain, toCueError } from '../export/export.js';
import { type CloseContext, type StructInfo, hasOpenedDefinition } from '../core/closedness.js';
import { type Requirement, patternAllows, vertexRequirements } from '../core/closedness-check.js';
import { NotSelfContained, printsAsWritten, toCueExpr, toCueFile, type CueSyntaxOptions } from '../export/to-cue.js';
import { encodeJSON, encodeYAML } from '../encoding/index.js';
import type { PlainValue } from '../plain/plain-value.js';
import type { Runtime } from '../compile/runtime.js';
import { encodeHost, plainToJS } from './encode.js';
import { type PathInput, parsePath } from './path.js';

const valueEnv = new Environment(null, null, null);

/** The CUE kinds a value may have, as CUE names them. */
export type ValueKind = 'bottom' | 'null' | 'bool' | 'int' | 'float' | 'number' | 'string' | 'bytes' | 'list' | 'struct' | '_' | string;

export interface ValidateOptions {
  /** Require every regular field to be concrete (as `cue export` / `vet -c`). Default false. */
  concrete?: boolean;
  /**
   * Evaluation errors too when there are errors found before evaluation (compile errors such
   * as an unresolved reference). `cue` stops at those; an editor shows every error at once.
   * Default false.
   */
  all?: boolean;
}

export interface FieldsOptions {
  optional?: boolean;
  hidden?: boolean;
  definitions?: boolean;
}

export interface FieldInfo {
  /** The label as written in a path: `a`, `"x-y"`, `#D`. */
  readonly selector: string;
  /** The label's name (`x-y` without quotes). */
  readonly label: string;
  readonly value: Value;
  readonly optional: boolean;
  readonly required: boolean;
  readonly isDefinition: boolean;
  readonly isHidden: boolean;
}

/** A `let` of a struct (see Value.lets). */
export interface LetInfo {
  readonly name: string;
  readonly value: Value;
  /** Where the let clause is written. */
  readonly declared: Span | undefined;
}

export class Value {
  /** @internal */
  constructor(
    /** @internal */ readonly runtime: Runtime,
    /** @internal */ readonly vertex: Vertex | null,
    /** @internal Errors found before evaluation (syntax, compile, path). */
    readonly staticErrors: readonly CueError[] = [],
  ) {}

  private get ev() {
    return this.runtime.ev;
  }

  /** Whether the value exists (a lookup of a missing field gives a value that does not). */
  exists(): boolean {
    return this.vertex !== null;
  }

  /** The unification of this value and another. */
  unify(other: Value): Value {
    if (!(other instanceof Value)) {
      return new Value(this.runtime, null, [...this.staticErrors, new CueError(ErrorCode.usage, 'unify: the argument is not a Value (use Context.encode for host values)')]);
    }
    if (!this.vertex || !other.vertex) return new Value(this.runtime, null, [...this.staticErrors, ...other.staticErrors]);
    const v = new Vertex(null, null);
    v.addConjunct({ env: valueEnv, expr: new ValueX(this.vertex), ctx: null, history: null, cyclic: false });
    v.addConjunct({ env: valueEnv, expr: new ValueX(other.vertex), ctx: null, history: null, cyclic: false });
    v.sharedBase = this.sharedBaseWith(other.vertex);
    return new Value(this.runtime, v, [...this.staticErrors, ...other.staticErrors]);
  }

  /**
   * When this is a compiled template (or one already filled) and `fill` adds to root fields
   * known in advance: the template fields the fill does not reach, which the unified root takes
   * from the template as evaluated once (core/shared-base.ts). Null: everything is evaluated.
   */
  private sharedBaseWith(fill: Vertex): SharedBase | null {
    const t = this.vertex!;
    // A template with compile errors is never evaluated by an export: nor is it here.
    if (!this.ev.shareTemplates || t.parent !== null || this.staticErrors.length > 0) return null;
    const template = t.sharedBase?.template ?? t;
    const reads = rootReads(template);
    if (reads === null) return null;
    const more = fillLabels(fill);
    if (more === null) return null;
    // Renders fill the same labels each time: the base for them is made once.
    const owner: object = t.sharedBase ?? template;
    let next = nextBases.get(owner);
    if (next === undefined) nextBases.set(owner, (next = new Map()));
    const key = [...more].map((l) => `${typeof l}:${l}`).join('\0');
    const known = next.get(key);
    if (known !== undefined) return known;
    const settled = this.ev.settledTemplate(template);
    if (settled === undefined) return null;
    let base: SharedBase | null = null;
    if (settled !== null) {
      const filled = new Set(t.sharedBase?.filled ?? []);
      for (const l of more) filled.add(l);
      const independent = new Set<Label>();
      // Not definitions: a reference to one copies its conjuncts rather than share its arc.
      for (const l of unreachedLabels(reads, filled)) if (settled.shareable.has(l) && !(typeof l === 'string' && isDefinitionLabel(l))) independent.add(l);
      if (independent.size > 0) base = { template, root: settled.root, filled, independent };
    }
    // Bounded by the label sets callers fill, kept small all the same.
    if (next.size < 64) next.set(key, base);
    return base;
  }

  /**
   * This value with `x` unified in at `path` (a host value encoded as CUE, or a Value).
   * References to that path see the new value, as parameters injected into a template do.
   */
  fillPath(path: PathInput, x: unknown): Value {
    let labels: Label[];
    let plain: PlainValue | undefined;
    try {
      labels = parsePath(path);
      if (!(x instanceof Value)) plain = encodeHost(x);
    } catch (e) {
      if (e instanceof CueError) return new Value(this.runtime, this.vertex, [...this.staticErrors, e]);
      throw e;
    }
    if (plain !== undefined && labels.every((l) => typeof l === 'string' && isRegularLabel(l))) {
      // Host data goes in as a literal (`{parameter: {image: "..."}}`): its fields are made
      // once, where they land in the unified value.
      let expr = plainToExpr(plain);
      for (let i = labels.length - 1; i >= 0; i--) expr = new StructLitX([new FieldDecl(labels[i]!, ArcMember, expr)]);
      return this.unify(new Value(this.runtime, literalVertex(expr)));
    }
    const inner: CoreValue = x instanceof Value ? (x.vertex ?? TOP) : fromPlain(plain!);
    const extra = x instanceof Value ? x.staticErrors : [];
    let built: CoreValue = inner;
    for (let i = labels.length - 1; i >= 0; i--) built = wrap(labels[i]!, built);
    const filled = new Value(this.runtime, valueVertex(built), extra);
    return this.unify(filled);
  }

  /** The value at a path; a missing path gives a value for which `exists()` is false. */
  lookupPath(path: PathInput): Value {
    return this.ev.run(() => {
      let labels: Label[];
      try {
        labels = parsePath(path);
      } catch (e) {
        if (e instanceof CueError) return new Value(this.runtime, null, [e]);
        throw e;
      }
      let cur = this.vertex;
      const done: Label[] = [];
      for (const l of labels) {
        if (!cur) break;
        cur = this.resolveDefault(cur);
        this.ev.evaluate(cur);
        const next: Vertex | undefined = cur.lookup(l);
        done.push(l);
        if (!next) {
          return new Value(this.runtime, null, [
            new CueError(ErrorCode.eval, `field not found: ${labelPathText(l)}`, [...cur.path(), ...done.slice(0, -1)].map(labelPathText)),
          ]);
        }
        cur = next;
      }
      return new Value(this.runtime, cur, this.staticErrors);
    });
  }

  /** The arcs of the value (its default, if it has one), evaluated; run inside ev.run. */
  private evaluatedArcs(): readonly Vertex[] {
    if (!this.vertex) return [];
    const v = this.resolveDefault(this.vertex);
    this.ev.evaluate(v);
    return v.arcs;
  }

  private resolveDefault(v: Vertex): Vertex {
    this.ev.evaluate(v);
    const val = v.value;
    if (val && val.type === ValueType.disjunction) {
      const d = this.ev.defaultOf(val);
      if (d.type === ValueType.vertex) return d;
    }
    return v;
  }

  /**
   * Where the value was written: the literal that gave its concrete value (a scalar's, when
   * it has one, e.g. the user's property a template field refers to), then each expression
   * declaring it, in order, without repeats. Empty for a value that does not exist.
   */
  sources(): Span[] {
    return this.ev.run(() => {
      const v = this.vertex;
      if (!v) return [];
      const r = this.resolveDefault(v);
      const out: Span[] = [];
      const add = (s: Span | undefined): void => {
        if (s && !out.some((o) => o.src === s.src && o.start === s.start && o.end === s.end)) out.push(s);
      };
      const val = r.value;
      if (val && isScalar(val)) add((val as { src?: Span }).src);
      for (const c of v.conjuncts) add(c.expr.src);
      add(v.declSrc);
      return out;
    });
  }

  /** The kind of the value (after defaults): `struct`, `list`, `string`, `int`, `number`, `_`, `bottom`... */
  kind(): ValueKind {
    return this.ev.run(() => {
      if (!this.vertex) return 'bottom';
      const d = this.ev.defaultOf(this.vertex);
      if (d.type === ValueType.bottom) return 'bottom';
      if (d.type === ValueType.vertex) return d.isList ? 'list' : d.isStruct ? 'struct' : kindName(d.kindMask());
      if (d.type === ValueType.num) return d.isInt ? 'int' : 'float';
      return kindName(kindOf(d));
    });
  }

  /** The default value (the value itself when it has none). */
  default(): Value {
    return this.ev.run(() => {
      if (!this.vertex) return this;
      const d = this.ev.defaultOf(this.vertex);
      return new Value(this.runtime, valueVertex(d), this.staticErrors);
    });
  }

  /** Whether the value is concrete: a scalar, or a struct or list (defaults not applied). */
  isConcrete(): boolean {
    return this.ev.run(() => {
      if (!this.vertex) return false;
      this.ev.evaluate(this.vertex);
      if (this.vertex.structural !== 0 && this.vertex.value?.type !== ValueType.bottom) return true;
      const val = this.vertex.value;
      return val !== null && isScalar(val);
    });
  }

  /**
   * The error this value itself is (a conflict, an incomplete expression, a cycle), or
   * undefined when it is not bottom. Unlike `validate()`, errors of fields below it do not
   * count: `{a: 1 & 2}` is a struct with an erroneous field, not an error (CUE's `Value.Err`).
   */
  ownError(): CueError | undefined {
    return this.ev.run(() => {
      if (!this.vertex) return this.staticErrors[0] ?? new CueError(ErrorCode.eval, 'value does not exist');
      this.ev.evaluate(this.vertex);
      const val = this.vertex.value;
      if (val?.type === ValueType.bottom) return toCueError(val.info, this.vertex.path());
      if (this.vertex.notAllowed) return toCueError(this.vertex.notAllowed, this.vertex.path());
      return undefined;
    });
  }

  /**
   * Whether the value is a closed struct: it comes from a definition or `close()`, so fields
   * not declared by it are errors (CUE's `Value.IsClosed`). A definition is closed even with
   * `...`, whose effect `allows` shows.
   */
  isClosed(): boolean {
    return this.ev.run(() => {
      if (!this.vertex) return false;
      this.ev.evaluate(this.vertex);
      return this.closedAt(this.vertex);
    });
  }

  private closedAt(v: Vertex): boolean {
    if (closeRequirements(v).length > 0 || this.inDefinition()) return true;
    // Reached by a reference to a definition, or below such a value, even a scalar is closed;
    // selected from an inline value, a definition's struct checks no fields but is still
    // closed (CUE's ClosedRecursive; cue/testdata/eval/unify.txtar, definitions/fields.txtar
    // issue1830).
    for (let w: Vertex | null = v; w; w = w.parent) if (w.fromDefinition) return true;
    return (v.structs ?? []).some((s) => hasOpenedDefinition(s.ctx));
  }

  /**
   * Whether a field may be added to this struct (CUE's `Value.Allows`, which answers for the
   * vertex as a whole rather than for each definition that closes it): `selector` is a label as
   * written in a path (`a`, `"a-b"`, `#D`), or `{anyString: true}` for "every string label".
   * A `...` in any of its structs, or an open struct, allows everything; a closed one allows
   * the fields it has and the labels one of its patterns matches (so `#A & #B` allows what
   * either pattern allows; cue/testdata/definitions/039_augment_closed_optionals.txtar,
   * resolve/034_closing_structs.txtar, definitions/typocheck.txtar issue4015).
   */
  allows(selector: string | { anyString: true }): boolean {
    return this.ev.run(() => {
      if (!this.vertex) return false;
      const v = this.resolveDefault(this.vertex);
      this.ev.evaluate(v);
      const structs = v.structs ?? [];
      if (structs.some((s) => s.hasEllipsis)) return true;
      let label: Label | null = null;
      if (typeof selector === 'string') {
        try {
          const parsed = parsePath(selector);
          if (parsed.length !== 1 || typeof parsed[0] === 'number') return false;
          label = parsed[0]!;
        } catch {
          return false;
        }
        // Definitions and hidden fields are never subject to closedness.
        if (!isRegularLabel(label)) return true;
      }
      if (!this.closedAt(v)) return true;
      if (label === null) {
        return structs.some((s) => (s.patterns ?? []).some((p) => p.type === ValueType.top || (p.type === ValueType.basicType && (p.kind & Kind.string) !== 0)));
      }
      if (v.arcs.some((a) => a.label === label)) return true;
      const l = label;
      return structs.some((s) => patternAllows(s, l));
    });
  }

  /** Whether this value sits in a definition (whose structs are closed recursively). */
  private inDefinition(): boolean {
    for (let v: Vertex | null = this.vertex; v; v = v.parent) {
      if (typeof v.label === 'string' && isDefinitionLabel(v.label)) return true;
    }
    return false;
  }

  /** The fields of a struct, in output order. */
  fields(options: FieldsOptions = {}): FieldInfo[] {
    return this.ev.run(() => {
      const out: FieldInfo[] = [];
      for (const a of this.evaluatedArcs()) {
        const l = a.label!;
        if (typeof l === 'number' || isLetLabel(l)) continue;
        const def = isDefinitionLabel(l);
        const hidden = isHiddenLabel(l) && !def;
        if (def && !options.definitions) continue;
        if (hidden && !options.hidden) continue;
        if (a.arcType === 1 && !options.optional) continue;
        if (!isRegularLabel(l) && !def && !hidden) continue;
        out.push({
          selector: labelPathText(l),
          label: labelName(l),
          value: new Value(this.runtime, a, this.staticErrors),
          optional: a.arcType === 1,
          required: a.arcType === 2,
          isDefinition: def,
          isHidden: hidden,
        });
      }
      return out;
    });
  }

  /**
   * The `let` declarations of a struct with their values. A let is no field, so no path names
   * it; an editor shows its value this way. Lets of comprehension bodies (one value per
   * iteration) are not listed.
   */
  lets(): LetInfo[] {
    return this.ev.run(() => {
      const out: LetInfo[] = [];
      for (const a of this.evaluatedArcs()) {
        const l = a.label!;
        if (typeof l !== 'string' || !isLetLabel(l)) continue;
        out.push({ name: labelName(l), value: new Value(this.runtime, a, this.staticErrors), declared: a.declSrc });
      }
      return out;
    });
  }

  /** The elements of a list. */
  elements(): Value[] {
    return this.ev.run(() => {
      if (!this.vertex) return [];
      const v = this.resolveDefault(this.vertex);
      this.ev.evaluate(v);
      if (!v.isList) return [];
      // A list's vertex also holds the lets and definitions declared beside it ({let x = 1, [x]}).
      return v.arcs.filter((a) => typeof a.label === 'number').map((a) => new Value(this.runtime, a, this.staticErrors));
    });
  }

  /** Every error, sorted; incomplete values count only with `concrete`. Never throws. */
  validate(options: ValidateOptions = {}): CueError[] {
    return this.guard(() => {
      if (this.staticErrors.length > 0 && !(options.all && this.vertex)) return sortErrors(this.staticErrors);
      if (!this.vertex) return [new CueError(ErrorCode.eval, 'value does not exist')];
      const found = exportPlain(this.ev, this.vertex, { concrete: options.concrete ?? false, errorsOnly: true }, this.vertex.path()).errors;
      if (this.staticErrors.length === 0) return found;
      // A compile error also shows in the evaluation (an unresolved reference evaluates to an
      // error at the same place): each message and position once.
      const key = (e: CueError) => `${e.message}\0${e.positions.map((p) => `${p.src.name}:${p.start}`).join(',')}`;
      const seen = new Set(this.staticErrors.map(key));
      return sortErrors([...this.staticErrors, ...found.filter((e) => !seen.has(key(e)))]);
    });
  }

  /** The errors as one CueErrorList, or undefined when the value is valid (not requiring concreteness). */
  error(): CueErrorList | undefined {
    const errs = this.validate();
    return errs.length > 0 ? new CueErrorList(errs) : undefined;
  }

  /** The value as plain data (see plain.ts); throws CueErrorList when not concrete or in error. */
  toPlain(): PlainValue {
    return this.exported((v) => {
      const r = exportPlain(this.ev, v, { concrete: true }, v.path());
      return { out: r.value, errors: r.errors };
    });
  }

  /** The value as a JS value: ints as numbers when safe, bigint otherwise. Throws CueErrorList. */
  toJS(): unknown {
    return plainToJS(this.toPlain());
  }

  /**
   * JSON text, indented like `cue export` (`compact`: no whitespace, as `--out json+compact`).
   * Throws CueErrorList.
   */
  exportJSON(options: { compact?: boolean } = {}): string {
    // Written while the tree is walked: no plain values in between (export's hot path).
    return this.exported((v) => {
      const r = exportJSONText(this.ev, v, v.path(), options.compact ?? false);
      return { out: r.text, errors: r.errors };
    });
  }

  /** Runs an export of the whole value; throws CueErrorList when it is not concrete or in error. */
  private exported<T>(run: (v: Vertex) => { out: T | undefined; errors: CueError[] }): T {
    const errs = this.guard(() => {
      if (this.staticErrors.length > 0) return sortErrors(this.staticErrors);
      if (!this.vertex) return [new CueError(ErrorCode.eval, 'value does not exist')];
      return [];
    });
    if (errs.length > 0) throw new CueErrorList(errs);
    let out: T | undefined;
    const more = this.guard(() => {
      const r = run(this.vertex!);
      out = r.out;
      return r.errors;
    });
    if (more.length > 0) throw new CueErrorList(more);
    return out!;
  }

  /**
   * YAML text, as `cue export --out yaml` (`indentSequences: false`: list items at their key's
   * column, as `--out yaml+indentSequences=false`). Throws CueErrorList.
   */
  exportYAML(options: { indentSequences?: boolean } = {}): string {
    return encodeYAML(this.toPlain(), options.indentSequences === undefined ? {} : { indentSequences: options.indentSequences });
  }

  /** CUE text, as `cue eval` prints it (non-concrete values allowed). */
  exportCUE(options: CueSyntaxOptions | null = {}): string {
    return this.ev.run(() => {
      options ??= {};
      if (!this.vertex) throw new CueErrorList(this.staticErrors.length > 0 ? this.staticErrors : [new CueError(ErrorCode.eval, 'value does not exist')]);
      const v = this.vertex;
      // With selfContained (as `cue eval` prints), a value that is an error is reported, unless
      // it is incomplete and shows as what it waits for: a whole instance with the
      // comprehensions it waits for (eval_incomplete issue4029), a value on its own as its
      // expressions (`x + 1`).
      const reported = options.selfContained && this.kind() === 'bottom' && (v.parent === null ? v.waiting === null : !printsAsWritten(this.ev, v));
      if (reported) {
        const errs = this.validate({ concrete: true });
        if (errs.length > 0) throw new CueErrorList(errs);
      }
      if (v.parent === null) return toCueFile(this.ev, v, options);
      try {
        return toCueExpr(this.ev, v, options) + '\n';
      } catch (e) {
        if (!(e instanceof NotSelfContained)) throw e;
        const errs = this.validate({ concrete: true });
        throw new CueErrorList(errs.length > 0 ? errs : [new CueError(ErrorCode.incomplete, e.message, v.path().map(labelPathText))]);
      }
    });
  }

  /** Runs evaluation work, turning a runaway (stack overflow) into a limit error. */
  private guard(f: () => CueError[]): CueError[] {
    try {
      return this.ev.run(f);
    } catch (e) {
      if (e instanceof RangeError) return [new CueError(ErrorCode.limit, `evaluation too deep: ${e.message}`)];
      throw e;
    }
  }
}

/** For a template or a base (SharedBase): the base after a fill, by the fill's labels. */
const nextBases = new WeakMap<object, Map<string, SharedBase | null>>();

/** A root vertex made of one expression (host data as a literal: see plainToExpr). */
export function literalVertex(expr: Expr): Vertex {
  const v = new Vertex(null, null);
  v.addConjunct({ env: valueEnv, expr, ctx: null, history: null, cyclic: false });
  return v;
}

/** A vertex standing for a value (itself when it is one). */
export function valueVertex(v: CoreValue): Vertex {
  if (v.type === ValueType.vertex) return v;
  const x = new Vertex(null, null);
  x.isValueOnly = true;
  x.value = v;
  x.status = Status.finalized;
  return x;
}

/** `{label: inner}` as a value. */
function wrap(label: Label, inner: CoreValue): Vertex {
  const s = new Vertex(null, null);
  s.isValueOnly = true;
  s.structural = typeof label === 'number' ? Kind.list : Kind.struct;
  s.value = TOP;
  s.status = Status.finalized;
  const arc = new Vertex(s, label);
  arc.addConjunct({ env: valueEnv, expr: new ValueX(inner), ctx: null, history: null, cyclic: false });
  s.addArc(arc);
  return s;
}

/** The def/close contexts whose fields a vertex must respect (see core/closedness.ts). */
function closeRequirements(v: Vertex): readonly Requirement[] {
  return vertexRequirements(v);
}
