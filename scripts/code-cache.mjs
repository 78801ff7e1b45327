// Makes dist/cli.cache (see bin/load-cli.js) and dist/usage.txt (the help text): loads the bundle without a cache, runs a few
// commands on the shipped examples so that the functions they call are compiled too, then
// writes V8's code cache next to the bundle (atomically, in the checked format of
// bin/load-cli.js). Run by scripts/build.mjs in a
// process of its own, with Node's default flags (the flags a cache is checked against).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renameSync, writeFileSync } from 'node:fs';
import { cacheFile, loadCli, usageFile, writeCache } from '../bin/load-cli.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { main, script, source } = loadCli({ useCache: false });
const quiet = { stdout: () => {}, stderr: () => {} };
// The help text, which bin/cue-lite.js prints for `help` (and no arguments) without loading
// the bundle.
let usage = '';
await main(['help'], { stdout: (s) => (usage += s), stderr: () => {} });
writeFileSync(`${usageFile}.${process.pid}.tmp`, usage);
renameSync(`${usageFile}.${process.pid}.tmp`, usageFile);
const examples = path.join(root, 'examples');
const warmUp = path.join(root, 'scripts', 'code-cache-warm-up.cue');
await main(['export', warmUp], quiet);
await main(['eval', warmUp], quiet);
await main(['render', path.join(examples, 'app.yaml')], quiet);
await main(['fmt', '--check', warmUp], quiet);
writeCache(cacheFile, script, source);
