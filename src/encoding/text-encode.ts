/**
 * `cue export --out text`: a string value printed as is, followed by a newline. CUE (v0.4 and
 * current) accepts only strings here; any other value is an error naming the value and its
 * type, e.g. `cannot use value 5.0 (type float) as string`.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { formatShort } from './format-value.js';
import { type PlainValue, plainKindName } from '../plain/plain-value.js';

/** Throws a CueError (code `eval`) when `v` is not a string. */
export function encodeText(v: PlainValue): string {
  if (typeof v === 'string') return v + '\n';
  throw new CueError(ErrorCode.eval, `cannot use value ${formatShort(v)} (type ${plainKindName(v)}) as string`);
}
