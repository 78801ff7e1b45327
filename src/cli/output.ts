/// <reference types="node" />
/**
 * Output of eval and export: encoding values (CUE, JSON, YAML, text), error printing, and
 * `-o FILE` written atomically. Shared by every command that prints values.
 */
import { link, lstat, realpath, rename, stat, unlink, writeFile } from './fs-async.js';
import path from 'node:path';
import { CueError, CueErrorList, ErrorCode, type Value } from '../index.js';
import type { CliIO } from './io.js';
import { experimentFlags } from './cue-experiment.js';
import { UsageError } from './io.js';

export type OutFormat = 'cue' | 'json' | 'yaml' | 'text';

/**
 * An output encoding: the format and its boolean tags, as `--out json+compact` or
 * `--out yaml+indentSequences=false` name them (cue's file qualifiers).
 */
export interface OutEncoding {
  format: OutFormat;
  /** json, cue: no whitespace / everything on one line. */
  compact: boolean;
  /** yaml: list items indented under their key (the default). */
  indentSequences: boolean;
  /** json: `<`, `>` and `&` escaped as `\u003c`, `\u003e`, `\u0026` (`cue export --escape`). */
  escapeHTML?: boolean;
}

/** The boolean tags each format takes, with their defaults. */
const formatTags: Record<OutFormat, Record<string, boolean>> = {
  json: { compact: false },
  cue: { compact: false },
  yaml: { indentSequences: true },
  text: {},
};

/**
 * The encoding named by `--out` (a format with `+tag` or `+tag=bool` qualifiers), or by the
 * `-o` file's extension when `--out` is not given (as `cue` does). Throws UsageError for an
 * unknown format or a tag the format does not take.
 */
export function chooseEncoding(out: string | undefined, outFile: string | undefined, fallback: OutFormat, allowed: readonly OutFormat[]): OutEncoding {
  const defaults = (format: OutFormat): OutEncoding => ({ format, compact: false, indentSequences: true });
  if (out === undefined) {
    if (outFile && outFile !== '-') {
      const ext = path.extname(outFile).toLowerCase();
      const byExt: Record<string, OutFormat> = { '.cue': 'cue', '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.txt': 'text' };
      const f = byExt[ext];
      if (f && allowed.includes(f)) return defaults(f);
    }
    return defaults(fallback);
  }
  const [name, ...tags] = out.split('+');
  const format = name as OutFormat;
  if (!allowed.includes(format)) {
    const list = allowed.length === 1 ? `only ${allowed[0]}` : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
    throw new UsageError(`unsupported output format ${JSON.stringify(name)} (${list})`);
  }
  const enc = defaults(format);
  for (const tag of tags) {
    const m = /^([A-Za-z][A-Za-z0-9]*)(?:=(true|false))?$/.exec(tag);
    const known = formatTags[format];
    if (!m || !Object.prototype.hasOwnProperty.call(known, m[1]!)) {
      const others = Object.keys(known);
      throw new UsageError(
        `--out ${out}: field ${JSON.stringify(m ? m[1] : tag)} not allowed` + (others.length > 0 ? ` (${format} takes ${others.map((t) => `+${t}`).join(', ')})` : ` (${format} takes no tags)`),
      );
    }
    (enc as unknown as Record<string, boolean>)[m[1]!] = m[2] !== 'false';
  }
  return enc;
}

/** The printed form of errors: sorted, duplicates removed, CUE's format. */
export function formatErrors(errors: readonly CueError[]): string {
  return errors.length > 0 ? new CueErrorList(errors).format() : '';
}

/** A thrown CueErrorList as its errors; anything else is a bug of ours and is rethrown. */
export function errorsOf(e: unknown): CueError[] {
  if (e instanceof CueErrorList) return [...e.errors];
  throw e;
}

/**
 * One value in a data format, requiring it to be concrete (export's rule).
 * `label` is the path printed with `--out text` errors.
 */
export function encodeConcrete(v: Value, enc: OutEncoding, label: readonly string[] = []): { text?: string; errors: CueError[] } {
  try {
    switch (enc.format) {
      case 'json': {
        const text = v.exportJSON({ compact: enc.compact });
        return { text: enc.escapeHTML ? escapeHTML(text) : text, errors: [] };
      }
      case 'yaml':
        return { text: v.exportYAML({ indentSequences: enc.indentSequences }), errors: [] };
      case 'cue': {
        const errors = v.validate({ concrete: true });
        if (errors.length > 0) return { errors };
        return { text: cueFileForm(v.exportCUE({ final: true, definitions: false, compact: enc.compact, formatV1: !experimentFlags(process.env.CUE_EXPERIMENT).formatV2 }), enc.compact), errors: [] };
      }
      case 'text': {
        const js = v.toJS();
        if (typeof js === 'string') return { text: js + '\n', errors: [] };
        return { errors: [new CueError(ErrorCode.eval, `cannot use value ${compact(js)} (type ${v.kind()}) as string`, label)] };
      }
    }
  } catch (e) {
    return { errors: errorsOf(e) };
  }
}

/**
 * JSON text with `<`, `>` and `&` escaped, as Go's encoding/json does with SetEscapeHTML(true)
 * (what `cue export --escape` asks for). Outside strings JSON text never holds these
 * characters, so replacing them everywhere only touches strings and keys.
 */
export function escapeHTML(json: string): string {
  return json.replace(/[<>&]/g, (c) => '\\u00' + c.charCodeAt(0).toString(16));
}

/** Joins several encoded values as `cue` streams them: YAML documents separated by `---`. */
export function joinValues(texts: readonly string[], format: OutFormat): string {
  return format === 'yaml' ? texts.join('---\n') : texts.join('');
}

/**
 * A value printed by exportCUE as a top-level file: `exportCUE` prints a looked-up struct as
 * an expression (`{\n\tx: 1\n}`), but `cue eval -e x` prints its fields like a file.
 * (An `asFile` option on exportCUE would make this unnecessary.)
 */
export function cueFileForm(text: string, compact = false): string {
  // The lets a value on its own refers to follow it (`//cue:path: x` and `let X = ...`).
  const lets = text.indexOf('\n\n//cue:path: ');
  if (lets >= 0) return cueFileForm(text.slice(0, lets) + '\n', compact) + text.slice(lets + 1);
  // Compact: a struct is one line, `{a: 1, b: 2}`, and its fields are the file's line.
  if (compact) return text.replace(/^((?:import (?:"[^"\n]*"|\([^)]*\))\n\n)?)\{(.*)\}\n$/, (_, imports: string, body: string) => imports + body + (body === '' ? '' : '\n'));
  // An empty struct is an empty file: one empty line, as cue prints it.
  if (text === '{}\n' || text === '{}') return '\n';
  // The imports the value uses come first (`import "strings"` and a blank line).
  const m = /^((?:import (?:"[^"\n]*"|\([^)]*\))\n\n)?)\{\n([\s\S]*)\n\}\n?$/.exec(text);
  if (!m) return text;
  const body = m[2]!.split('\n').map((l) => (l.startsWith('\t') ? l.slice(1) : l));
  return m[1]! + body.join('\n') + '\n';
}

/**
 * `cue eval` indents with four spaces (kept "for legacy reasons" in CUE), where exportCUE uses
 * tabs. Only leading tabs change: strings never hold a raw tab (exportCUE escapes it as `\t`).
 */
export function spaceIndent(text: string): string {
  return text.replace(/^\t+/gm, (tabs) => '    '.repeat(tabs.length));
}

/** A short one-line form of a JS value for messages: `{x:1,y:[1,2]}`. */
function compact(x: unknown): string {
  if (typeof x === 'bigint') return x.toString();
  if (Array.isArray(x)) return '[' + x.map(compact).join(',') + ']';
  if (x instanceof Uint8Array) return `'…'`;
  if (x && typeof x === 'object') {
    return '{' + Object.entries(x).map(([k, v]) => (/^[\p{L}_$][\p{L}\p{Nd}_$]*$/u.test(k) ? k : JSON.stringify(k)) + ':' + compact(v)).join(',') + '}';
  }
  return JSON.stringify(x) ?? String(x);
}

/**
 * Sends output to stdout, or to `-o FILE`. A file is written atomically: a temporary file in the
 * same directory, then a rename (or, when the target must not be overwritten, a hard link, which
 * fails if the name was taken meanwhile), so a reader never sees half a file. As in `cue`, an
 * existing regular file is replaced only with `--force`; anything else (a pipe, /dev/null) is
 * written to directly. Returns an error line, or undefined on success.
 */
export async function writeOutput(io: CliIO, outFile: string | undefined, text: string, force: boolean): Promise<string | undefined> {
  if (outFile === undefined || outFile === '-') {
    io.stdout(text);
    return undefined;
  }
  const cwd = io.cwd ?? process.cwd();
  const target = path.resolve(cwd, outFile);
  const existing = await lstat(target).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
    if (existing.isDirectory()) return `error writing ${JSON.stringify(outFile)}: is a directory`;
    try {
      await writeFile(target, text);
      return undefined;
    } catch (e) {
      return `error writing ${JSON.stringify(outFile)}: ${reason(e)}`;
    }
  }
  if (existing && !force) return `error writing ${JSON.stringify(outFile)}: file already exists (use --force to overwrite)`;
  // Write through a symbolic link to its target, keeping the link.
  const real = existing?.isSymbolicLink() ? await realTarget(target) : target;
  const mode = existing ? (await stat(real).catch(() => undefined))?.mode : undefined;
  const tmp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx', mode: mode !== undefined ? mode & 0o7777 : 0o666 });
    if (existing) await rename(tmp, real);
    else await linkOrRename(tmp, real);
    return undefined;
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return `error writing ${JSON.stringify(outFile)}: file already exists (use --force to overwrite)`;
    return `error writing ${JSON.stringify(outFile)}: ${reason(e)}`;
  }
}

/** Moves tmp to a name that must not exist yet; falls back to rename where hard links are not supported. */
async function linkOrRename(tmp: string, target: string): Promise<void> {
  try {
    await link(tmp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
    await rename(tmp, target);
    return;
  }
  await unlink(tmp);
}

async function realTarget(p: string): Promise<string> {
  return realpath(p).catch(() => p);
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (e as Error).message;
}
