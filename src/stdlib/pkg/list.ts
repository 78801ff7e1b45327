/**
 * Package `list`. Sort, SortStable, IsSorted (they call a CUE comparator) and MatchN (it
 * unifies with schemas) are raw builtins: they work on evaluated values through `RawEvaluator`. Comparer, Ascending and
 * Descending are written in CUE (stdlib/list/sort.cue).
 */
import { Decimal } from '../../plain/decimal.js';
import { CueFloat, type PlainValue, plainKindName } from '../../plain/plain-value.js';
import { plainEqual } from '../plain-equal.js';
import { BuiltinError, type BuiltinFunc, type BuiltinPackage, type RawBuiltin, type RawEvaluator, type RawValue } from '../../plain/builtin.js';
import { int, list, stringList, valueText } from '../internal/args.js';
import { decimalResult, scaleOf, toDecimal } from '../internal/decimal-result.js';
import { compareStrings } from '../internal/utf8.js';
import { maxRepeatCount } from './strings.js';

function numbers(v: PlainValue | undefined): (bigint | CueFloat)[] {
  return list(v).map((x, i) => {
    if (typeof x === 'bigint' || x instanceof CueFloat) return x;
    throw new BuiltinError(`invalid list element ${i} in argument 0 to call: cannot use value ${valueText(x)} (${plainKindName(x)}) as number`);
  });
}

/** Too few elements in an open list is "not yet": more may come (CUE's MinItems). */
function minItems(ev: RawEvaluator, [x, nArg]: readonly RawValue[]): RawValue {
  const l = ev.defaultOf(x!);
  if (ev.isError(l)) return l;
  const elems = ev.elements(l);
  if (!elems) throw new BuiltinError(`cannot use ${ev.describe(l)} as list`);
  const n = ev.int(nArg!);
  if (n === undefined) throw new BuiltinError(`cannot use ${ev.describe(ev.defaultOf(nArg!))} as int`);
  if (BigInt(elems.length) >= n) return ev.fromPlain(true);
  return ev.isOpen(l) ? ev.notYet(`len(list) < MinItems(${n}) (${elems.length} < ${n})`) : ev.fromPlain(false);
}

function raw(params: BuiltinFunc['params'], result: BuiltinFunc['result'], doc: string, f: RawBuiltin['raw']): BuiltinFunc {
  return { params, result, doc, raw: f };
}

/** The elements of a list argument (an error argument is returned as the result instead). */
function elementsOf(ev: RawEvaluator, arg: RawValue): RawValue[] | { error: RawValue } {
  const l = ev.defaultOf(arg);
  if (ev.isError(l)) return { error: l };
  const elems = ev.elements(l);
  if (!elems) throw new BuiltinError(`cannot use ${ev.describe(l)} as list`);
  return elems;
}

/**
 * `less(x, y)` through a CUE comparator (`{x: _, y: _, less: bool}`, e.g. list.Ascending).
 * A failed unification stops the comparisons; `error()` then holds it.
 */
function comparator(ev: RawEvaluator, cmp: RawValue): { less: (x: RawValue, y: RawValue) => boolean; error: () => RawValue | null } {
  // A struct comparator without a `less` field never gets one: a fatal error before any
  // comparison, even of an empty list, in cue's wording (pkg/list/sort.go, makeValueSorter).
  const c = ev.defaultOf(cmp);
  if (ev.regularFieldCount(c) !== undefined && ev.field(c, 'less') === undefined) throw new BuiltinError('field not found: less');
  let error: RawValue | null = null;
  const less = (x: RawValue, y: RawValue): boolean => {
    if (error) return false;
    const r = ev.unify(cmp, ev.struct([
      ['x', x],
      ['y', y],
    ]), { concrete: false });
    if (r.error) {
      error = r.error;
      return false;
    }
    const field = ev.field(r.value, 'less');
    const b = field === undefined ? undefined : ev.bool(field);
    if (b === undefined) throw new BuiltinError('comparator has no concrete bool field less');
    return b;
  };
  return { less, error: () => error };
}

/** Sort and SortStable: one stable merge sort (Sort promises no order for equal elements, so a stable one is among its results). */
const sort: RawBuiltin['raw'] = (ev, [l, cmp]) => {
  const elems = elementsOf(ev, l!);
  if (!Array.isArray(elems)) return elems.error;
  // cue reads the comparator as a cue.Value, which must be concrete (`cmp: _` is incomplete).
  const open = ev.nonConcreteArgument(cmp!, 1);
  if (open) return open;
  const c = comparator(ev, cmp!);
  const sorted = mergeSort(elems, c.less);
  return c.error() ?? ev.list(sorted);
};

const isSorted: RawBuiltin['raw'] = (ev, [l, cmp]) => {
  const elems = elementsOf(ev, l!);
  if (!Array.isArray(elems)) return elems.error;
  const open = ev.nonConcreteArgument(cmp!, 1);
  if (open) return open;
  const c = comparator(ev, cmp!);
  for (let i = 1; i < elems.length; i++) if (c.less(elems[i]!, elems[i - 1]!)) return ev.fromPlain(false);
  return c.error() ?? ev.fromPlain(true);
};

/** MatchN: the number of elements that unify with the schema satisfies n (e.g. `>=1`). */
const matchN: RawBuiltin['raw'] = (ev, [l, n, schema]) => {
  const elems = elementsOf(ev, l!);
  if (!Array.isArray(elems)) return elems.error;
  const count = elems.filter((e) => !ev.unify(e, schema!, { concrete: false }).error).length;
  return ev.fromPlain(ev.unify(ev.fromPlain(BigInt(count)), n!, { concrete: true }).error === null);
};

function mergeSort<T>(a: T[], less: (x: T, y: T) => boolean): T[] {
  if (a.length <= 1) return a;
  const mid = a.length >> 1;
  const l = mergeSort(a.slice(0, mid), less);
  const r = mergeSort(a.slice(mid), less);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < l.length && j < r.length) {
    if (less(r[j]!, l[i]!)) out.push(r[j++]!);
    else out.push(l[i++]!);
  }
  while (i < l.length) out.push(l[i++]!);
  while (j < r.length) out.push(r[j++]!);
  return out;
}

function flatten(xs: PlainValue[], depth: number): PlainValue[] {
  const out: PlainValue[] = [];
  for (const x of xs) {
    if (Array.isArray(x) && depth !== 0) out.push(...flatten(x, depth - 1));
    else out.push(x);
  }
  return out;
}

function compareNumbers(a: bigint | CueFloat, b: bigint | CueFloat): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return toDecimal(a).cmp(toDecimal(b));
}

function sumOf(xs: (bigint | CueFloat)[]): PlainValue {
  if (xs.every((x) => typeof x === 'bigint')) return (xs as bigint[]).reduce((a, b) => a + b, 0n);
  let d = new Decimal(0);
  for (const x of xs) d = d.plus(toDecimal(x));
  return decimalResult(d, Math.max(0, ...xs.map(scaleOf)));
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'list',
    funcs: {
      Drop: {
        movesElements: true,
        params: ['list', 'int'],
        result: 'list',
        doc: 'the list without its first n elements',
        call: ([x, n]) => {
          const k = int(n);
          if (k < 0n) throw new BuiltinError('negative index');
          return list(x).slice(Number(k > 1n << 40n ? 1n << 40n : k));
        },
      },
      FlattenN: {
        movesElements: 'defaults',
        params: ['top', 'int'],
        result: 'list',
        doc: 'flattens nested lists up to depth levels (depth < 0: all levels)',
        call: ([xs, depth]) => {
          if (!Array.isArray(xs)) throw new BuiltinError(`cannot use value ${valueText(xs!)} (type ${plainKindName(xs!)}) as list`);
          const d = int(depth);
          return flatten(xs, d < 0n ? -1 : Number(d > 1000000n ? 1000000n : d));
        },
      },
      Repeat: {
        movesElements: true,
        params: ['list', 'int'],
        result: 'list',
        doc: 'the list repeated count times',
        call: ([x, count]) => {
          const n = int(count);
          if (n < 0n) throw new BuiltinError('negative count');
          if (n > BigInt(maxRepeatCount)) throw new BuiltinError(`count ${n} exceeds limit of ${maxRepeatCount}`);
          const xs = list(x);
          if (xs.length * Number(n) > 10_000_000) throw new BuiltinError(`count ${n} exceeds limit of ${maxRepeatCount}`);
          const out: PlainValue[] = [];
          for (let i = 0n; i < n; i++) out.push(...xs);
          return out;
        },
      },
      Concat: {
        movesElements: true,
        params: ['list'],
        result: 'list',
        doc: 'the concatenation of a list of lists',
        call: ([a]) =>
          list(a).flatMap((x, i) => {
            if (!Array.isArray(x)) throw new BuiltinError(`cannot use value ${valueText(x)} (type ${plainKindName(x)}) as list`);
            return x;
          }),
      },
      Take: {
        movesElements: true,
        params: ['list', 'int'],
        result: 'list',
        doc: 'the first n elements of the list',
        call: ([x, n]) => {
          const k = int(n);
          if (k < 0n) throw new BuiltinError('negative index');
          return list(x).slice(0, Number(k > 1n << 40n ? 1n << 40n : k));
        },
      },
      Slice: {
        movesElements: true,
        params: ['list', 'int', 'int'],
        result: 'list',
        doc: 'the elements of the list from index i up to j',
        call: ([x, i, j]) => {
          const xs = list(x);
          const a = int(i);
          const b = int(j);
          if (a < 0n) throw new BuiltinError('negative index');
          if (a > b) throw new BuiltinError(`invalid index: ${a} > ${b}`);
          if (a > BigInt(xs.length) || b > BigInt(xs.length)) throw new BuiltinError('slice bounds out of range');
          return xs.slice(Number(a), Number(b));
        },
      },
      Reverse: {
        movesElements: true,
        params: ['list'],
        result: 'list',
        doc: 'the list in reverse order',
        call: ([x]) => [...list(x)].reverse(),
      },
      MinItems: raw(['list', 'int'], 'bool', 'validates that the list has at least n elements', minItems),
      MaxItems: {
        params: ['list', 'int'],
        result: 'bool',
        doc: 'validates that the list has at most n elements',
        call: ([x, n]) => BigInt(list(x).length) <= int(n),
      },
      UniqueItems: {
        params: ['list'],
        result: 'bool',
        doc: 'validates that no two elements of the list are equal',
        call: ([x]) => {
          const xs = list(x);
          for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if (plainEqual(xs[i]!, xs[j]!)) return false;
          return true;
        },
      },
      Contains: {
        params: ['list', 'top'],
        result: 'bool',
        doc: 'whether the list contains a value equal to v',
        call: ([x, v]) => list(x).some((e) => plainEqual(e, v!)),
      },
      MatchN: { ...raw(['list', 'top', 'top'], 'bool', 'validates that the number of elements matching schema satisfies n (e.g. >=1)', matchN), schemaArgs: true },
      Avg: {
        params: ['list'],
        listOf: { 0: 'number' },
        result: 'number',
        doc: 'the average of a non-empty list of numbers',
        call: ([x]) => {
          const xs = numbers(x);
          if (xs.length === 0) throw new BuiltinError('empty list');
          let d = new Decimal(0);
          for (const v of xs) d = d.plus(toDecimal(v));
          return decimalResult(d.div(xs.length));
        },
      },
      Max: {
        params: ['list'],
        listOf: { 0: 'number' },
        result: 'number',
        doc: 'the largest number of a non-empty list',
        call: ([x]) => {
          const xs = numbers(x);
          if (xs.length === 0) throw new BuiltinError('empty list');
          return xs.reduce((m, v) => (compareNumbers(m, v) < 0 ? v : m));
        },
      },
      Min: {
        params: ['list'],
        listOf: { 0: 'number' },
        result: 'number',
        doc: 'the smallest number of a non-empty list',
        call: ([x]) => {
          const xs = numbers(x);
          if (xs.length === 0) throw new BuiltinError('empty list');
          return xs.reduce((m, v) => (compareNumbers(m, v) > 0 ? v : m));
        },
      },
      Product: {
        params: ['list'],
        listOf: { 0: 'number' },
        result: 'number',
        doc: 'the product of a list of numbers',
        call: ([x]) => {
          const xs = numbers(x);
          if (xs.every((v) => typeof v === 'bigint')) return (xs as bigint[]).reduce((a, b) => a * b, 1n);
          let d = new Decimal(1);
          for (const v of xs) d = d.times(toDecimal(v));
          return decimalResult(d, xs.reduce((s, v) => s + Math.max(0, scaleOf(v)), 0));
        },
      },
      Range: {
        params: ['number', 'number', 'number'],
        result: 'list',
        doc: 'the numbers from start up to (not including) limit, in steps of step',
        call: ([start, limit, step]) => {
          const [s, l, st] = [start, limit, step].map((v) => {
            if (typeof v === 'bigint' || v instanceof CueFloat) return v;
            throw new BuiltinError('cannot use value as number');
          }) as (bigint | CueFloat)[];
          const d = toDecimal(st!);
          if (d.isZero()) throw new BuiltinError('step must be non zero');
          const cmp = compareNumbers(s!, l!);
          if (!d.isNeg() && cmp > 0) throw new BuiltinError('end must be greater than start when step is positive');
          if (d.isNeg() && cmp < 0) throw new BuiltinError('end must be less than start when step is negative');
          const out: PlainValue[] = [];
          const scale = Math.max(scaleOf(s!), scaleOf(st!));
          let cur = toDecimal(s!);
          const lim = toDecimal(l!);
          // Like Repeat, a range is limited so that one call cannot exhaust memory.
          const count = lim.minus(cur).div(d).ceil();
          if (count.gt(maxRepeatCount)) throw new BuiltinError(`range of ${count.toFixed(0)} elements exceeds limit of ${maxRepeatCount}`);
          while (d.isNeg() ? cur.gt(lim) : cur.lt(lim)) {
            out.push(decimalResult(cur, scale));
            cur = cur.plus(d);
          }
          return out;
        },
      },
      Sum: {
        params: ['list'],
        listOf: { 0: 'number' },
        result: 'number',
        doc: 'the sum of a list of numbers',
        call: ([x]) => sumOf(numbers(x)),
      },
      Sort: raw(['list', 'top'], 'list', 'sorts the list with a comparator such as list.Ascending (not stable)', sort),
      SortStable: raw(['list', 'top'], 'list', 'sorts the list with a comparator, keeping the order of equal elements', sort),
      SortStrings: {
        params: ['list'],
        listOf: { 0: 'string' },
        result: 'list',
        doc: 'sorts a list of strings in increasing (byte) order',
        call: ([x]) => [...stringList(x)].sort(compareStrings),
      },
      IsSorted: raw(['list', 'top'], 'bool', 'whether the list is sorted by the comparator', isSorted),
      IsSortedStrings: {
        params: ['list'],
        listOf: { 0: 'string' },
        result: 'bool',
        doc: 'whether a list of strings is sorted in increasing (byte) order',
        call: ([x]) => {
          const xs = stringList(x);
          for (let i = 1; i < xs.length; i++) if (compareStrings(xs[i - 1]!, xs[i]!) > 0) return false;
          return true;
        },
      },
    },
  };
}
