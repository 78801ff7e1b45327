/**
 * Evaluating computed expressions (arithmetic, comparisons, calls, interpolations, bounds,
 * selectors in operand position) to values. Operands must be concrete after defaults;
 * otherwise the result is an incomplete error that the caller retries later.
 */
import { ErrorCode } from '../errors/index.js';
import type { Span } from '../source/index.js';
import { maxRepeatCount } from '../plain/builtin.js';
import { bytesToString } from './bytes-text.js';
import { type BinaryX, type Expr, ExprOp, type InterpolationX, type CallX, BuiltinX } from './adt.js';
import { appendErrors, bottomInfo, headOf, severity } from './bottom.js';
import type { Environment } from './env.js';
import type { Evaluator } from './evaluator.js';
import { kindWord, sourceText } from './evaluator.js';
import { formatValue } from './format-value.js';
import { Kind, NumberKind, TopKind, kindName } from './kind.js';
import {
  compareNum,
  decAdd,
  decMul,
  decQuo,
  decSub,
  makeFloat,
  makeInt,
  makeSignedZero,
  numNegative,
  toDec,
} from './numbers.js';
import { checkBound, compareScalars, equalScalar } from './scalar-state.js';
import {
  BoolLit,
  Bottom,
  BoundValue,
  BytesLit,
  NumLit,
  type Scalar,
  StringLit,
  ValueType,
  type Value,
  ValidatorValue,
  impliedByValidators,
  isScalar,
  kindOf,
} from './value.js';
import { Vertex, Status } from './vertex.js';
import { callBuiltin, firstError } from './call.js';
import { labelPathText } from './label.js';
import { equalVertices } from './equal.js';
import { listFromValues } from './plain-values.js';
import { evalSlice } from './slice.js';

export function evalExpr(ev: Evaluator, env: Environment, e: Expr): Value {
  switch (e.op) {
    case ExprOp.value:
      return e.value;
    case ExprOp.bottom:
      return new Bottom(bottomInfo(ErrorCode.user, 'explicit error (_|_ literal) in source', [e.src]));
    case ExprOp.error:
      return new Bottom(bottomInfo(e.errorCode, e.message, [e.src]));
    case ExprOp.struct:
    case ExprOp.list:
    case ExprOp.disjunction:
    case ExprOp.conjunction:
      return evalInVertex(ev, env, e);
    case ExprOp.fieldRef:
    case ExprOp.letRef:
    case ExprOp.bindingRef:
    case ExprOp.importRef:
    case ExprOp.selector:
    case ExprOp.index:
    case ExprOp.selfRef:
    case ExprOp.dynamicAliasRef: {
      const r = ev.resolve(env, e, null);
      if (r.type === ValueType.vertex) return ev.vertexResult(r, e);
      return r;
    }
    case ExprOp.builtin:
      return builtinAsValue(e);
    case ExprOp.call:
      return evalCall(ev, env, e);
    case ExprOp.slice:
      return evalSlice(ev, env, e);
    case ExprOp.unary: {
      if (!concreteIsPossible(e.x)) return notConcreteOperand(e.x, e.operator);
      const x = ev.defaultOf(evalExpr(ev, env, e.x));
      if (x.type === ValueType.bottom) return x;
      switch (e.operator) {
        case '!':
          if (x.type === ValueType.bool) return new BoolLit(!x.value, e.src);
          break;
        case '-':
          if (x.type === ValueType.num) {
            if (x.isInt) return makeInt(-x.int, e.src);
            const d = toDec(x);
            return makeFloat({ coef: -d.coef, exp: d.exp }, e.src);
          }
          break;
        case '+':
          if (x.type === ValueType.num) return x;
          break;
      }
      if (x.type === ValueType.disjunction) return nonConcrete(x, e.operator, e.src, e.x.src);
      // As CUE's UnaryExpr: a value that could still become an operand of the right kind is
      // incomplete, named by its expression; any other is an invalid operation.
      const k = kindOf(x);
      const want = e.operator === '!' ? Kind.bool : NumberKind;
      if (!isConcreteValue(x) && (k & want) !== 0) {
        return new Bottom(bottomInfo(ErrorCode.incomplete, `operand ${sourceText(e.x.src, formatValue(x))} of '${e.operator}' not concrete (was ${kindName(k)})`, [e.x.src]));
      }
      return invalidUnary(x, e.operator, e.src);
    }
    case ExprOp.bound: {
      const x = ev.defaultOf(evalExpr(ev, env, e.x));
      if (x.type === ValueType.bottom) return x;
      if (x.type === ValueType.disjunction) return nonConcrete(x, e.operator, e.src, e.x.src);
      if (!isConcreteValue(x)) {
        // CUE's BoundExpr: a value of a kind a bound can take is incomplete (named by its
        // expression); other kinds cannot become a bound's operand.
        const k = kindOf(x);
        let mask = NumberKind | Kind.string | Kind.bytes;
        if (e.operator === '!=') mask |= Kind.null | Kind.struct | Kind.list | Kind.bool;
        if ((k & mask) !== 0) {
          return new Bottom(bottomInfo(ErrorCode.incomplete, `non-concrete value ${sourceText(e.x.src, formatValue(x))} for bound ${e.operator}`, [e.src]));
        }
        return new Bottom(bottomInfo(ErrorCode.eval, `invalid value ${formatValue(x)} (type ${kindName(k)}) for bound ${e.operator}`, [e.x.src]));
      }
      if (!isScalar(x)) return new Bottom(bottomInfo(ErrorCode.eval, `invalid operand ${formatValue(x)} for bound ${e.operator}`, [e.src]));
      if ((e.operator === '=~' || e.operator === '!~') && x.type !== ValueType.string) {
        return new Bottom(bottomInfo(ErrorCode.eval, `invalid operand ${formatValue(x)} for bound ${e.operator} (want string)`, [e.src]));
      }
      return new BoundValue(e.operator, x, e.src);
    }
    case ExprOp.binary:
      return evalBinary(ev, env, e);
    case ExprOp.interpolation:
      return evalInterpolation(ev, env, e);
  }
}

/** Struct and list literals, disjunctions and conjunctions in operand position: a fresh vertex. */
export function evalInVertex(ev: Evaluator, env: Environment, e: Expr): Value {
  const v = new Vertex(null, null);
  v.declSrc = e.src;
  v.addConjunct({ env, expr: e, ctx: null, history: null, cyclic: false });
  ev.evaluate(v);
  return ev.vertexResult(v);
}

function builtinAsValue(e: BuiltinX): Value {
  const f = e.builtin.func;
  if (f.result === 'bool' && f.params.length === 1 && !f.notValidator) return new ValidatorValue(e.builtin, [], e.src, true);
  return new Bottom(bottomInfo(ErrorCode.eval, `cannot use function ${builtinName(e)} as a value (call it)`, [e.src]));
}

function builtinName(e: BuiltinX): string {
  return e.builtin.pkg ? `${e.builtin.pkg}.${e.builtin.name}` : e.builtin.name;
}

/** Evaluates an operand and takes its default; non-concrete scalars are incomplete. */
export function operand(ev: Evaluator, env: Environment, x: Expr, op: string, src: Span | undefined): Value {
  const v = ev.defaultOf(evalExpr(ev, env, x));
  if (v.type === ValueType.bottom || isScalar(v) || v.type === ValueType.vertex) {
    if (v.type === ValueType.vertex && v.structural === 0) return nonConcrete(v, op, src, x.src);
    return v;
  }
  return nonConcrete(v, op, src, x.src);
}

function nonConcrete(v: Value, op: string, src: Span | undefined, xsrc: Span | undefined): Value {
  if (v.type === ValueType.disjunction) {
    return new Bottom(bottomInfo(ErrorCode.incomplete, `unresolved disjunction ${formatValue(v)} (type ${kindName(kindOf(v))})`, [src, xsrc]));
  }
  return new Bottom(bottomInfo(ErrorCode.incomplete, `non-concrete value ${formatValue(v)} in operand to ${op}`, [src, xsrc]));
}

/**
 * CUE's concreteIsPossible: an operand written as a non-concrete constant (`int`, `_`, a
 * bound) can never become concrete, so the operation is an error, not incomplete.
 */
function concreteIsPossible(x: Expr): boolean {
  if (x.op === ExprOp.bound) return false;
  if (x.op === ExprOp.value) return isConcreteValue(x.value);
  return true;
}

function notConcreteOperand(x: Expr, op: string): Value {
  const text = sourceText(x.src, x.op === ExprOp.value ? formatValue(x.value) : '_');
  return new Bottom(bottomInfo(ErrorCode.eval, `invalid operand ${text} ('${op}' requires concrete value)`, [x.src]));
}

/** A concrete value: a scalar, or a struct or list (whose fields may still be incomplete). */
function isConcreteValue(v: Value): boolean {
  return isScalar(v) || (v.type === ValueType.vertex && v.structural !== 0);
}

function invalidUnary(x: Value, op: string, src: Span | undefined): Value {
  return new Bottom(bottomInfo(ErrorCode.eval, `invalid operation ${op}${formatValue(x)} (${op} ${kindWord(x)})`, [src]));
}

/** Whether a value counts as `_|_` in `x == _|_`: an error, or a non-concrete scalar after defaults. */
export function isBottomish(ev: Evaluator, v: Value): boolean {
  const d = ev.defaultOf(v);
  if (d.type === ValueType.bottom) return true;
  if (isScalar(d)) return false;
  // Top may still be a struct: CUE checks it as one, and `_` is no error (expr.go validate:
  // a value whose kind includes struct or list is checked as its vertex; `sameStruct.cycleFail.t3`).
  if (d.type === ValueType.top) return false;
  // A struct or list with an error among its fields is an error as a whole (current CUE:
  // `({x: 1} & {x: 2}) != _|_` is false); incomplete fields do not count.
  if (d.type === ValueType.vertex) return d.structural === 0 || (d.status !== Status.evaluating && !d.state && firstError(ev, d, false) !== null);
  // A disjunction without a single default is no error: CUE's validate takes the default,
  // finds none (getDefault's incomplete error stays inside the comparison) and has no value
  // left to call bottom (`(_ & (string | null)) != _|_` is true: cycle/chain issue2052).
  if (d.type === ValueType.disjunction) return false;
  return true;
}

function evalBinary(ev: Evaluator, env: Environment, e: BinaryX): Value {
  const op = e.operator;
  if (!concreteIsPossible(e.x)) return notConcreteOperand(e.x, op);
  if (!concreteIsPossible(e.y)) return notConcreteOperand(e.y, op);
  if ((op === '==' || op === '!=') && (e.x.op === ExprOp.bottom || e.y.op === ExprOp.bottom)) {
    const other = e.x.op === ExprOp.bottom ? e.y : e.x;
    let isB = true;
    if (other.op !== ExprOp.bottom) {
      ev.runPushedDown(env, other);
      const x = evalExpr(ev, env, other);
      // A cycle is not an answer (CUE's validate): the comparison waits, or fails with it.
      if (x.type === ValueType.bottom && x.info.code === ErrorCode.cycle) return x;
      isB = isBottomish(ev, x);
      ev.notePostCheck(env, other, x);
    }
    return new BoolLit(op === '==' ? isB : !isB, e.src);
  }
  if (op === '&&' || op === '||') {
    const x = operand(ev, env, e.x, op, e.src);
    if (x.type === ValueType.bottom) return x;
    if (x.type !== ValueType.bool) return notType(x, 'bool', op, e.src);
    const y = operand(ev, env, e.y, op, e.src);
    if (y.type === ValueType.bottom) return y;
    if (y.type !== ValueType.bool) return notType(y, 'bool', op, e.src);
    return new BoolLit(op === '&&' ? x.value && y.value : x.value || y.value, e.src);
  }
  const x = operand(ev, env, e.x, op, e.src);
  const y = operand(ev, env, e.y, op, e.src);
  if (x.type === ValueType.bottom) {
    if (y.type !== ValueType.bottom) return x;
    // CUE's CombineErrors: the lower code wins (a permanent error over an incomplete one, an
    // incomplete one over a reference cycle: `c - b` with c a bound and b in a cycle is
    // "non-concrete value >=5 in operand to -"); two cycles make one error list.
    const rx = combineRank(x.info.code);
    const ry = combineRank(y.info.code);
    if (rx === 2 && ry === 2) return new Bottom(appendErrors(x.info, y.info));
    return ry < rx ? y : x;
  }
  if (y.type === ValueType.bottom) return y;
  // As CUE's BinOp: a struct or list operand must be concrete all the way down.
  const bad = notConcreteBelow(ev, x, 'left', op) ?? notConcreteBelow(ev, y, 'right', op, x);
  if (bad) return bad;
  return binaryOp(ev, op, x, y, e.src);
}

/** Which of two operands' errors a binary operation reports: the lower rank (see evalBinary). */
function combineRank(code: ErrorCode): number {
  return code === ErrorCode.cycle ? 2 : code === ErrorCode.incomplete ? 1 : 0;
}

/**
 * The error of a struct or list operand with an error or a non-concrete value below it, in
 * CUE's words (`invalid right-hand value to '==' (type list): 0: incomplete value string`;
 * CUE names the left operand's kind in both).
 */
function notConcreteBelow(ev: Evaluator, v: Value, side: 'left' | 'right', op: string, left: Value = v): Bottom | null {
  if (v.type !== ValueType.vertex || v.structural === 0) return null;
  const err = firstError(ev, v, true);
  if (!err) return null;
  const where = err.path && err.path.length > 0 ? `${err.path.map(labelPathText).join('.')}: ` : '';
  return new Bottom(bottomInfo(err.code, () => `invalid ${side}-hand value to '${op}' (type ${kindName(kindOf(left))}): ${where}${err.message}`, err.positions));
}

export function binaryOp(ev: Evaluator, op: string, x: Value, y: Value, src: Span | undefined): Value {
  switch (op) {
    case '==':
    case '!=': {
      const eq = equalConcrete(ev, x, y);
      return new BoolLit(op === '==' ? eq : !eq, src);
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (isScalar(x) && isScalar(y)) {
        const c = compareScalars(x, y);
        if (c !== undefined) {
          const r = op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
          return new BoolLit(r, src);
        }
      }
      return invalidOperands(x, y, op, src);
    }
    case '=~':
    case '!~': {
      if (x.type === ValueType.string && y.type === ValueType.string) {
        const r = checkBound(x, new BoundValue(op, y, src));
        if (typeof r === 'string') return new Bottom(bottomInfo(ErrorCode.eval, r, [src]));
        return new BoolLit(r, src);
      }
      return notType(x.type !== ValueType.string ? x : y, 'string', op, src);
    }
    case '+':
      if (x.type === ValueType.num && y.type === ValueType.num) return arith(op, x, y, src);
      if (x.type === ValueType.string && y.type === ValueType.string) return sizedString(ev, x.value + y.value, src);
      if (x.type === ValueType.bytes && y.type === ValueType.bytes) {
        const b = new Uint8Array(x.value.length + y.value.length);
        b.set(x.value);
        b.set(y.value, x.value.length);
        return new BytesLit(b, src);
      }
      if (x.type === ValueType.vertex && y.type === ValueType.vertex && x.isList && y.isList) {
        // List concatenation: removed from current CUE, kept because KubeVela templates use it.
        return concatLists(ev, [x, y], src);
      }
      return invalidOperands(x, y, op, src);
    case '-':
    case '/':
      if (x.type === ValueType.num && y.type === ValueType.num) return arith(op, x, y, src);
      return invalidOperands(x, y, op, src);
    case '*':
      if (x.type === ValueType.num && y.type === ValueType.num) return arith(op, x, y, src);
      if ((x.type === ValueType.string || x.type === ValueType.bytes || (x.type === ValueType.vertex && x.isList)) && y.type === ValueType.num && y.isInt) return repeat(ev, x, y.int, src);
      if ((y.type === ValueType.string || y.type === ValueType.bytes || (y.type === ValueType.vertex && y.isList)) && x.type === ValueType.num && x.isInt) return repeat(ev, y, x.int, src);
      return invalidOperands(x, y, op, src);
  }
  return invalidOperands(x, y, op, src);
}

function notType(x: Value, want: string, op: string, src: Span | undefined): Value {
  return new Bottom(bottomInfo(ErrorCode.eval, `cannot use ${formatValue(x)} (type ${kindWord(x)}) as type ${want} in ${op}`, [src]));
}

function invalidOperands(x: Value, y: Value, op: string, src: Span | undefined): Value {
  return new Bottom(
    bottomInfo(
      ErrorCode.eval,
      `invalid operands ${formatValue(x)} and ${formatValue(y)} to '${op}' (type ${kindWord(x)} and ${kindWord(y)})`,
      [src],
    ),
  );
}

function arith(op: string, x: NumLit, y: NumLit, src: Span | undefined): Value {
  if (op !== '/' && x.isInt && y.isInt) {
    if (op === '*' && tooLarge(x.int, y.int)) {
      return new Bottom(bottomInfo(ErrorCode.limit, `number too large (limit ${maxIntBits} bits)`, [src]));
    }
    // A zero result keeps a sign as apd's (decAdd, decSub, decMul): `-1 * 0` is `-0`.
    switch (op) {
      case '+': {
        const r = x.int + y.int;
        return r === 0n ? makeSignedZero(numNegative(x) && numNegative(y), src) : makeInt(r, src);
      }
      case '-': {
        const r = x.int - y.int;
        return r === 0n ? makeSignedZero(numNegative(x) && !numNegative(y), src) : makeInt(r, src);
      }
      case '*': {
        const r = x.int * y.int;
        return r === 0n ? makeSignedZero(numNegative(x) !== numNegative(y), src) : makeInt(r, src);
      }
    }
  }
  try {
    return decimalArith(op, x, y, src);
  } catch (e) {
    // A decimal exponent far out of range (`1e999999999999999 + 1`) needs an impossible BigInt.
    if (e instanceof RangeError) return new Bottom(bottomInfo(ErrorCode.limit, `number too large: ${e.message}`, [src]));
    throw e;
  }
}

function decimalArith(op: string, x: NumLit, y: NumLit, src: Span | undefined): Value {
  const a = toDec(x);
  const b = toDec(y);
  switch (op) {
    case '+':
      return makeFloat(decAdd(a, b), src);
    case '-':
      return makeFloat(decSub(a, b), src);
    case '*':
      return makeFloat(decMul(a, b), src);
    case '/': {
      const q = decQuo(a, b);
      if (typeof q === 'string') return new Bottom(bottomInfo(ErrorCode.eval, `failed arithmetic: ${q}`, [src]));
      return makeFloat(q, src);
    }
  }
  return new Bottom(bottomInfo(ErrorCode.eval, `unknown operator ${op}`, [src]));
}

/** Ints are arbitrary precision, but a product of two huge ints is bounded (a squaring bomb). */
const maxIntBits = 1_000_000;
const safe = 1n << 53n;

function bitLength(n: bigint): number {
  const a = n < 0n ? -n : n;
  return a < safe ? 53 : a.toString(16).length * 4;
}

function tooLarge(a: bigint, b: bigint): boolean {
  if ((a < safe && a > -safe) || (b < safe && b > -safe)) return false;
  return bitLength(a) + bitLength(b) > maxIntBits;
}

function sizedString(ev: Evaluator, s: string, src: Span | undefined): Value {
  if (s.length > ev.limits.maxStringSize) {
    return new Bottom(bottomInfo(ErrorCode.limit, `string too long (limit maxStringSize = ${ev.limits.maxStringSize} characters)`, [src]));
  }
  return new StringLit(s, src);
}

/**
 * The count of a string or bytes repetition, as CUE's repeatCount: an unsigned 64-bit int no
 * larger than maxRepeatCount; otherwise the eval error CUE reports.
 */
function repeatCountError(n: bigint, as: string, src: Span | undefined): Bottom | undefined {
  if (n < 0n) return new Bottom(bottomInfo(ErrorCode.eval, 'cannot convert negative number to uint64', [src]));
  if (n >= 1n << 64n) return new Bottom(bottomInfo(ErrorCode.eval, `cannot convert number ${n} to uint64`, [src]));
  if (n > BigInt(maxRepeatCount)) return new Bottom(bottomInfo(ErrorCode.eval, `${as} count ${n} exceeds limit of ${maxRepeatCount}`, [src]));
  return undefined;
}

function repeat(ev: Evaluator, x: Value, n: bigint, src: Span | undefined): Value {
  if (x.type === ValueType.string || x.type === ValueType.bytes) {
    const err = repeatCountError(n, x.type === ValueType.string ? 'string multiplication' : 'bytes multiplication', src);
    if (err) return err;
  } else if (n < 0n) {
    return new Bottom(bottomInfo(ErrorCode.eval, `cannot repeat a value a negative number of times (${n})`, [src]));
  }
  if (x.type === ValueType.string) {
    if (x.value.length * Number(n) > ev.limits.maxStringSize) {
      return new Bottom(bottomInfo(ErrorCode.limit, `string too long (limit maxStringSize = ${ev.limits.maxStringSize} characters)`, [src]));
    }
    return new StringLit(x.value.repeat(Number(n)), src);
  }
  if (x.type === ValueType.bytes) {
    if (x.value.length * Number(n) > ev.limits.maxStringSize) {
      return new Bottom(bottomInfo(ErrorCode.limit, `bytes too long (limit maxStringSize = ${ev.limits.maxStringSize})`, [src]));
    }
    const out = new Uint8Array(x.value.length * Number(n));
    for (let i = 0; i < Number(n); i++) out.set(x.value, i * x.value.length);
    return new BytesLit(out, src);
  }
  if (x.type === ValueType.vertex) {
    if (x.arcs.length * Number(n) > ev.limits.maxListSize) {
      return new Bottom(bottomInfo(ErrorCode.limit, `list too long (limit maxListSize = ${ev.limits.maxListSize} elements)`, [src]));
    }
    const parts: Vertex[] = [];
    for (let i = 0n; i < n; i++) parts.push(x);
    return concatLists(ev, parts, src);
  }
  return new Bottom(bottomInfo(ErrorCode.eval, `invalid operand to '*'`, [src]));
}

export function concatLists(ev: Evaluator, lists: Vertex[], src: Span | undefined): Value {
  const elems: Value[] = [];
  for (const l of lists) {
    ev.finalize(l);
    for (const a of l.arcs) elems.push(a);
    if (elems.length > ev.limits.maxListSize) {
      return new Bottom(bottomInfo(ErrorCode.limit, `list too long (limit maxListSize = ${ev.limits.maxListSize} elements)`, [src]));
    }
  }
  return listFromValues(elems, src);
}

/** `==` on concrete values: scalars by value (ints equal floats numerically), structs and lists structurally. */
export function equalConcrete(ev: Evaluator, x: Value, y: Value): boolean {
  if (isScalar(x) && isScalar(y)) {
    if (x.type === ValueType.num && y.type === ValueType.num) return compareNum(x, y) === 0;
    return equalScalar(x as Scalar, y as Scalar);
  }
  if (x.type === ValueType.vertex && y.type === ValueType.vertex) return equalVertices(ev, x, y, true);
  return false;
}

/** The kinds an interpolation can turn into text, as CUE prints the mask. */
const INTERPOLATED_KINDS = '(bool|string|bytes|number)';

function evalInterpolation(ev: Evaluator, env: Environment, e: InterpolationX): Value {
  // A bytes literal's text parts hold byte values as char codes; its operands add their bytes
  // (a bytes operand as it is, so '\(b)' equals b). A string's bytes operands become valid
  // UTF-8 text, as in CUE.
  const bytes = e.kind === 'bytes';
  let out = '';
  // Every part is evaluated: the worst error among them is the result (CUE collects them all,
  // so an undefined field beside an incomplete one is still reported as permanent).
  let err: Bottom | null = null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const addText = (t: string, latin1: boolean) => {
    if (!bytes) {
      out += t;
      size = out.length;
      return;
    }
    const c = latin1 ? Uint8Array.from(t, (ch) => ch.charCodeAt(0)) : new TextEncoder().encode(t);
    chunks.push(c);
    size += c.length;
  };
  for (const p of e.parts) {
    if (typeof p === 'string') {
      addText(p, true);
      continue;
    }
    const v = ev.defaultOf(evalExpr(ev, env, p));
    if (v.type === ValueType.bottom) {
      if (!err || severity(v.info) > severity(err.info)) err = v;
      continue;
    }
    if (!isConcreteValue(v)) {
      const k = kindOf(v);
      let b: Bottom;
      if (v.type === ValueType.disjunction) b = nonConcrete(v, 'interpolation', e.src, p.src) as Bottom;
      else if ((k & (Kind.string | Kind.bytes | NumberKind | Kind.bool)) !== 0) {
        // CUE's toStringValue: a value that may still become a string is incomplete.
        b = new Bottom(bottomInfo(ErrorCode.incomplete, `non-concrete value ${formatValue(v)} (type ${kindName(k)})`, [p.src]));
      } else b = new Bottom(bottomInfo(ErrorCode.eval, `cannot use ${formatValue(v)} (type ${kindWord(v)}) as type ${INTERPOLATED_KINDS}`, [p.src]));
      if (!err || severity(b.info) > severity(err.info)) err = b;
      continue;
    }
    if (err) continue;
    switch (v.type) {
      case ValueType.string:
        addText(v.value, false);
        break;
      case ValueType.num:
        addText(v.text, false);
        break;
      case ValueType.bool:
        addText(v.value ? 'true' : 'false', false);
        break;
      case ValueType.null:
        // CUE's ToString rejects null, which the spec does not list; kept as JSON's null
        // (testdata/eval/strings-bytes/interpolation-null.txtar).
        addText('null', false);
        break;
      case ValueType.bytes:
        if (bytes) {
          chunks.push(v.value);
          size += v.value.length;
        } else addText(bytesToString(v.value), false);
        break;
      default:
        // Structs and lists have no text (the spec: "illegal").
        err = new Bottom(bottomInfo(ErrorCode.eval, `cannot use ${formatValue(v)} (type ${kindWord(v)}) as type ${INTERPOLATED_KINDS}`, [p.src]));
        continue;
    }
    if (size > ev.limits.maxStringSize) {
      return new Bottom(bottomInfo(ErrorCode.limit, `string too long (limit maxStringSize = ${ev.limits.maxStringSize} characters)`, [e.src]));
    }
  }
  if (err) {
    const info = err.info;
    if (info.code === ErrorCode.limit) return err;
    // A reference cycle already placed at the field that met it (an interpolation of a field
    // in the cycle) is passed on as it is, with the rest of its list: it is that field's error.
    if (info.code === ErrorCode.cycle && info.path !== undefined) return err;
    const wrapped = bottomInfo(info.code, () => `invalid interpolation: ${info.message}`, [e.src, ...info.positions]);
    // The rest of a list met here stays with it.
    if (info.more !== undefined) return new Bottom({ ...headOf(wrapped), more: info.more });
    return new Bottom(wrapped);
  }
  if (bytes) {
    const b = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      b.set(c, at);
      at += c.length;
    }
    return new BytesLit(b, e.src);
  }
  return new StringLit(out, e.src);
}

/**
 * The validator a callee stands for: `json.Valid` reached through a field (`a: json.Valid`,
 * `a("3")`) is a validator alone, or one with no other constraint than `_`.
 */
function soleValidator(f: Value): ValidatorValue | null {
  if (f.type === ValueType.validator) return f;
  if (f.type === ValueType.conjunction && f.bounds.length === 0 && f.validators.length === 1 && impliedByValidators(f)) return f.validators[0]!;
  return null;
}

function evalCall(ev: Evaluator, env: Environment, e: CallX): Value {
  let fun = e.fun;
  if (fun.op !== ExprOp.builtin) {
    const f = evalExpr(ev, env, fun);
    if (f.type === ValueType.bottom) return f;
    const val = soleValidator(f);
    if (val?.bare) return callBuiltin(ev, env, val.builtin, e.args, e.src);
    if (val) return new Bottom(bottomInfo(ErrorCode.eval, `cannot call previously called validator ${sourceText(fun.src, formatValue(f))}`, [e.src]));
    return new Bottom(bottomInfo(ErrorCode.eval, `cannot call non-function ${formatValue(f)} (type ${kindWord(f)})`, [e.src]));
  }
  return callBuiltin(ev, env, fun.builtin, e.args, e.src);
}

