/**
 * Which sets of objects a render prints, chosen from the workflow as `vela dry-run` chooses
 * them (kubevela pkg/appfile/dryrun/dryrun.go ExecuteDryRunWithPolicies; the steps come from
 * pkg/appfile/parser.go loadWorkflowToAppfile and pkg/workflow/step/generator.go):
 *
 * - The steps: `spec.workflow.ref` names a Workflow (given as an input file; KubeVela reads it
 *   from the cluster); else non-empty `spec.workflow.steps`; else generated: one step
 *   `deploy-<topology>` per topology policy, whose policies are every override policy (in
 *   Application order) then that topology; with no topology but override policies, one step
 *   `deploy` with every override; otherwise none that deploys.
 * - Only top-level `deploy` steps render: one set per topology policy of the step (in the
 *   step's order), labelled `<app> with topology <name>`, or one set labelled `<app> only with
 *   override policies` when the step names no topology; each set applies the step's override
 *   policies in order, starting again from the Application as written.
 * - Other steps (`apply-component`, `suspend`, `notification`, `step-group` and its sub-steps,
 *   even `deploy` sub-steps) render nothing; they are listed in notices.
 * - With no top-level deploy step: one set of every component, without overrides, labelled
 *   `<app>`.
 *
 * A deploy step's properties are decoded strictly (`policies`, `auto`, `parallelism`,
 * `ignoreTerraformComponent`); a policy it names must exist.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import type { Span } from '../source/index.js';
import type { Expr } from '../syntax/ast.js';
import type { Application, StandaloneWorkflow, WorkflowStep } from './application.js';
import { Decoder } from './policies/decode.js';
import type { OverridePolicy } from './policies/override.js';
import type { ReadPolicies } from './policies/policy-types.js';
import type { Topology } from './policies/topology.js';

export interface RenderSet {
  /** The header label: `<app>`, `<app> with topology <name>`, `<app> only with override policies`. */
  readonly label: string;
  /** The deploy step that renders it (absent for the plain set). */
  readonly step?: string;
  readonly topology?: Topology;
  /** The override policies applied, in order. */
  readonly overrides: readonly OverridePolicy[];
  /** The step's policies that shape this set, in the step's order: its overrides and this set's topology. */
  readonly policies: readonly string[];
}

export interface WorkflowPlan {
  readonly sets: readonly RenderSet[];
  readonly notices: readonly string[];
  readonly errors: readonly CueError[];
}

/** A deploy step's policy names, each with where it is written. */
interface DeployStep {
  readonly name: string;
  readonly policies: readonly { name: string; span: Span }[];
}

/**
 * The sets of one Application. `workflows`: the Workflow documents given as inputs (for
 * `spec.workflow.ref`); `dropped`: the names of Policy documents given without `--merge` (named
 * in the "not found" error).
 */
export function planSets(app: Application, policies: ReadPolicies, workflows: ReadonlyMap<string, StandaloneWorkflow>, dropped: ReadonlySet<string> = new Set()): WorkflowPlan {
  const errors: CueError[] = [];
  const notices: string[] = [];
  const steps = workflowSteps(app, workflows, errors);
  const sets: RenderSet[] = [];
  let deploys = 0;
  for (const step of steps) {
    if (step.type !== 'deploy') {
      if ('subSteps' in step) notices.push(nothingRendered(step));
      continue;
    }
    deploys++;
    const deploy = 'subSteps' in step ? readDeployStep(step, errors) : step;
    if (!deploy) continue;
    const topologies: Topology[] = [];
    const overrides: OverridePolicy[] = [];
    const names: string[] = [];
    let ok = true;
    for (const ref of deploy.policies) {
      const p = policies.byName.get(ref.name);
      if (!p) {
        const hint = dropped.has(ref.name) ? ' (a Policy document of that name was given: --merge adds it to the Application)' : '';
        errors.push(new CueError(ErrorCode.render, `workflow step "${deploy.name}" (deploy): policy "${ref.name}" not found${hint}`, [], [ref.span]));
        ok = false;
        continue;
      }
      if (p.type === 'topology') {
        const t = policies.topologies.get(p.name);
        if (t) topologies.push(t);
        else ok = false; // its own error is reported
        names.push(p.name);
      } else if (p.type === 'override') {
        const o = policies.overrides.get(p.name);
        if (o) overrides.push(o);
        else ok = false;
        names.push(p.name);
      }
      // Other types are not applied by the dry run's deploy step.
    }
    if (!ok) continue;
    const overrideNames = new Set(overrides.map((o) => o.name));
    if (topologies.length === 0) {
      sets.push({ label: `${app.name} only with override policies`, step: deploy.name, overrides, policies: names });
    } else {
      for (const t of topologies) {
        sets.push({ label: `${app.name} with topology ${t.name}`, step: deploy.name, topology: t, overrides, policies: names.filter((n) => n === t.name || overrideNames.has(n)) });
      }
    }
  }
  if (deploys === 0) sets.push({ label: app.name, overrides: [], policies: [] });
  // (Not when a step is wrong: its policies would be reported as unused.)
  const used = new Set(sets.flatMap((s) => s.policies));
  for (const p of errors.length > 0 ? [] : app.policies) {
    if ((p.type === 'topology' || p.type === 'override') && !used.has(p.name) && policies.byName.get(p.name) === p) {
      notices.push(`policy "${p.name}" (${p.type}) is not used by any top-level deploy step: not applied`);
    }
  }
  return { sets: errors.length > 0 ? [] : sets, notices, errors };
}

/** The steps: written by the user (WorkflowStep), or generated (DeployStep, not listed in notices). */
function workflowSteps(
  app: Application,
  workflows: ReadonlyMap<string, StandaloneWorkflow>,
  errors: CueError[],
): readonly (WorkflowStep | (DeployStep & { type: 'deploy' }))[] {
  const wf = app.workflow;
  if (wf?.ref) {
    if (wf.steps !== undefined) {
      errors.push(new CueError(ErrorCode.render, 'cannot set steps and ref in workflow at the same time', ['spec', 'workflow'], [wf.span]));
      return [];
    }
    const found = workflows.get(wf.ref);
    if (!found) {
      errors.push(new CueError(ErrorCode.render, `workflow "${wf.ref}" not found: give the Workflow file as an input`, ['spec', 'workflow', 'ref'], [wf.span]));
      return [];
    }
    if (found.steps.length > 0) return found.steps;
  } else if (wf?.steps && wf.steps.length > 0) return wf.steps;
  // Generated, as KubeVela's DeployWorkflowStepGenerator.
  const topologies = app.policies.filter((p) => p.type === 'topology');
  const overrides = app.policies.filter((p) => p.type === 'override').map((p) => ({ name: p.name, span: p.span }));
  if (topologies.length > 0) {
    return topologies.map((t) => ({ name: `deploy-${t.name}`, type: 'deploy' as const, policies: [...overrides, { name: t.name, span: t.span }] }));
  }
  if (overrides.length > 0 || app.components.some((c) => c.type === 'ref-objects')) {
    return [{ name: 'deploy', type: 'deploy' as const, policies: overrides }];
  }
  return [];
}

/** A deploy step written by the user: properties decoded strictly (DeployWorkflowStepSpec). */
function readDeployStep(step: WorkflowStep, errors: CueError[]): DeployStep | undefined {
  const d = new Decoder(`workflow step "${step.name}" (deploy)`);
  if (!step.properties) {
    d.fail([], 'a deploy step needs properties (policies: [...])', step);
    errors.push(...d.errors);
    return undefined;
  }
  const m = d.struct(step.properties, [], ['policies', 'auto', 'parallelism', 'ignoreTerraformComponent']);
  const refs: { name: string; span: Span }[] = [];
  if (m) {
    const list = d.list(m.get('policies'), ['policies']) ?? [];
    list.forEach((e: Expr, i) => {
      const name = d.string(e, ['policies', String(i)]);
      if (name !== undefined) refs.push({ name, span: e.span });
    });
    d.bool(m.get('auto'), ['auto']);
    d.int(m.get('parallelism'), ['parallelism']);
    d.bool(m.get('ignoreTerraformComponent'), ['ignoreTerraformComponent']);
  }
  errors.push(...d.errors);
  return d.errors.length > 0 ? undefined : { name: step.name, policies: refs };
}

function nothingRendered(step: WorkflowStep): string {
  const subs = step.subSteps.map((s) => `"${s.name}" (${s.type})`);
  const inner = subs.length > 0 ? `, nor do its sub-steps ${subs.join(', ')}` : '';
  return `workflow step "${step.name}" (${step.type}) renders nothing of its own${inner}: only top-level deploy steps choose what renders, as in vela dry-run`;
}
