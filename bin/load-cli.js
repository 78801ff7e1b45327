// Loads the bundled CLI (dist/cli.cjs) with V8's code cache (dist/cli.cache): the bundle is
// about 2 MB of JavaScript, and compiling it, then the functions a command calls, is half of
// a small command's start-up. The cache holds that compiled code.
//
// V8 alone is not a safe judge of a cache file: it compares its own version, its flags and
// the source's *length*, not its content, and in release builds it does not verify the
// payload's checksum, so a damaged payload crashes Node (a fatal error, not an exception)
// and a stale cache for a rebuilt bundle of the same length would be taken. So the file is
//
//   one header line: {"magic", "node", "arch", "v8", "bundle": length, "build": id, "data": length}
//   the payload V8 made, twice
//
// and it is used only when the header matches this Node (version, architecture, V8), the
// bundle's length and the build id the bundle ends with (scripts/bundles.mjs writes a
// SHA-256 of the bundle there), and the two copies of the payload are byte for byte equal
// (a memcmp: a damaged block differs between them; a checksum computed in JavaScript or
// with node:crypto costs more than the rest of `version`). A missing, stale or rejected
// cache costs only time: the bundle compiles without it, and `done()` writes a fresh one
// (atomically: a temporary file renamed over the old one) when dist/ is writable.
'use strict';
const { isAscii } = require('node:buffer');
const { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const dist = path.join(path.dirname(__dirname), 'dist');
const bundleFile = path.join(dist, 'cli.cjs');
const cacheFile = path.join(dist, 'cli.cache');
/** `cue-lite help` as main.ts prints it, written by the build (scripts/code-cache.mjs). */
const usageFile = path.join(dist, 'usage.txt');
const MAGIC = 'cue-lite-code-cache/1';
/** How the bundle ends: its build id (scripts/bundles.mjs). */
const BUILD_MARK = '\n//# cue-lite-build=';

/** The build id written at the end of the bundle, or '' when there is none. */
function buildIdOf(source) {
  const at = source.lastIndexOf(BUILD_MARK);
  return at < 0 ? '' : source.slice(at + BUILD_MARK.length).trim();
}

/** The header that a cache for this Node and this bundle carries. */
function expectedHeader(source, dataLength) {
  return { magic: MAGIC, node: process.version, arch: process.arch, v8: process.versions.v8, bundle: source.length, build: buildIdOf(source), data: dataLength };
}

/** The payload of a cache file that fits this Node and bundle, or undefined. Never throws. */
function readCache(file, source) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined; // no cache
  }
  const nl = bytes.indexOf(10);
  if (nl < 0 || nl > 4096) return undefined;
  let header;
  try {
    header = JSON.parse(bytes.toString('latin1', 0, nl));
  } catch {
    return undefined;
  }
  if (header === null || typeof header !== 'object' || !Number.isSafeInteger(header.data) || header.data <= 0) return undefined;
  const want = expectedHeader(source, header.data);
  for (const k of Object.keys(want)) if (header[k] !== want[k]) return undefined;
  if (want.build === '' || bytes.length !== nl + 1 + 2 * header.data) return undefined;
  const data = bytes.subarray(nl + 1, nl + 1 + header.data);
  return data.equals(bytes.subarray(nl + 1 + header.data)) ? data : undefined;
}

/** Writes a cache file for `script` (compiled from `source`) atomically. Throws on failure. */
function writeCache(file, script, source) {
  const tmp = `${file}.${process.pid}.tmp`;
  // Opened before the (costly) serialisation: a read-only dist/ fails here, cheaply.
  const fd = openSync(tmp, 'w');
  try {
    const data = script.createCachedData();
    writeSync(fd, `${JSON.stringify(expectedHeader(source, data.length))}\n`);
    writeSync(fd, data);
    writeSync(fd, data);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

/**
 * V8 optimises a function with TurboFan once it has run for an "interrupt budget" of
 * bytecode (67,584 bytes on Node 20). In a one-shot command that is far too early: a 1,000
 * instance `export` had ~190 functions compiled by TurboFan on background threads, ~450 ms
 * of CPU against ~350 ms of the main thread's, most of it for code that had finished running
 * before its optimised version arrived (on a 2-core machine those threads also take the
 * main thread's core). Eight times the budget still optimises what runs long (a 5,000
 * instance export takes as long as before) and cuts a 1,000 instance export's CPU time by a
 * fifth, a 2,000 element one's by a third. Set before the bundle is compiled, here, so that
 * the code cache made by scripts/code-cache.mjs (through this function) is made under the
 * same flags: V8 rejects a cache made under others.
 */
function tierUpLater() {
  require('node:v8').setFlagsFromString('--interrupt-budget=540672');
}

/**
 * { main, script, done }: the CLI's entry point, the compiled script (to make a cache from),
 * and `done()`, to call once the command has run: it writes a fresh cache when the one found
 * was missing, stale or rejected (never throws).
 */
function loadCli({ useCache = true } = {}) {
  tierUpLater();
  // The build writes the bundle in ASCII (scripts/bundles.mjs): read as Latin-1 it needs no
  // UTF-8 decoding and makes a one-byte string, half the memory V8 hashes and scans.
  const bytes = readFileSync(bundleFile);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const cachedData = useCache ? readCache(cacheFile, source) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundleFile, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundleFile), module, bundleFile, dist);
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  const done = () => {
    if (!useCache || !fresh || buildIdOf(source) === '') return;
    try {
      writeCache(cacheFile, script, source);
    } catch {
      // a read-only installation: start-up stays slower, nothing else changes
    }
  };
  return { main: module.exports.main, script, source, done };
}

module.exports = { bundleFile, cacheFile, usageFile, loadCli, readCache, writeCache };
