/**
 * Vertex: a node of the evaluated tree, one per field path (CUE's adt.Vertex).
 * Its value is the unification of its conjuncts. Arcs (children) are created when the parent
 * processes its struct literals; they are evaluated lazily, when looked up or when the parent
 * is finalized.
 */
import type { Span } from '../source/index.js';
import type { BottomInfo } from './bottom.js';
import type { NodeState } from './node-state.js';
import type { Expr, ArcType, ComprehensionDecl, DynamicFieldDecl } from './adt.js';
import { ArcMember, ArcOptional, ArcRequired } from './adt.js';
import type { CloseContext, StructInfo } from './closedness.js';
import type { Environment } from './env.js';
import { Kind, type KindMask, TopKind } from './kind.js';
import { type Label, isRegularLabel } from './label.js';
import { ValueType, type Value, kindOf } from './value.js';

/** What was unified into a vertex: an expression in its environment, with its closedness group. */
export interface Conjunct {
  readonly env: Environment;
  readonly expr: Expr;
  readonly ctx: CloseContext | null;
  /**
   * The vertices this conjunct was reached through by references (for structural cycle
   * detection), innermost first; null when reached directly.
   */
  readonly history: RefHistory | null;
  /** Set when this conjunct came through a reference cycle (see evaluator). */
  readonly cyclic: boolean;
  /**
   * CUE's optional cycle states (cue/internal/core/adt/cycle.go, "OPTIONAL PATHS"): 1 for a
   * conjunct from a pattern constraint or a list's `...` (it may terminate, as the field it
   * feeds need not exist), 2 once such a conjunct met a reference again and was given one
   * more round with its history cleared. Absent for all others.
   */
  readonly optional?: Optionality;
  /**
   * Set on the conjunct a list's `...` gives an element (Evaluator.finishList): it arrives after
   * the element's own conjuncts, as in CUE, but its fields are ordered by where it is written
   * (field-order.ts).
   */
  readonly listRest?: true;
}

/** See Conjunct.optional. */
export type Optionality = 1 | 2 | undefined;

export interface RefHistory {
  readonly vertex: Vertex;
  /** The reference expression that reached it (see Evaluator.addVertexConjuncts). */
  readonly ref?: Expr;
  readonly up: RefHistory | null;
  /** Set when the step was an inline selection (`(X & {...}).out`): see Evaluator.inlineCycle. */
  readonly inline?: InlineRef;
}

/** An inline selection expression and the scope its helper field lives in (inline-scope.ts). */
export interface InlineRef {
  readonly expr: Expr;
  readonly scope: Environment;
  /** The vertex being evaluated whose conjunct the selection was (CUE's RefNode.Node). */
  readonly node: Vertex;
}

export const Status = {
  unprocessed: 0,
  evaluating: 1,
  evaluated: 2,
  finalizing: 3,
  finalized: 4,
} as const;

/** A pattern constraint at a vertex: the label constraint and the conjunct to add to matching arcs. */
export interface PatternConstraint {
  readonly pattern: Value;
  readonly env: Environment;
  readonly expr: Expr;
  readonly ctx: CloseContext | null;
  readonly bindsLabel: boolean;
  readonly history: RefHistory | null;
  readonly cyclic?: boolean;
  readonly optional?: Optionality;
  /**
   * For a pattern that binds no label: the one conjunct every matching field gets (conjuncts are
   * immutable, so the fields of a large map share it instead of holding a copy each).
   */
  readonly conjunct: Conjunct | null;
}

/**
 * `xs` with `x` appended. Small arrays are replaced by exact-size copies: pushing onto a short
 * array makes V8 reserve 17 slots or more, and a configuration has hundreds of thousands of
 * these little arrays (conjuncts, struct literals) that live as long as the tree.
 * Whoever reads one while it grows must read the property again, not keep the old array.
 */
export function appended<T>(xs: T[] | null, x: T): T[] {
  if (xs === null) return [x];
  switch (xs.length) {
    case 0:
      return [x];
    case 1:
      return [xs[0]!, x];
    case 2:
      return [xs[0]!, xs[1]!, x];
    case 3:
      return [xs[0]!, xs[1]!, xs[2]!, x];
  }
  xs.push(x);
  return xs;
}

const noArcs: Vertex[] = [];
const noConjuncts: Conjunct[] = [];

/** A regular declaration makes a field a member; otherwise required wins over optional. */
export function strongerArcType(a: ArcType, b: ArcType): ArcType {
  if (a === ArcMember || b === ArcMember) return ArcMember;
  if (a === ArcRequired || b === ArcRequired) return ArcRequired;
  return ArcOptional;
}

/**
 * Past this many arcs, lookups go through a Map. Below it a linear scan is as fast, and the
 * Map (about 700 bytes for a dozen fields) would stay in every mid-sized struct of the tree.
 */
const ArcIndexFrom = 24;

const BitsArcType = 3;
const BitValueOnly = 4;
const BitListOpen = 8;
const BitFrozen = 128;
const StatusShift = 4;
const BitsStatus = 7 << StatusShift;
/** A KindMask takes 8 bits (kind.ts). */
const StructuralShift = 8;
const BitsStructural = 0xff << StructuralShift;

/** See Vertex.sx. */
class VertexStructs {
  structs: StructInfo[] | null = null;
  patterns: PatternConstraint[] | null = null;
  arcMap: Map<Label, Vertex> | null = null;
}

/** Fields few vertices need (disjunction candidates, rejected fields), kept out of every vertex. */
/**
 * What a disjunction candidate's chosen terms are keyed by, beside the disjunction's
 * expression: the environment it is evaluated in, or for one of a field below the node, that
 * field's path (Evaluator's choiceEnv).
 */
export type ChoiceKey = Environment | null | string;

/** A comprehension or dynamic field left waiting, with the environment it is evaluated in. */
export interface WaitingDecl {
  readonly decl: ComprehensionDecl | DynamicFieldDecl;
  readonly env: Environment;
}

class VertexRare {
  choices: Map<Expr, Map<ChoiceKey, number>> | null = null;
  notAllowed: BottomInfo | null = null;
  sharers: Vertex[] | null = null;
  sharedFrom: Vertex | null = null;
  closesByEmbedding = false;
  fromDefinition = false;
  openedBy: CloseContext[] | null = null;
  pendingYields: ReadonlySet<Label> | null = null;
  frozenFields: ReadonlySet<Label> | null = null;
  errorBelow: BottomInfo | null = null;
  sharedBase: SharedBase | null = null;
  waiting: readonly WaitingDecl[] | null = null;
}

/**
 * For a root made by unifying a compiled template with fills (shared-base.ts): the template's
 * root, evaluated once, and the root labels none of the fills reaches, whose arcs this root
 * takes from the template by structure sharing instead of evaluating them again.
 */
export interface SharedBase {
  /** The compiled template's root (what the next fill analyses). */
  readonly template: Vertex;
  /** A copy of it, evaluated once, whose arcs are shared (Evaluator.settledTemplate). */
  readonly root: Vertex;
  /** The labels the fills add to (given to the next fill, which adds its own). */
  readonly filled: ReadonlySet<Label>;
  /** The root labels whose template arcs are evaluated and taken as they are. */
  readonly independent: ReadonlySet<Label>;
}

export class Vertex {
  /** ValueType.vertex, on the prototype (see below): one field less in every vertex. */
  declare readonly type: typeof ValueType.vertex;
  /** Shared empty arrays until the first push: most vertices are leaves (no arcs). */
  conjuncts: Conjunct[] = noConjuncts;
  /**
   * The non-structural part of the value: a scalar, type, bound, Conjunction, Top, Bottom,
   * or a Disjunction (of scalars or of candidate vertices) when more than one disjunct remains.
   */
  value: Value | null = null;
  arcs: Vertex[] = noArcs;
  /**
   * status, structural, arcType, isValueOnly and listOpen packed in one small integer (see the
   * accessors): a configuration has a vertex per field, and every field of a vertex is 8 bytes
   * that the garbage collector copies while the tree is built.
   */
  private bits = 0;
  /** What only struct vertices have (struct literals, their environments, patterns, an arc index). */
  private sx: VertexStructs | null = null;
  /** Source position of the declaration, for incomplete-value errors. */
  declSrc: Span | undefined = undefined;
  /** Scratch state while evaluating (evaluator.ts). */
  state: NodeState | null = null;
  private rare: VertexRare | null = null;

  /** How far evaluation got (Status). */
  get status(): number {
    return (this.bits & BitsStatus) >> StatusShift;
  }
  set status(x: number) {
    this.bits = (this.bits & ~BitsStatus) | (x << StatusShift);
  }
  /** `struct` and/or `list` bits when struct or list literals contributed. */
  get structural(): KindMask {
    return (this.bits & BitsStructural) >> StructuralShift;
  }
  set structural(x: KindMask) {
    this.bits = (this.bits & ~BitsStructural) | ((x << StructuralShift) & BitsStructural);
  }
  get arcType(): ArcType {
    return (this.bits & BitsArcType) as ArcType;
  }
  set arcType(x: ArcType) {
    this.bits = (this.bits & ~BitsArcType) | x;
  }
  /** Whether the list is open (`[...T]`), and the conjuncts for elements past the end. */
  get listOpen(): boolean {
    return (this.bits & BitListOpen) !== 0;
  }
  set listOpen(x: boolean) {
    this.bits = x ? this.bits | BitListOpen : this.bits & ~BitListOpen;
  }
  /** Set when the vertex is the result of evaluation (not backed by conjuncts), e.g. a builtin result. */
  get isValueOnly(): boolean {
    return (this.bits & BitValueOnly) !== 0;
  }
  set isValueOnly(x: boolean) {
    this.bits = x ? this.bits | BitValueOnly : this.bits & ~BitValueOnly;
  }
  /**
   * Set on the vertices of a template evaluated once for sharing (Evaluator.settledTemplate):
   * never changed again, so a render that shares one leaves no trace in it.
   */
  get frozen(): boolean {
    return (this.bits & BitFrozen) !== 0;
  }
  set frozen(x: boolean) {
    this.bits = x ? this.bits | BitFrozen : this.bits & ~BitFrozen;
  }
  /** Pattern constraints (`[string]: T`, and `...T` of lists as an index pattern). */
  get patterns(): PatternConstraint[] | null {
    return this.sx === null ? null : this.sx.patterns;
  }
  set patterns(x: PatternConstraint[] | null) {
    if (x !== null || this.sx !== null) (this.sx ??= new VertexStructs()).patterns = x;
  }
  /** Struct literals that contributed (closedness, field order). */
  get structs(): StructInfo[] | null {
    return this.sx === null ? null : this.sx.structs;
  }
  set structs(x: StructInfo[] | null) {
    if (x !== null || this.sx !== null) (this.sx ??= new VertexStructs()).structs = x;
  }
  private get arcMap(): Map<Label, Vertex> | null {
    return this.sx === null ? null : this.sx.arcMap;
  }
  private set arcMap(x: Map<Label, Vertex> | null) {
    if (x !== null || this.sx !== null) (this.sx ??= new VertexStructs()).arcMap = x;
  }

  /** For disjunction candidates: the term chosen for each disjunction occurrence. */
  get choices(): Map<Expr, Map<ChoiceKey, number>> | null {
    return this.rare === null ? null : this.rare.choices;
  }
  set choices(x: Map<Expr, Map<ChoiceKey, number>> | null) {
    if (x !== null || this.rare !== null) (this.rare ??= new VertexRare()).choices = x;
  }

  /** Set when the parent's closedness check rejected this field. */
  get notAllowed(): BottomInfo | null {
    return this.rare === null ? null : this.rare.notAllowed;
  }
  set notAllowed(x: BottomInfo | null) {
    if (x !== null || this.rare !== null) (this.rare ??= new VertexRare()).notAllowed = x;
  }

  /** Set when a literal of this vertex embeds a definition and so closes the fields below it (closedness.ts). */
  get closesByEmbedding(): boolean {
    return this.rare !== null && this.rare.closesByEmbedding;
  }
  set closesByEmbedding(x: boolean) {
    if (x) Vertex.closingByEmbedding = true;
    if (x || this.rare !== null) (this.rare ??= new VertexRare()).closesByEmbedding = x;
  }
  /**
   * Set once any vertex has had closesByEmbedding set (in this process): until then, no walk
   * up the tree looks for one (closedness-check.ts vertexRequirements, the hot path).
   */
  static closingByEmbedding = false;

  /**
   * Set when a reference that names a definition added conjuncts here: the value counts as
   * closed, and so does what lies below it, even a scalar (CUE's ClosedRecursive, which
   * `Value.isClosed` reports).
   */
  get fromDefinition(): boolean {
    return this.rare !== null && this.rare.fromDefinition;
  }
  set fromDefinition(x: boolean) {
    if (x || this.rare !== null) (this.rare ??= new VertexRare()).fromDefinition = x;
  }

  /**
   * The contexts of conjuncts that leave closedness to themselves (a validator such as `matchN`,
   * a `!=` bound): the definitions or close() calls they belong to check no field here
   * (closedness-check.ts).
   */
  get openedBy(): readonly CloseContext[] | null {
    return this.rare === null ? null : this.rare.openedBy;
  }
  addOpenedBy(ctx: CloseContext): void {
    const r = (this.rare ??= new VertexRare());
    if (!r.openedBy?.includes(ctx)) (r.openedBy ??= []).push(ctx);
  }

  /**
   * The fields that comprehensions left waiting on a cycle may still add, while the vertex's
   * value is provisional (see Evaluator.resetProvisional): a lookup of one is a cycle.
   */
  /**
   * The regular fields a struct had when `len` counted them while it could still grow (an
   * ancestor was being evaluated): a field added later is an error (CUE's "field set was
   * already referenced", `cycle/freeze`). Kept across re-evaluation.
   */
  get frozenFields(): ReadonlySet<Label> | null {
    return this.rare === null ? null : this.rare.frozenFields;
  }
  set frozenFields(x: ReadonlySet<Label> | null) {
    if (x !== null || this.rare !== null) (this.rare ??= new VertexRare()).frozenFields = x;
  }
  /**
   * Set when the vertex was finalized: the most severe permanent error of it or of a regular
   * field below it, through regular fields (CUE's AddChildError, which makes each node on
   * the way an error of that code: a structural cycle unless an eval or user error is there
   * too). See Evaluator.structuralCycleOf.
   */
  get errorBelow(): BottomInfo | null {
    return this.rare === null ? null : this.rare.errorBelow;
  }
  set errorBelow(x: BottomInfo | null) {
    if (x !== null || this.rare !== null) (this.rare ??= new VertexRare()).errorBelow = x;
  }
  /**
   * The comprehensions and dynamic fields still waiting when the vertex was finished
   * incomplete (`if p.enabled {...}` with `enabled: bool`): its value is that incomplete error,
   * and `eval` prints them as written beside the fields, as cue does.
   */
  get waiting(): readonly WaitingDecl[] | null {
    return this.rare === null ? null : this.rare.waiting;
  }
  set waiting(x: readonly WaitingDecl[] | null) {
    if (x !== null || this.rare !== null) (this.rare ??= new VertexRare()).waiting = x;
  }
  get pendingYields(): ReadonlySet<Label> | null {
    return this.rare === null ? null : this.rare.pendingYields;
  }
  set pendingYields(x: ReadonlySet<Label> | null) {
    if (x !== null || this.rare !== null) (this.rare ??= new VertexRare()).pendingYields = x;
  }
  /** See SharedBase: set on a root vertex only. */
  get sharedBase(): SharedBase | null {
    return this.rare === null ? null : this.rare.sharedBase;
  }
  set sharedBase(x: SharedBase | null) {
    if (x !== null || this.rare !== null) (this.rare ??= new VertexRare()).sharedBase = x;
  }
  /**
   * Takes the state of `from`, a vertex of a shared template (SharedBase), which is never
   * changed again: unlike tryShare's sharing, `from` does not record this vertex as a sharer
   * (a template rendered ten thousand times would keep every render alive).
   */
  shareFrozen(from: Vertex): void {
    this.setState('share', from);
    (this.rare ??= new VertexRare()).sharedFrom = from;
  }
  /** The vertices that took this one's value by structure sharing (see Evaluator.tryShare). */
  get sharers(): Vertex[] | null {
    return this.rare === null ? null : this.rare.sharers;
  }
  addSharer(v: Vertex): void {
    const r = (this.rare ??= new VertexRare());
    r.sharers = appended(r.sharers, v);
    (v.rare ??= new VertexRare()).sharedFrom = this;
  }
  /**
   * The vertex whose state this one took by structure sharing, followed to its end: what the
   * vertex really is in the tree (`a: b` shares b; a reference to a is a reference to b).
   */
  sharedTarget(): Vertex {
    let v: Vertex = this;
    for (let n = 0; v.rare !== null && v.rare.sharedFrom !== null && n < 1000; n++) v = v.rare.sharedFrom;
    return v;
  }
  /** Attributes and other per-field data can hang here later. */

  constructor(
    public parent: Vertex | null,
    readonly label: Label | null,
  ) {}

  lookup(label: Label): Vertex | undefined {
    if (this.arcMap) return this.arcMap.get(label);
    const arcs = this.arcs;
    for (let i = 0; i < arcs.length; i++) if (arcs[i]!.label === label) return arcs[i];
    return undefined;
  }

  /** The arc for `label`, created if missing. */
  getOrAddArc(label: Label, arcType: ArcType): Vertex {
    let arc = this.lookup(label);
    if (arc) {
      arc.arcType = strongerArcType(arc.arcType, arcType);
      return arc;
    }
    arc = new Vertex(this, label);
    arc.arcType = arcType;
    this.addArc(arc);
    return arc;
  }

  addArc(arc: Vertex): void {
    this.arcs = appended(this.arcs === noArcs ? null : this.arcs, arc);
    if (this.arcMap) this.arcMap.set(arc.label!, arc);
    else if (this.arcs.length > ArcIndexFrom) {
      this.arcMap = new Map();
      for (const a of this.arcs) this.arcMap.set(a.label!, a);
    }
  }

  /**
   * The evaluated state, in one place for its three uses (a test fails when a new field is in
   * none of Vertex.evaluatedState and Vertex.identityState):
   * - `share`: take another vertex's state, arcs included (structure sharing, Evaluator.tryShare);
   *   a shared vertex is not evaluated again until it is reset, so the environments that come
   *   with the structs (Evaluator.envFor) are not used to key its conjuncts;
   * - `adopt`: become the one candidate left of a disjunction (disjunction.ts): its arcs move
   *   here, re-parented, with its structs and their environments;
   * - `reset`: forget it all, to be evaluated again (a conjunct arrived after evaluation).
   */
  setState(mode: 'share' | 'adopt', from: Vertex): void;
  setState(mode: 'reset'): void;
  setState(mode: 'share' | 'adopt' | 'reset', from?: Vertex): void {
    if (mode === 'reset' || !from) {
      if (this.rare !== null) {
        this.rare.sharedFrom = null;
        this.rare.errorBelow = null;
        this.rare.openedBy = null;
        this.rare.waiting = null;
      }
      // status unprocessed, structural 0, the list closed; arcType, isValueOnly and frozen stay.
      this.bits &= BitsArcType | BitValueOnly | BitFrozen;
      this.value = null;
      this.arcs = noArcs;
      // structs, patterns and the arc index.
      this.sx = null;
      return;
    }
    this.value = from.value;
    this.structural = from.structural;
    this.structs = from.structs;
    this.patterns = from.patterns;
    this.listOpen = from.listOpen;
    if (from.openedBy !== null || this.rare !== null) (this.rare ??= new VertexRare()).openedBy = from.openedBy && from.openedBy.slice();
    this.waiting = from.waiting;
    if (mode === 'share') {
      this.arcs = from.arcs;
      this.arcMap = from.arcMap;
      return;
    }
    this.clearArcs();
    for (const a of from.arcs) {
      a.parent = this;
      this.addArc(a);
    }
  }

  /** The fields setState sets (what evaluating a vertex produces). */
  static readonly evaluatedState: readonly string[] = ['status', 'value', 'structural', 'arcs', 'arcMap', 'structs', 'patterns', 'listOpen'];
  /** The fields it leaves: what the vertex is (its place, its conjuncts) and scratch state. */
  static readonly identityState: readonly string[] = ['parent', 'label', 'conjuncts', 'arcType', 'isValueOnly', 'frozen', 'declSrc', 'state', 'rare'];
  /** The fields above kept packed in one field of the object (see the accessors). */
  static readonly packedState: Readonly<Record<string, readonly string[]>> = {
    bits: ['status', 'structural', 'arcType', 'isValueOnly', 'listOpen', 'frozen'],
    sx: ['structs', 'patterns', 'arcMap'],
  };

  clearArcs(): void {
    this.arcs = noArcs;
    this.arcMap = null;
  }

  get isStruct(): boolean {
    return (this.structural & Kind.struct) !== 0;
  }

  get isList(): boolean {
    return (this.structural & Kind.list) !== 0;
  }

  kindMask(): KindMask {
    const v = this.value;
    if (this.structural !== 0) {
      if (v && v.type === ValueType.bottom) return 0;
      return this.structural;
    }
    if (!v) return TopKind;
    return kindOf(v);
  }

  /** The path from the root, as labels. */
  path(): Label[] {
    const out: Label[] = [];
    for (let v: Vertex | null = this; v && v.label !== null; v = v.parent) out.push(v.label);
    return out.reverse();
  }

  /**
   * Adds a conjunct. Callers add each (expression, environment, context) once (struct literals
   * are deduplicated per vertex), so no search is made here: a field declared 5,000 times
   * would make it quadratic.
   */
  addConjunct(c: Conjunct): void {
    this.conjuncts = appended(this.conjuncts, c);
  }

  /** Whether an equal conjunct is already there (for conjuncts arriving after evaluation). */
  hasConjunct(c: Conjunct): boolean {
    const cs = this.conjuncts;
    for (let i = 0; i < cs.length; i++) {
      const o = cs[i]!;
      if (o.expr === c.expr && o.env === c.env && o.ctx === c.ctx) return true;
    }
    return false;
  }
}

(Vertex.prototype as { type: typeof ValueType.vertex }).type = ValueType.vertex;

/** Whether a finished vertex may still get fields: a vertex above it is still being evaluated. */
export function mayStillGrow(v: Vertex): boolean {
  for (let p = v.parent; p !== null; p = p.parent) if (p.state !== null) return true;
  return false;
}

/**
 * Fixes the set of regular fields of a finished struct that was counted (`len`) or ranged over
 * (`for`) while it could still grow: a field added later is an error (Vertex.frozenFields).
 */
export function freezeFieldSet(v: Vertex): void {
  const labels = new Set<Label>();
  for (const a of v.arcs) if (a.arcType === ArcMember && isRegularLabel(a.label!)) labels.add(a.label!);
  v.frozenFields = labels;
}
