/**
 * The evaluator as raw builtins see it (`RawEvaluator` in ../plain/builtin.ts): one object per
 * call, so that results carry the position of the call and errors name the builtin. Raw
 * builtins live with their packages (stdlib/pkg) and never see the evaluator's types.
 */
import type { PlainValue } from '../plain/plain-value.js';
import type { RawEvaluator, RawValue, Unified } from '../plain/builtin.js';
import type { Span } from '../source/index.js';
import { ArcMember } from './adt.js';
import { type BottomInfo, bottomInfo, isIncompleteInfo } from './bottom.js';
import { acceptsUndeclared } from './closedness-check.js';
import { ErrorCode } from '../errors/index.js';
import { unifyCheck, finalizedValue } from './call.js';
import { Environment } from './env.js';
import { type Evaluator, insideDefinition } from './evaluator.js';
import { formatValue } from './format-value.js';
import { isRegularLabel } from './label.js';
import { fromPlain, listFromValues, structFromEntries } from './plain-values.js';
import { Bottom, ValueType, type Value, isScalar } from './value.js';
import { Vertex } from './vertex.js';
import { toData } from './to-data.js';

/** A regular label no source declares, to ask whether a struct accepts new fields. */
const UNDECLARED = '\u0000undeclared';

/** The "does not hold yet" outcomes of validators (see RawEvaluator.notYet), by identity. */
const notYetInfos = new WeakSet<BottomInfo>();

export function isNotYet(info: BottomInfo): boolean {
  return notYetInfos.has(info);
}

/** The failures with a reason of validators (see RawEvaluator.fails), by identity. */
const failureInfos = new WeakSet<BottomInfo>();

export function isFailure(info: BottomInfo): boolean {
  return failureInfos.has(info);
}

/** The errors that made a validator fail or not hold yet (see RawEvaluator.fails), by identity. */
const causeInfos = new WeakMap<BottomInfo, readonly BottomInfo[]>();

/** The errors behind a validator's failure, with their paths below the value it checked. */
export function validatorCauses(info: BottomInfo): readonly BottomInfo[] {
  return causeInfos.get(info) ?? [];
}

function noteCauses(info: BottomInfo, causes: readonly RawValue[] | undefined): void {
  if (causes && causes.length > 0) causeInfos.set(info, causes.map((c) => (value(c) as Bottom).info));
}

/** Builtin-made values are not written in any scope. */
const noEnvironment = new Environment(null, null, null);

const value = (v: RawValue): Value => v as unknown as Value;
const raw = (v: Value): RawValue => v as unknown as RawValue;

export class RawCall implements RawEvaluator {
  constructor(
    private readonly ev: Evaluator,
    /** `list.Sort`: how errors name the call. */
    private readonly name: string,
    private readonly src: Span | undefined,
  ) {}

  /** The default of a value, and the value of a vertex (an element, a field). */
  private resolve(v: RawValue): Value {
    const x = value(v);
    return this.ev.defaultOf(x.type === ValueType.vertex ? this.ev.vertexResult(x) : x);
  }

  defaultOf(v: RawValue): RawValue {
    return raw(this.ev.defaultOf(value(v)));
  }

  isError(v: RawValue): boolean {
    return this.ev.defaultOf(value(v)).type === ValueType.bottom;
  }

  describe(v: RawValue): string {
    return formatValue(value(v));
  }

  elements(v: RawValue): RawValue[] | undefined {
    const l = this.ev.defaultOf(value(v));
    if (l.type !== ValueType.vertex || !l.isList) return undefined;
    this.ev.evaluate(l);
    return l.arcs.filter((a) => typeof a.label === 'number').map(raw);
  }

  regularFieldCount(v: RawValue): number | undefined {
    const s = this.ev.defaultOf(value(v));
    if (s.type !== ValueType.vertex || !s.isStruct) return undefined;
    this.ev.evaluate(s);
    let count = 0;
    for (const a of s.arcs) if (a.arcType === ArcMember && isRegularLabel(a.label!)) count++;
    return count;
  }

  int(v: RawValue): bigint | undefined {
    const n = this.resolve(v);
    return n.type === ValueType.num && n.isInt ? n.int : undefined;
  }

  bool(v: RawValue): boolean | undefined {
    const b = this.resolve(v);
    return b.type === ValueType.bool ? b.value : undefined;
  }

  text(v: RawValue): string | undefined {
    const t = this.resolve(v);
    if (t.type === ValueType.string) return t.value;
    if (t.type === ValueType.bytes) return new TextDecoder().decode(t.value);
    return undefined;
  }

  field(v: RawValue, label: string): RawValue | undefined {
    const x = value(v);
    const f = x instanceof Vertex ? x.lookup(label) : undefined;
    return f ? raw(f) : undefined;
  }

  unify(a: RawValue, b: RawValue, options: { concrete: boolean; final?: boolean; reportIncomplete?: boolean }): Unified {
    const r = unifyCheck(this.ev, value(a), value(b), options.concrete, noEnvironment, options.final ?? false, options.reportIncomplete ?? false);
    return { value: raw(r.vertex), error: r.error ? raw(new Bottom(r.error)) : null };
  }

  finalized(v: RawValue): RawValue {
    return raw(finalizedValue(this.ev, value(v)));
  }

  data(v: RawValue): RawValue {
    return raw(toData(this.ev, value(v)));
  }

  fromPlain(p: PlainValue): RawValue {
    return raw(fromPlain(p, this.src));
  }

  list(elements: readonly RawValue[]): RawValue {
    return raw(listFromValues(elements.map(value), this.src));
  }

  struct(fields: readonly [string, RawValue][]): RawValue {
    return raw(structFromEntries(fields.map(([k, v]): [string, Value] => [k, value(v)])));
  }

  isIncomplete(error: RawValue): boolean {
    const e = this.ev.defaultOf(value(error));
    return e.type === ValueType.bottom && isIncompleteInfo(e.info);
  }

  isOpen(v: RawValue): boolean {
    const x = this.ev.defaultOf(value(v));
    if (x.type !== ValueType.vertex) return false;
    this.ev.evaluate(x);
    if (x.isList) return x.listOpen;
    // A label no struct declares: allowed unless the struct is closed to new fields.
    return acceptsUndeclared(x, UNDECLARED, insideDefinition(x));
  }

  notYet(detail?: string, causes?: readonly RawValue[]): RawValue {
    // The detail travels as the message; callValidator words the error.
    const info: BottomInfo = { code: ErrorCode.incomplete, message: detail ?? '', positions: [] };
    notYetInfos.add(info);
    noteCauses(info, causes);
    return raw(new Bottom(info));
  }

  fails(detail: string, causes?: readonly RawValue[]): RawValue {
    const info: BottomInfo = { code: ErrorCode.eval, message: detail, positions: [] };
    failureInfos.add(info);
    noteCauses(info, causes);
    return raw(new Bottom(info));
  }

  asReason(error: RawValue): RawValue {
    const { path: _path, ...info } = (value(error) as Bottom).info;
    return raw(new Bottom(info));
  }

  nonConcreteArgument(v: RawValue, i: number): RawValue | null {
    const x = this.ev.defaultOf(value(v));
    if (x.type === ValueType.bottom || isScalar(x) || (x.type === ValueType.vertex && (x.isStruct || x.isList))) return null;
    return raw(new Bottom(bottomInfo(ErrorCode.incomplete, `error in call to ${this.name}: non-concrete argument ${i}`, [this.src])));
  }

  inCall(error: RawValue): RawValue {
    // Reported at the call's field, not at the path inside the value the builtin made
    // (`multiConflict: error in call to encoding/yaml.Validate: ...`, not `field1: ...`).
    const { path: _path, ...info } = (value(error) as Bottom).info;
    return raw(new Bottom({ ...info, message: `error in call to ${this.name}: ${info.message}` }));
  }

  errorMessage(error: RawValue): string {
    return (value(error) as Bottom).info.message;
  }
}
