/** A reference to a builtin function: predeclared (`len`, `close`) or from a stdlib package. */
import type { BuiltinFunc } from '../plain/builtin.js';

export interface BuiltinRef {
  /** `len`, or `strings.MinRunes` (package path and function name). */
  readonly name: string;
  readonly pkg: string;
  readonly func: BuiltinFunc;
}
