/**
 * The real binary (bin/cue-lite.js over the esbuild bundle dist/cli.cjs): the bundle must load
 * its dependencies (no "Dynamic require" failure), read files, set the exit code and write to
 * the real stdout/stderr. Builds the bundle first when it is missing or older than the sources.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'cue-lite.js');
const bundle = path.join(root, 'dist', 'cli.cjs');
let dir: string;

function newestSource(d: string): number {
  let t = 0;
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    t = Math.max(t, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return t;
}

beforeAll(() => {
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource(path.join(root, 'src'))) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'ignore' });
  }
  dir = mkdtempSync(path.join(tmpdir(), 'cue-lite-bin-'));
  writeFileSync(path.join(dir, 'small.cue'), 'a: *1 | int\nb: "x"\nc: {d: [1, 2]}\n');
  writeFileSync(path.join(dir, 'bad.cue'), 'a: 1\na: 2\n');
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', input });

describe('bin/cue-lite.js', () => {
  it('exports JSON and YAML', () => {
    const r = run(['export', 'small.cue']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toEqual({ a: 1, b: 'x', c: { d: [1, 2] } });
    expect(run(['export', 'small.cue', '--out', 'yaml', '-e', 'b']).stdout).toBe('x\n');
  });

  it('evaluates, reads stdin, vets', () => {
    expect(run(['eval', 'small.cue', '-e', 'c']).stdout).toBe('d: [1, 2]\n');
    expect(run(['eval', '-'], 'x: 1 + 1\n').stdout).toBe('x: 2\n');
    expect(run(['vet', 'small.cue']).status).toBe(0);
  });

  it('loads with the code cache that the build made, and without a usable one', () => {
    // Accepted by V8 in a fresh process with Node's default flags (as the binary runs).
    const probe = `import(${JSON.stringify(path.join(root, 'bin', 'load-cli.js'))}).then((m) => process.stdout.write(String(m.loadCli().script.cachedDataRejected)))`;
    const accepted = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect([accepted.status, accepted.stdout]).toEqual([0, 'false']);
    // A damaged cache is rejected and costs only time: the CLI still works.
    const copy = path.join(dir, 'copy');
    cpSync(path.join(root, 'bin'), path.join(copy, 'bin'), { recursive: true });
    cpSync(bundle, path.join(copy, 'dist', 'cli.cjs'));
    writeFileSync(path.join(copy, 'dist', 'cli.cache'), 'not a code cache');
    const r = spawnSync(process.execPath, [path.join(copy, 'bin', 'cue-lite.js'), 'export', 'small.cue'], { cwd: dir, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toEqual({ a: 1, b: 'x', c: { d: [1, 2] } });
    // And so does no cache at all.
    rmSync(path.join(copy, 'dist', 'cli.cache'));
    expect(spawnSync(process.execPath, [path.join(copy, 'bin', 'cue-lite.js'), 'export', 'small.cue'], { cwd: dir, encoding: 'utf8' }).status).toBe(0);
  });

  it('never feeds V8 a damaged or stale code cache (V8 would crash on a damaged payload), and rewrites it', () => {
    const copy = path.join(dir, 'damaged');
    cpSync(path.join(root, 'bin'), path.join(copy, 'bin'), { recursive: true });
    cpSync(bundle, path.join(copy, 'dist', 'cli.cjs'));
    const cache = path.join(copy, 'dist', 'cli.cache');
    const good = readFileSync(path.join(root, 'dist', 'cli.cache'));
    const nl = good.indexOf(10);
    const header = JSON.parse(good.toString('latin1', 0, nl)) as Record<string, unknown>;
    expect(header).toMatchObject({ node: process.version, arch: process.arch, bundle: readFileSync(bundle).length });
    expect(good.length).toBe(nl + 1 + 2 * (header.data as number));
    // What bin/load-cli.js would hand to V8 (its own check, run here in process).
    const loader = createRequire(import.meta.url)(path.join(copy, 'bin', 'load-cli.js')) as { readCache(file: string, source: string): Buffer | undefined };
    const source = readFileSync(bundle, 'latin1');
    const accepted = (): string => (loader.readCache(cache, source) === undefined ? 'undefined' : 'false');
    expect(accepted()).toBe('undefined'); // no cache yet
    writeFileSync(cache, good);
    expect(accepted()).toBe('false');
    const exportsSmall = (): void => {
      const r = spawnSync(process.execPath, [path.join(copy, 'bin', 'cue-lite.js'), 'export', 'small.cue'], { cwd: dir, encoding: 'utf8' });
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(JSON.parse(r.stdout)).toEqual({ a: 1, b: 'x', c: { d: [1, 2] } });
    };
    const damaged = (edit: (b: Buffer) => Buffer): void => {
      writeFileSync(cache, edit(Buffer.from(good)));
      expect(accepted()).toBe('undefined'); // not given to V8 at all
      exportsSmall();
      // The run wrote a fresh cache, which the next process takes.
      expect(accepted()).toBe('false');
    };
    // Bytes flipped inside the payload (header intact): the two copies differ.
    damaged((b) => {
      for (const at of [nl + 1000, nl + 1 + Math.floor((header.data as number) / 2)]) b[at] = b[at]! ^ 0xff;
      return b;
    });
    // Cut short.
    damaged((b) => b.subarray(0, b.length - 100));
    // Made by another Node, or for another build of the bundle.
    for (const [k, v] of [['node', 'v0.0.0'], ['build', 'f'.repeat(64)]] as const) {
      damaged((b) => Buffer.concat([Buffer.from(JSON.stringify({ ...header, [k]: v }), 'latin1'), b.subarray(nl)]));
    }
    // Not JSON at all.
    damaged(() => Buffer.from('\u0000\u0001garbage\n'));
  });

  it('answers version without loading the bundle, with the same text as the CLI and package.json', async () => {
    const { main } = await import('../src/cli/main.js');
    let text = '';
    expect(await main(['version'], { stdout: (s) => (text += s), stderr: () => {} })).toBe(0);
    const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    expect(text).toBe(`cue-lite version ${version}\n`);
    for (const arg of ['version', '--version']) expect([run([arg]).status, run([arg]).stdout]).toEqual([0, text]);
    // Without a bundle at all (a copy of bin/ alone), version still answers.
    const alone = path.join(dir, 'alone');
    cpSync(path.join(root, 'bin'), path.join(alone, 'bin'), { recursive: true });
    cpSync(path.join(root, 'package.json'), path.join(alone, 'package.json'));
    const r = spawnSync(process.execPath, [path.join(alone, 'bin', 'cue-lite.js'), 'version'], { encoding: 'utf8' });
    expect([r.status, r.stdout]).toEqual([0, text]);
    // Any other command there says what is missing and what to run, without a stack trace.
    const e = spawnSync(process.execPath, [path.join(alone, 'bin', 'cue-lite.js'), 'export', 'small.cue'], { cwd: dir, encoding: 'utf8' });
    expect([e.status, e.stdout]).toEqual([1, '']);
    expect(e.stderr).toBe(`cue-lite: ${path.join(alone, 'dist', 'cli.cjs')} is missing: run \`npm install\` (or \`npm run build\`) in ${alone}\n`);
  });

  it('answers help from the text the build recorded, the same as the CLI prints', async () => {
    const { main } = await import('../src/cli/main.js');
    let text = '';
    expect(await main(['help'], { stdout: (s) => (text += s), stderr: () => {} })).toBe(0);
    expect(readFileSync(path.join(root, 'dist', 'usage.txt'), 'utf8')).toBe(text);
    for (const args of [['help'], ['--help'], []]) {
      const r = run(args);
      expect([r.status, r.stdout]).toEqual([args.length === 0 ? 1 : 0, text]);
    }
  });

  it('exits 1 with CUE-formatted errors and no stack trace', () => {
    const r = run(['vet', 'bad.cue']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('a: conflicting values 2 and 1:\n    ./bad.cue:1:4\n    ./bad.cue:2:4\n');
    const u = run(['export', '--bogus']);
    expect([u.status, u.stderr]).toEqual([1, 'Error: unknown flag: --bogus\n']);
  });

  it('fmt leaves a file it may not write and says so, as cue fmt does (fmt_issue1791)', () => {
    // The directory is writable, so a rename over the read-only file would succeed: fmt must
    // ask whether the file itself may be written. Root may write any file; as root the command
    // runs as the user nobody (setpriv), or, where nobody cannot run it, on an immutable file.
    const d = mkdtempSync(path.join(tmpdir(), 'cue-lite-ro-'));
    const f = path.join(d, 'in.cue');
    const text = 'foo:      "bar"\n';
    writeFileSync(f, text);
    chmodSync(f, 0o444);
    chmodSync(d, 0o777);
    let argv = [process.execPath, bin, 'fmt', 'in.cue'];
    let immutable = false;
    if (process.getuid?.() === 0) {
      const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      const probe = spawnSync(asNobody[0]!, [...asNobody.slice(1), process.execPath, '-e', 'require("fs").accessSync(process.argv[1])', bundle]);
      if (probe.status === 0) {
        chownSync(d, 65534, 65534);
        chownSync(f, 65534, 65534);
        argv = [...asNobody, ...argv];
      } else {
        execFileSync('chattr', ['+i', f]);
        immutable = true;
      }
    }
    try {
      const r = spawnSync(argv[0]!, argv.slice(1), { cwd: d, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(immutable ? /^cannot write in\.cue: EPERM: operation not permitted/ : /^cannot write in\.cue: EACCES: permission denied/);
      expect(readFileSync(f, 'utf8')).toBe(text);
      expect(readdirSync(d)).toEqual(['in.cue']);
      // Once writable, it is formatted.
      if (immutable) execFileSync('chattr', ['-i', f]);
      immutable = false;
      chmodSync(f, 0o644);
      const ok = spawnSync(argv[0]!, argv.slice(1), { cwd: d, encoding: 'utf8' });
      expect([ok.status, ok.stderr]).toEqual([0, '']);
      expect(readFileSync(f, 'utf8')).toBe('foo: "bar"\n');
    } finally {
      if (immutable) execFileSync('chattr', ['-i', f]);
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('ends quietly when the reader closes standard output (eval big.cue | head -1)', () => {
    // More than a pipe's buffer, so that writes go on after `head` has gone.
    writeFileSync(path.join(dir, 'big.cue'), Array.from({ length: 4000 }, (_, i) => `a${i}: {x: ${i}, y: "${'z'.repeat(40)}"}`).join('\n') + '\n');
    for (const cmd of ['eval', 'export']) {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" ${cmd} big.cue | head -1`], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.split('\n')[0]).toBe(cmd === 'eval' ? 'a0: {' : '{');
    }
  });
});
