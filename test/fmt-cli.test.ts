/** `cue-lite fmt` in-process through main(argv, io), on files in a temporary directory. */
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliRunner, fileReader, fileWriter, useTempDir } from './helpers/cli-sandbox.js';
import { main } from '../src/cli/main.js';

let dir: string;
useTempDir('cue-lite-fmt-', (d) => (dir = d));
const run = cliRunner('fmt', () => dir);
const write = fileWriter(() => dir);
const read = fileReader(() => dir);

const messy = 'a: 1\nbbb:   {x: 2}\n\n\n\nc: [1,2]\n';
const clean = 'a:   1\nbbb: {x: 2}\n\nc: [1, 2]\n';

describe('cue-lite fmt', () => {
  it('rewrites a file in place and prints nothing', async () => {
    write('a.cue', messy);
    const r = await run(['a.cue']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(read('a.cue')).toBe(clean);
    // No temporary file is left behind.
    expect(readdirSync(dir)).toEqual(['a.cue']);
  });

  it('keeps the file mode and leaves formatted files untouched', async () => {
    const p = write('a.cue', messy);
    chmodSync(p, 0o640);
    await run(['a.cue']);
    expect(statSync(p).mode & 0o777).toBe(0o640);
    const before = statSync(p).mtimeMs;
    const r = await run(['a.cue']);
    expect(r.code).toBe(0);
    expect(statSync(p).mtimeMs).toBe(before);
  });

  it('reports a syntax error relative to the working directory and leaves the file alone', async () => {
    write('sub/bad.cue', 'a: {\nb: 1\n');
    write('good.cue', messy);
    const r = await run(['sub/bad.cue', 'good.cue']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^.+:\n {4}\.\/sub\/bad\.cue:\d+:\d+\n/);
    expect(read('sub/bad.cue')).toBe('a: {\nb: 1\n');
    // The other file is still formatted.
    expect(read('good.cue')).toBe(clean);
  });

  it("formats as cue's pre-v2 printer under CUE_EXPERIMENT=formatv2=0", async () => {
    const saved = process.env.CUE_EXPERIMENT;
    try {
      // The pre-v2 printer aligns no field whose value is a struct or a list.
      for (const setting of ['formatv2=0', 'evalv3,formatv2=false', 'formatv2=F', ',formatv2=0,']) {
        process.env.CUE_EXPERIMENT = setting;
        write('a.cue', messy);
        expect(await run(['a.cue'])).toEqual({ code: 0, stdout: '', stderr: '' });
        expect(read('a.cue')).toBe('a: 1\nbbb: {x: 2}\n\nc: [1, 2]\n');
      }
      for (const setting of ['formatv2=1', 'formatv2', 'yamlgoccy=0', '']) {
        process.env.CUE_EXPERIMENT = setting;
        write('a.cue', messy);
        expect(await run(['a.cue'])).toEqual({ code: 0, stdout: '', stderr: '' });
        expect(read('a.cue')).toBe(clean);
      }
    } finally {
      if (saved === undefined) delete process.env.CUE_EXPERIMENT;
      else process.env.CUE_EXPERIMENT = saved;
    }
  });

  it('rejects a CUE_EXPERIMENT cue would reject, as cue words it, and leaves the files alone', async () => {
    const saved = process.env.CUE_EXPERIMENT;
    try {
      for (const [setting, message] of [
        ['unknown', 'unknown experiment "unknown"'],
        // Names are case-sensitive and not trimmed, as in cue.
        ['FormatV2=0', 'unknown experiment "FormatV2"'],
        ['evalv3, formatv2=0', 'unknown experiment " formatv2"'],
        ['evalv3=0', 'cannot disable stable experiment "evalv3"'],
      ]) {
        process.env.CUE_EXPERIMENT = setting;
        write('a.cue', messy);
        expect(await run(['a.cue'])).toEqual({ code: 1, stdout: '', stderr: `error in CUE_EXPERIMENT: ${message}\n` });
        expect(read('a.cue')).toBe(messy);
      }
      process.env.CUE_EXPERIMENT = 'formatv2=maybe';
      expect(await run(['a.cue'])).toEqual({ code: 1, stdout: '', stderr: 'cannot parse CUE_EXPERIMENT: invalid value "maybe" for experiment "formatv2"\n' });
    } finally {
      if (saved === undefined) delete process.env.CUE_EXPERIMENT;
      else process.env.CUE_EXPERIMENT = saved;
    }
  });

  it('--check lists the files that would change and exits 1', async () => {
    write('a.cue', messy);
    write('b.cue', clean);
    const r = await run(['--check', 'a.cue', 'b.cue']);
    expect(r).toEqual({ code: 1, stdout: 'a.cue\n', stderr: '' });
    expect(read('a.cue')).toBe(messy);
    expect(await run(['--check', 'b.cue'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('-d prints a unified diff instead of writing', async () => {
    write('a.cue', messy);
    const r = await run(['-d', 'a.cue']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'diff a.cue.orig a.cue',
        '--- a.cue.orig',
        '+++ a.cue',
        // Lines are matched on lines unique to both sides (Go's anchored diff, as cue prints
        // it): the blank line is not unique, so nothing anchors here.
        '@@ -1,6 +1,4 @@',
        '-a: 1',
        '-bbb:   {x: 2}',
        '-',
        '-',
        '-',
        '-c: [1,2]',
        '+a:   1',
        '+bbb: {x: 2}',
        '+',
        '+c: [1, 2]',
        '',
        '',
      ].join('\n'),
    );
    expect(read('a.cue')).toBe(messy);
    expect((await run(['--diff', 'a.cue'])).stdout).toBe(r.stdout);
  });

  it('diff hunks keep three lines of context', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `f${i}: ${i}`);
    const text = lines.join('\n\n') + '\n';
    write('long.cue', text.replace('f10: 10', 'f10:    10'));
    const r = await run(['-d', 'long.cue']);
    expect(r.stdout).toBe('diff long.cue.orig long.cue\n--- long.cue.orig\n+++ long.cue\n@@ -18,7 +18,7 @@\n \n f9: 9\n \n-f10:    10\n+f10: 10\n \n f11: 11\n \n\n');
  });

  it('formats stdin to stdout with -', async () => {
    const r = await run(['-'], messy);
    expect(r).toEqual({ code: 0, stdout: clean, stderr: '' });
    const bad = await run(['-'], 'a: (\n');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('-:');
  });

  it('formats the .cue files of a directory, and of a tree with /...', async () => {
    write('d/a.cue', messy);
    write('d/notes.txt', messy);
    write('d/sub/b.cue', messy);
    write('d/_skip/c.cue', messy);
    expect((await run(['d'])).code).toBe(0);
    expect(read('d/a.cue')).toBe(clean);
    expect(read('d/notes.txt')).toBe(messy);
    expect(read('d/sub/b.cue')).toBe(messy);
    expect((await run(['d/...'])).code).toBe(0);
    expect(read('d/sub/b.cue')).toBe(clean);
    expect(read('d/_skip/c.cue')).toBe(messy);
  });

  it('without arguments formats the working directory', async () => {
    write('a.cue', messy);
    expect((await run([])).code).toBe(0);
    expect(read('a.cue')).toBe(clean);
  });

  it('rejects unknown flags in one line', async () => {
    expect(await run(['--bogus', 'a.cue'])).toEqual({ code: 1, stdout: '', stderr: 'Error: unknown flag: --bogus\n' });
    const short = await run(['-z']);
    expect(short.code).toBe(1);
    expect(short.stderr).toBe("Error: unknown shorthand flag: 'z' in -z\n");
  });

  it('names a missing file in one line', async () => {
    write('a.cue', messy);
    const r = await run(['missing.cue', 'a.cue']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('could not find file or directory: missing.cue\n');
    expect(read('a.cue')).toBe(clean);
  });

  it('-s unquotes labels no reference would bind to, and prints [string]: _ as a final ...', async () => {
    write('s.cue', '"foo": "bar": 1\n"baz": 2\nx: {r: baz}\n"_h": 3\ny: {\n\t[string]: _\n\tz: 1\n}\n');
    const r = await run(['-s', '-'], read('s.cue'));
    expect(r).toEqual({ code: 0, stdout: 'foo: bar: 1\n"baz": 2\nx: r: baz\n"_h": 3\ny: {\n\tz: 1\n\t...\n}\n', stderr: '' });
  });

  it('--files walks paths in lexical order, skipping cue.mod, _ and . directories; rejects ...', async () => {
    write('t/file.cue', messy);
    write('t/dir/another.cue', messy);
    write('t/_skip/c.cue', messy);
    write('t/cue.mod/module.cue', messy);
    expect(await run(['--files', '--check', 't'])).toEqual({ code: 1, stdout: 't/dir/another.cue\nt/file.cue\n', stderr: '' });
    expect(await run(['--files', '--check', 't/...'])).toEqual({ code: 1, stdout: '', stderr: 'cannot use "..." in --files mode\n' });
  });

  it('lists the files of instances in the loader order: parent directories first, then by name', async () => {
    write('p/a/b/c.cue', 'package p\nx:   1\n');
    write('p/a/a.cue', 'package p\nx:   1\n');
    write('p/x/x.cue', 'package p\nx:   1\n');
    expect((await run(['--check', 'p/a/b/c.cue', 'p/x/x.cue', 'p/a/a.cue'])).stdout).toBe('p/a/a.cue\np/x/x.cue\np/a/b/c.cue\n');
    expect((await run(['--check', './p/a/...'])).stdout).toBe('p/a/a.cue\np/a/b/c.cue\n');
    expect(await run(['--check', 'nosuch'])).toEqual({ code: 1, stdout: '', stderr: 'cannot find package "nosuch"\n' });
    expect((await run(['--check', 'x.weird'])).stderr).toBe('unknown file extension .weird\n');
  });

  it('keeps a list written without commas that way', async () => {
    const r = await run(['-'], 'a: [\n\t1\n\t2\n]\nb: [\n\t1,\n\t2\n]\n');
    expect(r.stdout).toBe('a: [\n\t1\n\t2\n]\nb: [\n\t1,\n\t2,\n]\n');
  });

  it('prints help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cue-lite fmt [flags]');
    expect(r.stdout).toContain('--check');
    const viaHelp = await main(['help', 'fmt'], { stdout: () => {}, stderr: () => {}, cwd: dir });
    expect(viaHelp).toBe(0);
  });
});
