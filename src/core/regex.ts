/**
 * CUE regular expressions are RE2: linear-time matching, no backtracking. re2js is a port of
 * RE2 to JavaScript. Compiled patterns are cached per pattern text (bounded, so a long-running
 * process that sees many distinct patterns does not grow without limit), and so are the
 * results for short inputs per pattern (a configuration checks the same label values, tiers
 * and quantities against the same pattern over and over; RE2 in JavaScript runs about a
 * microsecond per match, a Map lookup a few dozen nanoseconds).
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

const results = new Map<string, Map<string, boolean>>();
const MAX_PATTERNS_WITH_RESULTS = 64;
const MAX_RESULTS = 256;
const MAX_INPUT = 64;

/** Whether `s` contains a match of `pattern` (unanchored, as Go's MatchString). */
export function regexMatch(pattern: string, s: string): boolean | string {
  const memo = s.length <= MAX_INPUT ? results.get(pattern) : undefined;
  const known = memo?.get(s);
  if (known !== undefined) return known;
  const re = compileRegex(pattern);
  if (typeof re === 'string') return re;
  // test(): a search without captures, on the DFA when the pattern allows it.
  const m = re.test(s);
  if (s.length <= MAX_INPUT) {
    let r = memo;
    if (!r) {
      if (results.size >= MAX_PATTERNS_WITH_RESULTS) results.delete(results.keys().next().value!);
      results.set(pattern, (r = new Map()));
    }
    if (r.size >= MAX_RESULTS) r.clear();
    r.set(s, m);
  }
  return m;
}
