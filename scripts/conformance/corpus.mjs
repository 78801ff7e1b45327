// The archives of CUE's test suite, from a checkout directory or a bare git mirror.
// A bare mirror is read with one `git ls-tree` and one `git cat-file --batch` process.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseTxtar } from '../txtar.mjs';

/** The folders read: CUE's evaluator suite (its own goldens and inline assertions). */
export const suiteRoots = ['cue/testdata'];

/** The pinned reference commit (README "Conformance"). */
export const pinnedRef = 'f356f8f46ced';

function git(dir, args, input) {
  return execFileSync('git', ['--git-dir', dir, ...args], { input, maxBuffer: 1 << 30 });
}

function isBareRepo(dir) {
  return existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects')) && !existsSync(path.join(dir, 'cue'));
}

/** {ref, commit, archives: [{name, comment, files}]} (name: path without .txtar). */
export function readCorpus(location, ref) {
  let gitDir = null;
  if (isBareRepo(location)) gitDir = location;
  else if (existsSync(path.join(location, 'repo')) && isBareRepo(path.join(location, 'repo'))) gitDir = path.join(location, 'repo');
  else if (ref && existsSync(path.join(location, '.git'))) gitDir = path.join(location, '.git');
  if (!gitDir) return { ref: '(working tree)', commit: tryHead(location), archives: readDir(location) };
  if (!ref) {
    try {
      git(gitDir, ['cat-file', '-e', `${pinnedRef}^{commit}`]);
      ref = pinnedRef;
    } catch {
      ref = 'HEAD';
    }
  }
  const commit = git(gitDir, ['rev-parse', `${ref}^{commit}`]).toString().trim();
  const list = git(gitDir, ['ls-tree', '-r', commit, '--', ...suiteRoots])
    .toString()
    .split('\n')
    .filter((l) => l.endsWith('.txtar'))
    .map((l) => {
      const [meta, name] = l.split('\t');
      return { name, blob: meta.split(' ')[2] };
    });
  const out = git(gitDir, ['cat-file', '--batch'], list.map((x) => x.blob).join('\n') + '\n');
  const archives = [];
  let pos = 0;
  for (const item of list) {
    const nl = out.indexOf(10, pos);
    const size = Number(out.subarray(pos, nl).toString().split(' ')[2]);
    const data = out.subarray(nl + 1, nl + 1 + size).toString('utf8');
    pos = nl + 1 + size + 1;
    archives.push({ name: item.name.replace(/\.txtar$/, ''), ...parseTxtar(data) });
  }
  return { ref, commit, archives };
}

function tryHead(dir) {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return '';
  }
}

function readDir(root) {
  const archives = [];
  const walk = (rel) => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    for (const e of readdirSync(abs).sort()) {
      const r = path.posix.join(rel, e);
      if (statSync(path.join(root, r)).isDirectory()) walk(r);
      else if (e.endsWith('.txtar')) archives.push({ name: r.replace(/\.txtar$/, ''), ...parseTxtar(readFileSync(path.join(root, r), 'utf8')) });
    }
  };
  for (const s of suiteRoots) walk(s);
  return archives;
}
