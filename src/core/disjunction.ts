/**
 * Expanding the disjunctions of a vertex, after all its other conjuncts are in (so that they
 * prune branches at once).
 *
 * - Scalar disjunctions (`*"Always" | "Never"`, `*1 | int`) are combined at the value level:
 *   each term meets a copy of the vertex's scalar state; no vertex is cloned.
 * - Otherwise each combination of terms becomes a candidate vertex with the same conjuncts and
 *   a choice per disjunction occurrence (keyed by expression and environment, so that the same
 *   disjunction reached twice is expanded once); candidates with permanent errors are dropped,
 *   equal ones deduplicated.
 *
 * Defaults follow the spec: a combination is a default when, for every disjunction that has
 * marked terms, a marked term was chosen. When no default survives, none is.
 */
import { ErrorCode } from '../errors/index.js';
import { compareSpans } from '../source/index.js';
import { ArcMember, ArcOptional, DeclKind, type Expr, type StructLitX, ExprOp } from './adt.js';
import { type BottomInfo, bottomInfo, copyAt, isIncompleteInfo } from './bottom.js';
import { firstError } from './call.js';
import { rejectedRequired } from './closedness-check.js';
import { equalValues } from './equal.js';
import type { Evaluator } from './evaluator.js';
import type { NodeState, PendingDisjunction } from './node-state.js';
import { ScalarState } from './scalar-state.js';
import { Bottom, Disjunction, type Scalar, TOP, ValueType, type Value, boundKind, isScalar, kindOf } from './value.js';
import type { KindMask } from './kind.js';
import { checkBound, equalScalar } from './scalar-state.js';
import { formatValue } from './format-value.js';
import { type Label, isLetLabel, isRegularLabel, labelPathText } from './label.js';
import { type ChoiceKey, type RefHistory, Vertex } from './vertex.js';
import { DefaultMode, type StepPair, combineDefault, combineDefault2, stepDrops, termMode } from './default-mode.js';
import type { Environment } from './env.js';
import { choiceEnv } from './evaluator.js';

interface Term {
  readonly value: Value;
  /** Its default mode: whether its disjunction has marks and it is one of them. */
  readonly mode: DefaultMode;
  /** A term that is itself a disjunction (`*(*"a" | string) | string`): its own terms. */
  readonly nested?: readonly { readonly value: Value; readonly mode: DefaultMode }[];
}

interface TermList {
  readonly terms: Term[];
  readonly errors: BottomInfo[];
  /**
   * The outcome of this disjunction alone, met with nothing else: the same for every vertex
   * when the terms are constant (`*2 | int & >=1`), so it is computed once per TermList.
   */
  alone?: Outcome;
}

/** What a set of disjunction results resolves to: its disjuncts, defaults first. */
interface Outcome {
  readonly ordered: Value[];
  readonly numDefaults: number;
  readonly hasDefaults: boolean;
}

export function expandDisjunctions(ev: Evaluator, v: Vertex, s: NodeState): void {
  // Default modes depend on the order of the disjunctions. CUE meets a vertex's literal
  // conjuncts first and those reached through references as its resolver tasks run, later
  // (`#A & {v: *x | string}`: the literal's disjunction first); fewer references first.
  if (s.disjunctions.length > 1) s.disjunctions.sort((a, b) => referenceDepth(a.conjunct.history) - referenceDepth(b.conjunct.history));
  if (v.structural === 0 && v.arcs.length === 0) {
    // The terms are evaluated as the vertex's disjuncts: a term that reads the vertex itself
    // cannot know its value (see Evaluator.vertexResult). Struct candidates are vertices of
    // their own, which such a reference resolves to.
    s.expanding = true;
    const lists: TermList[] = [];
    let scalarOnly = true;
    for (const d of s.disjunctions) {
      // A term written as a struct or list literal: candidates, without trying values first.
      if (d.expr && d.expr.terms.some((t) => t.expr.op === ExprOp.struct || t.expr.op === ExprOp.list)) {
        scalarOnly = false;
        break;
      }
      const tl = valueTerms(ev, v, d);
      if (!tl) {
        scalarOnly = false;
        break;
      }
      lists.push(tl);
    }
    if (scalarOnly) {
      combineScalar(ev, v, s, lists);
      return;
    }
    s.expanding = false;
  }
  expandCandidates(ev, v, s, true);
}

function referenceDepth(h: RefHistory | null): number {
  let n = 0;
  for (let x = h; x; x = x.up) n++;
  return n;
}

/** A scalar-level value (a vertex that is only a value stands for that value), or null. */
function scalarLevel(val: Value): Value | null {
  // A scalar with definitions beside it (`{2, #x: 1}`, an element `or` keeps whole) is a
  // candidate, so that the definitions stay.
  const x = val.type === ValueType.vertex && val.structural === 0 && val.value && !val.arcs.some((a) => !isLetLabel(a.label!)) ? val.value : val;
  return x.type === ValueType.vertex ? null : x;
}

/** The terms of a disjunction as values, or null when a term is a struct or list. */
function valueTerms(ev: Evaluator, v: Vertex, d: PendingDisjunction): TermList | null {
  // A disjunction value (folded at compile time, or a field's result) is immutable, and so is
  // one of constant terms: its terms, and what it resolves to alone, are worked out once.
  const constantTerms = ev.disjunctionCache.terms;
  const cached = constantTerms.get(d.value ?? d.expr!);
  if (cached) return cached;
  const out: Term[] = [];
  const errors: BottomInfo[] = [];
  const push = (val: Value, mode: DefaultMode): boolean => {
    const x = scalarLevel(val);
    if (x === null) return false;
    if (x.type === ValueType.bottom) {
      errors.push(x.info);
      return true;
    }
    if (x.type === ValueType.disjunction) {
      // A nested disjunction: its terms keep their own marks, met as CUE meets a disjunct
      // that is itself a disjunction.
      const nested: { value: Value; mode: DefaultMode }[] = [];
      for (let i = 0; i < x.values.length; i++) {
        const y = scalarLevel(x.values[i]!);
        if (y === null || y.type === ValueType.disjunction) return false;
        if (y.type === ValueType.bottom) continue;
        nested.push({ value: y, mode: termMode(x.hasDefaults, i < x.numDefaults) });
      }
      out.push({ value: x, mode, nested });
      return true;
    }
    out.push({ value: x, mode });
    return true;
  };
  if (d.value) {
    const dv = d.value as Disjunction;
    for (let i = 0; i < dv.values.length; i++) if (!push(dv.values[i]!, termMode(dv.hasDefaults, i < dv.numDefaults))) return null;
    const result = { terms: out, errors };
    constantTerms.set(dv, result);
    return result;
  }
  const e = d.expr!;
  for (const t of e.terms) {
    // A term that names the field itself (`a: a | int`) is a reference cycle, which adds
    // nothing: the disjunct is `_` (CUE evaluates a disjunct in place of the node and drops
    // the self-reference; cue/testdata/cycle/structural a6 gives `a: _ | int`).
    const val = namesItself(ev, d.conjunct.env, t.expr, v) ? TOP : ev.evalExpr(d.conjunct.env, t.expr);
    if (val.type === ValueType.vertex && val.structural !== 0) return null;
    if (!push(val, termMode(e.hasDefaults, t.isDefault))) return null;
  }
  const result = { terms: out, errors };
  // Constant terms mean the same in every environment: evaluate them once.
  if (e.terms.every((t) => t.expr.op === ExprOp.value && t.expr.value.type !== ValueType.vertex && t.expr.value.type !== ValueType.disjunction)) {
    constantTerms.set(e, result);
  }
  return result;
}

/** Whether a disjunction's term is a plain reference to the vertex it is a disjunction of. */
function namesItself(ev: Evaluator, env: Environment, x: Expr, v: Vertex): boolean {
  if (x.op !== ExprOp.fieldRef && x.op !== ExprOp.selfRef) return false;
  return ev.resolve(env, x, v) === v;
}

/**
 * The term lists of constant disjunctions, and what each resolves to alone: one per
 * Evaluator, so that an outcome is only reused under the limits it was computed with.
 */
export class DisjunctionCache {
  readonly terms = new WeakMap<object, TermList>();
}

function cloneScalar(s: ScalarState): ScalarState {
  const c = new ScalarState();
  c.kind = s.kind;
  c.concrete = s.concrete;
  c.bounds = [...s.bounds];
  c.validators = [...s.validators];
  c.err = s.err;
  return c;
}

function combineScalar(ev: Evaluator, v: Vertex, s: NodeState, lists: TermList[]): void {
  const base = s.scalar;
  if (base.err && !isIncompleteInfo(base.err)) {
    ev.finishNode(v, s);
    return;
  }
  // Fast paths for the common shapes, which need neither copies of the state nor messages:
  // a disjunction alone (a field nobody set: its result is fixed per disjunction), and a
  // concrete value that some term of every disjunction admits (a field that was set).
  // Read in a cycle before it was resolved: which result is a default must be known (setResult).
  const marked = s.defaultAttemptInCycle !== null;
  const only = lists.length === 1 && base.isEmpty() && !marked ? lists[0]! : null;
  if (only !== null && only.alone) {
    // Computed before by this Evaluator, within its limits (the cache is per Evaluator).
    applyOutcome(v, only.alone);
    return;
  }
  // The limit is checked once, before the outcome is worked out and cached.
  const alone = only !== null && only.terms.length <= ev.limits.maxDisjuncts ? only : null;
  if (alone) {
    if (alone.terms.every(standsAlone)) {
      // Each term met with nothing is itself (`*"\(name).example.com" | string`).
      // Met with an empty state, which is no default, each term keeps its own mode.
      // Met with an empty state, which is no default, each term keeps its own mode, unless no
      // term is marked (the values of `12 | 4` that lost their defaults): then none has one.
      const anyMarked = alone.terms.some((t) => t.mode === DefaultMode.is);
      const results: Result[] = [];
      for (const t of alone.terms) addUnique(ev, results, t.value, anyMarked ? t.mode : DefaultMode.maybe);
      alone.alone = setResult(v, results, [...alone.errors]) ?? undefined;
      return;
    }
  } else if (base.concrete && !marked && admitsConcrete(ev, base, lists)) {
    v.value = base.concrete;
    v.structural = 0;
    return;
  }
  const r = combineStates(ev, v, base, lists);
  if (r === null) return;
  const outcome = setResult(v, r.results, r.errors);
  if (alone) alone.alone = outcome ?? undefined;
}

/** A disjunct of the product so far: its state, its default mode and the mode of the term it last took. */
interface CombinedState {
  st: ScalarState;
  mode: DefaultMode;
  orig: DefaultMode;
}

/** A result of one step, before its mode is known. */
interface StepResult extends StepPair {
  readonly st?: ScalarState;
  /** The left disjunct's mode once the term is in (a nested disjunction with one survivor may set it). */
  readonly mode0: DefaultMode;
  /** The survivors of a nested disjunction, with the modes they got within it. */
  readonly inner?: { st: ScalarState; mode: DefaultMode; orig: DefaultMode }[];
}

/** A state met with one value: null when that is a permanent error (pushed on errors). */
function meet(ev: Evaluator, cur: ScalarState, value: Value, errors: BottomInfo[]): ScalarState | null {
  const st = cloneScalar(cur);
  st.add(value);
  if (st.err && !isIncompleteInfo(st.err)) {
    errors.push(st.err);
    return null;
  }
  // Bounds that exclude each other (`>=6 & <=5`) or the value (`1 & >=3`) fail here, as CUE
  // fails them when it unifies the disjunct, before the next disjunction.
  if (st.bounds.length + st.validators.length > 0 && (st.concrete !== null || st.bounds.length > 1)) {
    const val = st.finish(ev.validatorCheck, 0);
    if (val.type === ValueType.bottom && !isIncompleteInfo(val.info)) {
      errors.push(val.info);
      return null;
    }
  }
  return st;
}

/**
 * Every combination of one term per disjunction, met with the base state, one disjunction at
 * a time as CUE's crossProduct does, with its default modes (`default-mode.ts`): the results
 * that are not errors.
 */
function combineStates(ev: Evaluator, v: Vertex, base: ScalarState, lists: readonly TermList[]): { results: Result[]; errors: BottomInfo[] } | null {
  let states: CombinedState[] = [{ st: base, mode: DefaultMode.maybe, orig: DefaultMode.maybe }];
  const errors: BottomInfo[] = [];
  for (const l of lists) errors.push(...l.errors);
  for (const l of lists) {
    const tmp: StepResult[] = [];
    for (const cur of states) {
      for (const t of l.terms) {
        if (!t.nested) {
          const st = meet(ev, cur.st, t.value, errors);
          if (st) tmp.push({ st, leftMode: cur.mode, leftOrig: cur.orig, termMode: t.mode, mode0: cur.mode });
          continue;
        }
        // A term that is a disjunction: its own product from cur, where cur took the term.
        const pairs: { st: ScalarState; orig: DefaultMode }[] = [];
        for (const x of t.nested) {
          const st = meet(ev, cur.st, x.value, errors);
          if (st) pairs.push({ st, orig: x.mode });
        }
        if (pairs.length === 0) continue;
        const drops = stepDrops(pairs.map((p) => ({ leftMode: cur.mode, leftOrig: t.mode, termMode: p.orig })));
        const inner = collapseStates(pairs.map((p) => ({ st: p.st, mode: combineDefault2(cur.mode, p.orig, drops.left, drops.right), orig: p.orig })));
        if (inner.length === 1) {
          // One survivor: the disjunct is that value; an undecided left takes its mode.
          const mode0 = cur.mode === DefaultMode.maybe ? inner[0]!.mode : cur.mode;
          tmp.push({ st: inner[0]!.st, leftMode: cur.mode, leftOrig: cur.orig, termMode: t.mode, mode0 });
        } else tmp.push({ leftMode: cur.mode, leftOrig: cur.orig, termMode: t.mode, mode0: cur.mode, inner });
      }
    }
    const drops = stepDrops(tmp);
    let next: CombinedState[] = [];
    let hasNonMaybe = false;
    for (const r of tmp) {
      if (!r.inner) {
        next.push({ st: r.st!, mode: combineDefault2(r.mode0, r.termMode, drops.left, drops.right), orig: r.termMode });
        continue;
      }
      for (const x of r.inner) {
        // TODO in CUE (issue 1304): the right side's drops are not applied to nested disjuncts.
        const mode = combineDefault2(r.leftMode, combineDefault(r.termMode, x.mode), drops.left, false);
        if (mode !== DefaultMode.maybe) hasNonMaybe = true;
        next.push({ st: x.st, mode, orig: x.orig });
      }
    }
    if (hasNonMaybe) for (const x of next) if (x.mode === DefaultMode.maybe) x.mode = DefaultMode.not;
    // Equal states collapse (`f: *1 | int` written fourteen times is still *1 | int).
    states = next.length > 1 && next.length <= 1024 ? collapseStates(next) : next;
    if (overLimit(ev, v, states.length)) return null;
  }
  const results: Result[] = [];
  for (const { st, mode } of states) {
    const val = st.finish(ev.validatorCheck, 0);
    if (val.type === ValueType.bottom && !isIncompleteInfo(val.info)) {
      errors.push(val.info);
      continue;
    }
    addUnique(ev, results, val, mode);
  }
  return { results, errors };
}

/** The one check of maxDisjuncts: past it, the evaluation stops with a limit error at v. */
function overLimit(ev: Evaluator, v: Vertex, combinations: number): boolean {
  if (combinations <= ev.limits.maxDisjuncts) return false;
  ev.abort({ ...bottomInfo(ErrorCode.limit, `too many disjuncts (limit maxDisjuncts = ${ev.limits.maxDisjuncts})`, [v.declSrc]), path: v.path() });
  v.value = new Bottom(ev.aborted!);
  return true;
}

/** The states with equal ones merged; a merged state is a default if either was (CUE's appendDisjunct). */
function collapseStates(states: CombinedState[]): CombinedState[] {
  const out: CombinedState[] = [];
  outer: for (const x of states) {
    for (const y of out) {
      if (sameState(x.st, y.st)) {
        if (x.mode === DefaultMode.is) y.mode = DefaultMode.is;
        continue outer;
      }
    }
    out.push({ st: x.st, mode: x.mode, orig: x.orig });
  }
  return out;
}

/** Whether two scalar states (without errors) hold the same constraints. */
function sameState(a: ScalarState, b: ScalarState): boolean {
  if (a.kind !== b.kind || a.err !== b.err) return false;
  if (a.concrete !== b.concrete && (a.concrete === null || b.concrete === null || !equalScalar(a.concrete, b.concrete))) return false;
  if (a.bounds.length !== b.bounds.length || a.validators.length !== b.validators.length) return false;
  for (let i = 0; i < a.bounds.length; i++) if (a.bounds[i] !== b.bounds[i]) return false;
  for (let i = 0; i < a.validators.length; i++) if (a.validators[i] !== b.validators[i]) return false;
  return true;
}

/** Values that a fresh scalar state gives back unchanged when they are all it meets. */
function standsAlone(term: Term): boolean {
  if (term.nested) return false;
  const t = term.value;
  switch (t.type) {
    case ValueType.top:
    case ValueType.null:
    case ValueType.bool:
    case ValueType.num:
    case ValueType.string:
    case ValueType.bytes:
    case ValueType.basicType:
    case ValueType.bound:
      return true;
    default:
      return false;
  }
}

/**
 * Whether the concrete value of `base` (which has no errors, and meets its own bounds and
 * validators) meets some term of every disjunction: the result is then that value, as the general path
 * would find after discarding the terms that conflict.
 */
function admitsConcrete(ev: Evaluator, base: ScalarState, lists: TermList[]): boolean {
  if (base.err) return false;
  const c = base.concrete!;
  // The state's own bounds and validators must hold too (as finish() would check them).
  for (const b of base.bounds) if (checkBound(c, b) !== true) return false;
  for (const x of base.validators) if (ev.checkValidator(c, x) !== null) return false;
  for (const l of lists) {
    let ok = false;
    for (let i = 0; i < l.terms.length && !ok; i++) ok = termAdmits(ev, base.kind, c, l.terms[i]!.value);
    if (!ok) return false;
  }
  return true;
}

function termAdmits(ev: Evaluator, kind: KindMask, c: Scalar, t: Value): boolean {
  switch (t.type) {
    case ValueType.top:
      return true;
    case ValueType.null:
    case ValueType.bool:
    case ValueType.num:
    case ValueType.string:
    case ValueType.bytes:
      return (kind & kindOf(t)) !== 0 && equalScalar(c, t);
    case ValueType.basicType:
      return (kind & t.kind) !== 0;
    case ValueType.bound:
      return (kind & boundKind(t)) !== 0 && checkBound(c, t) === true;
    case ValueType.validator:
      return ev.checkValidator(c, t) === null;
    case ValueType.conjunction:
      if ((kind & t.kind) === 0) return false;
      for (const b of t.bounds) if (checkBound(c, b) !== true) return false;
      for (const x of t.validators) if (ev.checkValidator(c, x) !== null) return false;
      return true;
    default:
      return false;
  }
}

/** A disjunct of the result and its default mode. */
interface Result {
  value: Value;
  mode: DefaultMode;
}

function addUnique(ev: Evaluator, results: Result[], val: Value, mode: DefaultMode): void {
  for (const r of results) {
    if (equalValues(ev, r.value, val, false)) {
      if (mode === DefaultMode.is) r.mode = DefaultMode.is;
      return;
    }
  }
  results.push({ value: val, mode });
}

/** Sets the value of v from the surviving disjuncts; returns the outcome unless it is an error. */
function setResult(v: Vertex, results: Result[], errors: BottomInfo[]): Outcome | null {
  // A disjunct that is itself an (incomplete) error is not a value while others are.
  let values = 0;
  for (const r of results) if (!isErr(r.value)) values++;
  if (values === 0 && results.length > 0) values = -1; // only errors: keep them as disjuncts
  const defaults: Value[] = [];
  const others: Value[] = [];
  let hasDefaults = false;
  for (const r of results) {
    if (values > 0 && isErr(r.value)) {
      errors.push((r.value.type === ValueType.bottom ? r.value : ((r.value as Vertex).value as Bottom)).info);
      continue;
    }
    if (r.mode !== DefaultMode.maybe) hasDefaults = true;
    (r.mode === DefaultMode.is ? defaults : others).push(r.value);
  }
  if (defaults.length + others.length === 0) {
    v.value = emptyDisjunction(v, errors);
    v.structural = 0;
    // The fields the node has from its conjuncts outside the disjunction stay, to be looked up
    // (CUE's node keeps its arcs when every disjunct fails: `results.result` of
    // disjunctions/errors issue570 is the conflict of `result: "hello"` with `[...string]`).
    return null;
  }
  // Exact size (concat): disjunction values live as long as the tree.
  const outcome: Outcome = { ordered: defaults.concat(others), numDefaults: defaults.length, hasDefaults };
  const reader = v.state?.defaultAttemptInCycle;
  if (reader && outcome.numDefaults !== 1) {
    // A field read this one in a cycle before its disjunction was resolved, and went on as if
    // it took the default; it did not (`a1: *0 | 1, a1: a3 - a2` with `a2: *0 | 1, a2: a3 - a1`:
    // either could be the one that gives way). CUE's messages (disjunct2.go).
    const path = reader.path().map(labelPathText).join('.');
    const message = outcome.ordered.length === 1 ? `ambiguous default elimination by referencing ${path}` : `cycle across unresolved disjunction referenced by ${path}`;
    v.value = new Bottom({ ...bottomInfo(ErrorCode.cycle, message, [v.declSrc, reader.declSrc]), settled: true });
    v.structural = 0;
    v.clearArcs();
    return null;
  }
  applyOutcome(v, outcome);
  return outcome;
}

function isErr(x: Value): boolean {
  return x.type === ValueType.bottom || (x.type === ValueType.vertex && x.value?.type === ValueType.bottom);
}

function applyOutcome(v: Vertex, o: Outcome): void {
  if (o.ordered.length === 1) {
    const only = o.ordered[0]!;
    if (only.type === ValueType.vertex) v.setState('adopt', only);
    else {
      v.value = only;
      v.structural = 0;
    }
    return;
  }
  v.value = new Disjunction(o.ordered, o.numDefaults, v.declSrc, o.hasDefaults);
  v.structural = 0;
  v.clearArcs();
}

/**
 * The code of an empty disjunction: the most "not yet" of its disjuncts' codes, as CUE's
 * collectErrors keeps the highest of EvalError < StructuralCycleError < IncompleteError <
 * CycleError (user errors aside): one disjunct that may still succeed makes the whole
 * incomplete (cue/testdata/disjunctions/errors.txtar issue3581: incompatible list lengths
 * beside an incomplete interpolation).
 */
// StructuralCycleError ranks above EvalError in CUE; here it stays with eval: a disjunct that
// refers to its own disjunction is a structural cycle in cue-lite where CUE reports the
// disjunct's own conflict (cue/testdata/cycle/disjunction.txtar issue3042: code=eval).
const codeRank: Partial<Record<ErrorCode, number>> = { [ErrorCode.incomplete]: 2, [ErrorCode.cycle]: 3 };
function disjunctionCode(errors: readonly BottomInfo[]): ErrorCode {
  let code: ErrorCode = ErrorCode.eval;
  for (const e of errors) if ((codeRank[e.code] ?? 0) > (codeRank[code] ?? 0)) code = e.code;
  return code;
}

function flatErrorCount(e: BottomInfo): number {
  return 1 + (e.details ?? []).reduce((n, d) => n + flatErrorCount(d), 0);
}

/**
 * The errors of all candidates as one: the same message at the same path is one error with the
 * positions of all its occurrences, and they are listed by their own position (an error's
 * primary one, else its first), as CUE's errors.Sanitize sorts them by Position() (a product of
 * disjunctions fails in the order of its candidates, which says little to a reader).
 */
function emptyDisjunction(v: Vertex, errors: BottomInfo[]): Bottom {
  let unique: BottomInfo[] = [];
  const seen = new Map<string, number>();
  for (const e of errors) {
    const k = e.message + '@' + (e.path ?? []).join('.');
    const at = seen.get(k);
    if (at === undefined) {
      seen.set(k, unique.length);
      unique.push(e);
    } else if (e.positions.length > 0) {
      const prev = unique[at]!;
      const more = e.positions.filter((p) => !prev.positions.some((q) => q.src === p.src && q.start === p.start));
      if (more.length > 0) unique[at] = { ...prev, positions: [...prev.positions, ...more] };
    }
  }
  if (unique.length === 1) return new Bottom(unique[0]!);
  // CUE counts the errors of the flattened list (disjunctError: len(errors.Errors(...))): a
  // nested empty disjunction adds its own line and each of its errors.
  const count = unique.reduce((n, e) => n + flatErrorCount(e), 0);
  unique = unique
    .map((e, i) => ({ e, i, first: e.primary ?? (e.positions.length > 0 ? e.positions.reduce((a, b) => (compareSpans(b, a) < 0 ? b : a)) : null) }))
    .sort((a, b) => (a.first && b.first ? compareSpans(a.first, b.first) || a.i - b.i : a.first ? -1 : b.first ? 1 : a.i - b.i))
    .map((x) => x.e);
  return new Bottom({
    code: disjunctionCode(unique),
    message: `${count} errors in empty disjunction`,
    positions: v.declSrc ? [v.declSrc] : [],
    details: unique.map((e) => copyAt(e, e.path ?? v.path())),
  });
}

/**
 * `prune`: combinations of two data literals that contradict each other (`[1]` and `[2]`, `{a:
 * 1}` and `{a: 2}`) are not made, since they fail whatever else the vertex holds. Their errors
 * are only read when no candidate survives: then the expansion is done again without pruning,
 * so that the result and its messages are what the whole product gives.
 */
function expandCandidates(ev: Evaluator, v: Vertex, s: NodeState, prune: boolean): void {
  interface Cand {
    choices: Map<Expr, Map<ChoiceKey, number>>;
    /** Per disjunction: the term chosen, and its default mode. */
    path: number[];
    modes: DefaultMode[];
    /** The data literals chosen so far (see `prune`). */
    data: Expr[] | null;
  }
  let cands: Cand[] = [{ choices: new Map(v.choices ?? []), path: [], modes: [], data: null }];
  let pruned = false;
  const known = knownScalars(v);
  const errors: BottomInfo[] = [];
  // Occurrences already branched on here: a candidate keeps one choice per expression and
  // environment (see choiceFor), so a disjunction reached again (`#T & #T`, a definition
  // embedded in several places) takes the term chosen the first time, and branching on it
  // again would only make copies of the same candidates.
  const branched = new Map<Expr, Set<ChoiceKey>>();
  for (const d of s.disjunctions) {
    const key = d.conjunct.expr;
    const envKey = choiceEnv(d.conjunct.env, v);
    let envs = branched.get(key);
    if (envs?.has(envKey) || v.choices?.get(key)?.has(envKey)) continue;
    if (!envs) branched.set(key, (envs = new Set()));
    envs.add(envKey);
    const n = d.expr ? d.expr.terms.length : (d.value as Disjunction).values.length;
    const isDef = (i: number) => (d.expr ? d.expr.terms[i]!.isDefault : i < (d.value as Disjunction).numDefaults);
    const hasDefaults = d.expr ? d.expr.hasDefaults : (d.value as Disjunction).hasDefaults;
    const next: Cand[] = [];
    // Terms whose literal fields contradict concrete fields already known are never tried.
    const viable: boolean[] = [];
    for (let i = 0; i < n; i++) {
      const clash = d.expr && known ? discriminate(ev, d.expr.terms[i]!.expr, d.conjunct.env, known, v) : null;
      if (clash) errors.push(clash);
      viable.push(clash === null);
    }
    const data = prune && d.expr ? d.expr.terms.map((t) => (isData(t.expr, 0) ? t.expr : null)) : null;
    for (const c of cands) {
      for (let i = 0; i < n; i++) {
        if (!viable[i]) continue;
        const lit = data?.[i] ?? null;
        if (lit !== null && c.data !== null && c.data.some((x) => contradicts(x, lit))) {
          pruned = true;
          continue;
        }
        const choices = new Map(c.choices);
        const m = new Map(choices.get(key) ?? []);
        m.set(envKey, i);
        choices.set(key, m);
        next.push({ choices, path: [...c.path, i], modes: [...c.modes, termMode(hasDefaults, isDef(i))], data: lit === null ? c.data : c.data === null ? [lit] : [...c.data, lit] });
      }
    }
    cands = next;
    ev.stats.disjuncts += next.length;
    if (overLimit(ev, v, cands.length)) return;
  }
  const survivors: { c: Cand; cv: Vertex }[] = [];
  // Candidates known to fail because a field of theirs is not allowed (closedness is checked
  // at the candidate's own level): their fields, which may nest disjunctions of their own,
  // are evaluated to find the error to report only if no candidate survives (the errors of
  // failed candidates are read only then). Their place in `errors` is kept.
  const doomed: { at: number; c: Cand; cv: Vertex }[] = [];
  for (const c of cands) {
    const cv = new Vertex(v.parent, v.label);
    cv.conjuncts = v.conjuncts;
    cv.choices = c.choices;
    cv.arcType = v.arcType;
    cv.declSrc = v.declSrc;
    // While a candidate is evaluated, a reference to the field it stands for is to it (CUE
    // evaluates a disjunct in place of its node): `A: b: A.c.x` with `A: null | {c: x: 1}`.
    ev.standIns.enter(v, cv);
    try {
      // A candidate that fails at its own level (a list of the wrong length, a kind clash) is
      // dropped before its fields are evaluated; firstError would report that failure first.
      ev.evaluate(cv);
      const own = cv.value;
      if (own && own.type === ValueType.bottom && !isIncompleteInfo(own.info)) {
        errors.push(copyAt(own.info, own.info.path ?? cv.path()));
        continue;
      }
      const early = own?.type !== ValueType.bottom ? failedField(ev, cv) : null;
      if (early) {
        errors.push(early);
        continue;
      }
      if (own?.type !== ValueType.bottom && hasDisallowedField(cv)) {
        doomed.push({ at: errors.length, c, cv });
        continue;
      }
      ev.finalize(cv);
      const err = firstError(ev, cv, false, 0, false, true);
      if (err) {
        errors.push(err);
        continue;
      }
      survivors.push({ c, cv });
    } finally {
      ev.standIns.leave();
    }
  }
  if (doomed.length > 0 && survivors.length === 0) {
    // Back to the order of the candidates: each doomed one's error where it would have been.
    for (let i = doomed.length - 1; i >= 0; i--) {
      const { at, c, cv } = doomed[i]!;
      ev.standIns.enter(v, cv);
      let err: ReturnType<typeof firstError>;
      try {
        ev.finalize(cv);
        err = firstError(ev, cv, false, 0, false, true);
      } finally {
        ev.standIns.leave();
      }
      if (err) errors.splice(at, 0, err);
      else survivors.unshift({ c, cv });
    }
  }
  if (pruned && survivors.length === 0) {
    expandCandidates(ev, v, s, false);
    return;
  }
  const modes = candidateModes(survivors.map((x) => x.c));
  const results: Result[] = [];
  let hasNonMaybe = false;
  for (let k = 0; k < survivors.length; k++) {
    const { cv } = survivors[k]!;
    const m = modes[k]!;
    const val = cv.value;
    if (val && val.type === ValueType.disjunction) {
      // The candidate has disjunctions of its own: flatten them, as CUE unrolls a nested
      // disjunction (the right side's drops are not applied there, CUE's issue 1304).
      for (let i = 0; i < val.values.length; i++) {
        const inner = termMode(val.hasDefaults, i < val.numDefaults);
        const mode = combineDefault2(m.leftMode, combineDefault(m.termMode, inner), m.leftDrops, false);
        if (mode !== DefaultMode.maybe) hasNonMaybe = true;
        addUnique(ev, results, val.values[i]!, mode);
      }
      continue;
    }
    // A scalar disjunct keeps the definitions declared beside it (`{string, #foo: string}`).
    addUnique(ev, results, cv.structural === 0 && val && !cv.arcs.some((a) => typeof a.label !== 'number' && !isLetLabel(a.label!)) ? val : cv, m.mode);
  }
  if (hasNonMaybe) for (const r of results) if (r.mode === DefaultMode.maybe) r.mode = DefaultMode.not;
  setResult(v, results, errors);
}

/**
 * Whether e is data written out: a scalar, or a closed list or a struct of fields whose values
 * are data (no references, patterns, embeddings, comprehensions, defaults or `...`), so that two
 * of them contradict each other in every context (see `contradicts`).
 */
function isData(e: Expr, depth: number): boolean {
  if (depth > 8) return false;
  switch (e.op) {
    case ExprOp.value:
      return isScalar(e.value);
    case ExprOp.list:
      return e.rest === undefined && e.elems.every((x) => !('kind' in x) && isData(x as Expr, depth + 1));
    case ExprOp.struct:
      return e.decls.every((d) => d.kind === DeclKind.field && d.arcType === ArcMember && typeof d.label === 'string' && isRegularLabel(d.label) && isData(d.value, depth + 1));
    default:
      return false;
  }
}

/** Whether two data literals (isData) cannot be unified: a kind, a concrete value or a list length differs. */
function contradicts(a: Expr, b: Expr): boolean {
  if (a.op !== b.op) {
    if (a.op === ExprOp.value && b.op === ExprOp.value) return false;
    return true;
  }
  switch (a.op) {
    case ExprOp.value: {
      const x = a.value;
      const y = (b as typeof a).value;
      if (!isScalar(x) || !isScalar(y)) return false;
      if (x.type !== y.type) return (kindOf(x) & kindOf(y)) === 0;
      return !equalScalar(x, y);
    }
    case ExprOp.list: {
      const bl = b as typeof a;
      if (a.elems.length !== bl.elems.length) return true;
      for (let i = 0; i < a.elems.length; i++) if (contradicts(a.elems[i] as Expr, bl.elems[i] as Expr)) return true;
      return false;
    }
    case ExprOp.struct: {
      const bs = b as typeof a;
      for (const d of a.decls) {
        if (d.kind !== DeclKind.field) continue;
        for (const e of bs.decls) if (e.kind === DeclKind.field && e.label === d.label && contradicts(d.value, e.value)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

/**
 * The first field of candidate v, in order, whose own value is a permanent error (`#type!:
 * ["list", _]` met with `#type: "string"`): the candidate fails there, before the fields after
 * it are evaluated, as CUE's getErrorAll visits a disjunct's arcs in order up to an optional
 * one or a let. A recursive disjunct (`out: items: (#f & {#type: F.#type[1]}).out`) then ends
 * where its data stops matching (cue/testdata/cycle/issue4377).
 */
function failedField(ev: Evaluator, v: Vertex): BottomInfo | null {
  for (const a of v.arcs) {
    if (a.arcType === ArcOptional || isLetLabel(a.label!)) return null;
    // A field closedness rejects is left to hasDisallowedField (its error is read only if no
    // candidate survives).
    if (a.notAllowed !== null) continue;
    ev.evaluate(a);
    const x = a.value;
    if (x && x.type === ValueType.bottom && !isIncompleteInfo(x.info) && x.info.code !== ErrorCode.structuralCycle) return copyAt(x.info, x.info.path ?? a.path());
  }
  return null;
}

/** Whether closedness rejected a field of v that firstError visits (so v is an error). */
function hasDisallowedField(v: Vertex): boolean {
  for (const a of v.arcs) {
    if (a.arcType === ArcMember && typeof a.label === 'string' && isRegularLabel(a.label) && a.notAllowed !== null && !isIncompleteInfo(a.notAllowed)) return true;
    if (rejectedRequired(a)) return true;
  }
  return false;
}

/** The default mode of each surviving candidate, and what a nested disjunction in it needs. */
interface CandidateMode {
  mode: DefaultMode;
  leftMode: DefaultMode;
  termMode: DefaultMode;
  leftDrops: boolean;
}

/**
 * The default modes of the surviving candidates, found as CUE's crossProduct finds them one
 * disjunction at a time (`default-mode.ts`): the results of step k are the distinct choices
 * of the first k+1 disjunctions among the survivors (candidates are evaluated whole, so a
 * combination that CUE drops only later counts as surviving the earlier steps).
 */
function candidateModes(survivors: readonly { path: number[]; modes: DefaultMode[] }[]): CandidateMode[] {
  const out: CandidateMode[] = survivors.map(() => ({ mode: DefaultMode.maybe, leftMode: DefaultMode.maybe, termMode: DefaultMode.maybe, leftDrops: true }));
  if (survivors.length === 0) return out;
  const steps = survivors[0]!.path.length;
  if (steps === 1) {
    // One disjunction (the common case): each survivor is one of its terms, so the step below
    // has one entry per survivor, in their order; no keys to build.
    const drops = stepDrops(survivors.map((c) => ({ leftMode: DefaultMode.maybe, leftOrig: DefaultMode.maybe, termMode: c.modes[0]! })));
    for (let j = 0; j < survivors.length; j++) {
      const o = out[j]!;
      const t = survivors[j]!.modes[0]!;
      o.termMode = t;
      o.leftDrops = drops.left;
      o.mode = combineDefault2(DefaultMode.maybe, t, drops.left, drops.right);
    }
    return out;
  }
  type Moded = { mode: DefaultMode; orig: DefaultMode };
  let prev = new Map<string, Moded>([['', { mode: DefaultMode.maybe, orig: DefaultMode.maybe }]]);
  const keys = survivors.map(() => '');
  for (let k = 0; k < steps; k++) {
    const step = new Map<string, { parent: Moded; termMode: DefaultMode }>();
    const nextKeys = survivors.map((c, j) => {
      const key = keys[j] + ',' + c.path[k];
      if (!step.has(key)) step.set(key, { parent: prev.get(keys[j]!)!, termMode: c.modes[k]! });
      return key;
    });
    const drops = stepDrops([...step.values()].map((x) => ({ leftMode: x.parent.mode, leftOrig: x.parent.orig, termMode: x.termMode })));
    const cur = new Map<string, Moded>();
    for (const [key, x] of step) cur.set(key, { mode: combineDefault2(x.parent.mode, x.termMode, drops.left, drops.right), orig: x.termMode });
    for (let j = 0; j < survivors.length; j++) {
      const o = out[j]!;
      o.leftMode = prev.get(keys[j]!)!.mode;
      o.termMode = survivors[j]!.modes[k]!;
      o.leftDrops = drops.left;
      o.mode = cur.get(nextKeys[j]!)!.mode;
      keys[j] = nextKeys[j]!;
    }
    prev = cur;
  }
  return out;
}

/** Concrete scalar values written directly on the fields of v (before its disjunctions). */
function knownScalars(v: Vertex): Map<Label, Scalar> | null {
  let out: Map<Label, Scalar> | null = null;
  for (const a of v.arcs) {
    for (const c of a.conjuncts) {
      const e = c.expr;
      if (e.op === ExprOp.value && isScalar(e.value)) {
        (out ??= new Map()).set(a.label!, e.value);
        break;
      }
    }
  }
  return out;
}

/**
 * Whether a disjunct can be ruled out at once: a struct literal (or a reference to one) whose
 * field has a concrete value other than the one already known, e.g. `kind: "udp"` against
 * `kind: "tcp"`. Returns the conflict, or null when the term must be tried.
 */
function discriminate(ev: Evaluator, term: Expr, env: Environment, known: Map<Label, Scalar>, v: Vertex): BottomInfo | null {
  const lits: StructLitX[] = [];
  if (term.op === ExprOp.struct) lits.push(term);
  else if (term.op === ExprOp.fieldRef) {
    const r = ev.resolve(env, term, null);
    if (r.type === ValueType.vertex && !r.isValueOnly) {
      for (const c of r.conjuncts) {
        if (c.expr.op !== ExprOp.struct) return null;
        lits.push(c.expr);
      }
    }
  }
  for (const lit of lits) {
    for (const d of lit.decls) {
      if (d.kind !== DeclKind.field || d.arcType !== ArcMember || d.value.op !== ExprOp.value) continue;
      const want = d.value.value;
      if (!isScalar(want)) continue;
      const have = known.get(d.label);
      if (have && !equalScalar(have, want)) {
        const info = bottomInfo(ErrorCode.eval, `conflicting values ${formatValue(want)} and ${formatValue(have)}`, [have.src, want.src]);
        info.path = [...v.path(), d.label];
        return info;
      }
    }
  }
  return null;
}
