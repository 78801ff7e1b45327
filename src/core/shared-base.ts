/**
 * A compiled template shared across renders (issue 14): the root fields of a template that
 * nothing a fill adds can reach are evaluated once, in the template's own root vertex, and each
 * filled root takes them by structure sharing (Vertex.shareFrozen) instead of evaluating them
 * again. The rest is evaluated per render, as before.
 *
 * What a fill reaches: the root labels it adds to, then, transitively, every root field or let
 * whose expressions refer to one of those. References are resolved at compile time (scope
 * distance + label, see inline-scope.ts freeRefs), so the analysis is over the compiled
 * expressions only. It gives up (nothing is shared) on a root it cannot read that way: one whose
 * declarations may add to fields not known before evaluation (embeddings, dynamic fields,
 * patterns, `...`), or that is not made of plain struct literals. A reference it cannot place
 * (to the root struct itself, a label alias, anything outside the root) makes its field count as
 * reached; so do the fields a root comprehension declares, whatever its clauses read.
 *
 * What makes sharing exact: a root field that no fill reaches has the same conjuncts in the
 * filled root as in the template (the fills add to other labels; root comprehensions, which
 * could add to it, make their fields reached), and its expressions read only root fields that
 * are themselves unreached, so its evaluation sees the same values in both. Its arc is taken
 * only once evaluated through and through in the template (Evaluator.settleShared), so that a
 * render never evaluates a template vertex (a render that hits a limit would leave its error
 * there for every later render).
 */
import { DeclKind, type Decl, type Expr, ExprOp, type StructLitX } from './adt.js';
import { freeRefs } from './inline-scope.js';
import type { Label } from './label.js';
import type { SharedBase, Vertex } from './vertex.js';

/** The root labels each root field or let of a template reads; null for "something unknown". */
export interface RootReads {
  readonly reads: ReadonlyMap<Label, ReadonlySet<Label> | null>;
  /** Labels declared by root comprehensions: reached by every fill. */
  readonly comprehended: ReadonlySet<Label>;
}

const readsCache = new WeakMap<Vertex, RootReads | null>();

/** The reads of a template's root fields, or null when the root cannot be analysed. */
export function rootReads(root: Vertex): RootReads | null {
  let r = readsCache.get(root);
  if (r === undefined) {
    r = analyse(root);
    readsCache.set(root, r);
  }
  return r;
}

function analyse(root: Vertex): RootReads | null {
  if (root.parent !== null || root.isValueOnly || root.conjuncts.length === 0) return null;
  const reads = new Map<Label, Set<Label> | null>();
  const comprehended = new Set<Label>();
  const note = (label: Label, e: Expr): void => {
    let set = reads.get(label);
    if (set === null) return;
    if (set === undefined) reads.set(label, (set = new Set()));
    for (const r of freeRefs(e)) {
      // Only a field or let of the root itself is known: up 0 from a root field's expression.
      if (r.binding || r.label === null || r.up !== 0) {
        reads.set(label, null);
        return;
      }
      set.add(r.label);
    }
  };
  for (const c of root.conjuncts) {
    if (c.expr.op !== ExprOp.struct || c.ctx !== null || c.history !== null || c.cyclic || c.env.vertex !== null || c.env.bindings !== null) return null;
    for (const d of c.expr.decls) {
      switch (d.kind) {
        case DeclKind.field:
          note(d.label, d.value);
          break;
        case DeclKind.let:
          note(d.label, d.expr);
          break;
        case DeclKind.comprehension:
          if (!staticLabels(d.body, comprehended)) return null;
          break;
        default:
          return null;
      }
    }
  }
  return { reads, comprehended };
}

/** Adds the labels a struct literal declares; false when some are not known statically. */
function staticLabels(lit: StructLitX, out: Set<Label>): boolean {
  for (const d of lit.decls as readonly Decl[]) {
    if (d.kind === DeclKind.field || d.kind === DeclKind.let) out.add(d.label);
    else return false;
  }
  return true;
}

/**
 * The root labels a fill adds to: those a root's plain struct literals declare (a compiled file,
 * host data), or the arcs of a value-only root (fillPath of a Value). Null when not known.
 */
export function fillLabels(v: Vertex): Set<Label> | null {
  // A filled template unified in as a whole fills everything of it: not worth the analysis.
  if (v.parent !== null || v.sharedBase !== null) return null;
  const out = new Set<Label>();
  if (v.isValueOnly) {
    for (const a of v.arcs) out.add(a.label!);
    return out;
  }
  for (const c of v.conjuncts) {
    if (c.expr.op !== ExprOp.struct || !staticLabels(c.expr, out)) return null;
  }
  return out;
}

/** The root labels of the template that none of `filled` reaches (see above). */
export function unreachedLabels(reads: RootReads, filled: ReadonlySet<Label>): Set<Label> {
  const reached = new Set<Label>(filled);
  for (const l of reads.comprehended) reached.add(l);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [l, rs] of reads.reads) {
      if (reached.has(l)) continue;
      if (rs === null || [...rs].some((x) => reached.has(x))) {
        reached.add(l);
        changed = true;
      }
    }
  }
  const out = new Set<Label>();
  for (const l of reads.reads.keys()) if (!reached.has(l)) out.add(l);
  return out;
}

export type { SharedBase };
