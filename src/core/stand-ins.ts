/**
 * The disjunction candidates being evaluated, by the field each stands for (CUE evaluates a
 * disjunct in place of its node: a reference to the field while a candidate is evaluated is to
 * the candidate). Their evaluations nest, so this is a stack: `enter` before a candidate is
 * evaluated, `leave` after, in `finally`. A stack rather than a Map: a Map that is set and
 * emptied again for every candidate reallocates its table each time.
 */
import type { Vertex } from './vertex.js';

export class StandIns {
  private readonly fields: Vertex[] = [];
  private readonly candidates: Vertex[] = [];

  /** How many candidates stand in (0: none, the common case). */
  get size(): number {
    return this.fields.length;
  }

  /** The candidate standing for `field` now: the innermost one. */
  get(field: Vertex): Vertex | undefined {
    for (let i = this.fields.length - 1; i >= 0; i--) if (this.fields[i] === field) return this.candidates[i];
    return undefined;
  }

  enter(field: Vertex, candidate: Vertex): void {
    this.fields.push(field);
    this.candidates.push(candidate);
  }

  leave(): void {
    this.fields.pop();
    this.candidates.pop();
  }
}
