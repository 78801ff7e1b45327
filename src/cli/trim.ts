/**
 * `cue-lite trim`: removes fields that definitions, pattern constraints, comprehensions and
 * defaults already imply, as `cue trim` does (tools/trim at the pinned commit; goldens
 * trim*.txtar and tools/trim/testdata).
 *
 *   cue-lite trim [PATTERNS | FILES...] [-s] [-o FILE] [-f]
 *
 * How: CUE's trim finds, vertex by vertex, conjuncts as specific as the whole. cue-lite's
 * evaluator does not expose conjuncts by source node, so trim here tests removals instead:
 * a field of the instance's own files is removed when the instance evaluates to the same
 * result without it (every field, definition, hidden and optional field compared, defaults
 * resolved on both sides, as CUE's trim compares them, closedness and errors included), and
 * a field that must stay but whose struct value adds nothing becomes `_`, as in CUE
 * (`foo: baz: _`); list elements that add nothing become `_` so that positions are kept. Each
 * removal is checked against the original result, so the trimmed files always mean the same.
 *
 * What is never removed, as in CUE: pattern constraints (`[string]: T`) and what they hold,
 * optional and required fields, comprehensions, `let`s, aliased fields, and everything in a
 * struct that has an embedding. Fields are tried from the outside in, last to first (of two
 * declarations that imply each other the earlier one stays, as CUE keeps the first).
 *
 * Only the files of the instance's own directory are trimmed (not its ancestors'), as in cue;
 * each instance of a pattern (`./...`) is trimmed on its own. Files are rewritten in place,
 * atomically (a temporary file renamed over the old one), or sent to `-o FILE` / `-o -`.
 * With `-s`, single-field structs are collapsed (`a: b: c`).
 */
/// <reference types="node" />
import { rename, stat, unlink, writeFile } from './fs-async.js';
import path from 'node:path';
import { Context, Source, type Value, formatFile, parseFile } from '../index.js';
import type * as A from '../syntax/ast.js';
import { simplifyFile } from '../syntax/simplify.js';
import type { Command } from './io.js';
import { type FlagSpec, formatFlagHelp, parseFlags } from './flags.js';
import { type Instance, limitFlag, loadInstances, packageFlag, parseLimits, injectVarsFlag, tagFlag } from './instance.js';
import { formatErrors, writeOutput } from './output.js';

const trimFlags: readonly FlagSpec[] = [
  { name: 'simplify', short: 's', kind: 'bool', help: 'simplify output (collapse single-field structs: a: b: c)' },
  { name: 'outfile', short: 'o', kind: 'string', arg: 'FILE', help: 'write to FILE, or - for standard output, instead of rewriting the files' },
  { name: 'force', short: 'f', kind: 'bool', help: 'overwrite an existing -o file' },
  tagFlag,
  injectVarsFlag,
  packageFlag,
  limitFlag,
];

const help = `Remove fields that definitions, constraints, comprehensions and defaults already imply.

Usage:
  cue-lite trim [flags] [PATTERNS | FILES...]

Each field of the instance's own files is removed when the instance means the same without
it; a struct value that adds nothing becomes _. Pattern constraints, optional and required
fields, comprehensions and lets are kept. Files are rewritten in place (atomically) unless
-o is given. Exit code 1 on any error; an instance with errors is not trimmed.

${formatFlagHelp(trimFlags)}`;

export const trimCommand: Command = async (args, io) => {
  const flags = parseFlags(args, trimFlags);
  if (flags.help) {
    io.stdout(help);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  const limits = parseLimits(flags.list('limit'));
  const { instances, errors } = await loadInstances(flags.args, flags.list('inject'), io, { limits, package: flags.string('package'), injectVars: flags.bool('inject-vars') });
  if (!instances) {
    io.stderr(errors.map((l) => l + '\n').join(''));
    return 1;
  }
  const outputs: { file: string; text: string }[] = [];
  const outFile = flags.string('outfile');
  for (const inst of instances) {
    const found = inst.value.validate({ concrete: false });
    if (found.length > 0) {
      io.stderr(formatErrors(found));
      return 1;
    }
    const r = trimInstance(inst, cwd);
    // -o gets every file of each instance (its ancestors' too, untrimmed), as cue prints them;
    // in place, only the trimmed files are rewritten.
    for (const f of r) {
      if (!f.own && outFile === undefined) continue;
      outputs.push({ file: f.file, text: flags.bool('simplify') ? formatFile(simplifyFile(parseFile(new Source(f.file, f.text)).file)) : f.text });
    }
  }
  if (outFile !== undefined) {
    const problem = await writeOutput(io, outFile, outputs.map((o) => o.text).join(''), flags.bool('force'));
    if (problem) {
      io.stderr(problem + '\n');
      return 1;
    }
    return 0;
  }
  let status = 0;
  for (const o of outputs) {
    const abs = path.resolve(cwd, o.file);
    const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.trim.tmp`);
    try {
      const mode = (await stat(abs)).mode & 0o7777;
      await writeFile(tmp, o.text, { mode });
      await rename(tmp, abs);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      io.stderr(`error writing ${JSON.stringify(o.file)}: ${(e as Error).message}\n`);
      status = 1;
    }
  }
  return status;
};

/** A text edit of a file: replace [start, end) by `text`. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The instance's CUE files, formatted, its own files (those of its directory) trimmed. */
function trimInstance(inst: Instance, cwd: string): { file: string; text: string; own: boolean }[] {
  const own = new Set<number>();
  const dir = inst.dir.endsWith(path.sep) ? inst.dir : inst.dir + path.sep;
  inst.files.forEach((f, i) => {
    // Files with @embed are compiled from the loader's rewritten tree: left as they are.
    if (f.name === '-' || !f.name.endsWith('.cue') || /^\s*@extern\(\s*embed\s*\)/m.test(f.text)) return;
    const abs = path.resolve(cwd, f.name);
    if (abs.startsWith(dir) && f.name.endsWith('.cue')) own.add(i);
  });
  const all = inst.files.flatMap((f, i) => (f.name.endsWith('.cue') ? [i] : []));
  const formatted = (i: number) => formatFile(parseFile(new Source(inst.files[i]!.name, inst.files[i]!.text)).file);
  if (own.size === 0) return all.map((i) => ({ file: inst.files[i]!.name, text: formatted(i), own: false }));
  // Parsed once; removals are tried by changing these trees and compiling them (`syntax`).
  const parsed = inst.files.map((f, i) => (own.has(i) ? parseFile(new Source(f.name, f.text)).file : undefined));
  const ctx = new Context();
  const compile = (): Value => ctx.compile(
    inst.files.map((f, i) => (own.has(i) ? { name: f.name, text: f.text, syntax: parsed[i]! } : f)),
    { ...(inst.tags ? { tags: inst.tags } : {}), anonymousFilesApart: true },
  );
  const want = signature(compile());
  const same = (): boolean => signature(compile()) === want;
  const edits = new Map<number, Edit[]>();

  for (const i of [...own].sort((a, b) => b - a)) {
    const file = parsed[i] as { decls: A.Declaration[] };
    const text = inst.files[i]!.text;
    const out: Edit[] = [];
    trimDecls(file.decls, text, out, same);
    edits.set(i, out);
  }
  return all.map((i) => {
    const f = inst.files[i]!;
    if (!own.has(i)) return { file: f.name, text: formatted(i), own: false };
    const text = applyEdits(f.text, edits.get(i) ?? []);
    const reparsed = parseFile(new Source(f.name, text));
    // Edits keep the file valid CUE; should one not, the original text is kept.
    return { file: f.name, text: reparsed.errors.length > 0 ? formatted(i) : formatFile(reparsed.file), own: true };
  });
}

const top: A.Ident = { type: 'Ident', span: { src: new Source('-', ''), start: 0, end: 0 }, name: '_' };

/** Tries to remove each removable field of a declaration list; records text edits. Returns whether every declaration went. */
function trimDecls(decls: A.Declaration[], text: string, out: Edit[], same: () => boolean): boolean {
  // A struct with an embedding keeps everything (its fields may be the embedding's).
  if (decls.some((d) => d.type === 'EmbedDecl')) return false;
  let all = true;
  // Last to first: of two declarations that imply each other, the earlier one stays, as CUE
  // keeps the first by position among equally specific conjuncts.
  for (let k = decls.length - 1; k >= 0; k--) {
    const d = decls[k]!;
    if (!removable(d)) {
      all = false;
      if (d.type === 'Field' && isPlainLabel(d.label) && d.constraint === 'regular' && !d.alias && d.value.type !== 'AliasExpr') {
        trimValue(d as { value: A.Expr }, text, out, same);
      }
      continue;
    }
    const f = d as A.Field;
    decls.splice(k, 1);
    if (same()) {
      out.push(deleteEdit(f, text));
      continue;
    }
    decls.splice(k, 0, f);
    all = false;
    trimValue(f as { value: A.Expr }, text, out, same);
  }
  return all;
}

/** Trims inside a field's struct or list value; a struct value left with nothing becomes `_` when that means the same. */
function trimValue(holder: { value: A.Expr }, text: string, out: Edit[], same: () => boolean): void {
  const v = holder.value;
  if (v.type === 'StructLit') {
    if (v.decls.length === 0) {
      tryTop(holder, v, text, out, same);
      return;
    }
    const inner: Edit[] = [];
    const emptied = trimDecls(v.decls as A.Declaration[], text, inner, same);
    if (emptied && tryTop(holder, v, text, out, same)) return;
    out.push(...inner);
    return;
  }
  if (v.type === 'ListLit') {
    const elts = v.elts as A.ListElement[];
    for (let k = 0; k < elts.length; k++) {
      const e = elts[k]!;
      if (e.type === 'Comprehension' || e.type === 'Ellipsis' || (e.type === 'Ident' && e.name === '_')) continue;
      const slot = { value: e as A.Expr };
      elts[k] = top as unknown as A.ListElement;
      if (same()) {
        out.push({ start: e.span.start, end: e.span.end, text: '_' });
        continue;
      }
      elts[k] = e;
      if (e.type === 'StructLit' || e.type === 'ListLit') {
        trimValue(slot, text, out, same);
        elts[k] = slot.value as A.ListElement;
      }
    }
  }
}

/** Replaces a struct value by `_` when the instance means the same; records the edit. */
function tryTop(holder: { value: A.Expr }, v: A.StructLit, text: string, out: Edit[], same: () => boolean): boolean {
  holder.value = top;
  if (same()) {
    out.push({ start: v.span.start, end: v.span.end, text: '_' });
    return true;
  }
  holder.value = v;
  return false;
}

function isPlainLabel(l: A.Label): boolean {
  return l.type === 'Ident' || (l.type === 'BasicLit' && l.kind === 'string');
}

/**
 * A field that may be removed outright: a plain label, regular, no alias, no attribute, and
 * nothing inside its struct values that trim always keeps (CUE: a kept node keeps its
 * parents).
 */
function removable(d: A.Declaration): boolean {
  if (d.type !== 'Field') return false;
  if (!isPlainLabel(d.label) || d.constraint !== 'regular' || d.alias || d.attrs.length > 0) return false;
  if (d.value.type === 'AliasExpr') return false;
  return !holdsKept(d.value);
}

/** Whether struct and list values hold a declaration trim keeps: a pattern constraint, an optional or required field, a comprehension, a let, an embedding. */
function holdsKept(e: A.Expr | A.ListElement): boolean {
  if (e.type === 'ListLit') return e.elts.some(holdsKept);
  if (e.type === 'Comprehension') return true;
  if (e.type !== 'StructLit') return false;
  return e.decls.some((d) => {
    if (d.type !== 'Field') return true;
    if (!isPlainLabel(d.label) || d.constraint !== 'regular') return true;
    return holdsKept(d.value);
  });
}

/** The edit deleting a field: its doc comments, itself, its line comment, and its line when nothing else is on it. */
function deleteEdit(f: A.Field, text: string): Edit {
  let start = f.comments?.doc?.[0]?.span.end ? Math.min(f.span.start, f.comments.doc[0]!.span.start) : f.span.start;
  let end = Math.max(f.span.end, f.comments?.line?.span.end ?? 0);
  // A comma right after the field (one-line structs) goes with it.
  const after = /^[ \t]*,?/.exec(text.slice(end))![0];
  end += after.length;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const rest = /^[ \t]*(\/\/[^\n]*)?(\n|$)/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && rest && !rest[1]) {
    start = lineStart;
    end += rest[0].length;
    // The blank lines before a field are its own (cue keeps each declaration's spacing):
    // they go with it, unless it was the first thing of its block.
    const before = /\n([ \t]*\n)+$/.exec(text.slice(0, start));
    if (before && !/[{[(]\s*$/.test(text.slice(0, start - before[0].length + 1))) start -= before[0].length - 1;
  }
  return { start, end, text: '' };
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) continue; // overlapping (inside an outer edit): the outer one wins
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/**
 * What trim must preserve: every field (regular, definitions, hidden, optional) with its
 * value, defaults resolved, closedness, and the errors. Field order is left out: a value
 * supplied by a template instead of the file may come in another order.
 */
function signature(v: Value): string {
  const errors = v.validate({ concrete: false });
  if (errors.length > 0) return 'errors:' + errors.map((e) => e.format()).join('\n');
  const walk = (x: Value, depth: number): string => {
    if (depth > 200) return '…';
    const kind = x.kind();
    if (kind === 'struct') {
      const fields = x.fields({ optional: true, hidden: true, definitions: true });
      const parts = fields.map((f) => `${f.selector}${f.optional ? '?' : f.required ? '!' : ''}:${walk(f.value, depth + 1)}`).sort();
      return `{${x.isClosed() ? 'closed ' : ''}${parts.join(',')}}`;
    }
    if (kind === 'list') return `[${x.elements().map((e) => walk(e, depth + 1)).join(',')}]`;
    try {
      return x.exportCUE({ final: true, definitions: true, hidden: true, optional: true }).trim();
    } catch {
      return `<${kind}>`;
    }
  };
  return walk(v, 0);
}
