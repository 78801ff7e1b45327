/**
 * The conformance suite: testdata/eval cases, each with the output of reference CUE
 * (out/export.json or out/errors). We must produce the same JSON (field order aside) or fail
 * too; our exact text is pinned in out/cue-lite.json / out/cue-lite-errors where it differs from
 * the oracle's (rewritten with CUE_LITE_UPDATE=1). Cases we do not pass yet are listed in
 * `knownFailing` with the reason, and run with `it.fails`, so that a fix is noticed.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { checkPinned, getFile, listTxtar, readTxtar } from './helpers/txtar.js';
import { evalCase } from './helpers/eval-case.js';
import { canonicalJSON } from './helpers/canonical-json.js';

const root = path.join(import.meta.dirname, '..', 'testdata', 'eval');

const knownFailing: Record<string, string> = {};


describe('eval conformance', () => {
  for (const file of listTxtar(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const reason = knownFailing[rel];
    const test = reason ? it.fails : it;
    test(reason ? `${rel} (known failing: ${reason})` : rel, () => {
      const a = readTxtar(file);
      const r = evalCase(a);
      const wantJSON = getFile(a, 'out/export.json');
      const wantErr = getFile(a, 'out/errors');
      if (wantJSON !== undefined) {
        expect(r.errors, 'unexpected errors').toBe('');
        expect(canonicalJSON(r.output)).toBe(canonicalJSON(wantJSON));
        checkPinned(file, a, 'out/cue-lite.json', r.output, wantJSON, (got, want) => expect(got).toBe(want));
      } else {
        expect(wantErr, 'case has neither out/export.json nor out/errors').toBeDefined();
        expect(r.errors, 'expected errors').not.toBe('');
        checkPinned(file, a, 'out/cue-lite-errors', r.errors, wantErr!, (got, want) => expect(got).toBe(want));
      }
    });
  }
});
