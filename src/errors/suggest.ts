/** "Did you mean" suggestions for misspelt names: labels, packages, functions, definitions. */

/**
 * Edit distance for "did you mean" suggestions: insertions, deletions, substitutions and
 * swaps of two adjacent characters each count one (optimal string alignment), so that a
 * transposed pair (`imgae` for `image`) is as close as one wrong letter.
 */
export function editDistance(a: string, b: string): number {
  // Three rows: the one before the previous is needed for transpositions.
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!;
}

/**
 * Close matches for a misspelt name among candidates, best first: case-insensitive equality,
 * then an edit distance of at most a third of the name's length (at least 1, at most 3).
 */
export function closeMatches(name: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = name.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  const scored: [number, string][] = [];
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d <= limit) scored.push([d, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1));
  return scored.slice(0, max).map((s) => s[1]);
}

/** "did you mean X?" text, or the empty string when nothing is close. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  if (suggestions.length === 1) return `did you mean ${suggestions[0]}?`;
  return `did you mean one of ${suggestions.slice(0, -1).join(', ')} or ${suggestions[suggestions.length - 1]}?`;
}
