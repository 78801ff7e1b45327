/**
 * An append-only text buffer for large outputs (export of a whole configuration).
 *
 * Pieces are appended to a short string (V8 joins them lazily, as a tree of pieces); every 8 KiB
 * that tree is flattened into one plain string and set aside, and the chunks are joined at the
 * end. Keeping every little piece alive until a final `join` (or a `+=` tree over the whole
 * output) is what makes the garbage collector copy hundreds of thousands of small strings;
 * here only the chunks live long. Small outputs never leave the first chunk.
 */
const CHUNK = 8192;

export class TextBuffer {
  private chunk = '';
  private readonly chunks: string[] = [];

  write(s: string): void {
    this.chunk += s;
    if (this.chunk.length > CHUNK) {
      // Reading a character flattens the string (V8 copies the pieces into one string).
      this.chunk.charCodeAt(0);
      this.chunks.push(this.chunk);
      this.chunk = '';
    }
  }

  toString(): string {
    if (this.chunks.length === 0) return this.chunk;
    this.chunks.push(this.chunk);
    const text = this.chunks.join('');
    this.chunks.length = 0;
    this.chunk = '';
    return text;
  }
}
