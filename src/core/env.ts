/**
 * Environments: the runtime scope chain. Each struct literal evaluated for a vertex opens an
 * Environment whose `vertex` is the instance (not the place where the text was written), so a
 * reference resolves against the value it is part of: that is how `#T & {n: 3}` rebinds the
 * references inside #T without copying anything. Comprehension clauses and alias-bound labels
 * open Environments with `bindings` slots instead of a vertex.
 */
import type { Value } from './value.js';
import type { Vertex } from './vertex.js';

export class Environment {
  constructor(
    readonly up: Environment | null,
    readonly vertex: Vertex | null,
    readonly bindings: Value[] | null,
  ) {}

  /** The environment `n` scopes out. */
  outer(n: number): Environment | null {
    let e: Environment | null = this;
    for (let i = 0; i < n && e; i++) e = e.up;
    return e;
  }
}
