// (g) Memory stays flat when one process compiles and renders 10,000 times (no caches that
// never let go). Heap after a full GC once warm (500 iterations) and at the end; the slope in
// between. The iteration count is cut short by a time budget while the evaluator is slow: the
// note says how many ran.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { kibToMiB } from '../lib/measure.mjs';

export const name = '(g) memory soak';

const ITERATIONS = 10_000;

export async function run(ctx) {
  const spec = { distLib: ctx.distLib, iterations: ITERATIONS, budgetMs: 60_000 };
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(ctx.root, 'bench/lib/soak.mjs'), JSON.stringify(spec)], {
    encoding: 'utf8',
    cwd: ctx.root,
    timeout: 180_000,
  });
  const last = (r.stdout ?? '').trim().split('\n').pop();
  if (r.status !== 0 || !last) throw new Error(`soak failed: ${(r.stderr || String(r.error)).trim().split('\n').slice(-2).join(' / ')}`);
  const res = JSON.parse(last);
  const first = res.checkpoints[0];
  const end = res.checkpoints.at(-1);
  const growthPer1000 = ((end.heapMiB - first.heapMiB) / Math.max(1, end.iteration - first.iteration)) * 1000;
  const complete = res.iterations >= ITERATIONS;
  return [
    { metric: `heap after GC, iteration ${first.iteration}`, value: first.heapMiB, unit: 'MiB' },
    {
      metric: `heap after GC, iteration ${end.iteration.toLocaleString('en-US')}`,
      value: end.heapMiB,
      unit: 'MiB',
      target: 'flat (< 1 MiB / 1,000)',
      ok: complete && growthPer1000 < 1,
      note: `${growthPer1000 >= 0 ? '+' : ''}${growthPer1000.toFixed(2)} MiB per 1,000 iterations; ${complete ? '' : `stopped by the 60 s budget at ${res.iterations} of ${ITERATIONS}; `}checkpoints ${res.checkpoints.map((c) => c.heapMiB.toFixed(1)).join(' → ')}`,
    },
    {
      metric: 'peak RSS, soak process',
      value: kibToMiB(res.peakRssKiB),
      unit: 'MiB',
      note: `each iteration: compile template + inputs in one shared Context, and fill + export the compiled template; ${(res.ms / res.iterations).toFixed(2)} ms per iteration`,
    },
  ];
}
