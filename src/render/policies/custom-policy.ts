/**
 * A custom PolicyDefinition with a CUE template, rendered after the components of a set
 * (kubevela pkg/appfile/appfile.go GeneratePolicyManifests, generatePolicyUnstructured): the
 * template is evaluated as a component template is, with `parameter` = the policy's
 * properties and a context whose `name` is the policy's name; `context.artifacts` holds the
 * set's rendered objects (`artifacts.<component>.workload`,
 * `artifacts.<component>.traits.<trait type>.<output name>`, prepareArtifactsData).
 *
 * Its `output` and each regular field of `outputs` are objects, labelled with
 * `app.oam.dev/name`, `app.oam.dev/component: <policy name>` and `app.oam.dev/appRevision`;
 * an object without a name gets the policy's name, one without a namespace the Application's.
 */
import type { Context } from '../../api/context.js';
import { CueError, ErrorCode } from '../../errors/index.js';
import { type PlainValue } from '../../plain/plain-value.js';
import { plainToJS } from '../../api/encode.js';
import { plain } from '../application.js';
import { evaluateTemplate, templateErrs } from '../evaluate-template.js';
import { addLabelsAndNamespace } from '../labels.js';
import type { Platform } from '../platform.js';
import { ErrorGroups, concrete, rawProperties, regularOutputs, reportTemplate } from '../render-component.js';
import { type RenderContext } from '../render-context.js';
import type { CustomPolicy } from './policy-types.js';

export interface PolicyObject {
  readonly policy: string;
  /** `output`, or the `outputs` field name. */
  readonly outputName?: string;
  readonly object: Record<string, unknown>;
}

export interface CustomPolicyInputs {
  readonly cue: Context;
  /** The policy's context (name = the policy's name, the Application's namespace). */
  readonly context: RenderContext;
  /** The set's objects, as `context.artifacts` gives them. */
  readonly artifacts: Record<string, unknown>;
  readonly platform?: Platform;
  readonly allowUnknownProperties?: boolean;
}

/** Renders one custom policy; throws a RenderError naming the policy. */
export function renderCustomPolicy(p: CustomPolicy, inputs: CustomPolicyInputs): PolicyObject[] {
  const { policy, definition } = p;
  const where = `policy "${policy.name}" (${policy.type})`;
  const errors = new ErrorGroups();
  const t = evaluateTemplate(inputs.cue, {
    definition,
    properties: policy.properties,
    context: { ...inputs.context, parameter: rawProperties(policy.properties), artifacts: inputs.artifacts },
    platform: inputs.platform,
    closedParameter: !inputs.allowUnknownProperties,
  });
  reportTemplate(errors, where, t.errors, templateErrs(t.value, definition.template.span));
  errors.throwIfAny();
  const output = t.value.lookupPath('output');
  if (!output.exists()) {
    errors.add(`${where}: template errors`, [new CueError(ErrorCode.render, `the ${definition.name} template has no output`, [], [definition.span])]);
    errors.throwIfAny();
  }
  const at = policy.properties ?? policy.span;
  const objects: [string | undefined, PlainValue][] = [];
  const main = concrete(errors, where, t.value, output, at);
  if (main !== undefined) objects.push([undefined, main]);
  for (const [name, object] of regularOutputs(errors, where, t.value, at)) objects.push([name, object]);
  errors.throwIfAny();
  const ctx = inputs.context;
  return objects.map(([outputName, object]) => ({
    policy: policy.name,
    ...(outputName ? { outputName } : {}),
    object: plainToJS(
      addLabelsAndNamespace(object, { appName: ctx.appName, component: policy.name, appRevision: ctx.appRevision, namespace: ctx.namespace, replicaKey: ctx.replicaKey, defaultName: policy.name }),
    ) as Record<string, unknown>,
  }));
}

/** The policy as `context.components`-style data (hashed into `context.revision`). */
export function policyData(p: CustomPolicy): Record<string, unknown> {
  return { name: p.policy.name, type: p.policy.type, ...(p.policy.properties ? { properties: plain(p.policy.properties) } : {}) };
}
