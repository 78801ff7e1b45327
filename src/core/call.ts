/**
 * Calling builtins: the predeclared ones (`len`, `close`, `and`, `or`, `div`, `mod`, `quo`,
 * `rem`), standard-library functions over plain values, stdlib functions used as validators
 * (`strings.MinRunes(3)`), and raw builtins, which need the evaluator itself (`RawCall`).
 */
import { ErrorCode } from '../errors/index.js';
import type { Span } from '../source/index.js';
import { BuiltinError, type ParamKind, type PlainBuiltin, type RawBuiltin, type RawEvaluator, type RawValue } from '../plain/builtin.js';
import { CueFloat, PlainStruct, type PlainValue } from '../plain/plain-value.js';
import { DeclKind, type Expr, ExprOp, ValueX, ArcMember, ArcOptional, ArcRequired } from './adt.js';
import { type BottomInfo, bottomInfo, copyAt, errorList, headOf, isIncompleteInfo, withCauses, withPath } from './bottom.js';
import type { BuiltinRef } from './builtin-ref.js';
import { CloseContext } from './closedness.js';
import { rejectedRequired } from './closedness-check.js';
import { requiredNotPresent } from './required-field.js';
import { Environment } from './env.js';
import type { Evaluator } from './evaluator.js';
import { kindWord } from './evaluator.js';
import { evalExpr } from './expr-eval.js';
import { formatValue } from './format-value.js';
import { type Label, isLetLabel, isRegularLabel } from './label.js';
import { makeInt } from './numbers.js';
import { NotConcrete, fromPlain, listFromValues, structFromEntries, toPlain } from './plain-values.js';
import { mismatchCode } from './mismatch.js';
import { Kind, NumberKind, TopKind, kindName } from './kind.js';
import { Bottom, Disjunction, type Scalar, ValueType, type Value, ValidatorValue, isScalar, kindOf } from './value.js';
import { RawCall, isFailure, isNotYet, validatorCauses } from './raw-call.js';
import { Vertex, freezeFieldSet, mayStillGrow } from './vertex.js';

/** The predeclared functions other than the validators are evaluated by callPredeclared. */
const notRaw = (): never => {
  throw new BuiltinError('not a validator');
};

function predeclaredRef(name: string, params: ParamKind[], result: ParamKind, doc: string, raw: RawBuiltin['raw'] = notRaw, schemaArgs = false): BuiltinRef {
  return { name, pkg: '', func: { params, result, doc, raw, notValidator: true, ...(schemaArgs ? { schemaArgs } : {}) } };
}

/** The predeclared functions of the universe scope. */
export const predeclared: Readonly<Record<string, BuiltinRef>> = {
  len: predeclaredRef('len', ['top'], 'int', 'length of a string (bytes), bytes, list or struct'),
  close: predeclaredRef('close', ['struct'], 'struct', 'closes a struct'),
  and: predeclaredRef('and', ['list'], 'top', 'unification of the elements of a list'),
  or: predeclaredRef('or', ['list'], 'top', 'disjunction of the elements of a list'),
  div: predeclaredRef('div', ['int', 'int'], 'int', 'Euclidean division'),
  mod: predeclaredRef('mod', ['int', 'int'], 'int', 'Euclidean modulo'),
  quo: predeclaredRef('quo', ['int', 'int'], 'int', 'truncated division'),
  rem: predeclaredRef('rem', ['int', 'int'], 'int', 'truncated remainder'),
  error: predeclaredRef('error', ['string'], 'top', 'a custom error with the given message'),
  matchN: predeclaredRef('matchN', ['top', 'top', 'list'], 'bool', 'validator: the number of schemas the value unifies with satisfies n', matchN, true),
  matchIf: predeclaredRef('matchIf', ['top', 'top', 'top', 'top'], 'bool', 'validator: the value unifies with then if it unifies with if, else with else', matchIf, true),
};

function fullName(ref: BuiltinRef): string {
  return ref.pkg ? `${ref.pkg}.${ref.name}` : ref.name;
}

export function callBuiltin(ev: Evaluator, env: Environment, ref: BuiltinRef, argExprs: readonly Expr[], src: Span | undefined): Value {
  if (ref.pkg === '') return callPredeclared(ev, env, ref, argExprs, src);
  const f = ref.func;
  const nparams = f.params.length;
  const required = nparams - (f.optional ?? 0);
  const args: Value[] = argExprs.map((a) => evalExpr(ev, env, a));
  if (args.length === nparams - 1 && f.result === 'bool' && !f.notValidator && required === nparams) {
    // A validator: the first argument is the value it will be unified with.
    for (const a of args) if (a.type === ValueType.bottom) return a;
    return new ValidatorValue(ref, args.map((a) => ev.defaultOf(a)), src);
  }
  if (args.length < required || args.length > nparams) {
    return new Bottom(
      bottomInfo(
        ErrorCode.eval,
        `${args.length < required ? 'not enough' : 'too many'} arguments in call to ${fullName(ref)} (have ${args.length}, want ${required === nparams ? nparams : `${required} to ${nparams}`})`,
        [src],
      ),
    );
  }
  return callFunc(ev, ref, args, src);
}

function callFunc(ev: Evaluator, ref: BuiltinRef, args: Value[], src: Span | undefined): Value {
  return isRaw(ref) ? callRaw(ev, ref, args, src) : callPlain(ev, ref as BuiltinRef & { func: PlainBuiltin }, args, src);
}

function isRaw(ref: BuiltinRef): ref is BuiltinRef & { func: RawBuiltin } {
  return ref.func.raw !== undefined;
}

function callPlain(ev: Evaluator, ref: BuiltinRef & { func: PlainBuiltin }, args: Value[], src: Span | undefined): Value {
  const f = ref.func;
  if (f.movesElements === true && args.some((a) => hasMovedElement(ev, a, 0))) {
    const moved = callMovingElements(ev, ref, args, src);
    if (moved) return moved;
  }
  const plain: PlainValue[] = [];
  for (let i = 0; i < args.length; i++) {
    const want = f.params[i]!;
    const d = ev.defaultOf(args[i]!);
    // As CUE's Builtin.call: an argument's own error is the result as it is; an argument of a
    // kind the parameter can never take is a permanent error, however incomplete it is.
    if (d.type === ValueType.bottom) return d;
    const k = kindOf(d);
    if (d.type !== ValueType.disjunction && (k & paramKinds(want)) === 0) {
      return new Bottom(bottomInfo(ErrorCode.eval, `cannot use ${formatValue(d)} (type ${kindName(k)}) as ${kindLabel(want)} in argument ${i + 1} to ${fullName(ref)}`, [src]));
    }
    const p = toPlain(ev, args[i]!);
    if (p instanceof NotConcrete) {
      const info = p.info;
      if (f.movesElements && isIncompleteInfo(info)) {
        const moved = callMovingElements(ev, ref, args, src);
        if (moved) return moved;
      }
      // A structural cycle inside the argument is the call's (CUE: "error in call to list.Sum:
      // structural cycle", reported at the field of the call).
      if (info.code === ErrorCode.structuralCycle) return new Bottom(bottomInfo(info.code, `error in call to ${fullName(ref)}: ${info.message}`, [src]));
      if (!isIncompleteInfo(info)) return new Bottom(info);
      if (d.type === ValueType.disjunction) {
        return new Bottom(bottomInfo(ErrorCode.incomplete, `unresolved disjunction ${formatValue(d)} (type ${kindName(k)})`, [src]));
      }
      // The argument itself is not concrete yet: CUE's CallCtxt names what it expected
      // (argument numbers from 0 there), under "error in call to".
      if (isScalar(d) === false && !(d.type === ValueType.vertex && d.structural !== 0)) {
        const what = want === 'list' ? `non-concrete list for argument ${i}` : want === 'struct' ? `non-concrete struct for argument ${i}` : `non-concrete value ${formatValue(d)}`;
        return new Bottom(bottomInfo(ErrorCode.incomplete, `error in call to ${fullName(ref)}: ${what}`, [src, ...info.positions]));
      }
      if (want === 'top' && f.readsTop && p.pending) {
        const text = formatValue(p.pending);
        const what = f.readsTop === 'decode' ? `cannot convert non-concrete value ${text}` : `cannot convert incomplete value ${JSON.stringify(text)} to JSON`;
        return new Bottom(bottomInfo(ErrorCode.incomplete, `error in call to ${fullName(ref)}: ${what}`, [src, ...info.positions]));
      }
      const elem = f.listOf?.[i];
      if (elem && d.type === ValueType.vertex && d.isList) {
        const b = listElementError(ev, d, elem, i, fullName(ref), src);
        if (b) return b;
      }
      return new Bottom(bottomInfo(info.code, `${info.message} in argument ${i + 1} to ${fullName(ref)}`, [src, ...info.positions]));
    }
    if (!plainMatches(p, want)) {
      return new Bottom(
        bottomInfo(
          ErrorCode.eval,
          `cannot use ${formatValue(ev.defaultOf(args[i]!))} (type ${kindWord(ev.defaultOf(args[i]!))}) as ${kindLabel(want)} in argument ${i + 1} to ${fullName(ref)}`,
          [src],
        ),
      );
    }
    plain.push(p);
  }
  // Encoders may need several times their input in memory: keep arguments well under the limit.
  if (plainSize(plain, ev.limits.maxStringSize / 4) > ev.limits.maxStringSize / 4) {
    return new Bottom(bottomInfo(ErrorCode.limit, `error in call to ${fullName(ref)}: arguments too long (limit maxStringSize / 4 = ${Math.floor(ev.limits.maxStringSize / 4)})`, [src]));
  }
  let result: PlainValue;
  try {
    result = f.call(plain);
  } catch (e) {
    if (e instanceof BuiltinError) {
      return new Bottom(bottomInfo(ErrorCode.eval, `error in call to ${fullName(ref)}: ${e.message}`, [src]));
    }
    if (e instanceof RangeError) {
      return new Bottom(bottomInfo(ErrorCode.limit, `error in call to ${fullName(ref)}: ${e.message}`, [src]));
    }
    throw e;
  }
  if ((typeof result === 'string' || result instanceof Uint8Array) && result.length > ev.limits.maxStringSize) {
    return new Bottom(bottomInfo(ErrorCode.limit, `error in call to ${fullName(ref)}: result too long (limit maxStringSize = ${ev.limits.maxStringSize})`, [src]));
  }
  if (Array.isArray(result) && result.length > ev.limits.maxListSize) {
    return new Bottom(bottomInfo(ErrorCode.limit, `error in call to ${fullName(ref)}: result too long (limit maxListSize = ${ev.limits.maxListSize})`, [src]));
  }
  return fromPlain(result, src);
}

/**
 * Whether an element is passed through as the value it is rather than as plain data: a
 * disjunction (an element with a default keeps the others) or a struct (which keeps its
 * definitions, optional fields and the defaults inside it), as CUE's `[]cue.Value` parameters do.
 */
function movesAsValue(ev: Evaluator, x: Vertex): boolean {
  const r = ev.vertexResult(x);
  return r.type === ValueType.disjunction || (r.type === ValueType.vertex && r.isStruct);
}

/** Whether a list argument (or a list in it) has an element that movesAsValue. */
function hasMovedElement(ev: Evaluator, x: Value, depth: number): boolean {
  if (depth > 2) return false;
  const d = ev.defaultOf(x.type === ValueType.vertex ? ev.vertexResult(x) : x);
  if (d.type !== ValueType.vertex || !d.isList || d.structural === 0) return false;
  ev.evaluate(d);
  for (const a of d.arcs) {
    if (typeof a.label !== 'number') continue;
    if (movesAsValue(ev, a) || hasMovedElement(ev, a, depth + 1)) return true;
  }
  return false;
}

/** An element that is not concrete, passed through a builtin that only moves elements. */
class Moved {
  constructor(readonly value: Value) {}
}

/**
 * A call of a builtin that only moves list elements (`movesElements`), with lists whose
 * elements need not be concrete: such an element goes in as an opaque token and comes out as
 * the value it was. Lists of lists stay lists, so that FlattenN can flatten them. Null when the
 * call cannot be made so (another argument is not concrete): the caller then reports the
 * argument as incomplete.
 */
function callMovingElements(ev: Evaluator, ref: BuiltinRef & { func: PlainBuiltin }, args: Value[], src: Span | undefined): Value | null {
  const f = ref.func;
  const tokenize = (x: Value, depth: number): PlainValue | null => {
    if (depth > ev.limits.maxDepth) return null;
    const d = ev.defaultOf(x.type === ValueType.vertex ? ev.vertexResult(x) : x);
    if (d.type === ValueType.vertex && d.isList && d.structural !== 0) {
      ev.evaluate(d);
      const out: PlainValue[] = [];
      for (const a of d.arcs) {
        if (typeof a.label !== 'number') continue;
        const e = tokenize(a, depth + 1);
        if (e === null) return null;
        out.push(e);
      }
      return out;
    }
    if (depth === 0) return null;
    // A struct or disjunction element is moved as the value it is (movesAsValue): in
    // `list.Concat([["go"], [*"." | string]])` the second element is `*"." | string`
    // (cue/testdata/comprehensions/issue843.txtar #d2, definitions/issue4000.txtar).
    const p = toPlain(ev, x, depth);
    // Made plain first: a structural cycle inside the element is the call's error.
    if (!(p instanceof NotConcrete)) return f.movesElements === true && x.type === ValueType.vertex && movesAsValue(ev, x) ? (new Moved(x) as unknown as PlainValue) : p;
    return isIncompleteInfo(p.info) ? (new Moved(x) as unknown as PlainValue) : null;
  };
  const plain: PlainValue[] = [];
  for (let i = 0; i < args.length; i++) {
    const want = f.params[i]!;
    const p = want === 'list' || want === 'top' ? (tokenize(args[i]!, 0) ?? toPlain(ev, args[i]!)) : toPlain(ev, args[i]!);
    if (p === null || p instanceof NotConcrete || !plainMatches(p, want)) return null;
    plain.push(p);
  }
  let result: PlainValue;
  try {
    result = f.call(plain);
  } catch (e) {
    // A count or an index out of range (`list.Repeat([int], -1)`) is wrong whatever the
    // elements become.
    if (e instanceof BuiltinError) return new Bottom(bottomInfo(ErrorCode.eval, `error in call to ${fullName(ref)}: ${e.message}`, [src]));
    return null;
  }
  if (Array.isArray(result) && result.length > ev.limits.maxListSize) return null;
  const rebuild = (x: PlainValue): Value =>
    x instanceof Moved ? x.value : Array.isArray(x) ? listFromValues(x.map(rebuild), src) : fromPlain(x, src);
  return rebuild(result);
}

/** The size of plain values (characters of strings and bytes, plus one per value), up to `budget`. */
function plainSize(values: readonly PlainValue[], budget: number): number {
  let size = 0;
  const stack: PlainValue[] = [...values];
  while (stack.length > 0 && size <= budget) {
    const p = stack.pop()!;
    size += 1;
    if (typeof p === 'string' || p instanceof Uint8Array) size += p.length;
    else if (Array.isArray(p)) for (const x of p) stack.push(x);
    else if (p instanceof PlainStruct) for (const [k, x] of p.fields) {
      size += k.length;
      stack.push(x);
    }
  }
  return size;
}

/**
 * The first element of a string or number list argument that is not a concrete value of
 * that kind, reported as CUE's c.StringList and c.DecimalList do (indexes from 0).
 */
function listElementError(ev: Evaluator, l: Vertex, elem: 'string' | 'number', i: number, name: string, src: Span | undefined): Bottom | null {
  const want = elem === 'string' ? Kind.string : NumberKind;
  for (let j = 0; j < l.arcs.length; j++) {
    const w = ev.defaultOf(l.arcs[j]!);
    if (w.type === ValueType.bottom) {
      if (isIncompleteInfo(w.info)) return w;
      continue;
    }
    const k = kindOf(w);
    if (isScalar(w) && (k & want) !== 0) continue;
    if ((k & want) === 0) {
      return new Bottom(bottomInfo(ErrorCode.eval, `error in call to ${name}: invalid list element ${j} in argument ${i} to call: cannot use value ${formatValue(w)} (${kindName(k)}) as ${elem}`, [src, l.arcs[j]!.declSrc]));
    }
    return new Bottom(bottomInfo(ErrorCode.incomplete, `error in call to ${name}: non-concrete value ${formatValue(w)} for element ${j} of ${elem} list argument ${i}`, [src, l.arcs[j]!.declSrc]));
  }
  return null;
}

/** The kinds a parameter accepts, as a kind mask. */
function paramKinds(k: ParamKind): number {
  switch (k) {
    case 'top':
      return TopKind;
    case 'number':
      return NumberKind;
    case 'stringOrBytes':
      return Kind.string | Kind.bytes;
    default:
      return Kind[k];
  }
}

function kindLabel(k: ParamKind): string {
  return k === 'stringOrBytes' ? '(string|bytes)' : k === 'top' ? '_' : k;
}

function plainMatches(p: PlainValue, k: ParamKind): boolean {
  switch (k) {
    case 'top':
      return true;
    case 'null':
      return p === null;
    case 'bool':
      return typeof p === 'boolean';
    case 'int':
      return typeof p === 'bigint';
    case 'float':
      return p instanceof CueFloat;
    case 'number':
      return typeof p === 'bigint' || p instanceof CueFloat;
    case 'string':
      return typeof p === 'string';
    case 'bytes':
      return p instanceof Uint8Array;
    case 'stringOrBytes':
      return typeof p === 'string' || p instanceof Uint8Array;
    case 'list':
      return Array.isArray(p);
    case 'struct':
      return p instanceof PlainStruct;
  }
}

/**
 * The incomplete errors of validators that do not hold yet. A disjunct carrying one is dropped
 * like one with a permanent error (CUE eliminates it: cue/testdata/disjunctions/elimination.txtar
 * nestedNonMonotonic), while elsewhere it stays incomplete.
 */
const notHoldingYet = new WeakSet<BottomInfo>();

function notHolding(info: BottomInfo): BottomInfo {
  notHoldingYet.add(info);
  return info;
}

/** Whether a vertex that may be a scalar has fields beside it (definitions, hidden fields). */
function hasDeclsBeside(ev: Evaluator, v: Vertex): boolean {
  ev.evaluate(v);
  return v.structural === 0 && v.arcs.some((a) => typeof a.label !== 'number' && !isLetLabel(a.label!));
}

/** Runs a validator against a value: null when it passes, else the error. */
export function callValidator(ev: Evaluator, x: Scalar | Vertex, val: ValidatorValue): BottomInfo | null {
  const ref = val.builtin;
  const args: Value[] = [x, ...val.args];
  const r = callFunc(ev, ref, args, val.src);
  if (r.type === ValueType.bottom && isNotYet(r.info)) {
    // Fails, but a more complete value may pass: an incomplete error (CUE's validators).
    const call = validatorCall(val);
    const detail = r.info.message;
    const own = bottomInfo(ErrorCode.incomplete, `invalid value ${formatValue(x)} (does not satisfy ${call})${detail ? `: ${detail}` : ''}`, [val.src, x.type === ValueType.vertex ? x.declSrc : x.src]);
    return notHolding(withCauses(own, causesBelow(x, r.info)));
  }
  if (r.type === ValueType.bottom && isFailure(r.info)) {
    const detail = r.info.message;
    const own = bottomInfo(ErrorCode.eval, () => `invalid value ${formatValue(x)} (does not satisfy ${validatorCall(val)}): ${detail}`, [val.src, x.type === ValueType.vertex ? x.declSrc : x.src]);
    return withCauses(own, causesBelow(x, r.info));
  }
  if (r.type === ValueType.bottom) {
    if (isIncompleteInfo(r.info)) return null; // checked again once concrete
    // A validator that fails with a reason: say which value it rejected, then why. Messages
    // are formatted when read: printing the arguments evaluates them, and an argument that
    // holds the value checked (`c: matchN(1, [{d: c}])`) would run the validator again.
    const info = r.info;
    let text: string | undefined;
    return {
      code: info.code,
      get message() {
        return (text ??= `invalid value ${formatValue(x)} (does not satisfy ${validatorCall(val)}): ${info.message}`);
      },
      positions: info.positions,
      ...(info.path ? { path: info.path } : {}),
      ...(info.details ? { details: info.details } : {}),
    };
  }
  if (r.type === ValueType.bool && r.value) return null;
  return bottomInfo(ErrorCode.eval, () => `invalid value ${formatValue(x)} (does not satisfy ${validatorCall(val)})`, [val.src, x.type === ValueType.vertex ? x.declSrc : x.src]);
}

/**
 * The errors behind a validator's outcome (the schemas' own, see RawEvaluator.fails), placed
 * below the value it checked: a schema's error at `a` of the unified value is at `x.a`.
 */
function causesBelow(x: Scalar | Vertex, info: BottomInfo): BottomInfo[] {
  const base = x.type === ValueType.vertex ? x.path() : [];
  // A cause that is itself a list (a nested matchN's error and its schemas') is flattened.
  return validatorCauses(info).flatMap(errorList).map((c) => {
    const path = [...base, ...(c.path ?? [])];
    return path.length > 0 || x.type === ValueType.vertex ? withPath(headOf(c), path) : headOf(c);
  });
}

/** `matchN(1, [...])` as a message shows it (the bare name for a one-argument validator). */
function validatorCall(val: ValidatorValue): string {
  const ref = val.builtin;
  if ((val.args.length === 0 && ref.func.params.length === 1) || ref.func.schemaArgs) return fullName(ref);
  return `${fullName(ref)}(${val.args.map((a) => formatValue(a)).join(', ')})`;
}

function callPredeclared(ev: Evaluator, env: Environment, ref: BuiltinRef, argExprs: readonly Expr[], src: Span | undefined): Value {
  if (ref.name === 'matchN' || ref.name === 'matchIf') {
    // Validators only: the value they are unified with is the first argument.
    const want = ref.func.params.length - 1;
    if (argExprs.length !== want) {
      return new Bottom(bottomInfo(ErrorCode.eval, `${argExprs.length < want ? 'not enough' : 'too many'} arguments in call to ${ref.name} (have ${argExprs.length}, want ${want})`, [src]));
    }
    const args = argExprs.map((a) => evalExpr(ev, env, a));
    for (const a of args) if (a.type === ValueType.bottom && !isIncompleteInfo(a.info)) return a;
    return new ValidatorValue(ref, args, src);
  }
  if (ref.name === 'error') {
    if (argExprs.length !== 1) return new Bottom(bottomInfo(ErrorCode.eval, `error takes one argument (have ${argExprs.length})`, [src]));
    const m = ev.defaultOf(evalExpr(ev, env, argExprs[0]!));
    const msg = m.type === ValueType.string ? m.value : m.type === ValueType.bottom ? m.info.message : formatValue(m);
    return new Bottom(bottomInfo(ErrorCode.user, msg, [src]));
  }
  const want = ref.func.params.length;
  if (argExprs.length !== want) {
    return new Bottom(
      bottomInfo(ErrorCode.eval, `${argExprs.length < want ? 'not enough' : 'too many'} arguments in call to ${ref.name} (have ${argExprs.length}, want ${want})`, [src]),
    );
  }
  switch (ref.name) {
    case 'close': {
      const v = new Vertex(null, null);
      v.declSrc = src;
      v.addConjunct({ env, expr: argExprs[0]!, ctx: new CloseContext(null, 'close'), history: null, cyclic: false });
      ev.evaluate(v);
      return ev.vertexResult(v);
    }
    case 'len': {
      const x = ev.defaultOf(evalExpr(ev, env, argExprs[0]!));
      switch (x.type) {
        case ValueType.bottom:
          return x;
        case ValueType.string:
          return makeInt(BigInt(new TextEncoder().encode(x.value).length), src);
        case ValueType.bytes:
          return makeInt(BigInt(x.value.length), src);
        case ValueType.vertex:
          if (x.isList) {
            // Elements only: a list embedded in a struct keeps its lets and definitions as arcs.
            let n = 0;
            for (const a of x.arcs) if (typeof a.label === 'number') n++;
            return makeInt(BigInt(n), src);
          }
          if (x.isStruct) {
            let n = 0;
            for (const a of x.arcs) if (a.arcType === ArcMember && isRegularLabel(a.label!)) n++;
            // Counted while an ancestor is still being evaluated: its field set is fixed now.
            if (x.frozenFields === null && !x.state && mayStillGrow(x)) freezeFieldSet(x);
            return makeInt(BigInt(n), src);
          }
          break;
      }
      if (isScalar(x)) return new Bottom(bottomInfo(ErrorCode.eval, `cannot use ${formatValue(x)} (type ${kindWord(x)}) as (string|bytes|list|struct) in argument 1 to len`, [src]));
      if (x.type === ValueType.disjunction) {
        // No single default to take (CUE's getDefault).
        return new Bottom(bottomInfo(ErrorCode.incomplete, `unresolved disjunction ${formatValue(x)} (type ${kindName(kindOf(x))})`, [src]));
      }
      return new Bottom(bottomInfo(ErrorCode.incomplete, `incomplete argument ${formatValue(x)} (type ${kindName(kindOf(x))})`, [src]));
    }
    case 'and':
    case 'or': {
      const l = ev.defaultOf(evalExpr(ev, env, argExprs[0]!));
      if (l.type === ValueType.bottom) {
        // A list literal is a list to CUE even when a comprehension in it fails: the builtin
        // meets that error reading the elements, and reports it as its own
        // (`or([for v in x.#y {v}])` with `x.#y` missing: cue/testdata/eval/issue3672).
        const arg = argExprs[0]!;
        if (arg.op === ExprOp.list && arg.elems.some((el) => 'kind' in el && el.kind === DeclKind.comprehension) && l.info.code !== ErrorCode.structuralCycle && l.info.code !== ErrorCode.cycle) {
          const info = l.info;
          return new Bottom(bottomInfo(info.code, () => `error in call to ${ref.name}: ${info.message}`, [src, ...info.positions]));
        }
        return l;
      }
      if (l.type !== ValueType.vertex || !l.isList) {
        const code = mismatchCode(l, Kind.list);
        // A kind that can never be a list fails the builtin's parameter check, which names it
        // (CUE's Builtin.call: "cannot use 1 (type int) as list in argument 1 to and").
        if (code === ErrorCode.eval) return new Bottom(bottomInfo(code, `cannot use ${formatValue(l)} (type ${kindWord(l)}) as list in argument 1 to ${ref.name}`, [argExprs[0]!.src ?? src]));
        return new Bottom(bottomInfo(code, `cannot use ${formatValue(l)} as list in argument 1 to ${ref.name}`, [src]));
      }
      ev.evaluate(l);
      if (ref.name === 'or') {
        // Incomplete, not fatal: the list may yet get elements (cue/testdata/eval/errunifiy.txtar).
        if (l.arcs.length === 0) return new Bottom(bottomInfo(ErrorCode.incomplete, 'error in call to or: empty list in call to or', [src]));
        // An element with definitions beside its scalar (`{2, #x: 1}`) stays whole.
        const vals = l.arcs.map((a) => (hasDeclsBeside(ev, a) ? a : ev.vertexResult(a)));
        if (vals.length === 1) return vals[0]!;
        return new Disjunction(vals, 0, src);
      }
      const v = new Vertex(null, null);
      v.declSrc = src;
      for (const a of l.arcs) v.addConjunct({ env, expr: new ValueX(a, src), ctx: null, history: null, cyclic: false });
      ev.evaluate(v);
      return hasDeclsBeside(ev, v) ? v : ev.vertexResult(v);
    }
    default: {
      const x = ev.defaultOf(evalExpr(ev, env, argExprs[0]!));
      const y = ev.defaultOf(evalExpr(ev, env, argExprs[1]!));
      if (x.type === ValueType.bottom) return x;
      if (y.type === ValueType.bottom) return y;
      for (const [i, a] of [x, y].entries()) {
        if (a.type !== ValueType.num || !a.isInt) {
          if (mismatchCode(a, Kind.int) === ErrorCode.eval)
            return new Bottom(bottomInfo(ErrorCode.eval, `cannot use ${formatValue(a)} (type ${kindWord(a)}) as int in argument ${i + 1} to ${ref.name}`, [src]));
          return new Bottom(bottomInfo(ErrorCode.incomplete, `non-concrete value ${formatValue(a)} in argument ${i + 1} to ${ref.name}`, [src]));
        }
      }
      const a = (x as { int: bigint }).int;
      const b = (y as { int: bigint }).int;
      if (b === 0n) return new Bottom(bottomInfo(ErrorCode.eval, `division by zero`, [src]));
      switch (ref.name) {
        case 'quo':
          return makeInt(a / b, src);
        case 'rem':
          return makeInt(a % b, src);
        case 'div': {
          // Euclidean: the remainder is never negative.
          let q = a / b;
          if (a % b < 0n) q = b > 0n ? q - 1n : q + 1n;
          return makeInt(q, src);
        }
        case 'mod': {
          let r = a % b;
          if (r < 0n) r += b < 0n ? -b : b;
          return makeInt(r, src);
        }
      }
      return new Bottom(bottomInfo(ErrorCode.eval, `unknown builtin ${ref.name}`, [src]));
    }
  }
}

/** The vertices that plain references among a vertex's conjuncts resolve to. */
function referencedVertices(ev: Evaluator, v: Vertex): Vertex[] {
  const out: Vertex[] = [];
  for (const c of v.conjuncts) {
    const op = c.expr.op;
    if (op !== ExprOp.fieldRef && op !== ExprOp.selector && op !== ExprOp.letRef) continue;
    const r = ev.resolve(c.env, c.expr, null);
    if (r.type === ValueType.vertex && r !== v) out.push(r);
  }
  return out;
}

/** The data a schema is checked against, as text, when it is concrete (see unifyCheck). */
function dataKey(ev: Evaluator, x: Value): string | undefined {
  if (x.type === ValueType.vertex && !x.isValueOnly) return undefined;
  const p = toPlain(ev, x);
  return p instanceof NotConcrete ? undefined : plainKey(p);
}

function plainKey(p: PlainValue): string {
  if (p === null) return 'null';
  switch (typeof p) {
    case 'boolean':
      return String(p);
    case 'string':
      return JSON.stringify(p);
    case 'bigint':
      return `${p}n`;
  }
  if (p instanceof CueFloat) return `f${p.text}`;
  if (p instanceof Uint8Array) return `b${Array.from(p, (x) => x.toString(16).padStart(2, '0')).join('')}`;
  if (Array.isArray(p)) return `[${p.map(plainKey).join(',')}]`;
  const fields = [...(p as PlainStruct).fields].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${plainKey(v)}`).join(',')}}`;
}

/** How deep one schema's source may be checked inside itself (see unifyCheck). */
const maxSchemaNesting = 64;

/** Unifies two values in a fresh vertex and returns its first error, if any. */
export function unifyCheck(ev: Evaluator, a: Value, b: Value, concrete: boolean, env: Environment, final = false, reportIncomplete = false): { vertex: Vertex; error: BottomInfo | null } {
  const v = new Vertex(null, null);
  // A schema checked again while it is being checked (`x: y: yaml.Validate(x)`: validating y
  // unifies x, whose y is validated against x, ...) never ends: that is a cycle.
  // Callers pass the value checked first and the schema second; the value is often a fresh
  // vertex (decoded data), the schema the one that can come back.
  const schema = b.type === ValueType.vertex ? b : a.type === ValueType.vertex ? a : null;
  // A schema written in the call (`matchN(1, [{d: c}])`, `[_s]`) is a new vertex on every
  // level, so it is counted by its source position instead: that deep inside itself, it is a
  // cycle too (far deeper than any data a schema recurses over by hand).
  const site = schema?.declSrc;
  const nesting = site ? (ev.checkingSites.get(site) ?? 0) : 0;
  // A schema given as a list element or argument (`matchN(2, [_x, _x])`) is a fresh vertex
  // that stands for the vertices its references name: those are what comes back.
  const schemas = schema === null ? [] : [schema, ...referencedVertices(ev, schema)];
  // Checked again against the same data, it would go on for ever; against other data (`#c:
  // {a?: yaml.Validate(#c)}` checking `{a: "b: foo"}`, then `{b: "foo"}`) it may end where
  // the data does (cue/testdata/cycle/builtins.txtar yamlNoCycle). Data that is not concrete
  // has no key: any check of the same schema inside is a cycle.
  const key = schema === null ? undefined : dataKey(ev, schema === b ? a : b);
  const again = (x: Vertex) => {
    const keys = ev.checkingSchemas.get(x);
    return keys !== undefined && (key === undefined || keys.includes(key) || keys.includes(undefined));
  };
  if (schema !== null && (schemas.some(again) || nesting >= maxSchemaNesting)) {
    return { vertex: v, error: bottomInfo(ErrorCode.structuralCycle, 'structural cycle: a validator checks the value it is part of', [schema.declSrc]) };
  }
  v.addConjunct({ env, expr: new ValueX(a), ctx: null, history: null, cyclic: false });
  v.addConjunct({ env, expr: new ValueX(b), ctx: null, history: null, cyclic: false });
  for (const x of schemas) {
    const keys = ev.checkingSchemas.get(x);
    if (keys) keys.push(key);
    else ev.checkingSchemas.set(x, [key]);
  }
  if (site) ev.checkingSites.set(site, nesting + 1);
  try {
    ev.finalize(v);
    return { vertex: v, error: firstError(ev, v, concrete, 0, final, false, reportIncomplete) };
  } finally {
    for (const x of schemas) {
      const keys = ev.checkingSchemas.get(x)!;
      keys.pop();
      if (keys.length === 0) ev.checkingSchemas.delete(x);
    }
    if (site) {
      if (nesting === 0) ev.checkingSites.delete(site);
      else ev.checkingSites.set(site, nesting);
    }
  }
}


/**
 * The first error in a finalized tree (incomplete ones only when `concrete`). `validations`
 * (a disjunct being judged) also counts some incomplete errors, see failsDisjunct.
 */
/**
 * Whether an incomplete error at `depth` below a disjunct eliminates it. CUE judges a disjunct
 * once its fields are known and drops it for any error there, incomplete too, cycles aside
 * (disjunct2.go doDisjunct, getErrorAll): a field that refers to one that does not exist
 * (`*{v: m.b} | 3` is 3: cue/testdata/disjunctions/elimination.txtar issue1924). The
 * validators of the fields' own fields have not run by then: a validator that does not hold
 * yet counts on the disjunct or a field of it, not deeper (elimination.txtar
 * nestedNonMonotonic: n1 eliminated, n2 kept). An incomplete disjunct itself is kept while
 * nothing better remains (setResult).
 */
function failsDisjunct(info: BottomInfo, depth: number): boolean {
  if (notHoldingYet.has(info)) return depth <= 1;
  return info.code === ErrorCode.incomplete && depth > 0;
}

export function firstError(ev: Evaluator, v: Vertex, concrete: boolean, depth = 0, final = false, validations = false, reportIncomplete = false): BottomInfo | null {
  ev.evaluate(v);
  const val = v.value;
  if (val && val.type === ValueType.bottom) {
    if (concrete || !isIncompleteInfo(val.info) || reportIncomplete || (validations && failsDisjunct(val.info, depth))) return copyAt(val.info, val.info.path ?? v.path());
    return null;
  }
  if (concrete && val && v.structural === 0 && !isScalar(val) && val.type !== ValueType.top) {
    const d = ev.defaultOf(val);
    if (!isScalar(d) && d.type !== ValueType.vertex) return { ...bottomInfo(ErrorCode.incomplete, `incomplete value ${formatValue(val)}`, [v.declSrc]), path: v.path() };
  }
  if (depth > ev.limits.maxDepth) return null;
  for (const a of v.arcs) {
    const rejected = rejectedRequired(a);
    if (rejected) return { ...rejected, path: rejected.path ?? a.path() };
    if (a.arcType === ArcRequired && final) {
      // Incomplete, as in CUE: the field may still be given.
      return { ...requiredNotPresent(a), path: a.path() };
    }
    if (validations) {
      // A disjunct is judged by all its fields, definitions and hidden ones too (CUE's
      // getErrorAll visits every arc up to an optional one or a let): `#type!: ["list", _]`
      // met with `#type: "string"` eliminates its disjunct (cue/testdata/cycle/issue4377).
      if (a.arcType === ArcOptional || isLetLabel(a.label!)) continue;
    } else {
      if (a.arcType !== ArcMember) continue;
      if (!isRegularLabel(a.label!) && typeof a.label !== 'number') continue;
    }
    const e = firstError(ev, a, concrete, depth + 1, final, validations, reportIncomplete);
    if (e) return e;
  }
  return null;
}

function callRaw(ev: Evaluator, ref: BuiltinRef & { func: RawBuiltin }, args: Value[], src: Span | undefined): Value {
  const name = fullName(ref);
  // A kind the parameter can never take is an error before the builtin runs (Builtin.call).
  for (let i = 0; i < args.length; i++) {
    const want = ref.func.params[i]!;
    const d = ev.defaultOf(args[i]!);
    if (d.type === ValueType.bottom || d.type === ValueType.disjunction) continue;
    const k = kindOf(d);
    if ((k & paramKinds(want)) === 0) {
      return new Bottom(bottomInfo(ErrorCode.eval, `cannot use ${formatValue(d)} (type ${kindName(k)}) as ${kindLabel(want)} in argument ${i + 1} to ${name}`, [src]));
    }
  }
  try {
    return ref.func.raw(new RawCall(ev, name, src), args as unknown as RawValue[]) as unknown as Value;
  } catch (e) {
    if (e instanceof BuiltinError) return new Bottom(bottomInfo(ErrorCode.eval, `error in call to ${name}: ${e.message}`, [src]));
    throw e;
  }
}

/**
 * The finalized value a validator checks (spec: "fully resolved, and defaults taken"), as a
 * value of its own: unifying schemas with it must not re-add the validator itself.
 */
export function finalizedValue(ev: Evaluator, x: Value): Value {
  const d = ev.defaultOf(x);
  if (d.type !== ValueType.vertex) return d;
  const p = toPlain(ev, d);
  if (p instanceof NotConcrete) return new Bottom(isIncompleteInfo(p.info) ? p.info : { ...p.info, code: ErrorCode.incomplete });
  return fromPlain(p);
}

/**
 * What matchN and matchIf check: the value as data. A struct or list that is not concrete yet
 * is checked as it is (CUE's finalizeSelf: ToDataAll), so that `{a: string}` fails
 * `matchN(1, [{a: int}])` at once. `partial` is set then: an outcome that more data could
 * still change leaves the validator waiting (null from callValidator), where CUE makes the
 * value an incomplete error: cue-lite's selectors would not look into such a value
 * (testdata/eval/README.md, lookups in values that are incomplete errors).
 */
function validatedSelf(ev: RawEvaluator, v: RawValue): { self: RawValue; partial: boolean; waiting: RawValue } {
  const x = ev.finalized(v);
  if (!ev.isError(x) || !ev.isIncomplete(x)) return { self: x, partial: false, waiting: x };
  const d = ev.data(v);
  return { self: d, partial: !ev.isError(d), waiting: x };
}

/** Errors in a schema unified with the value: incomplete ones count (CUE's finalCfg, ReportIncomplete). */
const schemaCheck = { concrete: false, final: true, reportIncomplete: true } as const;

/** `matchN(n, schemas)`: the number of schemas the value unifies with satisfies n. */
function matchN(ev: RawEvaluator, [v, n, schemas]: readonly RawValue[]): RawValue {
  const { self: x, partial, waiting } = validatedSelf(ev, v!);
  if (ev.isError(x)) return x;
  const list = ev.elements(schemas!);
  if (!list) throw new BuiltinError(`cannot use ${ev.describe(ev.defaultOf(schemas!))} as list`);
  let count = 0;
  let possible = 0;
  const errs: RawValue[] = [];
  for (const s of list) {
    const err = ev.unify(x, s, schemaCheck).error;
    if (!err) count++;
    else {
      errs.push(err);
      if (ev.isIncomplete(err)) possible++;
    }
  }
  const holds = (k: number) => ev.unify(ev.fromPlain(BigInt(k)), n!, { concrete: true }).error === null;
  if (holds(count)) return ev.fromPlain(true);
  // Schemas that failed only for want of fields may still match: the validation is then
  // incomplete when a count they could reach satisfies n (CUE's checkNum; for n other than
  // an int or a bound CUE says incomplete whenever any may still match).
  const why = `${count} matched, expected ${ev.describe(ev.defaultOf(n!))}`;
  // The schemas' own errors follow (CUE's c.AddBottom): only the incomplete ones when more
  // data could still make the count.
  for (let k = count + 1; k <= count + possible; k++) if (holds(k)) return partial ? waiting : ev.notYet(why, errs.filter((e) => ev.isIncomplete(e)));
  return ev.fails(why, errs);
}

/** `matchIf(if, then, else)`: the value unifies with then if it unifies with if, else with else. */
function matchIf(ev: RawEvaluator, [v, cond, then, otherwise]: readonly RawValue[]): RawValue {
  const { self: x, partial, waiting } = validatedSelf(ev, v!);
  if (ev.isError(x)) return x;
  const holds = ev.unify(x, cond!, schemaCheck).error === null;
  const err = ev.unify(x, holds ? then! : otherwise!, schemaCheck).error;
  if (err === null) return ev.fromPlain(true);
  // As CUE's matchIf, the chosen schema's own error says why (`conflicting values 5 and 6`);
  // one that only lacks data stays a plain "does not satisfy".
  if (ev.isIncomplete(err)) return partial ? waiting : ev.fromPlain(false);
  return ev.asReason(err);
}

/** Whether fields may still be added to `v`: an ancestor of it is being evaluated. */
