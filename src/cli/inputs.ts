/// <reference types="node" />
/**
 * Command-line inputs, read from the file system the way `cue` reads them:
 *
 * - `.cue` files are one package, unified; `-` is standard input, read as CUE;
 * - a directory stands for its `.cue` files (sorted; names starting with `.` or `_` skipped,
 *   and `*_tool.cue` / `*_test.cue`, which CUE reserves for `cue cmd` and tests);
 * - no argument at all means the current directory;
 * - `.json`, `.yaml`, `.yml` files are data. A YAML file with several documents (`---`) gives one
 *   input per document, each keeping its line numbers, because the library reads one document
 *   per file. eval/export unify them all at the root (as `cue export` does); vet checks each
 *   document on its own.
 *
 * Names are paths relative to the working directory (`a.cue`, `sub/b.cue`, `../x.cue`); the
 * library prints them as CUE does (`./a.cue:1:4`). Every problem is collected (one line each)
 * so that a run reports all missing files at once. Shared by eval, export, vet, render, schema.
 */
import { readFile, readdir, stat } from './fs-async.js';
import path from 'node:path';
import { type InputFile, Source, decodeUTF8 } from '../index.js';
import { JSONSyntaxError, readJSONStream } from '../encoding/json-decode.js';
import type { CliIO } from './io.js';

export interface DataFile {
  /** The name shown in positions. */
  readonly name: string;
  /** One input per YAML document (a single one for JSON and one-document YAML). */
  readonly documents: InputFile[];
}

export interface LoadedInputs {
  /** The CUE package: `.cue` files and standard input, in argument order. */
  readonly cue: InputFile[];
  /** Data files, in argument order. */
  readonly data: DataFile[];
  /** One line per input that could not be used (missing, unreadable, unknown type). */
  readonly errors: string[];
}

export type FileKind = 'cue' | 'json' | 'yaml' | 'jsonl';

/** The kind of a file by its extension, as `cue` chooses it; undefined for an unknown one. */
export function fileKind(name: string): FileKind | undefined {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.cue') return 'cue';
  if (ext === '.json') return 'json';
  if (ext === '.jsonl' || ext === '.ldjson') return 'jsonl';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return undefined;
}

/**
 * `kinds`: the type a file-type qualifier gives an argument (file-qualifiers.ts), over its
 * extension. `keepEmpty`: empty YAML documents count, as null (for `--list`).
 */
export async function loadInputs(args: readonly string[], io: CliIO, kinds: ReadonlyMap<string, FileKind> = new Map(), keepEmpty = false): Promise<LoadedInputs> {
  const cwd = io.cwd ?? process.cwd();
  const cue: InputFile[] = [];
  const data: DataFile[] = [];
  const errors: string[] = [];
  let stdinText: string | undefined;

  const addFile = async (abs: string, shown: string, kind: FileKind): Promise<void> => {
    let text: string;
    try {
      // Bytes first: invalid UTF-8 is an error naming the file, line and column, not U+FFFD.
      const decoded = decodeUTF8(await readFile(abs), shown);
      if (decoded.text === undefined) {
        for (const e of decoded.errors) errors.push(e.format().trimEnd());
        return;
      }
      text = decoded.text;
    } catch (e) {
      errors.push(readError(e, shown));
      return;
    }
    if (kind === 'cue') cue.push({ name: shown, text, kind });
    else data.push({ name: shown, documents: documentsOf(shown, text, kind, keepEmpty) });
  };

  for (const arg of args.length > 0 ? args : ['.']) {
    if (arg === '-') {
      stdinText ??= io.readStdin ? await io.readStdin() : await readAllStdin();
      const kind = kinds.get(arg) ?? 'cue';
      if (kind === 'cue') cue.push({ name: '-', text: stdinText, kind: 'cue' });
      else data.push({ name: '-', documents: documentsOf('-', stdinText, kind, keepEmpty) });
      continue;
    }
    const abs = path.resolve(cwd, arg);
    const shown = displayPath(abs, cwd);
    let info;
    try {
      info = await stat(abs);
    } catch (e) {
      // cue reads the file type off the name before it looks for the file.
      const ext = path.extname(arg);
      errors.push(ext && !(kinds.get(arg) ?? fileKind(arg)) ? `unknown file extension ${ext}` : readError(e, arg));
      continue;
    }
    if (info.isDirectory()) {
      let names: string[];
      try {
        names = (await readdir(abs)).filter(isPackageFile).sort();
      } catch (e) {
        errors.push(readError(e, arg));
        continue;
      }
      const files: string[] = [];
      for (const n of names) {
        const p = path.join(abs, n);
        if ((await stat(p).catch(() => undefined))?.isFile()) files.push(p);
      }
      if (files.length === 0) errors.push(`no CUE files in ${arg}`);
      for (const p of files) await addFile(p, displayPath(p, cwd), 'cue');
      continue;
    }
    const kind = kinds.get(arg) ?? fileKind(arg);
    if (!kind) {
      const ext = path.extname(arg).slice(1);
      // cue's wording (internal/filetypes), which does not name the file.
      errors.push(ext ? `unknown file extension .${ext}` : `unknown filetype (no extension): ${arg}`);
      continue;
    }
    await addFile(abs, shown, kind);
  }
  return { cue, data, errors };
}

/** The inputs of a data file: one per YAML document or JSON line. */
function documentsOf(name: string, text: string, kind: Exclude<FileKind, 'cue'>, keepEmpty: boolean): InputFile[] {
  return kind === 'yaml' ? splitYAMLDocuments(name, text, keepEmpty) : kind === 'jsonl' ? splitJSONLines(name, text) : [{ name, text, kind }];
}

/** The files of a directory that belong to its package. */
function isPackageFile(name: string): boolean {
  return name.endsWith('.cue') && !name.startsWith('.') && !name.startsWith('_') && !name.endsWith('_tool.cue') && !name.endsWith('_test.cue');
}

/** A path as positions show it: relative to the working directory. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel === '' ? '.' : rel;
}

function readError(e: unknown, shown: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `could not find file or directory: ${shown}`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot read ${shown}: permission denied`;
  if (code === 'EISDIR') return `cannot read ${shown}: is a directory`;
  return `cannot read ${shown}: ${(e as Error).message}`;
}

/**
 * The documents of a YAML stream, each as its own input with the other documents' lines
 * blanked, so that line and column numbers stay those of the file. A line starting with `---`
 * or `...` at column 0 is always a document marker in YAML (no scalar may contain one there),
 * so splitting by lines is exact. Documents holding only comments or blank lines are dropped;
 * a file with one document is returned unchanged. With `keepEmpty`, an empty document after a
 * `---` is one of its own, `null`, as placing documents (`--list`, `-l`) takes it
 * (`[{kind: "Deployment"}, null, ...]`, issue3464.txtar); an empty text before the first `---`
 * is still none.
 */
export function splitYAMLDocuments(name: string, text: string, keepEmpty = false): InputFile[] {
  const lines = text.split('\n');
  const docs: { from: number; to: number; firstLine: string }[] = [];
  let from = 0;
  let firstLine: string | undefined;
  const close = (to: number) => {
    docs.push({ from, to, firstLine: firstLine ?? '' });
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.replace(/\r$/, '');
    const m = /^(---|\.\.\.)(?=\s|$)/.exec(l);
    if (!m) continue;
    close(i);
    from = i;
    // `--- value` keeps its content (the marker blanked); `...` only ends a document.
    firstLine = m[1] === '---' ? '   ' + l.slice(3) : '';
  }
  close(lines.length);
  const nonEmpty = docs.filter((d, k) => {
    const body = lines.slice(d.from, d.to);
    const marked = k > 0 || /^(---|\.\.\.)(?=\s|$)/.test(body[0] ?? '');
    if (marked) body[0] = d.firstLine;
    const empty = !body.some((l) => !/^\s*(#.*)?\r?$/.test(l) && !/^%/.test(l));
    if (empty && keepEmpty && k > 0 && /^---/.test(lines[d.from] ?? '')) {
      // Read as `null` (an empty text reads as `*null | _`, for a file that is empty).
      d.firstLine = 'null' + d.firstLine.slice(4);
      return true;
    }
    return !empty;
  });
  if (nonEmpty.length <= 1 && docs.length === 1) return [{ name, text, kind: 'yaml' }];
  if (nonEmpty.length === 0) return [{ name, text: '', kind: 'yaml' }];
  return nonEmpty.map((d) => {
    const out = lines.map((l, i) => (i < d.from || i >= d.to ? '' : l));
    if (/^(---|\.\.\.)(?=\s|$)/.test(out[d.from] ?? '')) out[d.from] = d.firstLine;
    // Directives (`%YAML 1.2`) belong to the stream, not to a document's body.
    return { name, text: out.map((l) => (/^%/.test(l) ? '' : l)).join('\n'), kind: 'yaml' as const };
  });
}

/**
 * The values of a JSON Lines file (any stream of JSON values), each as its own JSON input with
 * the other values blanked, so that positions stay those of the file. A stream that does not
 * read as JSON is returned whole, to be reported by the JSON reader.
 */
export function splitJSONLines(name: string, text: string): InputFile[] {
  let spans: { start: number; end: number }[];
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  try {
    spans = readJSONStream(new Source(name, text)).map((e) => e.span);
  } catch (e) {
    // The stream breaks where the next value should start (`hi there` after two values):
    // read from there as one document, whose error says so at that place ("invalid
    // character 'h' looking for beginning of value"), not as the whole text would
    // ("after top-level value", vet_trailing).
    const at = e instanceof JSONSyntaxError ? Math.min(e.offset, text.length) : 0;
    return [{ name, text: blank(text.slice(0, at)) + text.slice(at), kind: 'json' }];
  }
  if (spans.length <= 1) return [{ name, text, kind: 'json' }];
  return spans.map((sp) => ({ name, text: blank(text.slice(0, sp.start)) + text.slice(sp.start, sp.end) + blank(text.slice(sp.end)), kind: 'json' as const }));
}

export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
