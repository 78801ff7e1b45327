/**
 * Every policy of an Application, read and checked once, as KubeVela's parser does before any
 * set is rendered (pkg/appfile/parser.go parsePolicies): each needs properties (but `debug`),
 * topology and override properties are decoded strictly, an override's component and trait
 * types must have definitions, and a type KubeVela does not build in needs a PolicyDefinition.
 *
 * What each built-in type does in a local render:
 * - `topology` (topology.ts) and `override` (override.ts): applied by the deploy steps;
 * - `garbage-collect`, `apply-once`, `shared-resource`, `take-over`, `read-only`,
 *   `resource-update`, `replication`: accepted, one notice each (they act on the cluster:
 *   what is deleted, re-applied, shared, adopted, or replicated per key);
 * - `env-binding` (deprecated since KubeVela 1.3) and `debug`: a "not supported" notice.
 * Any other type is a custom PolicyDefinition (custom-policy.ts); one with `scope: Application`
 * transforms the Application itself and is not supported.
 */
import { CueError } from '../../errors/index.js';
import { closeMatches, didYouMean } from '../../stdlib/registry.js';
import type { ApplicationPolicy } from '../application.js';
import type { Definition } from '../definition.js';
import type { DefinitionSet } from '../definition-set.js';
import { type OverridePolicy, overrideTypes, readOverride } from './override.js';
import { type Topology, readTopology } from './topology.js';

/** Built-in types that change nothing in a local render, and why. */
const clusterOnly: Readonly<Record<string, string>> = {
  'garbage-collect': 'it decides what the controller deletes',
  'apply-once': 'it decides what the controller re-applies',
  'shared-resource': 'it lets applications share objects in the cluster',
  'take-over': 'it lets the application adopt existing objects',
  'read-only': 'it makes the controller only read the selected objects',
  'resource-update': 'it decides how the controller updates objects',
  replication: 'it replicates components per key in the deploy step',
};

const unsupported: Readonly<Record<string, string>> = {
  'env-binding': 'deprecated in KubeVela; use topology and override policies',
  debug: 'it stores debug information in the cluster',
};

/** Every policy type KubeVela builds in (pkg/appfile/parser.go parsePolicies). */
export const builtinTypes: readonly string[] = ['topology', 'override', ...Object.keys(clusterOnly), ...Object.keys(unsupported)];

export interface CustomPolicy {
  readonly policy: ApplicationPolicy;
  readonly definition: Definition;
}

export interface ReadPolicies {
  /** By name; with two policies of one name the last wins (as KubeVela's lookup map). */
  readonly byName: ReadonlyMap<string, ApplicationPolicy>;
  readonly topologies: ReadonlyMap<string, Topology>;
  readonly overrides: ReadonlyMap<string, OverridePolicy>;
  /** Custom PolicyDefinitions whose `output` objects follow the components of every set. */
  readonly custom: readonly CustomPolicy[];
  readonly notices: readonly string[];
  readonly errors: readonly CueError[];
}

export function readPolicies(policies: readonly ApplicationPolicy[], definitions: DefinitionSet): ReadPolicies {
  const byName = new Map<string, ApplicationPolicy>();
  const topologies = new Map<string, Topology>();
  const overrides = new Map<string, OverridePolicy>();
  const custom: CustomPolicy[] = [];
  const notices: string[] = [];
  const errors: CueError[] = [];
  for (const p of policies) {
    byName.set(p.name, p);
    const what = `policy "${p.name}" (${p.type})`;
    if (!p.properties && p.type !== 'debug') {
      errors.push(new CueError('render', `${what} must not have empty properties`, [], [p.span]));
      continue;
    }
    if (p.type === 'topology') {
      const r = readTopology(p);
      errors.push(...r.errors);
      if (r.topology) topologies.set(p.name, r.topology);
    } else if (p.type === 'override') {
      const r = readOverride(p);
      errors.push(...r.errors);
      if (!r.override) continue;
      overrides.set(p.name, r.override);
      const types = overrideTypes(r.override);
      for (const t of types.components) errors.push(...missing(definitions, t.type, 'component', what, t.span));
      for (const t of types.traits) errors.push(...missing(definitions, t.type, 'trait', what, t.span));
    } else if (clusterOnly[p.type]) {
      notices.push(`${what} changes nothing in a local render (${clusterOnly[p.type]}): accepted`);
    } else if (unsupported[p.type]) {
      notices.push(`${what} is not supported by cue-lite (${unsupported[p.type]}): ignored`);
    } else if (!definitions.get(p.type)) {
      // Neither built in nor defined: close matches among both.
      const hint = didYouMean(closeMatches(p.type, [...builtinTypes, ...definitions.names('policy')]));
      errors.push(new CueError('render', `${what}: unknown policy type "${p.type}"${hint ? ` (${hint})` : ''}`, [], [p.span]));
    } else {
      try {
        const def = definitions.require(p.type, 'policy');
        if (def.attributes.scope === 'Application') {
          notices.push(`${what} is an application-scoped PolicyDefinition (it transforms the Application): not supported by cue-lite, ignored`);
        } else custom.push({ policy: p, definition: def });
      } catch (e) {
        const list = (e as { errors?: CueError[] }).errors;
        if (!list) throw e;
        errors.push(...list.map((x) => new CueError(x.code, `${what}: ${x.withHint().message}`, x.path, x.positions.length ? x.positions : [p.span])));
      }
    }
  }
  return { byName, topologies, overrides, custom, notices, errors };
}

function missing(definitions: DefinitionSet, type: string, kind: 'component' | 'trait', what: string, span: CueError['positions'][number]): CueError[] {
  try {
    definitions.require(type, kind);
    return [];
  } catch (e) {
    const list = (e as { errors?: CueError[] }).errors;
    if (!list) throw e;
    return list.map((x) => new CueError(x.code, `${what}: ${x.withHint().message}`, x.path, [span]));
  }
}
