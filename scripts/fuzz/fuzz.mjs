// The differential fuzzer: generated programs through reference CUE (native v0.4.3) and
// cue-lite, disagreements classified (classify.mjs) and one example per class reduced
// (reduce.mjs). Entry point: `scripts/differential.mjs --seed S --count N` (usage there).
import { writeFileSync } from 'node:fs';
import { agree, outcome } from './compare.mjs';
import { classify } from './classify.mjs';
import { generateProgram } from './generate.mjs';
import { printProgram } from './program.mjs';
import { reduce } from './reduce.mjs';
import { LiteRunner, runReference } from './runners.mjs';
import { limiter } from '../child-process.mjs';


/**
 * Runs the fuzzer. options: seed, count, start (first program index), jobs (reference
 * processes at once), reduce (examples reduced per class), maxTests (predicate calls per
 * reduction), json (report file), cueBinary, log (progress lines).
 */
export async function fuzz(options) {
  const { seed, count, start = 0, jobs = 2, reducePerClass = 1, maxTests = 300, log = () => {} } = options;
  // The programs to run: start..start+count-1, or the given indices (to recheck a report's).
  const indices = options.indices ?? Array.from({ length: count }, (_, k) => start + k);
  const lite = new LiteRunner();
  const limit = limiter(jobs);
  const began = Date.now();
  const cache = new Map();

  /** Both outcomes for one program text (memoized: the reducer asks again). */
  const judge = async (text) => {
    if (cache.has(text)) return cache.get(text);
    const [r, l] = await Promise.all([limit(() => runReference(text, { binary: options.cueBinary })), lite.run(text)]);
    const d = { text, ref: outcome(r), lite: outcome(l), refStderr: r.stderr, liteStderr: l.stderr, refStdout: r.stdout, liteStdout: l.stdout };
    d.agree = agree(d.ref, d.lite);
    if (!d.agree) d.cls = classify(d);
    if (cache.size > 5000) cache.clear();
    cache.set(text, d);
    return d;
  };

  const disagreements = [];
  const tally = { programs: 0, refOk: 0, liteOk: 0, agree: 0 };
  let done = 0;
  const inFlight = limiter(jobs * 2);
  await Promise.all(
    indices.map((index) =>
      inFlight(async () => {
        const tree = generateProgram(seed, index);
        const d = await judge(printProgram(tree));
        tally.programs++;
        if (d.ref.kind === 'ok') tally.refOk++;
        if (d.lite.kind === 'ok') tally.liteOk++;
        if (d.agree) tally.agree++;
        else disagreements.push({ index, tree, ...d });
        if (++done % 500 === 0) log(`… ${done}/${indices.length} programs, ${disagreements.length} disagreements (${((Date.now() - began) / 1000).toFixed(0)}s)`);
      }),
    ),
  );
  const sweepSeconds = (Date.now() - began) / 1000;
  disagreements.sort((a, b) => a.index - b.index);

  // Per class: the count, and the smallest programs reduced while the class persists.
  const classes = new Map();
  for (const d of disagreements) {
    const c = classes.get(d.cls.id) ?? { id: d.cls.id, known: d.cls.known, defect: d.cls.defect, cite: d.cls.class?.pinned, verdict: d.cls.class?.verdict, count: 0, members: [], examples: [] };
    c.count++;
    c.members.push(d);
    classes.set(d.cls.id, c);
  }
  const reduceBegan = Date.now();
  for (const c of [...classes.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const smallest = [...c.members].sort((a, b) => a.text.length - b.text.length).slice(0, reducePerClass);
    for (const d of smallest) {
      const keep = async (text) => {
        const e = await judge(text);
        return !e.agree && e.cls.id === c.id;
      };
      const r = await reduce(d.tree, keep, { maxTests });
      const e = await judge(r.text);
      c.examples.push({ index: d.index, original: d.text, reduced: r.text, tests: r.tests, ref: describe(e.ref, e.refStdout), lite: describe(e.lite, e.liteStdout) });
      log(`reduced ${c.id} (program ${d.index}): ${d.text.length} -> ${r.text.length} chars in ${r.tests} tests`);
    }
  }
  lite.close();
  const report = {
    seed,
    start,
    count: indices.length,
    rechecked: options.indices !== undefined,
    ...tally,
    disagreements: disagreements.length,
    sweepSeconds,
    reduceSeconds: (Date.now() - reduceBegan) / 1000,
    classes: [...classes.values()]
      .sort((a, b) => Number(b.defect) - Number(a.defect) || b.count - a.count)
      .map(({ members, ...c }) => ({ ...c, programs: members.map((m) => m.index) })),
  };
  if (options.json) {
    const full = { ...report, all: disagreements.map((d) => ({ index: d.index, class: d.cls.id, text: d.text, ref: describe(d.ref, d.refStdout), lite: describe(d.lite, d.liteStdout) })) };
    writeFileSync(options.json, JSON.stringify(full, null, 2) + '\n');
  }
  return report;
}

/** One side's answer in a line or a few: the JSON, the error lines, or the crash. */
function describe(o, stdout) {
  if (o.kind === 'ok') return stdout.replace(/\s+/g, ' ').trim();
  if (o.kind === 'error') return o.heads.join('; ');
  return `crash: ${o.reason}`;
}

/** The report as text: a table of classes, then one reduced example per class. */
export function formatReport(rep) {
  const lines = [];
  const which = rep.rechecked ? `${rep.count} programs rechecked` : `programs ${rep.start}..${rep.start + rep.count - 1}`;
  lines.push(`seed ${rep.seed}, ${which}: ${rep.agree} agree, ${rep.disagreements} disagree ` + `(reference ok ${rep.refOk}, cue-lite ok ${rep.liteOk}); sweep ${rep.sweepSeconds.toFixed(1)}s, reduction ${rep.reduceSeconds.toFixed(1)}s`);
  lines.push('');
  lines.push('class                                          count  kind');
  for (const c of rep.classes) lines.push(`${c.id.padEnd(46)} ${String(c.count).padStart(5)}  ${c.known ? 'known: ' + c.verdict : c.defect ? 'cue-lite defect (unclassified)' : 'not a defect'}`);
  for (const c of rep.classes) {
    lines.push('', `== ${c.id} (${c.count})${c.cite ? ' — pinned CUE: ' + c.cite : ''}`);
    for (const ex of c.examples) {
      lines.push(`program ${ex.index}, reduced in ${ex.tests} tests:`);
      lines.push(...ex.reduced.trimEnd().split('\n').map((l) => '    ' + l));
      lines.push(`  cue v0.4.3: ${ex.ref}`, `  cue-lite:   ${ex.lite}`);
    }
  }
  return lines.join('\n');
}
