// Whether playground/dist is older than what it is built from (the page's source, the library,
// package.json): the browser tests rebuild it only then, so that a fresh clone needs no
// separate build step and a second run pays nothing.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function newest(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

export function playgroundIsStale(outdir = path.join(root, 'playground/dist')) {
  const built = ['index.html', 'playground-worker.js', 'playground.js', 'playground.css'].map((f) => path.join(outdir, f));
  if (!built.every((f) => existsSync(f))) return true;
  const builtAt = Math.min(...built.map((f) => statSync(f).mtimeMs));
  const inputs = ['playground/src', 'src', 'stdlib', 'package.json', 'scripts/build-playground.mjs'].map((p) => path.join(root, p));
  return inputs.some((p) => existsSync(p) && newest(p) > builtAt);
}
