// Dev tool: time the phases of an export (parse, compile, evaluate, export, encode) over N runs.
import { readFileSync } from 'node:fs';
import { Source } from '../src/source/index.js';
import { Runtime } from '../src/compile/runtime.js';
import { exportJSONText } from '../src/export/export.js';
const file = process.argv[2]!;
const runs = Number(process.argv[3] ?? 5);
const text = readFileSync(file, 'utf8');
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  const rt = new Runtime();
  const { files } = rt.parse([new Source(file, text)]);
  const t1 = performance.now();
  const inst = rt.build(files);
  const t2 = performance.now();
  rt.ev.finalize(inst.root);
  const t3 = performance.now();
  const res = exportJSONText(rt.ev, inst.root);
  const t4 = performance.now();
  const json = res.text!;
  const t5 = performance.now();
  console.log(`parse ${(t1 - t0).toFixed(0)} compile ${(t2 - t1).toFixed(0)} eval ${(t3 - t2).toFixed(0)} export ${(t4 - t3).toFixed(0)} json ${(t5 - t4).toFixed(0)} total ${(t5 - t0).toFixed(0)} ms (${json.length} bytes)`);
}
