#!/usr/bin/env node
// Memory soak, run with --expose-gc: one process compiles and renders the webservice template
// many times and reports the heap (after a full GC) at checkpoints. Each iteration does both
// things a long-lived host does: compiles a new source text in one shared Context (template
// plus that render's inputs, so a cache keyed by source would grow) and renders the template
// compiled once with fresh parameters (fillPath + export). Flat heap = nothing held forever.
//   node --expose-gc bench/lib/soak.mjs '{"distLib": "...", "iterations": 10000, "budgetMs": 60000}'
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { context, parameters, renderSource, template } from '../gen/webservice.mjs';

const spec = JSON.parse(process.argv[2]);
const { Context } = await import(pathToFileURL(path.join(spec.distLib, 'index.js')).href);
if (typeof global.gc !== 'function') throw new Error('run with --expose-gc');

const heapMiB = () => {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const shared = new Context();
const tpl = shared.compile(template, { filename: 'webservice.cue' });
const checkpoints = [];
const warm = Math.min(500, spec.iterations);
const started = performance.now();
let i = 0;
for (; i < spec.iterations; i++) {
  shared.compile(renderSource(i)).exportJSON();
  tpl.fillPath('parameter', parameters(i)).fillPath('context', context(i)).exportJSON();
  if (i + 1 === warm || (i + 1) % 2000 === 0) checkpoints.push({ iteration: i + 1, heapMiB: heapMiB() });
  if (performance.now() - started > spec.budgetMs) {
    i++;
    break;
  }
}
if (checkpoints.at(-1)?.iteration !== i) checkpoints.push({ iteration: i, heapMiB: heapMiB() });
process.stdout.write(
  JSON.stringify({ iterations: i, ms: performance.now() - started, checkpoints, peakRssKiB: process.resourceUsage().maxRSS }) + '\n',
);
