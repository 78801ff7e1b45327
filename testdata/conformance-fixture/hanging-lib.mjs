// A stand-in for cue-lite's library whose evaluation never ends: test/conformance.test.ts
// checks that the runner's worker pool kills an archive at the time limit and goes on.
export class Source {
  constructor(name, text) {
    this.name = name;
    this.text = text;
  }
}
export function parseFile(src) {
  return { file: { type: 'File', span: { src, start: 0, end: 0 }, attrs: [], imports: [], decls: [] }, errors: [] };
}
export class Context {
  compile() {
    for (;;);
  }
}
