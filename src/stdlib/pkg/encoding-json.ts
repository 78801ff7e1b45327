/**
 * Package `encoding/json`. Marshal uses the project's serializer (src/encoding), which follows
 * current CUE: compact output, no HTML escaping (v0.4 escaped `<>&`). Validate unifies with a
 * schema, so the evaluator implements it (`raw`).
 */
import { decodeJSON } from '../../encoding/json-decode.js';
import { validateDecoded } from '../internal/validate-decoded.js';
import { marshalJSON } from '../../encoding/json-encode.js';
import type { PlainValue } from '../../plain/plain-value.js';
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';
import { list, str } from '../internal/args.js';
import { compactJSON, htmlEscapeJSON, indentJSON, JSONSyntaxError, splitJSONStream, validJSON } from '../../encoding/json-text.js';

function text(v: PlainValue | undefined): string {
  return str(v);
}

function syntax<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof JSONSyntaxError) throw new BuiltinError(e.message);
    throw e;
  }
}

function firstLine(e: unknown): string {
  const m = String((e as Error)?.message ?? e);
  const i = m.indexOf('\n');
  return (i < 0 ? m : m.slice(0, i)).replace(/:$/, '');
}

function unmarshal(s: string): PlainValue {
  // CUE checks the syntax first and gives one message for any syntax error.
  if (!validJSON(s)) throw new BuiltinError('json: invalid JSON');
  try {
    return decodeJSON(s);
  } catch (e) {
    throw new BuiltinError(firstLine(e));
  }
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'encoding/json',
    funcs: {
      Valid: {
        params: ['stringOrBytes'],
        result: 'bool',
        doc: 'whether data is valid JSON',
        call: ([d]) => validJSON(text(d)),
      },
      Compact: {
        params: ['stringOrBytes'],
        result: 'string',
        doc: 'the JSON text with insignificant white space removed',
        call: ([d]) => syntax(() => compactJSON(text(d))),
      },
      Indent: {
        params: ['stringOrBytes', 'string', 'string'],
        result: 'string',
        doc: 'the JSON text indented: each line starts with prefix followed by copies of indent',
        call: ([d, prefix, indent]) => syntax(() => indentJSON(text(d), str(prefix), str(indent))),
      },
      HTMLEscape: {
        params: ['stringOrBytes'],
        result: 'string',
        doc: 'the JSON text with <, >, & and U+2028/U+2029 escaped for embedding in HTML',
        call: ([d]) => htmlEscapeJSON(text(d)),
      },
      Marshal: {
        params: ['top'],
        result: 'string',
        doc: 'the compact JSON encoding of a concrete value',
        readsTop: 'json',
        call: ([v]) => marshalJSON(v!),
      },
      MarshalStream: {
        params: ['top'],
        result: 'string',
        doc: 'the JSON encodings of the elements of a list, one per line',
        readsTop: 'json',
        call: ([v]) => list(v).map((x) => marshalJSON(x) + '\n').join(''),
      },
      UnmarshalStream: {
        params: ['stringOrBytes'],
        result: 'top',
        doc: 'the list of values of a stream of JSON values',
        call: ([d]) => syntax(() => splitJSONStream(text(d))).map(unmarshal),
      },
      Unmarshal: {
        params: ['stringOrBytes'],
        result: 'top',
        doc: 'the value of JSON text',
        call: ([d]) => unmarshal(text(d)),
      },
      Validate: {
        params: ['stringOrBytes', 'top'],
        result: 'bool',
        doc: 'validates that JSON text, decoded, unifies with a schema',
        schemaArgs: true,
        raw: validateDecoded(decodeJSON, { concrete: true }),
      },
    },
  };
}
