#!/usr/bin/env node
// Conformance runner over CUE's own evaluator suite (issue 11, item 1):
//
//   npm run conformance -- <cue-lang/cue checkout or bare git mirror> [--ref REV]
//        [--filter SUBSTR] [--timeout MS] [--jobs N] [--json FILE] [--failures] [--experiment]
//
// It reads the txtar archives of cue/testdata (from a checkout's files, or with git from a
// bare mirror at --ref, default the pinned commit f356f8f46ced when the mirror has it, else
// HEAD), evaluates each with cue-lite's public library (dist/lib: run `npm run build` first;
// the npm script does) and checks:
//
// - inline assertions (cue/testdata/readme.md): counted `eq`, `err` (code=, at=, contains=
//   must match; pos= is reported), `closed`, `allows`, `kind`, `final` (fields marked so inside
//   an eq body), `permute`; a `:v3` form replaces the unversioned one. Listed, not counted:
//   `shareID`, `debug`/`debugCheck`, `ignore`, `todo` and `:todo` forms, `incorrect`, `skip`,
//   `desc`, `file`, empty `@test()`. Unlike CUE's runner, two unversioned directives of one
//   kind on one path (two `allows` on `t1`) both run (CUE's keeps the last one).
// - archives without inline assertions (all carry `#inlinetest:exclude`): their
//   `out/evalalpha` (else `out/eval`) golden, CUE's debug print, read as "compile error",
//   "error", or a value whose `cue export` JSON is compared (field order ignored), or which
//   must fail to export as not concrete when the golden is not concrete (golden.mjs).
// How `eq` compares values (the canonical form) is explained in conformance/eq.mjs.
//
// Archives with `@experiment` are counted apart (`--experiment` prints their own tables);
// archives whose root holds several packages are "unsupported", with the reason. Archives
// that import packages of their module (cue.mod/...) load them through Context.load over the
// archive held in memory (conformance/case.mjs, loadModule).
// Each archive runs in a worker thread that is killed after --timeout ms (default 2000);
// the assertions of an archive that timed out count as failures ("timeout").
// The corpus stays outside this repository and out of `npm test`; test/conformance.test.ts
// checks the runner itself on testdata/conformance-fixture/.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import os from 'node:os';
import { readCorpus } from './conformance/corpus.mjs';
import { summarize, report, failureLines } from './conformance/report.mjs';
import { runAll } from './conformance/pool.mjs';
import { failureClasses } from './conformance/classes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { location: undefined, ref: undefined, filter: undefined, timeout: 2000, jobs: Math.max(1, Math.min(2, os.cpus().length)), json: undefined, failures: false, experiment: false, lib: path.join(here, '../dist/lib/index.js') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--ref') o.ref = next();
    else if (a === '--filter') o.filter = next();
    else if (a === '--timeout') o.timeout = Number(next());
    else if (a === '--jobs') o.jobs = Number(next());
    else if (a === '--json') o.json = next();
    else if (a === '--failures') o.failures = true;
    else if (a === '--experiment') o.experiment = true;
    else if (a === '--lib') o.lib = path.resolve(next());
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else o.location = a;
  }
  if (!o.location) throw new Error('usage: conformance <cue checkout or bare mirror> [--ref REV] [--filter SUBSTR] [--timeout MS] [--jobs N] [--json FILE] [--failures] [--experiment]');
  if (!(o.timeout > 0) || !(o.jobs >= 1)) throw new Error('--timeout and --jobs must be positive numbers');
  return o;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  const t0 = Date.now();
  const corpus = readCorpus(path.resolve(opts.location), opts.ref);
  let archives = corpus.archives;
  if (opts.filter) archives = archives.filter((a) => `${a.name}.txtar`.includes(opts.filter));
  if (archives.length === 0) {
    console.error(`no archives found under cue/testdata in ${opts.location}${opts.filter ? ` matching ${opts.filter}` : ''}`);
    process.exit(2);
  }
  let done = 0;
  const results = await runAll(archives, { ...opts, lib: pathToFileURL(opts.lib).href }, () => {
    done++;
    if (process.stderr.isTTY) process.stderr.write(`\r${done}/${archives.length}`);
  });
  if (process.stderr.isTTY) process.stderr.write('\r');
  const s = summarize(results);
  console.log(report(corpus, results, s, opts, Date.now() - t0));
  if (opts.experiment) {
    console.log('\n=== @experiment archives only ===');
    console.log(report(corpus, results.filter((r) => r.experiment), summarize(results, { experiments: true }), { ...opts, failures: false }, Date.now() - t0));
  }
  if (opts.json) {
    writeFileSync(opts.json, JSON.stringify({ commit: corpus.commit, ref: corpus.ref, date: new Date().toISOString(), timeoutMs: opts.timeout, summary: s, experimentSummary: summarize(results, { experiments: true }), classes: failureClasses(results, 5), failures: failureLines(results), results }, null, 1));
  }
}

await main();
