// Dev tool: shows, for error cases, the oracle's error lines next to ours (first lines only).
import { listTxtar, readTxtar, getFile } from '../test/helpers/txtar.js';
import { evalCase } from '../test/helpers/eval-case.js';
const heads = (s: string) => s.split('\n').filter((l) => l && !l.startsWith('    ')).sort().join(' | ');
for (const f of listTxtar(process.argv[2] ?? 'testdata/eval')) {
  const a = readTxtar(f);
  const want = getFile(a, 'out/errors');
  if (want === undefined) continue;
  const r = evalCase(a);
  if (heads(r.errors) !== heads(want)) console.log(`${f.replace('testdata/eval/', '')}\n  want: ${heads(want)}\n  got:  ${heads(r.errors) || r.output.slice(0, 80)}`);
}
