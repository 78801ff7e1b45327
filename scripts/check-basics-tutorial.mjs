#!/usr/bin/env node
// Issue 12's check on CUE's basics tutorial (cue-lang/cue tag v0.8.2, doc/tutorial/basics):
// every `exec cue ...` of its 44 txtar archives run with cue-lite, its output compared with the
// archive's golden.
//
//   npm run build && node scripts/check-basics-tutorial.mjs <cue-lang/cue checkout or bare mirror>
//        [--ref v0.8.2] [--filter SUBSTR] [--diff] [--cue BINARY]
//
// Each archive is a testscript (the tutorial's script_test.go runs them with testscript): its
// comment holds the commands, `exec cue ARGS` or `! exec cue ARGS` (must fail), each followed
// by `cmp stdout FILE` / `cmp stderr FILE`. The archive's files are written to a fresh
// temporary directory, the command runs there with bin/cue-lite.js (or --cue BINARY, say the
// native v0.4.3, to compare), and each command passes when its exit status is the one asked
// and every `cmp` after it holds.
//
// A `cmp` holds at the first of these levels that matches, which the report names:
//   exact       byte for byte;
//   whitespace  after trimming each line, collapsing runs of blanks and dropping blank lines;
//   order       the same, with the lines of each `{ ... }` / `[ ... ]` block compared as a
//               sorted set of subtrees (field order aside; a trailing comma dropped first).
//   layout      all whitespace removed: the same text with its line breaks elsewhere;
//   formatv2    stdout only: the same once both are printed by `cue-lite fmt -s`, which
//               writes a struct of one field as the pinned printer's formatv2 layout does
//               (`a: field: int` for `a: {field: int}`, as in the pinned
//               cmd/cue/cmd/testdata/script/eval_import.txtar and eval_e.txtar goldens);
//   pinned      where the pinned CUE (f356f8f46ced) has a golden of its own for the same
//               input (`pinnedGoldens` below) and it differs from v0.8.2's, that golden,
//               byte for byte: the pinned CUE decides.
// Error wording is not normalised otherwise. A command the pinned CUE no longer accepts
// (`knownFailures`) still runs and is counted as failing; the README lists it with the
// reason.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTxtar, getFile } from './txtar.mjs';
import { words } from './testscript-words.mjs';
import { scriptArgs } from './script-args.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { repo, opt, flag } = scriptArgs(['--ref', '--filter', '--cue'], 'check-basics-tutorial.mjs <cue-lang/cue checkout or mirror> [--ref v0.8.2] [--filter SUBSTR] [--diff] [--cue BINARY]');
const ref = opt('--ref', 'v0.8.2');
const pinnedRef = 'f356f8f46ced';

/**
 * Commands whose input the pinned CUE has a golden for, in its own scripts. Keyed by archive
 * and command; the golden is `section` of `file` at the pinned commit.
 */
const pinnedGoldens = {
  '2_types/20_bottom.txtar: exec cue eval -i bottom.cue': {
    file: 'cmd/cue/cmd/testdata/script/eval_ignore.txtar',
    section: 'expect/stdout',
    why: 'the same bottom.cue; the pinned formatter breaks a list holding a comment over lines and aligns `val:  _|_`',
  },
};

/** Commands the pinned CUE rejects: they fail here too, for the reason given. */
const knownFailures = {
  '6_expressions/10_operators.txtar: exec cue eval -i op.cue':
    'infix `3 div 2`: the pinned parser has no infix div/mod/quo/rem (commit 6b49d16e08, "all: remove support for infix div, mod, quo, and rem"; cue/format/testdata/expressions.txtar now writes `div(a, b)`)',
  '6_expressions/40_listcomp.txtar: exec cue export listcomp.cue':
    'infix `x rem 2`: the pinned parser has no infix div/mod/quo/rem (same commit 6b49d16e08)',
};
const filter = opt('--filter', undefined);
const showDiff = flag('--diff');
const cueBinary = opt('--cue', undefined);

/** Runs one cue command: cue-lite, or the binary given with --cue. */
function runCue(cueArgs, cwd) {
  const r = cueBinary
    ? spawnSync(cueBinary, cueArgs, { cwd, encoding: 'utf8', timeout: 30000 })
    : spawnSync(process.execPath, [path.join(root, 'bin/cue-lite.js'), ...cueArgs], { cwd, encoding: 'utf8', timeout: 30000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Lines trimmed, blanks collapsed, blank lines dropped. */
function blankless(text) {
  return text
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l !== '');
}

/**
 * Field order aside: the lines of each block (a line ending in `{` or `[` up to its closing
 * line) are subtrees, sorted at each level. A trailing comma is dropped so that JSON's last
 * element compares with the others.
 */
function orderless(text) {
  const lines = blankless(text).map((l) => l.replace(/,$/, ''));
  let i = 0;
  const block = () => {
    const items = [];
    while (i < lines.length) {
      const l = lines[i];
      if (/^[}\]]/.test(l)) return items;
      i++;
      if (/[{[]$/.test(l)) {
        const kids = block();
        const close = i < lines.length ? lines[i++] : '';
        items.push(l + '\n' + kids.sort().join('\n') + '\n' + close);
      } else items.push(l);
    }
    return items;
  };
  const top = [];
  while (i < lines.length) {
    top.push(...block());
    if (i < lines.length) top.push(lines[i++]);
  }
  return top.sort().join('\n');
}

function compare(want, got) {
  if (want === got) return 'exact';
  if (blankless(want).join('\n') === blankless(got).join('\n')) return 'whitespace';
  if (orderless(want) === orderless(got)) return 'order';
  if (want.replace(/\s+/g, '') === got.replace(/\s+/g, '')) return 'layout';
  return undefined;
}

/** CUE text as `cue-lite fmt -s` prints it (one-field structs chained), undefined if it does not parse. */
function chained(text) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/cue-lite.js'), 'fmt', '-s', '-'], { input: text, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}

function firstDifference(want, got) {
  const w = want.split('\n');
  const g = got.split('\n');
  let i = 0;
  while (i < w.length && i < g.length && w[i] === g[i]) i++;
  const show = (lines) => lines.slice(Math.max(0, i - 1), i + 4).map((l) => '        ' + JSON.stringify(l)).join('\n');
  return `      from line ${i + 1}, want:\n${show(w)}\n      got:\n${show(g)}`;
}

/** Runs the commands of one archive; returns one result per `exec cue`. */
function runArchive(name, text) {
  const a = parseTxtar(text);
  const work = mkdtempSync(path.join(tmpdir(), 'cue-lite-basics-'));
  const results = [];
  try {
    for (const f of a.files) {
      const p = path.join(work, f.name);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, f.data);
    }
    let current;
    for (const raw of a.comment.split('\n')) {
      const w = words(raw.trim());
      if (w.length === 0) continue;
      const negate = w[0] === '!';
      if (negate) w.shift();
      if (w[0] === 'exec') {
        if (w[1] !== 'cue') throw new Error(`${name}: not a cue command: ${raw}`);
        const r = runCue(w.slice(2), work);
        const ok = negate ? r.code !== 0 : r.code === 0;
        current = { archive: name, command: raw.trim(), ok, levels: [], details: [] };
        if (!ok) current.details.push(`      exit ${r.code}${negate ? ' (want a failure)' : ''}; stderr ${JSON.stringify(r.stderr.slice(0, 400))}`);
        current.run = r;
        results.push(current);
      } else if (w[0] === 'cmp') {
        if (!current) throw new Error(`${name}: cmp before any exec`);
        const got = w[1] === 'stdout' ? current.run.stdout : w[1] === 'stderr' ? current.run.stderr : readIf(path.join(work, w[1]));
        const want = getFile(a, w[2]) ?? readIf(path.join(work, w[2]));
        let level = compare(want, got);
        if (!level && w[1] === 'stdout' && want !== undefined && chained(want) !== undefined && chained(want) === chained(got)) level = 'formatv2';
        const pinned = pinnedGoldens[`${name}: ${current.command}`];
        if ((!level || level === 'layout') && pinned && w[1] === 'stdout') {
          const text = execFileSync('git', ['-C', repo, 'show', `${pinnedRef}:${pinned.file}`], { encoding: 'utf8' });
          if (getFile(parseTxtar(text), pinned.section) === got) level = `pinned (${pinned.file})`;
        }
        current.levels.push(`${w[1]}:${level ?? 'differs'}`);
        if (!level) {
          current.ok = false;
          current.details.push(`    ${w[1]} differs from ${w[2]}\n${firstDifference(want, got)}`);
        }
      } else throw new Error(`${name}: unsupported script command: ${raw}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}

function readIf(p) {
  return existsSync(p) ? readFileSync(p, 'utf8') : `<missing ${p}>`;
}

const names = execFileSync('git', ['-C', repo, 'ls-tree', '-r', '--name-only', ref, 'doc/tutorial/basics'], { encoding: 'utf8' })
  .split('\n')
  .filter((n) => n.endsWith('.txtar'))
  .filter((n) => !filter || n.includes(filter));
const all = [];
for (const n of names) {
  const text = execFileSync('git', ['-C', repo, 'show', `${ref}:${n}`], { encoding: 'utf8' });
  const short = n.replace('doc/tutorial/basics/', '');
  for (const r of runArchive(short, text)) {
    all.push(r);
    const known = knownFailures[`${short}: ${r.command}`];
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${short}: ${r.command}${r.levels.length ? `  [${r.levels.join(' ')}]` : ''}`);
    if (!r.ok && known) console.log(`      known: ${known}`);
    if (!r.ok && showDiff) console.log(r.details.join('\n'));
  }
}
const passed = all.filter((r) => r.ok).length;
console.log(`\n${passed} of ${all.length} commands give the golden output (${names.length} archives at ${ref}; ${cueBinary ?? 'cue-lite'})`);
process.exitCode = passed === all.length ? 0 : 1;
