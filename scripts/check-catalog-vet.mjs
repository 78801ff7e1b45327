#!/usr/bin/env node
// `cue-lite vet` on the component and trait definitions of kubevela/catalog's addons
// (addons/*/definitions), against reference CUE v0.4.3 on the same templates. The catalog's
// files are read from a local mirror (a bare git directory or a checkout) and never copied
// into this repository.
//
//   npm run build && node scripts/check-catalog-vet.mjs CATALOG_REPO [--cue PATH] [--verbose]
//
// For each definition with a CUE template (YAML definitions with a terraform or other
// schematic are listed as skipped):
// - cue-lite: `cue-lite vet FILE` for a .cue file (the vela def format), vetDefinition for a
//   YAML definition (the same check): the template compiles with `context: _` and
//   `parameter: _`, no error that does not depend on data; `vela/*` imports are opaque stubs.
// - reference: `cue vet -c=false` on the template with `context: _` and `parameter: _`, its
//   `vela/*` imports rewritten to stub packages of a throw-away module (the same stubs).
// Agreement is counted; every other outcome is listed with both sides' first error line.
// Exits 1 when cue-lite fails a definition that the reference passes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = await import(pathToFileURL(path.join(root, 'dist/lib/index.js')).href);
const { parseDefinitionFile, vetDefinition, velaStubSource } = lib;

const args = process.argv.slice(2);
const repo = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--cue');
const cueBin = args.includes('--cue') ? args[args.indexOf('--cue') + 1] : '/work/shared/tools/cue-v0.4.3/cue';
const verbose = args.includes('--verbose');
if (!repo) {
  console.error('usage: node scripts/check-catalog-vet.mjs CATALOG_REPO [--cue PATH] [--verbose]');
  process.exit(2);
}
if (!existsSync(cueBin)) {
  console.error(`reference cue not found at ${cueBin} (--cue PATH)`);
  process.exit(2);
}

/** Definition files under addons/*\/definitions, from a checkout or from git HEAD. */
function definitionFiles() {
  const isDef = (f) => /^addons\/[^/]+\/definitions\/.+\.(cue|ya?ml)$/.test(f);
  if (existsSync(path.join(repo, 'addons'))) {
    const out = [];
    const walk = (dir, rel) => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const r = `${rel}/${e.name}`;
        if (e.isDirectory()) walk(path.join(dir, e.name), r);
        else if (isDef(r)) out.push({ name: r, text: readFileSync(path.join(dir, e.name), 'utf8') });
      }
    };
    walk(path.join(repo, 'addons'), 'addons');
    return out;
  }
  const names = execFileSync('git', ['-C', repo, 'ls-tree', '-r', '--name-only', 'HEAD', 'addons/'], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n').filter(isDef);
  return names.sort().map((name) => ({ name, text: execFileSync('git', ['-C', repo, 'show', `HEAD:${name}`], { encoding: 'utf8', maxBuffer: 1 << 26 }) }));
}

const firstLine = (s) => String(s).trim().split('\n')[0] ?? '';

/** The template text of a definition (imports included), as KubeVela stores it. */
function templateText(file, def) {
  if (/\.cue$/.test(file.name)) {
    // The vela def format: the file's imports, then the body of `template: {...}`.
    const span = def.template.span;
    const imports = def.imports.map((d) => file.text.slice(d.span.start, d.span.end)).join('\n');
    return `${imports}\n${file.text.slice(span.start + 1, span.end - 1)}\n`;
  }
  return def.template.span.src.text;
}

/** Reference CUE v0.4.3 on a template, vela/* rewritten to stub packages of a module. */
function reference(text) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-vet-'));
  try {
    mkdirSync(path.join(dir, 'cue.mod'), { recursive: true });
    writeFileSync(path.join(dir, 'cue.mod', 'module.cue'), 'module: "stub.local"\n');
    let src = text;
    const imports = [...text.matchAll(/(?:^|\s)(?:([A-Za-z_][\w]*)\s+)?"(vela\/[\w/-]+)"/g)];
    for (const m of imports) {
      const p = m[2];
      const pkg = p.slice(p.lastIndexOf('/') + 1);
      const local = m[1] ?? pkg;
      const re = new RegExp(`(?<![\\w$#.])${local}\\.(#?[A-Za-z_$][\\w$]*)`, 'g');
      const sels = new Set([...text.matchAll(re)].map((x) => x[1]));
      const pdir = path.join(dir, 'cue.mod', 'pkg', 'stub.local', p);
      mkdirSync(pdir, { recursive: true });
      writeFileSync(path.join(pdir, 'stub.cue'), velaStubSource(pkg, sels));
      src = src.replace(`"${p}"`, `${m[1] ? '' : `${pkg} `}"stub.local/${p}"`);
    }
    writeFileSync(path.join(dir, 'case.cue'), `${src}\ncontext: _\nparameter: _\n`);
    const r = spawnSync(cueBin, ['vet', '-c=false', './case.cue'], { cwd: dir, encoding: 'utf8' });
    return { ok: r.status === 0, error: r.status === 0 ? '' : (r.stderr || r.stdout).trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cueLite(file) {
  if (/\.cue$/.test(file.name)) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-vet-lite-'));
    try {
      const base = path.basename(file.name);
      writeFileSync(path.join(dir, base), file.text);
      const r = spawnSync(process.execPath, [path.join(root, 'bin/cue-lite.js'), 'vet', base], { cwd: dir, encoding: 'utf8' });
      return { ok: r.status === 0, error: r.status === 0 ? '' : (r.stderr || r.stdout).trim() };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const errors = vetDefinition(file.name, file.text);
  return { ok: errors.length === 0, error: errors.map((e) => e.format()).join('').trim() };
}

const rows = [];
for (const file of definitionFiles()) {
  let defs;
  try {
    defs = parseDefinitionFile(file.name, file.text);
  } catch (e) {
    const msg = firstLine(e.format ? e.format() : e);
    rows.push({ file: file.name, name: '-', kind: '-', outcome: /no spec\.schematic\.cue\.template/.test(msg) ? 'skipped: not a CUE schematic' : 'unreadable', detail: msg });
    continue;
  }
  for (const def of defs) {
    if (def.kind !== 'component' && def.kind !== 'trait') {
      rows.push({ file: file.name, name: def.name, kind: def.kind, outcome: `skipped: a ${def.kind} definition` });
      continue;
    }
    const text = templateText(file, def);
    const ref = text === undefined ? { ok: false, error: 'template not found in the file' } : reference(text);
    const mine = defs.length === 1 || /\.cue$/.test(file.name) ? cueLite(file) : cueLite({ name: file.name, text: file.text });
    const outcome = ref.ok && mine.ok ? 'both pass' : !ref.ok && !mine.ok ? 'both fail' : ref.ok ? 'cue-lite fails, reference passes' : 'cue-lite passes, reference fails';
    rows.push({ file: file.name, name: def.name, kind: def.kind, outcome, detail: ref.ok && mine.ok ? '' : `cue-lite: ${firstLine(mine.error) || 'ok'} | reference: ${firstLine(ref.error) || 'ok'}` });
  }
}

const counts = {};
for (const r of rows) {
  const key = r.outcome.startsWith('skipped: not a CUE') ? 'skipped: not a CUE schematic' : r.outcome;
  counts[key] = (counts[key] ?? 0) + 1;
  if (verbose || (r.outcome !== 'both pass' && !r.outcome.startsWith('skipped: not a CUE'))) {
    console.log(`${r.outcome.padEnd(34)} ${r.kind.padEnd(13)} ${r.name} (${r.file})${r.detail ? `\n${' '.repeat(35)}${r.detail}` : ''}`);
  }
}
console.log('');
for (const [k, n] of Object.entries(counts).sort()) console.log(`${String(n).padStart(4)} ${k}`);
const checked = rows.filter((r) => !r.outcome.startsWith('skipped'));
const passRef = checked.filter((r) => r.outcome === 'both pass' || r.outcome === 'cue-lite fails, reference passes');
console.log(`\ncue-lite vet passes ${checked.filter((r) => r.outcome === 'both pass').length} of the ${passRef.length} component and trait definitions reference CUE v0.4.3 passes (${checked.length} checked)`);
process.exit(rows.some((r) => r.outcome === 'cue-lite fails, reference passes') ? 1 : 0);
