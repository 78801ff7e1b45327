/**
 * Conversions between evaluated values and plain values (../plain/plain-value.ts), used for builtin
 * arguments and results: builtins work on plain data, the evaluator on values.
 */
import { ErrorCode } from '../errors/index.js';
import type { Span } from '../source/index.js';
import { CueFloat, PlainStruct, type PlainValue } from '../plain/plain-value.js';
import { ArcMember, type Expr, FieldDecl, ListLitX, StructLitX, ValueX } from './adt.js';
import { type BottomInfo, bottomInfo } from './bottom.js';
import { Decimal } from '../plain/decimal.js';
import { Environment } from './env.js';
import type { Evaluator } from './evaluator.js';
import { orderedArcs } from './field-order.js';
import { formatValue } from './format-value.js';
import { Kind } from './kind.js';
import { isRegularLabel, labelName, regularLabel } from './label.js';
import { floatFromLiteral, makeInt } from './numbers.js';
import { BoolLit, BytesLit, NullLit, type Scalar, StringLit, TOP, ValueType, type Value, isScalar } from './value.js';
import { Status, Vertex } from './vertex.js';

const emptyEnv = new Environment(null, null, null);

function valueOnly(structural: number): Vertex {
  const v = new Vertex(null, null);
  v.isValueOnly = true;
  v.structural = structural;
  v.value = TOP;
  v.status = Status.finalized;
  return v;
}

function addElement(parent: Vertex, label: number | string, value: Value, src: Span | undefined): void {
  // An element of another built list stands for what it points to: follow the chain, so that
  // lists built from lists (`a + a`, list.Concat) do not nest references level after level.
  while (value.type === ValueType.vertex && value.conjuncts.length === 1 && value.conjuncts[0]!.ctx === null) {
    const e = value.conjuncts[0]!.expr;
    if (e.op !== 0 || e.value.type !== ValueType.vertex) break;
    value = e.value;
  }
  const arc = new Vertex(parent, label);
  arc.declSrc = src;
  arc.addConjunct({ env: emptyEnv, expr: new ValueX(value, src), ctx: null, history: null, cyclic: false });
  parent.addArc(arc);
}

/** A closed list made of the given element values. */
export function listFromValues(elems: readonly Value[], src?: Span): Vertex {
  const list = valueOnly(Kind.list);
  list.declSrc = src;
  elems.forEach((e, i) => addElement(list, i, e, src));
  return list;
}

/** A struct made of the given (name, value) pairs, in order. */
export function structFromEntries(entries: Iterable<[string, Value]>, src?: Span): Vertex {
  const s = valueOnly(Kind.struct);
  s.declSrc = src;
  for (const [k, v] of entries) addElement(s, regularLabel(k), v, src);
  return s;
}

/**
 * A plain value as a literal expression (`{a: 1, b: [true]}`), as if its JSON had been
 * compiled: unified in, its fields are made once where they land, with no value-only tree
 * built first and copied after (how `fillPath` injects parameters and context).
 */
export function plainToExpr(p: PlainValue, src?: Span): Expr {
  if (Array.isArray(p)) return new ListLitX(p.map((x) => plainToExpr(x, src)), undefined, src);
  if (p instanceof PlainStruct) {
    const decls: FieldDecl[] = [];
    for (const [k, v] of p.fields) decls.push(new FieldDecl(regularLabel(k), ArcMember, plainToExpr(v, src), src));
    return new StructLitX(decls, src);
  }
  return new ValueX(fromPlain(p, src), src);
}

export function fromPlain(p: PlainValue, src?: Span): Value {
  if (p === null) return new NullLit(src);
  switch (typeof p) {
    case 'boolean':
      return new BoolLit(p, src);
    case 'string':
      return new StringLit(p, src);
    case 'bigint':
      return makeInt(p, src);
  }
  if (p instanceof CueFloat) return floatFromLiteral(p.text, src);
  if (p instanceof Uint8Array) return new BytesLit(p, src);
  if (Array.isArray(p)) return listFromValues(p.map((x) => fromPlain(x, src)), src);
  if (p instanceof PlainStruct) {
    const entries: [string, Value][] = [];
    for (const [k, v] of p.fields) entries.push([k, fromPlain(v, src)]);
    return structFromEntries(entries, src);
  }
  throw new Error('fromPlain: unexpected value');
}

export function scalarToPlain(v: Scalar): PlainValue {
  switch (v.type) {
    case ValueType.null:
      return null;
    case ValueType.bool:
      return v.value;
    case ValueType.num:
      return v.isInt ? v.int : new CueFloat(v.dec ?? new Decimal(v.text), v.text);
    case ValueType.string:
      return v.value;
    case ValueType.bytes:
      return v.value;
  }
}

export class NotConcrete {
  constructor(
    readonly info: BottomInfo,
    /** The value that is not concrete yet (not an error): builtins name it in their own words. */
    readonly pending?: Value,
  ) {}
}

/**
 * The plain form of a concrete value (defaults taken). Returns NotConcrete with the error when
 * some part is an error or not concrete.
 */
export function toPlain(ev: Evaluator, value: Value, depth = 0): PlainValue | NotConcrete {
  const v = ev.defaultOf(value);
  if (depth > ev.limits.maxDepth) return new NotConcrete(bottomInfo(ErrorCode.limit, `value nesting too deep (limit ${ev.limits.maxDepth})`));
  if (isScalar(v)) return scalarToPlain(v);
  switch (v.type) {
    case ValueType.bottom:
      return new NotConcrete(v.info);
    case ValueType.vertex: {
      if (v.structural === 0) return new NotConcrete(bottomInfo(ErrorCode.incomplete, `incomplete value ${formatValue(v)}`, [v.declSrc]), v);
      ev.finalize(v);
      if (v.value && v.value.type === ValueType.bottom) return new NotConcrete(v.value.info);
      if (v.isList) {
        const out: PlainValue[] = [];
        for (const a of v.arcs) {
          if (typeof a.label !== 'number') continue; // lets and definitions beside the list
          const x = toPlain(ev, a, depth + 1);
          if (x instanceof NotConcrete) return x;
          out.push(x);
        }
        return out;
      }
      // Fields in output order (as export prints them): current CUE's json.Marshal and
      // yaml.Marshal iterate the same topologically sorted features as export.
      const s = new PlainStruct();
      for (const a of orderedArcs(v)) {
        if (a.arcType !== ArcMember || !isRegularLabel(a.label!)) continue;
        const x = toPlain(ev, a, depth + 1);
        if (x instanceof NotConcrete) return x;
        s.fields.set(labelName(a.label!), x);
      }
      return s;
    }
    default:
      return new NotConcrete(bottomInfo(ErrorCode.incomplete, `incomplete value ${formatValue(v)}`, [v.src]), v);
  }
}

