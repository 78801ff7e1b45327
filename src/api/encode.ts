/**
 * Host values to CUE: how `fillPath` and `Context.encode` inject parameters and context.
 * JSON-like rules: integers become ints, other numbers floats, arrays lists, plain objects and
 * Maps structs (every own key is an ordinary label, `__proto__` included), undefined fields are
 * left out, Uint8Array is bytes, Date an RFC 3339 string.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { Decimal } from '../plain/decimal.js';
import { CueFloat, PlainStruct, type PlainValue } from '../plain/plain-value.js';

/** Where jsToPlain is, as a linked list: an array is made only for an error. */
interface HostPath {
  readonly up: HostPath | null;
  readonly key: string;
}

function pathArray(p: HostPath | null): string[] {
  const out: string[] = [];
  for (let x = p; x; x = x.up) out.push(x.key);
  return out.reverse();
}

export function jsToPlain(x: unknown): PlainValue {
  return toPlain(x, null, 0);
}

function toPlain(x: unknown, at: HostPath | null, depth: number): PlainValue {
  if (depth > 1000) throw new CueError(ErrorCode.limit, 'value nesting too deep (limit 1000)', pathArray(at));
  if (x === null) return null;
  switch (typeof x) {
    case 'boolean':
    case 'string':
    case 'bigint':
      return x;
    case 'number': {
      if (!Number.isFinite(x)) throw new CueError(ErrorCode.usage, `cannot encode ${x} as a CUE number`, pathArray(at));
      if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER && !Object.is(x, -0)) return BigInt(x);
      const text = String(x).replace('e+', 'e');
      return new CueFloat(new Decimal(text), Number.isInteger(x) ? text.replace(/^(-?\d+)$/, '$1.0') : text);
    }
    case 'undefined':
    case 'function':
    case 'symbol':
      throw new CueError(ErrorCode.usage, `cannot encode a ${typeof x} as a CUE value`, pathArray(at));
  }
  if (x instanceof Uint8Array) {
    if (x.constructor !== Uint8Array) throw new CueError(ErrorCode.usage, `cannot encode a ${x.constructor.name} as a CUE value`, pathArray(at));
    // A copy: later changes to the caller's array must not change the value.
    return new Uint8Array(x);
  }
  if (x instanceof Date) {
    if (Number.isNaN(x.getTime())) throw new CueError(ErrorCode.usage, 'cannot encode an invalid Date as a CUE value', pathArray(at));
    return x.toISOString();
  }
  if (x instanceof CueFloat || x instanceof PlainStruct) return x;
  if (Array.isArray(x)) return x.map((e, i) => toPlain(e === undefined ? null : e, { up: at, key: String(i) }, depth + 1));
  if (x instanceof Map) {
    const s = new PlainStruct();
    for (const [k, v] of x) {
      if (typeof k !== 'string' && typeof k !== 'number') throw new CueError(ErrorCode.usage, `cannot encode a Map key of type ${typeof k} as a CUE label`, pathArray(at));
      if (v !== undefined) s.fields.set(String(k), toPlain(v, { up: at, key: String(k) }, depth + 1));
    }
    return s;
  }
  const proto = Object.getPrototypeOf(x);
  if (ArrayBuffer.isView(x) || x instanceof ArrayBuffer || x instanceof Set || x instanceof RegExp || x instanceof Promise || x instanceof WeakMap || x instanceof WeakSet ||
      x instanceof Number || x instanceof String || x instanceof Boolean || x instanceof Error) {
    throw new CueError(ErrorCode.usage, `cannot encode a ${(proto?.constructor?.name as string | undefined) ?? 'value'} as a CUE value`, pathArray(at));
  }
  const s = new PlainStruct();
  for (const k of Object.keys(x as object)) {
    const v = (x as Record<string, unknown>)[k];
    if (v !== undefined) s.fields.set(k, toPlain(v, { up: at, key: k }, depth + 1));
  }
  return s;
}

/** jsToPlain, with any exception from the host value (a throwing getter, a Proxy trap, a cycle) as a CueError. */
export function encodeHost(x: unknown): PlainValue {
  try {
    return jsToPlain(x);
  } catch (e) {
    if (e instanceof CueError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new CueError(ErrorCode.usage, `cannot encode value: ${msg}`);
  }
}

/** Plain values to JS: ints as numbers when safe (bigint otherwise), floats as numbers, structs as null-prototype-free plain objects. */
export function plainToJS(p: PlainValue): unknown {
  if (p === null || typeof p === 'boolean' || typeof p === 'string') return p;
  if (typeof p === 'bigint') return p >= BigInt(Number.MIN_SAFE_INTEGER) && p <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(p) : p;
  if (p instanceof CueFloat) return Number(p.text);
  if (p instanceof Uint8Array) return new Uint8Array(p);
  if (Array.isArray(p)) return p.map(plainToJS);
  const out: Record<string, unknown> = {};
  for (const [k, v] of p.fields) {
    // defineProperty: a "__proto__" key is an own data property, never the prototype.
    Object.defineProperty(out, k, { value: plainToJS(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
