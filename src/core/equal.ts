/**
 * Structural equality of evaluated values: used to deduplicate disjuncts (where optional
 * fields count, as in CUE) and for `==` on structs and lists (where only regular fields count).
 */
import { ArcMember } from './adt.js';
import type { Evaluator } from './evaluator.js';
import { formatValue } from './format-value.js';
import { isRegularLabel } from './label.js';
import { equalScalar } from './scalar-state.js';
import { ValueType, type Value, isScalar } from './value.js';
import type { Vertex } from './vertex.js';

export function equalValues(ev: Evaluator, a: Value, b: Value, concreteOnly: boolean): boolean {
  if (a === b) return true;
  if (a.type === ValueType.vertex && b.type === ValueType.vertex) return equalVertices(ev, a, b, concreteOnly);
  if (a.type === ValueType.vertex) return a.structural === 0 && a.value !== null && equalValues(ev, a.value, b, concreteOnly);
  if (b.type === ValueType.vertex) return b.structural === 0 && b.value !== null && equalValues(ev, a, b.value, concreteOnly);
  if (isScalar(a) && isScalar(b)) return equalScalar(a, b);
  if (a.type !== b.type) return false;
  if (a.type === ValueType.basicType) return a.kind === (b as typeof a).kind;
  if (a.type === ValueType.top) return true;
  if (a.type === ValueType.bound) {
    const bb = b as typeof a;
    return a.op === bb.op && a.value.type === bb.value.type && equalScalar(a.value, bb.value);
  }
  if (a.type === ValueType.conjunction) {
    const bb = b as typeof a;
    if (a.kind !== bb.kind || a.bounds.length !== bb.bounds.length || a.validators.length !== bb.validators.length) return false;
    if (a.validators.length > 0) return formatValue(a) === formatValue(b);
    for (let i = 0; i < a.bounds.length; i++) if (!equalValues(ev, a.bounds[i]!, bb.bounds[i]!, concreteOnly)) return false;
    return true;
  }
  return formatValue(a) === formatValue(b);
}

export function equalVertices(ev: Evaluator, a: Vertex, b: Vertex, concreteOnly: boolean): boolean {
  if (a === b) return true;
  ev.finalize(a);
  ev.finalize(b);
  if (a.structural !== b.structural) return false;
  const ba = a.value?.type === ValueType.bottom;
  const bb = b.value?.type === ValueType.bottom;
  if (ba || bb) return ba && bb;
  if (a.structural === 0) {
    if (!a.value || !b.value) {
      if (a.value !== b.value) return false;
    } else if (!equalValues(ev, a.value, b.value, concreteOnly)) return false;
    // Beyond `==`, definitions beside an embedded scalar count: `{2, #x: 1}` and
    // `{2, #x: 2}` are two disjuncts (cue/testdata/builtins/or.txtar embed1).
    if (concreteOnly) return true;
  }
  // Deduplicating disjuncts, pattern constraints count: `*close({}) | {[_]: null}` keeps both,
  // as CUE's equalPartialNode compares the disjuncts' patterns (disjunct2.go;
  // cue/testdata/fulleval/053_issue312.txtar). The constraints' values are not compared here.
  if (!concreteOnly && !a.isList && !samePatterns(ev, a, b)) return false;
  // For `==` only the elements count: `[...] == []` (current CUE).
  if (a.isList && !concreteOnly && a.listOpen !== b.listOpen) return false;
  const arcsA = a.arcs.filter((x) => keep(x, concreteOnly));
  const arcsB = b.arcs.filter((x) => keep(x, concreteOnly));
  if (arcsA.length !== arcsB.length) return false;
  for (const x of arcsA) {
    const y = b.lookup(x.label!);
    if (!y || !keep(y, concreteOnly)) return false;
    if (x.arcType !== y.arcType) return false;
    if (!equalVertices(ev, x, y, concreteOnly)) return false;
  }
  return true;
}

function keep(v: Vertex, concreteOnly: boolean): boolean {
  if (typeof v.label === 'number') return true;
  if (concreteOnly) return v.arcType === ArcMember && isRegularLabel(v.label!);
  return true;
}

function samePatterns(ev: Evaluator, a: Vertex, b: Vertex): boolean {
  const pa = a.patterns ?? [];
  const pb = b.patterns ?? [];
  if (pa.length === 0 || pb.length === 0) return pa.length === pb.length;
  // As sets: one pattern may be added once per conjunct that brings it.
  const within = (xs: typeof pa, ys: typeof pa) => xs.every((p) => ys.some((q) => equalValues(ev, p.pattern, q.pattern, false)));
  return within(pa, pb) && within(pb, pa);
}
