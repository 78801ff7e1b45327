import type { Source } from './source.js';

/** A range of a source: offsets into `src.text`, end exclusive. Line and column are computed when printed. */
export interface Span {
  readonly src: Source;
  readonly start: number;
  readonly end: number;
}

export function makeSpan(src: Source, start: number, end: number): Span {
  return { src, start, end };
}

/** `./file.cue:7:3` as CUE prints it: relative names get a `./` prefix. */
export function formatPosition(span: Span): string {
  const { line, column } = span.src.position(span.start);
  return `${displayName(span.src.name)}:${line}:${column}`;
}

export function displayName(name: string): string {
  // A virtual path (`cue-lite:definitions/components/webservice.cue`, a built-in definition)
  // is printed as it is: it names no file of the working directory.
  if (/^[a-z][a-z0-9-]+:/.test(name)) return name;
  if (name.startsWith('/') || name.startsWith('./') || name.startsWith('../') || name.startsWith('--') || name === '-') return name;
  return './' + name;
}

/** Order spans by file name, then offset. */
export function compareSpans(a: Span, b: Span): number {
  if (a.src !== b.src) return a.src.name < b.src.name ? -1 : a.src.name > b.src.name ? 1 : 0;
  return a.start - b.start;
}
