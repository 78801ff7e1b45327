/**
 * The scratch state of one vertex while it is being evaluated (CUE's nodeContext): what its
 * conjuncts contributed so far, and the work that had to wait (computed expressions,
 * comprehensions, dynamic fields, disjunctions).
 */
import type { ComprehensionDecl, DisjunctionX, DynamicFieldDecl, Expr, PatternDecl } from './adt.js';
import type { CloseContext, StructInfo } from './closedness.js';
import type { Environment } from './env.js';
import type { Label } from './label.js';
import { ScalarState } from './scalar-state.js';
import type { ComprehensionRun, PostCheck } from './comprehension-cycle.js';
import type { Span } from '../source/index.js';
import type { Value } from './value.js';
import type { BottomInfo } from './bottom.js';
import type { Conjunct, Optionality, RefHistory, Vertex } from './vertex.js';
import type { Copy } from './copy-watch.js';

export interface PendingComprehension {
  readonly env: Environment;
  readonly decl: ComprehensionDecl;
  /** The literal the comprehension is written in, and its position there (field order). */
  readonly info: StructInfo;
  readonly index: number;
  readonly ctx: CloseContext | null;
  readonly history: RefHistory | null;
  readonly cyclic: boolean;
  readonly optional?: Optionality;
  /** How far it got (comprehension-cycle.ts: a lookup of a field it may add waits for it). */
  run: ComprehensionRun;
  /** The comprehensions of the same struct whose fields it waited for (a mutual wait is a cycle). */
  blockedBy?: Set<PendingComprehension>;
}

export interface PendingDynamicField {
  readonly env: Environment;
  readonly decl: DynamicFieldDecl;
  readonly ctx: CloseContext | null;
  readonly info: StructInfo;
  readonly history: RefHistory | null;
  readonly cyclic: boolean;
  readonly optional?: Optionality;
}

/** A pattern constraint whose label is computed from references, evaluated once the node's conjuncts are in. */
export interface PendingPattern {
  readonly env: Environment;
  readonly decl: PatternDecl;
  readonly ctx: CloseContext | null;
  readonly info: StructInfo;
  readonly history: RefHistory | null;
  readonly cyclic: boolean;
  readonly optional?: Optionality;
}

export interface ListPart {
  readonly len: number;
  readonly open: boolean;
  readonly src?: Span;
}

export interface ListRest {
  readonly from: number;
  readonly env: Environment;
  readonly expr: Expr;
  readonly ctx: CloseContext | null;
  readonly history: RefHistory | null;
  readonly cyclic: boolean;
  readonly optional?: Optionality;
}

/** A disjunction found among the conjuncts: an expression, or an already evaluated value. */
export interface PendingDisjunction {
  readonly conjunct: Conjunct;
  readonly expr: DisjunctionX | null;
  readonly value: Value | null;
}

export class NodeState {
  readonly scalar = new ScalarState();
  disjunctions: PendingDisjunction[] = [];
  pending: Conjunct[] = [];
  /** Conjuncts met so far (their order names a conflict's values, ScalarState.add). */
  seq = 0;
  /** The order of each deferred conjunct (`pending[i]` was met as `pendingSeqs[i]`): they add their values later. */
  pendingSeqs: number[] = [];
  /** Emptied arrays of a pass over `pending`, kept for the next (a pooled state makes no garbage). */
  pendingSpare: Conjunct[] | null = null;
  pendingSeqsSpare: number[] | null = null;
  /** The explicit stack of conjuncts to process, and those found while processing one. */
  collected: Conjunct[] = [];
  nesting = 0;
  draining = false;
  /** A `close(x)` among the conjuncts (x must be a struct). */
  closeCall: import('./adt.js').CallX | null = null;
  /** Selections below a field of this vertex (`#in.c`), resolved once its conjuncts are all in. */
  ownFieldSelections: Conjunct[] = [];
  /** Set once the vertex's own conjuncts (and chosen terms) have all been added. */
  conjunctsAdded = false;
  /** Terms chosen for a disjunction candidate, added after the other conjuncts. */
  chosen: Conjunct[] = [];
  /** How many of `chosen` have been added (terms reached from comprehensions come late). */
  chosenAdded = 0;
  comprehensions: PendingComprehension[] = [];
  /** Every comprehension of the vertex, done or not (the fields they may still add). */
  allComprehensions: PendingComprehension[] = [];
  /** Comparisons with bottom made while the vertex was evaluated, checked when it is complete. */
  postChecks: PostCheck[] = [];
  /** The last round of deferred work: nothing progressed, lookups are answered as things are. */
  lastPass = false;
  /**
   * Fields of this vertex that a comparison with bottom checked while a comprehension that
   * adds inside them was running, with the first label it adds (comprehension-cycle.ts,
   * pushedDownLabel): they end as "cyclic reference to field x" once the vertex is complete.
   */
  cyclicBelow: [Vertex, Label, Span | undefined][] = [];
  dynamicFields: PendingDynamicField[] = [];
  patterns: PendingPattern[] = [];
  lists: ListPart[] = [];
  listRests: ListRest[] = [];
  /**
   * Struct and list literals already added, to add each (literal, environment, context) once:
   * a flat list of triples while small (the common case), a Map when large.
   */
  private seenFlat: unknown[] | null = null;
  /** Used length of seenFlat: cleared by count, so that its array is reused, not reallocated. */
  private seenCount = 0;
  private seenMap: Map<object, [Environment | Vertex, CloseContext | null][]> | null = null;
  hasCyclic = false;
  hasNonCyclic = false;
  /** A conjunct that came through no cycle gave a value or structure (see evaluator recurs). */
  nonCycleValue = false;
  /** A reference cycle went on past the history limit and was cut: a structural cycle. */
  cycleCut = false;
  /** A struct literal with only comprehensions: a struct unless something is embedded. */
  maybeEmptyStruct = false;
  /**
   * A reference read this vertex's type while it was being evaluated (see
   * Evaluator.partialType): an incomplete result of its own expressions may come from that.
   */
  typeRead = false;
  /**
   * A struct literal with an embedded expression: a struct if the embeddings gave no scalar,
   * constraint or `_` (CUE's validateValue markStruct: a reference cycle in `{b}` adds nothing).
   */
  embedStruct = false;
  /** Incomplete errors that kept work from completing (reported when nothing else fails). */
  incomplete: Value | null = null;
  /**
   * The last "cyclic reference to field x" given for a field that a comprehension of this
   * vertex may add while that very comprehension runs (comprehension-cycle.ts).
   */
  ownFieldCycle: BottomInfo | null = null;
  /** List literals whose elements include comprehensions, added once the other conjuncts are in. */
  listComprehensions: Conjunct[] = [];
  /** Whether a comprehension ranged over this vertex's fields while it was being evaluated. */
  arcsReferenced = false;
  /** Copies this evaluation took of vertices that may still grow (copy-watch.ts). */
  copies: Copy[] = [];
  /**
   * The vertex's disjunctions are being expanded: its disjuncts are evaluated now, and a
   * value read from the vertex meanwhile would be one disjunct's guess (CUE's IsDisjunct).
   */
  expanding = false;
  /**
   * A field that read this vertex in a cycle while its disjunctions were still to be resolved
   * (CUE's defaultAttemptInCycle): the value it computed took one of them for granted, so the
   * disjunction must resolve to its default, or the reading was ambiguous.
   */
  defaultAttemptInCycle: Vertex | null = null;

  constructor(public v: Vertex) {}

  /** Makes a pooled state ready for another vertex (evaluation is the hot path: no garbage). */
  reset(v: Vertex): void {
    this.v = v;
    this.scalar.reset();
    if (this.disjunctions.length !== 0) this.disjunctions.length = 0;
    if (this.pending.length !== 0) this.pending.length = 0;
    this.seq = 0;
    if (this.pendingSeqs.length !== 0) this.pendingSeqs.length = 0;
    if (this.chosen.length !== 0) this.chosen.length = 0;
    if (this.ownFieldSelections.length !== 0) this.ownFieldSelections.length = 0;
    this.conjunctsAdded = false;
    this.chosenAdded = 0;
    if (this.collected.length !== 0) this.collected.length = 0;
    this.nesting = 0;
    this.draining = false;
    this.closeCall = null;
    if (this.comprehensions.length !== 0) this.comprehensions.length = 0;
    if (this.allComprehensions.length !== 0) this.allComprehensions.length = 0;
    if (this.postChecks.length !== 0) this.postChecks.length = 0;
    this.lastPass = false;
    if (this.cyclicBelow.length !== 0) this.cyclicBelow.length = 0;
    if (this.dynamicFields.length !== 0) this.dynamicFields.length = 0;
    if (this.patterns.length !== 0) this.patterns.length = 0;
    if (this.lists.length !== 0) this.lists.length = 0;
    if (this.listRests.length !== 0) this.listRests.length = 0;
    if (this.seenCount !== 0) {
      // Drop the references (a pooled state must not keep old trees alive) but keep the array:
      // truncating it would free its storage.
      const flat = this.seenFlat!;
      for (let i = 0; i < this.seenCount; i++) flat[i] = undefined;
      this.seenCount = 0;
    }
    this.seenMap = null;
    this.hasCyclic = false;
    this.cycleCut = false;
    this.hasNonCyclic = false;
    this.nonCycleValue = false;
    this.maybeEmptyStruct = false;
    this.typeRead = false;
    this.embedStruct = false;
    this.incomplete = null;
    this.ownFieldCycle = null;
    if (this.copies.length !== 0) this.copies.length = 0;
    this.arcsReferenced = false;
    if (this.listComprehensions.length !== 0) this.listComprehensions.length = 0;
    this.expanding = false;
    this.defaultAttemptInCycle = null;
  }

  /** Records (key, env, ctx); returns false when it was already there. */
  markSeen(key: object, env: Environment | Vertex, ctx: CloseContext | null): boolean {
    if (this.seenMap) return markInMap(this.seenMap, key, env, ctx);
    const flat = (this.seenFlat ??= []);
    const n = this.seenCount;
    for (let i = 0; i < n; i += 3) {
      if (flat[i] === key && flat[i + 1] === env && flat[i + 2] === ctx) return false;
    }
    if (n + 3 > 48) {
      this.seenMap = new Map();
      for (let i = 0; i < n; i += 3) markInMap(this.seenMap, flat[i] as object, flat[i + 1] as Environment, flat[i + 2] as CloseContext | null);
      markInMap(this.seenMap, key, env, ctx);
      for (let i = 0; i < n; i++) flat[i] = undefined;
      this.seenCount = 0;
      return true;
    }
    if (n < flat.length) {
      flat[n] = key;
      flat[n + 1] = env;
      flat[n + 2] = ctx;
    } else flat.push(key, env, ctx);
    this.seenCount = n + 3;
    return true;
  }
}

function markInMap(m: Map<object, [Environment | Vertex, CloseContext | null][]>, key: object, env: Environment | Vertex, ctx: CloseContext | null): boolean {
  let list = m.get(key);
  if (!list) {
    list = [];
    m.set(key, list);
  }
  for (const [e, c] of list) if (e === env && c === ctx) return false;
  list.push([env, ctx]);
  return true;
}
