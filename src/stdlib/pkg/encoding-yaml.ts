/**
 * Package `encoding/yaml`. Marshal uses the project's YAML serializer (src/encoding), which
 * follows current CUE's layout (sequences indented under their key; v0.4 did not indent).
 * Validate and ValidatePartial unify with a schema: the evaluator implements them (`raw`).
 */
import { decodeYAML, decodeYAMLStream } from '../../encoding/yaml-decode.js';
import { validateDecoded } from '../internal/validate-decoded.js';
import { marshalYAML, marshalYAMLStream } from '../../encoding/yaml-encode.js';
import type { PlainValue } from '../../plain/plain-value.js';
import { BuiltinError, type BuiltinFunc, type BuiltinPackage } from '../../plain/builtin.js';
import { list, str } from '../internal/args.js';

function firstLine(e: unknown): string {
  const m = String((e as Error)?.message ?? e);
  const i = m.indexOf('\n');
  return (i < 0 ? m : m.slice(0, i)).replace(/:$/, '');
}

function decode<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new BuiltinError(firstLine(e));
  }
}

const validate = (doc: string, concrete: boolean): BuiltinFunc => ({
  params: ['stringOrBytes', 'top'],
  result: 'bool',
  doc,
  schemaArgs: true,
  raw: validateDecoded(decodeYAML, { concrete }),
});

export function createPackage(): BuiltinPackage {
  return {
    path: 'encoding/yaml',
    funcs: {
      Marshal: {
        params: ['top'],
        result: 'string',
        doc: 'the YAML encoding of a concrete value',
        call: ([v]) => marshalYAML(v!),
      },
      MarshalStream: {
        params: ['top'],
        result: 'string',
        doc: 'the YAML encodings of the elements of a list, as documents separated by ---',
        call: ([v]) => marshalYAMLStream(list(v)),
      },
      Unmarshal: {
        params: ['stringOrBytes'],
        result: 'top',
        doc: 'the value of a YAML document',
        call: ([d]): PlainValue => decode(() => decodeYAML(str(d))),
      },
      UnmarshalStream: {
        params: ['stringOrBytes'],
        result: 'top',
        doc: 'the list of values of a stream of YAML documents',
        call: ([d]): PlainValue => decode(() => decodeYAMLStream(str(d))),
      },
      Validate: validate('validates that YAML text, decoded, unifies with a schema and is concrete', true),
      ValidatePartial: validate('validates that YAML text, decoded, unifies with a schema (may stay incomplete)', false),
    },
  };
}
