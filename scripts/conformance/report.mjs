// The figures of a conformance run (by folder, by assertion kind, goldens, listed,
// unsupported, timeouts), the printed report and the one-line failure list.
import { countedKinds } from './case.mjs';
import { failureClasses } from './classes.mjs';

function folderOf(name) {
  return name.split('/').slice(2, -1).join('/') || '.';
}

function tally() {
  return { pass: 0, fail: 0 };
}

/** The figures: by folder, by assertion kind, goldens, listed, unsupported, timeouts. */
/** With `experiments`, the @experiment archives are the ones tallied (the others are skipped). */
export function summarize(results, { experiments = false } = {}) {
  const s = { archives: results.length, inline: 0, golden: 0, unsupported: [], timeouts: [], crashes: [], experiment: { archives: 0, assertions: tally(), golden: tally() }, byFolder: {}, byKind: {}, goldenByExpect: {}, listed: {}, assertions: tally(), goldens: tally(), pos: { match: 0, differ: 0 } };
  for (const k of countedKinds) s.byKind[k] = tally();
  for (const r of results) {
    const folder = folderOf(r.name);
    if (r.mode === 'unsupported') {
      s.unsupported.push({ name: r.name, reason: r.reason });
      continue;
    }
    if (r.mode === 'timeout') s.timeouts.push(r.name);
    if (r.mode === 'crash') s.crashes.push({ name: r.name, reason: r.reason });
    if (experiments && !r.experiment) continue;
    if (r.experiment && !experiments) {
      s.experiment.archives++;
      for (const a of r.assertions ?? []) if (a.status !== 'listed') s.experiment.assertions[a.status]++;
      if (r.golden && r.golden.status !== 'unsupported') s.experiment.golden[r.golden.status]++;
      continue;
    }
    if (r.mode === 'golden') s.golden++;
    else s.inline++;
    s.byFolder[folder] ??= { assertions: tally(), golden: tally() };
    for (const a of r.assertions ?? []) {
      if (a.status === 'listed') {
        s.listed[a.note ?? a.kind] = (s.listed[a.note ?? a.kind] ?? 0) + 1;
        continue;
      }
      s.assertions[a.status]++;
      s.byFolder[folder].assertions[a.status]++;
      (s.byKind[a.kind] ??= tally())[a.status]++;
      if (a.pos) s.pos[a.pos.ok ? 'match' : 'differ']++;
    }
    if (r.golden) {
      if (r.golden.status === 'unsupported') s.unsupported.push({ name: r.name, reason: r.golden.why });
      else {
        s.goldens[r.golden.status]++;
        s.byFolder[folder].golden[r.golden.status]++;
        (s.goldenByExpect[r.golden.expect] ??= tally())[r.golden.status]++;
      }
    }
  }
  return s;
}

function pct(t) {
  const n = t.pass + t.fail;
  return n === 0 ? '    -' : `${((100 * t.pass) / n).toFixed(1).padStart(5)}%`;
}

function line(label, t, width = 28) {
  return `  ${label.padEnd(width)} ${String(t.pass).padStart(5)} pass ${String(t.fail).padStart(5)} fail  ${pct(t)}`;
}

/** One line per failure: archive, path, kind, reason. */
export function failureLines(results) {
  const out = [];
  for (const r of results) {
    if (r.mode === 'timeout' || r.mode === 'crash') out.push(`${r.name}: ${r.mode}: ${r.reason}`);
    for (const a of r.assertions ?? []) {
      if (a.status === 'fail') out.push(`${r.name}${r.experiment ? ' [experiment]' : ''}: ${a.file}:${a.line} ${a.kind} ${a.path || '(file)'}: ${String(a.why).replace(/\s+/g, ' ')}`);
    }
    if (r.golden?.status === 'fail') out.push(`${r.name}${r.experiment ? ' [experiment]' : ''}: golden ${r.golden.section} (${r.golden.expect}): ${String(r.golden.why).replace(/\s+/g, ' ')}`);
  }
  return out;
}

export function report(corpus, results, s, opts, ms) {
  const out = [];
  out.push(`cue-lite conformance over ${corpus.commit.slice(0, 12)} (${corpus.ref}), ${s.archives} archives of cue/testdata${opts.filter ? ` matching ${JSON.stringify(opts.filter)}` : ''}, ${(ms / 1000).toFixed(1)} s`);
  out.push(`  inline ${s.inline}, golden ${s.golden}, @experiment ${s.experiment.archives} (apart), unsupported ${s.unsupported.length}, timeouts ${s.timeouts.length}, crashes ${s.crashes.length}`);
  out.push('');
  out.push('Inline assertions by folder:');
  for (const [f, t] of Object.entries(s.byFolder).sort()) if (t.assertions.pass + t.assertions.fail > 0) out.push(line(f, t.assertions));
  out.push(line('all', s.assertions));
  out.push('');
  out.push('By assertion kind:');
  for (const [k, t] of Object.entries(s.byKind)) out.push(line(k, t));
  out.push(`  value expectations (eq)       ${pct(s.byKind.eq)}    error expectations (err)  ${pct(s.byKind.err)}`);
  out.push(`  err pos= (reported, not counted): ${s.pos.match} match, ${s.pos.differ} differ`);
  out.push('');
  out.push('Golden archives (no inline assertions) by folder and by expectation:');
  for (const [f, t] of Object.entries(s.byFolder).sort()) if (t.golden.pass + t.golden.fail > 0) out.push(line(f, t.golden));
  for (const [k, t] of Object.entries(s.goldenByExpect).sort()) out.push(line(`expect ${k}`, t));
  out.push(line('all', s.goldens));
  out.push('');
  out.push(`@experiment archives (apart): ${s.experiment.archives}; assertions ${s.experiment.assertions.pass} pass ${s.experiment.assertions.fail} fail; goldens ${s.experiment.golden.pass} pass ${s.experiment.golden.fail} fail`);
  out.push(`Listed, not counted: ${Object.entries(s.listed).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  if (s.unsupported.length) {
    out.push('Unsupported:');
    for (const u of s.unsupported) out.push(`  ${u.name}: ${u.reason}`);
  }
  if (s.timeouts.length) out.push(`Timeouts (> ${opts.timeout} ms): ${s.timeouts.join(', ')}`);
  out.push('');
  out.push('Failure classes (likely causes, experiments left out):');
  for (const c of failureClasses(results, 1).slice(0, 15)) out.push(`  ${String(c.count).padStart(5)}  ${c.cls} (${c.archives} archives), e.g. ${c.examples[0]}`);
  const fails = failureLines(results);
  if (opts.failures) {
    out.push('');
    out.push(`Failures (${fails.length}):`);
    for (const f of fails) out.push('  ' + f);
  } else out.push(`${fails.length} failures (--failures lists them, one line each)`);
  return out.join('\n');
}

