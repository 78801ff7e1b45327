/** Package `struct`: MinFields and MaxFields count the regular fields of a possibly incomplete struct, so the evaluator implements them (`raw`). */
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';

const inEvaluator = (): never => {
  throw new BuiltinError('this builtin is implemented by the evaluator');
};

export function createPackage(): BuiltinPackage {
  return {
    path: 'struct',
    funcs: {
      MinFields: {
        params: ['struct', 'int'],
        result: 'bool',
        raw: true,
        doc: 'validates that a struct has at least n regular fields (error: len(fields) < MinFields(n) (count < n))',
        call: inEvaluator,
      },
      MaxFields: {
        params: ['struct', 'int'],
        result: 'bool',
        raw: true,
        doc: 'validates that a struct has at most n regular fields (error: len(fields) > MaxFields(n) (count > n))',
        call: inEvaluator,
      },
    },
  };
}
