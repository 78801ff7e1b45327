// What each implementation said about one program, and whether they agree. Output JSON is
// compared ignoring field order (numbers by their text); errors by their `path: message` lines,
// ignoring positions, order and repetitions, after the wording changes listed in
// `normalizeError` are undone.
import { canonical, parseJSONText } from '../json-text.mjs';

/** The first lines of an error report (the `path: message` lines), deduplicated and sorted. */
export function errorHeads(stderr) {
  const heads = stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s/.test(l))
    .map((l) => normalizeError(l.replace(/:$/, '').trim()));
  return [...new Set(heads)].sort();
}

/**
 * One error line in the wording of current CUE. v0.4 names a disallowed field in the message
 * (v0.4.0 `x: field c not allowed`, v0.4.3 `x: field not allowed: c`); current CUE puts it in
 * the path (`x.c: field not allowed`), and so does cue-lite (testdata/eval/README.md, "Known
 * differences").
 */
export function normalizeError(line) {
  const m = /^(?:(.*): )?field (?:(\S+) not allowed|not allowed: (\S+))$/.exec(line);
  if (m) return `${m[1] ? m[1] + '.' : ''}${m[2] ?? m[3]}: field not allowed`;
  return line;
}

/** {kind: 'ok', json} | {kind: 'error', heads} | {kind: 'crash', reason} */
export function outcome(r) {
  if (r.timedOut) return { kind: 'crash', reason: 'timeout' };
  if (r.code === 0) {
    try {
      return { kind: 'ok', json: canonical(parseJSONText(r.stdout), true) };
    } catch (e) {
      return { kind: 'crash', reason: `output is not JSON: ${e.message}` };
    }
  }
  if (r.code !== 1 || /internal error|^crash:|\bat .+:\d+:\d+\)/m.test(r.stderr)) {
    return { kind: 'crash', reason: (r.stderr.split('\n').find((l) => l.trim()) ?? `exit ${r.code}`).trim() };
  }
  return { kind: 'error', heads: errorHeads(r.stderr) };
}

/** The path of an error line (`a.b: message`), '' for errors without one. */
export function errorPath(head) {
  const m = /^([^\s:]+|(?:[^\s":]|"[^"]*")+): /.exec(head);
  return m ? m[1] : '';
}

/** Is the error line an incomplete-value error rather than a real (permanent) one? */
export function isIncomplete(head) {
  // v0.4.3 also says `incomplete cause disjunction`, `incomplete number in argument to div
  // builtin`, `incomplete argument ...`; cue-lite `invalid interpolation: unresolved disjunction`.
  return /\bincomplete\b|non-concrete value|unresolved disjunction/.test(head.slice(errorPath(head).length));
}

/**
 * Do two failures agree? Real (permanent) errors count first, since an incomplete value is
 * only reported when no real error exists: both sides must have real errors, or neither, and
 * the errors that count must share a path. The wording, which conflict of several is named,
 * and which other places an error is reported at (a definition as well as its uses, a field
 * and the fields copying it) differ between CUE versions and are not what this fuzzer is for.
 */
export function failuresAgree(refHeads, liteHeads) {
  const refReal = refHeads.filter((h) => !isIncomplete(h));
  const liteReal = liteHeads.filter((h) => !isIncomplete(h));
  if (refReal.length > 0 !== liteReal.length > 0) return false;
  const paths = new Set((refReal.length ? refReal : refHeads).map(errorPath));
  return (liteReal.length ? liteReal : liteHeads).some((h) => paths.has(errorPath(h)));
}

/** Do the two outcomes agree? */
export function agree(ref, lite) {
  if (ref.kind !== lite.kind) return false;
  if (ref.kind === 'ok') return ref.json === lite.json;
  if (ref.kind === 'error') return failuresAgree(ref.heads, lite.heads);
  return false;
}
