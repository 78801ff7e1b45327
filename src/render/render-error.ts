/**
 * A failed render: errors grouped under headers that say where they belong
 * (`component "orders" (webservice): parameter errors:`), each error in CUE's format with its
 * positions. KubeVela groups the same way (FormatCUEError: "Parameter errors" / "Template
 * errors", kubevela PR #6984); the header names the component, trait and layer as well.
 */
import { CueError, CueErrorList } from '../errors/index.js';

export interface RenderErrorGroup {
  /** `component "orders" (webservice): parameter errors` (no trailing colon). */
  readonly header: string;
  readonly errors: readonly CueError[];
}

export class RenderError extends Error {
  readonly groups: readonly RenderErrorGroup[];

  constructor(groups: readonly RenderErrorGroup[]) {
    const g = groups.filter((x) => x.errors.length > 0);
    super(formatGroups(g).replace(/\n$/, ''));
    this.name = 'RenderError';
    this.groups = g;
  }

  /** Every error, in group order. */
  get errors(): CueError[] {
    return this.groups.flatMap((g) => [...g.errors]);
  }

  format(): string {
    return formatGroups(this.groups);
  }
}

function formatGroups(groups: readonly RenderErrorGroup[]): string {
  return groups.map((g) => `${g.header}:\n${new CueErrorList(g.errors).format()}`).join('');
}

/** Errors from a thrown value, if it is one of ours. */
export function errorsOf(e: unknown): CueError[] | undefined {
  if (e instanceof CueErrorList) return [...e.errors];
  if (e instanceof CueError) return [e];
  return undefined;
}
