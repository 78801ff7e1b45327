/**
 * A failed render: errors grouped under headers that say where they belong
 * (`component "orders" (webservice): parameter errors:`), each error in CUE's format with its
 * positions. KubeVela groups the same way (FormatCUEError: "Parameter errors" / "Template
 * errors", kubevela PR #6984); the header names the component, trait and layer as well.
 */
import { CueError, type CueErrorJSON, CueErrorList, sortErrors } from '../errors/index.js';

export interface RenderErrorGroup {
  /** `component "orders" (webservice): parameter errors` (no trailing colon). */
  readonly header: string;
  readonly errors: readonly CueError[];
}

/**
 * A CueErrorList whose errors are grouped: `errors` lists them in group order, `format()` and
 * `message` print each group under its header.
 */
export class RenderError extends CueErrorList {
  readonly groups: readonly RenderErrorGroup[];

  constructor(groups: readonly RenderErrorGroup[]) {
    // The renderer's messages carry their hints (`field not allowed (did you mean image?)`).
    const g = groups.filter((x) => x.errors.length > 0).map((x) => ({ header: x.header, errors: sortErrors(x.errors.map((e) => e.withHint())) }));
    super(
      g.flatMap((x) => x.errors),
      'given',
    );
    this.name = 'RenderError';
    this.groups = g;
    this.message = formatGroups(g).replace(/\n$/, '');
  }

  override format(): string {
    return formatGroups(this.groups);
  }

  /** As CueErrorList's, each error naming its group's header. */
  override toJSON(): { name: string; message: string; errors: (CueErrorJSON & { group: string })[] } {
    return { name: this.name, message: this.message, errors: this.groups.flatMap((x) => x.errors.map((e) => ({ ...e.toJSON(), group: x.header }))) };
  }
}

function formatGroups(groups: readonly RenderErrorGroup[]): string {
  return groups.map((g) => `${g.header}:\n${g.errors.map((e) => e.format()).join('')}`).join('');
}

/** Errors from a thrown value, if it is one of ours. */
export function errorsOf(e: unknown): CueError[] | undefined {
  if (e instanceof CueErrorList) return [...e.errors];
  if (e instanceof CueError) return [e];
  return undefined;
}
