/**
 * Policy and Workflow documents given next to the Application, as `vela dry-run -f` takes them
 * (kubevela references/cli/dryrun.go readApplicationFromFiles):
 *
 * - more than one Workflow is an error (`more than one external workflow provided`);
 * - with `merge` (`--merge`): the Workflow's steps replace `spec.workflow` (its `ref` is
 *   dropped), and every Policy is appended to `spec.policies` (a policy with the name of an
 *   earlier one wins where steps look policies up by name);
 * - without it: a Workflow that the Application does not name in `spec.workflow.ref` gives the
 *   warning `workflow <name> not referenced by application`, and every Policy gives
 *   `policy <name> not referenced by application` and is left out. A Workflow the Application
 *   does name is used for its steps (KubeVela reads that one from the cluster).
 */
import { CueError, ErrorCode } from '../errors/index.js';
import type { Application, ApplicationPolicy, StandaloneWorkflow } from './application.js';

export interface Standalone {
  readonly policies: readonly ApplicationPolicy[];
  readonly workflows: readonly StandaloneWorkflow[];
}

export interface MergedApplication {
  readonly application: Application;
  /** Workflows by name, for `spec.workflow.ref`. */
  readonly workflows: ReadonlyMap<string, StandaloneWorkflow>;
  /** Names of Policy documents left out (no `merge`). */
  readonly dropped: ReadonlySet<string>;
  readonly warnings: readonly string[];
}

export function checkStandalone(s: Standalone): CueError[] {
  if (s.workflows.length <= 1) return [];
  return [new CueError(ErrorCode.render, 'more than one external workflow provided', [], s.workflows.map((w) => w.span))];
}

export function mergeStandalone(app: Application, s: Standalone, merge: boolean): MergedApplication {
  const wf = s.workflows[0];
  const workflows = new Map(s.workflows.map((w) => [w.name, w]));
  if (!merge) {
    const warnings: string[] = [];
    if (wf && app.workflow?.ref !== wf.name) warnings.push(`workflow ${wf.name} not referenced by application`);
    for (const p of s.policies) warnings.push(`policy ${p.name} not referenced by application`);
    return { application: app, workflows, dropped: new Set(s.policies.map((p) => p.name)), warnings };
  }
  const application: Application = {
    ...app,
    ...(wf ? { workflow: { steps: wf.steps, span: wf.span } } : {}),
    policies: [...app.policies, ...s.policies],
  };
  return { application, workflows, dropped: new Set(), warnings: [] };
}
