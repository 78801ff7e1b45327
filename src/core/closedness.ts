/**
 * Closedness: which labels a struct allows.
 *
 * Closedness belongs to groups of conjuncts, not to a vertex: `#A & {b: 1}` is checked while
 * `{#A, b: 1}` is not. Every conjunct carries a CloseContext (or null for open ones):
 * - a reference to a definition opens a `def` context (recursive: conjuncts of child fields keep it);
 * - `close(x)` opens a `close` context (one level: child conjuncts drop it);
 * - an embedding (or comprehension) inside a struct literal opens an `embed` context whose owner
 *   is that literal's StructInfo and whose slot is the declaration's index; the literal's own
 *   fields pass an `embed` context with slot -1 to their children, so that one level down they
 *   are still known as the literal's.
 *
 * The spec: an embedded value is unified "disregarding the restrictions imposed by closed
 * structs". A literal and everything embedded in it form one group: the group is closed if a
 * member is, and a field is allowed if any member allows it (`{#a, #b}` allows the union).
 *
 * At each vertex, every def/close context found on the chains of its StructInfos is a
 * requirement: each regular field must be allowed (declared, matched by a pattern, or let through
 * by `...`) by some struct that belongs to that context, or, for each embedding the requirement
 * sits in, by the embedding literal itself or by a struct of another member of its group (another
 * embedding, a comprehension, or the literal's own fields one level down). Members of the same
 * embedding do not count: `{#A & {b: 1}}` is still an error. The files of a package count as
 * one literal: an embedding at the top of one file does not close the fields of another.
 *
 * A literal that embeds a definition (`x: #X & {#Y, objs: name: "Two"}`) is closed at its own
 * level by that definition's requirement, and below it as a definition is: every field under
 * `x.objs` needs a struct of the literal's group that allows it (the pinned CUE's typocheck.go,
 * addResolver's closeOuter, marks the enclosing struct recursive; cue/testdata/eval/embed.txtar,
 * noclose.cue fieldNotAllowed). `#X`'s own `objs: extra: ...` is then not allowed.
 *
 * A conjunct copied to another vertex by a reference loses its embed contexts (they name literals
 * of the vertex it was declared in), and a top-level file literal is never a boundary. A value
 * selected from an inline value (`(f & {in: #Inner}).out`) passes an `open` context: the
 * definitions its conjuncts came from become `openedDef`, which closes nothing (CUE's OpenInline,
 * kept from evalv2; cue/testdata/eval/openinline.txtar), while `close()` still applies.
 */
import type { Environment } from './env.js';
import type { StructLitX } from './adt.js';
import type { Label } from './label.js';
import type { Value } from './value.js';

/**
 * `open` marks a selection from an inline value; `openedDef` is a definition whose conjuncts were
 * selected so (it closes nothing, but the value still counts as closed for `Value.isClosed`, as
 * CUE's ClosedRecursive does).
 */
export type CloseKind = 'def' | 'close' | 'embed' | 'open' | 'openedDef';

export class CloseContext {
  /** Copies of this context with another parent (see `rebaseWithout`), by whether definitions were opened. */
  private placed: Map<CloseContext | null, CloseContext> | undefined;
  private placedOpened: Map<CloseContext | null, CloseContext> | undefined;
  private unclosed: CloseContext | null | undefined;
  /** The context this one is a copy of (rebaseWithout). */
  origin: CloseContext | null = null;

  constructor(
    readonly parent: CloseContext | null,
    readonly kind: CloseKind,
    readonly owner: StructInfo | null = null,
    readonly slot = -1,
  ) {}

  /**
   * This chain without its embed contexts placed under `parent` (memoized); with `openDefs`,
   * its definitions become `openedDef`. An embed context names a literal of the vertex the
   * conjunct was declared in; copied to another vertex by a reference, it would pass for a
   * member of an embedding group there.
   */
  rebaseWithout(openDefs: boolean, parent: CloseContext | null): CloseContext | null {
    const p = this.parent ? this.parent.rebaseWithout(openDefs, parent) : parent;
    if (this.kind === 'embed') return p;
    const opened = openDefs && this.kind === 'def';
    if (p === this.parent && !opened) return this;
    const memo = opened ? (this.placedOpened ??= new Map()) : (this.placed ??= new Map());
    let r = memo.get(p);
    if (!r) {
      r = new CloseContext(p, opened ? 'openedDef' : this.kind, this.owner, this.slot);
      r.origin = this;
      memo.set(p, r);
    }
    return r;
  }

  /** This chain without its close() contexts (memoized; see childContext). */
  withoutClose(): CloseContext | null {
    if (this.unclosed !== undefined) return this.unclosed;
    const p = this.parent ? this.parent.withoutClose() : null;
    let r: CloseContext | null;
    if (this.kind === 'close') r = p;
    else if (p === this.parent) r = this;
    else r = new CloseContext(p, this.kind, this.owner, this.slot);
    this.unclosed = r;
    return r;
  }

  /** Whether `other` is this context or one of its ancestors. */
  hasAncestor(other: CloseContext): boolean {
    for (let c: CloseContext | null = this; c; c = c.parent) if (c === other) return true;
    return false;
  }
}

/**
 * Combine the context of a conjunct being added with the context it arrives under, for a
 * conjunct copied from another vertex by a reference. Only a reference that names a definition
 * (`#A`, `#A.b`, `x.#B`) brings its closedness; one that does not (`a.b` with `a: #A`) opens the
 * definitions the conjuncts came from (CUE's scheduleVertexConjuncts and typocheck.go: "r3: a.b"
 * triggers no typo check; cue/testdata/eval/closedness.txtar reroot.cue indirect.embed.err1).
 */
export function combineContexts(inner: CloseContext | null, outer: CloseContext | null, byDefinition = true): CloseContext | null {
  if (!inner) return outer;
  if (outer) {
    if (inner.hasAncestor(outer)) return inner;
    // Already under a copy of inner: a reference cycle bringing the same conjuncts round again
    // (`v` bound to the field it is added to) is in the same groups, not in one more.
    if (outer.origin === inner) return outer;
    // The definition the conjunct was declared in already applies where it arrives (a field
    // of `#Z` referring to another field of `#Z`): no second requirement.
    let k: CloseContext | null = inner;
    while (k && k.kind === 'embed') k = k.parent;
    if (!k || outer.hasAncestor(k)) return outer;
  }
  // Selected from an inline value: the definitions it came from no longer close it.
  if (!byDefinition || isOpened(outer)) return inner.rebaseWithout(true, outer);
  return inner.rebaseWithout(false, outer);
}

/**
 * Whether a chain passes through an `open` context: the conjunct was selected from an inline
 * value (`(f & {in: #Inner}).out`), which CUE opens recursively as evalv2 did (OpenInline;
 * cue/testdata/eval/openinline.txtar, issue3534). `close()` still applies.
 */
export function isOpened(ctx: CloseContext | null): boolean {
  for (let c = ctx; c; c = c.parent) if (c.kind === 'open') return true;
  return false;
}

/** Whether a context chain passes through a definition that a selection from an inline value opened. */
export function hasOpenedDefinition(ctx: CloseContext | null): boolean {
  for (let c = ctx; c; c = c.parent) if (c.kind === 'openedDef') return true;
  return false;
}

/** Whether a context chain holds a definition or close(), not only embedding marks. */
export function imposesClosedness(ctx: CloseContext | null): boolean {
  for (let c = ctx; c; c = c.parent) if (c.kind === 'def' || c.kind === 'close') return true;
  return false;
}

/**
 * The context for conjuncts of child fields: `close()` applies to one level only, also when the
 * literal it closes embeds another (`close({{["d"]: f: int}})`, whose fields arrive under an
 * embed context above the close one; cue/testdata/definitions/typocheck.txtar, closeInEmbed).
 */
export function childContext(ctx: CloseContext | null): CloseContext | null {
  return ctx ? ctx.withoutClose() : null;
}

/** One struct literal that contributed to a vertex. */
export class StructInfo {
  /**
   * The fields below that most literals never set, kept in a side object: a configuration has
   * a StructInfo per struct literal per vertex, all alive as long as the tree.
   */
  private more: StructInfoMore | null = null;

  constructor(
    readonly lit: StructLitX,
    readonly env: Environment,
    readonly ctx: CloseContext | null,
  ) {}

  get hasEllipsis(): boolean {
    return this.lit.hasEllipsis;
  }

  /** Labels of dynamic fields, known once their keys are evaluated. */
  get dynamicLabels(): Label[] | null {
    return this.more === null ? null : this.more.dynamicLabels;
  }
  set dynamicLabels(x: Label[] | null) {
    if (x !== null || this.more !== null) (this.more ??= new StructInfoMore()).dynamicLabels = x;
  }
  /** The label each dynamic field declaration produced (for `X=(k): v` aliases). */
  get dynamicByDecl(): Map<object, Label> | null {
    return this.more === null ? null : this.more.dynamicByDecl;
  }
  set dynamicByDecl(x: Map<object, Label> | null) {
    if (x !== null || this.more !== null) (this.more ??= new StructInfoMore()).dynamicByDecl = x;
  }
  /** Evaluated pattern label constraints of this literal. */
  get patterns(): Value[] | null {
    return this.more === null ? null : this.more.patterns;
  }
  set patterns(x: Value[] | null) {
    if (x !== null || this.more !== null) (this.more ??= new StructInfoMore()).patterns = x;
  }
  /** For a comprehension's body: the literal and declaration index of the comprehension. */
  get origin(): StructOrigin | null {
    return this.more === null ? null : this.more.origin;
  }
  set origin(x: StructOrigin | null) {
    if (x !== null || this.more !== null) (this.more ??= new StructInfoMore()).origin = x;
  }
  /**
   * Set when a definition is embedded in this literal (directly or through embedded literals):
   * the literal then closes like a definition, recursively, below the vertex it was inserted in
   * (see embeddedDefinitionRequirements in closedness-check.ts).
   */
  get closedByEmbeddedDefinition(): boolean {
    return this.more !== null && this.more.closedByEmbeddedDefinition;
  }
  set closedByEmbeddedDefinition(x: boolean) {
    if (x || this.more !== null) (this.more ??= new StructInfoMore()).closedByEmbeddedDefinition = x;
  }
  /** The literal is the value of a list's `...` given to an element (see Conjunct.listRest). */
  get fromListRest(): boolean {
    return this.more !== null && this.more.fromListRest;
  }
  set fromListRest(x: boolean) {
    if (x || this.more !== null) (this.more ??= new StructInfoMore()).fromListRest = x;
  }
}

export interface StructOrigin {
  readonly parent: StructInfo;
  readonly index: number;
}

/** See StructInfo.more. */
class StructInfoMore {
  dynamicLabels: Label[] | null = null;
  dynamicByDecl: Map<object, Label> | null = null;
  patterns: Value[] | null = null;
  origin: StructOrigin | null = null;
  closedByEmbeddedDefinition = false;
  fromListRest = false;
}
