// The native anchor: the pinned reference CUE binary (v0.4.3) beside the checkout, in
// ../shared/tools/cue-v0.4.3/cue, or the one named by $CUE_NATIVE. The whole-process rows
// compare cue-lite started as users start it with this binary on the same inputs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** { path, version } of the native `cue` binary, or { missing: why }. */
export function nativeCue(root) {
  const file = process.env.CUE_NATIVE || path.join(root, '../shared/tools/cue-v0.4.3/cue');
  if (!existsSync(file)) return { missing: `no native cue binary at ${file} (set $CUE_NATIVE to one)` };
  const r = spawnSync(file, ['version'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return { missing: `${file} does not run: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}` };
  return { path: file, version: r.stdout.trim().split('\n')[0] };
}
