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
   * Its last cell spans lines indented deeper than the row, which in the pre-v2 printer's
   * tab writer continue the row's first column: the row still aligns (formatV1 only).
   */
  lastCellLines?: boolean;
  /**
   * With lastCellLines: a line of the last cell ends the run (the pre-v2 printer's form feed at
   * a binary expression's line break), so the row is the last of its run (formatV1 only).
   */
  endsRun?: boolean;
  /**
   * Rows align only with neighbours of the same group: `cue fmt` aligns `a: b: 1` with
   * `cc: dd: 2` but not with `e: 3` (a field chain aligns with chains of the same length).
   */
  group?: number;
}

/**
 * Lays out rows at indentation `indent` (a string of tabs); returns the lines. `formatV1`
 * aligns a run as cue's pre-v2 printer does (alignTabwriter) rather than as a table segment.
 */
export function layoutRows(rows: Row[], indent: string, formatV1 = false): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < rows.length) {
    // Find the run starting at i.
    let j = i + 1;
    const fits = (r: Row) => isSingleLine(r) || (formatV1 && r.lastCellLines === true);
    if (rows[i]!.alignable && fits(rows[i]!) && !(formatV1 && rows[i]!.endsRun)) {
      while (j < rows.length) {
        const r = rows[j]!;
        if (formatV1 && rows[j - 1]!.endsRun) break;
        if (!r.alignable || r.blankBefore || r.above.length > 0 || !fits(r) || r.group !== rows[i]!.group) break;
        j++;
      }
    }
    const run = rows.slice(i, j);
    const texts = formatV1 ? alignTabwriter(run.map((r) => r.cells.filter((c) => c !== ''))) : alignRun(run.map((r) => trimCells(r.cells)), indent);
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

/**
 * The line width the pinned cue fmt (its Wadler-Lindig printer, formatv2) aligns within, with
 * a tab counted as 4 columns. A run whose aligned width exceeds it is printed unaligned.
 */
const lineWidth = 120;
const tabWidth = 4;

/**
 * Pads the cells of a run column by column, as the pinned cue fmt lays out a table segment;
 * returns one text per row. An empty cell is a reserved slot (a field without attributes but
 * with a comment). A column's width is its widest cell among the rows where that cell is not
 * the last one; a cell is padded to it when a later column has cells in more than one row;
 * columns empty in every row take no space; nothing is printed past a row's last cell.
 */
function alignRun(rows: string[][], indent = ''): string[] {
  const numCols = Math.max(...rows.map((c) => c.length));
  const count = new Array<number>(numCols).fill(0);
  const maxW = new Array<number>(numCols).fill(0);
  const lasts = rows.map((cells) => {
    let last = -1;
    cells.forEach((c, i) => c !== '' && (last = i));
    return last;
  });
  rows.forEach((cells, r) => {
    cells.forEach((cell, c) => {
      if (cell !== '') count[c]!++;
      if (c < lasts[r]!) maxW[c] = Math.max(maxW[c]!, width0(cell));
    });
  });
  let aligned = 0;
  for (let c = 0; c < numCols; c++) {
    if (c > 0 && (maxW[c]! > 0 || count[c]! > 0)) aligned++;
    aligned += maxW[c]!;
  }
  const avail = Math.max(lineWidth - indent.length * tabWidth, 1);
  if (aligned > avail) return rows.map((cells) => cells.filter((c) => c !== '').join(' '));
  // needsPad[c]: some later column has cells in more than one row.
  const needsPad = new Array<boolean>(numCols).fill(false);
  for (let c = numCols - 2, later = false; c >= 0; c--) {
    if (count[c + 1]! > 1) later = true;
    needsPad[c] = later;
  }
  return rows.map((cells, r) => {
    const last = lasts[r]!;
    let text = '';
    let first = true;
    for (let c = 0; c < cells.length && c <= last; c++) {
      if (maxW[c] === 0 && count[c] === 0) continue;
      if (!first) text += ' ';
      first = false;
      const cell = cells[c]!;
      text += cell;
      if (c === last || !needsPad[c]) continue;
      text += ' '.repeat(Math.max(0, maxW[c]! - width0(cell)));
    }
    return text;
  });
}

/**
 * Pads the cells of a run as cue's pre-v2 printer does through Go's text/tabwriter (padding 1,
 * empty columns discarded): every cell but a row's last is a column cell, and a column's width
 * is set by each block of contiguous rows that have a cell in it, not by the whole run
 * (`a: 8 @go(A)` and `bbb: 10 @go(B)` pad their values apart when a row `bb: 9` between them
 * ends after its value). No line width limit.
 */
function alignTabwriter(rows: string[][]): string[] {
  const out = rows.map(() => '');
  // Lays out column `col` (and, within each of its blocks, the columns right of it) for rows
  // [from, to): every one of them has cells before `col` already written to `out`.
  const format = (col: number, from: number, to: number) => {
    let r = from;
    while (r < to) {
      if (col >= rows[r]!.length - 1) {
        // No cell in this column: the rest of the row as it is.
        if (col < rows[r]!.length) out[r] += rows[r]![col];
        r++;
        continue;
      }
      let end = r;
      let width = 0;
      while (end < to && col < rows[end]!.length - 1) {
        width = Math.max(width, width0(rows[end]![col]!) + 1);
        end++;
      }
      for (let k = r; k < end; k++) out[k] += rows[k]![col]! + ' '.repeat(width - width0(rows[k]![col]!));
      format(col + 1, r, end);
      r = end;
    }
  };
  format(0, 0, rows.length);
  return out;
}

/** Display width of a cell: code points, as `cue fmt` counts runes. */
function width0(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
