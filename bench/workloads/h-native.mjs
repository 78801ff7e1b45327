// (h) Whole process against native CUE: `cue-lite export` started as users start it, through
// node_modules/.bin/cue-lite (the bin's shebang, no `node` in front), beside the pinned native
// `cue` v0.4.3 binary on the same files, alternating runs, with the spread and the peak RSS of
// each. Inputs: a trivial file, (b) at 1,000 and 5,000 instances, (c) at 2,000 elements.
// Targets are issue 14's, as a fraction of native's median time.
import path from 'node:path';
import { source as services } from '../gen/services.mjs';
import { source as shapes } from '../gen/shapes.mjs';
import { alternate } from '../lib/alternate.mjs';
import { kibToMiB, median } from '../lib/measure.mjs';
import { nativeCue } from '../lib/native.mjs';
import { writeInput } from '../lib/scaled.mjs';

export const name = '(h) whole process vs native cue';

const runs = 7;

const inputs = [
  { label: 'trivial file', stem: 'h-trivial', text: () => 'a: 1\n' },
  { label: '(b) 1,000 instances', stem: 'h-b-1000', text: () => services(1000), target: 1.0 },
  { label: '(c) 2,000 elements', stem: 'h-c-2000', text: () => shapes(2000), target: 0.8 },
  { label: '(b) 5,000 instances', stem: 'h-b-5000', text: () => services(5000), target: 0.5, rssTarget: true },
];

const spread = (xs) => `${xs[0].toFixed(0)}–${xs[xs.length - 1].toFixed(0)}`;

export async function run(ctx) {
  const native = nativeCue(ctx.root);
  const rows = [];
  for (const input of inputs) {
    const file = path.relative(ctx.root, writeInput(ctx, input.stem, input.text()));
    const commands = { lite: { cmd: ctx.bin, args: ['export', '--out', 'json', file] } };
    if (native.path) commands.native = { cmd: native.path, args: ['export', '--out', 'json', file] };
    const r = alternate(ctx, commands, { runs });
    const lite = r.lite;
    if (lite.status !== 0) {
      rows.push({ metric: `${input.label}: \`cue-lite export\``, value: NaN, unit: 'ms', note: `fails: ${String(lite.stderr || lite.status).split('\n')[0]}` });
      continue;
    }
    const t = median(lite.times);
    const n = r.native && r.native.status === 0 ? median(r.native.times) : undefined;
    const fraction = n === undefined ? undefined : t / n;
    rows.push({
      metric: `${input.label}: \`cue-lite export\` whole process`,
      value: t,
      native: n,
      unit: 'ms',
      target: input.target !== undefined && n !== undefined ? `≤ ${input.target}x native` : undefined,
      ok: input.target !== undefined && fraction !== undefined ? fraction <= input.target : undefined,
      note: [
        n !== undefined ? `${fraction.toFixed(2)}x native's time` : native.missing ?? `native cue failed: ${String(r.native?.stderr).split('\n')[0]}`,
        `median of ${runs} alternating runs; spread ${spread(lite.times)}${r.native ? ` / ${spread(r.native.times)}` : ''} ms`,
      ].join('; '),
    });
    if (lite.peakRssKiB !== undefined) {
      const nRss = r.native?.peakRssKiB;
      rows.push({
        metric: `${input.label}: peak RSS`,
        value: kibToMiB(lite.peakRssKiB),
        native: nRss === undefined ? undefined : kibToMiB(nRss),
        unit: 'MiB',
        target: input.rssTarget && nRss !== undefined ? '≤ native' : undefined,
        ok: input.rssTarget && nRss !== undefined ? lite.peakRssKiB <= nRss : undefined,
        note: '`/usr/bin/time -f %M`, the largest of the runs',
      });
    }
  }
  return rows;
}
