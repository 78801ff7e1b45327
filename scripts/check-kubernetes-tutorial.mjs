#!/usr/bin/env node
// The acceptance check of issue 12: CUE's kubernetes tutorial (cue-lang/cue tag v0.4.3,
// doc/tutorial/kubernetes), `cue-lite eval ./...` in quick/ and in manual/, compared instance
// by instance with the tutorial's own goldens testdata/quick.out and testdata/manual.out,
// field order aside.
//
//   npm run build && node scripts/check-kubernetes-tutorial.mjs <cue-lang/cue checkout or bare mirror> [--ref v0.4.3] [--show N]
//
// The goldens hold the instances one after another with no separator (v0.4.3's test removed
// them); a golden is split where a top-level label repeats (every instance starts with
// `service` or `deployment`). Both sides are parsed with cue-lite's parser and compared as
// trees: struct fields sorted by label, strings by their value, other values by their source
// text with blanks collapsed. Prints how many instances match, and the first differences.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonical } from './cue-canonical.mjs';
import { scriptArgs } from './script-args.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const { repo, opt } = scriptArgs(['--ref', '--show'], 'check-kubernetes-tutorial.mjs <cue-lang/cue checkout or mirror> [--ref v0.4.3] [--show N]');
const ref = opt('--ref', 'v0.4.3');
const show = Number(opt('--show', '3'));

const work = mkdtempSync(path.join(tmpdir(), 'cue-lite-k8s-'));
try {
  const tar = execFileSync('git', ['-C', repo, 'archive', ref, 'doc/tutorial/kubernetes'], { maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', work], { input: tar });
  const tut = path.join(work, 'doc/tutorial/kubernetes');
  let allOk = true;
  for (const dir of ['quick', 'manual']) {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/cue-lite.js'), 'eval', './...'], { cwd: path.join(tut, dir), encoding: 'utf8', maxBuffer: 1 << 28 });
    const ours = r.stdout.split(/^\/\/ ---\n/m);
    const golden = splitGolden(readFileSync(path.join(tut, 'testdata', `${dir}.out`), 'utf8'));
    const want = golden.map(canonical);
    const got = ours.map(canonical);
    const unmatched = [];
    let matched = 0;
    const used = new Set();
    want.forEach((w, i) => {
      // Same position first; the order of instances is the directories' order in both.
      const j = got[i] === w && !used.has(i) ? i : got.findIndex((g, k) => g === w && !used.has(k));
      if (j >= 0) {
        used.add(j);
        matched++;
      } else unmatched.push(i);
    });
    console.log(`${dir}: ${matched} of ${golden.length} instances match (cue-lite printed ${ours.length}, exit ${r.status})`);
    if (r.stderr.trim()) console.log(r.stderr.trim().split('\n').slice(0, 10).map((l) => '  stderr: ' + l).join('\n'));
    for (const i of unmatched.slice(0, show)) {
      console.log(`  instance ${i + 1} differs:`);
      console.log(firstDifference(want[i], got[i] ?? ''));
    }
    if (matched !== golden.length) allOk = false;
  }
  process.exitCode = allOk ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

function splitGolden(text) {
  const out = [];
  let cur = [];
  let seen = new Set();
  for (const line of text.split('\n')) {
    const m = /^(#?[A-Za-z_$][\w$]*|"[^"]*"):/.exec(line);
    if (m && seen.has(m[1])) {
      out.push(cur.join('\n'));
      cur = [];
      seen = new Set();
    }
    if (m) seen.add(m[1]);
    cur.push(line);
  }
  out.push(cur.join('\n'));
  return out;
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `    golden:   ...${a.slice(Math.max(0, i - 80), i + 120)}\n    cue-lite: ...${b.slice(Math.max(0, i - 80), i + 120)}`;
}
