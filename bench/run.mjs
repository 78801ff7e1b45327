#!/usr/bin/env node
// Runs every workload in bench/workloads/*.mjs (sorted by file name) and prints a table.
//
//   node bench/run.mjs [substring...] [--json]
//
// A workload module exports `name` (a short title) and `async run(ctx)`, which returns an
// array of rows: { metric, value, unit, reference?, note? }. `value` is cue-lite's figure;
// `reference` (optional) is reference CUE's for the same work. ctx gives `root` (the repo),
// `distLib` (absolute path of dist/lib, the built library: run `npm run build` first) and
// `time(fn, {runs, warmup})` -> per-run milliseconds (sorted).
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const distLib = path.join(root, 'dist/lib');
const args = process.argv.slice(2);
const json = args.includes('--json');
const filters = args.filter((a) => !a.startsWith('--'));

if (!existsSync(path.join(distLib, 'index.js'))) {
  console.error('bench: dist/lib is missing; run `npm run build` first');
  process.exit(1);
}

/** Runs fn `warmup` times, then `runs` times; returns the sorted durations in ms. */
async function time(fn, { runs = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const median = (xs) => xs[Math.floor(xs.length / 2)];

const dir = path.join(root, 'bench/workloads');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));

const rows = [];
let failed = false;
for (const f of files) {
  const mod = await import(pathToFileURL(path.join(dir, f)).href);
  const name = mod.name ?? f.replace(/\.mjs$/, '');
  try {
    const results = await mod.run({ root, distLib, time, median });
    for (const r of results) rows.push({ workload: name, ...r });
  } catch (e) {
    failed = true;
    rows.push({ workload: name, metric: 'FAILED', value: NaN, unit: '', note: String(e?.message ?? e).split('\n')[0] });
  }
}

const fmt = (v) => (v === undefined ? '' : typeof v === 'number' ? (Number.isNaN(v) ? '-' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : String(v));

if (json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const header = ['workload', 'metric', 'cue-lite', 'reference', 'unit', 'note'];
  const table = rows.map((r) => [r.workload, r.metric, fmt(r.value), fmt(r.reference), r.unit ?? '', r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const t of table) console.log(line(t));
}
process.exit(failed ? 1 : 0);
