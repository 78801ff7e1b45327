/**
 * Formatter behaviours that the pinned CUE's goldens (cue/format/testdata, the fmt scripts)
 * show and the fmt golden cases of our own do not cover: simplification of braced
 * single-field structs, long disjunctions, interpolations over several lines.
 */
import { describe, expect, it } from 'vitest';
import { Source } from '../src/source/index.js';
import { parseFile } from '../src/syntax/index.js';
import { formatFile } from '../src/syntax/printer.js';

function fmt(text: string, options: { simplify?: boolean } = {}): string {
  const { file, errors } = parseFile(new Source('in.cue', text));
  if (errors.length > 0) throw new Error(errors.map((e) => e.format()).join(''));
  const out = formatFile(file, options);
  const again = parseFile(new Source('out.cue', out));
  expect(formatFile(again.file, options), 'formatting is idempotent').toBe(out);
  return out;
}

describe('fmt -s: braced structs of one field', () => {
  it('collapses a braced struct of one field into the chain', () => {
    expect(fmt('x: {y: 1}\nz: {\n\tw: {\n\t\tv: 2\n\t}\n}\n', { simplify: true })).toBe('x: y: 1\nz: w: v: 2\n');
    expect(fmt('a: {\n\tb: c: {\n\t\td: 1\n\t}\n}\n', { simplify: true })).toBe('a: b: c: d: 1\n');
    // Without -s the braces stay.
    expect(fmt('x: {y: 1}\n')).toBe('x: {y: 1}\n');
  });

  it('keeps the braces of a field that owns a doc comment, also through a chain', () => {
    const src = '// doc on a\na: {\n\tb: c: {\n\t\td: 1\n\t}\n}\n\n// doc on b\na: b: {\n\tc: 2\n}\n';
    expect(fmt(src, { simplify: true })).toBe('// doc on a\na: {\n\tb: c: d: 1\n}\n\n// doc on b\na: b: {\n\tc: 2\n}\n');
  });

  it('keeps the braces when a comment or an attribute would be lost', () => {
    expect(fmt('a: { // open\n\tb: 1\n}\n', { simplify: true })).toBe('a: { // open\n\tb: 1\n}\n');
    expect(fmt('a: {\n\t// on b\n\tb: 1\n}\n', { simplify: true })).toBe('a: {\n\t// on b\n\tb: 1\n}\n');
    expect(fmt('a: {b: 1 @x()}\n', { simplify: true })).toBe('a: {b: 1 @x()}\n');
    expect(fmt('a: {b: 1, c: 2}\n', { simplify: true })).toBe('a: {b: 1, c: 2}\n');
  });

  it('a pattern label ends the chain that a doc comment documents', () => {
    expect(fmt('// doc\na: [string]: {x: 1}\n', { simplify: true })).toBe('// doc\na: [string]: x: 1\n');
  });
});

describe('lists, structs and calls over several lines', () => {
  it('keeps a blank line after the opening bracket', () => {
    expect(fmt('x: {\n\n\ty: _\n}\nl: [\n\n\t1,\n]\nc: f(\n\n\t1,\n)\n')).toBe('x: {\n\n\ty: _\n}\nl: [\n\n\t1,\n]\nc: f(\n\n\t1,\n)\n');
    expect(fmt('x: {\n\ty: _\n}\n')).toBe('x: {\n\ty: _\n}\n');
  });

  it('adds no comma after the last element when `]` followed it on its line', () => {
    const out = formatFile(parseFile(new Source('in.cue', 'a: [\n\t1,\n\t2]\nb: [\n\t1,\n\t2\n]\n')).file);
    expect(out).toBe('a: [\n\t1,\n\t2\n]\nb: [\n\t1,\n\t2,\n]\n');
  });

  it('an only element without a comma before `]` is written without commas', () => {
    expect(fmt('a: [\n\t{x: 1}]\nb: [\n\t{x: 1},\n]\n')).toBe('a: [\n\t{x: 1}\n]\nb: [\n\t{x: 1},\n]\n');
  });

  it('a comment after code inside an element becomes its line comment', () => {
    expect(fmt('[\n\tif true // inline\n\t{}]\n')).toBe('[\n\tif true {} // inline\n]\n');
    // On a line of its own it stays after the element.
    expect(fmt('[\n\tif true\n\t// own line\n\t{}]\n')).toBe('[\n\tif true {}\n\t// own line\n]\n');
  });
});

describe('fmt -s: ... moves to the end of its struct', () => {
  it('takes along the comments after it that a blank line separates from the next field', () => {
    const src = '{\n\t// c\n\t... // s\n\n\t// after\n\n\tfoo: 1\n}\n';
    expect(fmt(src, { simplify: true })).toBe('{\n\n\tfoo: 1\n\t// c\n\t... // s\n\n\t// after\n}\n');
    expect(fmt('z: {\n\t...\n\t// doc of foo\n\tfoo: 1\n\tbar: 2\n}\n', { simplify: true })).toBe('z: {\n\t// doc of foo\n\tfoo: 1\n\tbar: 2\n\t...\n}\n');
  });
});

describe('a field value written on the line after the colon', () => {
  it('stays on its own line, one level deeper', () => {
    expect(fmt('x: {\n\te:\n\ta|\n\tb| c |\n\td\n}\n')).toBe('x: {\n\te:\n\t\ta |\n\t\t\tb | c |\n\t\t\td\n}\n');
    expect(fmt('e:\n\t1\nf: a |\n\tb\n')).toBe('e:\n\t1\nf: a |\n\tb\n');
  });
});

describe('interpolations in multi-line strings', () => {
  it('balance the line breaks around the expression and indent it one level deeper', () => {
    const src = 'a: """\n\t\\(\n\t1)\n\t"""\nb: """\n\t\\(1\n\t)\n\t"""\nc: """\n\t\\(1)\n\t"""\nd: """\n\t\\(1 +\n\t2)\n\t"""\n';
    expect(fmt(src)).toBe('a: """\n\t\\(\n\t\t1\n\t)\n\t"""\nb: """\n\t\\(\n\t\t1\n\t)\n\t"""\nc: """\n\t\\(1)\n\t"""\nd: """\n\t\\(1+\n\t\t2)\n\t"""\n');
  });

  it('collapse in single-line strings', () => {
    expect(fmt('a: "\\(\n\t1 +\n\t2)"\n')).toBe('a: "\\(1+2)"\n');
  });
});

describe('parse errors', () => {
  it('an import with a bad path is an import, as cue parses it (fmt.txtar)', () => {
    const { errors } = parseFile(new Source('error.cue', 'import a.b "foo"\n\na: 2\n'));
    expect(errors.map((e) => e.format())[0]).toBe("expected 'STRING', found '.':\n    ./error.cue:1:9\n");
  });
});

describe('lists whose elements share lines', () => {
  it('keep their line breaks, as written', () => {
    expect(fmt('e: [1, 2, 3, 4,\n5, 6, 7, 8]\nf: [1, 2\n]\ng: [...\n]\nh: [1, 2,\n...]\n')).toBe('e: [1, 2, 3, 4,\n\t5, 6, 7, 8]\nf: [1, 2,\n]\ng: [...\n]\nh: [1, 2,\n\t...]\n');
    // `]` after the last element: no trailing comma, though `]` moves to its own line (a second
    // run adds it: the pinned cue fmt is not idempotent there either).
    const once = formatFile(parseFile(new Source('in.cue', 'a: [\n1, 2,\n3]\n')).file);
    expect(once).toBe('a: [\n\t1, 2,\n\t3\n]\n');
  });

  it('keep a line comment on the last element after its comma', () => {
    expect(fmt('a: [1, 2 // c\n]\nb: [1, 2, 3,\n\t4 // d\n]\n')).toBe('a: [1, 2, // c\n]\nb: [1, 2, 3,\n\t4, // d\n]\n');
  });

  it('one element per line stays so', () => {
    expect(fmt('a: [\n\t1,\n\t2,\n]\n')).toBe('a: [\n\t1,\n\t2,\n]\n');
  });
});

describe('line breaks inside expressions', () => {
  it('fields written on one line inside braces stay on it', () => {
    expect(fmt('e: {\n\ta: 1, b: 2,\n\tc: 3\n}\n')).toBe('e: {\n\ta: 1, b: 2\n\tc: 3\n}\n');
    // A comment keeps one field per line.
    expect(fmt('e: {\n\ta: 1, b: 2 // c\n}\n')).toBe('e: {\n\ta: 1\n\tb: 2 // c\n}\n');
  });

  it('a break after `.` or `[` stays, one level deeper', () => {
    expect(fmt('d: a.\n"foo-bar"\ne: a.\n"foo-bar".\nb\ni: bar[\n"baz"\n]\nj: bar[foo[\n"baz"\n]]\n')).toBe(
      'd: a.\n\t"foo-bar"\ne: a.\n\t"foo-bar".\n\tb\ni: bar[\n\t"baz"]\nj: bar[foo[\n\t\t"baz"]]\n',
    );
  });
});
