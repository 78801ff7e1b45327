// Builds the playground (playground/src) into playground/dist: index.html, playground.css,
// playground-worker.js (boot.ts with the worker's code inlined as a string: it starts the worker
// from a Blob URL at once) and playground.js (the page and its editor). The page must work from
// file://, where Chromium refuses module scripts and `new Worker('worker.js')` (the origin is
// null): so every bundle is a classic script (IIFE), and nothing local is fetched at run time.
// `node scripts/build-playground.mjs [--outdir DIR]`.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const src = path.join(root, 'playground/src');

/** Builds into `outdir` (default playground/dist); returns the files written and their sizes. */
export async function buildPlayground({ outdir = path.join(root, 'playground/dist'), minify = true } = {}) {
  const common = { bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify, legalComments: 'none', logLevel: 'warning', write: false };
  // The worker: the library and the evaluation code. Its text becomes a string in the page's bundle.
  const worker = await build({ ...common, entryPoints: [path.join(src, 'worker.ts')], outfile: 'worker.js' });
  const workerCode = worker.outputFiles[0].text;
  const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  const boot = await build({ ...common, entryPoints: [path.join(src, 'boot.ts')], outfile: 'boot.js', define: { __CUE_LITE_WORKER__: JSON.stringify(workerCode) } });
  const page = await build({ ...common, entryPoints: [path.join(src, 'main.ts')], outfile: 'playground.js' });
  const bootJs = boot.outputFiles[0].text;
  const pageJs = page.outputFiles[0].text;
  const css = readFileSync(path.join(src, 'style.css'), 'utf8');
  const html = readFileSync(path.join(src, 'index.html'), 'utf8').replace('__VERSION__', version);
  mkdirSync(outdir, { recursive: true });
  const files = { 'index.html': html, 'playground-worker.js': bootJs, 'playground.js': pageJs, 'playground.css': css };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(outdir, name), text);
  return { outdir, sizes: Object.fromEntries(Object.entries(files).map(([n, t]) => [n, Buffer.byteLength(t)])) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--outdir');
  const start = performance.now();
  const { outdir, sizes } = await buildPlayground(i > 0 ? { outdir: path.resolve(process.argv[i + 1]) } : {});
  const { gzipSync } = await import('node:zlib');
  let total = 0;
  for (const [name, bytes] of Object.entries(sizes)) {
    const gz = gzipSync(readFileSync(path.join(outdir, name)), { level: 9 }).length;
    total += gz;
    console.log(`${name.padEnd(16)} ${(bytes / 1024).toFixed(1).padStart(8)} KB  ${(gz / 1024).toFixed(1).padStart(7)} KB gzipped`);
  }
  console.log(`total gzipped: ${(total / 1024).toFixed(1)} KB; built in ${Math.round(performance.now() - start)} ms into ${path.relative(process.cwd(), outdir) || '.'}`);
}
