#!/usr/bin/env node
// Issue 12's acceptance: the command sequence of CUE's kubernetes tutorial README (cue-lang/cue
// tag v0.4.3, doc/tutorial/kubernetes/README.md) run as written, with `cue` being cue-lite,
// except `go ...`, `cue get go` and the `cue cmd` tasks (`cue cmd`, `cue ls`, `cue create`),
// as the tutorial's own test (tut_test.go) runs it: the services of original/ copied to a
// temporary directory, `cue mod init`, then every `$ ` line of the README's code blocks in
// order (shell commands through bash, heredocs included; HTML comments skipped), with
// cue.mod/gen copied from quick/ in place of `cue get go`.
//
//   npm run build && node scripts/check-kubernetes-readme.mjs <cue-lang/cue checkout or mirror> [--ref v0.4.3] [--oracle CUE] [--keep]
//
// Prints each cue command with its exit code and time; the line counts the README quotes
// (`find . | grep kube.cue | xargs wc -l | tail -1`) next to ours; whether each
// `cue eval -c ./... >snapshot2` equals the snapshot before it where the README says nothing
// changed; and, at the end, the final files compared with the tutorial's quick/ (what
// tut_test.go compares) and the final `eval -c ./...` compared with the one of `--oracle`
// (another cue binary, e.g. native cue v0.4.3, run on the same sequence), field order aside.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalInstances } from './cue-canonical.mjs';
import { scriptArgs } from './script-args.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { repo, opt, flag } = scriptArgs(['--ref', '--oracle'], 'check-kubernetes-readme.mjs <cue-lang/cue checkout or mirror> [--ref v0.4.3] [--oracle CUE] [--keep]');
const ref = opt('--ref', 'v0.4.3');
const oracle = opt('--oracle', undefined);
const keep = flag('--keep');
const until = Number(opt('--until', 'Infinity'));

const work = mkdtempSync(path.join(tmpdir(), 'cue-lite-k8s-readme-'));
const tar = execFileSync('git', ['-C', repo, 'archive', ref, 'doc/tutorial/kubernetes'], { maxBuffer: 1 << 28 });
execFileSync('tar', ['-x', '-C', work], { input: tar });
const tut = path.join(work, 'doc/tutorial/kubernetes');
const readme = readFileSync(path.join(tut, 'README.md'), 'utf8');

/** The `$ ` commands of the README's code blocks, with their heredoc bodies, in order. */
function commands(text) {
  const out = [];
  const noComments = text.replace(/<!--[\s\S]*?-->/g, '');
  const blocks = noComments.split('```').filter((_, i) => i % 2 === 1);
  for (const b of blocks) {
    const lines = b.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith('$ ')) continue;
      let cmd = lines[i].slice(2);
      if (cmd.includes('<<EOF')) {
        const body = [];
        while (++i < lines.length && lines[i] !== 'EOF') body.push(lines[i]);
        cmd += '\n' + body.join('\n') + '\nEOF';
      } else {
        // A quoted argument may go on over several lines (the `ls -d */ | ... sh -c '...'` step).
        while ((cmd.split("'").length - 1) % 2 === 1 && ++i < lines.length) cmd += '\n' + lines[i];
      }
      out.push(cmd);
    }
  }
  return out;
}

const skipped = (cmd) =>
  /^(go |tree|cd |cp -a original)/.test(cmd) || /^cue (get|cmd|ls|create|mod init)\b/.test(cmd);

/** Runs the whole sequence with `cue` being `bin`; returns the log and the working directory. */
function runSequence(label, cueCommand) {
  const dir = path.join(work, label);
  cpSync(path.join(tut, 'original'), dir, { recursive: true });
  const shimDir = path.join(work, `${label}-bin`);
  execFileSync('mkdir', ['-p', shimDir]);
  writeFileSync(path.join(shimDir, 'cue'), `#!/bin/sh\nexec ${cueCommand} "$@"\n`, { mode: 0o755 });
  const env = { ...process.env, PATH: `${shimDir}:${process.env.PATH}` };
  const log = [];
  const init = spawnSync('cue', ['mod', 'init'], { cwd: dir, env, encoding: 'utf8' });
  log.push({ cmd: 'cue mod init', status: init.status, stdout: init.stdout, stderr: init.stderr, ms: 0 });
  // In place of `cue get go k8s.io/api/apps/v1` (network): the generated packages of quick/.
  cpSync(path.join(tut, 'quick/cue.mod/gen'), path.join(dir, 'cue.mod/gen'), { recursive: true });
  const services = path.join(dir, 'services');
  for (const cmd of commands(readme).slice(0, until)) {
    if (skipped(cmd)) {
      log.push({ cmd, skipped: true });
      continue;
    }
    const t0 = Date.now();
    const r = spawnSync('bash', ['-c', cmd], { cwd: services, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    const entry = { cmd, status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
    if (cmd.startsWith('diff ')) {
      // The same configuration up to field order (the README's diffs rely on v0.4's order).
      const read = (n) => (existsSync(path.join(services, n)) ? readFileSync(path.join(services, n), 'utf8') : '');
      entry.sameUpToOrder = canonicalInstances(read('snapshot')) === canonicalInstances(read('snapshot2'));
    }
    log.push(entry);
  }
  return { log, dir: services };
}

const quoted = [...readme.matchAll(/\$ find \. \| grep kube\.cue \| xargs wc -l \| tail -1\n\s*(\d+) total/g)].map((m) => Number(m[1]));

const ours = runSequence('cue-lite', `${process.execPath} ${path.join(root, 'bin/cue-lite.js')}`);
const theirs = oracle ? runSequence('oracle', oracle) : undefined;

let wc = 0;
let failures = 0;
for (let i = 0; i < ours.log.length; i++) {
  const e = ours.log[i];
  const first = e.cmd.split('\n')[0];
  if (e.skipped) {
    console.log(`skip  ${first}`);
    continue;
  }
  const o = theirs?.log[i];
  const same = o && !o.skipped ? (o.status === e.status ? '' : `  (oracle exit ${o.status})`) + (first.startsWith('diff') ? `  (oracle: ${o.stdout.trim().split('\n').length} out lines${first.endsWith('wc -l') ? ', ' + o.stdout.trim() : ''})` : '') : '';
  if (/^find \. \| grep kube\.cue/.test(first)) {
    const n = e.stdout.trim();
    const on = o?.stdout?.trim();
    console.log(`wc    ${first}: ${n}${quoted[wc] !== undefined ? ` (README: ${quoted[wc]} total)` : ''}${on ? ` (oracle: ${on})` : ''}`);
    wc++;
    continue;
  }
  if (!first.startsWith('cue ') && !first.startsWith('diff')) continue;
  if (e.status !== 0 && first.startsWith('cue ')) failures++;
  const lines = (s) => (s ? s.trim().split('\n').length : 0);
  console.log(`${String(e.status).padEnd(5)} ${first}  [${e.ms} ms; ${lines(e.stdout)} out, ${lines(e.stderr)} err lines]${same}`);
  if (first.startsWith('diff')) console.log(`        snapshot and snapshot2 ${e.sameUpToOrder ? 'hold the same configuration' : 'differ'}, field order aside`);
  if (e.status !== 0 || (first.startsWith('diff') && e.stdout.trim())) {
    const text = (e.stderr || e.stdout).trim().split('\n').slice(0, 6);
    for (const l of text) console.log(`        ${l}`);
  }
}

// tut_test.go's comparison: the final .cue files against quick/.
const quick = path.join(tut, 'quick/services');
let equal = 0;
let differ = [];
const walk = (d, rel = '') => {
  for (const e of readdirSync(path.join(d, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) walk(d, r);
    else if (e.name.endsWith('.cue') && !e.name.includes('_tool')) {
      const want = path.join(quick, r);
      if (!existsSync(want)) differ.push(`${r} (not in quick/)`);
      else if (readFileSync(path.join(d, r), 'utf8') === readFileSync(want, 'utf8')) equal++;
      else differ.push(r);
    }
  }
};
walk(ours.dir);
console.log(`\nfinal files equal to quick/ (tut_test.go's check): ${equal} of ${equal + differ.length}`);
if (differ.length > 0) console.log('  differ: ' + differ.slice(0, 12).join(', ') + (differ.length > 12 ? ', ...' : ''));

// The configuration's meaning at the end: eval -c ./... of the final files.
const evalFinal = (dir) => spawnSync(process.execPath, [path.join(root, 'bin/cue-lite.js'), 'eval', '-c', './...'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
const mine = evalFinal(ours.dir);
const inQuick = evalFinal(quick);
console.log(`eval -c ./... of the final files ${mine.stdout === inQuick.stdout ? 'equals' : 'differs from'} that of quick/ (both by cue-lite; exit ${mine.status})`);
if (theirs) {
  const o = evalFinal(theirs.dir);
  console.log(`eval -c ./... of the final files ${mine.stdout === o.stdout ? 'equals' : 'differs from'} that of the oracle's final files (both by cue-lite)`);
}
console.log(`cue commands failing: ${failures}`);
if (keep) console.log(`kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
