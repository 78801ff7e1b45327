import { compareSpans } from '../source/index.js';
import type { CueError, CueErrorJSON } from './cue-error.js';
import { ErrorCode } from './codes.js';

/**
 * The one error type the library throws: a list of CueErrors, sorted by position then path,
 * duplicates removed. Its message is the printed form of all of them. Subclasses (the
 * renderer's `RenderError`) keep their own order and printed form, so that
 * `e instanceof CueErrorList` catches every failure the library reports.
 */
export class CueErrorList extends Error {
  readonly errors: readonly CueError[];

  /** `order: 'given'` keeps the errors as passed (already sorted, or grouped by the caller). */
  constructor(errors: readonly CueError[], order: 'sorted' | 'given' = 'sorted') {
    const list = order === 'sorted' ? sortErrors(errors) : [...errors];
    super(formatErrors(list).replace(/\n$/, ''));
    this.name = 'CueErrorList';
    this.errors = list;
  }

  format(): string {
    return formatErrors(this.errors);
  }

  /** The errors as data (see `CueError.toJSON`); `message` is their printed form. */
  toJSON(): { name: string; message: string; errors: CueErrorJSON[] } {
    return { name: this.name, message: this.message, errors: this.errors.map((e) => e.toJSON()) };
  }
}

function formatErrors(errors: readonly CueError[]): string {
  return errors.map((e) => e.format()).join('');
}

/**
 * Sort by first position, then path, then message; drop exact duplicates. An incomplete
 * value (`x: incomplete value int`) and an empty disjunction have no position of their own
 * in cue (their positions are the inputs'), so those come first, in path order (element by
 * element), as cue lists them (cue/errors: NoPos first).
 */
export function sortErrors(errors: readonly CueError[]): CueError[] {
  // cue gives no position of their own to incomplete values and to errors made of others
  // (an empty disjunction): those come first.
  const unplaced = (e: CueError) => e.details.length > 0 || (e.code === ErrorCode.incomplete && e.message.startsWith('incomplete value '));
  const sorted = [...errors].sort((a, b) => {
    const ua = unplaced(a);
    const ub = unplaced(b);
    if (ua !== ub) return ua ? -1 : 1;
    if (ua) {
      const c = comparePaths(a.path, b.path);
      if (c !== 0) return c;
    }
    const pa = a.positions[0];
    const pb = b.positions[0];
    if (pa && pb) {
      const c = compareSpans(pa, pb);
      if (c !== 0) return c;
    } else if (pa || pb) return pa ? -1 : 1;
    const ps = a.path.join('.').localeCompare(b.path.join('.'));
    if (ps !== 0) return ps;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
  const out: CueError[] = [];
  let last = '';
  for (const e of sorted) {
    const f = e.format();
    if (f !== last) out.push(e);
    last = f;
  }
  return out;
}

/** Paths compared label by label, as strings (byte order), a prefix first. */
function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}
