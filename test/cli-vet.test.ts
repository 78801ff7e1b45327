/** `cue-lite vet` in-process through main(argv, io), on files in a temporary directory. */
import { describe, expect, it } from 'vitest';
import { cliRunner, fileWriter, useTempDir } from './helpers/cli-sandbox.js';

let dir: string;
useTempDir('cue-lite-vet-', (d) => (dir = d));
const run = cliRunner('vet', () => dir);
const write = fileWriter(() => dir);

const schema = '#S: {name: string, replicas: int & <=5}\n';

describe('cue-lite vet', () => {
  it('is silent on success', async () => {
    write('a.cue', 'package p\na: 1\nb: a + 1\n');
    expect(await run(['a.cue'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run([])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports every error with its positions', async () => {
    write('a.cue', 'a: 1\na: 2\nb: "x" & "y"\n');
    const r = await run(['a.cue']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'a: conflicting values 2 and 1:\n    ./a.cue:1:4\n    ./a.cue:2:4\nb: conflicting values "y" and "x":\n    ./a.cue:3:4\n    ./a.cue:3:10\n',
    });
  });

  it('requires concreteness unless -c=false; without -c it prints a hint, with -c the errors', async () => {
    write('a.cue', 'x: int\ny: 1\n');
    expect(await run(['a.cue'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'some instances are incomplete; use the -c flag to show errors or -c=false to allow incomplete instances\n',
    });
    expect(await run(['a.cue', '-c'])).toEqual({ code: 1, stdout: '', stderr: 'x: incomplete value int:\n    ./a.cue:1:4\n' });
    expect(await run(['a.cue', '-c=false'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run(['a.cue', '--concrete=false'])).toEqual({ code: 0, stdout: '', stderr: '' });
    // A real error is shown as such even without -c.
    write('a.cue', 'x: int\ny: 1 & 2\n');
    expect((await run(['a.cue'])).stderr).toContain('y: conflicting values 2 and 1');
    expect((await run(['a.cue', '-c=false'])).stderr).toContain('y: conflicting values 2 and 1');
  });

  it('-d checks each data file separately against the schema, naming the data positions', async () => {
    write('s.cue', schema + 'other: int\n');
    write('ok.yaml', 'name: a\nreplicas: 1\n');
    write('d1.yaml', 'name: x\nreplicas: 7\n');
    write('d2.json', '{"name": 3, "replicas": 2}\n');
    write('d3.yaml', 'name: a\nreplicas: 1\n---\nname: b\nreplicas: 9\n');
    expect(await run(['s.cue', '-d', '#S', 'ok.yaml'])).toEqual({ code: 0, stdout: '', stderr: '' });
    // The first document in conflict with the schema ends the check (cue's stream of documents
    // ends at a value in error, vet_embed.txtar): d1.yaml's.
    const r = await run(['s.cue', '-d', '#S', 'd1.yaml', 'd2.json', 'd3.yaml', 'ok.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('replicas: invalid value 7 (out of bound <=5):\n    ./d1.yaml:2:11\n    ./s.cue:1:36\n');
    // The data comes first, as cue unifies each document with the schema (vet_file.txtar: `conflicting values false and string`).
    expect((await run(['s.cue', '-d', '#S', 'd2.json'])).stderr).toBe('name: conflicting values 3 and string (mismatched types int and string):\n    ./d2.json:1:10\n    ./s.cue:1:12\n');
    // Only the second document of d3.yaml fails: documents are checked one at a time.
    expect((await run(['s.cue', '-d', '#S', 'd3.yaml'])).stderr).toBe('replicas: invalid value 9 (out of bound <=5):\n    ./d3.yaml:5:11\n    ./s.cue:1:36\n');
  });

  it('file-type qualifiers read the files after them as that type (cue help filetypes)', async () => {
    write('s.cue', '[string]: string\n');
    write('foo.data', '{ "a": "b" }\n{ "c": 1 }\n');
    write('noext', 'a: x\n');
    // jsonl: each line a document; the second conflicts with the schema.
    const r = await run(['s.cue', 'jsonl:', 'foo.data']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('c: conflicting values 1 and string (mismatched types int and string):\n    ./foo.data:2:8\n    ./s.cue:1:11\n');
    // json: the same text is one JSON value with more after it.
    expect((await run(['s.cue', 'json:', 'foo.data'])).stderr).toMatch(/^invalid JSON: invalid character '\{' after top-level value:\n {4}\.\/foo\.data:2:1\n/);
    // A name without an extension is a file once qualified (else a package); `-` is standard input.
    expect(await run(['s.cue', 'yaml:', 'noext'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run(['s.cue', 'json:', '-'], '{"x": "y"}')).toEqual({ code: 0, stdout: '', stderr: '' });
    // A format cue-lite does not read is named.
    const t = await run(['s.cue', 'toml:', 'noext']);
    expect(t.code).toBe(1);
    expect(t.stderr).toBe('file type toml is not supported by cue-lite (it reads cue, json, yaml and jsonl)\n');
  });

  it('reports every validator a value fails, not only the first (vet_issue2778)', async () => {
    write('v.cue', 'import "list"\nx: [[1, 2, 3]]\nx: list.Contains([1, 2])\nx: list.Contains([3, 4])\nx: list.Contains([1, 2, 3])\n');
    const r = await run(['v.cue']);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/does not satisfy list\.Contains/g)).toHaveLength(2);
  });

  it('-d data must be concrete and closed by the definition', async () => {
    write('s.cue', schema);
    write('missing.yaml', 'name: a\n');
    write('extra.json', '{"name": "a", "replicas": 1, "extra": true}');
    const r = await run(['s.cue', '-d', '#S', 'missing.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('replicas: incomplete value');
    const e = await run(['s.cue', '-d', '#S', 'extra.json']);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('extra');
    expect(e.stderr).toContain('./extra.json:1:');
  });

  it('without -d, data files are checked against the package root', async () => {
    write('s.cue', 'port: int & <100\n');
    write('a.json', '{"port": 80}');
    write('b.json', '{"port": 8080}');
    expect((await run(['s.cue', 'a.json'])).code).toBe(0);
    const r = await run(['s.cue', 'a.json', 'b.json']);
    // At the bound first, then the value, as cue reports a failed bound (v0.4.3 prints the same).
    expect(r.stderr).toBe('port: invalid value 8080 (out of bound <100):\n    ./s.cue:1:13\n    ./b.json:1:10\n');
  });

  it('reports a bad -d expression, malformed data, a missing schema', async () => {
    write('s.cue', schema);
    write('d.yaml', 'name: a\nreplicas: 1\n');
    write('bad.json', '{"a": ');
    expect((await run(['s.cue', '-d', '#Nope', 'd.yaml'])).stderr).toBe('reference "#Nope" not found:\n    --expression:1:1\n');
    const bad = await run(['s.cue', '-d', '#S', 'bad.json', 'd.yaml']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^invalid JSON: .*:\n {4}\.\/bad\.json:\d+:\d+\n$/);
    expect(await run(['d.yaml'])).toEqual({ code: 1, stdout: '', stderr: 'data files specified without a schema: give the .cue files that define it\n' });
    expect((await run(['s.cue', '-d', '#S'])).code).toBe(1);
  });

  it('fills tags and reports missing files', async () => {
    write('a.cue', 'env: "dev" | "prod" @tag(env)\n');
    expect((await run(['a.cue', '-t', 'env=prod'])).code).toBe(0);
    expect((await run(['a.cue', '-t', 'env=qa'])).code).toBe(1);
    expect(await run(['nope.cue'])).toEqual({ code: 1, stdout: '', stderr: 'could not find file or directory: nope.cue\n' });
  });

  it('--help lists the flags', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const f of ['-c, --concrete', '-d, --schema', '-t, --inject']) expect(r.stdout).toContain(f);
  });
});
