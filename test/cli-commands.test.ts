/**
 * The smaller commands and flags of issue 12, in-process: `def`, `mod init`, `completion`,
 * `help` of an unknown topic, `cmd` and `tool/*` refused, data files placed with -l / --list /
 * --with-context in eval, export and vet, and `@embed`. Expectations from the pinned CUE's
 * goldens (cmd/cue/cmd/testdata/script at f356f8f46ced) where it prints data or messages, and
 * from native cue v0.4.3 where the two agree.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliRunner, fileReader, fileWriter, useTempDir } from './helpers/cli-sandbox.js';

let dir: string;
useTempDir('cue-lite-cmds-', (d) => (dir = d));
const cli = cliRunner(undefined, () => dir);
const write = fileWriter(() => dir);
const read = fileReader(() => dir);

describe('help, cmd and tool/*', () => {
  it('help of an unknown topic is an error that lists the commands', async () => {
    const r = await cli(['help', 'nosuch']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Unknown help topic: nosuch\n/);
    expect(r.stderr).toContain('  trim ');
    expect((await cli(['help', 'help'])).code).toBe(1);
    const ok = await cli(['help', 'import']);
    expect([ok.code, ok.stdout.split('\n')[0]]).toEqual([0, 'Convert JSON, YAML and JSON Lines files to CUE files.']);
  });

  it('an unknown command, flag or mod subcommand is an error in cue\'s words (unknown_args.txtar)', async () => {
    expect(await cli(['unknown'])).toEqual({ code: 1, stdout: '', stderr: 'unknown command "unknown" for "cue-lite"\nRun \'cue-lite help\' for usage.\n' });
    expect(await cli(['--unknown'])).toEqual({ code: 1, stdout: '', stderr: 'unknown flag: --unknown\n' });
    expect(await cli(['mod', 'unknown', '--unknown'])).toEqual({ code: 1, stdout: '', stderr: 'mod must be run as one of its subcommands: unknown subcommand "unknown"\nRun \'cue-lite help mod\' for known subcommands.\n' });
    expect((await cli(['mod', '--unknown'])).stderr).toBe("mod must be run as one of its subcommands\nRun 'cue-lite help mod' for known subcommands.\n");
    // cue's registry subcommands are named as such.
    expect((await cli(['mod', 'tidy'])).stderr).toMatch(/^cue-lite mod tidy: not supported/);
  });

  it('cue cmd and the tool/* packages are refused in one line', async () => {
    const r = await cli(['cmd', 'ls']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('not supported by cue-lite');
    write('a.cue', 'import "tool/cli"\na: cli.Print\n');
    expect(await cli(['eval', 'a.cue'])).toEqual({ code: 1, stdout: '', stderr: 'import "tool/cli": the tool/* packages (cue cmd tasks) are not supported by cue-lite:\n    ./a.cue:1:8\n' });
  });
});

describe('cue-lite mod init', () => {
  it('writes cue.mod/module.cue as the pinned cue does (modinit_noargs, modinit_withsource)', async () => {
    expect(await cli(['mod', 'init'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(read('cue.mod/module.cue')).toBe('module: "cue.example"\nlanguage: version: "v0.18.0"\n');
    expect(existsSync(`${dir}/cue.mod/usr`)).toBe(false);
    expect(await cli(['mod', 'init'])).toEqual({ code: 1, stdout: '', stderr: 'cue.mod directory already exists\n' });
    write('s/x', '');
    expect((await cli(['mod', 'init', '--source', 'self', 'test.example'], undefined, `${dir}/s`)).code).toBe(0);
    expect(read('s/cue.mod/module.cue')).toBe('module: "test.example"\nlanguage: version: "v0.18.0"\nsource: kind:      "self"\n');
    // The module it writes is one cue-lite loads.
    write('app/a.cue', 'package app\nx: 1\n');
    expect((await cli(['export', './app'])).stdout).toBe('{\n    "x": 1\n}\n');
  });

  it('checks the module path with CUE wording (modinit_badpath, modinit_badmodule, modinit_with_explicit_version)', async () => {
    const bad = async (...a: string[]) => (await cli(['mod', 'init', ...a])).stderr;
    expect(await bad('github.com/FooBar')).toBe(`malformed module path "github.com/FooBar": invalid char 'F'\n`);
    expect(await bad('github.com/foo/.bar')).toBe(`malformed module path "github.com/foo/.bar": leading '.' in path element\n`);
    expect(await bad('github.com/foo/bar.')).toBe(`malformed module path "github.com/foo/bar.": trailing '.' in path element\n`);
    expect(await bad('github.com/foo..bar')).toMatch(/path does not conform to OCI repository name restrictions/);
    expect(await bad('bad')).toBe('malformed module path "bad": missing dot in first path element\n');
    expect(await bad('--language-version', 'v0.4.3', 'foo.example')).toBe('language version "v0.4.3" is too early for module.cue schema (earliest allowed is v0.8.0-alpha.0)\n');
    expect(await bad('--language-version', 'v2.3.4', 'foo.example')).toBe('language version "v2.3.4" may not be after current language version v0.18.0\n');
    expect(existsSync(`${dir}/cue.mod`)).toBe(false);
    expect((await cli(['mod', 'init', 'foo.com/bar@v1'])).code).toBe(0);
    expect(read('cue.mod/module.cue')).toBe('module: "foo.com/bar@v1"\nlanguage: version: "v0.18.0"\n');
  });
});

describe('cue-lite completion', () => {
  it('prints a script per shell naming every command and its flags', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await cli(['completion', shell]);
      expect(r.code).toBe(0);
      for (const word of ['eval', 'export', 'import', 'trim', 'def', 'completion', 'with-context', 'recursive']) expect(r.stdout).toContain(word);
    }
    expect((await cli(['completion', 'bash'])).stdout).toContain('complete -o default -F _cue_lite cue-lite');
    expect((await cli(['completion', 'zsh'])).stdout.split('\n')[0]).toBe('#compdef cue-lite');
    expect((await cli(['completion', 'fish'])).stdout).toContain('complete -c cue-lite -n "__fish_seen_subcommand_from import" -s R -l recursive');
    expect(await cli(['completion', 'tcsh'])).toEqual({ code: 1, stdout: '', stderr: 'Error: invalid argument "tcsh" for "cue-lite completion"\n' });
  });
});

describe('cue-lite def', () => {
  it('prints the package as written: definitions, references, comments, simplified (def_basic)', async () => {
    write('schema.cue', '// foo\npackage foo\n\n#A: {\n    // a is an integer\n    a: int\n    b: { c: int }\n}\n');
    expect(await cli(['def'])).toEqual({ code: 0, stdout: '// foo\npackage foo\n\n#A: {\n\t// a is an integer\n\ta: int\n\tb: c: int\n}\n', stderr: '' });
  });

  it('-p names the package; non-concrete values are fine, errors are not (def_package)', async () => {
    write('x.cue', '#Def: int\nx:    #Def & 5\ny: string\n');
    // A value beside a reference is embedded in the struct of the field (def_package.txtar's orig.golden).
    expect((await cli(['def', '-p', 'blah', 'x.cue'])).stdout).toBe('package blah\n\n#Def: int\nx:    #Def & {5}\ny:    string\n');
    write('bad.cue', 'a: 1\na: 2\n');
    const bad = await cli(['def', 'bad.cue']);
    expect([bad.code, bad.stdout]).toEqual([1, '']);
    expect(bad.stderr).toContain('a: conflicting values 2 and 1');
  });
});

const services = '{"kind": "Service", "name": "booster"}\n{"kind": "Deployment", "name": "booster", "replicas": 1}\n{"kind": "Service", "name": "supplement"}\n';

describe('data files placed with -l, --list, --with-context', () => {
  it('export -l EXPR --list (export_list.txtar)', async () => {
    write('import/services.jsonl', services);
    const r = await cli(['export', '-l', '"\\(strings.ToLower(kind))"', '--list', 'import/services.jsonl']);
    expect(JSON.parse(r.stdout)).toEqual({
      service: [{ kind: 'Service', name: 'booster' }, { kind: 'Service', name: 'supplement' }],
      deployment: [{ kind: 'Deployment', name: 'booster', replicas: 1 }],
    });
  });

  it('eval --with-context sees filename, index, recordCount and data (eval_context.txtar)', async () => {
    write('services.jsonl', services);
    const r = await cli(['export', '--with-context', '-l', '"\\(path.Ext(filename)):\\(index+1)/\\(recordCount)"', '-l', 'data["name"]', 'services.jsonl']);
    expect(JSON.parse(r.stdout)).toEqual({
      '.jsonl:1/3': { booster: { kind: 'Service', name: 'booster' } },
      '.jsonl:2/3': { booster: { kind: 'Deployment', name: 'booster', replicas: 1 } },
      '.jsonl:3/3': { supplement: { kind: 'Service', name: 'supplement' } },
    });
  });

  it('the placed data unifies with the package, and vet checks it there', async () => {
    write('schema.cue', 'package k\n#Obj: {kind: string, metadata: name: string}\nobjects: [string]: [string]: #Obj\nobjects: [string]: [string]: metadata: name: =~"^[a-z]+$"\n');
    write('x.yaml', 'kind: Foo\nmetadata:\n  name: foo\n---\nkind: Foo\nmetadata:\n  name: Bar\n');
    const r = await cli(['vet', 'schema.cue', 'x.yaml', '-l', 'objects:', '-l', 'strings.ToLower(kind)', '-l', 'metadata.name']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('objects.foo.Bar.metadata.name: invalid value "Bar" (out of bound =~"^[a-z]+$")');
    const e = await cli(['export', 'schema.cue', 'x.yaml', '-l', 'objects:', '-l', 'strings.ToLower(kind)', '-l', 'metadata.name', '-e', 'objects.foo.foo.metadata']);
    expect(e.stdout).toBe('{\n    "name": "foo"\n}\n');
  });

  it('a label that does not evaluate to a string is an error', async () => {
    write('x.json', '{"n": 1}');
    expect(await cli(['export', '-l', 'n', 'x.json'])).toEqual({ code: 1, stdout: '', stderr: 'error evaluating label n: 1\n' });
  });
});

describe('@embed', () => {
  it('loads files of the module as data (embed.txtar: file, glob, type=text, merging globs)', async () => {
    await cli(['mod', 'init']);
    write('test.cue', '@extern(embed)\n\npackage foo\n\na: _ @embed(file="test.json")\nb: _ @embed(file="input.yaml")\nc: _ @embed(file="test.json", type=text)\nd: _ @embed(glob="y/*", type=yaml)\nd: _ @embed(glob="x/*.yaml")\n@embed(file="top.json")\n');
    write('test.json', '{ "x": 34 }\n');
    write('input.yaml', 'a1: 2\n');
    write('top.json', '{"top": true}');
    write('y/test.json', '{ "x": 34 }');
    write('y/_test.json', '{ "z": 45 }');
    write('y/.test.json', '{ "z": 46 }');
    write('y/subdir/another.json', '{ "z": 49 }');
    write('x/input.yaml', 'a1: 2\n');
    const r = await cli(['export']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toEqual({
      a: { x: 34 },
      b: { a1: 2 },
      c: '{ "x": 34 }\n',
      d: { 'x/input.yaml': { a1: 2 }, 'y/_test.json': { z: 45 }, 'y/test.json': { x: 34 } },
      top: true,
    });
  });

  it('reports what cannot be embedded with CUE wording, at the attribute (embed_err, embed_nomatch)', async () => {
    await cli(['mod', 'init']);
    write('test.cue', '@extern(embed)\n\npackage foo\n\nnone: _ @embed(type=json)\ndotdot: _ @embed(file="../test.json")\nabs: _ @embed(file=/input.yaml)\nnonexist: _ @embed(file=y/test.json, type=text)\nnorm: _ @embed(file="x/../test.json")\nglob: _ @embed(glob="*.json")\nstar: _ @embed(glob="x/*")\n');
    const r = await cli(['eval']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`@embed: attribute must have file or glob field:
    ./test.cue:5:9
@embed: cannot refer to parent directory:
    ./test.cue:6:11
@embed: only relative files are allowed:
    ./test.cue:7:8
@embed: open y/test.json: no such file or directory:
    ./test.cue:8:13
@embed: path not normalized, use "test.json" instead:
    ./test.cue:9:9
@embed: no matches for glob pattern "*.json":
    ./test.cue:10:9
@embed: extension not fully specified; type argument required:
    ./test.cue:11:9
`);
  });

  it('allowEmptyGlob: a glob that matches nothing is an empty struct; beside a file it is an error (embed_allowEmptyGlob*)', async () => {
    await cli(['mod', 'init']);
    write('test.cue', '@extern(embed)\n\npackage foo\n\nempty: _ @embed(glob="missing/*.json",allowEmptyGlob)\n');
    expect(await cli(['export'])).toEqual({ code: 0, stdout: '{\n    "empty": {}\n}\n', stderr: '' });
    write('test.cue', '@extern(embed)\n\npackage foo\n\nbad: _ @embed(file="foo",allowEmptyGlob)\n');
    expect((await cli(['export'])).stderr).toBe('@embed: allowEmptyGlob must be specified with a glob field:\n    ./test.cue:5:8\n');
  });
});
