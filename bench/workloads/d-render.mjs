// (d) The five-component application with traits from the render issue: warm in one process
// and cold from the command line, beside reference CUE exporting the same component templates
// with the same parameters (reference CUE has no trait patching, so the check compares the
// components' `output` / `outputs` before trait patches).
//
// Not measurable yet: the renderer (src/render, `cue-lite render`) is being written. Until it
// lands this workload reports one placeholder row.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = '(d) render application';

export async function run(ctx) {
  const lib = path.join(ctx.distLib, 'index.js');
  const api = existsSync(lib) ? await import(pathToFileURL(lib).href) : {};
  if (typeof api.render !== 'function') {
    return [{ metric: 'five components with traits', value: NaN, unit: 'ms', note: 'not measurable yet: the renderer (`render()`, `cue-lite render`) has not landed' }];
  }
  return [{ metric: 'five components with traits', value: NaN, unit: 'ms', note: 'renderer present: workload to be written' }];
}
