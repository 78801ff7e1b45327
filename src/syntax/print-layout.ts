/**
 * Column alignment of the lines of a block (struct body, file, multi-line list, import group),
 * the way `cue fmt` aligns them with a tab writer:
 *
 *   a:    1  @go(A) // one
 *   bbbb: 22        // two
 *
 * A block is a sequence of rows. Consecutive alignable rows form a run; a run ends at a blank
 * line, a row with doc comments above it (it starts the next run), a row of another group, or
 * a row that cannot be aligned (a multi-line value, a comprehension, ...). Within a run, column j of a row is padded
 * to the widest cell j among the contiguous rows that have something after column j: a row
 * with no comment does not widen, nor join, the comment column of its neighbours.
 */

export interface Row {
  /** A blank line precedes the row (and its doc comments). */
  blankBefore: boolean;
  /** Lines printed above the row, at its indentation; '' is a blank line. */
  above: string[];
  /**
   * The row's cells; empty trailing cells are dropped. The first cell may span several lines
   * (its later lines already carry their own indentation); then the row is not aligned.
   */
  cells: string[];
  /** Whether the row may join a run with its neighbours. */
  alignable: boolean;
  /**
   * Rows align only with neighbours of the same group: `cue fmt` aligns `a: b: 1` with
   * `cc: dd: 2` but not with `e: 3` (a field chain aligns with chains of the same length).
   */
  group?: number;
}

/** Lays out rows at indentation `indent` (a string of tabs); returns the lines. */
export function layoutRows(rows: Row[], indent: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < rows.length) {
    // Find the run starting at i.
    let j = i + 1;
    if (rows[i]!.alignable && isSingleLine(rows[i]!)) {
      while (j < rows.length) {
        const r = rows[j]!;
        if (!r.alignable || r.blankBefore || r.above.length > 0 || !isSingleLine(r) || r.group !== rows[i]!.group) break;
        j++;
      }
    }
    const run = rows.slice(i, j);
    const texts = alignRun(run.map((r) => trimCells(r.cells)));
    run.forEach((r, k) => {
      if (r.blankBefore && out.length > 0) out.push('');
      for (const line of r.above) out.push(line === '' ? '' : indent + line);
      out.push(indent + texts[k]!);
    });
    i = j;
  }
  return out;
}

function isSingleLine(r: Row): boolean {
  return r.cells.every((c) => !c.includes('\n'));
}

function trimCells(cells: string[]): string[] {
  let n = cells.length;
  while (n > 1 && cells[n - 1] === '') n--;
  return cells.slice(0, n);
}

/** Pads the cells of a run column by column; returns one text per row. */
function alignRun(rows: string[][]): string[] {
  const texts = rows.map(() => '');
  const maxCols = Math.max(...rows.map((c) => c.length));
  for (let col = 0; col < maxCols; col++) {
    let k = 0;
    while (k < rows.length) {
      const cells = rows[k]!;
      if (cells.length <= col) {
        k++;
        continue;
      }
      if (cells.length === col + 1) {
        texts[k] += cells[col];
        k++;
        continue;
      }
      // A block: the maximal stretch of rows that have a cell after `col`.
      let end = k;
      while (end < rows.length && rows[end]!.length > col + 1) end++;
      let width = 0;
      for (let r = k; r < end; r++) width = Math.max(width, width0(rows[r]![col]!));
      // An empty column (say, no attributes anywhere in the block) takes no space at all.
      if (width > 0 || col === 0) {
        for (let r = k; r < end; r++) {
          const cell = rows[r]![col]!;
          texts[r] += cell + ' '.repeat(width - width0(cell) + 1);
        }
      }
      k = end;
    }
  }
  return texts;
}

/** Display width of a cell: code points, as `cue fmt` counts runes. */
function width0(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
