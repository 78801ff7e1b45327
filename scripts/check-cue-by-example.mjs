#!/usr/bin/env node
// Issue 12's check on cue-labs/cue-by-example: the commands of its guides that show an
// expected output, run with cue-lite, their output compared with the guide's.
//
//   npm run build && node scripts/check-cue-by-example.mjs <cue-by-example checkout or bare mirror>
//        [--ref HEAD] [--filter SUBSTR] [--diff] [--cue BINARY] [--list] [--keep] [--until LINE]
//
// How the guides are read (each NNN_*/*.md but 000_template, in order; one temporary copy of
// the guide's directory per guide, from `git archive`, so 003's `original/` is there):
//
// - A fenced block whose preceding prose holds `:floppy_disk:` and a file name (`name` or
//   <code>name</code>) is a file: it is written, relative to the current directory.
// - A fenced block after `:computer:` is a terminal block: a shell script (```sh) or a
//   transcript (```console: lines `...$ CMD` are commands, the lines after each its output).
//   A sh block runs in bash, with `cue` on PATH running bin/cue-lite.js (or --cue BINARY),
//   in the current directory, which a `cd` in the block changes for the blocks after it.
// - The next fenced block after a terminal block, with no other terminal or file block and no
//   heading in between, is its expected output when the prose before it speaks of output ("output",
//   "show", "display", "error message", "should see"); prose saying the command prints
//   nothing ("no news is good news", "printed nothing") expects empty output. The output
//   compared is the block's standard output and error together, as a terminal shows them.
// - How it compares follows the prose: "truncated", "begin with" or a `[ ... ]` line
//   in the expectation: its lines (those markers left out) must appear in order among the
//   output's (`prefix`); "similar", "something like", "should reflect", "like this": each
//   must appear, in any order (`similar`; of a unified diff, its changed lines only);
//   otherwise the whole output up to whitespace (`whitespace`:
//   lines trimmed, blanks collapsed, blank lines dropped), or, for CUE text, the same once
//   both are printed by `cue-lite fmt -s` (`formatv2`: the pinned printer's one-field layout).
//
// A terminal block is not run when it needs what the check leaves out (`needs`): the network
// (git clone/push of the guide's own repository, curl, go get, terraform), a registry
// (`cue mod get`, `cue login`) or `cue cmd` (and `cue help cmd`, which loads the tool files).
// The guides 001, 005 and 006 start in the reader's own repository (`cd
// github-actions-example`), which is not part of cue-by-example: every block after that
// `cd` needs it. Skipped blocks with an expected output are listed, not counted.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scriptArgs } from './script-args.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { repo, opt, flag } = scriptArgs(['--ref', '--filter', '--cue'], 'check-cue-by-example.mjs <cue-by-example checkout or mirror> [--ref HEAD] [--filter SUBSTR] [--diff] [--cue BINARY] [--list] [--keep] [--until LINE]');
const ref = opt('--ref', 'HEAD');
const filter = opt('--filter', undefined);
const showDiff = flag('--diff');
const listOnly = flag('--list');
// --keep: leave each guide's working directory in place (printed) to look at what the commands wrote.
const keep = flag('--keep');
// --until LINE: stop each guide before the step at that line of its file (with --keep, to see the state then).
const until = Number(opt('--until', 'Infinity'));
const cueBinary = opt('--cue', undefined);

/** What a terminal block needs that the check leaves out, or undefined. */
function needs(script) {
  const lines = script.split('\n').map((l) => l.replace(/#.*$/, '').trim());
  for (const l of lines) {
    if (/\bcue\s+(cmd|help\s+cmd)\b/.test(l)) return '`cue cmd`';
    if (/\bcue\s+(mod\s+(get|tidy)|login)\b/.test(l)) return 'a registry';
    if (/\bcue\s+get\s+go\b|\bgo\s+(get|mod)\b/.test(l)) return 'Go and the network';
    if (/^(terraform|curl|wget)\b|\|\s*(terraform)\b/.test(l) || /\bterraform\s/.test(l)) return 'the network (terraform, curl)';
    if (/^git\s/.test(l) || /\$\(git /.test(l)) return "git and the guide's own repository";
  }
  return undefined;
}

/** Splits a guide into its steps: files, terminal blocks and the expected outputs that follow. */
export function extract(text) {
  const lines = text.split('\n');
  const steps = [];
  let prose = [];
  let lastTerminal;
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)```(\S*)\s*$/.exec(lines[i]);
    if (!m) {
      if (lines[i].trim()) prose.push(lines[i].trim());
      // A terminal block whose prose after it says it prints nothing expects empty output.
      if (lastTerminal && !lastTerminal.expected && /no news is good news|printed nothing/i.test(lines[i])) {
        lastTerminal.expected = { text: '', mode: 'whitespace', line: i + 1, why: lines[i].trim() };
      }
      continue;
    }
    const indent = m[1].length;
    const body = [];
    const start = i + 1;
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i].slice(indent));
    const before = prose.join(' ');
    // A heading between a terminal block and this one starts another step.
    const heads = prose.filter((l) => /^#{1,6} /.test(l)).join(' ');
    prose = [];
    const file = /:floppy_disk:\s*(?:`([^`]+)`|<code>([^<]+)<\/code>)/.exec(before);
    if (/:computer:/.test(before)) {
      const step = { kind: 'terminal', lang: m[2], script: body.join('\n'), line: start };
      if (m[2] === 'console') {
        // A transcript: the command after the prompt, the rest its output.
        const cmds = [];
        for (const l of body) {
          const p = /^\S*\$ (.*)$/.exec(l);
          if (p) cmds.push({ cmd: p[1], out: [] });
          else if (cmds.length) cmds[cmds.length - 1].out.push(l);
        }
        step.script = cmds.map((c) => c.cmd).join('\n');
        step.expected = { text: cmds.flatMap((c) => c.out).join('\n'), mode: 'whitespace', line: start, why: 'transcript' };
      }
      steps.push(step);
      lastTerminal = step;
    } else if (file) {
      // A file shown with a truncation marker is a look at what the commands wrote (`Take a
      // look at mon/prometheus/configmap.cue`), not a file to create: it is checked.
      const name = (file[1] ?? file[2]).trim();
      if (body.some((l) => isMarker(l))) steps.push({ kind: 'view', name, expected: { text: body.join('\n'), mode: 'prefix', line: start }, line: start });
      else steps.push({ kind: 'file', name, data: body.join('\n') + '\n', line: start });
      lastTerminal = undefined;
    } else if (lastTerminal && !lastTerminal.expected && !/(^| )#{1,6} /.test(heads) && /output|show|display|error message|should see/i.test(before)) {
      const text = body.join('\n');
      let mode = 'whitespace';
      if (/truncated|begin with/i.test(before) || body.some((l) => isMarker(l))) mode = 'prefix';
      if (/similar|something like|should reflect|like this/i.test(before)) mode = 'similar';
      lastTerminal.expected = { text, mode, line: start, why: before.slice(-100) };
      lastTerminal = undefined;
    } else lastTerminal = undefined;
  }
  return steps;
}

/**
 * A line that stands for left-out output: `[ ... truncated ... ]`, `[... output continues ...]`
 * (a bare `...` is CUE's ellipsis, not a marker).
 */
function isMarker(l) {
  return /^\s*\[\s*\.\.\.[^\]]*\]\s*$/.test(l);
}

function blankless(text) {
  return text
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l !== '');
}

/**
 * Whether the expectation's lines (markers left out) are among the output's: in order for a
 * truncated output, in any order for a "similar" one (`find` lists in directory order).
 */
function inOrder(want, got, ordered) {
  let w = blankless(want).filter((l) => !isMarker(l));
  let g = blankless(got);
  // A unified diff "similar to" the guide's: the changed lines, not the headers' timestamps,
  // line numbers or context.
  if (w[0]?.startsWith('--- ') && w[1]?.startsWith('+++ ')) {
    const changed = (ls) => ls.filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
    w = changed(w);
    g = changed(g);
  }
  if (!ordered) {
    const left = new Map();
    for (const l of g) left.set(l, (left.get(l) ?? 0) + 1);
    for (const l of w) {
      if (!left.get(l)) return { ok: false, missing: l };
      left.set(l, left.get(l) - 1);
    }
    return { ok: true };
  }
  let j = 0;
  for (const l of g) if (j < w.length && l === w[j]) j++;
  return { ok: j === w.length, missing: w[j] };
}

function readIf(p) {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return `<missing ${p}>`;
  }
}

/** CUE text as `cue-lite fmt -s` prints it (one-field structs chained), undefined if it does not parse. */
function chained(text) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/cue-lite.js'), 'fmt', '-s', '-'], { input: text, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}

function compare(expected, got) {
  if (expected.mode === 'whitespace') {
    const ok = blankless(expected.text).join('\n') === blankless(got).join('\n');
    if (ok) return { ok, level: 'whitespace' };
    // CUE output in the pinned printer's layout (formatv2: `a: b: 1` for a struct of one
    // field, as the pinned eval_import.txtar golden prints it) where the guide's older cue
    // printed braces: the same once both are printed by `cue-lite fmt -s`.
    const want = chained(expected.text);
    return { ok: want !== undefined && want === chained(got), level: 'formatv2' };
  }
  const r = inOrder(expected.text, got, expected.mode === 'prefix');
  return { ok: r.ok, level: expected.mode, missing: r.missing };
}

function runGuide(guide, text) {
  const steps = extract(text);
  const work = mkdtempSync(path.join(tmpdir(), 'cue-lite-cbe-'));
  const results = [];
  try {
    // The guide's directory, as a reader who cloned cue-by-example has it.
    const dir = path.dirname(guide);
    const tar = execFileSync('git', ['-C', repo, 'archive', ref, dir], { maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', work], { input: tar });
    // `cue` on PATH: cue-lite, or the binary given.
    const bin = path.join(work, '.bin');
    mkdirSync(bin);
    const shim = path.join(bin, 'cue');
    writeFileSync(shim, cueBinary ? `#!/bin/sh\nexec ${JSON.stringify(path.resolve(cueBinary))} "$@"\n` : `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(root, 'bin/cue-lite.js'))} "$@"\n`);
    chmodSync(shim, 0o755);
    let cwd = path.join(work, dir);
    let outside; // set once the guide moves into a repository it does not provide
    for (const s of steps) {
      if (s.line >= until) break;
      if (s.kind === 'view') {
        if (outside) continue;
        const got = readIf(path.resolve(cwd, s.name));
        const c = compare(s.expected, got);
        results.push({ guide, line: s.line, script: `(file ${s.name})`, status: c.ok ? 'ok' : 'fail', level: c.level, usesCue: true, expected: s.expected, got, code: 0, missing: c.missing });
        continue;
      }
      if (s.kind === 'file') {
        if (outside) continue;
        const p = path.resolve(cwd, s.name);
        mkdirSync(path.dirname(p), { recursive: true });
        writeFileSync(p, s.data);
        continue;
      }
      if (!outside && /^\s*cd\s+(github-actions-example|gitlab|dependent-pipeline-example)\b/m.test(s.script)) outside = "the reader's own repository (not in cue-by-example)";
      const need = outside ?? needs(s.script);
      const usesCue = /(^|[\s;|&(])cue\s/m.test(s.script);
      if (need) {
        if (s.expected) results.push({ guide, line: s.line, script: s.script, status: 'skip', why: `needs ${need}`, usesCue });
        continue;
      }
      const stateFile = path.join(work, '.cwd');
      const r = spawnSync('bash', ['-c', `${s.script}\n__rc=$?; pwd > ${JSON.stringify(stateFile)}; exit $__rc`], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        timeout: 300000,
        maxBuffer: 1 << 28,
      });
      try {
        cwd = readFileSync(stateFile, 'utf8').trim() || cwd;
      } catch {}
      if (!s.expected) continue;
      const got = (r.stdout ?? '') + (r.stderr ?? '');
      // Without a cue command (`find`, `ls`), a truncated listing is in the file system's order.
      const c = compare(!usesCue && s.expected.mode === 'prefix' ? { ...s.expected, mode: 'similar' } : s.expected, got);
      results.push({ guide, line: s.line, script: s.script, status: c.ok ? 'ok' : 'fail', level: c.level, usesCue, expected: s.expected, got, code: r.status, missing: c.missing });
    }
  } finally {
    if (keep) console.error(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  return results;
}

const guides = execFileSync('git', ['-C', repo, 'ls-tree', '-r', '--name-only', ref], { encoding: 'utf8' })
  .split('\n')
  .filter((n) => /^\d{3}_[^/]+\/[^/]+\.md$/.test(n) && !n.startsWith('000_'))
  .filter((n) => !filter || n.includes(filter));
const all = [];
for (const g of guides) {
  const text = execFileSync('git', ['-C', repo, 'show', `${ref}:${g}`], { encoding: 'utf8' });
  if (listOnly) {
    for (const s of extract(text)) if (s.kind === 'terminal') console.log(`${g}:${s.line} ${s.expected ? `[${s.expected.mode}]` : '[no output shown]'} ${JSON.stringify(s.script.slice(0, 120))}`);
    continue;
  }
  for (const r of runGuide(g, text)) {
    all.push(r);
    const head = `${g}:${r.line} ${JSON.stringify(r.script.replace(/\n+/g, '; ').slice(0, 110))}`;
    if (r.status === 'skip') console.log(`skip ${head}  (${r.why})`);
    else {
      console.log(`${r.status === 'ok' ? 'ok  ' : 'FAIL'} ${head}  [${r.level}${r.usesCue ? '' : ', no cue command'}]`);
      if (r.status === 'fail' && showDiff) {
        if (r.missing) console.log(`      first expected line not found: ${JSON.stringify(r.missing)}`);
        console.log(`      exit ${r.code}; want:\n${indent(r.expected.text)}\n      got:\n${indent(r.got)}`);
      }
    }
  }
}
if (!listOnly) {
  const counted = all.filter((r) => r.status !== 'skip' && r.usesCue);
  const passed = counted.filter((r) => r.status === 'ok').length;
  const others = all.filter((r) => r.status !== 'skip' && !r.usesCue);
  console.log(
    `\n${passed} of ${counted.length} cue commands with an expected output give it (${guides.length} guides at ${ref}; ${cueBinary ?? 'cue-lite'}); ` +
      `${others.filter((r) => r.status === 'ok').length} of ${others.length} blocks without a cue command; ${all.length - counted.length - others.length} skipped`,
  );
  process.exitCode = passed === counted.length ? 0 : 1;
}

function indent(t) {
  return t
    .split('\n')
    .slice(0, 25)
    .map((l) => '        ' + l)
    .join('\n');
}
