/// <reference types="node" />
// The CLI runs on Node only (the library itself stays free of Node types: tsconfig "types": []).
/**
 * `cue-lite fmt`: rewrites CUE files in the canonical format, like `cue fmt`.
 *
 *   cue-lite fmt [--check] [-d|--diff] [FILE | DIR | DIR/... | -]...
 *
 * A file is rewritten only when its formatting changes, atomically (a temporary file in the
 * same directory, then a rename), so an interrupted run never leaves a half-written file. A file
 * with a syntax error is reported and left untouched; the other files are still formatted and
 * the exit code is 1.
 */
import { lstat, readFile, readdir, realpath, rename, stat, unlink, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { Source, formatFile, parseFile } from '../index.js';
import { unifiedDiff } from './fmt-diff.js';
import type { CliIO, Command } from './io.js';
import { UsageError } from './io.js';

const help = `Format CUE files in the standard style.

Usage:
  cue-lite fmt [flags] [FILE | DIR | DIR/... | -]...

Each FILE is rewritten in place when its formatting changes. A DIR formats the .cue files in
it; DIR/... also those in its subdirectories (skipping cue.mod and names starting with "."
or "_"). "-" formats standard input to standard output. Without arguments, the .cue files of
the current directory are formatted.

Flags:
      --check   list the files whose formatting would change, write nothing; exit 1 if any
  -d, --diff    print a unified diff of the changes instead of rewriting files
  -h, --help    help for fmt
`;

interface FmtFlags {
  check: boolean;
  diff: boolean;
}

export const fmtCommand: Command = async (args, io) => {
  const flags: FmtFlags = { check: false, diff: false };
  const inputs: string[] = [];
  let onlyArgs = false;
  for (const arg of args) {
    if (onlyArgs || arg === '-' || !arg.startsWith('-')) inputs.push(arg);
    else if (arg === '--') onlyArgs = true;
    else if (arg === '--check') flags.check = true;
    else if (arg === '-d' || arg === '--diff') flags.diff = true;
    else if (arg === '-h' || arg === '--help') {
      io.stdout(help);
      return 0;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown flag: ${arg.split('=')[0]}`);
    else throw new UsageError(`unknown shorthand flag: '${arg[1]}' in ${arg}`);
  }
  const cwd = io.cwd ?? process.cwd();
  if (inputs.length === 0) inputs.push('.');

  let failed = false;
  let changed = false;
  for (const input of inputs) {
    if (input === '-') {
      const text = io.readStdin ? await io.readStdin() : await readAllStdin();
      const result = formatText('-', text, io);
      if (result === undefined) {
        failed = true;
        continue;
      }
      if (result !== text) changed = true;
      report('-', text, result, flags, io, () => io.stdout(result));
      continue;
    }
    let files: string[];
    try {
      files = await expandInput(input, cwd);
    } catch (e) {
      io.stderr(`Error: ${(e as Error).message}\n`);
      failed = true;
      continue;
    }
    for (const abs of files) {
      const shown = displayPath(abs, cwd);
      const text = await readFile(abs, 'utf8');
      const result = formatText(shown, text, io);
      if (result === undefined) {
        failed = true;
        continue;
      }
      if (result === text) continue;
      changed = true;
      let writeError: Error | undefined;
      await report(shown, text, result, flags, io, async () => {
        try {
          await writeAtomically(abs, result);
        } catch (e) {
          writeError = e as Error;
        }
      });
      if (writeError) {
        io.stderr(`Error: cannot write ${shown}: ${writeError.message}\n`);
        failed = true;
      }
    }
  }
  return failed || (flags.check && changed) ? 1 : 0;
};

/** Parses and formats; on syntax errors prints them and returns undefined. */
function formatText(name: string, text: string, io: CliIO): string | undefined {
  const { file, errors } = parseFile(new Source(name, text));
  if (errors.length > 0) {
    for (const e of errors) io.stderr(e.format());
    return undefined;
  }
  return formatFile(file);
}

/** What to do with a file whose formatting changed: diff, list, or `write`. */
async function report(shown: string, before: string, after: string, flags: FmtFlags, io: CliIO, write: () => void | Promise<void>): Promise<void> {
  if (flags.diff) {
    if (before !== after) io.stdout(unifiedDiff(shown + '.orig', before, shown, after));
  } else if (flags.check) {
    if (before !== after) io.stdout(shown + '\n');
  } else await write();
}

/** The files an argument names: a file, the .cue files of a directory, or of a tree (`dir/...`). */
async function expandInput(input: string, cwd: string): Promise<string[]> {
  const recursive = input === '...' || input.endsWith('/...');
  const base = recursive ? input.slice(0, -3) || '.' : input;
  const abs = path.resolve(cwd, base);
  let info;
  try {
    info = await stat(abs);
  } catch {
    throw new Error(`could not find file or directory: ${input}`);
  }
  if (!info.isDirectory()) {
    if (recursive) throw new Error(`not a directory: ${base}`);
    return [abs];
  }
  const out: string[] = [];
  await collectCueFiles(abs, recursive, out);
  return out;
}

async function collectCueFiles(dir: string, recursive: boolean, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const skip = e.name === 'cue.mod' || e.name.startsWith('.') || e.name.startsWith('_');
      if (recursive && !skip) await collectCueFiles(p, recursive, out);
    } else if (e.name.endsWith('.cue') && (e.isFile() || (e.isSymbolicLink() && (await stat(p)).isFile()))) out.push(p);
  }
}

/** Positions and names are shown relative to the working directory, as `cue` does. */
function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
}

/**
 * Replaces a file's contents so that readers see either the old or the new text: write a
 * temporary file next to it (same file system, so the rename is atomic), keep the mode, rename.
 * A symbolic link is resolved first, so that the link itself stays a link.
 */
async function writeAtomically(file: string, text: string): Promise<void> {
  let target = file;
  if ((await lstat(file)).isSymbolicLink()) {
    target = await realpath(file);
  }
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const mode = (await stat(target)).mode & 0o7777;
  try {
    await writeFile(tmp, text, { mode, flag: 'wx' });
    await chmod(tmp, mode);
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
