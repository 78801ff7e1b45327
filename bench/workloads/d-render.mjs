// (d) The five-component application with traits (bench/gen/application.mjs, the render
// issue's workload): cue-lite's `render()` warm in one process and `cue-lite render` cold
// from the command line, beside reference CUE exporting the same five component templates
// with the same parameters and context (reference CUE has no renderer, so no trait patches).
// The JSON check compares the templates' `output` / `outputs` (before trait patches): cue-lite
// evaluating the same five CUE texts as reference CUE.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { application, templateSources } from '../gen/application.mjs';
import { cliExportStatus, compareEngines, kibToMiB, median, timeProcess } from '../lib/measure.mjs';

export const name = '(d) render application';

const definitionText = (root) => (type) => readFileSync(path.join(root, 'stdlib/definitions/components', `${type}.cue`), 'utf8');

/** The templates' results, as the check compares them: [{output, outputs}] per component. */
function templateOutputs(jsonTexts) {
  return JSON.stringify(
    jsonTexts.map((t) => {
      const v = JSON.parse(t).template;
      return { output: v.output, outputs: v.outputs ?? {} };
    }),
  );
}

export async function prepare({ engine, root, size }) {
  const sources = templateSources(definitionText(root));
  const exportAll = async () => {
    const out = [];
    for (const s of sources) out.push(await engine.exportJSON(s));
    return out;
  };
  const check = async () => templateOutputs(await exportAll());
  if (engine.name === 'cue-lite' && size === 'render') {
    // The renderer, warm: definitions loaded once, the Application rendered per run.
    const { render, loadDefinitions } = engine.lib;
    const definitions = loadDefinitions([]);
    const app = application();
    const objects = render(app, { definitions });
    return { check, run: () => render(app, { definitions }), objects: objects.length };
  }
  return { check, run: exportAll };
}

export async function run(ctx) {
  const lib = await import(new URL(`file://${path.join(ctx.distLib, 'index.js')}`).href);
  if (typeof lib.render !== 'function') {
    return [{ metric: 'five components with traits', value: NaN, unit: 'ms', note: 'not measurable yet: the renderer (`render()`, `cue-lite render`) has not landed' }];
  }
  const opts = { lite: { runs: 30, warmup: 3, budgetMs: 5000 }, ref: { runs: 11, warmup: 1, budgetMs: 5000 }, fallback: { runs: 1, warmup: 0 } };
  // size 'render': cue-lite runs its renderer; 'templates': the same five exports as reference.
  const r = compareEngines(ctx, 'd-render.mjs', 'render', opts);
  const t = compareEngines(ctx, 'd-render.mjs', 'templates', { ...opts, ref: { runs: 0, warmup: 0 } });
  const rows = [];
  const ref = r.ref.error ? NaN : median(r.ref.times);
  const renderMs = r.lite.error ? NaN : median(r.lite.times);
  rows.push({
    metric: `render() five components + ${application().spec.components.reduce((n, c) => n + c.traits.length, 0)} traits (warm)`,
    value: renderMs,
    reference: ref,
    refEngine: r.refEngine,
    ratio: true,
    cpu: r.lite.error ? NaN : median(r.lite.cpu),
    refCpu: r.ref.error ? NaN : median(r.ref.cpu),
    unit: 'ms',
    same: r.same,
    diff: r.diff,
    note: r.lite.error
      ? `cue-lite failed: ${r.lite.error.split('\n')[0]}`
      : `${r.refNote}reference: the five templates exported with the same parameters (no trait patches); JSON check on the templates' output/outputs`,
  });
  rows.push({
    metric: 'five templates exported (the reference\'s work)',
    value: t.lite.error ? NaN : median(t.lite.times),
    reference: ref,
    refEngine: r.refEngine,
    ratio: true,
    cpu: t.lite.error ? NaN : median(t.lite.cpu),
    refCpu: r.ref.error ? NaN : median(r.ref.cpu),
    unit: 'ms',
    note: t.lite.error ? `cue-lite failed: ${t.lite.error.split('\n')[0]}` : 'compile + export of each template text, no compile cache',
  });
  rows.push({ metric: 'peak RSS, own process', value: kibToMiB(r.lite.peakRssKiB), reference: kibToMiB(r.ref.peakRssKiB), refEngine: r.refEngine, unit: 'MiB' });

  // Cold, from the command line.
  const dir = path.join(ctx.root, 'bench/.out');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'd-application.json');
  writeFileSync(file, JSON.stringify(application(), null, 2));
  const rel = path.relative(ctx.root, file);
  const cli = timeProcess(ctx, process.execPath, [ctx.cli, 'render', rel], { runs: 5, warmup: 0, rss: 'inline' });
  const floor = median(timeProcess(ctx, process.execPath, ['-e', '0'], { runs: 7 }).times);
  rows.push({
    metric: '`cue-lite render` whole process (cold)',
    value: cli.status === 0 ? median(cli.times) : NaN,
    unit: 'ms',
    note:
      cli.status === 0
        ? `\`node bin/cue-lite.js render ${rel}\`, median of 5; +${(median(cli.times) - floor).toFixed(0)} ms over \`node -e 0\`; peak RSS ${kibToMiB(cli.peakRssKiB).toFixed(0)} MiB`
        : `fails: exit ${cli.status}: ${cli.stderr.split('\n')[0]}`,
  });
  return rows;
}
