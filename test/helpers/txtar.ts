/**
 * txtar archives, as used by CUE's own testdata, for every golden-case runner (syntax, eval,
 * stdlib, fmt, render): reading, writing, listing, and pinned sections.
 */
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { type Archive, formatTxtar, getFile, parseTxtar, setFile } from '../../scripts/txtar.mjs';

// The format itself lives in scripts/txtar.mjs, shared with scripts/oracle.mjs.
export { type Archive, formatTxtar, getFile, parseTxtar, setFile };

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
