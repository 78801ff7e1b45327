/**
 * Meeting non-structural values: kinds are ANDed, concrete values must agree, bounds and
 * validators accumulate and are checked against the concrete value at the end, and
 * simplified (`>=0 & <=7 & >=3` is `>=3 & <=7`) when there is none.
 */
import type { Span } from '../source/index.js';
import type { RefHistory } from './vertex.js';
import { ExprOp } from './adt.js';
import { ErrorCode } from '../errors/index.js';
import { type BottomInfo, bottomInfo, combineChecks, severity } from './bottom.js';
import { formatValue } from './format-value.js';
import { Kind, type KindMask, TopKind, kindName } from './kind.js';
import { type Dec, compareNum, isZero, numNegative, toDec } from './numbers.js';
import { matchBuiltinRange } from './builtin-range.js';
import { regexMatch } from './regex.js';
import { compareStrings } from '../plain/string-order.js';
import {
  BasicType,
  Bottom,
  BoundValue,
  Conjunction,
  type NumLit,
  type Scalar,
  TOP,
  ValueType,
  type Value,
  type ValidatorValue,
  boundKind,
  kindOf,
  validatorKind,
} from './value.js';

interface KindSource {
  readonly text: string;
  readonly kind: KindMask;
  readonly src: Span | undefined;
  readonly structural: boolean;
}

/** CUE's kind of `!=null`, printed as CUE prints it (its kinds include functions). */
const NOT_NULL_KINDS = '(bool|string|bytes|func|list|struct|number)';

/**
 * The part of a conjunction (`>=1 & <2 & int`) that conflicts with the kinds `k`: CUE meets
 * its parts one by one, so the first that cannot meet `k` is named (a bound, else the type).
 */
function conflictingPart(c: Conjunction, k: KindMask): string {
  // A predeclared range (`int32`) is one value to CUE, named as such.
  if (c.validators.length === 0) {
    const name = matchBuiltinRange(c.kind, c.bounds);
    if (name) return name;
  }
  for (const b of c.bounds) if ((boundKind(b) & k) === 0) return formatValue(b);
  return kindName(c.kind);
}

/** The positions of the references a conjunct came through, innermost first. */
function referencePositions(via: RefHistory | null, out: (Span | undefined)[]): void {
  for (let h = via; h; h = h.up) {
    const p = referencePosition(h);
    if (p) out.push(p);
  }
}

/**
 * Where the reference of one step of a history is written, if the step was a reference: only
 * references name a place a value came through; a call's result is its own value.
 */
export function referencePosition(h: RefHistory): Span | undefined {
  const r = h.ref;
  if (!r) return undefined;
  if (r.op === ExprOp.selector) return r.whole ?? r.src;
  if (r.op === ExprOp.fieldRef || r.op === ExprOp.letRef || r.op === ExprOp.index || r.op === ExprOp.importRef || r.op === ExprOp.bindingRef || r.op === ExprOp.dynamicAliasRef) return r.src;
  return undefined;
}

/** What boundError reads of a vertex's conjunct: its expression's position. */
interface ConjunctLike {
  readonly expr: { readonly src?: Span };
}

export type ValidatorCheck = (value: Scalar, validator: ValidatorValue) => BottomInfo | null;

export class ScalarState {
  kind: KindMask = TopKind;
  concrete: Scalar | null = null;
  /**
   * Where the concrete value stands among the vertex's conjuncts (-1: unknown) and the
   * references it came through: a conflict names the later conjunct's value first and lists
   * the references' positions, as CUE does (`b: a & true` with `a: false`: "conflicting values
   * true and false", at `a`'s literal, at the reference `a` and at `true`).
   */
  private concreteSeq = -1;
  private concreteVia: RefHistory | null = null;
  bounds: BoundValue[] = [];
  validators: ValidatorValue[] = [];
  err: BottomInfo | null = null;
  /**
   * `_` was met (CUE's hasTop): a struct literal whose embeddings gave nothing more is then
   * `_`, not `{}` (`{_}` is `_`; `{b}` with `b` a reference cycle is `{}`).
   */
  hasTop = false;
  /** What narrowed the kind most recently, for "mismatched types" messages. */
  private kindSrc: BasicType | BoundValue | Conjunction | ValidatorValue | null = null;
  /** The references kindSrc came through: a kind conflict lists them, as CUE's reportConflict adds both conjuncts' closed positions. */
  private kindVia: RefHistory | null = null;

  reset(): void {
    this.kind = TopKind;
    this.concrete = null;
    this.concreteSeq = -1;
    this.concreteVia = null;
    if (this.bounds.length !== 0) this.bounds.length = 0;
    if (this.validators.length !== 0) this.validators.length = 0;
    this.err = null;
    this.hasTop = false;
    this.kindSrc = null;
    this.kindVia = null;
    this.structSrc = null;
  }

  /** Nothing has been met yet (the state of a field whose only conjunct is a disjunction). */
  isEmpty(): boolean {
    return this.kind === TopKind && this.concrete === null && this.bounds.length === 0 && this.validators.length === 0 && this.err === null && this.kindSrc === null && this.structSrc === null;
  }

  addError(info: BottomInfo): void {
    if (!this.err || severity(info) > severity(this.err)) this.err = info;
  }

  /** Narrows the kind for struct/list structure (`describe` gives the literal's text); a scalar conflicts. */
  addStructural(kind: KindMask, describe: string | ((src: Span | undefined) => string), src: Span | undefined): void {
    const k = this.kind & kind;
    if (k === 0) {
      this.mismatch({ text: typeof describe === 'string' ? describe : describe(src), kind, src, structural: true });
      return;
    }
    this.kind = k;
    if (!this.structSrc) this.structSrc = { describe, kind, src };
  }

  /** The first struct or list literal, described only when a message needs it. */
  private structSrc: { describe: string | ((src: Span | undefined) => string); kind: KindMask; src: Span | undefined } | null = null;

  /** `conflicting values A and B (mismatched types ...)`: the earlier value first, except against a struct or list. */
  private mismatch(cur: KindSource, curVia: RefHistory | null = null): void {
    const c = this.concrete;
    const prev: KindSource = c
      ? { text: formatValue(c), kind: kindOf(c), src: c.src, structural: false }
      : this.kindSrc
        ? { text: this.kindSrc.type === ValueType.conjunction ? conflictingPart(this.kindSrc, cur.kind) : formatValue(this.kindSrc), kind: this.kindSrc.type === ValueType.bound || this.kindSrc.type === ValueType.validator ? kindOf(this.kindSrc) : this.kindSrc.kind, src: this.kindSrc.src, structural: false }
        : (this.structSrc
          ? {
              text: typeof this.structSrc.describe === 'string' ? this.structSrc.describe : this.structSrc.describe(this.structSrc.src),
              kind: this.structSrc.kind,
              src: this.structSrc.src,
              structural: true,
            }
          : { text: kindName(this.kind), kind: this.kind, src: undefined, structural: false });
    const [a, b] = prev.structural && !cur.structural ? [cur, prev] : [prev, cur];
    const positions = [prev.src, cur.src];
    referencePositions(c ? this.concreteVia : this.kindSrc ? this.kindVia : null, positions);
    referencePositions(curVia, positions);
    this.addError(bottomInfo(ErrorCode.eval, `conflicting values ${a.text} and ${b.text} (mismatched types ${kindName(a.kind)} and ${kindName(b.kind)})`, positions));
  }

  private narrow(v: Value, k: KindMask, src: Span | undefined, via: RefHistory | null): boolean {
    if (k === 0) {
      this.mismatch({ text: v.type === ValueType.conjunction ? conflictingPart(v, this.kind) : formatValue(v), kind: kindOf(v), src, structural: false }, via);
      return false;
    }
    return true;
  }

  /** `seq` orders conjuncts (see concreteSeq); `via` holds the references v came through. */
  add(v: Value, seq = -1, via: RefHistory | null = null): void {
    switch (v.type) {
      case ValueType.top:
        this.hasTop = true;
        return;
      case ValueType.bottom:
        this.addError(v.info);
        return;
      case ValueType.null:
      case ValueType.bool:
      case ValueType.num:
      case ValueType.string:
      case ValueType.bytes: {
        const k = this.kind & kindOf(v);
        if (!this.narrow(v, k, v.src, via)) return;
        if (this.concrete) {
          if (!equalScalar(this.concrete, v)) {
            const c = this.concrete;
            const [later, earlier] = seq >= 0 && seq < this.concreteSeq ? [c, v] : [v, c];
            const positions = [c.src, v.src];
            referencePositions(this.concreteVia, positions);
            referencePositions(via, positions);
            this.addError(bottomInfo(ErrorCode.eval, () => `conflicting values ${formatValue(later)} and ${formatValue(earlier)}`, positions));
          } else if (seq >= 0 && seq < this.concreteSeq && signedZeroDiffers(this.concrete, v)) {
            // `0` and `-0` are equal; CUE keeps the one of the earlier conjunct (`(-1*0) & 0` is `-0`).
            this.concrete = v;
            this.concreteSeq = seq;
            this.concreteVia = via;
          }
          return;
        }
        this.kind = k;
        this.concrete = v;
        this.concreteSeq = seq;
        this.concreteVia = via;
        return;
      }
      case ValueType.basicType: {
        const k = this.kind & v.kind;
        if (!this.narrow(v, k, v.src, via)) return;
        this.kind = k;
        this.kindSrc = v;
        this.kindVia = via;
        return;
      }
      case ValueType.bound: {
        const k = this.kind & boundKind(v);
        if (!this.narrow(v, k, v.src, via)) return;
        if (!this.kindSrc) {
          this.kindSrc = v;
          this.kindVia = via;
        }
        this.kind = k;
        this.bounds.push(v);
        return;
      }
      case ValueType.validator: {
        // A validator narrows the kind to what it checks (CUE's updateNodeType with the
        // validator's kind): `strings.MinRunes(3) & 5` is a kind conflict.
        const k = this.kind & validatorKind(v);
        if (!this.narrow(v, k, v.src, via)) return;
        if (k !== this.kind && !this.kindSrc) {
          this.kindSrc = v;
          this.kindVia = via;
        }
        this.kind = k;
        this.validators.push(v);
        return;
      }
      case ValueType.conjunction: {
        const k = this.kind & v.kind;
        if (!this.narrow(v, k, v.src, via)) return;
        this.kindSrc = v;
        this.kindVia = via;
        this.kind = k;
        for (const b of v.bounds) this.bounds.push(b);
        for (const x of v.validators) this.validators.push(x);
        return;
      }
      default:
        throw new Error(`ScalarState.add: unexpected value type ${v.type}`);
    }
  }

  /**
   * The resulting value (bounds and validators checked against a concrete value).
   * `conjuncts` are the vertex's own conjuncts, whose positions a failed `!=`, `=~` or `!~`
   * lists (see boundError).
   */
  finish(checkValidator: ValidatorCheck, structural: KindMask, conjuncts?: readonly ConjunctLike[]): Value {
    if (this.err && severity(this.err) >= 3) return new Bottom(this.err);
    if (this.concrete) {
      for (const b of this.bounds) {
        const r = checkBound(this.concrete, b);
        if (r !== true) {
          const c = this.concrete;
          if (c.type === ValueType.null && b.op === '!=' && b.value.type === ValueType.null) {
            // CUE gives `!=null` every kind but null: meeting null is a kind conflict.
            return new Bottom(bottomInfo(ErrorCode.eval, `conflicting values null and !=null (mismatched types null and ${NOT_NULL_KINDS})`, [c.src, b.src]));
          }
          return new Bottom(boundError(c, b, r, conjuncts));
        }
      }
      if (this.validators.length !== 0) {
        const failed: BottomInfo[] = [];
        for (const x of this.validators) {
          const e = checkValidator(this.concrete, x);
          if (e) failed.push(e);
        }
        const e = combineChecks(failed);
        if (e !== null) return new Bottom(e);
      }
      if (this.err) return new Bottom(this.err);
      return this.concrete;
    }
    if (this.err) return new Bottom(this.err);
    if (structural !== 0) {
      // Bounds and validators on a struct or list: only validators apply.
      return TOP;
    }
    if (this.bounds.length === 0 && this.validators.length === 0) {
      return this.kind === TopKind ? TOP : new BasicType(this.kind, this.kindSrc?.src);
    }
    const simplified = simplifyBounds(this.bounds, this.kind);
    if (typeof simplified === 'string') return new Bottom(bottomInfo(ErrorCode.eval, simplified, this.bounds.map((b) => b.src)));
    // `>=5 & <=5` stays two bounds, not 5: the pinned CUE's SimplifyBounds keeps both
    // (cue/testdata/resolve/045_range_unification.txtar b3), though the spec's example
    // `(* >=5 | int) & (* <=5 | int)` and v0.4.3 give 5.
    if (simplified.length === 1 && this.validators.length === 0 && boundKind(simplified[0]!) === this.kind) return simplified[0]!;
    return new Conjunction(this.kind, simplified, [...this.validators]);
  }
}

export function equalScalar(a: Scalar, b: Scalar): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case ValueType.null:
      return true;
    case ValueType.bool:
      return a.value === (b as typeof a).value;
    case ValueType.num: {
      const bn = b as typeof a;
      if (a.kind !== bn.kind) return false;
      return compareNum(a, bn) === 0;
    }
    case ValueType.string:
      return a.value === (b as typeof a).value;
    case ValueType.bytes:
      return compareBytes(a.value, (b as typeof a).value) === 0;
  }
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Order of two scalars of the same kind, or undefined when not ordered. */
export function compareScalars(a: Scalar, b: Scalar): number | undefined {
  if (a.type === ValueType.num && b.type === ValueType.num) return compareNum(a, b);
  if (a.type === ValueType.string && b.type === ValueType.string) return compareStrings(a.value, b.value);
  if (a.type === ValueType.bytes && b.type === ValueType.bytes) return compareBytes(a.value, b.value);
  return undefined;
}

/** true, false, or an error message (bad regex). */
/**
 * `invalid value V (out of bound B)`, reported at the bound (its primary position), then at
 * the value. The pinned CUE checks `<`, `<=`, `>`, `>=` against the value alone, and `!=`,
 * `=~`, `!~` (its "checks") against the field itself, whose conjuncts it then lists too: for
 * `x: !="c"`, `x: !~"^b"`, `x: "b"` the error names the `!~`, then both other conjuncts
 * (internal/core/adt: OpContext.Validate over the vertex, appendNodePositions;
 * cue/testdata/eval/bounds.txtar issue4251, references/self.txtar validator).
 */
function boundError(c: Scalar, b: BoundValue, r: false | string, conjuncts: readonly ConjunctLike[] | undefined): BottomInfo {
  const message = typeof r === 'string' ? r : () => `invalid value ${formatValue(c)} (out of bound ${formatValue(b)})`;
  const isCheck = b.op === '!=' || b.op === '=~' || b.op === '!~';
  const positions = isCheck && conjuncts ? [...conjuncts.map((x) => x.expr.src), c.src] : [c.src];
  return bottomInfo(ErrorCode.eval, message, positions, undefined, b.src);
}

export function checkBound(x: Scalar, b: BoundValue): boolean | string {
  switch (b.op) {
    case '!=':
      return !equalScalar(x, b.value);
    case '=~':
    case '!~': {
      const s = x.type === ValueType.string ? x.value : x.type === ValueType.bytes ? new TextDecoder().decode(x.value) : undefined;
      if (s === undefined || b.value.type !== ValueType.string) return false;
      const m = regexMatch(b.value.value, s);
      if (typeof m === 'string') return `invalid regexp: ${m}`;
      return b.op === '=~' ? m : !m;
    }
    default: {
      const c = compareScalars(x, b.value);
      if (c === undefined) return false;
      switch (b.op) {
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '>=':
          return c >= 0;
      }
    }
  }
  return false;
}

/**
 * Whether no integer lies within a lower and an upper numeric bound (`>=1.1 & <=1.3`): CUE
 * rounds fractional bounds inward for ints before comparing them (adt/simplify.go).
 */
function noIntegerBetween(lower: BoundValue, upper: BoundValue): boolean {
  const lo = integerBound(toDec(lower.value as NumLit), lower.op === '>=' ? 'ceil' : 'floor');
  const hi = integerBound(toDec(upper.value as NumLit), upper.op === '<=' ? 'floor' : 'ceil');
  // The integers allowed are lo..hi, less lo when exclusive (>) and hi when exclusive (<).
  const first = lower.op === '>' ? lo + 1n : lo;
  const last = upper.op === '<' ? hi - 1n : hi;
  return last < first;
}

function integerBound(d: Dec, round: 'floor' | 'ceil'): bigint {
  if (d.exp >= 0) return d.coef * 10n ** BigInt(d.exp);
  const div = 10n ** BigInt(-d.exp);
  let q = d.coef / div; // truncates toward zero
  const exact = q * div === d.coef;
  if (!exact && round === 'floor' && d.coef < 0n) q -= 1n;
  if (!exact && round === 'ceil' && d.coef > 0n) q += 1n;
  return q;
}

/**
 * Keeps the tightest lower and upper bound; other bounds (`!=`, regexes) stay as they are.
 * Returns an error message when the range is empty.
 */
export function simplifyBounds(bounds: readonly BoundValue[], kind: KindMask = TopKind): BoundValue[] | string {
  let lower: BoundValue | undefined;
  let upper: BoundValue | undefined;
  const rest: BoundValue[] = [];
  for (const b of bounds) {
    if (b.op === '>' || b.op === '>=') {
      if (!lower) lower = b;
      else {
        const c = compareScalars(b.value, lower.value);
        if (c === undefined) rest.push(b);
        else if (c > 0 || (c === 0 && b.op === '>')) lower = b;
      }
    } else if (b.op === '<' || b.op === '<=') {
      if (!upper) upper = b;
      else {
        const c = compareScalars(b.value, upper.value);
        if (c === undefined) rest.push(b);
        else if (c < 0 || (c === 0 && b.op === '<')) upper = b;
      }
    } else if (!rest.some((r) => r.op === b.op && r.value.type === b.value.type && formatValue(r.value) === formatValue(b.value))) rest.push(b);
  }
  if (lower && upper) {
    const c = compareScalars(lower.value, upper.value);
    if (c !== undefined && (c > 0 || (c === 0 && (lower.op === '>' || upper.op === '<')))) {
      // CUE's wording names the kind and puts the upper bound first.
      const what = lower.value.type === ValueType.string ? 'string' : lower.value.type === ValueType.bytes ? 'bytes' : kind === Kind.int ? 'integer' : 'number';
      return `incompatible ${what} bounds ${formatValue(upper)} and ${formatValue(lower)}`;
    }
    if (kind === Kind.int && lower.value.type === ValueType.num && upper.value.type === ValueType.num && noIntegerBetween(lower, upper)) {
      return `incompatible integer bounds ${formatValue(upper)} and ${formatValue(lower)}`;
    }
  }
  const out: BoundValue[] = [];
  if (lower) out.push(lower);
  if (upper) out.push(upper);
  for (const r of rest) out.push(r);
  // `!=v` says nothing more when another bound already excludes v (`>5 & !=5` is `>5`,
  // `!="b" & =~"c"` is `=~"c"`), as CUE's SimplifyBounds drops it.
  if (out.length > 1 && rest.some((r) => r.op === '!=')) {
    return out.filter((b) => b.op !== '!=' || !out.some((o) => o.op !== '!=' && checkBound(b.value, o) === false));
  }
  return out;
}

/** Two equal numbers that are zeros of different signs. */
function signedZeroDiffers(a: Scalar, b: Scalar): boolean {
  return a.type === ValueType.num && b.type === ValueType.num && isZero(a) && numNegative(a) !== numNegative(b);
}
