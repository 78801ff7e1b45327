/** A temporary directory per test and the CLI run in-process inside it (main(argv, io)). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { main } from '../../src/cli/main.js';

/** Makes a fresh directory before each test (handed to `set`) and removes it after. */
export function useTempDir(prefix: string, set: (dir: string) => void): void {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    set(dir);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
}

/** Runs `cue-lite <command> args...` with the directory as working directory; collects the output. */
export function cliRunner(command: string | undefined, cwd: () => string) {
  return async (args: string[], stdin?: string, dir = cwd()) => {
    let stdout = '';
    let stderr = '';
    const code = await main(command === undefined ? args : [command, ...args], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      cwd: dir,
      readStdin: async () => stdin ?? '',
    });
    return { code, stdout, stderr };
  };
}

/** Writes a file (creating folders) under the directory; returns its path. */
export function fileWriter(cwd: () => string) {
  return (name: string, text: string | Uint8Array) => {
    const p = path.join(cwd(), name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  };
}

export function fileReader(cwd: () => string) {
  return (name: string) => readFileSync(path.join(cwd(), name), 'utf8');
}
