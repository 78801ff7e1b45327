// (b) A `#Service` schema (defaults, bounds, regexes, pattern constraints, an `if`) unified
// with N generated instances through `services: [Name=string]: #Service & {name: Name}`,
// N = 1,000 and 5,000. The generator is bench/gen/services.mjs.
import { source } from '../gen/services.mjs';
import { exportWhole, scaledRows } from '../lib/scaled.mjs';

export const name = '(b) #Service × N';

export const prepare = exportWhole(source);

export function run(ctx) {
  return scaledRows(ctx, {
    file: 'b-services.mjs',
    stem: 'b-services',
    source,
    sizes: [1000, 5000],
    unit: 'instances',
    targets: { ratio: 7, growth: 1.1, cliMs: 550, cliMiB: 200 },
  });
}
