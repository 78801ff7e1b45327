/// <reference types="node" />
// The CLI runs on Node only (the library itself stays free of Node types: tsconfig "types": []).
/**
 * `cue-lite fmt`: rewrites CUE files in the canonical format, like `cue fmt`.
 *
 *   cue-lite fmt [--check] [-d|--diff] [-s|--simplify] [--files] [FILE | DIR | DIR/... | -]...
 *
 * Without --files, arguments are read as `cue fmt` reads them, as instances: a directory is
 * the files of its packages, `DIR/...` those of every directory below it too, files given by
 * name form one instance; each file is printed in the loader's order (instances by directory,
 * then package name; files of a directory by name; named files parent directories first).
 * With --files, arguments are paths, walked in lexical order.
 *
 * A file is rewritten only when its formatting changes, atomically (a temporary file in the
 * same directory, then a rename), so an interrupted run never leaves a half-written file. A file
 * with a syntax error is reported and left untouched; the other files are still formatted and
 * the exit code is 1.
 */
import { access, lstat, readFile, readdir, realpath, rename, stat, unlink, writeFile, chmod } from './fs-async.js';
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { Source, formatFile, parseFile } from '../index.js';
import type { File } from '../syntax/ast.js';
import { unifiedDiff } from './fmt-diff.js';
import { experimentFlags } from './cue-experiment.js';
import type { CliIO, Command } from './io.js';
import { UsageError } from './io.js';

const help = `Format CUE files in the standard style.

Usage:
  cue-lite fmt [flags] [FILE | DIR | DIR/... | -]...

Arguments are instances, as for eval: a DIR formats the .cue files of its packages; DIR/...
also those of its subdirectories (skipping cue.mod and names starting with "." or "_");
files given by name are formatted whatever their package. "-" formats standard input to
standard output. Without arguments, the current directory is formatted. Each file is
rewritten in place when its formatting changes. "cue:" before a file name reads it as CUE
whatever its extension; other data files (.json, .yaml, ...) are skipped.

Flags:
      --check      list the files whose formatting would change, write nothing; exit 1 if any
  -d, --diff       print a diff of the changes instead of rewriting files
      --files      treat arguments as files or directories to walk recursively (no "...")
  -s, --simplify   simplify the output (unquote labels that are identifiers, ...)
  -h, --help       help for fmt
`;

interface FmtFlags {
  check: boolean;
  diff: boolean;
  simplify: boolean;
  files: boolean;
  /** Print as cue's pre-v2 printer (CUE_EXPERIMENT=formatv2=0). */
  formatV1?: boolean;
}

/** One file to format: read from disk (`abs`) or standard input. */
interface Job {
  shown: string;
  abs?: string;
}

/** Extensions `cue` reads as data, which `cue fmt` leaves alone. */
const dataExtensions = new Set(['.json', '.jsonl', '.ldjson', '.yaml', '.yml', '.toml', '.textproto', '.textpb', '.proto']);

export const fmtCommand: Command = async (args, io) => {
  const flags: FmtFlags = { check: false, diff: false, simplify: false, files: false };
  const inputs: string[] = [];
  let onlyArgs = false;
  for (const arg of args) {
    if (onlyArgs || arg === '-' || !arg.startsWith('-')) inputs.push(arg);
    else if (arg === '--') onlyArgs = true;
    else if (arg === '--check') flags.check = true;
    else if (arg === '-d' || arg === '--diff') flags.diff = true;
    else if (arg === '-s' || arg === '--simplify') flags.simplify = true;
    else if (arg === '--files') flags.files = true;
    else if (arg === '-h' || arg === '--help') {
      io.stdout(help);
      return 0;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown flag: ${arg.split('=')[0]}`);
    else throw new UsageError(`unknown shorthand flag: '${arg[1]}' in ${arg}`);
  }
  // CUE_EXPERIMENT=formatv2=0 selects cue's pre-v2 printer (main.ts has checked the variable).
  flags.formatV1 = !experimentFlags(process.env.CUE_EXPERIMENT).formatV2;
  const cwd = io.cwd ?? process.cwd();
  if (flags.files && inputs.some((a) => a.includes('...'))) {
    io.stderr('cannot use "..." in --files mode\n');
    return 1;
  }
  if (inputs.length === 0) inputs.push('.');

  let failed = false;
  const problem = (message: string) => {
    // As `cue fmt`, the message alone.
    io.stderr(`${message}\n`);
    failed = true;
  };
  const jobs = flags.files ? await fileJobs(inputs, cwd, problem) : await instanceJobs(inputs, cwd, problem);

  let changed = false;
  for (const job of jobs) {
    if (job.abs === undefined) {
      const text = io.readStdin ? await io.readStdin() : await readAllStdin();
      const result = formatText('-', text, flags, io);
      if (result === undefined) {
        failed = true;
        continue;
      }
      // Standard input is always written out, formatted or not, unless checking or diffing.
      if (!flags.check && !flags.diff) io.stdout(result);
      if (result === text) continue;
      changed = true;
      report('-', text, result, flags, io, () => undefined);
      continue;
    }
    let text: string;
    try {
      text = await readFile(job.abs, 'utf8');
    } catch (e) {
      problem(`cannot read ${job.shown}: ${(e as Error).message}`);
      continue;
    }
    const result = formatText(job.shown, text, flags, io);
    if (result === undefined) {
      failed = true;
      continue;
    }
    if (result === text) continue;
    changed = true;
    let writeError: Error | undefined;
    await report(job.shown, text, result, flags, io, async () => {
      try {
        await writeAtomically(job.abs!, result);
      } catch (e) {
        writeError = e as Error;
      }
    });
    if (writeError) problem(`cannot write ${job.shown}: ${writeError.message}`);
  }
  return failed || (flags.check && changed) ? 1 : 0;
};

/** Parses and formats; on syntax errors prints them and returns undefined. */
function formatText(name: string, text: string, flags: FmtFlags, io: CliIO): string | undefined {
  const { file, errors } = parseFile(new Source(name, text));
  if (errors.length > 0) {
    for (const e of errors) io.stderr(e.format());
    return undefined;
  }
  return formatFile(file, { simplify: flags.simplify, formatV1: flags.formatV1 });
}

/** What to do with a file whose formatting changed: diff, list, or `write`. */
async function report(shown: string, before: string, after: string, flags: FmtFlags, io: CliIO, write: () => void | Promise<void>): Promise<void> {
  // As `cue fmt`: the diff is followed by an empty line.
  if (flags.diff) io.stdout(unifiedDiff(shown + '.orig', before, shown, after) + '\n');
  else if (flags.check) io.stdout(shown + '\n');
  else await write();
}

// --- --files: paths walked in lexical order ------------------------------------------------

async function fileJobs(inputs: string[], cwd: string, problem: (m: string) => void): Promise<Job[]> {
  const jobs: Job[] = [];
  for (const input of inputs) {
    if (input === '-') {
      jobs.push({ shown: '-' });
      continue;
    }
    const abs = path.resolve(cwd, input);
    let info;
    try {
      info = await stat(abs);
    } catch {
      problem(`could not find file or directory: ${input}`);
      continue;
    }
    if (!info.isDirectory()) {
      if (abs.endsWith('.cue')) jobs.push({ shown: displayPath(abs, cwd), abs });
      continue;
    }
    const files: string[] = [];
    await walk(abs, true, files);
    for (const f of files) jobs.push({ shown: displayPath(f, cwd), abs: f });
  }
  return jobs;
}

/**
 * The .cue files under `dir` in lexical order of their paths' elements (a directory's entries
 * by name, a subdirectory's files where its name falls), skipping cue.mod and names starting
 * with "." or "_" below the root. With `recursive` false, only the files of `dir` itself.
 */
async function walk(dir: string, recursive: boolean, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(p).catch(() => undefined))?.isDirectory() === true);
    if (isDir) {
      const skip = e.name === 'cue.mod' || e.name.startsWith('.') || e.name.startsWith('_');
      if (recursive && !skip) await walk(p, recursive, out);
    } else if (e.name.endsWith('.cue') && (e.isFile() || (e.isSymbolicLink() && (await stat(p).catch(() => undefined))?.isFile() === true))) out.push(p);
  }
}

// --- instances ---------------------------------------------------------------------------

/** The files of the instances that the arguments name, in the order `cue fmt` prints them. */
async function instanceJobs(inputs: string[], cwd: string, problem: (m: string) => void): Promise<Job[]> {
  const named: string[] = [];
  const dirs = new Set<string>();
  let stdin = false;
  let asCue = false;
  for (const input of inputs) {
    if (input === '-') {
      stdin = true;
      continue;
    }
    if (input === 'cue:') {
      asCue = true;
      continue;
    }
    const forceCue = asCue;
    asCue = false;
    const recursive = input === '...' || input.endsWith('/...');
    const base = recursive ? input.slice(0, -3) || '.' : input;
    const abs = path.resolve(cwd, base);
    const info = await stat(abs).catch(() => undefined);
    if (info === undefined) {
      // As cue's loader: a name with an extension is a file, one without a package.
      const ext = path.extname(base);
      if (ext === '' || recursive) problem(`cannot find package "${input}"`);
      else if (forceCue || ext === '.cue' || dataExtensions.has(ext)) problem(`could not find file or directory: ${input}`);
      else problem(`unknown file extension ${ext}`);
      continue;
    }
    if (info.isDirectory()) {
      if (recursive) await packageDirs(abs, dirs);
      else dirs.add(abs);
      continue;
    }
    if (recursive) {
      problem(`not a directory: ${base}`);
      continue;
    }
    const ext = path.extname(abs);
    if (forceCue || ext === '.cue') named.push(abs);
    else if (!dataExtensions.has(ext)) problem(`unknown file extension ${ext || path.basename(abs)}`);
  }
  const jobs: Job[] = [];
  if (stdin) jobs.push({ shown: '-' });
  // Named files form one instance: parent directories first, then by name.
  const depth = (f: string) => f.split(path.sep).length;
  named.sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const f of named) jobs.push({ shown: displayPath(f, cwd), abs: f });
  // Directories: instances by directory, then package name; a directory's files by name.
  for (const dir of [...dirs].sort()) {
    const files: string[] = [];
    await walk(dir, false, files);
    const withPkg = await Promise.all(files.map(async (f) => ({ f, pkg: await packageName(f) })));
    withPkg.sort((a, b) => (a.pkg < b.pkg ? -1 : a.pkg > b.pkg ? 1 : a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
    for (const { f } of withPkg) jobs.push({ shown: displayPath(f, cwd), abs: f });
  }
  return jobs;
}

/** The directories at or below `root` that `root/...` matches. */
async function packageDirs(root: string, out: Set<string>): Promise<void> {
  out.add(root);
  const entries = await readdir(root, { withFileTypes: true });
  for (const e of entries) {
    if (!e.isDirectory() || e.name === 'cue.mod' || e.name.startsWith('.') || e.name.startsWith('_')) continue;
    await packageDirs(path.join(root, e.name), out);
  }
}

/** A file's package name; files without one and `package _` belong together. */
async function packageName(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const parsed: File = parseFile(new Source(file, text)).file;
  const name = parsed.package?.name.name ?? '';
  return name === '_' ? '' : name;
}

/** Positions and names are shown relative to the working directory, as `cue` does. */
function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
}

/**
 * Replaces a file's contents so that readers see either the old or the new text: write a
 * temporary file next to it (same file system, so the rename is atomic), keep the mode, rename.
 * A file that may not be written is an error, left as it is.
 * A symbolic link is resolved first, so that the link itself stays a link.
 */
async function writeAtomically(file: string, text: string): Promise<void> {
  let target = file;
  if ((await lstat(file)).isSymbolicLink()) {
    target = await realpath(file);
  }
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  // A rename replaces a file the user may not write (mode 0444), as long as the directory is
  // writable: ask the system whether the file itself may be written, as `cue fmt` does by
  // opening it for writing (cmd/cue/cmd/testdata/script/fmt_issue1791.txtar).
  await access(target, fsConstants.W_OK);
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
