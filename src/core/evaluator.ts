/**
 * The evaluator: unifies the conjuncts of a vertex into its value (CUE's nodeContext/Unify).
 *
 * evaluate(v):
 *   1. every conjunct is added: struct literals insert conjuncts into arcs (children are not
 *      evaluated yet), references add the conjuncts of the vertex they point to (rebinding),
 *      scalars/types/bounds meet in a ScalarState, disjunctions are set aside;
 *   2. computed expressions, comprehensions and dynamic fields run, retried until no progress;
 *   3. disjunctions are expanded (disjunction.ts), lists get their length, patterns apply,
 *      closedness is checked (closedness.ts);
 * finalize(v) evaluates the whole tree below v.
 *
 * User mistakes never throw: they become Bottom values in the tree.
 */
import { CueError, CueErrorList, ErrorCode } from '../errors/index.js';
import type { Span } from '../source/index.js';
import {
  ArcMember,
  ArcOptional,
  ArcRequired,
  type ComprehensionDecl,
  type CallX,
  DeclKind,
  type DisjunctionX,
  type IndexX,
  type SelectorX,
  type Expr,
  type StructLitX,
  type ListLitX,
  ValueX,
  ExprOp,
} from './adt.js';
import { type BottomInfo, appendErrors, bottomInfo, combineChecks, isIncompleteInfo, outranksStructuralCycle, placeAt, severity, withPath } from './bottom.js';
import { CloseContext, StructInfo, childContext, combineContexts, imposesClosedness, isOpened } from './closedness.js';
import { Environment } from './env.js';
import { formatValue, setFormatEvaluator } from './format-value.js';
import { Kind, TopKind, kindName } from './kind.js';
import {
  type Label,
  isDefinitionLabel,
  isLetLabel,
  isRegularLabel,
  labelName,
  labelPathText,
  regularLabel,
} from './label.js';
import { NodeState, type PendingComprehension, type PendingPattern } from './node-state.js';
import { type CopyMark, CopyWatch, catchUp, copiedConjunct } from './copy-watch.js';
import { ComprehensionRun, addsInside, changedConditionError, cyclicFieldError, pendingFieldError, pushedDownLabel, yieldedLabels } from './comprehension-cycle.js';
import { makeInt } from './numbers.js';
import { checkBound, equalScalar } from './scalar-state.js';
import { mismatchCode } from './mismatch.js';
import {
  Bottom,
  BoundValue,
  type Scalar,
  StringLit,
  TOP,
  ValueType,
  type Value,
  type ValidatorValue,
  isScalar,
  kindOf,
} from './value.js';
import { type ChoiceKey, type Conjunct, type InlineRef, type PatternConstraint, type RefHistory, Status, Vertex, type WaitingDecl, appended, freezeFieldSet, mayStillGrow } from './vertex.js';
import { inlineScope, readsInto } from './inline-scope.js';
import { evalExpr as evalExprImpl } from './expr-eval.js';
import { DisjunctionCache, expandDisjunctions } from './disjunction.js';
import { cannotHaveField, checkClosedness, leavesClosednessToItself, takesSchemas } from './closedness-check.js';
import { StandIns } from './stand-ins.js';
import { callValidator } from './call.js';

export interface EvalLimits {
  /** Conjuncts processed in one evaluation before giving up. */
  maxSteps: number;
  /** Nesting of evaluations (references evaluating references...) and of the value tree. */
  maxDepth: number;
  /** Candidates considered when expanding the disjunctions of one vertex. */
  maxDisjuncts: number;
  /** Largest string or bytes value produced by an operation, in characters. */
  maxStringSize: number;
  /** Largest list produced by an operation. */
  maxListSize: number;
  /** Values one comprehension may produce (nested `for` clauses multiply). */
  maxComprehensionValues: number;
  /** Values (scalars, lists, structs) one export may produce: a bound on output size. */
  maxOutputValues: number;
}

export const defaultLimits: EvalLimits = {
  maxSteps: 20_000_000,
  maxDepth: 400,
  maxDisjuncts: 10_000,
  maxStringSize: 64 * 1024 * 1024,
  maxListSize: 100_000,
  maxComprehensionValues: 1_000_000,
  maxOutputValues: 2_000_000,
};

/** Checks user-supplied limits: each must be a positive number (Infinity turns a limit off). */
export function checkLimits(limits: Partial<EvalLimits> | undefined): string | undefined {
  if (!limits) return undefined;
  for (const [k, v] of Object.entries(limits)) {
    if (!Object.prototype.hasOwnProperty.call(defaultLimits, k)) return `unknown limit ${k}`;
    if (typeof v !== 'number' || Number.isNaN(v) || v <= 0) return `limit ${k} must be a positive number (got ${String(v)})`;
  }
  return undefined;
}

export interface ImportResolver {
  /** The package's root vertex, or an error message. */
  (path: string): Vertex | string;
}

export interface EvalStats {
  unifications: number;
  conjuncts: number;
  disjuncts: number;
}

export class Evaluator {
  readonly limits: EvalLimits;
  readonly stats: EvalStats = { unifications: 0, conjuncts: 0, disjuncts: 0 };
  private depth = 0;
  private statePool: NodeState[] = [];
  /** Set when a limit was exceeded: everything after fails fast with this error. */
  aborted: BottomInfo | null = null;
  /** Open calls from the API (see `run`), and the step count when the outermost began. */
  private calls = 0;
  private stepsBefore = 0;
  /** The schemas a validator is checking a value against right now, with the data's keys (see call.ts unifyCheck). */
  readonly checkingSchemas = new Map<Vertex, (string | undefined)[]>();
  /** Schemas being checked by their source position, with how deep (call.ts unifyCheck). */
  readonly checkingSites = new Map<Span, number>();
  /**
   * Structs whose validators are being checked. A schema that copies one of them into the
   * value it checks (`c: matchN(1, [{d: c}])`) holds the value inside itself: a structural
   * cycle, which would otherwise be checked again on every level of the copy.
   */
  private readonly validating = new Set<Vertex>();
  /** Constant disjunctions' terms and outcomes, computed once under this Evaluator's limits. */
  readonly disjunctionCache = new DisjunctionCache();
  /** Vertices and the cyclic conjuncts set aside for them, in pairs (see checkDeferredCycles). */
  private readonly deferredCycles: (Vertex | Conjunct)[] = [];
  /** The lets of comprehension bodies, per iteration environment (they are not fields of the vertex). */
  private readonly iterationLets = new WeakMap<Environment, Map<Label, Vertex>>();
  /**
   * Inline values selected from (`(X & {in: a}).out`), one vertex per expression and helper
   * scope (inline-scope.ts): CUE's helper field, evaluated once, so that the value reached
   * again through its own fields is the same vertex, not a new one each time.
   */
  private readonly inlineValues = new WeakMap<Environment, Map<Expr, Vertex>>();
  /** Vertices being shared and their targets, in pairs (see tryShare). */
  private readonly sharing: Vertex[] = [];
  /** Reads of a vertex still being evaluated (vertexResult), to tell which values came late. */
  private partialReads = 0;
  /** Vertices whose value is provisional until the outermost evaluation ends (see isProvisional). */
  private readonly provisional: Vertex[] = [];
  /** Disjunction candidates being evaluated, by the field they stand for (disjunction.ts). */
  readonly standIns = new StandIns();
  /** Copies of conjuncts that may since have grown (see copy-watch.ts). */
  private readonly copyWatch = new CopyWatch();
  private retaking = false;
  /** For each helper vertex of an inline value (see inlineValue): its expression and environment. */
  private readonly inlineOrigins = new WeakMap<Vertex, { expr: Expr; env: Environment }>();
  /** Vertices whose value met a reference cycle, with the vertex it met (see resetCycles). */
  private readonly provisionalCycles: Vertex[] = [];
  /** How many times a field's type was read while it was being evaluated (see partialType). */
  private partialTypeReads = 0;
  /** The evaluation depth at which a comprehension clause is being evaluated (see evalClause), or -1. */
  private clauseDepth = -1;
  /** The try clauses being tried (tryDrops), innermost last. */
  private readonly tryTrials: { dropped: boolean }[] = [];
  /** The vertex the last "cycle error" of vertexResult was about. */
  private cycleTarget: Vertex | null = null;

  constructor(
    readonly resolveImport: ImportResolver,
    limits?: Partial<EvalLimits>,
  ) {
    this.limits = { ...defaultLimits };
    if (limits && checkLimits(limits) === undefined) Object.assign(this.limits, limits);
  }

  // ---------------------------------------------------------------------------
  // Vertex evaluation

  /** Lets error messages show fields of vertices not evaluated yet, with this evaluator. */
  private readonly formatHook = (v: Vertex) => this.evaluate(v);
  /** checkValidator as a function value, made once (finishing a vertex is the hot path). */
  readonly validatorCheck = (x: Scalar, val: ValidatorValue): BottomInfo | null => this.checkValidator(x, val);

  evaluate(v: Vertex): void {
    if (v.status !== Status.unprocessed) return;
    // The evaluator at work is the one messages use (several Contexts may live side by side).
    if (this.depth === 0) setFormatEvaluator(this.formatHook);
    if (this.aborted) {
      v.value = new Bottom(this.aborted);
      v.status = Status.evaluated;
      return;
    }
    if (++this.depth > this.limits.maxDepth) {
      this.depth--;
      this.abort({ ...bottomInfo(ErrorCode.limit, `evaluation nesting too deep (limit maxDepth = ${this.limits.maxDepth})`, [v.declSrc]), path: v.path() });
      v.value = new Bottom(this.aborted!);
      v.status = Status.evaluated;
      return;
    }
    this.stats.unifications++;
    v.status = Status.evaluating;
    if (this.tryShare(v)) {
      v.status = Status.evaluated;
      this.depth--;
      // A shared field is still subject to its parent's closedness.
      if (v.notAllowed) v.value = new Bottom(v.notAllowed);
      if (this.depth === 0 && this.provisional.length > 0) this.resetProvisional();
      if (this.depth === 0 && this.copyWatch.size > 0) this.retakeStaleCopies();
      if (this.depth === 0 && this.provisionalCycles.length > 0) this.resetCycles();
      if (this.depth === 0 && this.deferredCycles.length > 0) this.checkDeferredCycles();
      return;
    }
    const s = this.statePool.pop() ?? new NodeState(v);
    s.reset(v);
    v.state = s;
    try {
      // Read the property each time: conjuncts may arrive meanwhile (see `appended`).
      for (let i = 0; i < v.conjuncts.length; i++) this.addConjunct(s, v.conjuncts[i]!);
      // Before the terms chosen for disjunctions: what a chosen term adds to a field that an
      // embedding copies (`y: 1 | {y: 1}, y`) is that embedding's own cycle, not more of the field.
      s.conjunctsAdded = true;
      for (let i = 0; i < s.ownFieldSelections.length; i++) this.addConjunct(s, s.ownFieldSelections[i]!);
      this.addChosen(s);
      this.runPending(s);
      // Conjuncts that reached what this vertex copied while it was being evaluated.
      if (s.copies.length > 0) for (let round = 0; round < 8 && this.catchUpCopies(s); round++) this.runPending(s);
      if (s.disjunctions.length > 0) expandDisjunctions(this, v, s);
      else this.finishNode(v, s);
    } finally {
      v.state = null;
      v.status = Status.evaluated;
      this.depth--;
      if (this.statePool.length < 256) this.statePool.push(s);
    }
    // A structural cycle in the field itself is its error rather than "not allowed" (CUE's
    // checkTypos skips an arc that is already an error; cue/testdata/eval/sharing.txtar sharecycle).
    if (v.notAllowed && !(v.value !== null && v.value.type === ValueType.bottom && v.value.info.code === ErrorCode.structuralCycle)) v.value = new Bottom(v.notAllowed);
    else if (v.value !== null && v.value.type === ValueType.bottom && v.value.info.path === undefined && v.label !== null) {
      // An error belongs where the values met: a field that refers to it reports it there too.
      // Not inside an inline value's helper: its path means nothing where the error shows.
      // A let's incomplete error is reported at the let too (CUE's error path is the vertex
      // being evaluated, and a let is one: `#Foo.X: error in call to or`, fulleval/049). Its
      // other errors stay with the field that reads the let, as before: a reference cycle
      // (placed below), a structural cycle (`let X = d` inside d: `d.c`, the field `c: X`).
      const placed = isLetLabel(v.label) ? v.value.info.code === ErrorCode.incomplete : !isIncompleteInfo(v.value.info);
      if (placed && !this.inlineOrigins.has(rootOf(v))) v.value = new Bottom(withPath(v.value.info, v.path()));
    }
    // A reference cycle is reported at the field whose expression met it (CUE's error path is
    // the vertex being evaluated), and so are the errors appended to it there.
    if (v.value !== null && v.value.type === ValueType.bottom && v.value.info.code === ErrorCode.cycle && v.label !== null && !isLetLabel(v.label) && !this.inlineOrigins.has(rootOf(v))) {
      const placed = placeAt(v.value.info, v.path());
      if (placed !== v.value.info) v.value = new Bottom(placed);
    }
    if (this.depth === 0 && this.provisional.length > 0) this.resetProvisional();
    if (this.depth === 0 && this.copyWatch.size > 0) this.retakeStaleCopies();
    if (this.depth === 0 && this.provisionalCycles.length > 0) this.resetCycles();
    if (this.depth === 0 && this.deferredCycles.length > 0) this.checkDeferredCycles();
  }

  /** Adds the conjuncts that reached the targets of s's copies since they were taken; whether there were any. */
  private catchUpCopies(s: NodeState): boolean {
    let any = false;
    for (let i = 0; i < s.copies.length; i++) {
      const copy = s.copies[i]!;
      for (const c of catchUp(copy, this.relocated(copy.target) ?? copy.target)) {
        this.addConjunct(s, c);
        any = true;
      }
    }
    return any;
  }

  /**
   * The vertex standing where `t` stood in the tree: `t` itself, or, when an ancestor of it
   * took a conjunct after it was evaluated (its arcs are then made anew), the arc of the same
   * path once that ancestor is evaluated again; null when the path no longer exists.
   */
  private relocated(t: Vertex): Vertex | null {
    const p = t.parent;
    if (p === null || t.label === null) return t;
    const np = this.relocated(p);
    if (np === null) return null;
    if (np === p && p.status !== Status.unprocessed && p.lookup(t.label) === t) return t;
    if (np.status === Status.unprocessed) this.evaluate(np);
    return np.lookup(t.label) ?? null;
  }

  /**
   * Vertices that copied a target whose conjuncts grew afterwards (copy-watch.ts) are
   * evaluated again, now that nothing is being evaluated; one already finalized is finalized
   * again, as the walk that finalized it has passed.
   */
  private retakeStaleCopies(): void {
    if (this.retaking) return;
    this.retaking = true;
    try {
      for (let round = 0; round < 8 && this.copyWatch.size > 0; round++) {
        const stale = this.copyWatch.stale();
        if (stale.length === 0) return;
        for (const r of this.copyWatch.remade) this.evaluate(r);
        const refinalize = stale.filter((v) => v.status >= Status.finalizing);
        for (const v of stale) v.setState('reset');
        for (const v of stale) {
          if (refinalize.includes(v)) this.finalize(v);
          else this.evaluate(v);
        }
      }
    } finally {
      this.retaking = false;
    }
  }

  /**
   * An expression that was part of a reference cycle when its vertex was evaluated was set
   * aside because a concrete value or a default stood beside it (`e: 1 + d, e: *2 | 0`).
   * Once the outermost evaluation is done, the cycle has been broken: each such expression is
   * evaluated again and must agree with the value its vertex took, or that is an error.
   */
  private checkDeferredCycles(): void {
    const list = this.deferredCycles.splice(0);
    for (let i = 0; i < list.length; i += 2) {
      const v = list[i] as Vertex;
      const c = list[i + 1] as Conjunct;
      if (v.status < Status.evaluated || !v.value) continue;
      const have = this.defaultOf(v.value);
      // Set aside beside a disjunction without a default: what the expression gives is
      // checked when a default is chosen (not here).
      if (have.type === ValueType.bottom || have.type === ValueType.disjunction || have.type === ValueType.vertex) continue;
      const r = this.defaultOf(this.evalExpr(c.env, c.expr));
      if (r.type === ValueType.bottom && r.info.settled) {
        v.value = r;
        continue;
      }
      if (r.type === ValueType.bottom && (r.info.code === ErrorCode.cycle || r.info.code === ErrorCode.incomplete)) {
        // Still not known once the cycle has settled (`start: 10.0` beside `start: end -
        // duration`, with end and duration only defined by each other): the expression cannot
        // be checked against the value, so the field has its error (incomplete when a field of
        // the cycle was left a type, "non-concrete value float in operand to -"; a cycle when
        // nothing broke it).
        v.value = r.info.code === ErrorCode.cycle && v.label !== null ? new Bottom(placeAt(r.info, v.path())) : r;
        continue;
      }
      if (!isScalar(have)) {
        // Set aside beside a type (`c: a+b & >=5`) and known now: the field is evaluated again.
        if (isScalar(r)) {
          v.setState('reset');
          this.evaluate(v);
        }
        continue;
      }
      if (!isScalar(r) || equalScalar(r, have)) continue;
      v.value = new Bottom(bottomInfo(ErrorCode.eval, `conflicting values ${formatValue(r)} and ${formatValue(have)}`, [c.expr.src, v.declSrc]));
    }
  }

  /**
   * Structure sharing: a field whose only conjunct is a plain reference (`b: a`, `b: x.y`) is
   * the referenced vertex, so it takes that vertex's evaluated value and arcs instead of
   * evaluating a copy (a chain of references stays linear). Not for definitions (closedness
   * differs), cycles, or vertices that are disjunction candidates.
   */
  private tryShare(v: Vertex): boolean {
    const p = v.parent;
    if (p !== null && p.parent === null) {
      // A root field of a filled template that no fill reaches (shared-base.ts).
      const base = p.sharedBase;
      if (base !== null && base.independent.has(v.label!)) {
        const r = base.root.lookup(v.label!);
        if (r !== undefined && r.status === Status.finalized) {
          v.shareFrozen(r);
          return true;
        }
      }
    }
    if (v.conjuncts.length !== 1 || v.choices || this.depth > this.limits.maxDepth / 2) return false;
    const c = v.conjuncts[0]!;
    const e = c.expr;
    if ((c.ctx !== null && imposesClosedness(c.ctx)) || c.cyclic || (e.op !== ExprOp.fieldRef && e.op !== ExprOp.selector) || isDefinitionRef(e)) return false;
    const r = this.resolve(c.env, e, v);
    if (r.type !== ValueType.vertex || r === v || r.isValueOnly || r.status === Status.evaluating || r.state) return false;
    // A structural cycle is the error of the reference, not a value to share (see processConjunct).
    if (r.status === Status.finalized && r.errorBelow !== null && r.errorBelow.code === ErrorCode.structuralCycle) return false;
    if (isAncestor(r, v) || isAncestor(v, r) || inHistory(c.history, r)) return false;
    // r may itself share another vertex (`a: b`, then `c: a` is b): what it stands for in the
    // tree is that one, and sharing it from below it would make the tree a cyclic graph too.
    const rt = r.sharedTarget();
    if (rt !== r && (rt === v || isAncestor(rt, v) || isAncestor(v, rt) || inHistory(c.history, rt))) return false;
    // r holds a field that shares v or one of v's ancestors (D: a: T, T: b: D): sharing would
    // make the tree a cyclic graph. Evaluated as a copy, the cycle is found as a structural one.
    for (let i = 0; i < this.sharing.length; i += 2) {
      const w = this.sharing[i]!;
      if (isAncestor(r, w) || (rt !== r && (rt === w || isAncestor(rt, w)))) return false;
    }
    for (let a: Vertex | null = v; a; a = a.parent) {
      const sh = a.sharers;
      if (sh !== null) for (const x of sh) if (x === r || isAncestor(r, x) || (rt !== r && (x === rt || isAncestor(rt, x)))) return false;
    }
    // While r is evaluated, a cycle back to v sees what r knows so far (see vertexResult).
    this.sharing.push(v, r);
    try {
      this.evaluate(r);
    } finally {
      // Two pops, not `length -= 2`: setting an array's length is a call into the runtime.
      this.sharing.pop();
      this.sharing.pop();
    }
    if (r.status < Status.evaluated || r.state || r.notAllowed) return false;
    // A vertex of a settled template (reached through a field a filled root shares) is never
    // changed: it keeps no list of the renders' vertices that share it.
    if (r.frozen) v.shareFrozen(r);
    else {
      v.setState('share', r);
      r.addSharer(v);
    }
    // r may still grow (an ancestor of it is being evaluated: a comprehension there may add to
    // it, `x: {info: {}, if c {info: port: ""}}` beside `y: x.info`): v shares r as it is now,
    // so it is noted as a copy, evaluated again if r gets more conjuncts (copy-watch.ts), and
    // a lookup in v waits for those comprehensions as one in r would (pendingLookup).
    const watched = this.copyWatch.note(v, r, { ctx: c.ctx, viaDefinition: false, history: null, cyclic: false, optional: undefined });
    if (watched) watched.count = r.conjuncts.length;
    return true;
  }

  /** Templates evaluated once for sharing (see settledTemplate); null: nothing to share. */
  private readonly settledTemplates = new WeakMap<Vertex, SettledTemplate | null>();
  /** Off: no filled template shares its template's fields (tests compare with a full evaluation). */
  shareTemplates = true;

  /**
   * A template evaluated once, for filled roots to share its fields (shared-base.ts): a copy of
   * its root (the same conjuncts, so the template's own Value is left as it was), finalized
   * as an export of the unfilled template would be, and the root labels whose arcs came out
   * evaluated through and through: finalized down to every vertex, definitions and optional
   * fields included (which finalize leaves for a lookup: a field holding one is not shared,
   * so that no render ever evaluates a vertex of the copy). Null when the evaluation hit a
   * limit; undefined when not known now (called from inside another call, whose limits and
   * cycle state are not this one's).
   */
  settledTemplate(t: Vertex): SettledTemplate | null | undefined {
    let st = this.settledTemplates.get(t);
    if (st !== undefined) return st;
    if (this.calls !== 0) return undefined;
    const root = new Vertex(null, null);
    for (const c of t.conjuncts) root.addConjunct(c);
    try {
      st = this.run(() => {
        this.finalize(root);
        if (this.aborted !== null) return null;
        const shareable = new Set<Label>();
        for (const a of root.arcs) {
          this.settleBudget = 100_000;
          if (settledThrough(a, 0, this)) shareable.add(a.label!);
        }
        return { root, shareable };
      });
    } catch {
      st = null;
    }
    this.settledTemplates.set(t, st);
    return st;
  }

  /** Vertices settledThrough may still visit (a large table is not worth the walk). */
  settleBudget = 0;

  /** Evaluates v and everything below it. */
  finalize(v: Vertex, depth = 0): void {
    this.evaluate(v);
    if (v.status >= Status.finalizing) return;
    v.status = Status.finalizing;
    if (depth > this.limits.maxDepth) {
      this.abort({ ...bottomInfo(ErrorCode.limit, `value nesting too deep (limit maxDepth = ${this.limits.maxDepth})`, [v.declSrc]), path: v.path() });
      v.value = new Bottom(this.aborted!);
      v.status = Status.finalized;
      return;
    }
    const val = v.value;
    if (val && val.type === ValueType.disjunction) {
      for (const d of val.values) if (d.type === ValueType.vertex) this.finalize(d, depth + 1);
    }
    // A structural cycle's fields (a let's, kept for lookups) would go on without end.
    if (val && val.type === ValueType.bottom && val.info.code === ErrorCode.structuralCycle) {
      v.errorBelow = val.info;
      v.status = Status.finalized;
      return;
    }
    // Read the property each time: arcs may arrive meanwhile (see `appended`).
    for (let i = 0; i < v.arcs.length; i++) {
      const a = v.arcs[i]!;
      // Optional fields and definitions are constraints: evaluated only when looked up.
      if (a.arcType !== ArcMember) continue;
      this.finalize(a, depth + 1);
    }
    v.errorBelow = errorBelowOf(v);
    v.status = Status.finalized;
  }

  abort(info: BottomInfo): void {
    if (!this.aborted) this.aborted = info;
  }

  /**
   * One call from the API (an export, a validation, a lookup): the limits on work apply per
   * call, not over the life of the Context. A process that keeps one Context and renders the
   * same compiled template a hundred thousand times must not run out of steps, nor stay
   * aborted because one render hit a limit (what that render left as errors stays so).
   */
  run<T>(f: () => T): T {
    if (this.calls === 0) {
      this.aborted = null;
      this.stepsBefore = this.stats.conjuncts;
    }
    this.calls++;
    try {
      return f();
    } catch (e) {
      // A runaway that the depth limit did not catch first (a validator that validates the
      // value it sits in goes deep in JavaScript frames per level) must not escape the API as
      // a RangeError: the call stops with a limit error, and its work is done again with the
      // evaluation aborted, so that it fails fast and reports that error.
      if (!(e instanceof RangeError) || this.calls !== 1) throw e;
      this.abort(bottomInfo(ErrorCode.limit, `evaluation too deep (limit: the JavaScript stack; ${e.message})`));
      try {
        return f();
      } catch (again) {
        if (again instanceof RangeError) throw new CueErrorList([new CueError(ErrorCode.limit, `evaluation too deep: ${again.message}`)]);
        throw again;
      }
    } finally {
      this.calls--;
    }
  }

  private step(): boolean {
    if (++this.stats.conjuncts - this.stepsBefore > this.limits.maxSteps) {
      this.abort(bottomInfo(ErrorCode.limit, `evaluation step limit exceeded (limit maxSteps = ${this.limits.maxSteps})`));
      return false;
    }
    return !this.aborted;
  }

  // ---------------------------------------------------------------------------
  // Conjuncts

  /**
   * Adds a conjunct to the vertex being evaluated, processing it at once (depth first, which
   * fixes the order of fields and messages). Past a nesting of 32 (a long chain of references
   * such as `a0: a1, a1: a2, ...`), conjuncts are set aside and processed when the outermost
   * one is done, so that no chain overflows the JavaScript stack.
   */
  addConjunct(s: NodeState, c: Conjunct): void {
    if (s.nesting >= 32) {
      s.collected.push(c);
      return;
    }
    s.nesting++;
    try {
      this.processConjunct(s, c);
    } finally {
      s.nesting--;
    }
    if (s.nesting === 0 && !s.draining && s.collected.length > 0) {
      s.draining = true;
      try {
        while (s.collected.length > 0) {
          const batch = s.collected.splice(0);
          for (let i = 0; i < batch.length; i++) this.addConjunct(s, batch[i]!);
        }
      } finally {
        s.draining = false;
      }
    }
  }

  private processConjunct(s: NodeState, c: Conjunct): void {
    if (!this.step()) {
      s.scalar.addError(this.aborted!);
      return;
    }
    const e = c.expr;
    if (!s.nonCycleValue && givesNonCycleValue(c)) s.nonCycleValue = true;
    const seq = s.seq++;
    switch (e.op) {
      case ExprOp.value:
        this.addValue(s, e.value, c, seq);
        return;
      case ExprOp.bottom:
        s.scalar.addError(bottomInfo(ErrorCode.user, 'explicit error (_|_ literal) in source', [e.src]));
        return;
      case ExprOp.error:
        s.scalar.addError(bottomInfo(e.errorCode, e.message, [e.src]));
        return;
      case ExprOp.struct:
        this.addStruct(s, c, e);
        return;
      case ExprOp.list:
        this.addList(s, c, e);
        return;
      case ExprOp.conjunction:
        for (const t of e.terms) this.addConjunct(s, { ...c, expr: t });
        return;
      case ExprOp.disjunction: {
        const chosen = choiceFor(s.v, e, c.env);
        if (chosen !== undefined) {
          // Disjunctions come last, after the other conjuncts (as when they are expanded).
          s.chosen.push({ ...c, expr: e.terms[chosen]!.expr });
          return;
        }
        if (!s.markSeen(e, c.env, c.ctx)) return;
        s.disjunctions.push({ conjunct: c, expr: e, value: null });
        return;
      }
      case ExprOp.fieldRef:
      case ExprOp.letRef:
      case ExprOp.bindingRef:
      case ExprOp.importRef:
      case ExprOp.selector:
      case ExprOp.index:
      case ExprOp.selfRef:
      case ExprOp.dynamicAliasRef: {
        // A selection from an inline value (`(X & {in: root}).out`) makes a fresh vertex each
        // time it is resolved, so identity cannot catch it coming back through that vertex's
        // fields (CUE's "inline cycle"). The same expression in the same scope is the same
        // conjunct, and unification is idempotent: a second one adds nothing.
        let inline: InlineRef | undefined;
        if ((e.op === ExprOp.selector || e.op === ExprOp.index) && selectsFromInline(e)) {
          if (!s.conjunctsAdded && readsInto(e, c.env, s.v)) {
            // The inline value reads this vertex, whose later conjuncts may add what it reads
            // (`obj: {(#m & {e: obj._e}).out}`, `obj: _e: true`): resolve it once all are in.
            s.ownFieldSelections.push(c);
            return;
          }
          inline = { expr: e, scope: inlineScope(e, c.env), node: s.v };
          if (!s.markSeen(e, inline.scope, null)) return;
          if (this.inlineCycle(s, c, inline)) return;
        }
        if (!s.conjunctsAdded && !inline && selectsBelowOwnField(c.env, e, s.v)) {
          // Below a field of this very vertex (`{#in: c: string, #in.c}`): other literals may
          // still add to that field, which resolving would evaluate now; wait for all of them.
          s.ownFieldSelections.push(c);
          return;
        }
        const r = this.resolve(c.env, e, s.v);
        if (r.type === ValueType.vertex) {
          // A vertex already finalized as a structural cycle, its own or one passed up from a
          // regular field below it, is that error to a reference (CUE's processResolver: the
          // error, not the conjuncts; a child's structural cycle makes each node above it one
          // by AddChildError). `a: #T & {...}` after `#T: {a: [string]: link: #T, a: b: {}}`
          // keeps only the literal's fields (cycle/structural p2, p5).
          const below = r.status === Status.finalized ? r.errorBelow : null;
          if (below !== null && below.code === ErrorCode.structuralCycle) {
            // The same error, with its path: `x: #T` is "#T.next: structural cycle" (the path a
            // reference to such a definition reports, cycle/structural p3, p6).
            s.scalar.addError(below);
            return;
          }
          this.addVertexConjuncts(s, r, c, isDefinitionRef(e), inline);
        }
        // Not there yet (an embedding before the field it names, `{b, b: {c: 1}}`): try again later.
        else if (r.type === ValueType.bottom && isIncompleteInfo(r.info)) defer(s, c, seq);
        else this.addValue(s, r, c, seq);
        return;
      }
      case ExprOp.call: {
        const fun = e.fun;
        if (fun.op === ExprOp.builtin && fun.builtin.pkg === '' && fun.builtin.name === 'close' && e.args.length === 1) {
          this.addConjunct(s, { ...c, expr: e.args[0]!, ctx: new CloseContext(c.ctx, 'close') });
          s.closeCall ??= e;
          return;
        }
        if (c.history !== null && c.optional === undefined && fun.op === ExprOp.builtin && takesSchemas(fun.builtin.pkg, fun.builtin.name)) {
          const cycle = this.schemaCycle(c, e);
          if (cycle) {
            s.scalar.addError(cycle);
            return;
          }
        }
        defer(s, c, seq);
        return;
      }
      case ExprOp.bound:
        if (e.x.op === ExprOp.value) {
          this.addValue(s, this.evalExpr(c.env, e), c, seq);
          return;
        }
        defer(s, c, seq);
        return;
      default:
        defer(s, c, seq);
    }
  }

  /**
   * A validator that takes schemas, whose schema reference is the very reference its conjunct
   * came through (`#c: {a: matchN(1, [#c])}`, `data: #c`: checking data.a unifies it with #c
   * through the `#c` of the list, and the `a` of that unification meets the same `#c` again):
   * each check would check one level deeper, however concrete the data. A structural cycle,
   * as CUE's detectCycle finds the same reference reaching the same vertex (r.Ref == x;
   * cue/testdata/cycle/builtins.txtar issue3649.cycle: data.a fails, data.a.a is the cycle).
   * Another reference to that vertex (`data: #c` itself) is no cycle, nor is an optional path
   * (`a?: matchN(1, [#c])`, a pattern, a list's `...`): there the data ends the recursion
   * (issue3649.noCycle).
   */
  private schemaCycle(c: Conjunct, call: CallX): BottomInfo | null {
    for (const a of call.args) {
      const schemas = a.op === ExprOp.list ? a.elems : [a];
      for (const x of schemas) {
        if ('kind' in x || !isReference(x)) continue;
        const r = this.resolve(c.env, x, null);
        if (r.type !== ValueType.vertex) continue;
        for (let h = c.history; h; h = h.up) if (h.vertex === r && h.ref === x) return bottomInfo(ErrorCode.structuralCycle, 'structural cycle', [x.src]);
      }
    }
    return null;
  }

  addValue(s: NodeState, value: Value, c: Conjunct, seq = -1): void {
    switch (value.type) {
      case ValueType.vertex:
        // A value taken from inside a definition (an API lookup of `#S`) stays closed.
        this.addVertexConjuncts(s, value, c, !value.isValueOnly && insideDefinition(value));
        return;
      case ValueType.disjunction: {
        const chosen = choiceFor(s.v, c.expr, c.env);
        if (chosen !== undefined) {
          this.addValue(s, value.values[chosen]!, c, seq);
          return;
        }
        s.disjunctions.push({ conjunct: c, expr: null, value });
        return;
      }
      default:
        if (c.ctx !== null && leavesClosednessToItself(value)) s.v.addOpenedBy(c.ctx);
        s.scalar.add(value, seq, c.history);
    }
  }

  /** Adds what `target` is made of to the vertex being evaluated: a reference is a copy with references rebound. */
  /**
   * An inline selection (`(X & {in: root}).out`) met again in the references a conjunct came
   * through. CUE reads `x: {...}.out` as `x: _h.out` with a helper field `_h: {...}` placed in
   * the outermost scope the expression's references allow (cue/internal/core/adt/cycle.go,
   * "INLINE CYCLES"). In the same scope it is the same helper: a reference cycle, which adds
   * nothing (`root: a: (X & {input: root}).output` gives `a: _`). In another scope it is a
   * new helper inside the previous one: a structural cycle (`f: {n: int, out: (g & {m: n}).out}`,
   * `g: {m: int, out: (f & {n: m - 1}).out}`), however concrete the values are.
   * Returns true when the conjunct is done with.
   */
  private inlineCycle(s: NodeState, c: Conjunct, inline: InlineRef): boolean {
    for (let h = c.history; h; h = h.up) {
      if (h.inline?.expr !== inline.expr) continue;
      // Reached again through a reference to an ancestor (`a: b: c: indirect`, `indirect:
      // [a.b, null][0]`: indirect.c names indirect): CUE marks the conjunct cyclic before it
      // looks at the selection (detectCycle's hasAncestor), and a node with only such
      // conjuncts is a structural cycle. The selection is added again so that its structure
      // counts as cyclic (see finishNode), not dropped as a reference cycle that adds nothing.
      if (h.inline.scope === inline.scope) return !c.cyclic;
      // In another scope, only where the previous one flowed into this very node (CUE's
      // detectCycle: `r.Ref == x` with `r.Node` the node evaluated): a selection met again one
      // field further down is another instance of a finite recursion over the data
      // (`(#Copy & {param: v}).result` for each field of param, cycle/comprehension issue2405).
      if (h.inline.node !== s.v) continue;
      s.scalar.addError(bottomInfo(ErrorCode.structuralCycle, 'structural cycle', [inline.expr.src]));
      return true;
    }
    return false;
  }

  addVertexConjuncts(s: NodeState, target: Vertex, c: Conjunct, viaDefinition: boolean, inline?: InlineRef): void {
    const v = s.v;
    if (target === v) return; // self reference: no information
    if (target.isValueOnly) {
      this.addValueOnlyVertex(s, target, c);
      return;
    }
    if (target.status === Status.unprocessed && target.parent && target.parent.status === Status.unprocessed) {
      // Make sure all conjuncts of the target are known (its parent adds them).
      this.evaluate(target.parent);
    }
    if (this.validating.size > 0 && this.validating.has(target)) {
      s.scalar.addError(bottomInfo(ErrorCode.structuralCycle, 'structural cycle', [c.expr.src]));
      return;
    }
    let cyclic = c.cyclic;
    let optional = c.optional;
    let cleared = false;
    let unchecked = false;
    if (isAncestorOrCandidate(target, v)) cyclic = s.hasCyclic = true;
    else if (optional === 2 && s.hasNonCyclic && target.status !== Status.evaluating && !throughEmbedding(c.ctx)) {
      // An optional path given its extra round, at a node that has structure of its own that
      // came through no cycle: it goes on unchecked, and its history does not grow (cycle.go
      // detectCycle, MaybeCyclic with hasNonCyclic). Once it reaches a node fed only through
      // cycles, the next recurrence ends it. Not through an embedding: CUE then adds a
      // vertex's conjuncts once per node (scheduleVertexConjuncts' arcMap), which ends
      // definitions that embed each other (`#X: #A | #B`, `#A: {#X, ...}`); cue-lite does not
      // keep that set, so such a path stays checked.
      unchecked = true;
    } else if (optional === 1 && inHistory(c.history, target)) {
      // A conjunct from an optional field, a pattern or a list's `...` meets a vertex again:
      // it may still end, as the fields that feed it need not exist, so CUE gives it one more
      // round with its history cleared (cycle.go, "OPTIONAL PATHS"); met again after that, it
      // is a cycle.
      optional = 2;
      cleared = true;
    } else if (recurs(c.history, target, c.expr, s)) cyclic = s.hasCyclic = true; else if (copiesEnclosing(c.env, target, v)) {
      // An operand (`(f & {n: 1}).out`, `[f]`) inside f that copies f: the value would contain
      // itself. No depth grace as for fields: each level would make a fresh operand vertex.
      s.scalar.addError(bottomInfo(ErrorCode.structuralCycle, 'structural cycle', [c.expr.src]));
      return;
    } else if (target.status === Status.evaluating && target.state !== null && rootOf(v) !== rootOf(target) && hasComputedCall(target)) {
      // A field being evaluated, reached from a fresh operand inside its own computation
      // (`total: list.Sum([for v in parent {v}])` in `parent`): its call would be computed
      // again inside itself, each time through fresh operands that identity cannot catch. CUE
      // finds the node on its evaluation stack (cycle.go hasDepthCycle): a structural cycle,
      // unless the element is read raw by `and`/`or` (see rawElementCycle): a reference cycle,
      // which adds nothing (`cycle/evaluate` listCycleOK).
      if (rawElementCycle(v, target)) {
        s.hasCyclic = true;
        return;
      }
      s.scalar.addError(bottomInfo(ErrorCode.structuralCycle, 'structural cycle', [c.expr.src]));
      return;
    }
    if (cyclic && historyLength(c.history) > 64) {
      s.hasCyclic = true;
      s.cycleCut = true;
      return;
    }
    if (viaDefinition) v.fromDefinition = true;
    if (viaDefinition && isOpened(c.ctx)) viaDefinition = false;
    const ctx = viaDefinition ? new CloseContext(c.ctx, 'def') : inline ? new CloseContext(c.ctx, 'open') : c.ctx;
    if (viaDefinition) markEmbeddingLiteral(v, c.ctx);
    if (!viaDefinition && !s.markSeen(target, target, ctx)) return;
    // A definition met again through embeddings that lead back to it (`#A: {#B, f: string}`,
    // `#B: {#A}`, then `#A & {}`) adds nothing once it has come round that way: CUE adds a
    // vertex's conjuncts once per node (scheduleVertexConjuncts' arcMap), and the closedness
    // of the first time stands. Only on such a cycle (the first time round is not noted, which
    // costs one more round): elsewhere each reference to a definition brings its own
    // closedness here, which CUE keeps apart by close IDs.
    // So does a definition that names itself at its own level (`#D: #D & {x: 0}`), copied here:
    // its own reference brings the same conjuncts again, also where a disjunct's optional path
    // cleared the history that would show it (`(#D | 1) & {y: 0}`).
    const own = viaDefinition ? ownTermOf(target, c.expr) : null;
    if (viaDefinition && ((throughEmbedding(c.ctx) && inHistory(c.history, target)) || own === '&') && !s.markSeen(target, DEFINITIONS_ADDED, null)) return;
    if (own === '|' && !inHistory(c.history, target) && !s.markSeen(c.expr, DEFINITIONS_ADDED, null)) {
      // The disjunct of `#D: #D | {x: 0}` that names #D, met again at a node that has taken
      // #D's disjunction through it once: it adds nothing more, as in #D itself (`_`), where the
      // history that would show the cycle was cleared by a disjunct's optional path
      // (`(#D | 1) & {y: 0}` ran without end).
      return;
    }
    const history: RefHistory | null = cleared ? null : unchecked ? c.history : inline ? { vertex: target, ref: c.expr, up: c.history, inline } : { vertex: target, ref: c.expr, up: c.history };
    if (target.choices) {
      for (const [k, m] of target.choices) {
        v.choices ??= new Map();
        if (!v.choices.has(k)) v.choices.set(k, m);
      }
    }
    const mark: CopyMark = { ctx, viaDefinition, history, cyclic, optional };
    // Read the length each time: a conjunct added here may reach the target itself.
    for (let i = 0; i < target.conjuncts.length; i++) this.addConjunct(s, copiedConjunct(target.conjuncts[i]!, mark));
    // A target that may still grow (an ancestor of it is being evaluated, a field of this very
    // vertex among them: `{#in: string, #in}` with `#F & {#in: "x"}`): see copy-watch.ts.
    const watched = this.copyWatch.note(v, target, mark);
    if (watched) {
      watched.count = target.conjuncts.length;
      s.copies.push(watched);
    }
  }

  /** A vertex built from a value (a builtin's result): its value and arcs are copied in. */
  private addValueOnlyVertex(s: NodeState, target: Vertex, c: Conjunct): void {
    const v = s.v;
    if (target.value && target.value.type !== ValueType.top) this.addValue(s, target.value, c);
    else if (target.value && target.structural === 0) s.scalar.hasTop = true;
    if (target.structural !== 0) {
      s.scalar.addStructural(target.structural, () => formatValue(target), c.expr.src);
      v.structural |= target.structural;
      s.hasNonCyclic = true;
    }
    const childCtx = childContext(c.ctx);
    for (const a of target.arcs) {
      const arc = this.addArc(s, a.label!, a.arcType);
      this.addChildConjunct(arc, { env: c.env, expr: new ValueX(a, c.expr.src), ctx: childCtx, history: c.history, cyclic: c.cyclic, optional: c.optional });
    }
    if (target.isList) s.lists.push({ len: target.arcs.length, open: target.listOpen, src: c.expr.src });
  }

  private addStruct(s: NodeState, c: Conjunct, lit: StructLitX, origin: StructInfo['origin'] = null): void {
    const v = s.v;
    if (!s.markSeen(lit, c.env, c.ctx)) return;
    // Only a cycle found at this node makes it a structural cycle (CUE's markCyclic): a
    // conjunct that came through a cycle higher up ends where it next meets a reference. An
    // optional path on its extra round is no evidence either (markNonCyclic: not MaybeCyclic).
    if (!c.cyclic && c.optional !== 2) s.hasNonCyclic = true;
    if (lit.hasMemberFields || lit.decls.length === 0 || (lit.hasFields && !lit.embedsValue)) {
      s.scalar.addStructural(Kind.struct, describeStruct, lit.src);
      v.structural |= Kind.struct;
    } else if (!lit.embedsValue) {
      // Only hidden fields, definitions, lets or comprehensions: a struct unless something
      // else (an embedded scalar, another file's top-level value) gives the value.
      s.maybeEmptyStruct = true;
    } else if (!lit.aliasScope) {
      // A value alias's scope (compile.ts aliasedValue) is no struct literal of the source.
      s.embedStruct = true;
    }
    const env = this.envFor(v, c.env);
    const info = new StructInfo(lit, env, c.ctx);
    info.origin = origin;
    if (c.listRest) info.fromListRest = true;
    v.structs = appended(v.structs, info);
    // A literal with embeddings marks its fields' conjuncts as its own (closedness.ts).
    const childCtx = lit.hasEmbeds || lit.isFile ? new CloseContext(childContext(c.ctx), 'embed', info) : childContext(c.ctx);
    for (const d of lit.decls) {
      switch (d.kind) {
        case DeclKind.field: {
          const arc = this.addArc(s, d.label, d.arcType);
          if (!arc.declSrc) arc.declSrc = d.src;
          // An optional field's value is a path that may end (cycle.go, "OPTIONAL PATHS").
          const optional = d.arcType === ArcOptional ? (c.optional ?? 1) : c.optional;
          this.addChildConjunct(arc, { env, expr: d.value, ctx: childCtx, history: c.history, cyclic: c.cyclic, optional });
          break;
        }
        case DeclKind.let: {
          if (origin !== null) {
            // In a comprehension's body, each iteration has its own value for the let.
            let lets = this.iterationLets.get(env);
            if (!lets) this.iterationLets.set(env, (lets = new Map()));
            if (!lets.has(d.label)) {
              const lv = new Vertex(v, d.label);
              lv.declSrc = d.src;
              lv.addConjunct({ env, expr: d.expr, ctx: null, history: c.history, cyclic: c.cyclic, optional: c.optional });
              lets.set(d.label, lv);
            }
            break;
          }
          const arc = this.addArc(s, d.label, ArcMember);
          if (!arc.declSrc) arc.declSrc = d.src;
          this.addChildConjunct(arc, { env, expr: d.expr, ctx: null, history: c.history, cyclic: c.cyclic, optional: c.optional });
          break;
        }
        case DeclKind.dynamicField:
          s.dynamicFields.push({ env, decl: d, ctx: childCtx, info, history: c.history, cyclic: c.cyclic, optional: c.optional });
          break;
        case DeclKind.pattern: {
          const pp: PendingPattern = { env, decl: d, ctx: childCtx, info, history: c.history, cyclic: c.cyclic, optional: c.optional };
          // A label computed from references (`[or(tags.modules)]`) waits until the node's
          // conjuncts are in, as CUE's scheduled pattern task: what it reads may range over
          // this node's fields (cycle/issue4397).
          if (computedPattern(d.pattern)) s.patterns.push(pp);
          else if (!this.addPatternDecl(s, pp, this.evalExpr(env, d.pattern))) s.patterns.push(pp);
          break;
        }
        case DeclKind.ellipsis:
          break;
        case DeclKind.embed:
          this.addConjunct(s, {
            env,
            expr: d.expr,
            ctx: new CloseContext(c.ctx, 'embed', info, lit.decls.indexOf(d)),
            history: c.history,
            cyclic: c.cyclic,
            optional: c.optional,
          });
          break;
        case DeclKind.comprehension: {
          const pc: PendingComprehension = {
            env,
            decl: d,
            info,
            index: lit.decls.indexOf(d),
            ctx: new CloseContext(c.ctx, 'embed', info, lit.decls.indexOf(d)),
            history: c.history,
            cyclic: c.cyclic,
            optional: c.optional,
            run: ComprehensionRun.ready,
          };
          s.comprehensions.push(pc);
          s.allComprehensions.push(pc);
          break;
        }
      }
    }
  }

  private addList(s: NodeState, c: Conjunct, lit: ListLitX): void {
    const v = s.v;
    if (!s.markSeen(lit, c.env, c.ctx)) return;
    // Only a cycle found at this node makes it a structural cycle (CUE's markCyclic): a
    // conjunct that came through a cycle higher up ends where it next meets a reference. An
    // optional path on its extra round is no evidence either (markNonCyclic: not MaybeCyclic).
    if (!c.cyclic && c.optional !== 2) s.hasNonCyclic = true;
    s.scalar.addStructural(Kind.list, describeList, lit.src);
    v.structural |= Kind.list;
    // Elements made by comprehensions wait for the vertex's other conjuncts: a comprehension
    // over the list itself (`l: [for i, _ in l {id: i}], l: [{}, {}]`) sees the elements the
    // other literals give it (CUE runs comprehensions as tasks after the conjuncts are added).
    if (lit.elems.some(isComprehensionElem)) s.listComprehensions.push(c);
    else this.addListElems(s, c, lit);
  }

  /** The elements of a list literal (see addList). */
  private addListElems(s: NodeState, c: Conjunct, lit: ListLitX): void {
    const childCtx = childContext(c.ctx);
    let i = 0;
    for (const el of lit.elems) {
      if ('kind' in el && el.kind === DeclKind.comprehension) {
        const yields: Environment[] = [];
        const r = this.comprehension(el, yields, c.env);
        if (r) s.scalar.addError(r);
        else {
          for (const env of yields) {
            const arc = this.addArc(s, i++, ArcMember);
            this.addChildConjunct(arc, { env, expr: el.body, ctx: childCtx, history: c.history, cyclic: c.cyclic, optional: c.optional });
          }
          // `else { ... }` yields one element when the clauses yield none.
          if (yields.length === 0 && el.otherwise) {
            const arc = this.addArc(s, i++, ArcMember);
            this.addChildConjunct(arc, { env: c.env, expr: el.otherwise, ctx: childCtx, history: c.history, cyclic: c.cyclic, optional: c.optional });
          }
        }
        continue;
      }
      const arc = this.addArc(s, i++, ArcMember);
      if (!arc.declSrc) arc.declSrc = (el as Expr).src;
      this.addChildConjunct(arc, { env: c.env, expr: el as Expr, ctx: childCtx, history: c.history, cyclic: c.cyclic, optional: c.optional });
    }
    s.lists.push({ len: i, open: lit.rest !== undefined, src: lit.src });
    if (lit.rest) s.listRests.push({ from: i, env: c.env, expr: lit.rest, ctx: childCtx, history: c.history, cyclic: c.cyclic, optional: c.optional ?? 1 });
  }

  /**
   * The environment for a struct literal evaluated for `v` inside `up` (memoized: conjunct
   * identity). Each one is made for a literal added to `v.structs` (addStruct), so that list is
   * the memo: no second list per struct vertex. It moves with the structs when a disjunction's
   * candidate is adopted, and is reset with them.
   */
  envFor(v: Vertex, up: Environment): Environment {
    const structs = v.structs;
    if (structs !== null) for (let i = 0; i < structs.length; i++) if (structs[i]!.env.up === up) return structs[i]!.env;
    return new Environment(up, v, null);
  }

  /** `keySrc`: where a dynamic field's key is, the position of an error about adding it. */
  private addArc(s: NodeState, label: Label, arcType: 0 | 1 | 2, keySrc?: Span): Vertex {
    const v = s.v;
    const existing = v.lookup(label);
    const frozen = v.frozenFields;
    if (frozen !== null && !existing && arcType === ArcMember && isRegularLabel(label) && !frozen.has(label)) {
      // `len` counted or a `for` ranged over this struct's fields while it could still grow
      // (see Vertex.frozenFields).
      s.scalar.addError(bottomInfo(ErrorCode.eval, `adding field ${labelPathText(label)} not allowed as field set was already referenced`, [keySrc ?? v.declSrc]));
    }
    const arc = v.getOrAddArc(label, arcType);
    if (!existing && v.patterns && typeof label === 'string' && isRegularLabel(label)) {
      for (const p of v.patterns) this.applyPattern(s, arc, p);
    }
    return arc;
  }

  /** Adds a pattern constraint whose label evaluated to `pv`; false when `pv` is incomplete. */
  private addPatternDecl(s: NodeState, pp: PendingPattern, pv: Value): boolean {
    if (pv.type === ValueType.bottom) {
      // A pattern whose label can never be computed: its error is the struct's (CUE adds it to
      // the node). An incomplete one is left out rather than made the struct's error.
      if (isIncompleteInfo(pv.info)) return false;
      s.scalar.addError(pv.info);
      return true;
    }
    pp.info.patterns = appended(pp.info.patterns, pv);
    const optional = pp.optional ?? 1;
    const bindsLabel = pp.decl.bindsLabel;
    this.addPattern(s, {
      pattern: pv,
      env: pp.env,
      expr: pp.decl.value,
      ctx: pp.ctx,
      bindsLabel,
      history: pp.history,
      cyclic: pp.cyclic,
      optional,
      conjunct: bindsLabel ? null : { env: pp.env, expr: pp.decl.value, ctx: pp.ctx, history: pp.history, cyclic: pp.cyclic, optional },
    });
    return true;
  }

  private addPattern(s: NodeState, p: PatternConstraint): void {
    const v = s.v;
    v.patterns = appended(v.patterns, p);
    for (const arc of v.arcs) {
      if (typeof arc.label === 'string' && isRegularLabel(arc.label)) this.applyPattern(s, arc, p);
    }
  }

  private applyPattern(s: NodeState, arc: Vertex, p: PatternConstraint): void {
    const name = labelName(arc.label!);
    if (!matchesPattern(p.pattern, name)) {
      // A pattern that cannot be matched (an invalid regexp) is an error of its struct.
      const err = patternError(p.pattern, name);
      if (err) s.scalar.addError(bottomInfo(ErrorCode.eval, err, [p.expr.src]));
      return;
    }
    if (p.conjunct !== null) {
      this.addChildConjunct(arc, p.conjunct);
      return;
    }
    const env = p.bindsLabel ? new Environment(p.env, null, [new StringLit(name)]) : p.env;
    this.addChildConjunct(arc, { env, expr: p.expr, ctx: p.ctx, history: p.history, cyclic: p.cyclic ?? false, optional: p.optional });
  }

  /** Adds a conjunct to a child; a child evaluated too early is evaluated again. */
  addChildConjunct(arc: Vertex, c: Conjunct): void {
    if (arc.status >= Status.evaluated) {
      if (arc.hasConjunct(c)) return;
      arc.addConjunct(c);
      arc.setState('reset');
      return;
    }
    arc.addConjunct(c);
  }

  // ---------------------------------------------------------------------------
  // Deferred work: computed expressions, comprehensions, dynamic fields

  /** Adds the disjunction terms a candidate chose that are not added yet. */
  private addChosen(s: NodeState): boolean {
    if (s.chosenAdded === s.chosen.length) return false;
    // Structure the chosen terms themselves add does not count (`#T: ["a", #T] | ["d", ...#T]`
    // reached twice: one chosen list literal must not give the other term its extra round).
    const fed = s.hasNonCyclic;
    while (s.chosenAdded < s.chosen.length) {
      const c = s.chosen[s.chosenAdded++]!;
      // A disjunct is an optional path, as an optional field (cycle.go setOptional): a recursive
      // type (`tail: list | null`) may still end in another disjunct. It is given its extra
      // round only beside structure that came through no cycle (detectCycle: IsOptional with
      // hasNonCyclic); a disjunct alone in its field stays as it is (CUE shares the vertex it
      // names, whose own cycle ends it: `x: #b | #ref`, `#a: string | #b`, `#b: c: [#a]`).
      this.addConjunct(s, fed && c.optional === undefined ? { ...c, optional: 1 } : c);
    }
    return true;
  }

  private runPending(s: NodeState): void {
    for (let round = 0; round < 100; round++) {
      // List literals with comprehensions, now that the other conjuncts are in.
      // Not when the vertex is already an error that no element can change (`v & true` for a
      // list v): CUE stops there too, and the elements could bring v round again (issue 2229).
      while (s.listComprehensions.length > 0) {
        const c = s.listComprehensions.shift()!;
        if (s.scalar.err && !isIncompleteInfo(s.scalar.err)) continue;
        this.addListElems(s, c, c.expr as ListLitX);
      }
      // Terms chosen for disjunctions reached through comprehensions of the last round.
      let progress = this.addChosen(s);
      // Pattern constraints with computed labels.
      if (s.patterns.length > 0) {
        const pats = s.patterns;
        s.patterns = [];
        for (const pp of pats) {
          if (this.addPatternDecl(s, pp, this.evalExpr(pp.env, pp.decl.pattern))) progress = true;
          else s.patterns.push(pp);
        }
      }
      // Computed expressions.
      if (s.pending.length > 0) {
        const pending = s.pending;
        const seqs = s.pendingSeqs;
        // Double-buffered: what stays waiting goes to the spare arrays (a new pair only when a
        // pass over this state runs inside another).
        s.pending = s.pendingSpare ?? [];
        s.pendingSeqs = s.pendingSeqsSpare ?? [];
        s.pendingSpare = s.pendingSeqsSpare = null;
        for (let i = 0; i < pending.length; i++) {
          const c = pending[i]!;
          const reads = this.partialReads;
          const r = this.evalExpr(c.env, c.expr);
          if (r.type === ValueType.bottom && isIncompleteInfo(r.info)) {
            const t = this.incompleteStructRef(c, r.info);
            if (t) {
              progress = true;
              this.addVertexConjuncts(s, t, c, isDefinitionRef(c.expr));
              continue;
            }
            defer(s, c, seqs[i]!);
            s.incomplete = r;
            continue;
          }
          progress = true;
          // CUE evaluates an expression when it meets it, and one that reads a field still being
          // evaluated then is incomplete and comes back later: its value is the later one.
          this.addValue(s, r, c, reads === this.partialReads ? seqs[i] : s.seq++);
        }
        pending.length = 0;
        seqs.length = 0;
        s.pendingSpare = pending;
        s.pendingSeqsSpare = seqs;
      }
      // Dynamic fields.
      if (s.dynamicFields.length > 0) {
        const dyn = s.dynamicFields;
        s.dynamicFields = [];
        for (const d of dyn) {
          const kv = this.defaultOf(this.evalExpr(d.env, d.decl.key));
          if (kv.type === ValueType.bottom) {
            if (isIncompleteInfo(kv.info)) {
              s.dynamicFields.push(d);
              s.incomplete = kv.info.code === ErrorCode.incomplete ? keyNotConcrete(kv.info, s.v, d.decl.key.src) : kv;
            } else s.scalar.addError(kv.info);
            continue;
          }
          if (kv.type !== ValueType.string) {
            // As CUE's dynamic field task: a key not concrete yet is incomplete; a concrete one
            // that is not a string never makes a field.
            if (!isScalar(kv) && !(kv.type === ValueType.vertex && kv.structural !== 0)) {
              s.dynamicFields.push(d);
              s.incomplete = new Bottom(bottomInfo(ErrorCode.incomplete, `key value of dynamic field must be concrete, found ${formatValue(kv)}`, [d.decl.key.src]));
            } else {
              const l = indexLabel(kv, d.decl.key);
              s.scalar.addError(
                typeof l === 'bigint' ? bottomInfo(ErrorCode.eval, 'integer fields not supported', [d.decl.key.src]) : (l as Bottom).info,
              );
            }
            continue;
          }
          progress = true;
          const label = regularLabel(kv.value);
          if (s.arcsReferenced && d.decl.arcType === ArcMember && !s.v.lookup(label)) {
            // A comprehension has ranged over this struct's fields while it was being
            // evaluated: a field it did not see may not be added after (CUE's "field set was
            // already referenced"), or the iteration would have been incomplete.
            s.scalar.addError(bottomInfo(ErrorCode.eval, `adding field ${labelPathText(label)} not allowed as field set was already referenced`, [d.decl.key.src]));
            continue;
          }
          (d.info.dynamicLabels ??= []).push(label);
          (d.info.dynamicByDecl ??= new Map()).set(d.decl, label);
          const arc = this.addArc(s, label, d.decl.arcType, d.decl.key.src);
          if (!arc.declSrc) arc.declSrc = d.decl.src;
          const env = d.decl.bindsLabel ? new Environment(d.env, null, [kv]) : d.env;
          this.addChildConjunct(arc, { env, expr: d.decl.value, ctx: d.ctx, history: d.history, cyclic: d.cyclic, optional: d.optional });
        }
      }
      // Comprehensions.
      if (s.comprehensions.length > 0) {
        const comps = s.comprehensions;
        s.comprehensions = [];
        let waited = false;
        for (const pc of comps) {
          // Run already from inside a comparison with bottom (see runPushedDown).
          if (pc.run === ComprehensionRun.done) {
            progress = true;
            continue;
          }
          pc.run = ComprehensionRun.running;
          const r = this.runStructComprehension(s, pc);
          pc.run = r && isIncompleteInfo(r) ? ComprehensionRun.waiting : ComprehensionRun.done;
          if (r && isIncompleteInfo(r)) {
            s.comprehensions.push(pc);
            // On the last pass the first to wait names the cycle (CUE: the one started first);
            // the incomplete errors of the others follow it in one list (CUE's CombineErrors of
            // equal codes: "incomplete bool: bool (and 1 more errors)", comprehensions/issue1732).
            if (!s.lastPass || !waited) s.incomplete = new Bottom(r);
            else if (r.code === ErrorCode.incomplete && s.incomplete?.type === ValueType.bottom && s.incomplete.info.code === ErrorCode.incomplete) s.incomplete = new Bottom(appendErrors(s.incomplete.info, r));
            waited = true;
            continue;
          }
          if (r) s.scalar.addError(r);
          progress = true;
        }
      }
      if (s.pending.length + s.comprehensions.length + s.dynamicFields.length + s.listComprehensions.length + s.patterns.length + s.chosen.length - s.chosenAdded === 0) break;
      if (!progress) {
        // Comprehensions wait for fields others may add: one more round answers as things are.
        if (s.lastPass || s.comprehensions.length === 0) break;
        s.lastPass = true;
      }
    }
    // What is still waiting is incomplete.
    for (const c of s.pending) {
      this.cycleTarget = null;
      const typeReads = this.partialTypeReads;
      const r = this.evalExpr(c.env, c.expr);
      const readType = this.partialTypeReads !== typeReads;
      const t = r.type === ValueType.bottom ? this.incompleteStructRef(c, r.info) : null;
      if (t) {
        this.addVertexConjuncts(s, t, c, isDefinitionRef(c.expr));
        continue;
      }
      // An expression cycle next to a concrete value is checked against it later (spec: "atom & expression").
      // Likewise next to a disjunction, which may yet give the value (`e: 1 + d, e: *2 | 0`).
      // And next to a type or bound (`c: a+b & >=5`): CUE ignores the cycle for the time being,
      // so the field is that type to whoever reads it meanwhile (`a: c - b`: "non-concrete
      // value >=5 in operand to -", incomplete rather than a cycle).
      // An incomplete result counts as such a cycle when the expression may have read the type
      // of this vertex or of another one being evaluated (see partialType).
      // Not in a value made for an operand or a disjunct (`(6 & (x - 2)) | 9`): it is used as
      // soon as it is made, so nothing could check it later; the cycle is its error (a
      // disjunct with a cycle error is eliminated, as CUE's disjuncts are).
      const cyclic = r.type === ValueType.bottom && (r.info.code === ErrorCode.cycle || (r.info.code === ErrorCode.incomplete && (s.typeRead || readType)));
      if (cyclic && (s.scalar.concrete || s.disjunctions.length > 0 || this.hasTypeBeside(s)) && (s.v.parent !== null || s.v.label !== null)) {
        // With no concrete value beside it, this field will be its disjunction's default for
        // now; a field it met in the cycle that still has disjunctions of its own must then
        // resolve to its default too, or which of the two gave way is ambiguous (CUE's
        // defaultAttemptInCycle, checked in disjunction.ts setResult).
        const t = this.cycleTarget as Vertex | null;
        if (!s.scalar.concrete && s.disjunctions.length > 0 && t && t !== s.v && t.state && t.state.disjunctions.length > 0 && !t.state.expanding) t.state.defaultAttemptInCycle ??= s.v;
        this.deferredCycles.push(s.v, c);
        continue;
      }
      // An expression that met a vertex still being evaluated further out (`#ID: =~"\(p)"`
      // reached from the let `p` depends on): CUE's scheduler would come back to it once that
      // vertex is done. The value is provisional: evaluated again when the outermost
      // evaluation ends (see resetProvisional).
      // So is one that read the type of such a vertex (see partialType).
      if (r.type === ValueType.bottom && (r.info.code === ErrorCode.cycle || (r.info.code === ErrorCode.incomplete && readType)) && this.cycleTarget !== null && this.isProvisional(s, { ...r.info, code: ErrorCode.cycle })) {
        this.provisionalCycles.push(s.v, this.cycleTarget);
      }
      this.addValue(s, r, c);
    }
    if (s.pending.length !== 0) {
      s.pending = [];
      s.pendingSeqs = [];
    }
    // A pattern whose label stayed incomplete adds nothing, and its error is the node's, as
    // CUE's pattern task adds it (`[X]: X` with `let X = or([])`: fulleval/049).
    if (s.patterns.length !== 0) {
      const pats = s.patterns;
      s.patterns = [];
      for (const pp of pats) {
        const pv = this.evalExpr(pp.env, pp.decl.pattern);
        if (this.addPatternDecl(s, pp, pv) || pv.type !== ValueType.bottom) continue;
        if (!this.isProvisional(s, pv.info)) s.scalar.addError(pv.info);
      }
    }
    if (s.comprehensions.length > 0 || s.dynamicFields.length > 0) {
      if (s.incomplete && s.incomplete.type === ValueType.bottom) {
        // Not when a comprehension waits for a field it may add itself (its condition depends
        // on its own result): no evaluation elsewhere can settle that, it is the error.
        if (s.incomplete.info !== s.ownFieldCycle && this.isProvisional(s, s.incomplete.info)) {
          const yields = new Set<Label>();
          for (const pc of s.comprehensions) for (const l of yieldedLabels(pc.decl)) yields.add(l);
          s.v.pendingYields = yields;
          this.provisional.push(s.v);
        } else {
          // Reported at this struct, whose comprehension (or dynamic field) it arose in (CUE's
          // error path is the vertex being evaluated): `#Config.auth0: incomplete bool: bool`
          // also where a field of it is selected.
          const info = s.incomplete.info;
          s.v.waiting = [...s.comprehensions, ...s.dynamicFields].map(({ decl, env }) => ({ decl, env }));
          s.scalar.addError(info.code === ErrorCode.incomplete && info.path === undefined && s.v.label !== null && !this.inlineOrigins.has(rootOf(s.v)) ? withPath(info, s.v.path()) : info);
        }
      }
    }
  }

  /**
   * The struct an embedding deferred until its field was there (`{_foo, _foo: {...}}`) names,
   * when that struct is finished but incomplete (a comprehension in it waits for a field it
   * does not have, `_foo: {env: string, if env == "dev" {...}}`): its value is that error,
   * but what the embedding takes is its conjuncts, as when it was there from the start, and
   * here they may complete (`env: "dev"` beside the embedding). Null otherwise.
   */
  private incompleteStructRef(c: Conjunct, err: BottomInfo): Vertex | null {
    if (err.code !== ErrorCode.incomplete || !isReference(c.expr) || ((c.expr.op === ExprOp.selector) && selectsFromInline(c.expr))) return null;
    const t = this.resolve(c.env, c.expr, null);
    if (t.type !== ValueType.vertex || t.structural === 0 || t.state !== null || t.status < Status.evaluated || t.isValueOnly) return null;
    const val = t.value;
    return val !== null && val.type === ValueType.bottom && val.info === err ? t : null;
  }

  /**
   * What a scalar field being evaluated is known to be so far when that is a type or bound
   * (`c: a+b & >=5` read from `a: c - b`): CUE lets such a value break the reference cycle,
   * so an operation on it is incomplete ("non-concrete value >=5 in operand to -") rather
   * than a cycle. The reader is provisional (cycleTarget): evaluated again if the field
   * becomes concrete after all.
   */
  private partialType(s: NodeState): Value | null {
    if (!this.hasTypeBeside(s) || s.scalar.err !== null || s.disjunctions.length > 0) return null;
    const r = s.scalar.finish(this.validatorCheck, 0);
    if (r.type === ValueType.bottom || r.type === ValueType.top) return null;
    s.typeRead = true;
    this.partialTypeReads++;
    return r;
  }

  /** Whether s has met a type, a bound or a validator (not only `_`), as a scalar field. */
  private hasTypeBeside(s: NodeState): boolean {
    const sc = s.scalar;
    return s.v.structural === 0 && !s.maybeEmptyStruct && (sc.kind !== TopKind || sc.bounds.length > 0 || sc.validators.length > 0);
  }

  /**
   * Comprehensions left waiting on a cycle through a vertex still being evaluated further out
   * (`b: {if a.bar == _|_ {...}}` met while `a`'s own comprehension runs): CUE would suspend
   * them and go on when that vertex is done. The value is provisional: it is used as it is
   * (without those fields) until the outermost evaluation ends, then evaluated again.
   */
  private isProvisional(s: NodeState, err: BottomInfo): boolean {
    const v = s.v;
    if (this.depth <= 1 || err.code !== ErrorCode.cycle || s.dynamicFields.length > 0) return false;
    // Only a field of the tree (not a disjunction's candidate or an operand's helper vertex).
    return v.parent !== null && v.label !== null && v.parent.lookup(v.label) === v && !v.choices;
  }

  /**
   * Values that met a vertex still being evaluated further out, with that vertex, in pairs:
   * when that vertex got a concrete value after all, the cycle is broken and they are
   * evaluated again (CUE's scheduler would have come back to them).
   */
  private resetCycles(): void {
    const list = this.provisionalCycles.splice(0);
    for (let i = 0; i < list.length; i += 2) {
      const v = list[i]!;
      const target = list[i + 1]!;
      if (v.status !== Status.evaluated || v.state || target.status < Status.evaluated || target.state) continue;
      // Broken only by a concrete value: a cycle that ends in an error, a disjunction or a
      // type is still one (`xb2: xb3 + 2` with `xb3: (6 & (xb1 - 2)) | (xb4 & 9)`).
      const tv = target.value;
      const concrete = target.structural !== 0 ? tv === null || (tv.type !== ValueType.bottom && tv.type !== ValueType.disjunction) : tv !== null && isScalar(tv);
      // Still a cycle, now settled: v takes the errors of the whole cycle, which the vertex it
      // met has gathered (it read v's), as every field of a cycle does in CUE (`n1.max: cycle
      // with field: min (and 1 more errors)` for both min and max).
      if (!concrete) {
        const vv = v.value;
        if (tv !== null && tv.type === ValueType.bottom && tv.info.code === ErrorCode.cycle && vv !== null && vv.type === ValueType.bottom && vv.info.code === ErrorCode.cycle) v.value = tv;
        continue;
      }
      v.setState('reset');
    }
  }

  /** Provisional values (see isProvisional) are evaluated again, now that the cycle is broken. */
  private resetProvisional(): void {
    const list = this.provisional.splice(0);
    for (const v of list) {
      if (v.pendingYields === null) continue;
      v.pendingYields = null;
      if (this.copyWatch.size > 0) this.copyWatch.keepBelow(v);
      v.setState('reset');
    }
  }

  /**
   * Before a comparison with bottom looks at field `x` of a struct being evaluated: CUE checks
   * the field recursively, and a comprehension of the struct that adds inside the field is a
   * pending arc there, so it runs first (comprehension.go pushes it down). One that is running
   * already (the comparison is in its own condition, or in one it ran) cannot: the field ends
   * as "cyclic reference to field a" (`sameStruct.cycleFail.t2`: `if raises == _|_ {ret: a: 1}`
   * beside `if ret != _|_ {raises: a: 1}`); the comparison still sees it as it is now.
   */
  runPushedDown(env: Environment, x: Expr): void {
    if (x.op !== ExprOp.fieldRef) return;
    const sv = env.outer(x.up)?.vertex;
    const s = sv?.state;
    if (!s || s.allComprehensions.length === 0) return;
    const arc = sv!.lookup(x.label);
    if (!arc) return;
    for (const pc of s.allComprehensions) {
      if (pc.run === ComprehensionRun.done) continue;
      const below = pushedDownLabel(pc.decl, x.label);
      if (below === null) continue;
      if (pc.run === ComprehensionRun.running) {
        s.cyclicBelow.push([arc, below, pc.decl.clauses[0]?.kind === 'if' ? pc.decl.clauses[0].condition.src : pc.decl.src]);
        continue;
      }
      this.runAhead(s, pc);
    }
  }

  /**
   * Runs a comprehension of `s` before its turn (runPushedDown, runAddersInside): done, with
   * its error if it failed; or, when it cannot run yet (incomplete), left as it was. Whether it ran.
   */
  private runAhead(s: NodeState, pc: PendingComprehension): boolean {
    const before = pc.run;
    pc.run = ComprehensionRun.running;
    const r = this.runStructComprehension(s, pc);
    if (r && isIncompleteInfo(r)) {
      pc.run = before;
      return false;
    }
    pc.run = ComprehensionRun.done;
    if (r) s.scalar.addError(r);
    return true;
  }

  /**
   * Runs the comprehensions of the structs being evaluated above `v` that may add fields
   * inside `v`, before a `for` ranges over it. true: none is left to run (the field set is
   * known); false: one could not run yet (its field set may still grow, so it is not fixed);
   * null: some ran, so `v` must be looked up again.
   */
  private runAddersInside(v: Vertex): boolean | null {
    const path: Label[] = [];
    let ran = false;
    let known = true;
    for (let child = v, p = v.parent; p !== null; child = p, p = p.parent) {
      if (child.label === null) break;
      path.unshift(child.label);
      const s = p.state;
      if (s === null || s.allComprehensions.length === 0) continue;
      for (const pc of s.allComprehensions) {
        // A running one (this very comprehension among them) cannot run first: what it adds
        // after the iteration is what the fixed field set rejects.
        if (pc.run === ComprehensionRun.done || pc.run === ComprehensionRun.running) continue;
        if (!addsInside(pc.decl, path)) continue;
        if (this.runAhead(s, pc)) ran = true;
        else known = false;
      }
    }
    return ran ? null : known;
  }

  private runStructComprehension(s: NodeState, pc: PendingComprehension): BottomInfo | null {
    const yields: Environment[] = [];
    const err = this.comprehension(pc.decl, yields, pc.env);
    if (err) return err;
    for (const env of yields) {
      this.addStruct(s, { env, expr: pc.decl.body, ctx: pc.ctx, history: pc.history, cyclic: pc.cyclic, optional: pc.optional }, pc.decl.body, { parent: pc.info, index: pc.index });
    }
    // `else { ... }`: nothing yielded (no error either), in the comprehension's own environment.
    const otherwise = pc.decl.otherwise;
    if (yields.length === 0 && otherwise) {
      this.addStruct(s, { env: pc.env, expr: otherwise, ctx: pc.ctx, history: pc.history, cyclic: pc.cyclic, optional: pc.optional }, otherwise, { parent: pc.info, index: pc.index });
    }
    return null;
  }

  /**
   * Runs the clauses of a comprehension: the environment of each iteration goes to `out`, all
   * of them or (on an error, incomplete when a source or condition is not known yet) none.
   */
  comprehension(decl: ComprehensionDecl, out: Environment[], env: Environment): BottomInfo | null {
    const err = this.clauses(decl, out, env, 0);
    if (err) out.length = 0;
    return err;
  }

  /** Clause `i` of a comprehension and the ones after it, in environment `e`: iterations go to `out`. */
  private clauses(decl: ComprehensionDecl, out: Environment[], e: Environment, i: number): BottomInfo | null {
    if (!this.step()) return this.aborted;
    const clauses = decl.clauses;
    if (i === clauses.length) {
      if (out.length >= this.limits.maxComprehensionValues) {
        return bottomInfo(ErrorCode.limit, `comprehension produces too many values (limit maxComprehensionValues = ${this.limits.maxComprehensionValues})`, [decl.src]);
      }
      out.push(e);
      return null;
    }
    const cl = clauses[i]!;
    switch (cl.kind) {
      case 'for': {
        const src = this.defaultOf(this.evalClause(e, cl.source));
        if (src.type === ValueType.bottom) return src.info;
        if (src.type !== ValueType.vertex || src.structural === 0) {
          // CUE names the expression ranged over, not its value (adt/expr.go, forSource).
          const what = sourceText(cl.source.src, formatValue(src));
          if (mismatchCode(src, Kind.list | Kind.struct) === ErrorCode.eval)
            return bottomInfo(ErrorCode.eval, `cannot range over ${what} (found ${kindWord(src)}, want list or struct)`, [cl.source.src]);
          return bottomInfo(ErrorCode.incomplete, `cannot range over ${what} (incomplete type ${kindName(kindOf(src))})`, [cl.source.src]);
        }
        if (src.state !== null && src.status === Status.evaluating) {
          // A list still being made, none of whose literals is complete yet (its only literals
          // are the ones with comprehensions, this one among them): CUE sets a list's marker
          // when a literal's elements are all in (tasks.go updateListType), so until then the
          // node is only of type list: "incomplete type list" (`cycle/comprehension` B.a,
          // `children: [for k, v in B for w in v.children {k}]`). Beside a plain literal the
          // list is known and the comprehension sees its elements (selfReferential.list).
          if (src.isList && src.state.lists.length === 0) {
            const at = cl.source.op === ExprOp.selector ? (cl.source.whole ?? cl.source.src) : cl.source.src;
            return bottomInfo(ErrorCode.incomplete, `cannot range over ${sourceText(at, formatValue(src))} (incomplete type list)`, [at]);
          }
          // Ranging over a struct still being evaluated fixes its set of fields (see runPending).
          src.state.arcsReferenced = true;
        } else if (src.state === null && src.isStruct && src.frozenFields === null && mayStillGrow(src)) {
          // A finished struct inside one still being evaluated, whose comprehensions may add to
          // it: those run first (CUE's pending arcs, `cycle/freeze` comprehension t1.ok), then
          // its set of fields is fixed, so that a field added after the iteration (by this very
          // comprehension, `x: {info: {a: 1}, for k, v in x.info {info: "\(k)2": v}}`) is an
          // error and not a value that is no fixpoint.
          const ran = this.runAddersInside(src);
          if (ran === null) return this.clauses(decl, out, e, i);
          if (ran) freezeFieldSet(src);
        }
        const arcs = src.arcs;
        for (let j = 0; j < arcs.length; j++) {
          const a = arcs[j]!;
          if (src.isList) {
            // Only the elements: a list embedded in a struct keeps its lets and definitions beside them.
            if (typeof a.label !== 'number') continue;
            const r = this.clauses(decl, out, new Environment(e, null, [makeInt(BigInt(a.label as number)), a]), i + 1);
            if (r) return r;
          } else {
            if (!isRegularLabel(a.label!)) continue;
            if (a.arcType === ArcRequired) {
              // A required field not given yet: the iteration is not known (CUE's ForClause).
              return bottomInfo(ErrorCode.incomplete, `missing required field in for comprehension: ${labelPathText(a.label!)}`, [decl.src, a.declSrc, cl.source.src]);
            }
            if (a.arcType !== ArcMember) continue;
            const r = this.clauses(decl, out, new Environment(e, null, [new StringLit(labelName(a.label!)), a]), i + 1);
            if (r) return r;
          }
        }
        return null;
      }
      case 'if': {
        const cond = this.defaultOf(this.evalClause(e, cl.condition));
        if (cond.type === ValueType.bottom) return cond.info;
        if (cond.type !== ValueType.bool) {
          if (mismatchCode(cond, Kind.bool) === ErrorCode.eval)
            return bottomInfo(ErrorCode.eval, `cannot use ${formatValue(cond)} (type ${kindWord(cond)}) as type bool`, [cl.condition.src]);
          // CUE's typeError: the kind expected, then the value (adt/context.go).
          return bottomInfo(ErrorCode.incomplete, `incomplete bool: ${formatValue(cond)}`, [cl.condition.src]);
        }
        return cond.value ? this.clauses(decl, out, e, i + 1) : null;
      }
      case 'let': {
        const lv = new Vertex(null, null);
        lv.addConjunct({ env: e, expr: cl.expr, ctx: null, history: null, cyclic: false });
        return this.clauses(decl, out, new Environment(e, null, [lv]), i + 1);
      }
      case 'try': {
        // `try x = expr`: x bound as a let is, once expr is tried; the struct form tries the body.
        if (this.tryDrops(e, cl.expr ?? decl.body)) return null;
        if (!cl.expr) return this.clauses(decl, out, e, i + 1);
        const tv = new Vertex(null, null);
        tv.addConjunct({ env: e, expr: cl.expr, ctx: null, history: null, cyclic: false });
        return this.clauses(decl, out, new Environment(e, null, [tv]), i + 1);
      }
    }
  }

  /**
   * A try clause's trial (CUE's TryClause.yield): `x` is evaluated in a vertex of its own,
   * everything below it included, and the iteration is dropped when a `?` reference met on the
   * way found its field absent (see markAbsent). Other errors do not drop it: the iteration
   * goes on and they come back where the body is evaluated for real.
   */
  private tryDrops(env: Environment, x: Expr): boolean {
    const trial = { dropped: false };
    this.tryTrials.push(trial);
    try {
      const v = new Vertex(null, null);
      v.declSrc = x.src;
      v.addConjunct({ env, expr: x, ctx: null, history: null, cyclic: false });
      this.finalize(v);
    } finally {
      this.tryTrials.pop();
    }
    return trial.dropped;
  }

  /**
   * A `?` reference (`a?`, `a.b?`, `a[i]?`) whose field is absent: not there (yet), an optional
   * field not set, an index past an open list's end. The innermost trial running is dropped.
   * A required field not given, a closed struct without the field or a closed list too short
   * are errors as without the `?` (cue/testdata/comprehensions/try.txtar).
   */
  private markAbsent(r: Vertex | Value): void {
    if (r.type !== ValueType.bottom || r.info.code !== ErrorCode.incomplete) return;
    if (!/^(undefined field: |cannot reference optional field: |reference ".*" not found$|index out of range \[)/.test(r.info.message)) return;
    const trial = this.tryTrials[this.tryTrials.length - 1];
    if (trial) trial.dropped = true;
  }

  /**
   * A comprehension's `for` source or `if` condition. A lookup it makes in a vertex still
   * being evaluated waits for that vertex (a cycle, CUE's yield of a comprehension on a node
   * in progress: cue/testdata/cycle/compbottomnofinal) rather than looking in it as it is
   * (see resolveOperand).
   */
  private evalClause(env: Environment, x: Expr): Value {
    const saved = this.clauseDepth;
    this.clauseDepth = this.depth;
    try {
      return this.evalExpr(env, x);
    } finally {
      this.clauseDepth = saved;
    }
  }

  // ---------------------------------------------------------------------------
  // Finishing a vertex

  /**
   * A comparison with bottom (`x == _|_`) made in a struct being evaluated: its outcome is
   * checked again when the struct is complete (CUE's verifyNonMonotonicResult): an operand
   * that was incomplete must still be an error, a scalar must still be one.
   */
  notePostCheck(env: Environment, expr: Expr, x: Value): void {
    let e: Environment | null = env;
    while (e && !e.vertex) e = e.up;
    const s = e?.vertex?.state;
    if (!s) return;
    const d = this.defaultOf(x);
    if (d.type === ValueType.bottom) {
      if (d.info.code === ErrorCode.incomplete) s.postChecks.push({ env, expr, expectError: true });
    } else if (d.type !== ValueType.vertex) s.postChecks.push({ env, expr, expectError: false });
  }

  private runPostChecks(s: NodeState): void {
    const checks = s.postChecks.splice(0);
    for (const c of checks) {
      const x = this.evalExpr(c.env, c.expr);
      if (x.type === ValueType.bottom && x.info.code === ErrorCode.cycle) continue;
      if ((this.defaultOf(x).type === ValueType.bottom) === c.expectError) continue;
      const src = wholeSpan(c.expr);
      s.scalar.addError(changedConditionError(src, sourceText(src, '_').replace(/\s*([|&])\s*/g, '$1')));
    }
  }

  finishNode(v: Vertex, s: NodeState): void {
    if (s.postChecks.length > 0) this.runPostChecks(s);
    if (s.cyclicBelow.length > 0) {
      for (const [arc, label, src] of s.cyclicBelow.splice(0)) {
        const err = new Bottom(bottomInfo(ErrorCode.incomplete, `cyclic reference to field ${labelPathText(label)}`, [src]));
        this.addChildConjunct(arc, { env: new Environment(null, v, []), expr: new ValueX(err, src), ctx: null, history: null, cyclic: false });
      }
    }
    if (s.maybeEmptyStruct && v.structural === 0 && s.scalar.concrete === null && s.scalar.bounds.length === 0 && s.scalar.kind === 0xff) {
      v.structural |= Kind.struct;
    }
    if (s.embedStruct && v.structural === 0 && !s.scalar.hasTop && s.scalar.err === null && s.scalar.concrete === null && s.scalar.bounds.length === 0 && s.scalar.validators.length === 0 && s.scalar.kind === 0xff) {
      // `{b}` where `b` added nothing (a reference cycle): the literal still makes a struct.
      v.structural |= Kind.struct;
    }
    if (v.isList) this.finishList(v, s);
    // Only cyclic structure: a structural cycle if it would go on adding fields; a cyclic
    // reference to a struct of patterns alone (`y: [string]: b: y`) adds nothing and ends here.
    // A conflict with a value that came through no cycle is reported instead (`b: a & [[1]]`,
    // `a: [a]` at b.0.0): CUE processes the cyclic conjuncts once a non-cyclic one is in
    // (cycle.go updateCyclicStatus), and CombineErrors keeps the lower code, EvalError before
    // StructuralCycleError. A conflict among cyclic conjuncts only (`a: [a]`, `a: c: a` at
    // a.c) stays a structural cycle: CUE never adds them.
    if ((v.structural !== 0 && s.hasCyclic && !s.hasNonCyclic && v.arcs.length > 0) || s.cycleCut) {
      const conflict = s.nonCycleValue && s.scalar.err !== null && outranksStructuralCycle(s.scalar.err) ? s.scalar.err : null;
      v.value = new Bottom(conflict ?? bottomInfo(ErrorCode.structuralCycle, 'structural cycle', [v.declSrc]));
      if (!this.keepsCycleFields(v)) v.clearArcs();
      return;
    }
    let value = s.scalar.finish(this.validatorCheck, v.structural, v.conjuncts);
    if (s.closeCall && v.structural === 0 && isScalar(value)) {
      value = new Bottom(bottomInfo(ErrorCode.eval, `cannot use ${formatValue(value)} (type ${kindWord(value)}) as struct in argument 1 to close`, [s.closeCall.src]));
    }
    if (v.structural !== 0 && value.type !== ValueType.bottom && s.scalar.validators.length > 0) {
      this.validating.add(v);
      try {
        // Every validator that fails is reported, not just the first (vet_issue2778: seven
        // list.Contains, seven errors).
        const failed: BottomInfo[] = [];
        for (const val of s.scalar.validators) {
          const e = this.checkValidator(v, val);
          if (e) failed.push(e);
        }
        const e = combineChecks(failed);
        if (e !== null) value = new Bottom(e);
      } finally {
        this.validating.delete(v);
      }
    }
    v.value = value;
    if (v.isStruct && v.structs && value.type !== ValueType.bottom) checkClosedness(v);
  }

  private finishList(v: Vertex, s: NodeState): void {
    let closedLen = -1;
    let maxLen = 0;
    for (const l of s.lists) {
      if (l.len > maxLen) maxLen = l.len;
      if (!l.open) {
        if (closedLen >= 0 && closedLen !== l.len) {
          // The shorter length first, as CUE prints it whatever the order of the lists.
          s.scalar.addError(bottomInfo(ErrorCode.eval, `incompatible list lengths (${Math.min(closedLen, l.len)} and ${Math.max(closedLen, l.len)})`, s.lists.map((x) => x.src)));
          return;
        }
        closedLen = l.len;
      }
    }
    if (closedLen >= 0 && maxLen > closedLen) {
      s.scalar.addError(bottomInfo(ErrorCode.eval, `incompatible list lengths (${closedLen} and ${maxLen})`, s.lists.map((x) => x.src)));
      return;
    }
    v.listOpen = closedLen < 0;
    for (const r of s.listRests) {
      for (const arc of v.arcs) {
        if (typeof arc.label === 'number' && arc.label >= r.from) {
          this.addChildConjunct(arc, { env: r.env, expr: r.expr, ctx: r.ctx, history: r.history, cyclic: r.cyclic, optional: r.optional, listRest: true });
        }
      }
    }
    if (v.listOpen && s.listRests.length > 0) {
      // The element type of the open tail, for `[...int]` and for printing.
      v.patterns = s.listRests.map((r) => ({ pattern: TOP, env: r.env, expr: r.expr, ctx: r.ctx, bindsLabel: false, history: r.history, cyclic: r.cyclic, optional: r.optional, conjunct: null }));
    }
  }

  checkValidator(x: Scalar | Vertex, val: ValidatorValue): BottomInfo | null {
    return callValidator(this, x, val);
  }

  // ---------------------------------------------------------------------------
  // References

  /** Resolves a reference expression to a vertex (to add its conjuncts) or a value. */
  resolve(env: Environment, e: Expr, from: Vertex | null): Vertex | Value {
    const r = this.resolveRef(env, e, from);
    if (this.tryTrials.length > 0 && (e.op === ExprOp.fieldRef || e.op === ExprOp.selector || e.op === ExprOp.index) && e.optional) this.markAbsent(r);
    return r;
  }

  private resolveRef(env: Environment, e: Expr, from: Vertex | null): Vertex | Value {
    switch (e.op) {
      case ExprOp.fieldRef:
      case ExprOp.letRef: {
        const scope = env.outer(e.up);
        const sv = scope?.vertex;
        if (!sv) return new Bottom(bottomInfo(ErrorCode.eval, `reference "${e.name}" not found`, [e.src]));
        if (e.op === ExprOp.letRef) {
          const lv = this.iterationLets.get(scope!)?.get(e.label);
          if (lv) return lv;
        }
        if (sv.status === Status.unprocessed) this.evaluate(sv);
        const arc = this.lookupInScope(sv, e.label);
        if ((!arc || arc.arcType !== ArcMember) && sv.state && e.op === ExprOp.fieldRef) {
          const pending = pendingFieldError(sv.state, [e.label], arc !== undefined, e.src);
          if (pending) return pending;
        } else if (!arc && sv.pendingYields?.has(e.label)) return cyclicFieldError(e.label, e.src);
        else if (arc && sv.waiting !== null && e.op === ExprOp.fieldRef && waitingYields(sv.waiting, e.label)) {
          // A comprehension of sv that waits for an input not known yet may still add to it
          // (`#M: ""` beside `if len(#S) > 0 {#M: "-\(#S)"}`): not known yet either, as in
          // cue's eval (eval_incomplete issue4029 prints `ConfigMap: "\(#M)"`).
          return new Bottom(bottomInfo(ErrorCode.incomplete, `field ${labelPathText(e.label)} may still be added to by a comprehension`, [e.src]));
        }
        if (!arc) {
          return new Bottom(bottomInfo(ErrorCode.incomplete, `reference "${e.name}" not found`, [e.src]));
        }
        if (arc.arcType !== ArcMember && e.op === ExprOp.fieldRef) {
          return new Bottom(bottomInfo(ErrorCode.incomplete, missingFieldMessage(arc.arcType, e.name), [e.src]));
        }
        return (this.standIns.size > 0 && this.standIns.get(arc)) || arc;
      }
      case ExprOp.selfRef: {
        const sv = env.outer(e.up)?.vertex;
        if (!sv) return new Bottom(bottomInfo(ErrorCode.eval, `invalid reference`, [e.src]));
        return sv;
      }
      case ExprOp.dynamicAliasRef: {
        const sv = env.outer(e.up)?.vertex;
        const decl = e.target.decl;
        if (!sv || !decl) return new Bottom(bottomInfo(ErrorCode.eval, `reference "${e.name}" not found`, [e.src]));
        if (sv.status === Status.unprocessed) this.evaluate(sv);
        let label: Label | undefined;
        for (const s of sv.structs ?? []) {
          label = s.dynamicByDecl?.get(decl);
          if (label !== undefined) break;
        }
        const arc = label === undefined ? undefined : sv.lookup(label);
        if (!arc) return new Bottom(bottomInfo(ErrorCode.incomplete, `reference "${e.name}" not found`, [e.src]));
        return arc;
      }
      case ExprOp.bindingRef: {
        const scope = env.outer(e.up);
        const b = scope?.bindings?.[e.slot];
        if (!b) return new Bottom(bottomInfo(ErrorCode.eval, `reference "${e.name}" not found`, [e.src]));
        return b;
      }
      case ExprOp.importRef: {
        const p = this.resolveImport(e.path);
        if (typeof p === 'string') return new Bottom(bottomInfo(ErrorCode.compile, p, [e.src]));
        return p;
      }
      case ExprOp.selector: {
        const base = this.resolveOperand(env, e.x, from, e.label);
        if (base.type === ValueType.bottom) return base;
        if (base.type !== ValueType.vertex) return notSelectable(base, e.src, e.x.src);
        return this.selectArc(base, e.label, e.src);
      }
      case ExprOp.index: {
        const base = this.resolveOperand(env, e.x, from, undefined, true);
        if (base.type === ValueType.bottom) return base;
        // Still being evaluated, with no value yet (see resolveOperand): looked up as it is.
        const unsettled = base.type === ValueType.vertex && base.structural === 0 && (base.status === Status.evaluating || base.state !== null);
        if (base.type !== ValueType.vertex || (base.structural === 0 && !unsettled)) return notSelectable(base, e.src, e.x.src);
        const idx = this.defaultOf(this.evalExpr(env, e.index));
        if (idx.type === ValueType.bottom) return idx;
        const label = indexLabel(idx, e.index);
        if (typeof label !== 'bigint' && typeof label !== 'string') return label;
        if (typeof label === 'bigint') {
          if (unsettled) return new Bottom(bottomInfo(ErrorCode.incomplete, `index out of range [${label}] with length 0`, [e.index.src]));
          // An int index into what can never be a list is permanent (CUE's reportFieldIndexError).
          if (!base.isList) return new Bottom(bottomInfo(ErrorCode.eval, `invalid index ${label} (found ${kindName(base.kindMask())}, want list)`, [e.index.src]));
          const arc = label < BigInt(base.arcs.length) ? base.lookup(Number(label)) : undefined;
          if (!arc) {
            // The length counts elements only: a list may embed definitions beside them (`{[1, 2], #foo: 1}`).
            let length = 0;
            for (const a of base.arcs) if (typeof a.label === 'number') length++;
            return new Bottom(
              bottomInfo(base.listOpen || base.value?.type === ValueType.bottom ? ErrorCode.incomplete : ErrorCode.eval, `index out of range [${label}] with length ${length}`, [e.index.src]),
            );
          }
          return arc;
        }
        return this.selectArc(base, regularLabel(label), e.src);
      }
      default:
        return this.evalExpr(env, e);
    }
  }

  private lookupInScope(sv: Vertex, label: Label): Vertex | undefined {
    const arc = sv.lookup(label);
    if (arc) return arc;
    // A scope that was resolved to a disjunction: look in its default.
    const val = sv.value;
    if (val && val.type === ValueType.disjunction) {
      const d = this.defaultOf(val);
      if (d.type === ValueType.vertex) return d.lookup(label);
    }
    return undefined;
  }

  /** The operand of a selector or index: a vertex (evaluated, default chosen) or a value. */
  private resolveOperand(env: Environment, x: Expr, from: Vertex | null, selecting?: Label, indexing = false): Value {
    const inline = x.op === ExprOp.struct || x.op === ExprOp.conjunction;
    let r = inline ? this.inlineValue(env, x) : this.resolve(env, x, from);
    if (r.type === ValueType.vertex) {
      this.evaluate(r);
      // A list that is incomplete (a validator such as list.MinItems not satisfied yet) is still
      // indexed: CUE looks the element up and reports a missing one as out of range, with the
      // list's incomplete code (errors.go reportFieldError: builtins/validators issue2098).
      if (indexing && r.isList && r.value !== null && r.value.type === ValueType.bottom && r.value.info.code === ErrorCode.incomplete) return r;
      // An inline value is not rooted: its fields are completed before a lookup in it, and
      // one in conflict makes the whole value an error (CUE's node: CompleteArcsShallow;
      // `({x: 1, y: 2} & {x: 3}).y` is an error).
      if (inline && selecting !== undefined) {
        const err = this.conflictingArc(r);
        if (err) return err;
      }
      // A scalar or list with definitions beside it (`{"foo", #bar: "bar"}`): they can be selected.
      // Not from an error (an empty disjunction keeps the fields it has outside its disjuncts,
      // for lookups by path only).
      if (selecting !== undefined && r.structural !== Kind.struct && r.value?.type !== ValueType.bottom && r.lookup(selecting)) return r;
      // A let whose value refers to a struct around it (`a: {b: 1, let X = a, c: X.b}`), or a
      // field of an inline value that does, is a structural cycle as a value, but a lookup in
      // it is evidence of non-cyclicity (cycle.go, "Lookups in inline cycles"): its field is
      // selected all the same.
      if (selecting !== undefined && r.value !== null && r.value.type === ValueType.bottom && r.value.info.code === ErrorCode.structuralCycle && this.keepsCycleFields(r) && r.lookup(selecting)) return r;
      // A struct whose value is a cycle error (incomplete in CUE's sense: "circular dependency
      // in evaluation of conditionals") keeps its fields, and a selector looks the field up in
      // it, as CUE's resolve returns the vertex (`_Value.out`, cycle/compbottom2 issue3836.hidden).
      if (selecting !== undefined && r.value !== null && r.value.type === ValueType.bottom && r.value.info.code === ErrorCode.cycle && r.isStruct && r.lookup(selecting)) return r;
      const target = r;
      const pending = r.status === Status.evaluating || r.state !== null;
      r = this.vertexResult(r, x);
      // A vertex still being evaluated with nothing yet that breaks the cycle (no value, no
      // type): CUE looks the field up in the node as it is (`splits[0]` with `splits` a let
      // whose call reads the field being evaluated, cue/testdata/cycle/issue4244; `r: L=L.a`,
      // eval/notify issue3437), and a missing one is "index out of range" or "undefined
      // field", incomplete (errors.go reportFieldError: the cycle placeholder is no error of its
      // own). The reader met a vertex being evaluated all the same: counted as a type read, so
      // that it is evaluated again once the cycle is broken (see runPending).
      if (pending && this.clauseDepth !== this.depth && r.type === ValueType.bottom && r.info.code === ErrorCode.cycle && this.cycleTarget === target && !(target.state && target.state.expanding)) {
        this.partialTypeReads++;
        if (target.state) target.state.typeRead = true;
        return target;
      }
    }
    return this.defaultOf(r);
  }

  /** The first regular field of an evaluated inline value whose value is a permanent (eval) error, closedness aside. */
  private conflictingArc(v: Vertex): Bottom | null {
    if (v.status !== Status.evaluated || v.state) return null;
    for (const a of v.arcs) {
      if (a.arcType !== ArcMember || a.label === null || !isRegularLabel(a.label)) continue;
      this.evaluate(a);
      // Closedness errors inside an inline value are ignored (CUE's OpenInline, `eval/openinline`).
      if (a.notAllowed) continue;
      if (a.status !== Status.evaluated || a.state) continue;
      const val = a.value;
      if (val && val.type === ValueType.bottom && val.info.code === ErrorCode.eval) return val;
    }
    return null;
  }

  /**
   * Whether a structural cycle keeps its fields, for lookups (see resolveOperand): a let's, or
   * one inside an inline value's helper (`{p: {x: p, y: 1}}.p.x.y`). Neither is output.
   */
  private keepsCycleFields(v: Vertex): boolean {
    return (v.label !== null && isLetLabel(v.label)) || this.inlineOrigins.has(rootOf(v));
  }

  /** The vertex of an inline struct or conjunction that is selected from (see inlineValues). */
  private inlineValue(env: Environment, x: Expr): Value {
    const scope = inlineScope(x, env);
    const table = this.inlineValues;
    let byExpr = table.get(scope);
    let v = byExpr?.get(x);
    if (!v) {
      // A new helper for x inside a helper for x (in another scope): each level of it would
      // make another, however concrete the values (cycle.go "INLINE CYCLES"; `fib3:
      // (fib & {n: 3}).out` with fib calling itself through a helper: a structural cycle).
      if (this.insideInlineOf(x, env)) return new Bottom(bottomInfo(ErrorCode.structuralCycle, 'structural cycle', [x.src]));
      v = new Vertex(null, null);
      v.declSrc = x.src;
      v.addConjunct({ env, expr: x, ctx: null, history: null, cyclic: false });
      if (!byExpr) table.set(scope, (byExpr = new Map()));
      byExpr.set(x, v);
      this.inlineOrigins.set(v, { expr: x, env });
      if (this.standIns.size > 0) {
        // Made while a disjunction candidate stands for its field: a helper that fails may
        // have failed because of that candidate (`Y=#W: #S: (Y.steps & {x: {}}).x` with `#W:
        // null | {...}`), so it is not kept for the others (cue/testdata/cycle/issue3827 full).
        this.evaluate(v);
        const r = this.vertexResult(v);
        if (r.type === ValueType.bottom && !isIncompleteInfo(r.info) && r.info.code !== ErrorCode.structuralCycle && byExpr.get(x) === v) byExpr.delete(x);
        return r;
      }
    }
    this.evaluate(v);
    return this.vertexResult(v);
  }

  /**
   * Whether `env` lies inside a helper vertex made for the inline expression x: its scopes,
   * their vertices' ancestors, and for each helper met the environment it was made in.
   */
  private insideInlineOf(x: Expr, env: Environment): boolean {
    // Evaluated right in (a field of) the helper the previous occurrence made, x steps one level along a
    // finite chain of distinct bindings (`objects: ({} & IMPORT).objects` with IMPORT itself
    // made from the same template): not a cycle (cycle.go, issue 4430's chain step).
    let direct: Vertex | null = null;
    for (let e: Environment | null = env; e && !direct; e = e.up) direct = e.vertex;
    for (let v = direct; v; v = v.parent) if (this.inlineOrigins.get(v)?.expr === x) return false;
    const seen = new Set<Vertex>();
    const todo: Environment[] = [env];
    while (todo.length > 0) {
      for (let e: Environment | null = todo.pop()!; e; e = e.up) {
        for (let v = e.vertex; v; v = v.parent) {
          if (seen.has(v)) break;
          seen.add(v);
          const o = this.inlineOrigins.get(v);
          if (!o) continue;
          if (o.expr === x) return true;
          todo.push(o.env);
        }
      }
    }
    return false;
  }

  /** Looks up a field of an evaluated struct vertex for a selector. */
  selectArc(base: Vertex, label: Label, src: Span | undefined): Vertex | Value {
    this.evaluate(base);
    const arc = base.lookup(label);
    if (!arc) {
      const name = labelPathText(label);
      const pending = this.pendingLookup(base, label, false, src);
      if (pending) return pending;
      if (!base.state && base.pendingYields?.has(label)) return cyclicFieldError(label, src);
      if (base.value && base.value.type === ValueType.bottom) return base.value;
      // A list has no named fields: the field can never be added.
      if (base.isList) return new Bottom(bottomInfo(ErrorCode.eval, `undefined field: ${name}`, [src]));
      // Missing from an open struct, the field may come later: incomplete. From a closed one it never can;
      // but a value reached through an inline one is open to lookups (CUE's OpenInline: its
      // Accept allows the field, `comprehensions/issue837`).
      const permanent = base.status >= Status.evaluated && !base.state && cannotHaveField(base, label, insideDefinition(base)) && !this.inlineOrigins.has(rootOf(base)) && !selectedFromInline(base);
      return new Bottom(bottomInfo(permanent ? ErrorCode.eval : ErrorCode.incomplete, `undefined field: ${name}`, [src]));
    }
    if (arc.arcType !== ArcMember) {
      const pending = this.pendingLookup(base, label, true, src);
      if (pending) return pending;
      return new Bottom(bottomInfo(ErrorCode.incomplete, missingFieldMessage(arc.arcType, labelPathText(label)), [src]));
    }
    return arc;
  }

  /**
   * The error for a lookup of `label` in `base` that a comprehension not finished may still
   * add (comprehension-cycle.ts): one of base's own, or one of an ancestor being evaluated
   * whose body reaches down to it (`if #E.y == _|_ {#E: x: true}` beside `#E.x`).
   */
  private pendingLookup(base: Vertex, label: Label, exists: boolean, src: Span | undefined): Bottom | null {
    return this.pendingLookupAt(base, [label], exists, src, 0);
  }

  /**
   * pendingLookup for the field at `path` below base. A vertex that copied or shared another
   * one that may still grow (copy-watch.ts: `y: x.info` read while x is being evaluated)
   * holds what that one held then: a lookup in it waits for the target's comprehensions as a
   * lookup in the target would (CUE's y is x.info, whose pending arc the lookup finds), so a
   * condition that reads it cannot be decided by a field its own comprehension adds.
   */
  private pendingLookupAt(base: Vertex, labels: readonly Label[], exists: boolean, src: Span | undefined, hops: number): Bottom | null {
    // Almost always no vertex on the way has a comprehension or copied a value that may still
    // grow (the lookups of `x != _|_` tests and optional fields): then no path is built (the
    // walk below, without its array).
    let any = false;
    for (let v: Vertex | null = base, n = 0; v !== null && n < 4; v = v.parent, n++) {
      if ((v.state && v.state.allComprehensions.length > 0) || (hops < 4 && this.copyWatch.sourcesOf(v) !== undefined)) {
        any = true;
        break;
      }
      if (v.label === null || v.parent === null || v.parent.lookup(v.label) !== v) break;
    }
    if (!any) return null;
    const path: Label[] = labels.slice();
    for (let v: Vertex | null = base, n = 0; v !== null && n < 4; v = v.parent, n++) {
      if (hops < 4) {
        const sources = this.copyWatch.sourcesOf(v);
        if (sources !== undefined) {
          for (const t0 of sources) {
            // A target evaluated anew since (a provisional value reset) is its field now.
            const t = currentArc(t0, 0);
            if (t === v) continue;
            const p = this.pendingLookupAt(t, path, exists, src, hops + 1);
            if (p) return p;
          }
        }
      }
      if (v.state) {
        const p = pendingFieldError(v.state, path, exists, src);
        if (p) {
          // The reader met v's comprehensions still running: CUE's task would wait for them
          // and go on when v is done, so a pending expression of the reader is provisional
          // (resetCycles evaluates it again once v is complete: `X: #X.userinfo + #X.host`
          // read from inside #X's own comprehension, cycle/compbottom medium).
          this.cycleTarget = v;
          return p;
        }
      }
      if (v.label === null || v.parent === null || v.parent.lookup(v.label) !== v) break;
      path.unshift(v.label);
    }
    return null;
  }

  /**
   * What a vertex stands for as an operand: itself when it is a struct or list, else its value
   * (a scalar, a constraint, a disjunction, an error). Candidates of disjunctions stay vertices.
   */
  vertexResult(v: Vertex, ref?: Expr): Value {
    this.evaluate(v);
    const val = v.value;
    if (v.status === Status.evaluating || v.state) {
      // Still being evaluated (a reference cycle): use what is known so far.
      this.partialReads++;
      const s = v.state;
      // Its disjunction is being resolved, and this read comes from one of its disjuncts: the
      // value that disjunct would give is not known, whatever else the vertex holds (CUE's
      // "unresolved disjunction" for a reference to a node evaluated as a disjunct).
      if (s && s.expanding && v.structural === 0) {
        this.cycleTarget = v;
        return new Bottom(bottomInfo(ErrorCode.cycle, `unresolved disjunction: ${v.label !== null ? labelPathText(v.label) : formatValue(v)}`, [v.declSrc]));
      }
      if (s && s.scalar.concrete) return s.scalar.concrete;
      // A literal of comprehensions alone (`a: {if x {b: 1}}`) is a struct while they run.
      if (v.structural !== 0 || (s && s.maybeEmptyStruct && s.scalar.kind === 0xff)) return v;
      // A literal among its conjuncts, not reached yet, is what the field must be: it breaks
      // the cycle (spec: "a reference cycle ... resolved by a concrete value").
      const lit = literalConjunct(v);
      if (lit) return lit;
      const partial = s ? this.partialType(s) : null;
      if (partial) {
        this.cycleTarget = v;
        return partial;
      }
      if (!s) {
        // A field that is taking the value of another: what that one knows (a0: X, X: 5.0).
        for (let i = this.sharing.length - 2; i >= 0; i -= 2) if (this.sharing[i] === v) return this.vertexResult(this.sharing[i + 1]!);
        // Still resolving the reference it would share (see sharedInComprehension).
        const t = this.sharedInComprehension(v);
        if (t) return this.vertexResult(t, ref);
      }
      this.cycleTarget = v;
      return new Bottom(this.cycleWith(v, ref));
    }
    // A field whose value met a reference cycle through a vertex still being evaluated is
    // itself still in that cycle (CUE would not have finished it): the reference adds its
    // own error to the ones met there (`min: <max, max: >min`: "n1.max: cycle with field:
    // min (and 1 more errors)").
    if (val && val.type === ValueType.bottom && val.info.code === ErrorCode.cycle && this.inOpenCycle(v)) {
      this.cycleTarget ??= this.openCycleTarget(v);
      return new Bottom(appendErrors(val.info, this.cycleWith(v, ref)));
    }
    // Incomplete because it read a vertex still being evaluated further out (a lookup in it,
    // see resolveOperand): still in that cycle too, so the reader is as provisional as it is.
    if (val && val.type === ValueType.bottom && val.info.code === ErrorCode.incomplete && this.inOpenCycle(v)) {
      this.cycleTarget ??= this.openCycleTarget(v);
      this.partialTypeReads++;
      return val;
    }
    if (!val) return v.structural !== 0 ? v : TOP;
    if (val.type === ValueType.bottom || val.type === ValueType.disjunction) return val;
    if (v.structural !== 0) return v;
    return val;
  }

  /**
   * A field resolving the reference it would share (tryShare: `y: x.info`), met again from
   * inside a comprehension of a struct around that reference's target (`x: {info: {}, if
   * y.port == _|_ {...}}` evaluated to resolve `x.info`): in CUE y is x.info, so the
   * comprehension reads x.info as it is, and a lookup in it waits for the fields the
   * comprehension may add, whichever of x and y is evaluated first. The target is found
   * among the arcs as they are, without evaluating anything; null when it is not there yet,
   * is itself resolving a reference, or has no running comprehension around it.
   */
  private sharedInComprehension(v: Vertex): Vertex | null {
    if (v.conjuncts.length !== 1) return null;
    const c = v.conjuncts[0]!;
    const t = arcAsItIs(c.env, c.expr, 0);
    if (!t || t === v || (t.status === Status.evaluating && !t.state) || isAncestor(t, v) || isAncestor(v, t)) return null;
    for (let a: Vertex | null = t, n = 0; a !== null && n < 4; a = a.parent, n++) {
      const as = a.state;
      if (as !== null) for (const pc of as.allComprehensions) if (pc.run === ComprehensionRun.running) return t;
    }
    return null;
  }

  /**
   * The error of a reference that met v still being evaluated (CUE's "cycle with field: x",
   * at the reference; its path is set where the value settles, the field whose expression
   * it is).
   */
  private cycleWith(v: Vertex, ref: Expr | undefined): BottomInfo {
    const name = v.label === null ? '_' : labelPathText(v.label);
    const text = ref ? sourceText(ref.src, name) : name;
    return bottomInfo(ErrorCode.cycle, `cycle with field: ${text}`, [ref?.src ?? v.declSrc]);
  }

  /** Whether v, evaluated, met a reference cycle through a vertex that is still being evaluated. */
  private inOpenCycle(v: Vertex): boolean {
    return this.openCycleTarget(v) !== null;
  }

  private openCycleTarget(v: Vertex): Vertex | null {
    const list = this.provisionalCycles;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] !== v) continue;
      const t = list[i + 1]!;
      if (t.status === Status.evaluating || t.state) return t;
    }
    return null;
  }

  /** The default of a value: a disjunction's single default, or the value itself. */
  defaultOf(v: Value): Value {
    if (v.type === ValueType.vertex) {
      if (v.status !== Status.evaluating) this.evaluate(v);
      const val = v.value;
      if (val && val.type === ValueType.disjunction) return this.defaultOf(val);
      if (val && val.type === ValueType.bottom) return val;
      if (v.structural === 0 && val) return val;
      return v;
    }
    if (v.type !== ValueType.disjunction) return v;
    if (v.numDefaults === 1) return this.defaultOf(v.values[0]!);
    if (v.values.length === 1) return this.defaultOf(v.values[0]!);
    return v;
  }

  evalExpr(env: Environment, e: Expr): Value {
    return evalExprImpl(this, env, e);
  }
}


/**
 * The environment a disjunction occurrence is keyed by: environments opened for the vertex
 * itself are skipped, so that a candidate (a fresh vertex with the same conjuncts) finds the
 * choices made for the original.
 */
export function choiceEnv(env: Environment, v: Vertex): ChoiceKey {
  let e: Environment | null = env;
  while (e && e.vertex === v) e = e.up;
  // The environment of a field below v, whose disjunction an embedding brings up to v (`{B.x,
  // B: x: 1 | 2}`): keyed by the field's path below v, which is the same in every candidate of
  // v, where the environment is the candidate's own. Keyed by the environment, each candidate
  // met the disjunction anew and branched on it again, without end.
  if (e && e.vertex !== null && isAncestor(v, e.vertex)) {
    let outer: Environment | null = e;
    while (outer && (outer.vertex === null || outer.vertex === v || isAncestor(v, outer.vertex))) outer = outer.up;
    return `${envId(outer)}/${pathBelow(e.vertex, v)}`;
  }
  // A comprehension's iteration environments are made anew each time the candidate runs
  // the comprehension: key by what is around them. (So the iterations of one comprehension
  // that embed the same disjunction share its choice: fewer combinations, never endless ones.)
  if (e && e.vertex === null && e !== env) {
    let f: Environment | null = e;
    while (f && f.vertex === null) f = f.up;
    if (f && f.vertex === v) {
      while (f && f.vertex === v) f = f.up;
      return f;
    }
  }
  return e;
}

const envIds = new WeakMap<Environment, number>();
let nextEnvId = 0;

function envId(e: Environment | null): number {
  if (e === null) return 0;
  let id = envIds.get(e);
  if (id === undefined) envIds.set(e, (id = ++nextEnvId));
  return id;
}

/** The labels from v down to w (`B.x`), w below v. */
function pathBelow(w: Vertex, v: Vertex): string {
  let path = String(w.label);
  for (let p = w.parent; p !== null && p !== v; p = p.parent) path = `${String(p.label)}.${path}`;
  return path;
}

/** For a disjunction candidate: the term chosen for this disjunction occurrence. */
function choiceFor(v: Vertex, e: Expr, env: Environment): number | undefined {
  const ch = v.choices;
  if (!ch) return undefined;
  const m = ch.get(e);
  if (!m) return undefined;
  return m.get(choiceEnv(env, v));
}

/** A reference to a field that is only a constraint so far, in current CUE's words. */
function missingFieldMessage(arcType: number, name: string): string {
  return arcType === ArcRequired ? `required field missing: ${name}` : `cannot reference optional field: ${name}`;
}

/**
 * Whether reference `e` selects below a field or let of vertex `v` itself (`x.y`, `x[0]` with
 * `x` a field of `v`; `L[1]` with `let L = #a` beside it, where `#a` may be declared after the
 * embedding: references/let issue1116).
 */
function selectsBelowOwnField(env: Environment, e: Expr, v: Vertex): boolean {
  if (e.op !== ExprOp.selector && e.op !== ExprOp.index) return false;
  let b: Expr = e;
  while (b.op === ExprOp.selector || b.op === ExprOp.index) b = b.x;
  return (b.op === ExprOp.fieldRef || b.op === ExprOp.letRef) && env.outer(b.up)?.vertex === v;
}

/**
 * A definition embedded in a literal (through any number of embedded literals: `{{#B}, c: 1}`)
 * closes the outermost of them recursively (closedness.ts). A file is no such boundary.
 */
function markEmbeddingLiteral(v: Vertex, ctx: CloseContext | null): void {
  let owner: StructInfo | null = null;
  for (let k = ctx; k && k.kind === 'embed' && k.slot >= 0 && k.owner; k = k.parent) owner = k.owner;
  if (owner && !owner.lit.fileLevel && v.structs?.includes(owner)) {
    owner.closedByEmbeddedDefinition = true;
    v.closesByEmbedding = true;
  }
}

/**
 * How `x` stands among the terms of a vertex's own conjuncts: `&` for `#D` in `#D: #D & {...}`,
 * `|` for `#D` in `#D: #D | {...}`, or null.
 */
function ownTermOf(target: Vertex, x: Expr): '&' | '|' | null {
  for (const tc of target.conjuncts) {
    const e = tc.expr;
    if (e === x || (e.op === ExprOp.conjunction && e.terms.includes(x))) return '&';
    if (e.op === ExprOp.disjunction && e.terms.some((t) => t.expr === x)) return '|';
  }
  return null;
}

/** A reference to a field or let, possibly selected into (`#c`, `x.#c`): what resolve() takes. */
function isReference(e: Expr): boolean {
  return e.op === ExprOp.fieldRef || e.op === ExprOp.letRef || e.op === ExprOp.selector || e.op === ExprOp.importRef;
}

/** Whether a reference goes through a definition (`#B`, `#B.b`, `x.#B.b.c`): its target is closed. */

function isDefinitionRef(e: Expr): boolean {
  for (;;) {
    switch (e.op) {
      case ExprOp.fieldRef:
        return isDefinitionLabel(e.label);
      case ExprOp.selector:
        if (isDefinitionLabel(e.label)) return true;
        e = e.x;
        continue;
      case ExprOp.index:
        e = e.x;
        continue;
      default:
        return false;
    }
  }
}

/**
 * Whether `v` stands for a value selected from an inline one (`let c = (#X & {...}).out`): CUE
 * shares that vertex, opened (OpenInline), so its struct accepts any field for a lookup.
 */
function selectedFromInline(v: Vertex): boolean {
  const cs = v.conjuncts;
  if (cs.length === 0) return false;
  for (const c of cs) {
    const e = c.expr;
    if (e.op !== ExprOp.selector || (e.x.op !== ExprOp.struct && e.x.op !== ExprOp.conjunction)) return false;
  }
  return true;
}

export function insideDefinition(v: Vertex): boolean {
  for (let p: Vertex | null = v; p; p = p.parent) if (p.label !== null && isDefinitionLabel(p.label)) return true;
  return false;
}

/**
 * Whether a reference from `env` to `target` copies a vertex lexically around it into `v`, a
 * vertex of another tree: an operand vertex (evalInVertex) made while evaluating inside target.
 */
function copiesEnclosing(env: Environment, target: Vertex, v: Vertex): boolean {
  let e: Environment | null = env;
  while (e && !e.vertex) e = e.up;
  const w = e?.vertex;
  if (!w || !enclosedBy(w, target)) return false;
  return rootOf(v) !== rootOf(w);
}

/**
 * Whether `w` is `target` or lies inside it. A disjunction's candidate stands in the place of
 * the vertex it is a candidate for (same parent and label), so it counts as that vertex:
 * `t: {a: 1} | {b: (t & {}).b}` copies t inside t's second candidate.
 */
function enclosedBy(w: Vertex, target: Vertex): boolean {
  for (let p: Vertex | null = w; p; p = p.parent) {
    if (p === target || (p.label !== null && p.label === target.label && p.parent === target.parent)) return true;
  }
  return false;
}

/** See Evaluator.settledTemplate. */
export interface SettledTemplate {
  readonly root: Vertex;
  readonly shareable: ReadonlySet<Label>;
}

/**
 * Whether v and everything below it (all arcs, disjunction candidates) are finalized; marks
 * what it visits frozen (Vertex.frozen: the copy is never evaluated again).
 */
function settledThrough(v: Vertex, depth: number, ev: { settleBudget: number }): boolean {
  if (depth > 64 || --ev.settleBudget < 0 || v.status !== Status.finalized) return false;
  v.frozen = true;
  const val = v.value;
  // A structural cycle keeps arcs that are never evaluated.
  if (val !== null && val.type === ValueType.bottom && val.info.code === ErrorCode.structuralCycle) return false;
  if (val !== null && val.type === ValueType.disjunction) {
    for (const d of val.values) if (d.type === ValueType.vertex && !settledThrough(d, depth + 1, ev)) return false;
  }
  for (let i = 0; i < v.arcs.length; i++) if (!settledThrough(v.arcs[i]!, depth + 1, ev)) return false;
  return true;
}

function rootOf(v: Vertex): Vertex {
  let p = v;
  while (p.parent) p = p.parent;
  return p;
}

/** The span of a whole expression: a selector's or index's own span may cover only `.b`. */
function wholeSpan(e: Expr): Span | undefined {
  let span = e.src;
  for (let x: Expr = e; x.op === ExprOp.selector || x.op === ExprOp.index; x = x.x) {
    if (x.x.src && span && x.x.src.src === span.src && x.x.src.start < span.start) span = { ...span, start: x.x.src.start };
  }
  return span;
}

/** The first concrete scalar literal among a vertex's conjuncts, if any. */
function literalConjunct(v: Vertex): Scalar | undefined {
  const cs = v.conjuncts;
  for (let i = 0; i < cs.length; i++) {
    const e = cs[i]!.expr;
    if (e.op === ExprOp.value && isScalar(e.value)) return e.value;
  }
  return undefined;
}

/** Whether one of the comprehensions still waiting in a finished vertex may add `label`. */
function waitingYields(waiting: readonly WaitingDecl[], label: Label): boolean {
  for (const { decl } of waiting) if (decl.kind === DeclKind.comprehension && yieldedLabels(decl).has(label)) return true;
  return false;
}

/** Defers a conjunct that needs other values first, remembering its place among the conjuncts. */
function defer(s: NodeState, c: Conjunct, seq: number): void {
  s.pending.push(c);
  s.pendingSeqs.push(seq);
}

/**
 * Whether `a` is an ancestor of v, or a disjunction candidate above v stands in its place (same
 * parent and label): `#T: ["a", #T] | ["d"]` refers to #T inside #T's first candidate, a
 * structural cycle as much as a reference from inside #T itself.
 */
function isAncestorOrCandidate(a: Vertex, v: Vertex): boolean {
  for (let p: Vertex | null = v.parent; p; p = p.parent) {
    if (p === a || (p.label !== null && p.label === a.label && p.parent === a.parent && p.choices !== null)) return true;
  }
  return false;
}

function isAncestor(a: Vertex, v: Vertex): boolean {
  for (let p: Vertex | null = v.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

/** Whether a conjunct came through an embedding (`{#X, ...}`): see addVertexConjuncts. */
/** The key under which a node notes the definitions whose conjuncts it took (see addVertexConjuncts). */
const DEFINITIONS_ADDED = new Vertex(null, null);

function throughEmbedding(ctx: CloseContext | null): boolean {
  for (let x = ctx; x; x = x.parent) if (x.kind === 'embed' && x.slot >= 0) return true;
  return false;
}

function inHistory(h: RefHistory | null, v: Vertex): boolean {
  for (let x = h; x; x = x.up) if (x.vertex === v) return true;
  return false;
}

/** Whether a call's arguments refer to anything (literal arguments cannot recur). */
function callHasReference(e: CallX): boolean {
  return e.args.some((a) => a.op !== ExprOp.value);
}

/**
 * Whether `v`, reached from a fresh operand, is an element of the list given to `and` or `or`
 * (itself or through list elements only), and each computed call of `target` is one of those.
 * CUE's `and` and `or` read their list's elements raw (compile/builtin.go RawElems), a shallow
 * evaluation: an element that leads back to the field adds that field's own conjuncts again,
 * which is idempotent, a reference cycle (`b: and([c])`, `c: b`; cycle/patterns issue3326),
 * where a call that evaluates its argument (`list.Sum`, `list.Concat`) is a structural cycle.
 */
function rawElementCycle(v: Vertex, target: Vertex): boolean {
  for (let p: Vertex | null = v; p && p.parent; p = p.parent) if (typeof p.label !== 'number') return false;
  return target.conjuncts.every((c) => c.expr.op !== ExprOp.call || !callHasReference(c.expr) || isRawElemsBuiltin(c.expr.fun));
}

function isRawElemsBuiltin(e: Expr): boolean {
  return e.op === ExprOp.builtin && e.builtin.pkg === '' && (e.builtin.name === 'and' || e.builtin.name === 'or');
}

/** Whether one of v's conjuncts is a call whose arguments refer to something. */
function hasComputedCall(v: Vertex): boolean {
  return v.conjuncts.some((c) => c.expr.op === ExprOp.call && callHasReference(c.expr));
}

/**
 * Whether reaching `target` through `ref` repeats a step of the history. The same vertex
 * reached again through another reference, at a node that has conjuncts of its own that came
 * through no cycle and give it a value or structure (CUE's hasNonCycle and hasNonCyclic), is
 * the same definition used in two places (`#T` embedded, and `x: #T`
 * beside it), not a vertex feeding itself: CUE skips it (cycle.go detectCycle). A repeated
 * reference is always a recurrence; as a source has finitely many, any endless cycle
 * eventually repeats one.
 */
function recurs(h: RefHistory | null, target: Vertex, ref: Expr, s: NodeState): boolean {
  let lenient: boolean | undefined;
  for (let x = h; x; x = x.up) {
    if (x.vertex !== target) continue;
    if (x.ref === undefined || x.ref === ref) return true;
    lenient ??= s.nonCycleValue || s.v.conjuncts.some(givesNonCycleValue);
    if (!lenient) return true;
  }
  return false;
}

function isComprehensionElem(el: ListLitX['elems'][number]): boolean {
  return 'kind' in el && el.kind === DeclKind.comprehension;
}

/** A conjunct that came through no cycle and gives a value or structure itself. */
function givesNonCycleValue(c: Conjunct): boolean {
  return !c.cyclic && (c.expr.op === ExprOp.value || c.expr.op === ExprOp.struct || c.expr.op === ExprOp.list);
}

function historyLength(h: RefHistory | null): number {
  let n = 0;
  for (let x = h; x; x = x.up) n++;
  return n;
}

/**
 * A selector or index whose operand is not a struct or list (CUE's OpContext.node): an
 * unresolved disjunction, a value that may still become a struct (incomplete, naming the
 * expressions), or one that never can.
 */
function notSelectable(base: Value, src: Span | undefined, xsrc: Span | undefined): Bottom {
  const k = kindOf(base);
  if (base.type === ValueType.disjunction) {
    return new Bottom(bottomInfo(ErrorCode.incomplete, `unresolved disjunction ${formatValue(base)} (type ${kindName(k)})`, [xsrc]));
  }
  const x = sourceText(xsrc, formatValue(base));
  if ((k & Kind.struct) !== 0) {
    // The whole selector or index expression: its span may cover only `.foo` or `[2]`.
    const whole = src && xsrc && src.src === xsrc.src && xsrc.start < src.start ? { ...src, start: xsrc.start } : src;
    return new Bottom(bottomInfo(ErrorCode.incomplete, `${sourceText(whole, x)} undefined as ${x} is incomplete (type ${kindName(k)})`, [xsrc]));
  }
  return new Bottom(bottomInfo(mismatchCode(base, Kind.list | Kind.struct), `invalid operand ${x} (found ${kindName(k)}, want list or struct)`, [xsrc]));
}

/**
 * A dynamic field whose key is still an incomplete error (`(namespace): v` with `namespace?:
 * string`): as CUE's dynamic field task, which finds the key not concrete, the node's error is
 * "key value of dynamic field must be concrete, found _|_(<the key's error>)" followed by the
 * key's own error (cue/testdata/eval/dynamic_field.txtar noCycleError, eval/issue3801).
 */
function keyNotConcrete(key: BottomInfo, v: Vertex, src: Span | undefined): Bottom {
  const inner: BottomInfo = key.path === undefined && key.more === undefined ? withPath(key, v.path()) : key;
  const found = () => {
    const p = (inner.path ?? []).map(labelPathText).join('.');
    return `_|_(${p === '' ? '' : p + ': '}${inner.message})`;
  };
  const wrapper = bottomInfo(ErrorCode.incomplete, () => `key value of dynamic field must be concrete, found ${found()}`, [src]);
  return new Bottom(appendErrors(wrapper, inner));
}

/**
 * The label an index value selects (CUE's LabelFromValue): an int for lists, a string for
 * structs, or the error: incomplete while the index may still become one, else permanent. A
 * non-concrete index is reported where that value is written (`str: string` for `a[str]`),
 * as CUE positions it at the value.
 */
function indexLabel(idx: Value, ex: Expr): bigint | string | Bottom {
  const k = kindOf(idx);
  if (idx.type === ValueType.disjunction) {
    return new Bottom(bottomInfo(ErrorCode.incomplete, `unresolved disjunction ${formatValue(idx)} (type ${kindName(k)})`, [ex.src]));
  }
  if (k === Kind.int || k === (Kind.int | Kind.float)) {
    if (idx.type !== ValueType.num) {
      return new Bottom(bottomInfo(ErrorCode.incomplete, `invalid non-ground value ${formatValue(idx)} (must be concrete int)`, [(idx.type === ValueType.vertex ? undefined : idx.src) ?? ex.src]));
    }
    if (!idx.isInt) return new Bottom(bottomInfo(ErrorCode.eval, `invalid index ${formatValue(idx)} (invalid type float)`, [ex.src]));
    const i = idx.int;
    if (i < 0n) {
      // A constant index is always wrong; a computed one is named by its expression.
      const constant = ex.op === ExprOp.value || ex.op === ExprOp.unary;
      const msg = constant ? `invalid index ${i} (index must be non-negative)` : `index ${sourceText(ex.src, String(i))} out of range [${i}]`;
      return new Bottom(bottomInfo(ErrorCode.eval, msg, [ex.src]));
    }
    return i;
  }
  if (k === Kind.string) {
    if (idx.type !== ValueType.string) {
      return new Bottom(bottomInfo(ErrorCode.incomplete, `invalid non-ground value ${formatValue(idx)} (must be concrete string)`, [(idx.type === ValueType.vertex ? undefined : idx.src) ?? ex.src]));
    }
    return idx.value;
  }
  return new Bottom(bottomInfo(ErrorCode.eval, `invalid index ${sourceText(ex.src, formatValue(idx))} (invalid type ${kindName(k)})`, [ex.src]));
}

/**
 * A struct or list literal as messages name it. Memoized per span: every candidate of a
 * disjunction that fails on a kind conflict (`id: string` against `{[string]: #D}`) describes
 * the same literal again, and the regular expressions of sourceText are most of that work.
 */
const described = new WeakMap<Span, string>();
function describeLiteral(src: Span | undefined, fallback: string): string {
  if (!src) return fallback;
  let t = described.get(src);
  if (t === undefined) described.set(src, (t = sourceText(src, fallback)));
  return t;
}
const describeStruct = (src: Span | undefined) => bracedShorthand(describeLiteral(src, '{...}'));

/**
 * The struct of a shorthand field (`f1: f2: f3: "x"`, the value of f1) has the text of its one
 * field; CUE prints it as the struct it is: `{f2:{f3:"x"}}`.
 */
function bracedShorthand(t: string): string {
  if (t.startsWith('{')) return t;
  // A file's struct has no braces, and its last line break is a separator.
  t = t.replace(/,+$/, '');
  const labels: string[] = [];
  let rest = t;
  for (;;) {
    const m = /^((?:[#_$\p{L}][\p{L}\p{Nd}_$#]*|"(?:[^"\\]|\\.)*")[?!]?):(?!=)([^]*)$/u.exec(rest);
    if (!m) break;
    labels.push(m[1]!);
    rest = m[2]!;
  }
  if (labels.length === 0) return t.includes(',') ? `{${t}}` : t;
  return labels.map((l) => `{${l}:`).join('') + rest + '}'.repeat(labels.length);
}
const describeList = (src: Span | undefined) => describeLiteral(src, '[...]');

/** The source text of an expression, compacted as CUE prints values in messages (`{x:1}`). */
export function sourceText(src: Span | undefined, fallback: string): string {
  if (!src) return fallback;
  const t = src.src.text.slice(src.start, src.end);
  if (t.length > 60 || t.length === 0) return fallback;
  return (
    t
      // A line break separates as a comma does, but a written comma before it is the same one.
      .replace(/\s*,?\s*\n\s*/g, ',')
      .replace(/([:,])\s+/g, '$1')
      .replace(/\{,/g, '{')
      .replace(/,\}/g, '}')
      .replace(/\[,/g, '[')
      .replace(/,\]/g, ']')
      // Labels print bare where they can (a JSON object's `"x":` is CUE's `x:`).
      .replace(/([{,])"([\p{L}_$][\p{L}\p{Nd}_$]*)":/gu, '$1$2:')
  );
}

export function kindWord(v: Value): string {
  switch (v.type) {
    case ValueType.null:
      return 'null';
    case ValueType.bool:
      return 'bool';
    case ValueType.num:
      return v.isInt ? 'int' : 'float';
    case ValueType.string:
      return 'string';
    case ValueType.bytes:
      return 'bytes';
    case ValueType.vertex:
      return v.isList ? 'list' : v.isStruct ? 'struct' : '_';
    default:
      return formatValue(v);
  }
}

/** Whether a pattern's label reads other values (a reference or call), not only literals. */
function computedPattern(e: Expr): boolean {
  switch (e.op) {
    case ExprOp.fieldRef:
    case ExprOp.letRef:
    case ExprOp.selector:
    case ExprOp.index:
    case ExprOp.call:
      return true;
    default:
      return false;
  }
}

/** The error of a pattern's bounds that cannot be checked against a label (an invalid regexp). */
function patternError(p: Value, name: string): string | null {
  const bounds = p.type === ValueType.bound ? [p] : p.type === ValueType.conjunction ? p.bounds : [];
  for (const b of bounds) {
    const r = checkBound(new StringLit(name), b);
    if (typeof r === 'string') return r;
  }
  return null;
}

/** Whether a label name matches a pattern constraint's label value. */
export function matchesPattern(p: Value, name: string): boolean {
  switch (p.type) {
    case ValueType.top:
      return true;
    case ValueType.basicType:
      return (p.kind & Kind.string) !== 0;
    case ValueType.string:
      return p.value === name;
    case ValueType.bound:
      return checkBound(new StringLit(name), p) === true;
    case ValueType.conjunction:
      return (p.kind & Kind.string) !== 0 && p.bounds.every((b) => checkBound(new StringLit(name), b) === true);
    case ValueType.disjunction:
      return p.values.some((x) => matchesPattern(x, name));
    default:
      return false;
  }
}

/** A selector or index chain whose base is not a reference: it evaluates an inline value. */
function selectsFromInline(e: SelectorX | IndexX): boolean {
  let x: Expr = e;
  while (x.op === ExprOp.selector || x.op === ExprOp.index) x = x.x;
  switch (x.op) {
    case ExprOp.fieldRef:
    case ExprOp.letRef:
    case ExprOp.bindingRef:
    case ExprOp.importRef:
    case ExprOp.selfRef:
    case ExprOp.dynamicAliasRef:
      return false;
    default:
      return true;
  }
}

/**
 * The most severe permanent error of a finalized vertex or of a regular field below it (see
 * Vertex.errorBelow): an eval or user error outranks a structural cycle, incomplete errors
 * and optional fields, definitions aside, pass nothing up (CUE's AddChildError).
 */
function errorBelowOf(v: Vertex): BottomInfo | null {
  let worst: BottomInfo | null = null;
  const own = v.value;
  if (own !== null && own.type === ValueType.bottom && !isIncompleteInfo(own.info)) worst = own.info;
  if (worst !== null && outranksStructuralCycle(worst)) return worst;
  const arcs = v.arcs;
  for (let i = 0; i < arcs.length; i++) {
    const a = arcs[i]!;
    if (a.arcType !== ArcMember || a.label === null || isLetLabel(a.label)) continue;
    const b = a.errorBelow;
    if (b === null) continue;
    if (outranksStructuralCycle(b)) return b;
    worst ??= b;
  }
  return worst;
}

/**
 * The vertex a plain reference (`x`, `x.info.port`) names, looked up among the arcs as they
 * are now (nothing is evaluated), or null. See Evaluator.sharedInComprehension.
 */
function arcAsItIs(env: Environment, e: Expr, depth: number): Vertex | null {
  if (depth > 8) return null;
  if (e.op === ExprOp.fieldRef) {
    const sv = env.outer(e.up)?.vertex;
    return sv ? (sv.lookup(e.label) ?? null) : null;
  }
  if (e.op === ExprOp.selector) {
    const base = arcAsItIs(env, e.x, depth + 1);
    const arc = base ? base.lookup(e.label) : undefined;
    return arc !== undefined && arc.arcType === ArcMember ? arc : null;
  }
  return null;
}

/** The vertex that is now the field `v` was (`v` itself unless an ancestor was evaluated anew). */
function currentArc(v: Vertex, depth: number): Vertex {
  if (v.parent === null || v.label === null || depth > 16) return v;
  const p = currentArc(v.parent, depth + 1);
  return p.lookup(v.label) ?? v;
}
