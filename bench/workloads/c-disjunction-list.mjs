// (c) A list of N elements typed by a disjunction of ten closed struct shapes with defaults
// (`items: [...#Item]`, `#Item: #CPU | #Memory | ...`), N = 500 and 2,000. Two shapes share
// their tag and differ only in the fields they allow. The generator is bench/gen/shapes.mjs.
import { source } from '../gen/shapes.mjs';
import { exportWhole, scaledRows } from '../lib/scaled.mjs';

export const name = '(c) 10-way disjunction list';

export const prepare = exportWhole(source);

export function run(ctx) {
  return scaledRows(ctx, {
    file: 'c-disjunction-list.mjs',
    stem: 'c-disjunction-list',
    source,
    sizes: [500, 2000],
    unit: 'elements',
    targets: { ratio: 10, growth: 1.1 },
  });
}
