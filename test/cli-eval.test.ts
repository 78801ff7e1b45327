/** `cue-lite eval` in-process through main(argv, io), on files in a temporary directory. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner, fileWriter, useTempDir } from './helpers/cli-sandbox.js';

let dir: string;
useTempDir('cue-lite-eval-', (d) => (dir = d));
const run = cliRunner('eval', () => dir);
const write = fileWriter(() => dir);

const app = `package app
#D: {x: int}
a: *1 | int
b: string
_h: 3
c?: 4
d: a + 1
s: {t: *"x" | "y", u: #D}
`;

describe('cue-lite eval', () => {
  it('prints CUE: defaults chosen, non-concrete values and definitions shown, hidden and optional left out', async () => {
    write('a.cue', app);
    const r = await run(['a.cue']);
    expect(r).toEqual({
      code: 0,
      // A struct of one field continues its field as a chain (the pinned cue's printer).
      stdout: '#D: x: int\na: 1\nb: string\nd: 2\ns: {\n    t: "x"\n    u: x: int\n}\n',
      stderr: '',
    });
  });

  it('keeps the parentheses a non-concrete conjunction needs (a disjunction binds looser than &)', async () => {
    write('p.cue', 'c: {}\nb: c.d\na: b\na: "A" | "B"\nf: "x" | "y"\ng: b\ng: (1 | 2)\n');
    const r = await run(['p.cue']);
    expect(r.stdout).toBe('c: {}\nb: c.d\na: b & ("A" | "B")\nf: "x" | "y"\ng: b & (1 | 2)\n');
  });

  it('prints a comprehension that waits for input as written, and what it may still add as an expression (eval_incomplete issue4029)', async () => {
    write('c.cue', '#Suffix:      string\n#MaybeSuffix: ""\n\nif len(#Suffix) > 0 {\n\t#MaybeSuffix: "-\\(#Suffix)"\n}\n\nConfigMap: "\\(#MaybeSuffix)"\n');
    const r = await run(['c.cue']);
    // The pinned cue's golden (cmd/cue/cmd/testdata/script/eval_incomplete.txtar, stdout-4029).
    expect(r).toEqual({ code: 0, stdout: '#Suffix:      string\n#MaybeSuffix: ""\n\nif len(#Suffix) > 0 {\n    #MaybeSuffix: "-\\(#Suffix)"\n}\nConfigMap: "\\(#MaybeSuffix)"\n', stderr: '' });
  });

  it('-e of a value waiting for input prints it self-contained: what it refers to outside comes as lets', async () => {
    write('r.cue', 'x: int\ny: x + 1\nz: [y]\nw: {if x > 1 {big: true}, n: 1}\n');
    expect((await run(['r.cue', '-e', 'y'])).stdout).toBe('X.#x + 1\n\n//cue:path: x\nlet X = {#x: int}\n');
    expect((await run(['r.cue', '-e', 'z'])).stdout).toBe('[Y.#x]\n\n//cue:path: y\nlet Y = {#x: X.#x + 1}\n\n//cue:path: x\nlet X = {#x: int}\n');
    expect((await run(['r.cue', '-e', 'w'])).stdout).toBe('if X.#x > 1 {\n    big: true\n}\nn: 1\n\n//cue:path: x\nlet X = {#x: int}\n');
    // A reference cycle cannot be written with lets that refer to each other: an error.
    write('cyc.cue', 'a: b + 1\nb: a + 1\n');
    const c = await run(['cyc.cue', '-e', 'a']);
    expect(c.code).toBe(1);
    expect(c.stdout).toBe('');
    expect(c.stderr).toMatch(/^a: /);
  });

  it('fields of several files that no file orders come out by name, as the pinned CUE sorts them (load_pkg.txtar)', async () => {
    write('print.cue', 'files: {}\nflat: [for k, _ in files {k}]\n');
    write('root_1.cue', 'files: root_1: 0\n');
    write('root_2/child_1.cue', 'files: child_1: 0\n');
    write('root_2/child_4/grandchild_1.cue', 'files: grandchild_1: 0\n');
    write('root_3.cue', 'files: root_3: 0\n');
    const r = await run(['print.cue', 'root_3.cue', 'root_2/child_4/grandchild_1.cue', 'root_1.cue', 'root_2/child_1.cue']);
    // The struct prints by name; a comprehension over it sees the files in cue's load order.
    expect(r.stdout).toBe('files: {\n    child_1:      0\n    grandchild_1: 0\n    root_1:       0\n    root_3:       0\n}\nflat: ["root_1", "root_3", "child_1", "grandchild_1"]\n');
  });

  it('-a shows hidden and optional fields, -H and -O one each', async () => {
    write('a.cue', app);
    const all = (await run(['a.cue', '-a'])).stdout;
    expect(all).toContain('_h: 3');
    expect(all).toContain('c?: 4');
    const hidden = (await run(['a.cue', '-H'])).stdout;
    expect(hidden).toContain('_h: 3');
    expect(hidden).not.toContain('c?:');
    const optional = (await run(['a.cue', '-O'])).stdout;
    expect(optional).toContain('c?: 4');
    expect(optional).not.toContain('_h');
    expect((await run(['a.cue', '-HO'])).stdout).toBe(all);
  });

  it('-c requires concreteness', async () => {
    write('a.cue', app);
    const r = await run(['a.cue', '-c']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('b: incomplete value string:\n    ./a.cue:4:4\n');
    expect(r.stderr).toContain('s.u.x: incomplete value int');
    expect((await run(['a.cue', '-c', '-e', 'd'])).stdout).toBe('2\n');
  });

  it('prints conflicts in CUE format, with every position, and nothing on stdout', async () => {
    write('a.cue', 'a: {x: 1} & {x: 2}\nb: 1\nb: 3\n');
    const r = await run(['a.cue']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'a.x: conflicting values 2 and 1:\n    ./a.cue:1:8\n    ./a.cue:1:17\nb: conflicting values 3 and 1:\n    ./a.cue:2:4\n    ./a.cue:3:4\n',
    });
  });

  it('-e prints a struct as fields, a scalar as itself; several -e are headed by // EXPR', async () => {
    write('a.cue', app);
    expect((await run(['a.cue', '-e', 's'])).stdout).toBe('t: "x"\nu: x: int\n');
    expect((await run(['a.cue', '-e', 'a'])).stdout).toBe('1\n');
    expect((await run(['a.cue', '-e', '#D'])).stdout).toBe('x: int\n');
    expect((await run(['a.cue', '-e', '_h * 2'])).stdout).toBe('6\n');
    const r = await run(['a.cue', '-e', 'a', '-e', 'nope', '-e', 's.t']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('// a\n1\n// s.t\n"x"\n');
    expect(r.stderr).toBe('// nope\nreference "nope" not found:\n    --expression:1:1\n');
    // Headers show the expression in the canonical format, as cue does.
    expect((await run(['a.cue', '-e', 'len([1,2])', '-e', 'a'])).stdout).toBe('// len([1, 2])\n2\n// a\n1\n');
  });

  it('-e of a value that is itself an error reports it instead of printing _|_', async () => {
    write('a.cue', 'a: {x: 1}\n');
    const r = await run(['a.cue', '-e', 'a.nope']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^undefined field:? nope.*:\n {4}--expression:1:\d+\n$/);
  });

  it('-e errors inside a looked-up value keep the field path', async () => {
    write('a.cue', 'a: {x: 1} & {x: 2}\nb: 1\n');
    expect((await run(['a.cue', '-e', 'b'])).stdout).toBe('1\n');
    expect((await run(['a.cue', '-e', 'a'])).stderr).toBe('a.x: conflicting values 2 and 1:\n    ./a.cue:1:8\n    ./a.cue:1:17\n');
  });

  it('--out json and yaml behave like export', async () => {
    write('a.cue', 'a: *1 | int\nb: "x"\n');
    expect((await run(['a.cue', '--out', 'json'])).stdout).toBe('{\n    "a": 1,\n    "b": "x"\n}\n');
    expect((await run(['a.cue', '--out', 'yaml'])).stdout).toBe('a: 1\nb: x\n');
    write('b.cue', 'a: int\n');
    const r = await run(['b.cue', '--out', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a: incomplete value int');
  });

  it('fills tags, reads stdin and data files', async () => {
    write('a.cue', 'env: string @tag(env)\n');
    write('d.yaml', 'extra: true\n');
    expect((await run(['a.cue', 'd.yaml', '-t', 'env=prod'])).stdout).toBe('env:   "prod"\nextra: true\n');
    expect((await run(['a.cue', '-t', 'bad=1'])).stderr).toBe('no tag for "bad"\n');
    expect((await run(['-'], 'x: [1, 2]\n')).stdout).toBe('x: [1, 2]\n');
  });

  it('-o writes the output to a file, nothing on failure', async () => {
    write('a.cue', 'a: int\n');
    expect((await run(['a.cue', '-o', 'out.cue'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'out.cue'), 'utf8')).toBe('a: int\n');
    expect((await run(['a.cue', '-c', '-o', 'out2.cue'])).code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['a.cue', 'out.cue']);
  });

  it('reports syntax errors and usage errors', async () => {
    write('a.cue', 'a: {\n');
    const r = await run(['a.cue']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^expected .*:\n {4}\.\/a\.cue:\d+:\d+\n/);
    expect((await run(['-x'])).stderr).toBe("Error: unknown shorthand flag: 'x' in -x\n");
    expect((await run(['-c=maybe'])).code).toBe(1);
  });

  it('prints an empty struct as an empty file, with -e too (one empty line, as cue)', async () => {
    write('e.cue', 'a: {}\nb: 1\n');
    expect(await run(['e.cue', '-e', 'a'])).toEqual({ code: 0, stdout: '\n', stderr: '' });
    expect((await run(['e.cue', '-e', 'a', '-e', 'b'])).stdout).toBe('// a\n\n// b\n1\n');
  });

  it('-s simplifies the output (as cue eval -s); exported labels are already bare where they can be', async () => {
    write('q.cue', '"a-b": 1\n"c": {"d": 2, e: [1, 2]}\nf: g: h: 3\n');
    const plain = await run(['q.cue']);
    expect(plain.stdout).toBe('"a-b": 1\nc: {\n    d: 2\n    e: [1, 2]\n}\nf: g: h: 3\n');
    expect(await run(['q.cue', '-s'])).toEqual(plain);
  });

  it('lays out a list too wide for the line one element a line, with trailing commas (the pinned printer)', async () => {
    const items = Array.from({ length: 8 }, (_, i) => `"item-number-${i}"`);
    write('l.cue', `short: [1, 2]\nlong: [${items.join(', ')}]\n`);
    expect((await run(['l.cue'])).stdout).toBe(`short: [1, 2]\nlong: [\n${items.map((i) => `    ${i},\n`).join('')}]\n`);
  });

  it('reports an unused import by its path, and by the name it was given (cue/build wording)', async () => {
    write('n.cue', 'package p\n\nimport "list"\n\nout: 123\n');
    expect(await run(['n.cue'])).toEqual({ code: 1, stdout: '', stderr: 'imported and not used: "list":\n    ./n.cue:3:8\n' });
    write('r.cue', 'package p\n\nimport x "list"\n\nout: 123\n');
    expect(await run(['r.cue'])).toEqual({ code: 1, stdout: '', stderr: 'imported and not used: "list" as x:\n    ./r.cue:3:8\n' });
  });

  it('-i prints errors in place as _|_ with their message and exits 0, as cue eval -i', async () => {
    write('i.cue', 'a: 4\na: 5\nl: [1, 2]\nl: [1, 3]\nlist: [0, 1, 2]\nval: list[3]\n');
    const r = await run(['-i', 'i.cue']);
    expect(r).toEqual({
      code: 0,
      stdout:
        'a: _|_ // a: conflicting values 5 and 4\nl: [\n    1,\n    _|_, // l.1: conflicting values 3 and 2\n]\nlist: [0, 1, 2]\nval:  _|_ // val: index out of range [3] with length 3\n',
      stderr: '',
    });
    expect((await run(['i.cue'])).code).toBe(1);
  });

  it('-i prints an empty disjunction on one line as Go\'s error list does: its message, then how many follow', async () => {
    write('d.cue', 'p: [10, ...int] | [192, 168, ...] | [172, ...]\ny: p\ny: [11, 1]\n');
    const r = await run(['-i', 'd.cue']);
    expect(r.stdout).toContain('y: _|_ // y: 3 errors in empty disjunction: (and 3 more errors)\n');
    expect(r.code).toBe(0);
  });

  it('prints a list element given by a literal as written (CUE keeps an element\'s literal; a field\'s value is printed anew)', async () => {
    write('n.cue', 'q: 0x10\ne: [1_234, 5M, 1.5Gi, 0x1000_0000, "a\\u0041", #"r"#, -1, +2, 1 + 2, q, "\\(q)"]\nu: [int] & [0x5]\nv: [*0x1 | 2]\n');
    const r = await run(['n.cue']);
    expect(r.stdout).toBe('q: 16\ne: [1_234, 5M, 1.5Gi, 0x1000_0000, "a\\u0041", #"r"#, -1, 2, 3, 16, "16"]\nu: [0x5]\nv: [1]\n');
  });

  it('-c shows no definitions, hidden or optional fields, even with -a', async () => {
    write('c.cue', '#who: "World"\n_h: 1\nmessage: "Hello \\(#who)!"\nc?: 2\n');
    expect(await run(['-c', '-a', 'c.cue'])).toEqual({ code: 0, stdout: 'message: "Hello World!"\n', stderr: '' });
  });

  it('-c reports every incomplete field, those reached through a reference too, at the value, in path order', async () => {
    write('r.cue', 'labels: {component: string}\nselector: labels\nb: int\n');
    const r = await run(['-c', 'r.cue']);
    expect(r.stderr).toBe(
      'b: incomplete value int:\n    ./r.cue:3:4\nlabels.component: incomplete value string:\n    ./r.cue:1:21\nselector.component: incomplete value string:\n    ./r.cue:1:21\n',
    );
  });

  it('keeps the imports of pending calls, under the names they were imported as, so the output evaluates again', async () => {
    write('m.cue', 'import s "strings"\nimport "encoding/json"\n\na: s.ToUpper(b)\nb: string\nc: json.Marshal(d)\nd: _\n');
    const r = await run(['m.cue']);
    expect(r.stdout).toBe('import (\n    "encoding/json"\n    s "strings"\n)\n\na: s.ToUpper(b)\nb: string\nc: json.Marshal(d)\nd: _\n');
    write('again.cue', r.stdout);
    expect(await run(['again.cue'])).toEqual({ code: 0, stdout: r.stdout, stderr: '' });
  });

  it('--out cue+compact prints the fields on one line', async () => {
    write('m.cue', 'a: 1\nnested: list: [{a: 1}, {b: 2}]\n');
    expect((await run(['m.cue', '--out', 'cue+compact'])).stdout).toBe('a: 1, nested: list: [{a: 1}, {b: 2}]\n');
    expect((await run(['m.cue', '--out', 'cue+compact', '-e', 'nested'])).stdout).toBe('list: [{a: 1}, {b: 2}]\n');
  });

  it('prints strings with line breaks as multi-line literals, and keeps the imports the output uses', async () => {
    write('m.cue', 'import "strings"\n\ns: "a\\nb\\n"\nt: strings.MinRunes(3)\nq: {w: "x\\n\\"\\"\\"y"}\n');
    const r = await run(['m.cue']);
    expect(r.stdout).toBe('import "strings"\n\ns: """\n    a\n    b\n\n    """\nt: strings.MinRunes(3)\nq: w: #"""\n    x\n    """y\n    """#\n');
    expect((await run(['m.cue', '-e', 't'])).stdout).toBe('import "strings"\n\nstrings.MinRunes(3)\n');
  });

  it('--help lists the flags', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const f of ['-e, --expression', '-c, --concrete', '-a, --all', '-H, --show-hidden', '-O, --show-optional', '--out', '-o, --outfile', '-t, --inject']) {
      expect(r.stdout).toContain(f);
    }
  });
});

describe('cue-lite eval: data under a schema, and how files are read', () => {
  const vector = 'package Vector\n\n#D2: {\n    X: float\n    Y: float\n}\n';

  it('-d and -n are checked as cue checks them (eval_flags)', async () => {
    write('test.json', '{\n  "X": 1,\n  "Y": 2\n}\n');
    write('vector.cue', vector);
    expect(await run(['test.json', '-n', '.+\\.cue'])).toEqual({ code: 1, stdout: '', stderr: 'use of -n/--name flag without a directory\n' });
    expect(await run(['test.json', '-d', '#D2'])).toEqual({ code: 1, stdout: '', stderr: '-d/--schema flag specified without a schema\n' });
    expect(await run(['test.json', '-n', '.+\\.cue', '-d', '#D2'])).toEqual({ code: 1, stdout: '', stderr: 'use of -n/--name flag without a directory\n' });
    expect(await run(['test.json', 'vector.cue', '-d', '#D1'])).toEqual({ code: 1, stdout: '', stderr: 'reference "#D1" not found:\n    --schema:1:1\n' });
    expect(await run(['vector.cue', '-d', '#D2'])).toEqual({ code: 1, stdout: '', stderr: '-d/--schema flag requires non-CUE input files\n' });
  });

  it('-d unifies each data document with the schema, the data first (eval_flags)', async () => {
    write('test.json', '{\n  "X": 1,\n  "Y": 2\n}\n');
    write('ok.json', '{"X": 1.5, "Y": 2.5}\n');
    write('vector.cue', vector);
    expect(await run(['test.json', 'vector.cue', '-d', '#D2'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'X: conflicting values 1 and float (mismatched types int and float):\n    ./test.json:2:8\n    ./vector.cue:4:8\n' +
        'Y: conflicting values 2 and float (mismatched types int and float):\n    ./test.json:3:8\n    ./vector.cue:5:8\n',
    });
    expect(await run(['ok.json', 'vector.cue', '-d', '#D2'])).toEqual({ code: 0, stdout: 'X: 1.5\nY: 2.5\n', stderr: '' });
    expect((await cliRunner('export', () => dir)(['ok.json', 'vector.cue', '-d', '#D2'])).stdout).toBe('{\n    "X": 1.5,\n    "Y": 2.5\n}\n');
  });

  it('files named on the command line are read in cue order: by name (cue/load normalizeFiles)', async () => {
    write('2.cue', 'b: 1\n');
    write('1.cue', 'a: 1\n');
    expect((await run(['2.cue', '1.cue'])).stdout).toBe('a: 1\nb: 1\n');
  });

  it('files without a package clause do not see each other, -e sees them all (eval_resolve)', async () => {
    write('none.cue', 'nodes: [{name: "foo"}]\n');
    write('anon.cue', 'package _\n\nnodes: [{name: "foo"}]\n');
    write('package.cue', 'package list\n\nnodes: [{name: "foo"}]\n');
    write('check.cue', '#map: {for n in nodes {"\\(n.name)": n}}\n');
    write('data.yaml', 'nodes:\n- name: foo\n');
    const notFound = { code: 1, stdout: '', stderr: '#map: reference "nodes" not found:\n    ./check.cue:1:17\n' };
    expect(await run(['none.cue', 'check.cue'])).toEqual(notFound);
    expect(await run(['anon.cue', 'check.cue'])).toEqual(notFound);
    expect(await run(['data.yaml', 'check.cue'])).toEqual(notFound);
    expect((await run(['package.cue', 'check.cue'])).code).toBe(0);
    expect(await run(['none.cue', '-e', 'nodes[0].name'])).toEqual({ code: 0, stdout: '"foo"\n', stderr: '' });
    write('a.cue', 'a: 1\n');
    write('b.cue', 'b: 2\n');
    expect(await run(['a.cue', 'b.cue', '-e', 'a + b'])).toEqual({ code: 0, stdout: '3\n', stderr: '' });
  });

  it('an unknown standard-library import and a field named as an import, in cue wording (eval_import_bad)', async () => {
    write('named.cue', 'package p\n\nimport "notinstd"\nimport "list"\n\nlist: 123\n');
    expect(await cliRunner('export', () => dir)(['named.cue'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'builtin package "notinstd" undefined:\n    ./named.cue:3:8\nimported and not used: "notinstd":\n    ./named.cue:3:8\n' +
        'list redeclared as imported package name\n\tprevious declaration at ./named.cue:6:1:\n    ./named.cue:4:8\n',
    });
  });
});

describe('cue-lite eval: recursive optional fields (eval_rec)', () => {
  it('prints the reference of an optional field that would repeat without end', async () => {
    write('rec.cue', 'List: {\n\tnext?: List\n\tv: int\n}\nl: List & {next: v: 2, v: 1}\n');
    expect(await run(['rec.cue', '-O'])).toEqual({
      code: 0,
      stdout: 'List: {\n    next?: List\n    v:     int\n}\nl: {\n    next: {\n        next?: {\n            next?: List\n            v:     int\n        }\n        v: 2\n    }\n    v: 1\n}\n',
      stderr: '',
    });
  });
  it('prints with cue\'s pre-v2 printer under CUE_EXPERIMENT=formatv2=0, as format.Node follows it', async () => {
    write('a.cue', 'a: 1\nbbbb: [1, 2]\nd: 2\neee: "s"\n');
    const saved = process.env.CUE_EXPERIMENT;
    try {
      process.env.CUE_EXPERIMENT = 'formatv2=0';
      // No alignment across a list value; the fields after it align among themselves.
      expect(await run(['a.cue'])).toEqual({ code: 0, stdout: 'a: 1\nbbbb: [1, 2]\nd:   2\neee: "s"\n', stderr: '' });
      delete process.env.CUE_EXPERIMENT;
      expect(await run(['a.cue'])).toEqual({ code: 0, stdout: 'a:    1\nbbbb: [1, 2]\nd:    2\neee:  "s"\n', stderr: '' });
    } finally {
      if (saved === undefined) delete process.env.CUE_EXPERIMENT;
      else process.env.CUE_EXPERIMENT = saved;
    }
  });
});
