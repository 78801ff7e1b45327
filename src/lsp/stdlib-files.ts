/// <reference types="node" />
/**
 * Go to definition on a standard-library member (`strings.ToUpper`). The standard library is
 * built into cue-lite, so it has no file an editor could open: one is generated per package,
 * for reading, in the system's temporary directory (`<tmp>/cue-lite-stdlib/<path>.cue`). It
 * holds each member's doc and signature as comments above a declaration of its name, and the
 * package's CUE-written half (stdlib/<path>/*.cue) as it is. Editing it changes nothing: it is
 * never loaded. It is written again when its text differs (another cue-lite version), through
 * a temporary name and a rename, so a reader never sees half a file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Location } from 'vscode-languageserver';
import { lookupPackage, packageName } from '../stdlib/registry.js';
import { members } from './stdlib-docs.js';
import { keyToUri, topLevelFieldRange } from './text.js';

/** The generated text of a package's file. */
export function stdlibFileText(importPath: string): string | undefined {
  const pkg = lookupPackage(importPath);
  if (!pkg) return undefined;
  const name = packageName(importPath);
  const lines = [
    `// The standard-library package "${importPath}", built into cue-lite. This file is`,
    '// generated for reading (go to definition); it is not loaded, and editing it changes nothing.',
    `package ${name}`,
    '',
  ];
  for (const m of members(importPath)) {
    if (m.doc === 'written in CUE') continue;
    if (m.doc) for (const l of m.doc.split('\n')) lines.push(`// ${l}`.trimEnd());
    if (m.kind === 'function') {
      if (m.doc) lines.push('//');
      lines.push(`//\t${m.signature}`, `${m.name}: _`, '');
    } else lines.push(m.signature.slice(name.length + 1), '');
  }
  if (pkg.cue) lines.push(`// Written in CUE (stdlib/${importPath}):`, '', pkg.cue.replace(/^package \w+\n/m, '').trim(), '');
  return lines.join('\n');
}

/** Where a member is declared in its package's generated file (written first if needed). */
export async function stdlibMemberLocation(importPath: string, member: string): Promise<Location[] | null> {
  const text = stdlibFileText(importPath);
  if (text === undefined) return null;
  const range = topLevelFieldRange(text, member);
  if (!range) return null;
  const file = path.join(tmpdir(), 'cue-lite-stdlib', `${importPath}.cue`);
  try {
    await writeIfChanged(file, text);
  } catch {
    return null; // no writable temporary directory: no location (hover still shows the doc)
  }
  return [{ uri: keyToUri(file), range }];
}

async function writeIfChanged(file: string, text: string): Promise<void> {
  try {
    if ((await readFile(file, 'utf8')) === text) return;
  } catch {
    // not there yet
  }
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}
