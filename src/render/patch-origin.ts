/**
 * Where the workload's side of a trait-patch conflict came from. Patches apply to plain values
 * (patch/), which carry no positions; the layers that built the workload do: the component
 * template's `output` and each trait's `patch` applied so far. For a conflict at a path of the
 * workload, the latest layer that wrote the workload's value there is found (at the same path,
 * else at a path that differs only in list indexes, since a merge by key moves elements), and
 * its sources are added to the error: the property in the Application (or the literal in the
 * template) and the template line that put it there.
 */
import type { Value } from '../api/value.js';
import type { CueError } from '../errors/index.js';
import { PlainStruct, type PlainValue } from '../plain/plain-value.js';
import type { Span } from '../source/index.js';
import { plainEqual } from './patch/plain-value.js';

/** The workload's value at a path (labels as strings, list indexes as digits), if any. */
function plainAt(v: PlainValue, path: readonly string[]): PlainValue | undefined {
  let cur: PlainValue | undefined = v;
  for (const l of path) {
    if (cur instanceof PlainStruct) cur = cur.fields.get(l);
    else if (Array.isArray(cur) && /^\d+$/.test(l)) cur = cur[Number(l)];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** The paths of a plain value whose labels equal `path` but for list indexes, where the value equals `want`. */
function* looseMatches(v: PlainValue, path: readonly string[], want: PlainValue, at: string[] = []): Generator<string[]> {
  if (at.length === path.length) {
    if (plainEqual(v, want)) yield at;
    return;
  }
  const l = path[at.length]!;
  if (v instanceof PlainStruct) {
    const x = v.fields.get(l);
    if (x !== undefined) yield* looseMatches(x, path, want, [...at, l]);
  } else if (Array.isArray(v) && /^\d+$/.test(l)) {
    for (let i = 0; i < v.length; i++) yield* looseMatches(v[i]!, path, want, [...at, String(i)]);
  }
}

function plainOf(v: Value): PlainValue | undefined {
  try {
    return v.toPlain();
  } catch {
    return undefined;
  }
}

/** The sources of the workload's value at `path`, from the latest layer that wrote it. */
export function workloadOrigin(layers: readonly Value[], workload: PlainValue, path: readonly string[]): Span[] {
  const want = plainAt(workload, path);
  if (want === undefined) return [];
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    const exact = layer.lookupPath(path.map((l) => (/^\d+$/.test(l) ? Number(l) : l)));
    if (exact.exists()) {
      const p = plainOf(exact);
      if (p !== undefined && plainEqual(p, want)) return exact.sources();
    }
    const whole = plainOf(layer);
    if (whole === undefined) continue;
    for (const m of looseMatches(whole, path, want)) return layer.lookupPath(m.map((l) => (/^\d+$/.test(l) ? Number(l) : l))).sources();
  }
  return [];
}

/** Each conflict error with the workload's sources added after its own positions. */
export function withWorkloadOrigins(errors: readonly CueError[], layers: readonly Value[], workload: PlainValue): CueError[] {
  return errors.map((e) => {
    const origin = e.path.length > 0 ? workloadOrigin(layers, workload, e.path) : [];
    return origin.length > 0 ? e.withPositions([...e.positions, ...origin]) : e;
  });
}
