/**
 * Modules, packages and instances (testdata/load/*.txtar): each `cmd/NN` (arguments after
 * `cue`) is run
 * - through the CLI, in a directory holding the archive's files, against `cmd/NN.out` (exit 0)
 *   or `cmd/NN.err` (exit 1, standard error exactly);
 * - through the library, `Context.load` over `memoryFS` of the same files (eval and export
 *   commands without -e), each instance against its part of `cmd/NN.out`, or its errors
 *   against `cmd/NN.err`.
 * Expectations come from native cue v0.4.3 (scripts/load-oracle.mjs) or, where a `cmd/NN.note`
 * says so, by hand from the pinned CUE. Outputs are compared field order aside (cue-lite's
 * field order is pinned elsewhere): CUE text parsed and sorted, JSON canonicalized.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Context, CueErrorList, memoryFS } from '../src/index.js';
import { canonicalJSON } from './helpers/canonical-json.js';
import { canonicalCUE } from './helpers/canonical-cue.js';
import { cliRunner, fileWriter, useTempDir } from './helpers/cli-sandbox.js';
import { getFile, readTxtar } from './helpers/txtar.js';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'testdata', 'load');
const archives = readdirSync(root).filter((f) => f.endsWith('.txtar'));

let dir: string;
useTempDir('cue-lite-load-', (d) => (dir = d));
const run = cliRunner(undefined, () => dir);
const write = fileWriter(() => dir);

/** Splits a stream of JSON values printed one after another (`}\n{`). */
function jsonValues(text: string): string[] {
  return text.split(/(?<=^\}|^\]|^"[^\n]*"|^\S+)\n(?=\S)/m).filter((s) => s.trim() !== '');
}

function compareOut(command: string, got: string, want: string): void {
  if (command.includes('--out') || command.startsWith('eval')) {
    expect(got.split(/^\/\/ ---\n/m).map(canonicalCUE)).toEqual(want.split(/^\/\/ ---\n/m).map(canonicalCUE));
  } else {
    expect(jsonValues(got).map(canonicalJSON)).toEqual(jsonValues(want).map(canonicalJSON));
  }
}

/** The options of a command as Context.load takes them, or undefined for one it cannot express. */
function loadOptions(args: string[]): { args: string[]; tags: string[]; package?: string } | undefined {
  const out: { args: string[]; tags: string[]; package?: string } = { args: [], tags: [] };
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-t') out.tags.push(args[++i]!);
    else if (a === '-p') out.package = args[++i]!;
    else if (a.startsWith('-')) return undefined;
    else out.args.push(a);
  }
  return out;
}

for (const name of archives) {
  const a = readTxtar(path.join(root, name));
  const inputs = a.files.filter((f) => !f.name.startsWith('cmd/'));
  const commands = a.files.filter((f) => /^cmd\/\d+$/.test(f.name));
  describe(name, () => {
    for (const c of commands) {
      const args = c.data.trim().split(/\s+/);
      const want = getFile(a, c.name + '.out');
      const wantErr = getFile(a, c.name + '.err');
      it(`${c.name}: cue-lite ${c.data.trim()}`, async () => {
        for (const f of inputs) write(f.name, f.data);
        const r = await run(args);
        if (wantErr !== undefined) {
          expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: wantErr });
        } else {
          expect(r.stderr).toBe('');
          expect(r.code).toBe(0);
          compareOut(c.data.trim(), r.stdout, want ?? '');
        }
      });
      const opts = loadOptions(args);
      if (!opts || (args[0] !== 'eval' && args[0] !== 'export')) continue;
      it(`${c.name}: Context.load ${c.data.trim()}`, async () => {
        const fs = memoryFS(Object.fromEntries(inputs.map((f) => [f.name, f.data])), '/mod');
        const insts = await new Context().load({ dir: '/mod', fs, ...opts });
        // export stops at the first instance that fails, eval reports them all.
        const perInstance = insts.map((i) => i.value.validate({ concrete: args[0] === 'export' }));
        const errors = args[0] === 'export' ? (perInstance.find((e) => e.length > 0) ?? []) : perInstance.flat();
        if (wantErr !== undefined) {
          expect(new CueErrorList(errors).format()).toBe(wantErr);
          return;
        }
        expect(errors).toEqual([]);
        if (args[0] === 'export') {
          expect(insts.map((i) => canonicalJSON(i.value.exportJSON()))).toEqual(jsonValues(want ?? '').map(canonicalJSON));
        } else {
          const got = insts.map((i) => canonicalCUE(i.value.exportCUE({ final: true, definitions: true })));
          expect(got).toEqual((want ?? '').split(/^\/\/ ---\n/m).map(canonicalCUE));
        }
      });
    }
  });
}
