/**
 * Copies taken from a vertex whose conjuncts may still grow (CUE's notification of
 * dependants, `nodeContext.notify` in sched.go / unify.go).
 *
 * A reference copies the conjuncts its target has at that moment. While an ancestor of the
 * target is still being evaluated, more conjuncts can reach the target afterwards: in
 * `x: a: a: f: 1, x: y.a, y: a: a: e: 1, y: x.a`, `y` copies `x.a` before `x` has added
 * what `y.a` gives it (`e: 1`); in `d: e: f: 1, d, d: d: e: g: 1` the embedding copies `d`
 * before the last line adds to it. CUE notifies the vertex that took the copy. cue-lite notes
 * each such copy with the number of conjuncts it saw: while the copying vertex is still being
 * evaluated, it takes the conjuncts that arrived since (`catchUp`); once the outermost
 * evaluation is done, a vertex whose copy is still behind is evaluated anew (`stale`).
 */
import { type CloseContext, combineContexts } from './closedness.js';
import { type Conjunct, type Optionality, type RefHistory, Status, type Vertex } from './vertex.js';

/** How a reference marks the conjuncts it copies (see Evaluator.addVertexConjuncts). */
export interface CopyMark {
  readonly ctx: CloseContext | null;
  readonly viaDefinition: boolean;
  readonly history: RefHistory | null;
  readonly cyclic: boolean;
  readonly optional: Optionality | undefined;
}

/** A target's conjunct as a reference copies it. */
export function copiedConjunct(tc: Conjunct, m: CopyMark): Conjunct {
  return { env: tc.env, expr: tc.expr, ctx: combineContexts(tc.ctx, m.ctx, m.viaDefinition), history: m.history, cyclic: m.cyclic || tc.cyclic, optional: m.optional ?? tc.optional };
}

/** A vertex that copied the conjuncts of `target` while they were `count` long. */
export interface Copy extends CopyMark {
  readonly by: Vertex;
  target: Vertex;
  count: number;
}

export class CopyWatch {
  private copies: Copy[] = [];
  /** The targets each copying vertex took conjuncts (or, sharing, the state) from, while noted. */
  private sources: Map<Vertex, Vertex[]> | null = null;

  get size(): number {
    return this.copies.length;
  }

  /**
   * Notes that `by` copies the conjuncts of `target` (their number is taken after the copy),
   * if they may still grow: an ancestor of `target` is being evaluated, or has a provisional
   * value (Evaluator.isProvisional) and will be evaluated again. Only fields of the
   * tree and its root are noted (a disjunction's candidate or an operand's helper vertex is
   * made again by whoever needs it). Returns the note, or null.
   */
  note(by: Vertex, target: Vertex, mark: Omit<Copy, 'by' | 'target' | 'count'>): Copy | null {
    if (by.parent !== null && !isTreeField(by)) return null;
    for (let p = target.parent; p; p = p.parent) {
      // Provisional (pendingYields): evaluated again when the outermost evaluation ends.
      if (p.status === Status.evaluating || p.pendingYields !== null) {
        const c: Copy = { by, target, count: 0, ...mark };
        this.copies.push(c);
        const m = (this.sources ??= new Map());
        const list = m.get(by);
        if (!list) m.set(by, [target]);
        else if (!list.includes(target)) list.push(target);
        return c;
      }
    }
    return null;
  }

  /**
   * The vertices `by` copied (or shared) while they could still grow, as noted since the
   * outermost evaluation began: what `by` holds may still change with them. A lookup in `by`
   * of a field that a comprehension of theirs may still add waits for that comprehension as
   * a lookup in the target itself would (see Evaluator.pendingLookup).
   */
  sourcesOf(by: Vertex): readonly Vertex[] | undefined {
    const list = this.sources === null ? undefined : this.sources.get(by);
    if (list !== undefined || this.kept === null) return list;
    return this.kept.get(by);
  }

  /**
   * The vertices stale() found reset since a copy was taken below them: evaluated before the
   * stale copies are taken again, so that those see them complete.
   */
  remade: Vertex[] = [];

  /** Sources kept past the outermost evaluation (see keepBelow). */
  private kept: Map<Vertex, Vertex[]> | null = null;

  /**
   * Keeps the sources of the copies taken from `v` or below it, which is about to be
   * evaluated anew (a provisional value, Evaluator.resetProvisional): a vertex that copied
   * its provisional state still holds it, and when `v`'s comprehensions run again a lookup in
   * that vertex must wait for them as before (`y: x.info & {}` evaluated first, x's condition
   * reading y.port). Few vertices are provisional, so these are few.
   */
  keepBelow(v: Vertex): void {
    for (const c of this.copies) {
      let under = false;
      for (let p: Vertex | null = c.target; p !== null && !under; p = p.parent) under = p === v;
      if (!under) continue;
      const m = (this.kept ??= new Map());
      const list = m.get(c.by);
      if (!list) m.set(c.by, [c.target]);
      else if (!list.includes(c.target)) list.push(c.target);
    }
  }

  /**
   * The vertices whose copy is out of date: their target has more conjuncts now. The list
   * is emptied; each vertex is given once.
   */
  stale(): Vertex[] {
    const list = this.copies;
    this.copies = [];
    this.sources = null;
    const out: Vertex[] = [];
    this.remade = [];
    for (const c of list) {
      if (c.target.conjuncts.length <= c.count) {
        // A target whose provisional ancestor has been reset to be evaluated anew
        // (Evaluator.resetProvisional) is no field any more: the copy is out of date too, once
        // that ancestor is evaluated again (`remade`).
        // Not one whose target has a value other than a struct: what matters is the fields a
        // lookup in the copy reads (Evaluator.pendingLookup); a scalar that is evaluated
        // eagerly changes the order of the cycles it is in (`X: #X.user + #X.host`).
        if (this.kept === null || (c.target.structural === 0 && c.target.value !== null) || !this.kept.has(c.by)) continue;
        const root = detachedFrom(c.target);
        if (root === null) continue;
        if (!this.remade.includes(root)) this.remade.push(root);
      }
      // The root is not evaluated again: what reaches it is taken while it is evaluated.
      if (c.by.parent === null || c.by.status < Status.evaluated || out.includes(c.by)) continue;
      out.push(c.by);
    }
    return out;
  }
}

/**
 * The conjuncts that reached a copy's target since it was taken, marked as the copy's; the count
 * moves on. `now` is the vertex that stands where the target stood: another one when an
 * ancestor of the target took a conjunct after it was evaluated and made its arcs anew (in `t:
 * {c: d: e: f: 1, c.d, c: d: c: d: e: g: 1}` the embedding adds `d: e: g: 1` to `c`, which
 * the copy of `c.d` must see). Its conjuncts the old target did not have are the new ones.
 */
export function catchUp(c: Copy, now: Vertex = c.target): Conjunct[] {
  if (now !== c.target) {
    const old = c.target;
    c.target = now;
    c.count = now.conjuncts.length;
    const out: Conjunct[] = [];
    for (const x of now.conjuncts) if (!old.hasConjunct(x)) out.push(copiedConjunct(x, c));
    return out;
  }
  const list = c.target.conjuncts;
  if (list.length <= c.count) return [];
  const out: Conjunct[] = [];
  for (let i = c.count; i < list.length; i++) out.push(copiedConjunct(list[i]!, c));
  c.count = list.length;
  return out;
}

function isTreeField(v: Vertex): boolean {
  return v.parent !== null && v.label !== null && v.parent.lookup(v.label) === v && !v.choices;
}

/** The nearest ancestor of v that is still in the tree while v is not (it was reset since), or null. */
function detachedFrom(v: Vertex): Vertex | null {
  for (let n = 0; v.parent !== null && v.label !== null && n < 32; n++) {
    if (v.parent.lookup(v.label) !== v) return v.parent;
    v = v.parent;
  }
  return null;
}
