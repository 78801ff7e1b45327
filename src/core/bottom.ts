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
  /**
   * The error's own position (CUE's Position(), one of `positions`), printed before the
   * others, which are sorted: a failed bound is reported at the bound (`invalid value 8 (out
   * of bound <=5)` lists the `<=5` first, then the places of the value). Errors without one
   * (a conflict between two values) list all their positions sorted.
   */
  readonly primary?: Span;
  /** The path of the vertex where the error arose, when known (set when reported). */
  path?: readonly Label[];
  /** Sub-errors, e.g. the failed branches of an empty disjunction. */
  readonly details?: readonly BottomInfo[];
  /**
   * Further errors of the same list (CUE's errors.Append: one error value carrying several,
   * "x: cycle with field: y (and 1 more errors)"): each has its own path and positions. Only
   * reference cycles make such lists; everything else reads the first error alone.
   */
  readonly more?: readonly BottomInfo[];
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
  /** See BottomInfo.primary; also put among `positions`. */
  primary?: Span,
): BottomInfo {
  const spans = positions.filter((p): p is Span => p !== undefined);
  const own = primary ? { primary } : {};
  if (primary && !spans.includes(primary)) spans.unshift(primary);
  if (typeof message === 'string' && !hint) return { code, message, positions: spans, ...own };
  let text: string | undefined;
  let hinted: { text: string | undefined } | undefined;
  return {
    code,
    get message() {
      return (text ??= typeof message === 'string' ? message : message());
    },
    positions: spans,
    ...own,
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
    ...(info.primary ? { primary: info.primary } : {}),
    path,
    details: info.details,
    // The errors of the list that were not placed yet arose where this one did.
    more: info.more?.map((m) => (m.path === undefined ? withPath(m, path) : m)),
    get hint() {
      return info.hint;
    },
  };
}

/**
 * The error followed by the errors that caused it, as one list (CUE's matchN adds the errors
 * of the schemas that failed to its own: validator.go, c.AddBottom), its message still unread.
 */
export function withCauses(info: BottomInfo, causes: readonly BottomInfo[]): BottomInfo {
  if (causes.length === 0) return info;
  return copyWith(info, { more: [...(info.more ?? []), ...causes] });
}

/**
 * A copy of the error with its path or its list of further errors changed, every other field
 * as it is (what `{...info, path}` gives), but its message and hint still unread: a spread
 * would call their getters, formatting the message (and searching for a did-you-mean hint) of
 * every failed disjunct, which is almost never read.
 */
export function copyWith(info: BottomInfo, changes: { readonly path?: readonly Label[]; readonly more?: readonly BottomInfo[] }): BottomInfo {
  const out: { -readonly [K in keyof BottomInfo]: BottomInfo[K] } =
    'hint' in info
      ? {
          code: info.code,
          get message() {
            return info.message;
          },
          positions: info.positions,
          get hint() {
            return info.hint;
          },
        }
      : {
          code: info.code,
          get message() {
            return info.message;
          },
          positions: info.positions,
        };
  const path = changes.path ?? info.path;
  if (path !== undefined) out.path = path;
  if ('primary' in info) out.primary = info.primary;
  if ('details' in info) out.details = info.details;
  const more = changes.more ?? info.more;
  if (more !== undefined) out.more = more;
  if ('settled' in info) out.settled = info.settled;
  return out;
}

/** A copy of the error at `at` (copyWith). */
export function copyAt(info: BottomInfo, at: readonly Label[]): BottomInfo {
  return copyWith(info, { path: at });
}

/** The errors of the list that have no path yet placed at `path` (those that have one keep it). */
export function placeAt(info: BottomInfo, path: readonly Label[]): BottomInfo {
  if (info.path !== undefined && (info.more === undefined || info.more.every((m) => m.path !== undefined))) return info;
  const more = info.more?.map((m) => (m.path === undefined ? withPath(m, path) : m));
  return {
    code: info.code,
    get message() {
      return info.message;
    },
    positions: info.positions,
    ...(info.primary ? { primary: info.primary } : {}),
    path: info.path ?? path,
    details: info.details,
    more,
    get hint() {
      return info.hint;
    },
  };
}

/** The errors of a list, the first one included. */
export function errorList(info: BottomInfo): readonly BottomInfo[] {
  return info.more === undefined ? [info] : [info, ...info.more];
}

/**
 * Two errors of the same code as one list, a's first (CUE's CombineErrors of equal codes,
 * errors.Append); an error already in the list (the same object, or the same message at the
 * same place) is not repeated.
 */
export function appendErrors(a: BottomInfo, b: BottomInfo): BottomInfo {
  const list = [...errorList(a)];
  // Not by path: an error appended before its field was known is the same one after.
  const key = (x: BottomInfo) => `${x.message}\u0001${x.positions.map((p) => `${p.src.name}:${p.start}`).join(',')}`;
  const seen = new Set(list.map(key));
  for (const x of errorList(b)) {
    const k = key(x);
    if (seen.has(k)) continue;
    seen.add(k);
    list.push(x.more === undefined ? x : headOf(x));
  }
  if (list.length === errorList(a).length) return a;
  return copyWith(a, { more: list.slice(1) });
}

/**
 * The errors of several checks of one value (its validators) as one: every permanent error,
 * in order (vet_issue2778: seven failed list.Contains, seven errors); when there is none, the
 * first incomplete one (the value is not known yet). Null for no error.
 */
export function combineChecks(errs: readonly BottomInfo[]): BottomInfo | null {
  let out: BottomInfo | null = null;
  for (const e of errs) if (!isIncompleteInfo(e)) out = out === null ? e : appendErrors(out, e);
  return out ?? errs[0] ?? null;
}

/** One error of a list without the ones that follow it (its message read now). */
export function headOf(x: BottomInfo): BottomInfo {
  return { code: x.code, message: x.message, positions: x.positions, ...(x.primary ? { primary: x.primary } : {}), path: x.path, details: x.details, hint: x.hint };
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
