/**
 * txtar archives, as used by CUE's own testdata, for every golden-case runner (syntax, eval,
 * stdlib, fmt, render): reading, writing, listing, and pinned sections.
 */
import { existsSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { type Archive, formatTxtar, getFile, parseTxtar, setFile } from '../../scripts/txtar.mjs';

// The format itself lives in scripts/txtar.mjs, shared with scripts/oracle.mjs.
export { type Archive, formatTxtar, getFile, parseTxtar, setFile };

export function readTxtar(file: string): Archive {
  return parseTxtar(readFileSync(file, 'utf8'));
}

/**
 * Writes an archive back, only when its text changes, and says what changed on standard output
 * (which sections were added, removed or changed, with line counts): an update mode that
 * rewrites goldens silently hides what it did from the person who runs it.
 */
export function writeTxtar(file: string, a: Archive): void {
  const next = formatTxtar(a);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (before === next) return;
  writeFileSync(file, next);
  const rel = path.relative(process.cwd(), file);
  const changes = before === undefined ? ['new file'] : sectionChanges(parseTxtar(before), a);
  console.log(`CUE_LITE_UPDATE wrote ${rel}: ${changes.join('; ')}`);
}

/** What differs between two versions of an archive, section by section, in a few words. */
export function sectionChanges(before: Archive, after: Archive): string[] {
  const lines = (s: string | undefined) => (s === undefined || s === '' ? [] : s.replace(/\n$/, '').split('\n'));
  const out: string[] = [];
  if (before.comment !== after.comment) out.push('comment changed');
  const names = [...new Set([...before.files, ...after.files].map((f) => f.name))];
  for (const name of names) {
    const was = getFile(before, name);
    const now = getFile(after, name);
    if (was === now) continue;
    if (was === undefined) out.push(`${name} added (${lines(now).length} lines)`);
    else if (now === undefined) out.push(`${name} removed (${lines(was).length} lines)`);
    else {
      // Lines present on one side only, counted with multiplicity: a short, order-blind summary.
      const left = lines(was);
      const right = lines(now);
      const pool = new Map<string, number>();
      for (const l of left) pool.set(l, (pool.get(l) ?? 0) + 1);
      let added = 0;
      for (const l of right) {
        const n = pool.get(l) ?? 0;
        if (n > 0) pool.set(l, n - 1);
        else added++;
      }
      const removed = [...pool.values()].reduce((x, y) => x + y, 0);
      out.push(`${name} changed (+${added} -${removed} lines)`);
    }
  }
  if (out.length === 0) out.push('sections reordered');
  return out;
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
 * Sections computed by reference CUE (scripts/oracle.mjs) or written by hand from the pinned
 * CUE's tests: the update mode never writes them.
 */
export const oracleSections: readonly string[] = ['out/export.json', 'out/errors', 'out/eval.cue', 'out/eval-errors'];

/**
 * Our exact output where it differs from the oracle's (`want`) in form only is pinned in section
 * `pinned` (an `out/cue-lite…` section): with CUE_LITE_UPDATE=1 the section is rewritten (or
 * dropped when equal); otherwise the output must equal the pinned text, or the oracle's when
 * nothing is pinned. The caller checks that the difference is one of form before calling this,
 * so that the update mode refuses (fails) instead of pinning a wrong answer.
 */
export function checkPinned(file: string, a: Archive, pinned: string, got: string, want: string, assertEqual: (got: string, want: string) => void): void {
  if (!pinned.startsWith('out/cue-lite') || oracleSections.includes(pinned)) {
    throw new Error(`refusing to pin cue-lite's output into ${pinned}: that section is the expectation, not a pin`);
  }
  if (updateGoldens) {
    setFile(a, pinned, got === want ? undefined : got);
    writeTxtar(file, a);
  } else assertEqual(got, getFile(a, pinned) ?? want);
}
