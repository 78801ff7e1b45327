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
    return r.error ? ev.inCall(r.error) : ev.fromPlain(true);
  };
}
