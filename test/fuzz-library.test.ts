/**
 * Fuzzing the library with fast-check: arbitrary text, mutated testdata files, generated
 * programs, generated parameter objects and hostile arguments to every public method. Whatever
 * the input, the library may only throw CueErrorList (or CueError), must leave JavaScript's
 * prototypes alone, must return plain data without inherited keys, must keep every key
 * (`__proto__` included) and must stay within its step limit.
 *
 * The properties run inside a worker thread (test/helpers/fuzz-worker.ts) that is killed when
 * one case makes no progress for 10 s: a synchronous loop cannot be interrupted in its own
 * thread. The timeout only catches hangs; nothing here asserts speed. Seeds are fixed and the
 * case budgets small, so a run is reproducible and the file takes a few seconds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FuzzWorker, type JobOutcome, type PropertyResult } from './helpers/fuzz-worker.js';

const seed = 7_2024;
const worker = new FuzzWorker({ timeoutMs: 10_000 });
afterAll(() => worker.close());

/** The property's failure as one readable message: fast-check's report, or the input that hung. */
function explain(o: JobOutcome<PropertyResult>): string {
  if (o.kind === 'timeout') return `no progress for 10 s (a hang) on input:\n${o.input}`;
  if (o.kind === 'crash') return `the worker died (${o.error}) on input:\n${o.input}`;
  return o.result.report ?? '';
}

const budgets: [name: string, numRuns: number, what: string][] = [
  ['arbitraryText', 400, 'arbitrary text as CUE, JSON and YAML files'],
  ['mutatedTestdata', 300, 'testdata/eval, syntax and render files with random edits'],
  ['generatedPrograms', 200, 'generated CUE programs'],
  ['parameters', 300, 'generated parameter objects filled into a template and exported'],
  ['hostileApi', 300, 'every public method with hostile arguments'],
];

describe('fuzz: the library never crashes, hangs or pollutes', () => {
  for (const [name, numRuns, what] of budgets) {
    it(`${what} (${numRuns} cases)`, async () => {
      const o = await worker.runProperty(name, seed, numRuns);
      expect(o.kind === 'done' && !o.result.failed, explain(o)).toBe(true);
      if (o.kind === 'done') expect(o.result.numRuns).toBe(numRuns);
    });
  }
});
