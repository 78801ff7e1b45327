/**
 * An append-only text buffer for large outputs (export of a whole configuration): pieces are
 * written as UTF-8 into one growing byte array and decoded once at the end. Appending small
 * strings with `+=` or collecting them for `join` keeps every piece alive until the end, and
 * those long-lived little strings are what the garbage collector spends its time copying.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One scratch array shared by every buffer in turn (export is synchronous): small exports allocate nothing. */
let scratch: Uint8Array | null = null;

export class TextBuffer {
  private bytes: Uint8Array;
  private n = 0;

  constructor() {
    this.bytes = scratch ?? new Uint8Array(1 << 14);
    scratch = null;
  }

  /** Appends s (ASCII is copied byte by byte; anything else goes through TextEncoder). */
  write(s: string): void {
    const len = s.length;
    if (this.n + len * 3 > this.bytes.length) this.grow(len * 3);
    const b = this.bytes;
    let n = this.n;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        n += encoder.encodeInto(s.slice(i), b.subarray(n)).written;
        break;
      }
      b[n++] = c;
    }
    this.n = n;
  }

  private grow(need: number): void {
    let size = this.bytes.length * 2;
    while (size < this.n + need) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.bytes.subarray(0, this.n));
    this.bytes = b;
  }

  /** The text; the buffer is done with (its bytes go back to be reused, unless they grew large). */
  toString(): string {
    const text = decoder.decode(this.bytes.subarray(0, this.n));
    if (this.bytes.length <= 1 << 20) scratch = this.bytes;
    this.bytes = new Uint8Array(0);
    this.n = 0;
    return text;
  }
}
