// The shape shared by workloads (b) and (c): one generated configuration at two sizes,
// exported whole. Per size: in-process export time on each engine (each in its own process,
// warm: the engine is loaded and has exported once before timing), peak RSS, the JSON check;
// then the growth exponent between the sizes; then the whole-process CLI at the large size,
// against `node -e 0` (native `cue` on the same inputs: workload (h)).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliExportStatus, compareEngines, growthExponent, kibToMiB, median, timeProcess } from './measure.mjs';

/** prepare() for a workload whose input is `source(size)`, exported whole on every run. */
export function exportWhole(source) {
  return async ({ engine, size }) => {
    const text = source(size);
    return {
      check: () => engine.exportJSON(text),
      run: () => engine.exportJSON(text),
    };
  };
}

/** Writes the generated input for the command-line runs; returns its absolute path. */
export function writeInput(ctx, stem, text) {
  const dir = path.join(ctx.root, 'bench/.out');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${stem}.cue`);
  writeFileSync(file, text);
  return file;
}

/**
 * opts: { file, stem, source, sizes: [small, large], unit: 'instances', targets: { ratio, growth,
 * cliMs, cliMiB } }. Returns table rows.
 */
export async function scaledRows(ctx, opts) {
  const rows = [];
  const medians = {};
  const [n1, n2] = opts.sizes;
  for (const n of opts.sizes) {
    const large = n === n2;
    // The check (one export before timing) is the warm-up.
    const c = compareEngines(ctx, opts.file, n, {
      lite: { runs: 7, warmup: large ? 0 : 2, budgetMs: 10_000, timeoutMs: 180_000 },
      ref: { runs: 5, warmup: 0, budgetMs: large ? 12_000 : 8_000, timeoutMs: 240_000 },
      fallback: { runs: 1, warmup: 0, timeoutMs: 240_000 },
    });
    const lite = c.lite.error ? NaN : median(c.lite.times);
    const ref = c.ref.error ? NaN : median(c.ref.times);
    medians[n] = { lite, ref, liteCpu: median(c.lite.cpu ?? []), refCpu: median(c.ref.cpu ?? []) };
    const ratio = ref / lite;
    const failures = [c.lite.error && `cue-lite failed: ${c.lite.error.split('\n')[0]}`, c.ref.error && `${c.refEngine} failed: ${c.ref.error.split('\n')[0]}`]
      .filter(Boolean)
      .join('; ');
    rows.push({
      metric: `${n.toLocaleString('en-US')} ${opts.unit}: export in process (warm)`,
      value: lite,
      reference: ref,
      refEngine: c.refEngine,
      ratio: true,
      cpu: medians[n].liteCpu,
      refCpu: medians[n].refCpu,
      unit: 'ms',
      same: c.same,
      diff: c.diff,
      target: large && opts.targets.ratio ? `≥ ${opts.targets.ratio}x` : undefined,
      ok: large && opts.targets.ratio ? ratio >= opts.targets.ratio : undefined,
      note:
        failures ||
        `${c.refNote}compile + evaluate + JSON; median of ${c.lite.times.length} / ${c.ref.times.length} runs`,
    });
    rows.push({
      metric: `${n.toLocaleString('en-US')} ${opts.unit}: peak RSS, own process`,
      value: kibToMiB(c.lite.peakRssKiB),
      reference: kibToMiB(c.ref.peakRssKiB),
      refEngine: c.refEngine,
      unit: 'MiB',
    });
  }
  // From CPU time: on a shared machine wall time also counts the time spent waiting for a
  // core, which can make the small size look slower than the large one.
  const gl = growthExponent(medians[n1].liteCpu, medians[n2].liteCpu, n1, n2);
  const gr = growthExponent(medians[n1].refCpu, medians[n2].refCpu, n1, n2);
  rows.push({
    metric: `growth exponent ${n1.toLocaleString('en-US')} → ${n2.toLocaleString('en-US')} (CPU time)`,
    value: gl,
    reference: gr,
    unit: '',
    target: `≤ ${opts.targets.growth}`,
    ok: gl <= opts.targets.growth,
    note: `log(t2/t1) / log(n2/n1), 1 is linear; from wall time ${growthExponent(medians[n1].lite, medians[n2].lite, n1, n2).toFixed(2)} / ${growthExponent(medians[n1].ref, medians[n2].ref, n1, n2).toFixed(2)}`,
  });

  // The command line, whole process, at the large size.
  const file = writeInput(ctx, `${opts.stem}-${n2}`, opts.source(n2));
  const rel = path.relative(ctx.root, file);
  const status = cliExportStatus(ctx, file);
  const metric = `${n2.toLocaleString('en-US')} ${opts.unit}: \`cue-lite export\` whole process`;
  if (!status.ok) {
    rows.push({
      metric,
      value: NaN,
      unit: 'ms',
      note: status.pending ? 'pending: `cue-lite export` has not landed yet' : `fails: ${status.message}`,
    });
    return rows;
  }
  const cli = timeProcess(ctx, process.execPath, [ctx.cli, 'export', rel], { runs: 3, warmup: 0, rss: 'inline' });
  const floor = timeProcess(ctx, process.execPath, ['-e', '0'], { runs: 5 });
  const t = median(cli.times);
  const mib = kibToMiB(cli.peakRssKiB);
  rows.push({
    metric,
    value: t,
    unit: 'ms',
    target: opts.targets.cliMs ? `≤ ${opts.targets.cliMs} ms` : undefined,
    ok: opts.targets.cliMs ? t <= opts.targets.cliMs : undefined,
    note: `\`node bin/cue-lite.js export ${rel}\`, median of 3; \`node -e 0\` ${median(floor.times).toFixed(0)} ms`,
  });
  rows.push({
    metric: `${n2.toLocaleString('en-US')} ${opts.unit}: \`cue-lite export\` peak RSS`,
    value: mib,
    unit: 'MiB',
    target: opts.targets.cliMiB ? `≤ ${opts.targets.cliMiB} MiB` : undefined,
    ok: opts.targets.cliMiB ? mib <= opts.targets.cliMiB : undefined,
  });
  return rows;
}
