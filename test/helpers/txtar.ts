/**
 * txtar archives, as used by CUE's own testdata: a comment, then sections that start with a
 * line `-- name --`. Used by every golden-case runner (syntax, eval, stdlib, fmt, render).
 */
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Archive {
  comment: string;
  files: { name: string; data: string }[];
}

const header = /^-- (.+?) --$/;

export function parseTxtar(text: string): Archive {
  const lines = text.split('\n');
  const archive: Archive = { comment: '', files: [] };
  let current: { name: string; data: string } | undefined;
  const buf: string[] = [];
  const flush = () => {
    const data = buf.length > 0 ? buf.join('\n') + '\n' : '';
    if (current) current.data = data;
    else archive.comment = data;
    buf.length = 0;
  };
  // A trailing newline produces a final empty element that is not a line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const m = header.exec(line);
    if (m) {
      flush();
      current = { name: m[1]!, data: '' };
      archive.files.push(current);
    } else buf.push(line);
  }
  flush();
  return archive;
}

export function formatTxtar(a: Archive): string {
  let out = a.comment;
  for (const f of a.files) {
    out += `-- ${f.name} --\n` + f.data;
    if (f.data.length > 0 && !f.data.endsWith('\n')) out += '\n';
  }
  return out;
}

export function getFile(a: Archive, name: string): string | undefined {
  return a.files.find((f) => f.name === name)?.data;
}

/** Sets (or removes, with `undefined`) a section, keeping the order of existing ones. */
export function setFile(a: Archive, name: string, data: string | undefined): void {
  const i = a.files.findIndex((f) => f.name === name);
  if (data === undefined) {
    if (i >= 0) a.files.splice(i, 1);
  } else if (i >= 0) a.files[i]!.data = data;
  else a.files.push({ name, data });
}

export function readTxtar(file: string): Archive {
  return parseTxtar(readFileSync(file, 'utf8'));
}

export function writeTxtar(file: string, a: Archive): void {
  writeFileSync(file, formatTxtar(a));
}

/** All `.txtar` files under a directory, sorted, as paths. */
export function listTxtar(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.txtar')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Golden files are rewritten instead of compared when this is set. */
export const updateGoldens = process.env.CUE_LITE_UPDATE === '1';

/**
 * Our exact output where it differs from the oracle's (`want`) is pinned in section `pinned`:
 * with CUE_LITE_UPDATE=1 the section is rewritten (or dropped when equal); otherwise the
 * output must equal the pinned text, or the oracle's when nothing is pinned.
 */
export function checkPinned(file: string, a: Archive, pinned: string, got: string, want: string, assertEqual: (got: string, want: string) => void): void {
  if (updateGoldens) {
    setFile(a, pinned, got === want ? undefined : got);
    writeTxtar(file, a);
  } else assertEqual(got, getFile(a, pinned) ?? want);
}
