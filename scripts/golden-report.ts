// Dev tool: runs testdata/eval cases through cue-lite and reports mismatches (ignoring field order).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTxtar, listTxtar, getFile } from '../test/helpers/txtar.js';
import { Source } from '../src/source/index.js';
import { Runtime } from '../src/compile/runtime.js';
import { exportPlain } from '../src/export/export.js';
import { encodeJSON } from '../src/encoding/index.js';
import { parseJSONFile, parseYAMLFile } from '../src/encoding/index.js';

const dir = process.argv[2] ?? 'testdata/eval';
const verbose = process.argv.includes('-v');
let pass = 0, fail = 0;
const failures: string[] = [];
function canon(text: string): string {
  try { return JSON.stringify(sortKeys(JSON.parse(text.replace(/(\d)E\+?(-?\d)/g, '$1e$2')))); } catch { return text.trim(); }
}
function sortKeys(x: any): any {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys(x[k])]));
  return x;
}
for (const file of listTxtar(dir)) {
  const a = parseTxtar(readFileSync(file, 'utf8'));
  const rt = new Runtime();
  const sources = a.files.filter((f) => f.name.endsWith('.cue') && !f.name.startsWith('out/')).map((f) => new Source(f.name, f.data));
  const { files, errors } = rt.parse(sources);
  for (const f of a.files) {
    if (f.name.startsWith('out/')) continue;
    if (f.name.endsWith('.json')) { const r = parseJSONFile(new Source(f.name, f.data)); if (r.file) files.push(r.file); errors.push(...r.errors); }
    if (f.name.endsWith('.yaml') || f.name.endsWith('.yml')) { const r = parseYAMLFile(new Source(f.name, f.data)); if (r.file) files.push(r.file); errors.push(...r.errors); }
  }
  let out = '', errText = '';
  try {
    if (errors.length) errText = errors.map((e) => e.format()).join('');
    else {
      const inst = rt.build(files);
      if (inst.errors.length) errText = inst.errors.map((e) => e.format()).join('');
      else {
        const r = exportPlain(rt.ev, inst.root);
        if (r.errors.length) errText = r.errors.map((e) => e.format()).join('');
        else out = encodeJSON(r.value!);
      }
    }
  } catch (e: any) {
    errText = 'CRASH ' + (e?.stack ?? e);
  }
  const wantJSON = getFile(a, 'out/export.json');
  const wantErr = getFile(a, 'out/errors');
  let ok: boolean;
  if (wantJSON !== undefined) ok = errText === '' && canon(out) === canon(wantJSON);
  else ok = errText !== '' && !errText.startsWith('CRASH');
  if (ok) pass++;
  else {
    fail++;
    failures.push(`--- ${file}\n${a.comment}${verbose ? getFile(a, 'in.cue') : ''}want: ${wantJSON ?? wantErr}got:  ${out || errText}`);
  }
}
console.log(failures.join('\n'));
console.log(`${pass} passed, ${fail} failed`);
