/**
 * `json.Validate`, `yaml.Validate` and `yaml.ValidatePartial`: the text, decoded, unified with a
 * schema. Raw builtins: the unification is the evaluator's.
 */
import { BuiltinError, type RawBuiltin } from '../../plain/builtin.js';
import type { PlainValue } from '../../plain/plain-value.js';

export function validateDecoded(decode: (text: string) => PlainValue, options: { concrete: boolean }): RawBuiltin['raw'] {
  return (ev, [textArg, schema]) => {
    const t = ev.defaultOf(textArg!);
    if (ev.isError(t)) return t;
    const text = ev.text(t);
    if (text === undefined) throw new BuiltinError(`cannot use ${ev.describe(t)} as string`);
    let data: PlainValue;
    try {
      data = decode(text);
    } catch (e) {
      throw new BuiltinError(e instanceof Error ? e.message : String(e));
    }
    const r = ev.unify(ev.fromPlain(data), schema!, { concrete: options.concrete });
    if (!r.error) return ev.fromPlain(true);
    // The data is all there is: a value it leaves incomplete (a field the schema requires
    // that the text lacks) fails the check for good, as cue says it ("invalid value ...
    // (does not satisfy encoding/yaml.Validate): incomplete value !=\"\"", vet_yaml).
    if (options.concrete && ev.isIncomplete(r.error)) return ev.fails(ev.errorMessage(r.error));
    return ev.inCall(r.error);
  };
}
