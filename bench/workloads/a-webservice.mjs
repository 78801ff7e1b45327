// (a) A KubeVela-style webservice template rendered with fresh parameters each time.
// cue-lite compiles the template once (Context.compile), then per render fills `parameter`
// and `context` and exports JSON: the path of a controller or a browser form. Reference CUE
// (cue-wasm) has no compile-once API: each render compiles the template with the inputs
// appended, which is what a JavaScript program using it has to do.
import { context, parameters, renderSource, template } from '../gen/webservice.mjs';
import { compareEngines, median, kibToMiB } from '../lib/measure.mjs';

export const name = '(a) webservice render';

/** Renders compared across engines (the check). */
const CHECKED = 8;

export async function prepare({ engine }) {
  if (engine.name === 'cue-lite') {
    const ctx = new engine.lib.Context();
    const tpl = ctx.compile(template, { filename: 'webservice.cue' });
    const errs = tpl.validate();
    if (errs.length > 0) throw new Error(errs[0].format?.() ?? String(errs[0]));
    const render = (i) => tpl.fillPath('parameter', parameters(i)).fillPath('context', context(i)).exportJSON();
    return {
      check: () => `[${Array.from({ length: CHECKED }, (_, i) => render(i)).join(',')}]`,
      run: (i) => render(i),
    };
  }
  const render = (i) => engine.exportJSON(renderSource(i));
  return {
    check: async () => {
      const out = [];
      for (let i = 0; i < CHECKED; i++) out.push(await render(i));
      return `[${out.join(',')}]`;
    },
    run: (i) => render(i),
  };
}

export async function run(ctx) {
  const c = compareEngines(ctx, 'a-webservice.mjs', 1, {
    // The same warm-up time for both engines (a steady state: optimised JavaScript, tiered-up
    // WebAssembly), then the timed renders.
    lite: { runs: 500, warmup: 30, warmupMs: 1500, budgetMs: 8000 },
    ref: { runs: 40, warmup: 5, warmupMs: 1500, budgetMs: 8000 },
  });
  if (c.lite.error) throw new Error(c.lite.error);
  const lite = median(c.lite.times);
  const ref = c.ref.error ? NaN : median(c.ref.times);
  const liteCpu = median(c.lite.cpu);
  const refCpu = c.ref.error ? NaN : median(c.ref.cpu);
  const ratio = ref / lite;
  return [
    {
      metric: 'render: fill parameter + context, export (warm)',
      value: lite,
      reference: ref,
      refEngine: c.refEngine,
      ratio: true,
      cpu: liteCpu,
      refCpu,
      unit: 'ms',
      same: c.same,
      diff: c.diff,
      target: '≥ 60x',
      ok: ratio >= 60,
      note: `${c.refNote}median of ${c.lite.times.length} / ${c.ref.times?.length ?? 0} renders, CPU ${liteCpu.toFixed(2)} / ${refCpu.toFixed(1)} ms; reference compiles the template each time (no compile-once API)`,
    },
    { metric: 'compile template (once)', value: c.lite.prepareMs, unit: 'ms', note: 'Context.compile + validate, first in a fresh process' },
    {
      metric: 'peak RSS, own process',
      value: kibToMiB(c.lite.peakRssKiB),
      reference: kibToMiB(c.ref.peakRssKiB),
      refEngine: c.refEngine,
      unit: 'MiB',
      note: 'whole child process after all renders',
    },
  ];
}
