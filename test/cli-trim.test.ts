/**
 * `cue-lite trim`, in-process. Expectations: native cue v0.4.3's `trim` on the same input,
 * except where the pinned CUE's trim (tools/trim/trimv3.go, goldens trim*.txtar) differs: a
 * field that must stay but whose struct adds nothing becomes `_` (pinned trim.txtar
 * `foo: baz: _`; v0.4.3 kept `{}`), and of two declarations that imply each other the first
 * stays (v0.4.3 kept both).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliRunner, fileReader, fileWriter, useTempDir } from './helpers/cli-sandbox.js';

let dir: string;
useTempDir('cue-lite-trim-', (d) => (dir = d));
const run = cliRunner('trim', () => dir);
const cli = cliRunner(undefined, () => dir);
const write = fileWriter(() => dir);
const read = fileReader(() => dir);

const input = `package app

#Server: {
	role: string
	cpus: *1 | int
	zone: "eu"
}

servers: [...#Server]
servers: [
	{role: "web", cpus: 1, zone: "eu"},
	{role: "db", cpus: 4},
]

svc: [Name=string]: {
	name: Name
	port: *8080 | int
	tags: [...string]
	meta: {kind: "svc", owner: string}
}

svc: api: {
	name: "api"
	port: 8080
	meta: {kind: "svc", owner: "team-a"}
}

svc: web: {
	port: 9090
	meta: kind: "svc"
}

svc: empty: {}

out: {
	for k, v in svc {
		"\\(k)": v.port
	}
	api: 8080
}
`;

const trimmed = `package app

#Server: {
	role: string
	cpus: *1 | int
	zone: "eu"
}

servers: [...#Server]
servers: [
	{role: "web"},
	{role: "db", cpus: 4},
]

svc: [Name=string]: {
	name: Name
	port: *8080 | int
	tags: [...string]
	meta: {kind: "svc", owner: string}
}

svc: api: {
	meta: {owner: "team-a"}
}

svc: web: {
	port: 9090
}

svc: empty: _

out: {
	for k, v in svc {
		"\\(k)": v.port
	}
}
`;

describe('cue-lite trim', () => {
  it('removes what definitions, patterns, defaults and comprehensions imply; keeps the rest', async () => {
    write('in.cue', input);
    const r = await run(['-o', '-', 'in.cue']);
    expect(r).toEqual({ code: 0, stdout: trimmed, stderr: '' });
    // The trimmed file means the same.
    write('out.cue', trimmed);
    const a = await cli(['export', 'in.cue']);
    const b = await cli(['export', 'out.cue']);
    expect(b.stdout).toBe(a.stdout);
  });

  it('rewrites the files in place (no temporary file left) and simplifies with -s', async () => {
    write('in.cue', 'package app\n\na: [string]: {x: 1, y: int}\na: b: {x: 1, y: 2}\nopt?: {x: 1}\nd: {e: f: g: 1}\nd: e: f: g: 1\n');
    expect(await run(['-s', 'in.cue'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(read('in.cue')).toBe('package app\n\na: [string]: {x: 1, y: int}\na: b: y: 2\nopt?: x: 1\nd: e: f: g: 1\n');
    expect(readdirSync(dir)).toEqual(['in.cue']);
  });

  it('trims each instance of a pattern in its own directory; -o - prints every file of each instance (trim_package.txtar)', async () => {
    await cli(['mod', 'init']);
    write('a.cue', 'package p\n\nx: y: int\nx: z: int\n');
    write('b/b.cue', 'package p\n\nx: y: 7\n');
    write('c/c.cue', 'package p\n\nx: z: 6\n');
    const r = await run(['-o', '-', './...']);
    const a = 'package p\n\nx: y: int\nx: z: int\n';
    expect(r.stdout).toBe(a + a + 'package p\n\nx: y: 7\n' + a + 'package p\n\nx: z: 6\n');
  });

  it('-o refuses an existing file without --force (trim_force.txtar), and an instance with errors is not trimmed', async () => {
    write('file.cue', 'package hello\n\n#who:    "World"\nmessage: "Hello \\(#who)!"\n');
    expect((await run(['-o', 'test.cue', 'file.cue'])).code).toBe(0);
    expect(read('test.cue')).toBe(read('file.cue'));
    expect(await run(['-o', 'test.cue', 'file.cue'])).toEqual({ code: 1, stdout: '', stderr: 'error writing "test.cue": file already exists (use --force to overwrite)\n' });
    expect((await run(['--force', '-o', 'test.cue', 'file.cue'])).code).toBe(0);
    write('bad.cue', 'a: 1\na: 2\n');
    const bad = await run(['bad.cue']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('a: conflicting values 2 and 1');
    expect(read('bad.cue')).toBe('a: 1\na: 2\n');
  });
});
