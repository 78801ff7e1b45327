// Loads the bundled CLI (dist/cli.cjs) with V8's code cache (dist/cli.cache, made by
// `npm run build`): the bundle is about 2 MB of JavaScript, and compiling it, then the
// functions a command calls, is half of a small command's start-up. The cache holds that
// compiled code. V8 checks it against the source and the Node version: a stale or foreign
// cache is rejected and the bundle compiles as it would without one.
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const dist = path.join(path.dirname(__dirname), 'dist');
const bundleFile = path.join(dist, 'cli.cjs');
const cacheFile = path.join(dist, 'cli.cache');

/** { main, script }: the CLI's entry point, and the script (to make a cache from). */
function loadCli({ useCache = true } = {}) {
  // The build writes the bundle in ASCII (scripts/build.mjs): read as Latin-1 it needs no
  // UTF-8 decoding and makes a one-byte string, half the memory V8 hashes and scans.
  const bytes = readFileSync(bundleFile);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  let cachedData;
  if (useCache) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined; // no cache: compile as usual
    }
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundleFile, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundleFile), module, bundleFile, dist);
  return { main: module.exports.main, script };
}

module.exports = { bundleFile, cacheFile, loadCli };
