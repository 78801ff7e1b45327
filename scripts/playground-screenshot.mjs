// `npm run playground:screenshot`: the README's screenshot of the playground
// (docs/playground.png), taken in headless Chromium from file://, and the figures the README
// quotes: the page's total size gzipped and the time to its first evaluation (median of
// --loads N page loads, default 7). Not a test: it rewrites the PNG.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { chromium as driver } from 'playwright-core';
import { buildPlayground } from './build-playground.mjs';
import { findChromium, launchChromium } from './chromium.mjs';
import { playgroundIsStale } from './playground-freshness.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'playground/dist');
const out = path.join(root, 'docs/playground.png');
const i = process.argv.indexOf('--loads');
const loads = i > 0 ? Number(process.argv[i + 1]) : 7;

const chromium = findChromium();
if (!chromium) {
  console.error('playground:screenshot: no Chromium found (apt-get install chromium, or set CUE_LITE_CHROMIUM)');
  process.exit(1);
}
if (playgroundIsStale()) await buildPlayground();
const url = pathToFileURL(path.join(dist, 'index.html')).href;

let gz = 0;
for (const f of ['index.html', 'playground-worker.js', 'playground.js', 'playground.css']) gz += gzipSync(readFileSync(path.join(dist, f)), { level: 9 }).length;

const browser = await launchChromium(driver, chromium);
try {
  const times = [];
  for (let n = 0; n < loads; n++) {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.firstEvaluationMs !== undefined, null, { timeout: 10_000 });
    times.push(Number(await page.evaluate(() => document.documentElement.dataset.firstEvaluationMs)));
    await page.close();
  }
  times.sort((a, b) => a - b);

  const page = await browser.newPage({ viewport: { width: 1200, height: 640 }, deviceScaleFactor: 1, colorScheme: 'light' });
  await page.goto(url);
  await page.check('input[name="mode"][value="render"]');
  await page.waitForFunction(() => document.querySelector('#output')?.textContent?.includes('kind: Deployment'), null, { timeout: 10_000 });
  writeFileSync(out, await page.screenshot({ type: 'png' }));

  console.log(`screenshot: ${path.relative(process.cwd(), out)} (${(readFileSync(out).length / 1024).toFixed(0)} KB)`);
  console.log(`total transfer size: ${(gz / 1024).toFixed(1)} KB gzipped (index.html, playground-worker.js, playground.js, playground.css; gzip -9)`);
  console.log(
    `first evaluation after navigation start, file://, ${path.basename(chromium)} headless: median ${times[times.length >> 1]} ms over ${loads} loads (min ${times[0]}, max ${times[times.length - 1]}); load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
  );
} finally {
  await browser.close();
}
