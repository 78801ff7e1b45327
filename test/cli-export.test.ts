/** `cue-lite export` in-process through main(argv, io), on files in a temporary directory. */
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner, fileWriter, useTempDir } from './helpers/cli-sandbox.js';

let dir: string;
useTempDir('cue-lite-export-', (d) => (dir = d));
const run = cliRunner('export', () => dir);
const write = fileWriter(() => dir);

describe('cue-lite export', () => {
  it('prints JSON by default, several files of one package unified, defaults taken', async () => {
    write('a.cue', 'package app\nreplicas: *1 | int\nname: string\n');
    write('b.cue', 'package app\nname: "web"\n');
    const r = await run(['a.cue', 'b.cue']);
    expect(r).toEqual({ code: 0, stdout: '{\n    "replicas": 1,\n    "name": "web"\n}\n', stderr: '' });
  });

  it('without arguments uses the .cue files of the working directory, skipping . and _ files', async () => {
    write('a.cue', 'package p\na: 1\n');
    write('_b.cue', 'package p\na: 2\n');
    write('.c.cue', 'package p\na: 3\n');
    write('x_tool.cue', 'package p\na: 4\n');
    write('data.json', '{"a": 5}');
    expect((await run([])).stdout).toBe('{\n    "a": 1\n}\n');
  });

  it('names the . and _ files it left out when a directory has no other CUE file', async () => {
    write('.foo.cue', 'package foo\na: 42\n');
    write('_bar.cue', 'package foo\na: 42\n');
    expect(await run([])).toEqual({
      code: 1,
      stdout: '',
      stderr: "build constraints exclude all CUE files in .:\n    .foo.cue: filename starts with a '.'\n    _bar.cue: filename starts with a '_'\n",
    });
  });

  it('leaves out files with no package clause when loading a directory, as cue does', async () => {
    write('a.cue', 'a: 1\n');
    expect(await run([])).toEqual({ code: 1, stdout: '', stderr: 'build constraints exclude all CUE files in .:\n    ./a.cue: no package name\n' });
    expect((await run(['a.cue'])).stdout).toBe('{\n    "a": 1\n}\n');
  });

  it('reads a directory argument and names its files relative to the working directory', async () => {
    write('cfg/a.cue', 'package cfg\na: 1\n');
    write('cfg/b.cue', 'package cfg\na: 2\n');
    const r = await run(['cfg']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('a: conflicting values 2 and 1:\n    ./cfg/a.cue:2:4\n    ./cfg/b.cue:2:4\n');
  });

  it('unifies JSON and YAML data files at the root, with their positions in errors', async () => {
    write('s.cue', 'port: int & <100\nname: string\n');
    write('d.json', '{"name": "x"}');
    write('e.yaml', 'port: 8080\n');
    const r = await run(['s.cue', 'd.json', 'e.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('port: invalid value 8080 (out of bound <100):');
    expect(r.stderr).toContain('./e.yaml:1:7');
    write('e.yaml', 'port: 80\n');
    expect((await run(['s.cue', 'd.json', 'e.yaml'])).stdout).toBe('{\n    "port": 80,\n    "name": "x"\n}\n');
  });

  it('unifies the documents of a multi-document YAML file, keeping line numbers', async () => {
    write('d.yaml', 'a: 1\n---\nb: 2\n---\na: 3\n');
    const r = await run(['d.yaml']);
    expect(r.stderr).toBe('a: conflicting values 3 and 1:\n    ./d.yaml:1:4\n    ./d.yaml:5:4\n');
    write('d.yaml', '# head\n---\na: 1\n---\nb: 2\n');
    expect((await run(['d.yaml'])).stdout).toBe('{\n    "a": 1,\n    "b": 2\n}\n');
  });

  it('reads - as CUE from standard input', async () => {
    const r = await run(['-'], 'x: 1 + 2\n');
    expect(r).toEqual({ code: 0, stdout: '{\n    "x": 3\n}\n', stderr: '' });
    const bad = await run(['-'], 'x: int\n');
    expect(bad.stderr).toBe('x: incomplete value int:\n    -:1:4\n');
  });

  it('prints YAML and text', async () => {
    write('a.cue', 'a: {b: [1, 2]}\nmsg: "hello\\nworld"\n');
    expect((await run(['a.cue', '--out', 'yaml', '-e', 'a'])).stdout).toMatch(/^b:\n\s*- 1\n\s*- 2\n$/);
    expect((await run(['a.cue', '--out=text', '-e', 'msg'])).stdout).toBe('hello\nworld\n');
  });

  it('takes format qualifiers as cue does: json+compact, yaml+indentSequences=false, cue+compact', async () => {
    // The inputs and outputs of the pinned CUE's cmd/cue/cmd/testdata/script/export_compact and
    // export_yaml_indentseq scripts.
    write('c.cue', '// the a field\na: 1\nb: {x: 1, y: 2, zw: 3}\nlist: [1, 2, 3]\n');
    expect((await run(['c.cue', '--out', 'json+compact'])).stdout).toBe('{"a":1,"b":{"x":1,"y":2,"zw":3},"list":[1,2,3]}\n');
    expect((await run(['c.cue', '--out', 'json+compact=false'])).stdout).toBe((await run(['c.cue', '--out', 'json'])).stdout);
    expect((await run(['c.cue', '--out', 'cue+compact'])).stdout).toBe('a: 1, b: {x: 1, y: 2, zw: 3}, list: [1, 2, 3]\n');
    write('s.cue', 'seq: [1, 2, 3]\nnested: list: [{a: 1}, {b: 2}]\n');
    const indented = 'seq:\n  - 1\n  - 2\n  - 3\nnested:\n  list:\n    - a: 1\n    - b: 2\n';
    expect((await run(['s.cue', '--out', 'yaml'])).stdout).toBe(indented);
    expect((await run(['s.cue', '--out', 'yaml+indentSequences'])).stdout).toBe(indented);
    expect((await run(['s.cue', '--out', 'yaml+indentSequences=false'])).stdout).toBe('seq:\n- 1\n- 2\n- 3\nnested:\n  list:\n  - a: 1\n  - b: 2\n');
    const bad = await run(['s.cue', '--out', 'yaml+compact']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('field "compact" not allowed');
    expect((await run(['s.cue', '--out', 'xml'])).stderr).toContain('unsupported output format "xml"');
  });

  it('-p NAME gives CUE output a package clause; data merged into another package clashes unless --force (export_cue)', async () => {
    write('x.json', '{"x": 5}');
    write('y.json', '{"y": 4}');
    write('other.cue', 'package other\n\nx: 5\ny: 4\n');
    const want = { code: 0, stdout: 'package blah\n\nx: 5\ny: 4\n', stderr: '' };
    expect(await run(['--out', 'cue', '-p', 'blah', 'x.json', 'y.json'])).toEqual(want);
    expect(await run(['--out', 'cue', '-p', 'blah', 'other.cue', 'x.json', 'y.json'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '"package" flag clashes with existing package name (blah vs other)\n',
    });
    expect(await run(['--out', 'cue', '-p', 'blah', 'other.cue', 'x.json', 'y.json', '--force'])).toEqual(want);
    // Nothing to merge: the package is renamed.
    expect(await run(['--out', 'cue', '-p', 'blah', 'other.cue'])).toEqual(want);
    // JSON has no package.
    expect((await run(['-p', 'blah', 'x.json'])).stdout).toBe('{\n    "x": 5\n}\n');
  });

  it('--escape escapes <, > and & in JSON strings and keys, as Go encoding/json does', async () => {
    write('h.cue', 'simple: "hello"\nspecialJSON: #"\\ ""#\nspecialHTML: "& < >"\n"<k>": 1\n');
    expect((await run(['h.cue'])).stdout).toBe('{\n    "simple": "hello",\n    "specialJSON": "\\\\ \\"",\n    "specialHTML": "& < >",\n    "<k>": 1\n}\n');
    const esc = await run(['h.cue', '--escape', '--out', 'json+compact']);
    expect(esc.stdout).toBe('{"simple":"hello","specialJSON":"\\\\ \\"","specialHTML":"\\u0026 \\u003c \\u003e","\\u003ck\\u003e":1}\n');
    // Other formats are left alone.
    expect((await run(['h.cue', '--escape', '--out', 'text', '-e', 'specialHTML'])).stdout).toBe('& < >\n');
  });

  it('--out text refuses a value that is not a string', async () => {
    write('a.cue', 'n: 3\ns: {x: 1}\n');
    const r = await run(['a.cue', '--out', 'text', '-e', 'n']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'n: cannot use value 3 (type int) as string\n' });
    expect((await run(['a.cue', '--out', 'text'])).stderr).toBe('cannot use value {n:3,s:{x:1}} (type struct) as string\n');
  });

  it('prints one value per -e, in order (YAML documents separated by ---)', async () => {
    write('a.cue', 'a: {x: 1}\nb: "hi"\nc: [a.x, 2]\n');
    expect((await run(['a.cue', '-e', 'b', '-e', 'a.x'])).stdout).toBe('"hi"\n1\n');
    expect((await run(['a.cue', '-e', 'a', '-e', 'b', '--out', 'yaml'])).stdout).toBe('x: 1\n---\nhi\n');
    expect((await run(['a.cue', '-e', 'c[0] + 10'])).stdout).toBe('11\n');
    expect((await run(['a.cue', '-e', 'strings.ToUpper(b)'])).stdout).toBe('"HI"\n');
  });

  it('stops at the first failing -e, as cue export does (its error unheaded)', async () => {
    write('a.cue', 'a: 1\nb: int\nc: 2\nd: string\n');
    const r = await run(['a.cue', '-e', 'a', '-e', 'b', '-e', 'c', '-e', 'd']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('1\n');
    expect(r.stderr).toBe('b: incomplete value int:\n    ./a.cue:2:4\n');
  });

  it('reports expression errors at --expression positions', async () => {
    write('a.cue', 'a: 1\n');
    expect((await run(['a.cue', '-e', 'a + nope'])).stderr).toBe('reference "nope" not found:\n    --expression:1:5\n');
    expect((await run(['a.cue', '-e', 'a +'])).stderr).toBe("expected operand, found 'EOF':\n    --expression:1:4\n");
    expect((await run(['a.cue', '-e', 'a: 2'])).code).toBe(1);
  });

  it('reports a syntax error once, not under every -e', async () => {
    write('a.cue', 'a: 1\nb: {\n');
    const r = await run(['a.cue', '-e', 'a', '-e', 'b']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^expected [^\n]*:\n {4}\.\/a\.cue:\d+:\d+\n$/);
  });

  it('requires concrete values', async () => {
    write('a.cue', 'a: int\nb: "x" | "y"\n');
    const r = await run(['a.cue']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a: incomplete value int');
    expect(r.stderr).toContain('b: incomplete value "x" | "y"');
  });

  it('fills @tag attributes from -t and rejects unknown tags', async () => {
    write('a.cue', 'env: *"dev" | string @tag(env)\nreplicas: int @tag(n,type=int)\n');
    expect((await run(['a.cue', '-t', 'env=prod', '-t', 'n=3'])).stdout).toBe('{\n    "env": "prod",\n    "replicas": 3\n}\n');
    const r = await run(['a.cue', '-t', 'n=1', '-t', 'x=1']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'no tag for "x"\n' });
    // A tag without `=` is a short tag (for @if and @tag(x, short=...)), as in cue.
    expect((await run(['a.cue', '-t', 'noequals'])).stderr).toBe('tag "noequals" not used in any file\n');
  });

  it('-T injects tag variables where no -t sets the tag; an unknown variable is an error', async () => {
    write('v.cue', 'dir: string @tag(dir,var=cwd)\nos: string @tag(os,var=os)\nn: int @tag(n,var=rand,type=int)\n');
    const r = await run(['v.cue', '-T']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { dir: string; os: string; n: number };
    expect(out.dir).toBe(dir);
    expect(out.os).toBe(process.platform === 'win32' ? 'windows' : process.platform);
    expect(typeof out.n).toBe('number');
    // -t wins over the variable; without -T the tags stay unset.
    expect(JSON.parse((await run(['v.cue', '-T', '-t', 'dir=xxx'])).stdout).dir).toBe('xxx');
    expect((await run(['v.cue'])).stderr).toMatch(/^dir: incomplete value string/);
    write('bad.cue', 'dir: string @tag(dir,var=userz)\n');
    expect(await run(['bad.cue', '-T'])).toEqual({ code: 1, stdout: '', stderr: "tag variable 'userz' not found\n" });
  });

  it('names where @tag may not stand: a field constraint, a list, a comprehension (injecterr.txtar)', async () => {
    write('t.cue', 'env: string @tag(env)\nopt?: string @tag(env)\nbulk: [string]: foo: string @tag(env)\na: [{x: string @tag(env)}]\nfor _ in [1] {b: string @tag(env)}\n');
    const r = await run(['t.cue', '-t', 'env=prod']);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/^@tag not allowed within .*:$/gm)).toEqual([
      '@tag not allowed within field constraint:',
      '@tag not allowed within field constraint:',
      '@tag not allowed within lists:',
      '@tag not allowed within comprehension:',
    ]);
  });

  it('a directory holding several packages is the one named as the directory; two packages given as files are an error', async () => {
    write('cue.mod/module.cue', 'module: "mod.com"\nlanguage: version: "v0.9.0"\n');
    write('x/x.cue', 'package x\nx: 5\n');
    write('x/y.cue', 'package y\ny: 5\n');
    expect((await run(['./x'])).stdout).toBe('{\n    "x": 5\n}\n');
    // A wildcard meets both packages: that is an error.
    expect((await run(['./...'])).stderr).toBe('found packages "x" (x.cue) and "y" (y.cue) in "x"\n');
    expect((await run(['x/x.cue', 'x/y.cue'])).stderr).toBe('found packages "x" (x.cue) and "y" (y.cue) in "x"\n');
  });

  it('reports every missing, unreadable or unknown input in one line each', async () => {
    write('x.xml', '<a/>');
    const unreadable = write('u.cue', 'a: 1\n');
    chmodSync(unreadable, 0o000);
    const r = await run(['nope.cue', 'x.xml', 'u.cue', 'README', 'foo.bar']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('could not find file or directory: nope.cue');
    expect(lines[1]).toBe('unknown file extension .xml');
    // root can read anything: the permission check only holds for ordinary users.
    if (process.getuid?.() !== 0) expect(lines).toContain('cannot read u.cue: permission denied');
    // A bare name is an import path to cue, and one without a dot a standard library one.
    expect(lines).toContain('standard library import path "README" cannot be imported as a CUE package');
    // The file type comes from the name before the file is looked for.
    expect(lines).toContain('unknown file extension .bar');
  });

  it('reports malformed JSON and YAML with the file position', async () => {
    write('bad.json', '{"a": ');
    write('bad.yaml', 'a: [\n');
    const j = await run(['bad.json']);
    expect(j.code).toBe(1);
    expect(j.stderr).toMatch(/^invalid JSON: .*:\n {4}\.\/bad\.json:\d+:\d+\n$/);
    const y = await run(['bad.yaml']);
    expect(y.stderr).toMatch(/^invalid YAML: .*:\n {4}\.\/bad\.yaml:\d+:\d+\n$/);
  });

  it('reports an empty directory and unknown flags', async () => {
    mkdirSync(path.join(dir, 'empty'));
    expect((await run(['empty'])).stderr).toBe('no CUE files in empty\n');
    expect(await run(['--bogus'])).toEqual({ code: 1, stdout: '', stderr: 'Error: unknown flag: --bogus\n' });
    expect((await run(['--out', 'toml'])).stderr).toBe('Error: unsupported output format "toml" (json, yaml, text or cue)\n');
    expect((await run(['-e'])).stderr).toBe("Error: flag needs an argument: 'e' in -e\n");
  });

  it('-o writes the file atomically, refuses to overwrite without --force, writes nothing on error', async () => {
    write('a.cue', 'a: 1\n');
    expect(await run(['a.cue', '-o', 'out.json'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(path.join(dir, 'out.json'), 'utf8')).toBe('{\n    "a": 1\n}\n');
    const again = await run(['a.cue', '-o', 'out.json']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('error writing "out.json": file already exists (use --force to overwrite)\n');
    write('a.cue', 'a: 2\n');
    expect((await run(['a.cue', '-o', 'out.json', '--force'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'out.json'), 'utf8')).toBe('{\n    "a": 2\n}\n');
    // The extension chooses the format when --out is not given.
    expect((await run(['a.cue', '-o', 'out.yaml'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'out.yaml'), 'utf8')).toBe('a: 2\n');
    // An error writes nothing, and leaves no temporary file.
    write('b.cue', 'b: int\n');
    const bad = await run(['b.cue', '-o', 'b.json']);
    expect(bad.code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['a.cue', 'b.cue', 'out.json', 'out.yaml']);
    const noDir = await run(['a.cue', '-o', 'missing/x.json']);
    expect(noDir).toEqual({ code: 1, stdout: '', stderr: 'error writing "missing/x.json": no such file or directory\n' });
  });

  it('-o through a symbolic link replaces the target and keeps the link', async () => {
    write('a.cue', 'a: 1\n');
    write('real.json', 'old');
    symlinkSync('real.json', path.join(dir, 'link.json'));
    expect((await run(['a.cue', '-o', 'link.json', '-f'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'real.json'), 'utf8')).toBe('{\n    "a": 1\n}\n');
  });

  it('--help lists the flags', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const f of ['-e, --expression', '--out', '-o, --outfile', '-f, --force', '-t, --inject', '-h, --help']) expect(r.stdout).toContain(f);
  });
});

describe('cue-lite export: -l and -p with CUE only (export_cue)', () => {
  it('-l places the value at the path; -p names the package, loading the directory\'s only one', async () => {
    write('sub/path.cue', 'package before\n\n#X: string | int\n\nfoo: [string]: #X\n\nfoo: a: "a"\nfoo: b: 1\n');
    expect(await run(['--out', 'cue', '-p', 'after', '-l', 'newpath:', './sub'])).toEqual({ code: 0, stdout: 'package after\n\nnewpath: foo: {\n\ta: "a"\n\tb: 1\n}\n', stderr: '' });
    expect((await run(['-l', 'x:', '-l', 'y:', './sub'])).stdout).toBe('{\n    "x": {\n        "y": {\n            "foo": {\n                "a": "a",\n                "b": 1\n            }\n        }\n    }\n}\n');
  });

  it('-p still chooses among several packages of a directory', async () => {
    write('two/a.cue', 'package a\n\nx: 1\n');
    write('two/b.cue', 'package b\n\nx: 2\n');
    expect((await run(['-p', 'b', './two'])).stdout).toBe('{\n    "x": 2\n}\n');
  });
});
