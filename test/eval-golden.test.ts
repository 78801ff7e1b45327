/**
 * The conformance suite: testdata/eval cases, each with the output of reference CUE or, for a
 * `known-difference` case, an expectation written from the current spec and the pinned CUE's
 * tests. One sub-test per stage, each reading its own sections:
 *
 * - `export`: cue-lite's export must give the same JSON (field order aside) or fail with the
 *   same `path: message` lines (positions, order and repetitions aside) as out/export.json or
 *   out/errors. Our exact text is pinned in out/cue-lite.json / out/cue-lite-errors where it
 *   differs from the expectation in form only. A case marked `known-bug` documents a cue-lite
 *   bug: its error lines must still differ from the expectation, so that the fix is noticed
 *   (then remove the line).
 * - `eval`: `cue-lite eval` must print out/eval.cue exactly (or fail like out/eval-errors);
 *   where the text differs in form for a reason given in an `eval-difference` line, ours is
 *   pinned in out/cue-lite-eval.cue.
 *
 * CUE_LITE_UPDATE=1 rewrites the pins only (and prints what it wrote); a difference that is not
 * one of form fails instead of being pinned. Cases we do not pass yet are listed in
 * `knownFailing` with the reason, and run with `it.fails`, so that a fix is noticed.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkPinned, getFile, listTxtar, readTxtar, updateGoldens, type Archive } from './helpers/txtar.js';
import { evalCase, inputSections } from './helpers/eval-case.js';
import { canonicalJSON } from './helpers/canonical-json.js';
import { errorHeads } from '../scripts/error-heads.mjs';
import { expectErrorHeads } from './helpers/error-heads-check.js';
import { lintCase } from '../scripts/oracle.mjs';
import { main } from '../src/cli/main.js';

const root = path.join(import.meta.dirname, '..', 'testdata', 'eval');

/** `<case>/<stage>` → why it fails. */
const knownFailing: Record<string, string> = {};

describe('eval conformance', () => {
  it('every case has the documented format (scripts/oracle.mjs --lint)', () => {
    const problems = listTxtar(root).flatMap((file) => lintCase(readTxtar(file)).map((p) => `${path.relative(root, file)}: ${p}`));
    expect(problems).toEqual([]);
  });
  for (const file of listTxtar(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const stages = readTxtar(file).files.some((f) => f.name === 'out/eval.cue' || f.name === 'out/eval-errors') ? ['export', 'eval'] : ['export'];
    describe(rel, () => {
      for (const stage of stages) {
        const reason = knownFailing[`${rel}/${stage}`];
        (reason ? it.fails : it)(reason ? `${stage} (known failing: ${reason})` : stage, async () => {
          // Read per stage: in update mode the other stage may just have rewritten the file.
          const a = readTxtar(file);
          if (stage === 'export') checkExport(file, a);
          else await checkEval(file, a);
        });
      }
    });
  }
});

function checkExport(file: string, a: Archive): void {
  const r = evalCase(a);
  const wantJSON = getFile(a, 'out/export.json');
  const wantErr = getFile(a, 'out/errors');
  if (wantJSON !== undefined) {
    expect(getFile(a, 'known-bug'), 'known-bug is for error cases').toBeUndefined();
    expect(r.errors, 'unexpected errors').toBe('');
    expect(canonicalJSON(r.output)).toBe(canonicalJSON(wantJSON));
    checkPinned(file, a, 'out/cue-lite.json', r.output, wantJSON, (got, want) => expect(got).toBe(want));
    return;
  }
  expect(wantErr, 'case has neither out/export.json nor out/errors').toBeDefined();
  expect(r.errors, 'expected errors').not.toBe('');
  expectErrorHeads(a, r.errors, wantErr!);
  checkPinned(file, a, 'out/cue-lite-errors', r.errors, wantErr!, (got, want) => expect(got).toBe(want));
}

async function checkEval(file: string, a: Archive): Promise<void> {
  const r = await runCLI(a, 'eval');
  const wantErr = getFile(a, 'out/eval-errors');
  if (wantErr !== undefined) {
    expect(r.code, 'cue-lite eval should fail').toBe(1);
    expect(errorHeads(r.stderr)).toEqual(errorHeads(wantErr));
    return;
  }
  const want = getFile(a, 'out/eval.cue')!;
  expect(r.stderr, 'unexpected eval errors').toBe('');
  expect(r.code).toBe(0);
  const why = getFile(a, 'eval-difference');
  if (why === undefined) {
    // No reason given, so nothing may be pinned: the text is the oracle's, in update mode too.
    expect(getFile(a, 'out/cue-lite-eval.cue'), 'out/cue-lite-eval.cue needs an eval-difference line').toBeUndefined();
    expect(r.stdout, 'fix the printer, or pin with an eval-difference line saying why').toBe(want);
    return;
  }
  if (!updateGoldens) expect(r.stdout, 'eval-difference, yet the output is the oracle\'s: remove the pin').not.toBe(want);
  checkPinned(file, a, 'out/cue-lite-eval.cue', r.stdout, want, (got, pinned) => expect(got).toBe(pinned));
}

/** Runs `cue-lite <command> <inputs>` in-process, in a temporary directory holding the inputs. */
async function runCLI(a: Archive, command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'eval-golden-'));
  try {
    const names: string[] = [];
    for (const f of inputSections(a)) {
      writeFileSync(path.join(dir, f.name), f.data);
      names.push(f.name);
    }
    let stdout = '';
    let stderr = '';
    const code = await main([command, ...names], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: dir });
    return { code, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
