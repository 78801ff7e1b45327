#!/usr/bin/env node
// Two or more builds of cue-lite on the warm render rows, (a) and (d), run alternately so that
// every build sees the same load (a shared machine's load moves wall time by 2x and more):
//
//   node bench/compare.mjs [--rounds N] [--rows a,d] name=<checkout> name=<checkout> ...
//
// Each <checkout> needs a built dist/lib (`npm run build`, or `npx tsc -p tsconfig.json` for
// the library alone); `git worktree add /tmp/x <rev>` gives an old revision. The workloads and
// the child runner are this checkout's, so every build runs the same work. Per round, each
// build runs once in a process of its own (bench/lib/child.mjs), the order reversed every other
// round; printed: the medians over rounds of each process's median per render, CPU (user +
// system, steadier than wall under load) and wall, with the spread (fastest..slowest).
// (d) allocates megabytes per render: its per-process median is bimodal with garbage
// collection (about 8 or about 15 ms on a quiet 2-core machine), so it needs many rounds.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : def;
};
const rounds = Number(opt('--rounds', '7'));
const rows = opt('--rows', 'a,d').split(',');
const builds = args.map((a) => {
  const eq = a.indexOf('=');
  if (eq <= 0) throw new Error(`expected name=<checkout>, got ${a}`);
  return { name: a.slice(0, eq), dir: path.resolve(a.slice(eq + 1)) };
});
if (builds.length < 2) {
  console.error('usage: node bench/compare.mjs [--rounds N] [--rows a,d] name=<checkout> name=<checkout> ...');
  process.exit(2);
}

const specs = {
  a: { workload: 'a-webservice.mjs', size: 1, runs: 300, warmup: 30, warmupMs: 1500, budgetMs: 8000 },
  d: { workload: 'd-render.mjs', size: 'render', runs: 40, warmup: 3, warmupMs: 2000, budgetMs: 20000 },
  b: { workload: 'b-services.mjs', size: 5000, runs: 3, warmup: 1, warmupMs: 0, budgetMs: 60000 },
  c: { workload: 'c-disjunction-list.mjs', size: 2000, runs: 5, warmup: 2, warmupMs: 0, budgetMs: 60000 },
};
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function once(row, build) {
  const spec = { ...specs[row], engine: 'cue-lite', root, distLib: path.join(build.dir, 'dist/lib') };
  const r = spawnSync(process.execPath, [path.join(root, 'bench/lib/child.mjs'), JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 28, cwd: root });
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  if (out.error || !out.times) throw new Error(`${build.name} (${row}): ${out.error ?? r.stderr}`);
  return { wall: median(out.times), cpu: median(out.cpu), output: out.output };
}

const results = new Map();
for (let i = 0; i < rounds; i++) {
  const order = i % 2 ? [...builds].reverse() : builds;
  for (const row of rows) {
    for (const b of order) {
      const m = once(row, b);
      const key = `${row}\0${b.name}`;
      if (!results.has(key)) results.set(key, []);
      results.get(key).push(m);
      process.stderr.write(`round ${i + 1}/${rounds} (${row}) ${b.name}: CPU ${m.cpu.toFixed(3)} ms, wall ${m.wall.toFixed(3)} ms\n`);
    }
  }
}
for (const row of rows) {
  const first = results.get(`${row}\0${builds[0].name}`)[0].output;
  for (const b of builds) {
    const xs = results.get(`${row}\0${b.name}`);
    const cpu = xs.map((x) => x.cpu);
    const wall = xs.map((x) => x.wall);
    const same = xs.every((x) => x.output === first) ? '' : '  (output differs from the first build)';
    console.log(
      `(${row}) ${b.name.padEnd(10)} CPU median ${median(cpu).toFixed(3)} ms [${Math.min(...cpu).toFixed(3)}..${Math.max(...cpu).toFixed(3)}]  wall median ${median(wall).toFixed(3)} ms [${Math.min(...wall).toFixed(3)}..${Math.max(...wall).toFixed(3)}]  ${xs.length} processes${same}`,
    );
  }
}
