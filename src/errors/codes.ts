/**
 * Stable error codes. `incomplete` and `cycle` mean "not enough information yet" (CUE's
 * IncompleteError/CycleError): they are reported only when no other error exists.
 */
export const ErrorCode = {
  /** Malformed source text. */
  syntax: 'syntax',
  /** A permanent evaluation error: conflict, bound, closedness, bad operand... */
  eval: 'eval',
  /** A value is not concrete where it must be, or a reference cannot be resolved yet. */
  incomplete: 'incomplete',
  /** A reference cycle that did not resolve. */
  cycle: 'cycle',
  /** A structural cycle (`a: b: a`). */
  structuralCycle: 'structural-cycle',
  /** An explicit `_|_` or a user-defined error. */
  user: 'user',
  /** A reference, import or builtin that does not exist (compile time). */
  compile: 'compile',
  /** A resource limit was exceeded. */
  limit: 'limit',
  /** A file could not be read or written, or data input was malformed. */
  io: 'io',
  /** Bad command-line usage or API arguments. */
  usage: 'usage',
  /** Rendering errors (definitions, applications, patches). */
  render: 'render',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function isIncompleteCode(code: ErrorCode): boolean {
  return code === ErrorCode.incomplete || code === ErrorCode.cycle;
}
