/**
 * A value as data (CUE's Vertex.ToDataAll): what a validator that takes schemas (`matchN`,
 * `matchIf`) checks when the value is a struct or list that is not concrete yet. Regular
 * fields only (definitions, hidden, optional and required fields are constraints, not data),
 * defaults taken, no closedness, no patterns or list element types; leaves keep what they
 * are (`int`, `>=1`, `"a"`). Unlike the plain form a builtin gets (plain-values.ts toPlain),
 * a leaf need not be concrete: `{a: string}` is checked against `{a: int}` at once, and the
 * conflict makes a permanent failure (cue/testdata/builtins/matchn.txtar incompleteErr).
 */
import { ArcMember, ValueX } from './adt.js';
import type { Evaluator } from './evaluator.js';
import { isRegularLabel } from './label.js';
import { listFromValues } from './plain-values.js';
import { Disjunction, TOP, ValueType, type Value } from './value.js';
import { Status, Vertex } from './vertex.js';
import { Environment } from './env.js';

const noEnvironment = new Environment(null, null, null);

/** The data form of a value, or the first error found in it (a Bottom). */
export function toData(ev: Evaluator, x: Value, depth = 0): Value {
  const d = ev.defaultOf(x);
  if (d.type === ValueType.disjunction) {
    // Several defaults: those are the data (CUE keeps the default disjuncts).
    const values = d.numDefaults > 1 ? d.values.slice(0, d.numDefaults) : d.values;
    const out: Value[] = [];
    for (const v of values) {
      const y = toData(ev, v, depth + 1);
      if (y.type !== ValueType.bottom) out.push(y);
    }
    if (out.length === 0) return toData(ev, values[0]!, depth + 1);
    return out.length === 1 ? out[0]! : new Disjunction(out, 0, d.src);
  }
  if (d.type !== ValueType.vertex) return d;
  ev.finalize(d);
  if (d.value !== null && d.value.type === ValueType.bottom) return d.value;
  if (depth > ev.limits.maxDepth) return d;
  if (d.isList && !d.isStruct) {
    const elems: Value[] = [];
    for (const a of d.arcs) {
      if (typeof a.label !== 'number') continue; // lets and definitions beside the list
      const y = toData(ev, a, depth + 1);
      if (y.type === ValueType.bottom) return y;
      elems.push(y);
    }
    const l = listFromValues(elems, d.declSrc);
    l.listOpen = d.listOpen;
    return l;
  }
  const out = new Vertex(null, null);
  out.isValueOnly = true;
  out.structural = d.structural;
  out.value = d.value !== null && d.value.type !== ValueType.vertex ? d.value : TOP;
  out.status = Status.finalized;
  out.declSrc = d.declSrc;
  for (const a of d.arcs) {
    if (a.arcType !== ArcMember || typeof a.label === 'number' || !isRegularLabel(a.label!)) continue;
    const y = toData(ev, a, depth + 1);
    if (y.type === ValueType.bottom) return y;
    const arc = new Vertex(out, a.label);
    arc.declSrc = a.declSrc;
    arc.addConjunct({ env: noEnvironment, expr: new ValueX(y, a.declSrc), ctx: null, history: null, cyclic: false });
    out.addArc(arc);
  }
  return out;
}
