/**
 * The payload of a bottom value: an error as data. Evaluation never throws for user mistakes;
 * it produces Bottom values that travel through the tree and are collected at the end.
 */
import type { Span } from '../source/index.js';
import { type ErrorCode, ErrorCode as Codes } from '../errors/index.js';
import type { Label } from './label.js';

export interface BottomInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly positions: readonly Span[];
  /** The path of the vertex where the error arose, when known (set when reported). */
  path?: readonly Label[];
  /** Sub-errors, e.g. the failed branches of an empty disjunction. */
  readonly details?: readonly BottomInfo[];
  /**
   * A suggestion kept apart from the message (`did you mean image?` for a field a closed
   * struct does not allow): CUE's message has none, so `cue`'s output stays CUE's; the
   * renderer shows it.
   */
  readonly hint?: string;
  /**
   * A cycle error that is the outcome, not a value still waiting for the cycle to settle (an
   * ambiguous default reached through a cycle): evaluating the expression again keeps it.
   */
  readonly settled?: boolean;
}

/**
 * A message may be given as a function: it is then formatted on first read. Disjunctions try
 * candidates that fail and are thrown away; their messages (values printed as CUE) are never
 * read, so they should not be formatted.
 */
export function bottomInfo(
  code: ErrorCode,
  message: string | (() => string),
  positions: readonly (Span | undefined)[] = [],
  hint?: () => string | undefined,
): BottomInfo {
  const spans = positions.filter((p): p is Span => p !== undefined);
  if (typeof message === 'string' && !hint) return { code, message, positions: spans };
  let text: string | undefined;
  let hinted: { text: string | undefined } | undefined;
  return {
    code,
    get message() {
      return (text ??= typeof message === 'string' ? message : message());
    },
    positions: spans,
    get hint() {
      return (hinted ??= { text: hint?.() }).text;
    },
  };
}

/** The same error placed at `path`, its message still unread (a spread would format it). */
export function withPath(info: BottomInfo, path: readonly Label[]): BottomInfo {
  return {
    code: info.code,
    get message() {
      return info.message;
    },
    positions: info.positions,
    path,
    details: info.details,
    get hint() {
      return info.hint;
    },
  };
}

export function isIncompleteInfo(b: BottomInfo): boolean {
  return b.code === Codes.incomplete || b.code === Codes.cycle;
}

/**
 * Permanent errors win over incomplete ones when combining, and a conflict over a structural
 * cycle found in the same value (CUE's CombineErrors keeps the lower code: EvalError and
 * UserError come before StructuralCycleError; cue/testdata/cycle/structural b6, b7).
 * Anything from 3 up is permanent.
 */
export function severity(b: BottomInfo): number {
  switch (b.code) {
    case Codes.incomplete:
      return 1;
    case Codes.cycle:
      return 2;
    case Codes.structuralCycle:
      return 3;
    default:
      return 4;
  }
}

/** Whether an error is reported instead of a structural cycle met in the same value (see severity). */
export function outranksStructuralCycle(b: BottomInfo): boolean {
  return severity(b) > 3;
}
