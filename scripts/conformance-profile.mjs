// Times each assertion of some archives of CUE's suite, in process (no time limit), to find
// what makes an archive slow: node scripts/conformance-profile.mjs <checkout|mirror> NAME...
// (NAME as the runner prints it, e.g. cycle/comprehension). Build first (uses dist/).
import { readCorpus } from './conformance/corpus.mjs';
import { runCase } from './conformance/case.mjs';

const [location, ...names] = process.argv.slice(2);
if (!location || names.length === 0) {
  console.error('usage: node scripts/conformance-profile.mjs <cue checkout or mirror> ARCHIVE...');
  process.exit(2);
}
const lib = await import(new URL('../dist/lib/index.js', import.meta.url).href);
const corpus = readCorpus(location);
for (const name of names) {
  const archive = corpus.archives.find((a) => a.name === name || a.name === `cue/testdata/${name}`);
  if (!archive) {
    console.error(`${name}: no such archive`);
    continue;
  }
  const start = performance.now();
  const times = [];
  await runCase(lib, archive, {
    onPlan: () => console.log(`  planned after ${(performance.now() - start).toFixed(0)} ms`),
    onTiming: (a, ms) => {
      const what = `${a.file}:${a.line} ${a.kind} ${a.path}`;
      times.push([ms, what]);
      if (process.env.VERBOSE) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${what}`);
    },
  });
  const total = performance.now() - start;
  times.sort((x, y) => y[0] - x[0]);
  console.log(`${archive.name}: ${total.toFixed(0)} ms in all; slowest assertions:`);
  for (const [ms, what] of times.slice(0, 8)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${what}`);
}
