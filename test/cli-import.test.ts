/**
 * `cue-lite import`, in-process. Expected outputs are the pinned CUE's goldens
 * (cmd/cue/cmd/testdata/script/import_*.txtar at f356f8f46ced), or native cue v0.4.3's output
 * where the two agree (comments, the kubernetes-tutorial layout).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliRunner, fileReader, fileWriter, useTempDir } from './helpers/cli-sandbox.js';

let dir: string;
useTempDir('cue-lite-import-', (d) => (dir = d));
const run = cliRunner('import', () => dir);
const write = fileWriter(() => dir);
const read = fileReader(() => dir);

const services = `{
    "kind": "Service",
    "name": "booster"
}
{
    "kind": "Deployment",
    "name": "booster",
    "replicas": 1
}
{
    "kind": "Service",
    "name": "supplement\\nfoo",
    "json": "[1, 2]"
}
`;

describe('cue-lite import', () => {
  it('--list lays the list it builds out as the pinned printer does: one-field documents on one line (issue3464.txtar)', async () => {
    write('in.yaml', 'kind: Deployment\n---\nkind: Deployment\n---\nkind: Other\n');
    expect((await run(['--outfile=-', '--list', 'in.yaml'])).stdout).toBe('[{kind: "Deployment"}, {kind: "Deployment"}, {kind: "Other"}]\n');
    expect((await run(['--outfile=-', '--list', '--path=strings.ToLower(kind)', 'in.yaml'])).stdout).toBe('deployment: [{kind: "Deployment"}, {kind: "Deployment"}]\nother:      [{kind: "Other"}]\n');
  });

  it('an empty YAML document is null when documents are placed; a label it cannot give skips it (issue3464.txtar)', async () => {
    write('e.yaml', '---\nkind: Deployment\n---\n---\nkind: Other\n');
    expect((await run(['--outfile=-', '--list', 'e.yaml'])).stdout).toBe('[{kind: "Deployment"}, null, {kind: "Other"}]\n');
    expect((await run(['--outfile=-', '--path=strings.ToLower(kind)', 'e.yaml'])).stdout).toBe('deployment: kind: "Deployment"\nother: kind:      "Other"\n');
    expect((await run(['--outfile=-', '--with-context', '--path="n\\(index+1)"', 'e.yaml'])).stdout).toBe('n1: kind: "Deployment"\nn2: null\nn3: kind: "Other"\n');
  });

  it('places each document at the path of its -l labels (import_path.txtar)', async () => {
    write('import/services.jsonl', services);
    const want = `service: booster: {
	kind: "Service"
	name: "booster"
}
deployment: booster: {
	kind:     "Deployment"
	name:     "booster"
	replicas: 1
}
service: "supplement\\nfoo": {
	kind: "Service"
	name: """
		supplement
		foo
		"""
	json: "[1, 2]"
}
`;
    const a = await run(['-o', '-', '-f', '-l', '"\\(strings.ToLower(kind))": "\\(name)":', './import']);
    const b = await run(['-o', '-', '-f', '-l', 'strings.ToLower(kind)', '-l', 'name', './import']);
    // Documents of a stream keep a blank line between them (the pinned decoder's section break).
    expect(a.stdout.replace(/\n\n/g, '\n')).toBe(want);
    expect(b).toEqual(a);
  });

  it('--list gathers the documents of one path; --with-context sees filename, index, recordCount, data (import_list, import_context)', async () => {
    write('import/services.jsonl', services);
    const l = await run(['-o', '-', '-f', '-l', '"\\(strings.ToLower(kind))"', '--list', './import']);
    expect(l.stdout).toBe(`service: [{
	kind: "Service"
	name: "booster"
}, {
	kind: "Service"
	name: """
		supplement
		foo
		"""
	json: "[1, 2]"
}]
deployment: [{
	kind:     "Deployment"
	name:     "booster"
	replicas: 1
}]
`);
    const c = await run(['-o', '-', '-f', '--with-context', '-l', '"\\(path.Ext(filename)):\\(index+1)/\\(recordCount)"', '-l', 'data["name"]', './import']);
    expect(c.stdout).toContain('".jsonl:1/3": booster: {');
    expect(c.stdout).toContain('".jsonl:3/3": "supplement\\nfoo": {');
    write('import2/data.jsonl', '[{"a": 1}]\n[{"b": 2}]\n');
    expect((await run(['-o', '-', '-f', '--list', './import2'])).stdout).toBe('[[{a: 1}], [{b: 2}]]\n');
  });

  it('labels ending in ":" are written labels (import_merge.txtar)', async () => {
    write('x.yaml', 'kind: "foo"\nmetadata:\n  name: foo\n---\nkind: "foo"\nmetadata:\n  name: bar\n');
    const r = await run(['-o', '-', 'x.yaml', '-l', 'objects:', '-l', 'metadata.name']);
    expect(r.stdout.replace(/\n\n/g, '\n')).toBe('objects: foo: {\n\tkind: "foo"\n\tmetadata: name: "foo"\n}\nobjects: bar: {\n\tkind: "foo"\n\tmetadata: name: "bar"\n}\n');
  });

  it('several documents need a path flag, and nothing is written then', async () => {
    write('a/one.yaml', 'x: 1\n');
    write('b/two.yaml', 'a: 1\n---\nb: 2\n');
    const r = await run(['./...', '-p', 'kube']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'path, list, or files flag needed to handle multiple objects in file ./b/two.yaml\n' });
    expect(existsSync(`${dir}/a/one.cue`)).toBe(false);
  });

  it('writes NAME.cue next to each file with -p; skips an existing one unless -f (import_dir.txtar)', async () => {
    write('x.yml', 'x: yyy\n');
    expect(await run(['-p', 'foo', './...'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(read('x.cue')).toBe('package foo\n\nx: "yyy"\n');
    write('x.yml', 'x: zzz\n');
    const again = await run(['-p', 'foo', './...']);
    expect(again.stderr).toMatch(/^Skipping file ".*x\.cue": already exists\.\nUse -f to override\.\n$/);
    expect(read('x.cue')).toBe('package foo\n\nx: "yyy"\n');
    await run(['-p', 'foo', '-f', './...']);
    expect(read('x.cue')).toBe('package foo\n\nx: "zzz"\n');
  });

  it('quotes strings as the pinned cue does (import_quoting.txtar)', async () => {
    write('data.yaml', `cmd: printf "%s" $FOO
winpath: C:\\foo\\bar
hashterm: 'x "# y'
escintro: 'x \\# y'
plain: hello world
tabquote: "a \\"b\\"\\tc"
multiline: |-
  say "hi"
  second line
triplequote: |-
  contains """ quotes
  second line
`);
    expect((await run(['-o', '-', 'data.yaml'])).stdout).toBe(`cmd:      #"printf "%s" $FOO"#
winpath:  #"C:\\foo\\bar"#
hashterm: ##"x "# y"##
escintro: ##"x \\# y"##
plain:    "hello world"
tabquote: "a \\"b\\"\\tc"
multiline: """
	say "hi"
	second line
	"""
triplequote: #"""
	contains """ quotes
	second line
	"""#
`);
  });

  it('-R turns JSON and multi-line YAML strings into data behind json.Marshal / yaml.Marshal (import_hoiststr.txtar)', async () => {
    write('import/data.json', JSON.stringify({ foo: { name: 'something', json1: '[1, 2]', json2: '{"key": "value"}', yaml1: 'a: b\nc: d', yaml2: '- one\n- two', nocodec2: '1234', nocodec6: 'a: 123', nocodec9: '{a: 1, b: 2}' } }, null, 4));
    const r = await run(['-o', '-', '--recursive', './import/data.json']);
    expect(r.stdout).toBe(`import (
	"encoding/json"
	"encoding/yaml"
)

foo: {
	name:  "something"
	json1: json.Marshal(_cue_json1)
	let _cue_json1 = [1, 2]
	json2: json.Marshal(_cue_json2)
	let _cue_json2 = {key: "value"}
	yaml1: yaml.Marshal(_cue_yaml1)
	let _cue_yaml1 = {
		a: "b"
		c: "d"
	}
	yaml2: yaml.Marshal(_cue_yaml2)
	let _cue_yaml2 = [
		"one",
		"two",
	]
	nocodec2: "1234"
	nocodec6: "a: 123"
	nocodec9: "{a: 1, b: 2}"
}
`);
    // What -R wrote means the same data: the string is marshalled back.
    write('import/data.cue', r.stdout);
    const ev = await cliRunner('export', () => dir)(['-e', 'foo.yaml1', '--out', 'text', 'import/data.cue']);
    expect(ev.stdout).toBe('a: b\nc: d\n\n');
  });

  it('keeps YAML comments and lays block mappings and sequences out as cue does (native cue v0.4.3)', async () => {
    write('c.yaml', 'x: 1\n# Top comment\napiVersion: v1 # the version\nmetadata:\n  # the name\n  name: x\n  labels:\n    a: b\nspec:\n  ports:\n  - port: 80\n    name: http\n  args:\n  - "-x"\n  - "-y"\n');
    expect((await run(['-o', '-', 'c.yaml'])).stdout).toBe(`x: 1
// Top comment
apiVersion: "v1" // the version
metadata: {
	// the name
	name: "x"
	labels: a: "b"
}
spec: {
	ports: [{
		port: 80
		name: "http"
	}]
	args: [
		"-x",
		"-y",
	]
}
`);
  });

  it('reports a label that cannot be evaluated, and an unknown mode', async () => {
    write('x.yaml', 'a: 1\n');
    expect(await run(['-o', '-', '-l', 'nope', 'x.yaml'])).toEqual({ code: 1, stdout: '', stderr: 'error evaluating label nope: reference "nope" not found\n' });
    const m = await run(['proto', 'x.yaml']);
    expect([m.code, m.stderr]).toEqual([1, 'Error: unknown mode "proto" (not supported by cue-lite)\n']);
  });

  it('several directories need -p unless each has a package; placed documents take their directory\'s package (orphans.go)', async () => {
    write('a/x.yaml', 'x: 1\n');
    write('b/y.yaml', 'y: 1\n');
    write('b/p.cue', 'package foo\n');
    expect(await run(['./...'])).toEqual({ code: 1, stdout: '', stderr: 'must specify package name with the -p flag\n' });
    expect((await run(['./b', '-o', '-'])).stdout).toBe('y: 1\n');
    expect((await run(['./b', '-l', 'v:', '-o', '-'])).stdout).toBe('package foo\n\nv: y: 1\n');
    expect((await run(['./b:bar', '-l', 'v:', '-o', '-'])).stdout).toBe('package bar\n\nv: y: 1\n');
  });
});
