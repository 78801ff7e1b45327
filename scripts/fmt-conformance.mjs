#!/usr/bin/env node
// Formatter conformance (issue 12, item 2): runs every formatter golden of the pinned CUE
// through `cue-lite fmt` and reports which match.
//
//   node scripts/fmt-conformance.mjs <cue-lang/cue bare mirror or checkout> [--ref REV]
//        [--filter SUBSTR] [--diff] [--json FILE] [--scripts REGEXP] [--v1]
//
// --v1 checks cue's pre-v2 printer (CUE_EXPERIMENT=formatv2=0): the goldens and scripts are
// read at v0.17.1 (the last release whose formatter is that printer; --ref overrides) and
// cue-lite runs with CUE_EXPERIMENT=formatv2=0 (a script's own `env CUE_EXPERIMENT=` wins).
//
// Two sources, both read with git at --ref (default f356f8f46ced, the pinned commit):
//
// - cue/format/testdata/*.txtar: each `NAME.input` is formatted as `cue fmt -` would format
//   it (with `-s` when the archive's comment has `#simplify`) and compared with
//   `out/format/NAME.golden`. The runner of CUE (format_test.go) formats with
//   format.Source; `cue fmt -` does the same. An archive's `#version:` line selects the
//   language version of CUE's own runner; cue-lite has no such option, so those inputs are
//   run as they are and listed with their version.
// - cmd/cue/cmd/testdata/script/fmt*.txtar (or the scripts whose names match --scripts, say
//   '^(eval|export)'): testscript files. A small interpreter runs the
//   commands they use (exec with `cue` mapped to cue-lite, cd, cp, chmod, env, stdin, cmp,
//   cmpenv, stdout/stderr regexps) in a temporary directory. Every assertion counts: the exit
//   status of an exec, each cmp/cmpenv and each stdout/stderr check. A script matches when all
//   of its assertions hold.
//
// cue-lite runs from dist/ (bin/cue-lite.js): run `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTxtar, getFile } from './txtar.mjs';
import { words } from './testscript-words.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '../bin/cue-lite.js');
const pinned = 'f356f8f46ced';

function parseArgs(argv) {
  const o = { location: undefined, ref: undefined, filter: undefined, diff: false, json: undefined, scripts: '^fmt', v1: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--ref') o.ref = argv[++i];
    else if (a === '--filter') o.filter = argv[++i];
    else if (a === '--diff') o.diff = true;
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--scripts') o.scripts = argv[++i];
    else if (a === '--v1') o.v1 = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else o.location = a;
  }
  o.ref ??= o.v1 ? 'v0.17.1' : pinned;
  // The experiment setting cue-lite starts with.
  o.experiment = o.v1 ? 'formatv2=0' : '';
  if (!o.location) throw new Error('usage: fmt-conformance <cue mirror or checkout> [--ref REV] [--filter SUBSTR] [--diff] [--json FILE]');
  return o;
}

/** Reads a file of the corpus at `ref` (a bare mirror or a checkout, through git). */
function gitFiles(location, ref, dir) {
  const names = execFileSync('git', ['-C', location, 'ls-tree', '-r', '--name-only', ref, dir], { encoding: 'utf8' })
    .split('\n')
    .filter((n) => n.endsWith('.txtar'));
  return names.map((name) => ({ name, text: execFileSync('git', ['-C', location, 'show', `${ref}:${name}`], { encoding: 'utf8', maxBuffer: 1 << 26 }) }));
}

function runCli(args, { cwd, input, env }) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, input: input ?? '', encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Shows where two texts first differ (a few lines around it). */
function firstDifference(want, got) {
  const w = want.split('\n');
  const g = got.split('\n');
  let i = 0;
  while (i < w.length && i < g.length && w[i] === g[i]) i++;
  const show = (lines) => lines.slice(Math.max(0, i - 1), i + 3).map((l) => '      ' + JSON.stringify(l)).join('\n');
  return `    line ${i + 1}:\n    want:\n${show(w)}\n    got:\n${show(g)}`;
}

// --- cue/format/testdata ---------------------------------------------------------------

function runFormatGoldens(archives, opts) {
  const results = [];
  for (const { name, text } of archives) {
    const a = parseTxtar(text);
    const simplify = /^#simplify\b/m.test(a.comment);
    const version = /^#version:\s*(\S+)/m.exec(a.comment)?.[1];
    for (const f of a.files) {
      if (!f.name.endsWith('.input')) continue;
      const base = f.name.slice(0, -'.input'.length);
      const want = getFile(a, `out/format/${base}.golden`);
      if (want === undefined) continue;
      const r = runCli(['fmt', ...(simplify ? ['-s'] : []), '-'], { cwd: os.tmpdir(), input: f.data, env: { CUE_EXPERIMENT: opts.experiment } });
      const ok = r.code === 0 && r.stdout === want;
      const id = `${path.basename(name)}/${base}${simplify ? ' (simplify)' : ''}${version ? ` (version ${version})` : ''}`;
      const res = { id, ok };
      if (!ok) res.detail = r.code !== 0 ? `    exit ${r.code}: ${r.stderr.trim().split('\n').slice(0, 4).join(' | ')}` : firstDifference(want, r.stdout);
      results.push(res);
    }
  }
  return results;
}

// --- cmd/cue/cmd/testdata/script fmt*.txtar ----------------------------------------------

function runScript(name, text, opts) {
  const a = parseTxtar(text);
  const root = mkdtempSync(path.join(os.tmpdir(), 'fmt-script-'));
  // testscript names the work directory after the script (`base: "script-inject"`).
  const work = path.join(root, 'script-' + path.basename(name).replace(/\.txtar$/, ''));
  mkdirSync(work);
  for (const f of a.files) {
    const p = path.join(work, f.name);
    if (f.name.endsWith('/')) {
      mkdirSync(p, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, f.data);
  }
  // CUE_LANGUAGE_VERSION: the pinned cue's language version, as its testscript setup gives it.
  const env = { WORK: work, HOME: path.join(root, 'home'), CUE_EXPERIMENT: opts.experiment, CUE_LANGUAGE_VERSION: 'v0.18.0' };
  let cwd = work;
  let stdin = '';
  let last = { code: 0, stdout: '', stderr: '' };
  const checks = [];
  // `${/}` is testscript's path separator.
  const expand = (s) => s.replace(/\$\{\/\}/g, '/').replace(/\$(\w+)|\$\{(\w+)\}/g, (_, a1, a2) => env[a1 ?? a2] ?? '');
  const check = (line, ok, detail) => checks.push({ line, ok, detail });
  // testscript reads `stdout` and `stderr` as the last command's output wherever a file is named.
  const readNamed = (p) => (p === 'stdout' ? last.stdout : p === 'stderr' ? last.stderr : readFileSync(path.resolve(cwd, p), 'utf8'));
  let stopped = false;
  for (const rawLine of a.comment.split('\n')) {
    if (stopped) break;
    const w = words(rawLine.trim());
    if (w.length === 0) continue;
    // Conditions (`[unix]`, `[!windows]`): this runs on Linux, no network, no Go toolchain.
    let skipLine = false;
    while (w.length > 0 && /^\[!?[\w.:-]+\]$/.test(w[0])) {
      const c = w.shift().slice(1, -1);
      const not = c.startsWith('!');
      const holds = ['unix', 'linux'].includes(not ? c.slice(1) : c);
      if (not ? holds : !holds) skipLine = true;
    }
    if (skipLine || w.length === 0) continue;
    let negate = false;
    if (w[0] === '!') {
      negate = true;
      w.shift();
    }
    const [cmd, ...args0] = w;
    const args = args0.map(expand);
    const line = rawLine.trim();
    // A command the sandbox cannot carry out (a file of the Go toolchain or a module cache
    // that is not here) fails its assertion; the run goes on.
    try {
      switch (cmd) {
        case 'cd':
          cwd = path.resolve(cwd, args[0]);
          break;
        case 'env': {
          const [k, ...v] = args[0].split('=');
          env[k] = v.join('=');
          break;
        }
        case 'cp':
          if (args[0] === 'stdout' || args[0] === 'stderr') writeFileSync(path.resolve(cwd, args[1]), readNamed(args[0]));
          else copyFileSync(path.resolve(cwd, args[0]), path.resolve(cwd, args[1]));
          break;
        case 'chmod':
          chmodSync(path.resolve(cwd, args[1]), parseInt(args[0], 8));
          break;
        case 'env-fill': {
          const p = path.resolve(cwd, args[0]);
          writeFileSync(p, expand(readFileSync(p, 'utf8')));
          break;
        }
        case 'exists': {
          const there = args.filter((x) => !x.startsWith('-')).every((x) => existsSync(path.resolve(cwd, x)));
          check(line, negate ? !there : there, `    ${args.join(' ')} ${there ? 'exists' : 'does not exist'}`);
          break;
        }
        case 'rm':
          for (const x of args) rmSync(path.resolve(cwd, x), { recursive: true, force: true });
          break;
        case 'mkdir':
          for (const x of args) mkdirSync(path.resolve(cwd, x), { recursive: true });
          break;
        case 'symlink':
          symlinkSync(args[2], path.resolve(cwd, args[0]));
          break;
        case 'skip':
        case 'stop':
          stopped = true;
          break;
        case 'stdin':
          stdin = readNamed(args[0]);
          break;
        case 'exec': {
          if (args[0] !== 'cue') {
            check(line, false, `    not a cue command`);
            break;
          }
          last = runCli(args.slice(1), { cwd, input: stdin, env: { CUE_EXPERIMENT: env.CUE_EXPERIMENT } });
          stdin = '';
          const ok = negate ? last.code !== 0 : last.code === 0;
          check(line, ok, ok ? undefined : `    exit ${last.code}; stdout ${JSON.stringify(last.stdout.slice(0, 200))}; stderr ${JSON.stringify(last.stderr.slice(0, 300))}`);
          break;
        }
        case 'cmp':
        case 'cmpenv': {
          const read = (p) => {
            if (p === 'stdout') return last.stdout;
            if (p === 'stderr') return last.stderr;
            const f = path.resolve(cwd, p);
            return existsSync(f) ? readFileSync(f, 'utf8') : `<missing ${p}>`;
          };
          const got = read(args[0]);
          let want = read(args[1]);
          if (cmd === 'cmpenv') want = expand(want);
          check(line, got === want, got === want ? undefined : firstDifference(want, got));
          break;
        }
        case 'stdout':
        case 'stderr': {
          const text = cmd === 'stdout' ? last.stdout : last.stderr;
          // `-count=N RE`: exactly N matches.
          const count = /^-count=(\d+)$/.exec(args[0]);
          const re = count ? args[1] : args[0];
          const found = count ? (text.match(new RegExp(re, 'gm')) ?? []).length === Number(count[1]) : new RegExp(re, 'm').test(text);
          const ok = negate ? !found : found;
          check(line, ok, ok ? undefined : `    ${cmd} was ${JSON.stringify(text.slice(0, 300))}`);
          break;
        }
        default:
          check(line, false, `    unsupported script command ${cmd}`);
      }
    } catch (e) {
      check(line, false, `    ${e.message}`);
    }
  }
  try {
    chmodSync(work, 0o755);
  } catch {}
  rmSync(root, { recursive: true, force: true });
  return { id: path.basename(name), ok: checks.every((c) => c.ok), checks };
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  const loc = path.resolve(opts.location);
  const keep = (a) => !opts.filter || a.name.includes(opts.filter);
  const formatArchives = gitFiles(loc, opts.ref, 'cue/format/testdata').filter(keep);
  const pattern = new RegExp(opts.scripts);
  const scripts = gitFiles(loc, opts.ref, 'cmd/cue/cmd/testdata/script').filter((a) => pattern.test(path.basename(a.name))).filter(keep);

  const golden = runFormatGoldens(formatArchives, opts);
  console.log(`cue/format/testdata at ${opts.ref}: ${golden.filter((r) => r.ok).length} of ${golden.length} goldens match`);
  for (const r of golden) {
    console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.id}`);
    if (!r.ok && opts.diff) console.log(r.detail);
  }
  const scriptResults = scripts.map((s) => runScript(s.name, s.text, opts));
  const checks = scriptResults.flatMap((s) => s.checks);
  console.log(
    `cmd/cue/cmd/testdata/script /${opts.scripts}/: ${scriptResults.filter((s) => s.ok).length} of ${scriptResults.length} scripts match ` +
      `(${checks.filter((c) => c.ok).length} of ${checks.length} assertions)`,
  );
  for (const s of scriptResults) {
    console.log(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.id}`);
    if (!s.ok)
      for (const c of s.checks.filter((c) => !c.ok)) {
        console.log(`       ${c.line}`);
        if (opts.diff && c.detail) console.log(c.detail);
      }
  }
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ golden, scripts: scriptResults }, null, 2));
}

main();
