/**
 * `cue-lite def` laid out as the pinned cue's exporter prints it (its def_* scripts): comments,
 * blank lines, imports, and `-e` of a definition.
 */
import { describe, expect, it } from 'vitest';
import { cliRunner, fileWriter, useTempDir } from './helpers/cli-sandbox.js';

let dir: string;
useTempDir('cue-lite-def-', (d) => (dir = d));
const cli = cliRunner(undefined, () => dir);
const write = fileWriter(() => dir);

describe('cue-lite def layout', () => {
  it('drops line comments and blank lines, keeps doc comments (def_basic, def_issue2251)', async () => {
    write('a.cue', '#A: {\n\t// doc of a\n\ta: int\n\tb: { c: int } // gone\n}\n\nx: 1\n\n\ny: 2\n');
    expect(await cli(['def', 'a.cue'])).toEqual({ code: 0, stdout: '#A: {\n\t// doc of a\n\ta: int\n\tb: c: int\n}\nx: 1\ny: 2\n', stderr: '' });
  });

  it('keeps the file comments before the first declaration, drops detached ones later (def_comments)', async () => {
    write('c.cue', '// file\n\n// doc of d\nd:   1\n\n// detached\n\ndi:  1\n');
    expect((await cli(['def', 'c.cue'])).stdout).toBe('// file\n\n// doc of d\nd:  1\ndi: 1\n');
  });

  it('a documented field after another starts a section; imports print as one block (def_inline)', async () => {
    write('i.cue', 'import "list"\nimport "strings"\n\nv: strings.ToUpper("x")\n// doc\nrun: list.Comparer\n');
    expect((await cli(['def', 'i.cue'])).stdout).toBe('import (\n\t"list"\n\t"strings"\n)\n\nv: strings.ToUpper("x")\n\n// doc\nrun: list.Comparer\n');
  });

  it('a doc comment above a field chain documents its last field (def_comments fieldchain)', async () => {
    write('f.cue', '// doc on command\ncommand: help: {\n\tx: 1\n\ty: 2\n}\n');
    expect((await cli(['def', 'f.cue'])).stdout).toBe('command: {\n\t// doc on command\n\thelp: {\n\t\tx: 1\n\t\ty: 2\n\t}\n}\n');
  });

  it('-e of a definition wraps it as _#def, simplified (def_issue4350)', async () => {
    write('s.cue', '#Schema: {\n\ta?: string\n\tb?: b2?: string\n}\nplain: {x: {y: 1}}\n');
    expect((await cli(['def', '-e', '#Schema', 's.cue'])).stdout).toBe('_#def\n_#def: {\n\ta?: string\n\tb?: b2?: string\n}\n');
    expect((await cli(['def', '-e', 'plain', 's.cue'])).stdout).toBe('x: y: 1\n');
  });

  it('--out cue is the default; cue+compact prints one line without comments (export_compact)', async () => {
    write('c.cue', '// the a field\na: 1\nb: {x: 1, y: 2, zw: 3}\n// doc\nlist: [1, 2, 3] // trailing\n');
    const plain = await cli(['def', 'c.cue']);
    expect(await cli(['def', '--out', 'cue', 'c.cue'])).toEqual(plain);
    expect(plain.stdout).toBe('// the a field\na: 1\nb: {\n\tx:  1\n\ty:  2\n\tzw: 3\n}\n\n// doc\nlist: [1, 2, 3]\n');
    expect(await cli(['def', '--out', 'cue+compact', 'c.cue'])).toEqual({ code: 0, stdout: 'a: 1, b: {x: 1, y: 2, zw: 3}, list: [1, 2, 3]\n', stderr: '' });
    expect((await cli(['def', '--out', 'json', 'c.cue'])).stderr).toBe('Error: unsupported output format "json" (only cue)\n');
  });

  it('-d with CUE files only is an error (def_issue4350)', async () => {
    write('s.cue', '#Schema: {a?: string}\n');
    expect(await cli(['def', '-d', '#Schema', 's.cue'])).toEqual({ code: 1, stdout: '', stderr: '-d/--schema flag requires non-CUE input files\n' });
  });
});

describe('cue-lite def: the instance merged as cue exports it', () => {
  // The layout of def_comments.txtar's two-file goldens: comments before the package clause and
  // a file's groups without one first, package docs joined by `//`, the clause's line comment,
  // groups after the clause, then each field once with its docs joined.
  const one = '// one: file\n\n// one: pkg doc\npackage t // one: pkg line\n\n// one: after pkg\n\n// one: x doc\nx: 1\n\n// one: detached\n\ny: 1\n';
  const two = '// two: doc\n\n// two: file 1\n\n// two: file 2\n\n// two: x doc\nx: 1\ny: 1\nz: 2\n';

  it('merges a field declared in several files into one, docs joined (def_comments 1_2 and 2_1)', async () => {
    write('1.cue', one);
    write('2.cue', two);
    const want =
      '// one: file\n\n// two: file 1\n\n// two: file 2\n\n// one: pkg doc\n//\n// two: doc\npackage t // one: pkg line\n\n// one: after pkg\n\n' +
      '// one: x doc\n//\n// two: x doc\nx: 1\ny: 1\nz: 2\n';
    expect(await cli(['def', '1.cue', '2.cue'])).toEqual({ code: 0, stdout: want, stderr: '' });
    // Files are taken in cue's order (by name), whatever the arguments' order.
    expect((await cli(['def', '2.cue', '1.cue'])).stdout).toBe(want);
  });

  it('without a package clause the docs come first; -p puts them above the clause (def_comments 2_4, 2_4-pkg)', async () => {
    write('2.cue', two);
    write('4.cue', two.replace(/two/g, 'four'));
    const fields = '// two: x doc\n//\n// four: x doc\nx: 1\ny: 1\nz: 2\n';
    expect((await cli(['def', '2.cue', '4.cue'])).stdout).toBe('// two: doc\n//\n// four: doc\n\n// two: file 1\n\n// two: file 2\n\n// four: file 1\n\n// four: file 2\n\n' + fields);
    expect((await cli(['def', '2.cue', '4.cue', '-p', 't'])).stdout).toBe('// two: file 1\n\n// two: file 2\n\n// four: file 1\n\n// four: file 2\n\n// two: doc\n//\n// four: doc\npackage t\n\n' + fields);
  });

  it('merges struct literals of one value, keeps references and embeds values beside them (def_package)', async () => {
    write('m.cue', '#Def: int\nx: #Def & 5\na: {p: 1}\nb: {q: string}\na: {p: 1, r: 2} & b\nc: >=1 & <=10 & int\n');
    // Values are unified and printed as evaluated (`uint & >=1 & <=10`, as cue v0.4.3's def prints it too).
    expect((await cli(['def', 'm.cue'])).stdout).toBe('#Def: int\nx:    #Def & {5}\na: b & {\n\tp: 1\n\tr: 2\n}\nb: q: string\nc: uint & >=1 & <=10\n');
  });

  it('data files merge into the fields they fill, with no package clause (eval_datapkg)', async () => {
    write('cue.mod/module.cue', 'module: "mod.test/config"\nlanguage: version: "v0.9.0"\n');
    write('components/widget.cue', 'package widget\n\n#Widget: {\n\tmodel: string\n\texplicit: "literal string"\n}\n');
    write('config.cue', 'package config\n\nimport (\n\t"mod.test/config/components:widget"\n)\n\nw: widget.#Widget\n');
    write('instance.json', '{"w": {"model": "retroencabulator"}}\n');
    expect(await cli(['def', '.', 'instance.json'])).toEqual({ code: 0, stdout: 'import "mod.test/config/components:widget"\n\nw: widget.#Widget & {model: "retroencabulator"}\n', stderr: '' });
  });

  it('-e prints the value as written, a reference used once inlined (def_package self_contained)', async () => {
    write('x.cue', '#Def: int\nx:    #Def & 5\n');
    expect((await cli(['def', '-p', 'blah', '-e', 'x', 'x.cue'])).stdout).toBe('package blah\n\nint & {5}\n');
    // An expression in error is reported, not printed as `_|_`.
    expect(await cli(['def', '-e', 'nope', 'x.cue'])).toEqual({ code: 1, stdout: '', stderr: 'reference "nope" not found:\n    --expression:1:1\n' });
  });

  it('-e makes the value self-contained: other references name lets after it (self.go)', async () => {
    write('y.cue', 'import "strings"\n\ny: strings.ToUpper(z)\nz: string\n#L: {next?: #L}\nl: #L & {}\n');
    const y = await cli(['def', '-e', 'y', 'y.cue']);
    // z is not concrete and sits in an expression (a call's argument): not inlined.
    expect(y.stdout).toBe('import "strings"\n\nstrings.ToUpper(Z)\n\n//cue:path: z\nlet Z = string\n');
    // A definition of a struct stays a definition inside its let (`L.#x`), so it may refer to
    // itself; the closed value is wrapped as `_#def` (def_issue3476's form).
    expect((await cli(['def', '-e', 'l', 'y.cue'])).stdout).toBe('_#def\n_#def: L.#x\n\n//cue:path: #L\nlet L = {#x: next?: #x}\n');
  });
});

describe('cue-lite def --inline-imports', () => {
  const mod = () => {
    write('cue.mod/module.cue', 'module: "mod.test/a"\nlanguage: version: "v0.9.0"\n');
    write('pkg/pkg.cue', 'package pkg\n\nv: { x: 3, y: x }\nregion: {"us-east-1": "ue1"}\nm: region\n');
  };

  it('without the flag keeps the imports; with it inlines what is used once, never core packages (def_inline)', async () => {
    mod();
    write('in.cue', 'package a\n\nimport "mod.test/a/pkg"\nimport "list"\n\nv: pkg.v\n\n// Core packages stay.\nrun: list.Comparer\n');
    expect((await cli(['def'])).stdout).toBe('package a\n\nimport (\n\t"mod.test/a/pkg"\n\t"list"\n)\n\nv: pkg.v\n\n// Core packages stay.\nrun: list.Comparer\n');
    expect((await cli(['def', '--inline-imports'])).stdout).toBe('package a\n\nimport "list"\n\nv: {\n\tx: 3\n\ty: x\n}\n\n// Core packages stay.\nrun: list.Comparer\n');
  });

  it('a reference inside an expression names a let of the package, and the result evaluates the same (def_issue3646)', async () => {
    mod();
    write('p1/p1.cue', 'package p1\n\nimport "mod.test/a/pkg"\n\nr: "us-east-1"\nshort: pkg.m[r]\n');
    const d = await cli(['def', '--inline-imports', './p1']);
    expect(d.stdout).toBe('package p1\n\nr:     "us-east-1"\nshort: PKG.m[r]\n\n//cue:path: "mod.test/a/pkg"\nlet PKG = {\n\tv: {\n\t\tx: 3\n\t\ty: x\n\t}\n\tregion: "us-east-1": "ue1"\n\tm: region\n}\n');
    expect((await cli(['export', '-'], d.stdout)).stdout).toBe('{\n    "r": "us-east-1",\n    "short": "ue1"\n}\n');
  });
});
