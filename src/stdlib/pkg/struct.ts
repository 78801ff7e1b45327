/**
 * Package `struct`: MinFields and MaxFields count the regular fields of a possibly incomplete
 * struct, so they are raw builtins (they read the evaluated struct, not a plain value).
 */
import { BuiltinError, type BuiltinPackage, type RawBuiltin } from '../../plain/builtin.js';

function fieldCount(compare: (count: bigint, n: bigint) => boolean, notYetIfOpen = false): RawBuiltin['raw'] {
  return (ev, [arg, nArg]) => {
    const s = ev.defaultOf(arg!);
    if (ev.isError(s)) return s;
    const count = ev.regularFieldCount(s);
    if (count === undefined) throw new BuiltinError(`cannot use ${ev.describe(s)} as struct`);
    const n = ev.int(nArg!);
    if (n === undefined) throw new BuiltinError(`cannot use ${ev.describe(ev.defaultOf(nArg!))} as int`);
    if (compare(BigInt(count), n)) return ev.fromPlain(true);
    // Too few fields in a struct that may still get more: not yet (CUE's MinFields).
    return notYetIfOpen && ev.isOpen(s) ? ev.notYet(`len(fields) < MinFields(${n}) (${count} < ${n})`) : ev.fromPlain(false);
  };
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'struct',
    funcs: {
      MinFields: {
        params: ['struct', 'int'],
        result: 'bool',
        doc: 'validates that a struct has at least n regular fields (error: len(fields) < MinFields(n) (count < n))',
        raw: fieldCount((count, n) => count >= n, true),
      },
      MaxFields: {
        params: ['struct', 'int'],
        result: 'bool',
        doc: 'validates that a struct has at most n regular fields (error: len(fields) > MaxFields(n) (count > n))',
        raw: fieldCount((count, n) => count <= n),
      },
    },
  };
}
