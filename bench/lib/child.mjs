#!/usr/bin/env node
// One measurement in a process of its own: node bench/lib/child.mjs '<spec as JSON>'.
// spec: { workload: file name in bench/workloads, engine, size, runs, warmup, warmupMs?,
//         budgetMs?, profile?, root, distLib }
// Warm-up is `warmup` untimed iterations and, with warmupMs, at least that long: a steady
// state for a JIT (V8 optimises a function after many calls) and for WebAssembly tiering alike.
// The workload module exports `prepare({engine, size, ...})` -> { check(), run(i) }: check()
// returns the JSON text compared across engines, run(i) does one timed iteration (i counts
// from 0, so fresh inputs can be made per iteration). Prints one JSON line:
// { times: [ms...] sorted, cpu: [ms...] sorted, output, peakRssKiB, heapUsedMiB } or { error }.
// Each engine gets its own process because WebAssembly memory never shrinks: peak RSS here is
// the engine's own.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadEngine } from './engines.mjs';

async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    stop: async () => (await session.post('Profiler.stop')).profile,
  };
}

const spec = JSON.parse(process.argv[2]);
const print = (x) => process.stdout.write(JSON.stringify(x) + '\n');
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

try {
  const mod = await import(pathToFileURL(path.join(spec.root, 'bench/workloads', spec.workload)).href);
  const engine = await loadEngine(spec.engine, spec);
  const t0 = performance.now();
  const work = await mod.prepare({ ...spec, engine });
  const prepareMs = performance.now() - t0;
  let output;
  try {
    output = await work.check();
  } catch (e) {
    print({ error: String(e?.message ?? e).slice(0, 2000), prepareMs, peakRssKiB: process.resourceUsage().maxRSS });
    process.exit(0);
  }
  let i = 0;
  const warmStart = performance.now();
  for (let w = 0; w < (spec.warmup ?? 1) || performance.now() - warmStart < (spec.warmupMs ?? 0); w++) await work.run(i++);
  // spec.profile: a file to write a V8 CPU profile of the timed runs to (the profiler behind
  // `node --cpu-prof`, started after loading and warm-up so that only steady work shows).
  const profiler = spec.profile ? await startProfiler() : null;
  const times = [];
  const cpu = [];
  const budget = spec.budgetMs ?? Infinity;
  const started = performance.now();
  for (let r = 0; r < (spec.runs ?? 5); r++) {
    const c0 = profiler ? 0 : cpuNow();
    const s = performance.now();
    await work.run(i++);
    times.push(performance.now() - s);
    if (!profiler) cpu.push(cpuNow() - c0);
    // Slow engines stop early (at least 3 runs) so that `npm run bench` stays within minutes.
    if (r >= 2 && performance.now() - started > budget) break;
  }
  if (profiler) writeFileSync(spec.profile, JSON.stringify(await profiler.stop()));
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  print({
    times,
    cpu,
    prepareMs,
    output,
    peakRssKiB: process.resourceUsage().maxRSS,
    heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
  });
} catch (e) {
  print({ error: String(e?.stack ?? e).slice(0, 2000), peakRssKiB: process.resourceUsage().maxRSS });
}
