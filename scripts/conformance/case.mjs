// One archive of CUE's test suite through cue-lite: which files form the instance, whether
// it is an inline-assertion archive or a golden one, and the result of every assertion.
//
// Result: {mode: 'inline'|'golden'|'unsupported', experiment, excluded, reason?,
//          assertions: [{path, kind, status: 'pass'|'fail'|'listed', why?, note?, file, line, pos?}],
//          golden?: {expect, status, why?}}
// `kind` is the directive (eq, err, kind, closed, allows, final, permute); `listed` entries are
// directives CUE's runner treats as informative or expected-to-fail (todo, :todo forms,
// incorrect, skip, shareID, debug, debugCheck, ignore, desc, file, an empty @test()).
//
// Where the public API differs from CUE's Go API the runner uses: `kind=` compares
// Value.kind(), which takes the default (CUE's IncompleteKind does not); `allows` on a list is
// listed, not run (cue-lite has no list Allows); `allows, int` on a struct is false.
import { activeDirectives, extractRecords, allTestAttrs, pathText, labelSeg } from './attrs.mjs';
import { compareEq } from './eq.mjs';
import { checkErr, atPath } from './err.mjs';
import { readGolden, sameJSON } from './golden.mjs';

export const countedKinds = ['eq', 'err', 'kind', 'closed', 'allows', 'final', 'permute'];
const listedKinds = new Set(['todo', 'skip', 'shareID', 'debug', 'debugCheck', 'ignore', 'desc', 'file', '']);
const evaluatorVersion = 'v3';

/** The files CUE loads for the archive's root directory, or why the archive is out of scope. */
export function instanceFiles(lib, archive) {
  const files = archive.files.filter((f) => f.name.endsWith('.cue') && !f.name.includes('/') && !f.name.startsWith('out'));
  if (files.length === 0) return { reason: 'no .cue file at the archive root' };
  const parsed = [];
  const pkgs = new Set();
  for (const f of files) {
    const r = lib.parseFile(new lib.Source(f.name, f.data));
    parsed.push({ name: f.name, text: f.data, file: r.file, errors: r.errors });
    pkgs.add(r.file.package?.name.name ?? '');
  }
  const named = [...pkgs].filter((p) => p !== '');
  if (named.length > 1) return { reason: `several packages at the root (${named.join(', ')})` };
  // Imports of module packages (cue.mod/..., the archive's own subdirectories) are loaded by
  // Context.load over the archive's files (see loadModule).
  const usesModule = parsed.some((p) => p.file.imports.some((imp) => imp.specs.some((spec) => spec.path.value.split('/')[0].includes('.'))));
  return { files: parsed, usesModule };
}

export function isExperiment(archive) {
  return archive.files.some((f) => f.name.endsWith('.cue') && /^\s*@experiment\(/m.test(f.data));
}

export function isExcluded(archive) {
  return archive.comment.split('\n').some((l) => l.trim().startsWith('#inlinetest:exclude'));
}

/**
 * A context in which the archive's module packages can be imported: Context.load reads the
 * root files as cue does (cue.mod/module.cue, the module's packages, cue.mod/gen|pkg|usr) from
 * the archive held in memory, and registers every package they import; `compile` then finds
 * them. Returns the load errors too (a missing package is the archive's error, as in cue).
 */
async function loadModule(lib, archive, inst) {
  const ctx = new lib.Context();
  if (!inst.usesModule) return { ctx, errors: [] };
  const files = Object.fromEntries(archive.files.filter((f) => !f.name.startsWith('out/')).map((f) => [f.name, f.data]));
  const loaded = await ctx.load({ dir: '/archive', fs: lib.memoryFS(files, '/archive'), args: inst.files.map((f) => f.name) });
  const errors = loaded.flatMap((l) => l.value.validate()).filter((e) => e.message.startsWith('import failed'));
  return { ctx, errors };
}

/** Runs one archive. `onPlan` receives the assertions before they run (to count timeouts). */
export async function runCase(lib, archive, { onPlan, onTiming } = {}) {
  const base = { experiment: isExperiment(archive), excluded: isExcluded(archive), assertions: [] };
  const inst = instanceFiles(lib, archive);
  if (inst.reason) return { ...base, mode: 'unsupported', reason: inst.reason };
  const mod = await loadModule(lib, archive, inst);
  const records = [];
  for (const f of inst.files) records.push(...extractRecords(f.file, f.name));
  const broken = inst.files.filter((f) => f.errors.length > 0);
  const inline = inst.files.some((f) => allTestAttrs(f.file).length > 0) || broken.some((f) => /@test\(/.test(f.text));
  if (!inline) return { ...base, mode: 'golden', golden: runGolden(lib, archive, inst.files, mod) };
  if (broken.length > 0) {
    // cue-lite cannot parse the files: every @test directive written in them fails.
    const why = `does not parse: ${broken[0].errors[0].message} (${broken[0].name}:${broken[0].errors[0].locations[0]?.line ?? '?'})`;
    const assertions = [];
    for (const f of inst.files) {
      for (const m of f.text.matchAll(/@test\(\s*([A-Za-z]*)(:[A-Za-z0-9]+)?/g)) {
        const line = f.text.slice(0, m.index).split('\n').length;
        const kind = m[1];
        const a = { path: '?', kind, file: f.name, line };
        if (m[2] === ':todo') assertions.push({ ...a, status: 'listed', note: `${kind}:todo` });
        else if (m[2] && m[2] !== ':' + evaluatorVersion) continue;
        else if (countedKinds.includes(kind)) assertions.push({ ...a, status: 'fail', why });
        else assertions.push({ ...a, kind: kind || 'empty', status: 'listed', note: kind || 'empty @test()' });
      }
    }
    return { ...base, mode: 'inline', assertions };
  }

  const plan = planAssertions(records);
  onPlan?.(plan.map((a) => ({ ...a })));
  const ctx = mod.ctx;
  const sources = inst.files.map((f) => ({ name: f.name, text: f.text }));
  const root = ctx.compile(sources);
  const staticErrs = [...mod.errors, ...root.validate().filter((e) => e.code === 'syntax' || e.code === 'compile' || e.code === 'io')];
  const assertions = [];
  for (const a of plan) {
    // Listed, or failed when planned (unreachable, unknown directive): nothing to run.
    if (a.status !== 'run') {
      assertions.push(a);
      continue;
    }
    if (staticErrs.length > 0) {
      assertions.push({ ...a, status: 'fail', why: `does not compile: ${staticErrs[0].message}` });
      continue;
    }
    const t0 = onTiming ? performance.now() : 0;
    assertions.push(...runAssertion(lib, ctx, root, a, sources, records));
    onTiming?.(a, performance.now() - t0);
  }
  return { ...base, mode: 'inline', assertions };
}

/** One entry per directive to run (or to list), in source order. */
function planAssertions(records) {
  const byPath = new Map();
  for (const r of records) {
    if (r.unreachable) continue;
    if (r.computedLabel) continue;
    const k = pathText(r.path) + (r.fileLevel ? '\0file' : '');
    if (!byPath.has(k)) byPath.set(k, []);
    byPath.get(k).push(r);
  }
  const out = [];
  for (const r of records) {
    if (r.unreachable) out.push(entry(r, r.attr.directive || 'attr', 'fail', { why: '@test attribute in a place the runner cannot reach (not on a field or struct declaration)' }));
    // CUE's runner has no path for a field with a computed label and skips its attributes.
    else if (r.computedLabel) out.push(entry(r, r.attr.directive || 'empty', 'listed', { note: 'on a field with a computed label (CUE\'s runner skips it)' }));
  }
  for (const group of byPath.values()) {
    const { active, todo } = activeDirectives(group, evaluatorVersion);
    for (const r of todo) out.push(entry(r, r.attr.directive, 'listed', { note: `${r.attr.directive}:todo` }));
    const skip = active.find((r) => r.attr.directive === 'skip');
    const todoDir = active.find((r) => r.attr.directive === 'todo');
    for (const r of active) {
      const d = r.attr.directive;
      if (listedKinds.has(d)) {
        out.push(entry(r, d || 'empty', 'listed', { note: d || 'empty @test()' }));
        continue;
      }
      if (!countedKinds.includes(d)) {
        out.push(entry(r, d, 'fail', { why: `unknown @test directive ${JSON.stringify(d)}` }));
        continue;
      }
      if (skip) out.push(entry(r, d, 'listed', { note: 'skip' }));
      else if (todoDir) out.push(entry(r, d, 'listed', { note: 'todo' }));
      else if (r.attr.incorrect) out.push(entry(r, d, 'listed', { note: 'incorrect' }));
      else out.push(entry(r, d, 'run'));
    }
  }
  return out;
}

function entry(r, kind, status, extra = {}) {
  return { path: pathText(r.path), kind, status, file: r.file, line: r.line, record: r, ...extra };
}

function strip(a) {
  const { record, ...rest } = a;
  return rest;
}

/** Runs one planned directive; `final` fields inside an eq body add their own entries. */
function runAssertion(lib, ctx, root, a, sources, records) {
  const r = a.record;
  const value = r.path.length === 0 ? root : root.lookupPath(pathText(r.path));
  const done = (ok, why, extra = {}) => [{ ...strip(a), status: ok ? 'pass' : 'fail', ...(ok ? {} : { why }), ...extra }];
  try {
    return runDirective(lib, ctx, root, a, r, value, sources, records, done);
  } catch (err) {
    return done(false, `runner crash: ${String(err?.message ?? err).split('\n')[0]}`);
  }
}

function runDirective(lib, ctx, root, a, r, value, sources, records, done) {
  const attr = r.attr;
  if (!value.exists()) return done(false, `path ${a.path} not found in the value`);
  switch (attr.directive) {
    case 'eq': {
      let v = value;
      if (attr.at) {
        v = value.lookupPath(atPath(attr.at));
        if (!v.exists()) return done(false, `at=${attr.at}: no such field`);
      }
      const text = attr.rest.find((f) => f.key === '' && f.value !== 'incorrect')?.text;
      if (text === undefined) return [{ ...strip(a), status: 'listed', note: 'empty eq' }];
      const res = compareEq(lib, ctx, text, v, r.path.length === 0 && !attr.at);
      const out = done(res.ok, res.why, res.skippedPatterns ? { note: `${res.skippedPatterns} pattern constraint(s) not compared` } : {});
      for (const f of res.finals) out.push({ ...strip(a), kind: 'final', path: f.path, status: f.ok ? 'pass' : 'fail', ...(f.ok ? {} : { why: f.why }) });
      return out;
    }
    case 'err': {
      const res = checkErr(attr, value, { baseLine: r.baseLine, file: r.file });
      return done(res.ok, res.why, res.pos ? { pos: res.pos } : {});
    }
    case 'kind': {
      const want = new Set(kindSet(attr.fields[0].value));
      const got = new Set(kindSet(value.kind()));
      const ok = want.size === got.size && [...want].every((k) => got.has(k));
      return done(ok, `expected kind ${attr.fields[0].value}, got ${value.kind()}`);
    }
    case 'closed': {
      const want = attr.fields[0].key !== 'closed' || attr.fields[0].value !== 'false';
      const got = value.isClosed();
      return done(got === want, `expected closed=${want}, got closed=${got}`);
    }
    case 'allows': {
      const want = attr.fields[0].key !== 'allows' || attr.fields[0].value !== 'false';
      const sel = attr.rest.find((f) => f.key === '')?.raw;
      if (!sel) return done(false, 'allows without a selector');
      const k = value.kind();
      if (k === 'list') return [{ ...strip(a), status: 'listed', note: 'allows on a list (cue-lite has no list Allows)' }];
      if (k !== 'struct') return done(false, `allows on a ${k} value`);
      const got = sel === 'string' ? value.allows({ anyString: true }) : sel === 'int' ? false : value.allows(sel);
      return done(got === want, `expected allows(${sel})=${want}, got ${got}`);
    }
    case 'permute':
      return runPermute(lib, a, r, sources, records, done);
    default:
      return done(false, `unknown directive ${attr.directive}`);
  }
}

function kindSet(text) {
  return text
    .replace(/^\(|\)$/g, '')
    .split('|')
    .flatMap((k) => (k === 'number' ? ['int', 'float'] : k === 'top' || k === '_' ? ['_'] : k === '_|_' ? ['bottom'] : [k.trim()]));
}

// ---------------------------------------------------------------------------------------------
// permute: the marked fields (or, for a declaration, every field of the struct) are reordered in
// the source in every one of the N! orders; each order is compiled afresh and every directive
// under the struct must still hold (positions aside). `count=N` must equal N!.

function runPermute(lib, a, r, sources, records, done) {
  const parentPath = r.isDecl ? r.path : r.path.slice(0, -1);
  if (!r.isDecl && r.path.length < 2) return done(false, 'permute on a top-level field');
  const fieldNames = r.isDecl ? null : records.filter((x) => !x.isDecl && x.attr.directive === 'permute' && x.path.length === parentPath.length + 1 && pathText(x.path.slice(0, -1)) === pathText(parentPath)).map((x) => x.path[x.path.length - 1].name);
  // Only the first field of a field-form group runs the group.
  if (!r.isDecl) {
    const first = records.find((x) => !x.isDecl && x.attr.directive === 'permute' && x.path.length === r.path.length && pathText(x.path.slice(0, -1)) === pathText(parentPath));
    if (first !== r) return [{ ...strip(a), status: 'listed', note: 'permute group member (run by the first field)' }];
  }
  let found;
  for (const s of sources) {
    const file = lib.parseFile(new lib.Source(s.name, s.text)).file;
    const lit = findStruct(file.decls, parentPath);
    if (!lit) continue;
    const decls = lit.decls.filter((d) => d.type === 'Field' && (fieldNames === null || fieldNames.includes(labelSeg(d.label)?.name)));
    if (decls.length >= 2) {
      found = { source: s, decls };
      break;
    }
  }
  // CUE's runner does nothing (and checks no count) when there is nothing to permute.
  if (!found) return [{ ...strip(a), status: 'listed', note: 'permute of fewer than two fields' }];
  const n = found.decls.length;
  const countField = r.attr.rest.find((f) => f.key === 'count');
  let fact = 1;
  for (let i = 2; i <= n; i++) fact *= i;
  if (fact > 5040) return done(false, `permute: ${n} fields (${fact} orders) is too many for the runner`);
  const checks = records.filter((x) => !x.unreachable && !x.computedLabel && x.attr.directive !== 'permute' && ['eq', 'err', 'kind', 'closed', 'allows'].includes(x.attr.directive) && x.attr.version !== 'todo' && (x.attr.version === '' || x.attr.version === evaluatorVersion) && !x.attr.incorrect && pathText(x.path.slice(0, parentPath.length)) === pathText(parentPath) && x.path.length >= parentPath.length);
  const texts = found.decls.map((d) => found.source.text.slice(d.span.start, d.span.end));
  let failure;
  let count = 0;
  for (const perm of permutations(n)) {
    count++;
    if (count === 1 || failure) continue;
    let text = found.source.text;
    for (let i = n - 1; i >= 0; i--) {
      const d = found.decls[i];
      text = text.slice(0, d.span.start) + texts[perm[i]] + text.slice(d.span.end);
    }
    const permSources = sources.map((s) => (s === found.source ? { name: s.name, text } : s));
    const ctx = new lib.Context();
    const root = ctx.compile(permSources);
    // Directives are looked up by path, so they need not be re-extracted from the new text.
    for (const x of checks) {
      const v = x.path.length === 0 ? root : root.lookupPath(pathText(x.path));
      const res = runDirective(lib, ctx, root, { path: pathText(x.path) }, x, v, permSources, records, (ok, why) => [{ status: ok ? 'pass' : 'fail', why }]);
      const bad = res.find((y) => y.status === 'fail');
      if (bad) {
        failure = `order [${perm.map((p) => labelSeg(found.decls[p].label)?.name).join(', ')}]: ${x.attr.directive} at ${pathText(x.path)}: ${bad.why}`;
        break;
      }
    }
  }
  if (failure) return done(false, failure);
  if (countField && countField.value !== '' && Number(countField.value) !== count) return done(false, `permute count=${countField.value}, got ${count} orders`);
  return done(true);
}

function findStruct(decls, path) {
  if (path.length === 0) return { decls };
  for (const d of decls) {
    if (d.type !== 'Field') continue;
    const sg = labelSeg(d.label);
    if (!sg || sg.name !== path[0].name) continue;
    let v = d.value;
    if (v.type === 'AliasExpr') v = v.expr;
    if (v.type !== 'StructLit') continue;
    const r = findStruct(v.decls, path.slice(1));
    if (r) return r;
  }
  return undefined;
}

function* permutations(n) {
  const perm = [...Array(n).keys()];
  const c = new Array(n).fill(0);
  yield perm.slice();
  let i = 0;
  while (i < n) {
    if (c[i] < i) {
      const j = i % 2 === 0 ? 0 : c[i];
      [perm[j], perm[i]] = [perm[i], perm[j]];
      yield perm.slice();
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
}

// ---------------------------------------------------------------------------------------------

function runGolden(lib, archive, files, mod) {
  const g = readGolden(archive);
  if (!g) return { expect: 'none', status: 'unsupported', why: 'no out/evalalpha or out/eval section' };
  const ctx = mod.ctx;
  const v = ctx.compile(files.map((f) => ({ name: f.name, text: f.text })));
  const errs = [...mod.errors, ...v.validate()];
  const res = (ok, why) => ({ expect: g.expect, section: g.section, status: ok ? 'pass' : 'fail', ...(ok ? {} : { why }) });
  if (g.expect === 'compile-error' || g.expect === 'error') return res(errs.length > 0, `expected an error (${g.expect}), cue-lite found none`);
  if (errs.length > 0) return res(false, `expected no error, got [${errs[0].code}] ${errs[0].message.split('\n')[0]}${errs.length > 1 ? ` (+${errs.length - 1})` : ''}`);
  let got;
  try {
    got = { concrete: true, value: JSON.parse(v.exportJSON()) };
  } catch (err) {
    const first = err.errors?.[0];
    got = { concrete: false, why: first ? `[${first.code}] ${first.message.split('\n')[0]}` : String(err.message) };
  }
  if (!g.concrete) return res(!got.concrete, `expected a value that is not concrete (cue export fails), cue-lite exports it`);
  if (!got.concrete) return res(false, `expected concrete JSON, cue-lite cannot export: ${got.why}`);
  return res(sameJSON(g.json, got.value), `exported JSON differs: expected ${JSON.stringify(g.json).slice(0, 120)}, got ${JSON.stringify(got.value).slice(0, 120)}`);
}
