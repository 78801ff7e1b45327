import { compareSpans } from '../source/index.js';
import type { CueError } from './cue-error.js';

/**
 * The one error type the library throws: a list of CueErrors, sorted by position then path,
 * duplicates removed. Its message is the printed form of all of them.
 */
export class CueErrorList extends Error {
  readonly errors: readonly CueError[];

  constructor(errors: readonly CueError[]) {
    const list = sortErrors(errors);
    super(list.map((e) => e.format()).join('').replace(/\n$/, ''));
    this.name = 'CueErrorList';
    this.errors = list;
  }

  format(): string {
    return this.errors.map((e) => e.format()).join('');
  }
}

/** Sort by first position, then path, then message; drop exact duplicates. */
export function sortErrors(errors: readonly CueError[]): CueError[] {
  const sorted = [...errors].sort((a, b) => {
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
