#!/usr/bin/env node
// CPU profiles of cue-lite on workloads (a), (b), (c) and (d), for whoever optimises the
// evaluator:
//
//   node bench/profile.mjs [a|b|c|d|cli-export|cli-b|cli-b1000|cli-c2000|cli-render ...] [--top N]
//
// Builds the library once more with source maps (into bench/.out/prof-lib, so dist/ is not
// touched), runs each workload on cue-lite alone in a child process with V8's CPU profiler
// (the one behind `node --cpu-prof`, driven through node:inspector so that it records only
// the timed runs, not module loading and warm-up), and prints the functions with the most
// self time, mapped back to src/**/*.ts lines. The raw .cpuprofile files stay in
// bench/.out/prof/ (open them in Chrome DevTools).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './lib/measure.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'bench/.out');
const libDir = path.join(out, 'prof-lib');
const profDir = path.join(out, 'prof');
const args = process.argv.slice(2);
const topIdx = args.indexOf('--top');
const TOP = topIdx >= 0 ? Number(args[topIdx + 1]) : 15;
const wanted = args.filter((a, i) => !a.startsWith('--') && i !== topIdx + 1);

const workloads = [
  { key: 'a', title: '(a) webservice render, 2,000 warm renders', file: 'a-webservice.mjs', size: 1, runs: 2000, warmup: 50 },
  { key: 'b', title: '(b) #Service × 5,000, 3 exports', file: 'b-services.mjs', size: 5000, runs: 3, warmup: 1 },
  { key: 'c', title: '(c) 10-way disjunction list × 2,000, 5 exports', file: 'c-disjunction-list.mjs', size: 2000, runs: 5, warmup: 1 },
  { key: 'd', title: '(d) render() of the five-component application, 30 warm renders', file: 'd-render.mjs', size: 'render', runs: 30, warmup: 5 },
].filter((w) => wanted.length === 0 || wanted.includes(w.key));
// Cold command-line runs, profiled over the whole process by a preloaded node:inspector
// session (bench/lib/cold-profile.cjs: no V8 flag, so the code cache is used as users get it),
// the bundled dist/cli.cjs mapped to source files by the bundle's module comments, with the
// main thread's time split by phase.
const coldRuns = [
  { key: 'cli-export', title: '`cue-lite export` of a small file, cold (whole process)', args: ['export', 'bench/.out/f-small.cue'] },
  { key: 'cli-b', title: '`cue-lite export` of (b) with 5,000 instances, cold (whole process)', args: ['export', 'bench/.out/b-services-5000.cue'] },
  { key: 'cli-b1000', title: '`cue-lite export` of (b) with 1,000 instances, cold (whole process)', args: ['export', 'bench/.out/h-b-1000.cue'], make: async () => (await import('./gen/services.mjs')).source(1000) },
  { key: 'cli-c2000', title: '`cue-lite export` of (c) with 2,000 elements, cold (whole process)', args: ['export', 'bench/.out/h-c-2000.cue'], make: async () => (await import('./gen/shapes.mjs')).source(2000) },
  { key: 'cli-render', title: '`cue-lite render` of the five-component application, cold (whole process)', args: ['render', 'bench/.out/d-application.json'] },
].filter((w) => wanted.length === 0 || wanted.includes(w.key));

// 1. The library with source maps.
rmSync(libDir, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json'), '--outDir', libDir, '--sourceMap', '--declaration', 'false'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
} catch (e) {
  // tsc still emits when the checkout has type errors (work in progress elsewhere).
  if (!existsSync(path.join(libDir, 'index.js'))) throw e;
  console.error('profile: tsc reported type errors; profiling what it emitted');
}

// 2. Source maps: generated (file, line, column) -> original line.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function decodeVLQ(segment) {
  const values = [];
  let shift = 0;
  let value = 0;
  for (const ch of segment) {
    const digit = B64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
const maps = new Map();
function sourceMapFor(jsFile) {
  if (maps.has(jsFile)) return maps.get(jsFile);
  let m = null;
  const mapFile = jsFile + '.map';
  if (existsSync(mapFile)) {
    const raw = JSON.parse(readFileSync(mapFile, 'utf8'));
    const lines = [];
    let srcLine = 0;
    let srcIdx = 0;
    for (const line of raw.mappings.split(';')) {
      let col = 0;
      const segs = [];
      for (const seg of line.split(',')) {
        if (!seg) continue;
        const v = decodeVLQ(seg);
        col += v[0];
        if (v.length >= 4) {
          srcIdx += v[1];
          srcLine += v[2];
          segs.push([col, srcLine, srcIdx]);
        }
      }
      lines.push(segs);
    }
    m = { lines, sources: raw.sources.map((s) => path.resolve(path.dirname(mapFile), raw.sourceRoot ?? '', s)) };
  }
  maps.set(jsFile, m);
  return m;
}
const bundles = new Map();
/** In the esbuild bundle, the source file a line belongs to (from its `// src/...` comments). */
function bundleModule(file, line) {
  if (!bundles.has(file)) {
    const marks = [];
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((l, i) => {
        if (/^\/\/ (src|node_modules)\//.test(l)) marks.push([i, l.slice(3)]);
      });
    bundles.set(file, marks);
  }
  let best = null;
  for (const [i, name] of bundles.get(file)) if (i <= line) best = name;
  return best && `${best} (dist/cli.cjs:${line + 1})`;
}
function original(url, line, column) {
  // The bundle is compiled by node:vm (bin/load-cli.js): its functions carry a plain path.
  if (url.endsWith('/dist/cli.cjs')) return bundleModule(url.startsWith('file://') ? fileURLToPath(url) : url, line);
  if (!url.startsWith('file://')) return null;
  const file = fileURLToPath(url);
  if (!file.startsWith(libDir)) return null;
  const m = sourceMapFor(file);
  const segs = m?.lines[line];
  if (!segs || segs.length === 0) return null;
  let best = segs[0];
  for (const s of segs) if (s[0] <= column) best = s;
  return `${path.relative(root, m.sources[best[2]])}:${best[1] + 1}`;
}

// 3. Profile each workload and rank functions by self time.
function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // The profiler's own start and stop calls (in bench/lib/child.mjs) are not the workload's.
  const excluded = new Set();
  const exclude = (n) => {
    excluded.add(n.id);
    for (const c of n.children ?? []) exclude(byId.get(c));
  };
  for (const n of profile.nodes) {
    if (n.callFrame.url.endsWith('bench/lib/child.mjs') && ['startProfiler', 'stop'].includes(n.callFrame.functionName)) exclude(n);
  }
  const self = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    const id = profile.samples[i];
    if (excluded.has(id)) continue;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  }
  const agg = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const where = original(cf.url, cf.lineNumber, cf.columnNumber) ?? (cf.url ? `${cf.url.replace(/^file:\/\/.*node_modules\//, '')}:${cf.lineNumber + 1}` : '');
    const key = `${cf.functionName || '(anonymous)'}\t${where}`;
    agg.set(key, (agg.get(key) ?? 0) + us);
  }
  const byFile = new Map();
  for (const [key, us] of agg) {
    const where = key.split('\t')[1];
    const f = where ? where.replace(/ \(dist\/cli\.c?js:\d+\)$/, '').replace(/:\d+$/, '') : key.split('\t')[0];
    byFile.set(f, (byFile.get(f) ?? 0) + us);
  }
  return { total, rows: [...agg.entries()].sort((a, b) => b[1] - a[1]), files: [...byFile.entries()].sort((a, b) => b[1] - a[1]) };
}

/**
 * A cold run's main-thread time by phase: each sample goes to the innermost phase function on
 * its stack (GC is V8's own node). Names are those of the bundle's functions.
 */
function phaseSplit(profile) {
  const phases = [
    ['GC', (f) => f.functionName === '(garbage collector)'],
    ['scan', (f) => f.functionName === 'scan'],
    ['build parser', (f) => f.functionName === 'getParser'],
    ['parse', (f) => f.functionName === 'parseTokens' || f.functionName === 'parseFile'],
    ['compile', (f) => f.functionName === 'compilePackage'],
    ['evaluate', (f) => f.functionName === 'finalize'],
    ['export', (f) => f.functionName === 'exportTo'],
    ['module initialisation', (f) => f.functionName === '__init'],
    ['code loading', (f) => f.functionName === 'loadCli' || f.functionName === 'done'],
  ];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map();
  const phaseOf = (id) => {
    if (memo.has(id)) return memo.get(id);
    const f = byId.get(id).callFrame;
    let p = phases.find(([, test]) => test(f))?.[0];
    if (p === undefined) p = parent.has(id) ? phaseOf(parent.get(id)) : 'other';
    memo.set(id, p);
    return p;
  };
  const t = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t.set(phaseOf(id), (t.get(phaseOf(id)) ?? 0) + dt);
    total += dt;
  });
  return [...t.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([p, us]) => `${p} ${((us / total) * 100).toFixed(0)}%`)
    .join(', ');
}

mkdirSync(profDir, { recursive: true });
const report = [];
for (const w of workloads) {
  const dir = path.join(profDir, w.key);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const profFile = path.join(dir, `${w.key}.cpuprofile`);
  const r = runChild({ root, distLib: libDir }, w.file, 'cue-lite', w.size, {
    runs: w.runs,
    warmup: w.warmup,
    timeoutMs: 600_000,
    profile: profFile,
  });
  if (r.error) {
    report.push(`### ${w.title}\n\nfailed: ${r.error}\n`);
    continue;
  }
  const { total, rows, files } = summarise(JSON.parse(readFileSync(profFile, 'utf8')));
  const lines = [
    `### ${w.title}`,
    '',
    `${(total / 1000).toFixed(0)} ms sampled over the timed runs (after loading and warm-up); self time by function:`,
    '',
    '| self % | self ms | function | where |',
    '|---:|---:|---|---|',
  ];
  for (const [key, us] of rows.slice(0, TOP)) {
    const [fn, where] = key.split('\t');
    lines.push(`| ${((us / total) * 100).toFixed(1)} | ${(us / 1000).toFixed(0)} | \`${fn}\` | ${where} |`);
  }
  lines.push('', 'Self time by file: ' + files.slice(0, 8).map(([f, us]) => `${f} ${((us / total) * 100).toFixed(0)}%`).join(', ') + '.');
  report.push(lines.join('\n') + '\n');
}
const cliDir = path.join(out, 'prof-cli');
if (coldRuns.length > 0) {
  rmSync(cliDir, { recursive: true, force: true });
  cpSync(path.join(root, 'dist/cli.cjs'), path.join(cliDir, 'dist/cli.cjs'));
  if (existsSync(path.join(root, 'dist/cli.cache'))) cpSync(path.join(root, 'dist/cli.cache'), path.join(cliDir, 'dist/cli.cache'));
  cpSync(path.join(root, 'bin'), path.join(cliDir, 'bin'), { recursive: true });
}
for (const w of coldRuns) {
  const dir = path.join(profDir, w.key);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const input = path.join(root, w.args[w.args.length - 1]);
  if (w.make && !existsSync(input)) writeFileSync(input, await w.make());
  const profFile = path.join(dir, `${w.key}.cpuprofile`);
  const run = () =>
    spawnSync(process.execPath, ['-r', path.join(root, 'bench/lib/cold-profile.cjs'), path.join(cliDir, 'bin/cue-lite.js'), ...w.args], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, CUE_LITE_PROFILE: profFile },
    });
  // The first run after copying may write the code cache (a fresh one, when the copy's was
  // made for another Node); the profiled run is the second.
  run();
  const r = run();
  if (r.status !== 0 || !existsSync(profFile)) {
    report.push(`### ${w.title}\n\nfailed (run \`npm run bench\` first: it writes the inputs): ${(r.stderr || '').split('\n')[0]}\n`);
    continue;
  }
  const profile = JSON.parse(readFileSync(profFile, 'utf8'));
  const { total, rows, files } = summarise(profile);
  const lines = [`### ${w.title}`, '', `${(total / 1000).toFixed(0)} ms sampled (the main thread, from the bin's start; TurboFan and parallel GC threads are not sampled). By phase: ${phaseSplit(profile)}.`, '', 'Self time by function:', '', '| self % | self ms | function | where |', '|---:|---:|---|---|'];
  for (const [key, us] of rows.slice(0, TOP)) {
    const [fn, where] = key.split('\t');
    lines.push(`| ${((us / total) * 100).toFixed(1)} | ${(us / 1000).toFixed(0)} | \`${fn}\` | ${where} |`);
  }
  lines.push('', 'Self time by file: ' + files.slice(0, 8).map(([f, us]) => `${f} ${((us / total) * 100).toFixed(0)}%`).join(', ') + '.');
  report.push(lines.join('\n') + '\n');
}
const text = report.join('\n');
console.log(text);
writeFileSync(path.join(out, 'profile.md'), text);
