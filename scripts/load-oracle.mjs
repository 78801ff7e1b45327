#!/usr/bin/env node
// Fills the expectations of testdata/load/*.txtar from native cue (v0.4.3 by default):
// for each `cmd/NN` section (one line: the arguments after `cue`), runs cue in a directory
// holding the archive's other files and writes `cmd/NN.out` (exit 0: standard output) or
// `cmd/NN.err` (exit 1: standard error). A command with a `cmd/NN.note` section is where the
// pinned CUE differs from v0.4.3: its expectation is written by hand and left alone.
//
//   node scripts/load-oracle.mjs [--cue PATH] testdata/load/*.txtar
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatTxtar, getFile, parseTxtar, setFile } from './txtar.mjs';

const args = process.argv.slice(2);
const ci = args.indexOf('--cue');
const cue = ci >= 0 ? args.splice(ci, 2)[1] : '/work/shared/tools/cue-v0.4.3/cue';
for (const file of args) {
  const a = parseTxtar(readFileSync(file, 'utf8'));
  const dir = mkdtempSync(path.join(tmpdir(), 'load-oracle-'));
  try {
    for (const f of a.files) {
      if (f.name.startsWith('cmd/')) continue;
      const p = path.join(dir, f.name);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, f.data);
    }
    for (const f of a.files.filter((x) => /^cmd\/\d+$/.test(x.name))) {
      if (getFile(a, f.name + '.note') !== undefined) continue;
      const r = spawnSync(cue, f.data.trim().split(/\s+/), { cwd: dir, encoding: 'utf8', timeout: 20000 });
      a.files = a.files.filter((x) => x.name !== f.name + '.out' && x.name !== f.name + '.err');
      if (r.status === 0) setFile(a, f.name + '.out', r.stdout);
      else setFile(a, f.name + '.err', r.stderr);
    }
    writeFileSync(file, formatTxtar(a));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
