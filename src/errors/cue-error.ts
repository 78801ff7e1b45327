import { type Span, compareSpans, formatPosition } from '../source/index.js';
import { type ErrorCode, isIncompleteCode } from './codes.js';

/** What `CueError.toJSON` returns. */
export interface CueErrorJSON {
  code: ErrorCode;
  message: string;
  path: string[];
  locations: { file: string; line: number; column: number; offset: number }[];
  details?: CueErrorJSON[];
  hint?: string;
  more?: CueErrorJSON[];
}

/**
 * One error: a stable code, the path of the value that failed (CUE labels, e.g.
 * `["spec", "replicas"]` or `["a", "1"]`), a message, and every source position involved.
 */
export class CueError {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
    readonly path: readonly string[] = [],
    readonly positions: readonly Span[] = [],
    /** Nested errors, e.g. the branches of an empty disjunction. */
    readonly details: readonly CueError[] = [],
    /**
     * A suggestion beside the message (`did you mean image?`), not part of CUE's wording:
     * `format()` leaves it out; `withHint()` puts it into the message, as the renderer shows it.
     */
    readonly hint?: string,
    /**
     * The further errors of the same list (CUE's errors.Append: a field in a reference cycle
     * carries the errors of the whole cycle), each with its own path. Printed lists show them
     * as errors of their own; `listText` gives Go's one-line form of the list.
     */
    readonly more: readonly CueError[] = [],
    /**
     * The error's own position (CUE's Position(), one of `positions`): printed first, before
     * the others, which are sorted. Without it every position is sorted.
     */
    readonly primary?: Span,
  ) {}

  /** Go's Error() of CUE's error list: `path: message (and N more errors)`. */
  get listText(): string {
    const head = (this.path.length > 0 ? this.path.join('.') + ': ' : '') + this.message;
    return this.more.length > 0 ? `${head} (and ${this.more.length} more errors)` : head;
  }

  get isIncomplete(): boolean {
    return isIncompleteCode(this.code);
  }

  /** The path as CUE prints it: labels joined with `.`. */
  get pathString(): string {
    return this.path.join('.');
  }

  /** Positions as data: file, 1-based line and column. */
  get locations(): { file: string; line: number; column: number; offset: number }[] {
    return this.positions.map((s) => ({ file: s.src.name, offset: s.start, ...s.src.position(s.start) }));
  }

  withPath(path: readonly string[]): CueError {
    return new CueError(this.code, this.message, path, this.positions, this.details, this.hint, this.more, this.primary);
  }

  withPositions(positions: readonly Span[]): CueError {
    return new CueError(this.code, this.message, this.path, positions, this.details, this.hint, this.more, this.primary && positions.includes(this.primary) ? this.primary : undefined);
  }

  /** The hint written into the message (`field not allowed (did you mean image?)`). */
  withHint(): CueError {
    if (!this.hint) return this;
    return new CueError(this.code, `${this.message} (${this.hint})`, this.path, this.positions, this.details, undefined, this.more, this.primary);
  }

  /**
   * The error as data, for `JSON.stringify`: positions become `{file, line, column, offset}`.
   * Without it every span would carry its whole source text (one conflict in a 20 KB file
   * serialized to 66 KB). Nested details appear only when there are some.
   */
  toJSON(): CueErrorJSON {
    const out: CueErrorJSON = { code: this.code, message: this.message, path: [...this.path], locations: this.locations };
    if (this.details.length > 0) out.details = this.details.map((d) => d.toJSON());
    if (this.hint) out.hint = this.hint;
    if (this.more.length > 0) out.more = this.more.map((m) => m.toJSON());
    return out;
  }

  /** CUE's printed form: `path: message:` then one indented position per line. */
  format(): string {
    return formatError(this);
  }

  toString(): string {
    return this.format();
  }
}

export function formatError(e: CueError): string {
  const head = (e.path.length > 0 ? e.path.join('.') + ': ' : '') + e.message;
  // An error made of others (`N errors in empty disjunction`) prints as cue prints it: its
  // head and a colon, then each of its errors with their positions.
  if (e.details.length > 0) return head + ':\n' + e.details.map(formatError).join('');
  const positions = uniquePositions(e.positions, e.primary);
  const out = positions.length > 0 ? head + ':\n' + positions.map((p) => '    ' + p + '\n').join('') : head + '\n';
  return out;
}

/** The positions as printed: the primary one first, then the others sorted, each once (CUE's errors.Positions). */
function uniquePositions(spans: readonly Span[], primary: Span | undefined): string[] {
  const sorted = [...spans].sort(compareSpans);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of primary ? [primary, ...sorted] : sorted) {
    const p = formatPosition(s);
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  }
  return out;
}
