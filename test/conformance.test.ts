// The conformance runner (scripts/conformance/) on a fixture laid out like cue-lang/cue's
// cue/testdata (testdata/conformance-fixture/): hand-made assertions that must pass, and
// hand-made mismatches that must fail, so the runner's comparisons can fail. The real corpus
// stays outside the repository (`npm run conformance -- <cue checkout or mirror>`).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as lib from '../src/index.js';
// @ts-ignore plain JavaScript modules of the runner
import { readCorpus } from '../scripts/conformance/corpus.mjs';
// @ts-ignore
import { runCase } from '../scripts/conformance/case.mjs';
// @ts-ignore
import { summarize, failureLines } from '../scripts/conformance/report.mjs';
// @ts-ignore
import { runAll } from '../scripts/conformance/pool.mjs';
// @ts-ignore
import { failureClasses } from '../scripts/conformance/classes.mjs';

const fixture = path.join(import.meta.dirname, '../testdata/conformance-fixture');
const corpus = readCorpus(fixture);
const results = await Promise.all(corpus.archives.map(async (a: { name: string }) => ({ name: a.name, ...(await runCase(lib, a)) })));
const byName = (n: string) => results.find((r: { name: string }) => r.name === `cue/testdata/${n}`);

/** path -> status of the counted assertions of one archive. */
function statuses(n: string, kind?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of byName(n).assertions) if ((!kind || a.kind === kind) && a.status !== 'listed') out[a.path] = a.status;
  return out;
}

describe('conformance runner', () => {
  it('reads the archives of a checkout', () => {
    expect(corpus.archives.map((a: { name: string }) => a.name).sort()).toEqual(
      ['errors/err', 'other/experiment', 'other/golden', 'other/goldenerr', 'other/goldenfail', 'other/kinds', 'other/module', 'values/eq', 'values/eqfail'].map((n) => `cue/testdata/${n}`),
    );
  });

  it('eq: other spellings of the same value match', () => {
    const s = statuses('values/eq');
    expect(Object.keys(s)).toHaveLength(26);
    for (const [p, st] of Object.entries(s)) expect([p, st]).toEqual([p, 'pass']);
  });

  it('eq: order, fields, defaults, markers, definitions, bounds and kinds all count', () => {
    const s = statuses('values/eqfail');
    expect(Object.keys(s)).toHaveLength(22);
    for (const [p, st] of Object.entries(s)) expect([p, st]).toEqual([p, 'fail']);
    const why = Object.fromEntries(byName('values/eqfail').assertions.map((a: { path: string; why: string }) => [a.path, a.why]));
    expect(why.d).toContain('*1 | int');
    expect(why.f).toContain('#D');
    expect(why.i).toContain('got >=10 & <=10');
  });

  it('err: code, contains, at and any must match; pos is reported', () => {
    expect(statuses('errors/err')).toEqual({ a: 'pass', b: 'fail', c: 'fail', d: 'pass', e: 'pass', f: 'pass', g: 'fail', h: 'pass', i: 'pass', j: 'fail', k: 'pass', l: 'fail' });
    const a = byName('errors/err').assertions.find((x: { path: string }) => x.path === 'a');
    expect(a.pos).toEqual({ ok: true, want: ['in.cue:1:4', 'in.cue:1:8'], got: ['in.cue:1:4', 'in.cue:1:8'] });
  });

  it('closed, allows, kind, permute, versions and listed directives', () => {
    expect(statuses('other/kinds')).toEqual({
      closedOK: 'pass',
      openOK: 'pass',
      closedFail: 'fail',
      allowsOK: 'pass',
      allowsNot: 'pass',
      allowsFail: 'fail',
      anyOpen: 'pass',
      kindOK: 'pass',
      kindFail: 'fail',
      versioned: 'pass',
      otherVersion: 'pass',
      eqTodo: 'pass',
      permuted: 'pass',
      wrongCount: 'fail',
    });
    const listed = byName('other/kinds').assertions.filter((a: { status: string }) => a.status === 'listed').map((a: { path: string; note: string }) => `${a.path}:${a.note}`);
    expect(listed.sort()).toEqual(['eqTodo:eq:todo', 'incorrect:incorrect', 'shared:shareID', 'skipped:skip', 'skipped:skip', 'todo:todo', 'todo:todo'].sort());
  });

  it('goldens: JSON, error and mismatch; experiments apart; module packages loaded', () => {
    expect(byName('other/golden').golden).toMatchObject({ expect: 'value', status: 'pass' });
    expect(byName('other/goldenerr').golden).toMatchObject({ expect: 'error', status: 'pass' });
    expect(byName('other/goldenfail').golden).toMatchObject({ expect: 'value', status: 'fail' });
    expect(byName('other/experiment').experiment).toBe(true);
    // The module's package is loaded (Context.load over the archive): pkg.x is 1.
    expect(byName('other/module')).toMatchObject({ mode: 'inline' });
    expect(statuses('other/module')).toEqual({ a: 'pass' });
    const s = summarize(results);
    expect(s.experiment.archives).toBe(1);
    expect(s.goldens).toEqual({ pass: 2, fail: 1 });
    expect(s.byKind.eq.fail).toBe(22);
    expect(failureLines(results).filter((l: string) => l.includes('values/eqfail'))).toHaveLength(22);
  });

  it('groups failures by likely cause', () => {
    const classes = Object.fromEntries(failureClasses(results).map((c: { cls: string; count: number }) => [c.cls, c.count]));
    expect(classes['eq: fields differ']).toBe(3);
    expect(classes['eq: bounds differ']).toBe(1);
    // b (a plain value) and j (only an incomplete value below it).
    expect(classes['err: no error where CUE has one']).toBe(2);
    // g and l (a contains= with another path).
    expect(classes['err: right code, other message (contains=)']).toBe(2);
  });

  it('kills an archive that runs past the time limit and goes on', async () => {
    const archives = corpus.archives.filter((a: { name: string }) => a.name.includes('golden'));
    const hanging = pathToFileURL(path.join(fixture, 'hanging-lib.mjs')).href;
    const t0 = Date.now();
    const out = await runAll(archives, { jobs: 1, timeout: 300, lib: hanging }, () => {});
    expect(out.map((r: { mode: string }) => r.mode)).toEqual(['timeout', 'timeout', 'timeout']);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});
