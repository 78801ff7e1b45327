/**
 * A line diff for formatting edits: the runs of lines that differ between a document and its
 * formatted text. Common leading and trailing lines are cut first (a formatter changes few
 * lines); the middle is matched by a longest common subsequence of lines. A middle too large
 * for that table (more than maxCells line pairs) is one hunk: correct, only coarser.
 */

/** Lines [aStart, aEnd) of the old text are replaced by lines [bStart, bEnd) of the new. */
export interface LineHunk {
  readonly aStart: number;
  readonly aEnd: number;
  readonly bStart: number;
  readonly bEnd: number;
}

const maxCells = 4_000_000;

export function lineHunks(a: readonly string[], b: readonly string[]): LineHunk[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > maxCells) {
    return [{ aStart: head, aEnd: head + n, bStart: head, bEnd: head + m }];
  }
  // lcs[i][j]: the longest common subsequence of a[head+i..] and b[head+j..], row-major.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[head + i] === b[head + j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const hunks: LineHunk[] = [];
  let i = 0;
  let j = 0;
  let open: { aStart: number; bStart: number } | null = null;
  const close = (): void => {
    if (open) hunks.push({ aStart: head + open.aStart, aEnd: head + i, bStart: head + open.bStart, bEnd: head + j });
    open = null;
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[head + i] === b[head + j]) {
      close();
      i++;
      j++;
    } else {
      open ??= { aStart: i, bStart: j };
      if (j < m && (i === n || lcs[i * w + j + 1]! >= lcs[(i + 1) * w + j]!)) j++;
      else i++;
    }
  }
  close();
  return hunks;
}
