/**
 * testdata/hostile: one golden case per resource limit and per attack (bombs, deep nesting in
 * source and data, YAML aliases, duplicate keys, hostile regexes, imports that would reach
 * files, commands, environment or network). Each case runs in a worker thread with a heap cap
 * (test/helpers/fuzz-worker.ts): a hang is caught by a 10 s timeout without progress and a
 * runaway allocation by the heap cap, so neither takes the test process down.
 *
 * Sections: the inputs (`in.cue`, `*.json`, `*.yaml`), `limits` (JSON, the Context's limits),
 * and the expectation: `out/errors` (the formatted errors, as testdata/eval) with `out/codes`
 * (one error code per line), or `out/export.json` when the input must evaluate, or `out/match`
 * (a regular expression the errors must match). A `slow` section (why) gives a case that must
 * reach a default limit by doing the work (strings of 16M characters marshalled) 50 s instead
 * of 10 before it counts as a hang: several seconds of CPU each, too close to 10 s on a busy
 * machine. A `known-bug` section holds the reason a case
 * fails today: it runs with `it.fails` so that a fix is noticed (`skip:` first when running it
 * would crash the process). CUE_LITE_UPDATE=1 rewrites out/errors, out/codes, out/export.json.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FuzzWorker, type JobOutcome, type LibraryResult } from './helpers/fuzz-worker.js';
import { getFile, listTxtar, readTxtar, setFile, updateGoldens, writeTxtar } from './helpers/txtar.js';

const root = path.join(import.meta.dirname, '..', 'testdata', 'hostile');
const worker = new FuzzWorker({ timeoutMs: 10_000, maxHeapMb: 1024 });
/** Known runaways need no more room to show that they run away. */
const knownBugWorker = new FuzzWorker({ timeoutMs: 10_000, maxHeapMb: 256 });
const slowWorker = new FuzzWorker({ timeoutMs: 50_000, maxHeapMb: 1024 });
afterAll(async () => {
  await worker.close();
  await knownBugWorker.close();
  await slowWorker.close();
});

function describeOutcome(o: JobOutcome<LibraryResult>): string {
  if (o.kind === 'timeout') return 'hang: no result within its time limit';
  if (o.kind === 'crash') return `the worker died: ${o.error}`;
  return o.result.thrown ? `threw ${o.result.thrown}` : o.result.errors || o.result.output || '';
}

const cases = listTxtar(root).filter((f) => path.dirname(f) === root);

describe('hostile input: limits and attacks (testdata/hostile)', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(40));

  for (const file of cases) {
    const name = path.basename(file);
    const a = readTxtar(file);
    const known = getFile(a, 'known-bug')?.trim();
    const test = known?.startsWith('skip:') ? it.skip : known ? it.fails : it;
    test(known ? `${name} (known bug: ${known.split('\n')[0]})` : name, async () => {
      const files = a.files.filter((f) => /\.(cue|json|ya?ml)$/.test(f.name) && !f.name.startsWith('out/')).map((f) => ({ name: f.name, text: f.data }));
      const limitsText = getFile(a, 'limits');
      const limits = limitsText ? (JSON.parse(limitsText) as Record<string, number>) : undefined;
      const o = await (known ? knownBugWorker : getFile(a, 'slow') !== undefined ? slowWorker : worker).runCase({ files, limits });
      // Never a hang, a crash or an undocumented exception, whatever the input.
      expect(o.kind, describeOutcome(o)).toBe('done');
      if (o.kind !== 'done') return;
      const r = o.result;
      expect(r.thrown, 'an exception other than CueErrorList').toBeUndefined();
      expect(r.steps, 'evaluation went past its step limit').toBeLessThanOrEqual(r.maxSteps + 10_000);

      const wantJSON = getFile(a, 'out/export.json');
      const match = getFile(a, 'out/match');
      if (updateGoldens && !known) {
        if (wantJSON !== undefined) setFile(a, 'out/export.json', r.output ?? '');
        else {
          setFile(a, 'out/codes', r.codes.join('\n') + '\n');
          setFile(a, 'out/errors', r.errors);
        }
        writeTxtar(file, a);
        return;
      }
      if (wantJSON !== undefined) {
        expect(r.errors, 'unexpected errors').toBe('');
        expect(r.output).toBe(wantJSON);
        return;
      }
      expect(r.errors, 'expected errors').not.toBe('');
      const codes = getFile(a, 'out/codes');
      if (codes !== undefined) expect(r.codes).toEqual(codes.trim().split('\n'));
      if (match !== undefined) expect(r.errors).toMatch(new RegExp(match.trim(), 'm'));
      const want = getFile(a, 'out/errors');
      if (want !== undefined) expect(r.errors).toBe(want);
    });
  }
});
