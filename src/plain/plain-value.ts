/**
 * Plain values: a concrete CUE value as host data, the meeting point of the evaluator,
 * the serializers (JSON, YAML), the standard library and the API's `toJS`.
 *
 * - `null`, `boolean`, `string` as themselves;
 * - an int is a `bigint` (CUE ints are arbitrary precision);
 * - a float is a `CueFloat` (decimal value plus the text CUE prints for it: `2.0` stays `2.0`);
 * - bytes are a `Uint8Array`;
 * - a list is an array; a struct is a `PlainStruct` (an ordered Map, so that labels such as
 *   `__proto__` are ordinary keys).
 */
import type { Decimal } from './decimal.js';

export type PlainValue = null | boolean | string | bigint | CueFloat | Uint8Array | PlainValue[] | PlainStruct;

export class CueFloat {
  constructor(
    readonly value: Decimal,
    /** The text CUE prints: the literal as written, or the formatted result of arithmetic. */
    readonly text: string,
  ) {}

  toString(): string {
    return this.text;
  }
}

export class PlainStruct {
  readonly fields: Map<string, PlainValue>;

  constructor(fields?: Iterable<[string, PlainValue]>) {
    this.fields = new Map(fields);
  }
}

export function isPlainStruct(v: PlainValue): v is PlainStruct {
  return v instanceof PlainStruct;
}

/** The CUE kind name of a plain value, as CUE prints it in messages (`int`, `struct`, ...). */
export function plainKindName(v: PlainValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (v instanceof CueFloat) return 'float';
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'list';
  return 'struct';
}
