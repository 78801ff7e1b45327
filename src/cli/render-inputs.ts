/// <reference types="node" />
/**
 * Reading the files the KubeVela commands (`render`, `status`, `show`) take: definitions
 * (files or directories), context and properties files, any text (or standard input).
 */
import { readFile, readdir, stat } from './fs-async.js';
import path from 'node:path';
import { CueErrorList, Source } from '../index.js';
import { decodeJSON, decodeYAML, parseJSONExpr, parseYAMLFile } from '../encoding/index.js';
import { plainToJS } from '../api/encode.js';
import type { Expr } from '../syntax/ast.js';
import { type ApplicationDocuments, type DefinitionFile, type PlatformFile, isDefinitionFileName, loadDefinitions, loadPlatform, parseDocuments } from '../render/index.js';
import type { CliIO } from './io.js';

/** A file that cannot be read or is not what the command needs: one line, exit 1. */
export class FileError extends Error {}

export async function readText(cwd: string, name: string, io: CliIO): Promise<string> {
  if (name === '-') {
    if (!io.readStdin) throw new FileError('standard input is not available');
    return io.readStdin();
  }
  try {
    return await readFile(path.resolve(cwd, name), 'utf8');
  } catch (e) {
    throw new FileError(`cannot read ${name}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** A definition file, or every .cue/.yaml/.yml file under a directory (sorted, recursively). */
export async function readDefinitionPath(cwd: string, p: string): Promise<DefinitionFile[]> {
  const abs = path.resolve(cwd, p);
  let st;
  try {
    st = await stat(abs);
  } catch {
    throw new FileError(`--defs ${p}: no such file or directory`);
  }
  if (!st.isDirectory()) return [{ name: p, text: await readFile(abs, 'utf8') }];
  const out: DefinitionFile[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      const relName = path.join(rel, e.name);
      if (e.isDirectory()) await walk(full, relName);
      else if (isDefinitionFileName(e.name) && !/\.json$/i.test(e.name)) out.push({ name: relName, text: await readFile(full, 'utf8') });
    }
  };
  await walk(abs, p);
  return out;
}

export function readContext(name: string, text: string): Record<string, unknown> {
  const data = plainToJS(/\.json$/i.test(name) ? decodeJSON(text, name) : decodeYAML(text, name));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new FileError(`${name}: the context must be a mapping of fields`);
  return data as Record<string, unknown>;
}

/** Properties keep their positions: errors point into the properties file. */
export function readProperties(name: string, text: string): Expr {
  const src = new Source(name, text);
  if (/\.json$/i.test(name)) {
    const r = parseJSONExpr(src);
    if (r.errors.length > 0 || !r.expr) throw new CueErrorList(r.errors);
    return r.expr;
  }
  const r = parseYAMLFile(src);
  if (r.errors.length > 0 || !r.file) throw new CueErrorList(r.errors);
  const d = r.file.decls[0];
  if (!d || d.type !== 'EmbedDecl' || d.expr.type !== 'StructLit') throw new FileError(`${name}: the properties must be a mapping`);
  return d.expr;
}

/**
 * A note for each built-in definition an error points into: its positions name a virtual
 * path (`cue-lite:definitions/components/worker.cue:195:3`), and `show NAME --cue` prints it.
 */
export function builtinNotes(e: CueErrorList): string {
  const files = new Set<string>();
  for (const x of e.errors) for (const p of x.positions) if (p.src.name.startsWith('cue-lite:definitions/')) files.add(p.src.name.replace(/#.*$/, ''));
  return [...files]
    .sort()
    .map((f) => `note: ${f} is built into cue-lite: 'cue-lite show ${f.replace(/^.*\//, '').replace(/\.cue$/, '')} --cue' prints it\n`)
    .join('');
}

/** What `--defs`, `--platform` and `--context` give render and status, read and loaded. */
export async function readRenderInputs(cwd: string, flags: { defs: readonly string[]; platform: readonly string[]; context?: string }, io: CliIO) {
  const defFiles: DefinitionFile[] = [];
  for (const p of flags.defs) defFiles.push(...(await readDefinitionPath(cwd, p)));
  const platformFiles: PlatformFile[] = [];
  for (const p of flags.platform) platformFiles.push({ name: p, text: await readText(cwd, p, io) });
  const context = flags.context ? readContext(flags.context, await readText(cwd, flags.context, io)) : undefined;
  return { definitions: loadDefinitions(defFiles), platform: loadPlatform(platformFiles), context };
}

/** The Applications, Policies and Workflows of every input file, read together. */
export async function readApplicationDocuments(cwd: string, inputs: readonly string[], io: CliIO) {
  const docs = { applications: [], policies: [], workflows: [] } as { [K in keyof ApplicationDocuments]: ApplicationDocuments[K][number][] };
  for (const input of inputs) {
    const d = parseDocuments(input, await readText(cwd, input, io));
    docs.applications.push(...d.applications);
    docs.policies.push(...d.policies);
    docs.workflows.push(...d.workflows);
  }
  return docs;
}
