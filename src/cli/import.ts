/**
 * `cue-lite import`: JSON, YAML and JSON Lines files to CUE files, as `cue import` writes them
 * (cmd/cue/cmd/import.go and orphans.go at the pinned commit; goldens import_*.txtar):
 *
 *   cue-lite import [MODE] [flags] [FILES | PATTERNS...]
 *   cue-lite import ./... -p kube -l 'strings.ToCamel(kind)' -l metadata.name -f -R
 *
 * - Arguments: data files, or directories and package patterns (`.`, `./dir`, `./...`,
 *   `./dir/...`) standing for the data files in them (`-n GLOB` filters names; `--ext`
 *   chooses extensions). MODE `json`, `yaml` or `jsonl` limits the files to that format.
 * - Each file gives `NAME.cue` next to it (`-o FILE` writes one file, `-o -` standard output);
 *   an existing one is skipped with a notice unless `-f`.
 * - Placement as in eval (placement.ts): `-l`, `--list`, `--with-context`. Without them, a
 *   file's document must be a struct (its fields become the file's) and a file with several
 *   documents is an error naming the flags.
 * - `-p NAME` adds the package clause; `-R` turns strings holding JSON (an object or array) or
 *   multi-line YAML into `json.Marshal(_cue_x)` / `yaml.Marshal(_cue_x)` with the data in a
 *   `let _cue_x = ...` after the field (recursively), importing encoding/json|yaml.
 * - YAML comments are kept: a comment line is the doc comment of the next field or list
 *   element, a comment after a value its line comment.
 * - The output is simplified (`a: b: c`) and strings take the pinned CUE's quoting: `#"..."#`
 *   when only quotes or backslashes would need escaping, `"""` blocks for several lines.
 *
 * Every file is placed before anything is written: an error (a label that cannot be
 * evaluated, several documents without -l) writes nothing.
 */
/// <reference types="node" />
import { mkdir, readFile, readdir, stat, writeFile } from './fs-async.js';
import path from 'node:path';
import { Context, Source, formatFile } from '../index.js';
import type * as A from '../syntax/ast.js';
import { simplifyFile } from '../syntax/simplify.js';
import { parseJSONExpr, parseYAMLStream, quoteCUEString } from '../encoding/index.js';
import { validJSON } from '../encoding/json-text.js';
import type { Command } from './io.js';
import { UsageError } from './io.js';
import { type FlagSpec, formatFlagHelp, parseFlags } from './flags.js';
import { type DataFile, type FileKind, displayPath, fileKind, loadInputs } from './inputs.js';
import { applyQualifiers } from './file-qualifiers.js';
import { formatErrors } from './output.js';
import { labelFlag, listFlag, placeDataFile, placementOf, withContextFlag } from './placement.js';

const importFlags: readonly FlagSpec[] = [
  { name: 'package', short: 'p', kind: 'string', arg: 'NAME', help: 'package name for the CUE files' },
  labelFlag,
  listFlag,
  withContextFlag,
  { name: 'force', short: 'f', kind: 'bool', help: 'force overwriting existing files' },
  { name: 'outfile', short: 'o', kind: 'string', arg: 'FILE', help: 'write to FILE, or - for standard output, instead of NAME.cue next to each file' },
  { name: 'recursive', short: 'R', kind: 'bool', help: 'recursively parse string values holding JSON or YAML' },
  { name: 'name', short: 'n', kind: 'string', arg: 'GLOB', help: 'glob filter for data file names in directories' },
  { name: 'ext', kind: 'list', arg: 'EXT', help: 'match files with these extensions (repeatable)' },
  { name: 'dryrun', kind: 'bool', help: 'only say which files would be written' },
];

const help = `Convert JSON, YAML and JSON Lines files to CUE files.

Usage:
  cue-lite import [json|yaml|jsonl] [flags] [FILES | PATTERNS...]

Each data file NAME.json, NAME.yaml, NAME.yml or NAME.jsonl becomes NAME.cue next to it.
Directories and patterns (., ./dir, ./..., ./dir/...) stand for the data files in them.
Several documents in one file need -l (a path per document), --list or both; with
--with-context, -l expressions see data, filename, index and recordCount. An existing CUE
file is skipped unless -f is given. Exit code 1 on any error; nothing is written then.

Example (CUE's kubernetes tutorial):
  cue-lite import ./... -p kube -l 'strings.ToCamel(kind)' -l metadata.name -f -R

${formatFlagHelp(importFlags)}`;

const modes: Record<string, RegExp> = {
  json: /\.(json|jsonl|ndjson|ldjson)$/,
  yaml: /\.(yaml|yml)$/,
  jsonl: /\.(jsonl|ndjson|ldjson)$/,
  auto: /\.(json|yaml|yml|jsonl|ndjson|ldjson)$/,
  data: /\.(json|yaml|yml|jsonl|ndjson|ldjson)$/,
};

export const importCommand: Command = async (args, io) => {
  const flags = parseFlags(args, importFlags);
  if (flags.help) {
    io.stdout(help);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  let rest = flags.args;
  let filter = modes.data!;
  if (rest.length > 0 && !/[/\\:.]/.test(rest[0]!)) {
    const mode = rest[0]!;
    if (!modes[mode]) throw new UsageError(`unknown mode ${JSON.stringify(mode)}${['proto', 'openapi', 'jsonschema', 'toml', 'text', 'binary'].includes(mode) ? ' (not supported by cue-lite)' : ''}`);
    filter = modes[mode]!;
    rest = rest.slice(1);
  }
  const exts = flags.list('ext');
  if (exts.length > 0) filter = new RegExp(`\\.(${exts.map((e) => e.replace(/^\./, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  const glob = flags.string('name');
  const nameOK = glob ? globRegExp(glob) : undefined;

  // File-type qualifiers (`yaml: -`, `json: foo.data`): the type of the arguments after them.
  const qualified = applyQualifiers(rest);
  if (qualified.errors.length > 0) {
    io.stderr(qualified.errors.map((e) => e + '\n').join(''));
    return 1;
  }
  rest = qualified.args;
  /** The type of each file, by its absolute path (`-`: standard input), where a qualifier gave one. */
  const kinds = new Map<string, FileKind>();

  // Arguments to data files.
  const files: string[] = [];
  /** The package a `DIR:pkg` argument names for the files of its directories. */
  const qualifiers = new Map<string, string>();
  for (const given of rest.length > 0 ? rest : ['.']) {
    const kind = qualified.kinds.get(given);
    if (given === '-') {
      // Standard input, printed to standard output (issue116.txtar): its type must be given.
      if (kind === undefined || kind === 'cue') {
        io.stderr('unsupported file type for import: - (give its type: yaml: -, json: - or jsonl: -)\n');
        return 1;
      }
      kinds.set('-', kind);
      files.push('-');
      continue;
    }
    const q = /^(.*?):([\p{L}_$][\p{L}\p{Nd}_$]*)$/u.exec(given);
    const arg = q ? q[1] || '.' : given;
    const m = /^(.*?)(?:\/?\.\.\.)$/.exec(arg);
    const dirArg = m ? m[1] || '.' : arg;
    const abs = path.resolve(cwd, dirArg);
    const info = await stat(abs).catch(() => undefined);
    if (!info) {
      io.stderr(`could not find file or directory: ${arg}\n`);
      return 1;
    }
    if (info.isFile()) {
      const k = kind ?? fileKind(arg);
      if (!k || k === 'cue') {
        io.stderr(`unsupported file type for import: ${arg}\n`);
        return 1;
      }
      if (kind !== undefined) kinds.set(abs, kind);
      files.push(abs);
      continue;
    }
    const found = await dataFilesIn(abs, !!m, (n) => filter.test(n) && (!nameOK || nameOK.test(n)));
    if (found.length === 0 && !m) {
      io.stderr(`no data files found in ${arg}\n`);
      return 1;
    }
    if (q) for (const f of found) qualifiers.set(path.dirname(f), q[2]!);
    files.push(...found);
  }

  // The package of each directory: -p, else its `:pkg`, else its CUE files' package clause.
  // Several directories and one without a package name is an error, as in cue.
  const dirPackages = new Map<string, string | undefined>();
  for (const f of files) {
    if (f === '-') continue;
    const d = path.dirname(f);
    if (!dirPackages.has(d)) dirPackages.set(d, qualifiers.get(d) ?? (await packageOfDir(d)));
  }
  if (!flags.string('package') && dirPackages.size > 1 && [...dirPackages.values()].some((p) => !p)) {
    io.stderr('must specify package name with the -p flag\n');
    return 1;
  }

  const ctx = new Context();
  const placement = placementOf(flags);
  const pkg = flags.string('package');
  const outFile = flags.string('outfile');
  const outputs: { target: string; text: string }[] = [];
  for (const abs of files) {
    const shown = abs === '-' ? '-' : displayPath(abs, cwd);
    const kind = kinds.get(abs);
    const loaded = await loadInputs([shown], io, kind ? new Map([[shown, kind]]) : undefined, placement !== undefined);
    if (loaded.errors.length > 0) {
      io.stderr(loaded.errors.map((e) => e + '\n').join(''));
      return 1;
    }
    const data: DataFile = loaded.data[0]!;
    const r = placeDataFile(ctx, data, placement, { forImport: true, shownName: abs === '-' ? '-' : './' + shown });
    if (r.cueErrors.length > 0) {
      io.stderr(formatErrors(r.cueErrors));
      return 1;
    }
    if (!r.file) {
      io.stderr(r.errors.map((e) => e + '\n').join(''));
      return 1;
    }
    let file = r.file;
    attachYAMLComments(file, data);
    file = quoteStrings(file);
    if (flags.bool('recursive')) file = hoistEncodedStrings(file);
    file = expandBlockStructs(file);
    // Placed documents take the directory's package when -p is not given (orphans.go).
    const filePkg = pkg ?? (placement && abs !== '-' ? dirPackages.get(path.dirname(abs)) : undefined);
    if (filePkg) file = { ...file, package: { type: 'PackageClause', span: synthetic, name: { type: 'Ident', span: synthetic, name: filePkg } } };
    // Built values (the list of --list, the structs of -l) laid out as the pinned printer lays
    // out built syntax: `[{kind: "Deployment"}, {kind: "Other"}]` (issue3464.txtar).
    const text = formatFile(simplifyFile(file), { programmatic: true });
    const target = outFile ?? (abs === '-' ? '-' : abs.replace(/\.[^./]+$/, '') + '.cue');
    outputs.push({ target, text });
  }

  let status = 0;
  for (const { target, text } of outputs) {
    if (target === '-') {
      io.stdout(text);
      continue;
    }
    const abs = path.resolve(cwd, target);
    if (flags.bool('dryrun')) {
      io.stderr(`importing into ${path.relative(cwd, abs)}\n`);
      continue;
    }
    if (!flags.bool('force') && (await stat(abs).catch(() => undefined))) {
      io.stderr(`Skipping file ${JSON.stringify(abs)}: already exists.\nUse -f to override.\n`);
      continue;
    }
    try {
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, text);
    } catch (e) {
      io.stderr(`error writing ${JSON.stringify(target)}: ${(e as Error).message}\n`);
      status = 1;
    }
  }
  return status;
};

const synthetic = { src: new Source('-', ''), start: 0, end: 0 };

/** The package clause of the first CUE file of a directory that has one. */
async function packageOfDir(dir: string): Promise<string | undefined> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.cue') && !n.startsWith('.') && !n.startsWith('_')).sort();
  for (const n of names) {
    const text = await readFile(path.join(dir, n), 'utf8').catch(() => '');
    const m = /^\s*package\s+([\p{L}_$][\p{L}\p{Nd}_$]*)/mu.exec(text.replace(/\/\/[^\n]*/g, ''));
    if (m && m[1] !== '_') return m[1];
  }
  return undefined;
}

/** The data files of a directory (and, for `...`, of its subdirectories), sorted. */
async function dataFilesIn(dir: string, recursive: boolean, accept: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (recursive && e.name !== 'cue.mod' && e.name !== 'testdata') out.push(...(await dataFilesIn(p, true, accept)));
    } else if (accept(e.name)) out.push(p);
  }
  return out;
}

function globRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) re += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${re}$`);
}

// ---------------------------------------------------------------------------
// Strings as the pinned CUE quotes imported ones (import_quoting.txtar).

function quoteStrings(file: A.File): A.File {
  return mapTree(file, (n) => {
    if (n.type === 'Field') {
      const f = n as A.Field;
      if (f.value.type === 'BasicLit' && f.value.kind === 'string') return { ...f, value: { ...f.value, raw: importStringRaw(f.value.value) } };
    }
    if (n.type === 'ListLit') {
      const l = n as A.ListLit;
      return { ...l, elts: l.elts.map((e) => (e.type === 'BasicLit' && e.kind === 'string' ? { ...e, raw: importStringRaw(e.value) } : e)) };
    }
    return n;
  });
}

/** A string literal: `#"..."#` when only `"` or `\` need escaping, `"""` for several lines. */
export function importStringRaw(s: string): string {
  // eslint-disable-next-line no-control-regex
  const controls = /[\u0000-\u0008\u000b-\u001f\u007f]/.test(s);
  if (s.includes('\n') && !controls && !s.includes('\r')) {
    let h = '';
    while ((h !== '' || s.includes('\\') || s.includes('"""')) && (s.includes('"""' + h) || s.includes('\\' + h) || h === '')) h += '#';
    if (!s.includes('\\') && !s.includes('"""')) h = '';
    const body = s.split('\n').map((l) => (l === '' ? '' : l));
    return `${h}"""\n${body.join('\n')}\n"""${h}`;
  }
  if (!controls && !s.includes('\t') && (s.includes('"') || s.includes('\\'))) {
    let h = '#';
    while (s.includes('"' + h) || s.includes('\\' + h)) h += '#';
    return `${h}"${s}"${h}`;
  }
  return quoteCUEString(s);
}

// ---------------------------------------------------------------------------
// -R: strings holding JSON or YAML become data (the hoister of cmd/cue/cmd/import.go).

function hoistEncodedStrings(file: A.File): A.File {
  const used = new Set<string>();
  mapTree(file, (n) => {
    if (n.type === 'Field') {
      const l = (n as A.Field).label;
      if (l.type === 'Ident') used.add(l.name);
      else if (l.type === 'BasicLit') used.add(l.value);
    }
    return n;
  });
  const encodings = new Set<string>();
  const unique = (base: string): string => {
    const clean = [...base].map((c) => (/[\p{L}\p{N}]/u.test(c) ? c : '_')).join('');
    let typ = 'cue_';
    for (;;) {
      const name = '_' + typ + clean;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
      typ += 'x';
    }
  };
  const hoistDecls = (decls: readonly A.Declaration[]): A.Declaration[] => {
    const out: A.Declaration[] = [];
    for (const d of decls) {
      if (d.type !== 'Field') {
        out.push(hoistIn(d) as A.Declaration);
        continue;
      }
      const name = d.label.type === 'Ident' ? d.label.name : d.label.type === 'BasicLit' ? d.label.value : '';
      const v = d.value;
      const parsed = name && v.type === 'BasicLit' && v.kind === 'string' ? tryParse(v.value) : undefined;
      if (!parsed) {
        out.push(hoistIn(d) as A.Declaration);
        continue;
      }
      encodings.add(parsed.enc);
      const dataName = unique(name);
      const call: A.CallExpr = {
        type: 'CallExpr',
        span: synthetic,
        fun: { type: 'SelectorExpr', span: synthetic, expr: { type: 'Ident', span: synthetic, name: parsed.enc }, sel: { type: 'Ident', span: synthetic, name: 'Marshal' } },
        args: [{ type: 'Ident', span: synthetic, name: dataName }],
      };
      out.push({ ...d, value: call });
      const letExpr = quoteStrings({ type: 'File', span: synthetic, attrs: [], imports: [], decls: [{ type: 'EmbedDecl', span: synthetic, expr: hoistIn(parsed.expr) as A.Expr }] }).decls[0] as A.EmbedDecl;
      out.push({ type: 'LetClause', span: synthetic, ident: { type: 'Ident', span: synthetic, name: dataName }, expr: letExpr.expr });
    }
    return out;
  };
  const hoistIn = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(hoistIn);
    if (!node || typeof node !== 'object') return node;
    const n = node as { type?: string };
    if (n.type === 'Comprehension' || n.type === 'Comment') return node;
    if (n.type === 'StructLit') {
      const s = node as A.StructLit;
      return { ...s, decls: hoistDecls(s.decls) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === 'span' || k === 'comments' ? v : hoistIn(v);
    return out;
  };
  const decls = hoistDecls(file.decls);
  const specs: A.ImportSpec[] = [...encodings].sort().map((e) => ({ type: 'ImportSpec', span: synthetic, path: { type: 'BasicLit', span: synthetic, kind: 'string', raw: `"encoding/${e}"`, value: `encoding/${e}` } as A.BasicLit }));
  const imports: A.ImportDecl[] = specs.length > 0 ? [{ type: 'ImportDecl', span: synthetic, grouped: specs.length > 1, specs }] : [];
  return { ...file, imports: [...file.imports, ...imports], decls };
}

/** JSON holding an object or array, or several lines of YAML holding a mapping or sequence. */
function tryParse(str: string): { expr: A.Expr; enc: 'json' | 'yaml' } | undefined {
  const structured = (e: A.Expr | undefined) => e !== undefined && (e.type === 'StructLit' || e.type === 'ListLit');
  if (validJSON(str)) {
    const r = parseJSONExpr(new Source('-', str));
    return structured(r.expr) ? { expr: r.expr!, enc: 'json' } : undefined;
  }
  if (!str.includes('\n')) return undefined;
  const r = parseYAMLStream(new Source('-', str));
  if (r.errors.length > 0 || r.exprs.length !== 1) return undefined;
  return structured(r.exprs[0]) ? { expr: r.exprs[0]!, enc: 'yaml' } : undefined;
}

/**
 * A YAML block mapping is printed one field per line, as cue prints it, even when it sits on
 * one line of the YAML (`- name: x` in a sequence): its span is emptied so that the printer
 * lays it out as a struct without positions. Flow mappings (`{a: 1}`) keep their layout.
 */
function expandBlockStructs(file: A.File): A.File {
  return mapTree(file, (n) => {
    if (n.type === 'ListLit') {
      // A block sequence of mappings prints as cue prints it: `[{`, `}, {`, `}]`.
      const l = n as A.ListLit;
      const block = l.span.end > l.span.start && l.span.src.text[l.span.start] === '-';
      if (block && l.elts.length > 0 && l.elts.every((e) => e.type === 'StructLit' && !e.comments?.doc?.length && !e.comments?.line)) return { ...l, span: { ...l.span, end: l.span.start } };
      // Other block sequences print one element per line: the list is taken to open on the
      // line before its first `-` (the key's line), as in the YAML.
      if (block) {
        const nl = l.span.src.text.lastIndexOf('\n', l.span.start - 1);
        if (nl >= 0) return { ...l, span: { ...l.span, start: nl } };
      }
      return n;
    }
    if (n.type !== 'StructLit') return n;
    const s = n as A.StructLit;
    if (s.span.end <= s.span.start || s.span.src.text[s.span.start] === '{') return n;
    return { ...s, span: { ...s.span, end: s.span.start } };
  });
}

// ---------------------------------------------------------------------------
// YAML comments.

/**
 * Attaches the comments of a YAML file to the nodes that start on the following line (doc
 * comments) or that end on the same line (line comments). The decoder keeps no comments, so
 * they are found in the text: a `#` at the start of a line or after a blank, outside quotes.
 */
function attachYAMLComments(file: A.File, data: DataFile): void {
  if (!data.documents.some((d) => d.kind === 'yaml')) return;
  const text = data.documents[0]!.text.length > 0 ? fullText(data) : '';
  if (!text.includes('#')) return;
  // The nodes that can carry comments, by the line they start on and the line they end on.
  const starts = new Map<number, { comments?: A.Comments }>();
  const ends = new Map<number, { comments?: A.Comments }>();
  const lineOf = (sp: { src: Source; start: number }) => sp.src.position(sp.start).line;
  const visit = (node: unknown, listElem: boolean): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, false);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; span?: { src: Source; start: number; end: number } };
    if ((n.type === 'Field' || (listElem && n.type !== 'StructLit')) && n.span && n.span.src.name === data.name && n.span.end > n.span.start) {
      const first = lineOf(n.span);
      if (!starts.has(first)) starts.set(first, n as { comments?: A.Comments });
      const last = n.span.src.position(Math.max(n.span.start, n.span.end - 1)).line;
      if (n.type === 'Field' || (n.type !== 'StructLit' && n.type !== 'ListLit')) ends.set(last, n as { comments?: A.Comments });
    }
    if (n.type === 'ListLit') {
      for (const e of (node as A.ListLit).elts) visit(e, true);
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'comments') visit(v, false);
  };
  visit(file.decls, false);
  const lines = text.split('\n');
  const offsets: number[] = [];
  for (let i = 0, o = 0; i < lines.length; o += lines[i]!.length + 1, i++) offsets.push(o);
  let anySrc: Source | undefined;
  for (const n of starts.values()) anySrc ??= (n as { span?: { src: Source } }).span?.src;
  if (!anySrc) return;
  let pending: A.Comment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const c = commentStart(lines[i]!);
    const lineNo = i + 1;
    const code = c < 0 ? lines[i]! : lines[i]!.slice(0, c);
    if (pending.length > 0 && code.trim() !== '' && !/^(---|\.\.\.)/.test(code)) {
      const target = starts.get(lineNo);
      if (target) (target.comments ??= {}).doc = [...(target.comments?.doc ?? []), ...pending];
      pending = [];
    }
    if (c < 0) continue;
    // A real span (in the document's source), so that the printer counts the comment's lines
    // when it keeps blank lines between fields.
    const at = offsets[i]! + c;
    const comment: A.Comment = { type: 'Comment', span: { src: anySrc!, start: at, end: at + lines[i]!.length - c }, text: '//' + lines[i]!.slice(c + 1).replace(/\s+$/, '') };
    if (lines[i]!.slice(0, c).trim() === '') {
      pending.push(comment);
      continue;
    }
    const target = ends.get(lineNo) ?? starts.get(lineNo);
    if (target) (target.comments ??= {}).line = comment;
  }
}

function fullText(data: DataFile): string {
  // Documents of a YAML stream are the file with the other documents blanked: merge them.
  const docs = data.documents.map((d) => d.text);
  if (docs.length === 1) return docs[0]!;
  const lines = docs.map((d) => d.split('\n'));
  return lines[0]!.map((_, i) => lines.map((l) => l[i] ?? '').find((l) => l.trim() !== '') ?? '').join('\n');
}

/** Where a YAML comment starts on a line, or -1. */
function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return i;
    if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(line[i - 1]!))) quote = c;
  }
  return -1;
}

/** Copies a tree bottom-up through `f` (spans and comments shared). */
function mapTree<T>(node: T, f: (n: { type: string }) => unknown): T {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (!x || typeof x !== 'object') return x;
    const n = x as { type?: string };
    if (n.type === undefined || n.type === 'Comment') return x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = k === 'span' || k === 'comments' || k === 'trailingComments' ? v : walk(v);
    // Comments are attached by mutation (attachYAMLComments): keep the same holder objects.
    return f(out as { type: string });
  };
  return walk(node) as T;
}
