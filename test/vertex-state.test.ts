/**
 * Vertex state is copied or reset in one method (Vertex.setState). Its field lists must cover
 * every field a vertex has: a new field fails here until it is put in one of them (and, if it
 * is evaluated state, handled by setState).
 */
import { describe, expect, it } from 'vitest';
import { Vertex } from '../src/core/vertex.js';
import { Context } from '../src/index.js';

describe('vertex state', () => {
  it('every field of a vertex is either evaluated state or identity', () => {
    const fields = Object.keys(new Vertex(null, null))
      .flatMap((f) => Vertex.packedState[f] ?? [f])
      .sort();
    const listed = [...Vertex.evaluatedState, ...Vertex.identityState].sort();
    expect(fields).toEqual(listed);
    expect(Vertex.evaluatedState.filter((f) => Vertex.identityState.includes(f))).toEqual([]);
  });

  it('reset gives every evaluated field the value a new vertex has', () => {
    const ctx = new Context();
    const v = ctx.compile('a: {b: [1, ...int], [string]: _}').lookupPath('a');
    v.toJS();
    // An evaluated vertex from the public API, reached through its internals.
    const vertex = (v as unknown as { vertex: Vertex }).vertex;
    expect(vertex).toBeInstanceOf(Vertex);
    vertex.setState('reset');
    const fresh = new Vertex(null, null) as unknown as Record<string, unknown>;
    for (const f of Vertex.evaluatedState) expect([f, (vertex as unknown as Record<string, unknown>)[f]]).toEqual([f, fresh[f]]);
  });

  it('share takes the state and the arcs, adopt moves the arcs here', () => {
    const ctx = new Context();
    const src = ctx.compile('x: {p: 1, q: [2]}').lookupPath('x');
    src.toJS();
    const from = (src as unknown as { vertex: Vertex }).vertex;
    const shared = new Vertex(null, 'y');
    shared.setState('share', from);
    expect(shared.arcs).toBe(from.arcs);
    expect(shared.value).toBe(from.value);
    expect(shared.structural).toBe(from.structural);
    const adopted = new Vertex(null, 'z');
    adopted.setState('adopt', from);
    expect(adopted.arcs.map((a) => a.label)).toEqual(['p', 'q']);
    for (const a of adopted.arcs) expect(a.parent).toBe(adopted);
    // The environments made for its literals (Evaluator.envFor) come with its structs.
    expect(adopted.structs).toBe(from.structs);
  });
});
