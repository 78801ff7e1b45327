/**
 * The command line with hostile or broken input, in-process through main(argv, io): writes are
 * atomic and leave the original untouched on any error (`fmt`, `export -o`), bad input files
 * (invalid UTF-8, YAML bombs, several documents, runaway templates) end in a clean message and
 * exit code 1, never a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

let dir: string;
const locked: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cue-lite-hostile-'));
});
afterEach(() => {
  for (const d of locked.splice(0)) unlock(d);
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: dir, readStdin: async () => '' });
  return { code, stdout, stderr };
}

function write(name: string, data: string | Uint8Array): string {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, data);
  return p;
}

/**
 * Makes a directory unwritable. Root ignores permission bits, so as root the directory is made
 * immutable (chattr +i, ext4 and similar); returns false when neither works.
 */
function lock(d: string): boolean {
  if (process.getuid?.() !== 0) {
    chmodSync(d, 0o555);
    locked.push(d);
    return true;
  }
  try {
    execFileSync('chattr', ['+i', d], { stdio: 'ignore' });
    locked.push(d);
    return true;
  } catch {
    return false;
  }
}
function unlock(d: string): void {
  if (process.getuid?.() !== 0) chmodSync(d, 0o755);
  else execFileSync('chattr', ['-i', d], { stdio: 'ignore' });
}

/** No stack trace, no internal error: what a user must never see. */
function expectCleanError(r: { code: number; stderr: string }) {
  expect(r.code).toBe(1);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at .*:\d+:\d+\)?\n|TypeError|RangeError/);
  expect(r.stderr.length).toBeGreaterThan(0);
}

describe('fmt writes atomically', () => {
  it('leaves a file with a syntax error untouched', async () => {
    const text = 'a: {\nb:   1\n';
    const p = write('bad.cue', text);
    const before = statSync(p).mtimeMs;
    const r = await run(['fmt', 'bad.cue']);
    expectCleanError(r);
    expect(r.stderr).toContain('bad.cue');
    expect(readFileSync(p, 'utf8')).toBe(text);
    expect(statSync(p).mtimeMs).toBe(before);
    expect(readdirSync(dir)).toEqual(['bad.cue']);
  });

  it('leaves every file untouched when one of several has a syntax error', async () => {
    write('good.cue', 'a:    1\n');
    write('bad.cue', 'a: [\n');
    const r = await run(['fmt', 'good.cue', 'bad.cue']);
    expect(r.code).toBe(1);
    expect(readFileSync(path.join(dir, 'bad.cue'), 'utf8')).toBe('a: [\n');
    // The good file is either formatted completely or not at all, never half-written.
    expect(['a:    1\n', 'a: 1\n']).toContain(readFileSync(path.join(dir, 'good.cue'), 'utf8'));
    expect(readdirSync(dir).sort()).toEqual(['bad.cue', 'good.cue']);
  });

  it('fails cleanly in a read-only directory and leaves the file as it was', async (t) => {
    const sub = path.join(dir, 'ro');
    const p = write('ro/a.cue', 'a:    1\n');
    if (!lock(sub)) t.skip();
    const r = await run(['fmt', 'ro/a.cue']);
    expectCleanError(r);
    expect(readFileSync(p, 'utf8')).toBe('a:    1\n');
    unlock(sub);
    locked.pop();
    expect(readdirSync(sub)).toEqual(['a.cue']);
  });

  it('leaves a file deeper than the parser limit untouched', async () => {
    const text = 'x: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    const p = write('deep.cue', text);
    const r = await run(['fmt', 'deep.cue']);
    expectCleanError(r);
    expect(r.stderr).toContain('nesting too deep');
    expect(readFileSync(p, 'utf8')).toBe(text);
  });
});

describe('export -o writes atomically', () => {
  it('creates no file when evaluation fails', async () => {
    write('a.cue', 'a: 1 & 2\n');
    const r = await run(['export', 'a.cue', '-o', 'out.json']);
    expectCleanError(r);
    expect(readdirSync(dir)).toEqual(['a.cue']);
  });

  it('leaves an existing file untouched when evaluation fails, even with --force', async () => {
    write('a.cue', 'x: "0123456789" * 10 * 1000000\n');
    const out = write('out.json', '{"old": true}\n');
    const r = await run(['export', 'a.cue', '-o', 'out.json', '--force']);
    expectCleanError(r);
    expect(r.stderr).toContain('string too long');
    expect(readFileSync(out, 'utf8')).toBe('{"old": true}\n');
    expect(readdirSync(dir).sort()).toEqual(['a.cue', 'out.json']);
  });

  it('refuses to overwrite without --force', async () => {
    write('a.cue', 'a: 1\n');
    const out = write('out.json', 'keep\n');
    const r = await run(['export', 'a.cue', '-o', 'out.json']);
    expectCleanError(r);
    expect(readFileSync(out, 'utf8')).toBe('keep\n');
  });

  it('fails cleanly into a missing or read-only directory, leaving no temporary file', async (t) => {
    write('a.cue', 'a: 1\n');
    expectCleanError(await run(['export', 'a.cue', '-o', 'missing/out.json']));
    mkdirSync(path.join(dir, 'ro'));
    write('ro/out.json', 'keep\n');
    if (!lock(path.join(dir, 'ro'))) t.skip();
    const r = await run(['export', 'a.cue', '-o', 'ro/out.json', '--force']);
    expectCleanError(r);
    unlock(path.join(dir, 'ro'));
    locked.pop();
    expect(readdirSync(path.join(dir, 'ro'))).toEqual(['out.json']);
    expect(readFileSync(path.join(dir, 'ro/out.json'), 'utf8')).toBe('keep\n');
  });
});

describe('hostile input files', () => {
  it.each([
    ['x: "0123456789" * 10 * 1000000\n', 'string too long'],
    ['x: [1] * 1000000000\n', 'list too long'],
    ['x: ' + '['.repeat(10000) + ']'.repeat(10000) + '\n', 'nesting too deep'],
    ['import "tool/exec"\nx: exec.Run\n', 'not supported by cue-lite'],
    ['x: "a" =~ "(?<=a)b"\n', 'invalid regexp'],
  ])('export of a hostile template ends in a clean error (%#)', async (src, message) => {
    write('a.cue', src);
    for (const cmd of ['export', 'eval', 'vet']) {
      const r = await run([cmd, 'a.cue']);
      expectCleanError(r);
      expect(r.stderr, cmd).toContain(message);
    }
  });

  it('a YAML alias bomb in a data file is stopped by the alias limit', async () => {
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    'bcdefghi'.split('').forEach((c, i) => lines.push(`${c}: &${c} [${Array(9).fill('*' + 'abcdefghi'[i]).join(', ')}]`));
    write('bomb.yaml', lines.join('\n') + '\n');
    write('schema.cue', 'a: [...string]\n');
    for (const args of [['export', 'bomb.yaml'], ['eval', 'bomb.yaml'], ['vet', 'schema.cue', 'bomb.yaml']]) {
      const cmd = args.join(' ');
      const r = await run(args);
      expectCleanError(r);
      expect(r.stderr, cmd).toContain('maxAliasExpansion');
    }
  });

  it('a YAML file with duplicate keys is an error', async () => {
    write('d.yaml', 'a: 1\na: 1\n');
    const r = await run(['export', 'd.yaml']);
    expectCleanError(r);
    expect(r.stderr).toContain('mapping key "a" already defined');
  });

  it('a multi-document YAML file: documents are unified (export) and conflicts reported with positions', async () => {
    write('d.yaml', 'a: 1\n---\na: 2\n');
    const r = await run(['export', 'd.yaml']);
    expectCleanError(r);
    expect(r.stderr).toContain('conflicting values');
    expect(r.stderr).toMatch(/d\.yaml:1:4[\s\S]*d\.yaml:3:4|d\.yaml:3:4[\s\S]*d\.yaml:1:4/);
  });

  it('__proto__ keys in a data file come out as data', async () => {
    write('d.json', '{"__proto__": {"polluted": 1}}');
    const r = await run(['export', 'd.json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse('{"__proto__": {"polluted": 1}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('invalid UTF-8 in an input file is an error naming the file, not replaced by U+FFFD', async () => {
    write('a.cue', new Uint8Array([...Buffer.from('a: "x'), 0xff, 0xfe, ...Buffer.from('"\n')]));
    write('d.yaml', new Uint8Array([...Buffer.from('a: '), 0xc3, 0x28, 0x0a]));
    write('d.json', new Uint8Array([...Buffer.from('{"a": "'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')]));
    for (const f of ['a.cue', 'd.yaml', 'd.json']) {
      const r = await run(['export', f]);
      expectCleanError(r);
      expect(r.stderr, f).toContain('invalid UTF-8');
    }
  });
});
