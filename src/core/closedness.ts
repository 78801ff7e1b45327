/**
 * Closedness: which labels a struct allows.
 *
 * Closedness belongs to groups of conjuncts, not to a vertex: `#A & {b: 1}` is checked while
 * `{#A, b: 1}` is not. Every conjunct carries a CloseContext (or null for open ones):
 * - a reference to a definition opens a `def` context (recursive: conjuncts of child fields keep it);
 * - `close(x)` opens a `close` context (one level: child conjuncts drop it);
 * - an embedding inside a struct literal opens an `embed` context whose owner is that literal's
 *   StructInfo: the enclosing literal's own fields count as evidence for the definitions embedded
 *   in it.
 *
 * At each vertex, every def/close context found on the chains of its StructInfos is a
 * requirement: each regular field must be allowed (declared, matched by a pattern, or let through
 * by `...`) by some struct that belongs to that context, or by the owner of an embedding it sits in.
 */
import type { Environment } from './env.js';
import type { StructLitX } from './adt.js';
import type { Label } from './label.js';
import type { Value } from './value.js';

export type CloseKind = 'def' | 'close' | 'embed';

export class CloseContext {
  /** Rebased copies of this context onto other parents (see `rebase`). */
  private rebased: Map<CloseContext, CloseContext> | undefined;

  constructor(
    readonly parent: CloseContext | null,
    readonly kind: CloseKind,
    readonly owner: StructInfo | null = null,
  ) {}

  /** The same context chain placed under `parent` (memoized so conjuncts stay grouped). */
  rebase(parent: CloseContext): CloseContext {
    if (parent === this) return this;
    this.rebased ??= new Map();
    let r = this.rebased.get(parent);
    if (!r) {
      const p = this.parent ? this.parent.rebase(parent) : parent;
      r = new CloseContext(p, this.kind, this.owner);
      this.rebased.set(parent, r);
    }
    return r;
  }

  /** Whether `other` is this context or one of its ancestors. */
  hasAncestor(other: CloseContext): boolean {
    for (let c: CloseContext | null = this; c; c = c.parent) if (c === other) return true;
    return false;
  }
}

/** Combine the context of a conjunct being added with the context it arrives under. */
export function combineContexts(inner: CloseContext | null, outer: CloseContext | null): CloseContext | null {
  if (!inner) return outer;
  if (!outer) return inner;
  if (inner.hasAncestor(outer)) return inner;
  return inner.rebase(outer);
}

/** The context for conjuncts of child fields: `close()` applies to one level only. */
export function childContext(ctx: CloseContext | null): CloseContext | null {
  let c = ctx;
  while (c && c.kind === 'close') c = c.parent;
  return c;
}

/** One struct literal that contributed to a vertex. */
export class StructInfo {
  /** Labels of dynamic fields, known once their keys are evaluated. */
  dynamicLabels: Label[] | null = null;
  /** The label each dynamic field declaration produced (for `X=(k): v` aliases). */
  dynamicByDecl: Map<object, Label> | null = null;
  /** Evaluated pattern label constraints of this literal. */
  patterns: Value[] | null = null;
  hasEllipsis: boolean;
  /** For a comprehension's body: the literal and declaration index of the comprehension. */
  origin: { readonly parent: StructInfo; readonly index: number } | null = null;

  constructor(
    readonly lit: StructLitX,
    readonly env: Environment,
    readonly ctx: CloseContext | null,
  ) {
    this.hasEllipsis = lit.hasEllipsis;
  }
}
