/**
 * The diff `cue fmt --diff` prints (Go's anchored diff, as `cue` uses it):
 *
 *   diff a.cue.orig a.cue
 *   --- a.cue.orig
 *   +++ a.cue
 *   @@ -1,2 +1,2 @@
 *
 * Lines are matched by anchoring on the lines that occur exactly once in each text: the
 * longest increasing run of such pairs (Szymanski's algorithm for that special case of the
 * longest common subsequence) splits the texts, and each anchor is extended over the equal
 * lines around it. That costs O(n log n), whatever the number of changes, and gives the same
 * hunks as `cue` (a Myers diff can choose other, equally short, hunks). Hunks carry three lines
 * of context; ranges are always written `start,count`. A last line without a newline is
 * followed by `\ No newline at end of file`.
 */

interface Pair {
  x: number;
  y: number;
}

const context = 3;

export function unifiedDiff(oldName: string, oldText: string, newName: string, newText: string): string {
  if (oldText === newText) return '';
  const x = lines(oldText);
  const y = lines(newText);
  let out = `diff ${oldName} ${newName}\n--- ${oldName}\n+++ ${newName}\n`;
  let done: Pair = { x: 0, y: 0 };
  let chunk: Pair = { x: 0, y: 0 };
  let count: Pair = { x: 0, y: 0 };
  let text: string[] = [];
  for (const m of anchors(x, y)) {
    // An anchor already covered by the extension of an earlier one.
    if (m.x < done.x) continue;
    // Extend the match both ways over equal lines.
    const start = { ...m };
    while (start.x > done.x && start.y > done.y && x[start.x - 1] === y[start.y - 1]) {
      start.x--;
      start.y--;
    }
    const end = { ...m };
    while (end.x < x.length && end.y < y.length && x[end.x] === y[end.y]) {
      end.x++;
      end.y++;
    }
    for (const s of x.slice(done.x, start.x)) {
      text.push('-' + s);
      count.x++;
    }
    for (const s of y.slice(done.y, start.y)) {
      text.push('+' + s);
      count.y++;
    }
    const atEnd = end.x >= x.length && end.y >= y.length;
    const common = end.x - start.x;
    // Too few equal lines to close the hunk: they all belong to it, and it goes on.
    if (!atEnd && (common < context || (text.length > 0 && common < 2 * context))) {
      for (const s of x.slice(start.x, end.x)) {
        text.push(' ' + s);
        count.x++;
        count.y++;
      }
      done = end;
      continue;
    }
    if (text.length > 0) {
      const n = Math.min(common, context);
      for (const s of x.slice(start.x, start.x + n)) {
        text.push(' ' + s);
        count.x++;
        count.y++;
      }
      done = { x: start.x + n, y: start.y + n };
      // Line numbers from 1, except an empty side, which shows as 0,0.
      const from = { x: chunk.x + (count.x > 0 ? 1 : 0), y: chunk.y + (count.y > 0 ? 1 : 0) };
      out += `@@ -${from.x},${count.x} +${from.y},${count.y} @@\n` + text.join('');
      count = { x: 0, y: 0 };
      text = [];
    }
    if (atEnd) break;
    // A new hunk starts with the context before the next change.
    chunk = { x: end.x - context, y: end.y - context };
    for (const s of x.slice(chunk.x, end.x)) {
      text.push(' ' + s);
      count.x++;
      count.y++;
    }
    done = end;
  }
  return out;
}

/** The lines of a text, each with its newline; a last line without one gets the marker. */
function lines(text: string): string[] {
  const parts = text.split(/(?<=\n)/);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === '')) return [];
  const last = parts[parts.length - 1]!;
  if (!last.endsWith('\n')) parts[parts.length - 1] = last + '\n\\ No newline at end of file\n';
  return parts;
}

/**
 * The anchors: pairs (i, j) with x[i] === y[j] for lines that occur once in x and once in y,
 * the longest sequence of them increasing on both sides, between the sentinels (0, 0) and
 * (x.length, y.length).
 */
function anchors(x: string[], y: string[]): Pair[] {
  const inX = new Map<string, number>();
  const inY = new Map<string, number>();
  for (const s of x) inX.set(s, (inX.get(s) ?? 0) + 1);
  for (const s of y) inY.set(s, (inY.get(s) ?? 0) + 1);
  const unique = (s: string) => inX.get(s) === 1 && inY.get(s) === 1;
  // yIndex[k]: position in y of the k-th unique line of y; rank: line -> k.
  const yIndex: number[] = [];
  const rank = new Map<string, number>();
  y.forEach((s, j) => {
    if (unique(s)) {
      rank.set(s, yIndex.length);
      yIndex.push(j);
    }
  });
  const xs: number[] = [];
  const ranks: number[] = [];
  x.forEach((s, i) => {
    const r = rank.get(s);
    if (r !== undefined) {
      xs.push(i);
      ranks.push(r);
    }
  });
  // Longest increasing subsequence of `ranks` (patience: tails[k] is the smallest last rank of
  // an increasing run of length k + 1; lengths[i] the run length ending at i).
  const n = ranks.length;
  const tails: number[] = [];
  const lengths: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = ranks[i]!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! >= r) hi = mid;
      else lo = mid + 1;
    }
    tails[lo] = r;
    lengths[i] = lo + 1;
  }
  let k = tails.length;
  const seq: Pair[] = new Array(k + 2);
  seq[k + 1] = { x: x.length, y: y.length };
  let last = Infinity;
  for (let i = n - 1; i >= 0 && k > 0; i--) {
    if (lengths[i] === k && ranks[i]! < last) {
      seq[k] = { x: xs[i]!, y: yIndex[ranks[i]!]! };
      last = ranks[i]!;
      k--;
    }
  }
  seq[0] = { x: 0, y: 0 };
  return seq;
}
