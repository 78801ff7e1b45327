/**
 * The standard library end to end: testdata/stdlib cases (CUE importing the packages, with
 * expected outputs from reference CUE or CUE's documentation) run through the evaluator, as
 * `cue-lite export` would. Same comparison as the eval conformance suite: the same JSON, or the
 * same `path: message` error lines (a `known-bug` line marks where cue-lite's differ), with
 * cue-lite's exact text pinned in out/cue-lite-errors.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { checkPinned, getFile, listTxtar, readTxtar } from './helpers/txtar.js';
import { evalCase } from './helpers/eval-case.js';
import { canonicalJSON } from './helpers/canonical-json.js';
import { expectErrorHeads } from './helpers/error-heads-check.js';

const root = path.join(import.meta.dirname, '..', 'testdata', 'stdlib');

const knownFailing: Record<string, string> = {};

describe('standard library through the evaluator', () => {
  for (const file of listTxtar(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const a = readTxtar(file);
    const wantJSON = getFile(a, 'out/export.json');
    const wantErr = getFile(a, 'out/errors');
    // Cases where reference CUE crashed (a Go panic) say nothing about the expected result.
    if (wantErr?.startsWith('panic:')) continue;
    const reason = knownFailing[rel];
    const tolerance = /^tolerance: (\S+)/m.exec(a.comment)?.[1];
    (reason ? it.fails : it)(reason ? `${rel} (known failing: ${reason})` : rel, () => {
      const r = evalCase(a);
      if (wantJSON !== undefined) {
        expect(r.errors, 'unexpected errors').toBe('');
        if (tolerance) expect(closeJSON(JSON.parse(r.output), JSON.parse(wantJSON), Number(tolerance))).toBe(true);
        else expect(canonicalJSON(r.output)).toBe(canonicalJSON(wantJSON));
      } else {
        expect(r.errors, 'expected errors').not.toBe('');
        expectErrorHeads(a, r.errors, wantErr!);
        checkPinned(file, a, 'out/cue-lite-errors', r.errors, wantErr!, (got, want) => expect(got).toBe(want));
      }
    });
  }
});

function closeJSON(a: unknown, b: unknown, tol: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => closeJSON(x, b[i], tol));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.join() === kb.join() && ka.every((k) => closeJSON((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol));
  }
  return a === b;
}
