/**
 * Field order on output. Each struct literal that contributed to a vertex orders its own
 * fields; these orders are merged with a topological sort, ties (and cycles) broken by the
 * order in which fields first appeared. Fields no literal declares (dynamic fields,
 * comprehension output) keep their place of first appearance. Literals from several files
 * are merged as the pinned CUE merges them (acrossFiles): one chain per file, ties by name.
 */
import { DeclKind } from './adt.js';
import type { StructInfo } from './closedness.js';
import type { Label } from './label.js';
import type { Vertex } from './vertex.js';

/**
 * The declaration order of each struct literal that contributed, with the fields a
 * comprehension produced placed where the comprehension is written (as in
 * `{if c {a: 1}, b: 2}`: a before b) and dynamic fields where they are declared.
 */
function sequences(structs: readonly StructInfo[]): Label[][] {
  return sequencesWithRoots(structs).seqs;
}

/** sequences, with the literal each sequence is of (comprehension bodies are inside theirs). */
function sequencesWithRoots(structs: readonly StructInfo[]): { roots: readonly StructInfo[]; seqs: Label[][] } {
  // Comprehension bodies are placed inside the literal they come from (when it is here too).
  let bodies: Map<StructInfo, StructInfo[]> | null = null;
  let roots: readonly StructInfo[] = structs;
  if (structs.some((s) => s.origin)) {
    const present = new Set(structs);
    bodies = new Map();
    const rs: StructInfo[] = [];
    for (const s of structs) {
      if (s.origin && present.has(s.origin.parent)) {
        let list = bodies.get(s.origin.parent);
        if (!list) bodies.set(s.origin.parent, (list = []));
        list.push(s);
      } else rs.push(s);
    }
    roots = rs;
  }
  const build = (s: StructInfo, out: Label[]) => {
    if (!s.lit.hasEmbeds && !s.dynamicByDecl) {
      for (const l of s.lit.staticLabels) out.push(l);
      return;
    }
    const decls = s.lit.decls;
    for (let i = 0; i < decls.length; i++) {
      const d = decls[i]!;
      if (d.kind === DeclKind.field) out.push(d.label);
      else if (d.kind === DeclKind.dynamicField) {
        const l = s.dynamicByDecl?.get(d);
        if (l !== undefined) out.push(l);
      } else if (d.kind === DeclKind.comprehension) {
        for (const b of bodies?.get(s) ?? []) if (b.origin!.index === i) build(b, out);
      }
    }
  };
  if (roots.some((r) => r.fromListRest)) roots = placeListRests(roots);
  const seqs = roots.map((r) => {
    const out: Label[] = [];
    build(r, out);
    return out;
  });
  return { roots, seqs };
}

/**
 * The literals of a list's `...` placed among the others by where they are written: such a
 * literal reaches an element after the element's own value (as in CUE, where it is a pattern
 * constraint matched after the arc is inserted), but CUE orders a vertex's struct literals by
 * position before merging their fields (internal/core/toposort/vertex.go, VertexFeatures), so
 * `[...{b: _}]` then `[{a: _}]` gives `{b, a}`. Each goes before the first other literal of the
 * same file written after it.
 */
function placeListRests(roots: readonly StructInfo[]): StructInfo[] {
  const out = roots.filter((r) => !r.fromListRest);
  for (const r of roots) {
    if (!r.fromListRest) continue;
    const p = r.lit.src;
    let at = out.length;
    if (p) {
      for (let i = 0; i < out.length; i++) {
        const q = out[i]!.lit.src;
        if (q && q.src === p.src && q.start > p.start) {
          at = i;
          break;
        }
      }
    }
    out.splice(at, 0, r);
  }
  return out;
}

/**
 * The arcs in the order the literals' declarations give them first (placeListRests moved some
 * literals ahead); an arc no literal declares stays after the arc it followed.
 */
function arcsInSequenceOrder(seqs: readonly Label[][], arcs: Vertex[]): Vertex[] {
  const byLabel = new Map<Label, Vertex>();
  for (const a of arcs) byLabel.set(a.label!, a);
  const placed = new Set<Vertex>();
  const out: Vertex[] = [];
  for (const labels of seqs) {
    for (const l of labels) {
      const a = byLabel.get(l);
      if (a && !placed.has(a)) {
        placed.add(a);
        out.push(a);
      }
    }
  }
  if (out.length === arcs.length) return out;
  for (let i = 0; i < arcs.length; i++) {
    const a = arcs[i]!;
    if (placed.has(a)) continue;
    out.splice(i === 0 ? 0 : out.indexOf(arcs[i - 1]!) + 1, 0, a);
    placed.add(a);
  }
  return out;
}

export function orderedArcs(v: Vertex): Vertex[] {
  const structs = v.structs;
  let arcs = v.arcs;
  if (!structs || structs.length <= 1 || arcs.length <= 1) return arcs;
  if (fromSeveralFiles(structs)) return acrossFiles(structs, arcs);
  if (inArcOrder(structs, arcs)) return arcs;
  const seqs = sequences(structs);
  if (structs.some((s) => s.fromListRest)) arcs = arcsInSequenceOrder(seqs, arcs);
  if (arcs.length <= 32) return smallOrder(seqs, arcs);
  // Ties (and cycles) go to the field that appeared first.
  return topoSort(seqs, arcs, (a, b) => a < b, false);
}

/**
 * Kahn's algorithm over the orders `seqs` give the arcs, taking among the fields free to come
 * next the least by `less` (a heap of arc indexes); on a cycle, the least field left. With
 * `undeclaredLast`, fields no sequence names come after the others, in arc order; otherwise
 * they are free from the start.
 */
function topoSort(seqs: readonly Label[][], arcs: Vertex[], less: (a: number, b: number) => boolean, undeclaredLast: boolean): Vertex[] {
  const index = new Map<Label, number>();
  arcs.forEach((a, i) => index.set(a.label!, i));
  const n = arcs.length;
  const succ: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Array<number>(n).fill(0);
  const declared = new Array<boolean>(n).fill(!undeclaredLast);
  const seenEdge = new Set<number>();
  for (const labels of seqs) {
    let prev = -1;
    for (const l of labels) {
      const i = index.get(l);
      if (i === undefined) continue;
      declared[i] = true;
      if (prev >= 0 && prev !== i) {
        const key = prev * n + i;
        if (!seenEdge.has(key)) {
          seenEdge.add(key);
          succ[prev]!.push(i);
          indeg[i]!++;
        }
      }
      prev = i;
    }
  }
  const out: Vertex[] = [];
  const done = new Array<boolean>(n).fill(false);
  const heap: number[] = [];
  for (let i = 0; i < n; i++) if (declared[i] && indeg[i] === 0) heapPush(heap, i, less);
  for (;;) {
    let pick = -1;
    if (heap.length > 0) pick = heapPop(heap, less);
    else for (let i = 0; i < n; i++) if (declared[i] && !done[i] && (pick < 0 || less(i, pick))) pick = i;
    if (pick < 0) break;
    if (done[pick]) continue;
    done[pick] = true;
    out.push(arcs[pick]!);
    for (const j of succ[pick]!) if (--indeg[j]! === 0 && !done[j]) heapPush(heap, j, less);
  }
  for (let i = 0; i < n; i++) if (!done[i]) out.push(arcs[i]!);
  return out;
}

/** Whether the literals of a vertex come from more than one file. */
function fromSeveralFiles(structs: readonly StructInfo[]): boolean {
  let file: unknown;
  for (const s of structs) {
    const f = s.lit.src?.src;
    if (f === undefined) continue;
    if (file === undefined) file = f;
    else if (f !== file) return true;
  }
  return false;
}

/**
 * The order of a vertex whose literals come from several files, as the pinned CUE's export
 * gives it (internal/core/toposort/vertex.go, VertexFeatures): the literals sorted by file
 * name and position; those of one file chained into one sequence (each after the one before
 * it), those of different files unrelated; then a topological sort that, among the fields
 * free to come next, takes the least by name (graph.go: "a lexicographical ordering"). So
 * `a, c` in one file and `b, d` in another give `a, b, c, d` (load_pkg.txtar: fields from
 * eleven files, sorted by name). Fields no literal declares come last, in arc order.
 */
function acrossFiles(structs: readonly StructInfo[], arcs: Vertex[]): Vertex[] {
  const { roots, seqs } = sequencesWithRoots(structs);
  const order = roots.map((r, i) => i);
  const fileOf = (i: number) => roots[i]!.lit.src?.src.name ?? '';
  const startOf = (i: number) => roots[i]!.lit.src?.start ?? 0;
  order.sort((a, b) => (fileOf(a) < fileOf(b) ? -1 : fileOf(a) > fileOf(b) ? 1 : startOf(a) - startOf(b)));
  const chains: Label[][] = [];
  let last: string | undefined;
  for (const i of order) {
    const f = fileOf(i);
    if (chains.length === 0 || f !== last) chains.push([]);
    chains[chains.length - 1]!.push(...(seqs[i] ?? []));
    last = f;
  }
  const name = (i: number) => arcs[i]!.label!;
  // By name: ints first, by value; then strings (graph.go, compareNodeByName).
  const less = (a: number, b: number) => {
    const x = name(a);
    const y = name(b);
    if (typeof x === 'number' || typeof y === 'number') return typeof x === 'number' && typeof y === 'number' ? x < y : typeof x === 'number';
    return x < y;
  };
  return topoSort(chains, arcs, less, true);
}

/**
 * The common case, checked without building anything: plain literals (no embeddings, dynamic
 * fields or comprehensions) whose fields all appear in the arcs in their declaration order.
 * Each literal is matched by one forward scan of the arcs.
 */
function inArcOrder(structs: readonly StructInfo[], arcs: readonly Vertex[]): boolean {
  for (const s of structs) if (s.origin || s.lit.hasEmbeds || s.dynamicByDecl || s.fromListRest) return false;
  const n = arcs.length;
  for (const s of structs) {
    let prev = -1;
    for (const l of s.lit.staticLabels) {
      let i = prev + 1;
      while (i < n && arcs[i]!.label !== l) i++;
      if (i < n) {
        prev = i;
        continue;
      }
      // Not after the previous field: out of order if it is before it, else not an arc.
      for (let j = 0; j <= prev; j++) if (arcs[j]!.label === l) return false;
    }
  }
  return true;
}

/** The same sort for a few fields, with bitmasks instead of maps (no allocation per field). */
function smallOrder(seqs: readonly Label[][], arcs: Vertex[]): Vertex[] {
  const n = arcs.length;
  const preds = new Array<number>(n).fill(0);
  let any = false;
  for (const labels of seqs) {
    let prev = -1;
    const visit = (l: Label) => {
      let i = 0;
      while (i < n && arcs[i]!.label !== l) i++;
      if (i === n) return;
      if (prev >= 0 && prev !== i) {
        preds[i]! |= 1 << prev;
        if (prev > i) any = true;
      }
      prev = i;
    };
    for (const l of labels) visit(l);
  }
  // Every constraint already points forward: the arc order is a valid order.
  if (!any) return arcs;
  const out: Vertex[] = [];
  let done = 0;
  while (out.length < n) {
    let pick = -1;
    for (let i = 0; i < n; i++) {
      if (done & (1 << i)) continue;
      if ((preds[i]! & ~done) === 0) {
        pick = i;
        break;
      }
    }
    if (pick < 0) for (let i = 0; i < n; i++) if (!(done & (1 << i))) { pick = i; break; }
    done |= 1 << pick;
    out.push(arcs[pick]!);
  }
  return out;
}

function heapPush(h: number[], x: number, less: (a: number, b: number) => boolean): void {
  h.push(x);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(x, h[p]!)) break;
    h[i] = h[p]!;
    i = p;
  }
  h[i] = x;
}

function heapPop(h: number[], less: (a: number, b: number) => boolean): number {
  const top = h[0]!;
  const last = h.pop()!;
  if (h.length > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && less(h[r]!, h[l]!) ? r : l;
      if (!less(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
  return top;
}
