// Builds the playground (playground/src) into playground/dist: index.html, playground.js and
// playground.css. The page must work from file://, where Chromium refuses module scripts and
// `new Worker('worker.js')` (the origin is null): so both bundles are classic scripts (IIFE),
// the worker bundle is inlined into the page's as a string and started from a Blob URL, and
// nothing local is fetched at run time. `node scripts/build-playground.mjs [--outdir DIR]`.
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
  const page = await build({
    ...common,
    entryPoints: { playground: path.join(src, 'main.ts') },
    outdir: 'out',
    define: { __CUE_LITE_WORKER__: JSON.stringify(workerCode), __CUE_LITE_VERSION__: JSON.stringify(version) },
  });
  const pageJs = page.outputFiles.find((f) => f.path.endsWith('.js')).text;
  const css = readFileSync(path.join(src, 'style.css'), 'utf8');
  const html = readFileSync(path.join(src, 'index.html'), 'utf8').replace('__VERSION__', version);
  mkdirSync(outdir, { recursive: true });
  const files = { 'index.html': html, 'playground.js': pageJs, 'playground.css': css };
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
