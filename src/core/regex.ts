/**
 * CUE regular expressions are RE2: linear-time matching, no backtracking. re2js is a port of
 * RE2 to JavaScript. Compiled patterns are cached per pattern text (bounded, so a long-running
 * process that sees many distinct patterns does not grow without limit).
 */
import { RE2JS } from 're2js';

const cache = new Map<string, RE2JS | string>();
const MAX_CACHE = 1000;

/** The compiled pattern, or the error message RE2 gives for it. */
export function compileRegex(pattern: string): RE2JS | string {
  let r = cache.get(pattern);
  if (r !== undefined) return r;
  try {
    r = RE2JS.compile(pattern);
  } catch (e) {
    r = e instanceof Error ? e.message : String(e);
  }
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value!);
  cache.set(pattern, r);
  return r;
}

/** Whether `s` contains a match of `pattern` (unanchored, as Go's MatchString). */
export function regexMatch(pattern: string, s: string): boolean | string {
  const re = compileRegex(pattern);
  if (typeof re === 'string') return re;
  // test(): a search without captures, on the DFA when the pattern allows it.
  return re.test(s);
}
