// Dev tool: evaluate CUE files and print the export (JSON) or errors.
import { readFileSync } from 'node:fs';
import { Source } from '../src/source/index.js';
import { Runtime } from '../src/compile/runtime.js';
import { exportPlain } from '../src/export/export.js';
import { encodeJSON } from '../src/encoding/index.js';
const rt = new Runtime();
const args = process.argv.slice(2);
const sources = args.map((f) => new Source(f, f === '-' ? readFileSync(0, 'utf8') : readFileSync(f, 'utf8')));
const { files, errors } = rt.parse(sources);
if (errors.length) { console.log(errors.map((e) => e.format()).join('')); process.exit(1); }
const inst = rt.build(files);
if (inst.errors.length) { console.log(inst.errors.map((e) => e.format()).join('')); process.exit(1); }
const r = exportPlain(rt.ev, inst.root);
if (r.errors.length) console.log(r.errors.map((e) => e.format()).join(''));
else process.stdout.write(encodeJSON(r.value!));
console.error(JSON.stringify(rt.ev.stats));
