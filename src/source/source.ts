/**
 * A source file: its display name and text. Line starts are computed lazily,
 * the first time a position in the file is printed, so that parsing pays nothing for them.
 */
export class Source {
  private lineStarts: number[] | undefined;

  constructor(
    /** The name as given by the user (a path, `-` for stdin, `--expression`). */
    readonly name: string,
    readonly text: string,
  ) {}

  /** 1-based line and column of an offset. Columns count UTF-8 bytes, as CUE's do. */
  position(offset: number): { line: number; column: number } {
    const starts = this.getLineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo]!;
    return { line: lo + 1, column: utf8Length(this.text, lineStart, offset) + 1 };
  }

  private getLineStarts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const t = this.text;
    // As Go's token.File: a line starting at the end of the text does not exist, so the end of
    // a file that ends with a newline is on its last line (`a: {` newline: EOF at 1:6).
    for (let i = 0; i < t.length - 1; i++) if (t.charCodeAt(i) === 10) starts.push(i + 1);
    this.lineStarts = starts;
    return starts;
  }
}

function utf8Length(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
