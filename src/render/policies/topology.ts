/**
 * The `topology` policy: where a set of components is deployed
 * (kubevela apis/core.oam.dev/v1alpha1 TopologyPolicySpec; pkg/policy/topology.go
 * GetPlacementsFromTopologyPolicies).
 *
 * Properties are decoded strictly: `clusters`, `clusterLabelSelector`, `clusterSelector` (its
 * deprecated alias), `allowEmpty`, `namespace`. What cue-lite does with them:
 * - `namespace`, when non-empty, is the namespace of every object of the set and
 *   `context.namespace` while the set's templates are evaluated: what KubeVela's controller
 *   deploys (application/generator.go renderComponentsAndTraits overwrites the namespace of the
 *   workload and of every trait object; applyComponentFunc puts it in the context).
 *   `vela dry-run` ignores it (its objects stay in the Application's namespace).
 * - the placement is recorded, not resolved: `clusters` as given, else the
 *   `clusterLabelSelector`, else `local` (what the controller picks with neither).
 */
import type { CueError } from '../../errors/index.js';
import type { ApplicationPolicy } from '../application.js';
import { Decoder } from './decode.js';

export interface Topology {
  readonly name: string;
  /** The target namespace; undefined when empty (the Application's namespace is kept). */
  readonly namespace?: string;
  /** `clusters` as given; `['local']` when neither clusters nor a label selector is given. */
  readonly clusters?: readonly string[];
  readonly clusterLabelSelector?: Readonly<Record<string, string>>;
}

export function readTopology(policy: ApplicationPolicy): { topology?: Topology; errors: CueError[] } {
  const d = new Decoder(`topology policy "${policy.name}"`);
  if (!policy.properties) {
    d.fail([], 'must not have empty properties', policy);
    return { errors: d.errors };
  }
  const m = d.struct(policy.properties, [], ['clusters', 'clusterLabelSelector', 'clusterSelector', 'allowEmpty', 'namespace']);
  if (!m) return { errors: d.errors };
  const clusters = d.strings(m.get('clusters'), ['clusters']);
  const selector = d.stringMap(m.get('clusterLabelSelector'), ['clusterLabelSelector']) ?? d.stringMap(m.get('clusterSelector'), ['clusterSelector']);
  const namespace = d.string(m.get('namespace'), ['namespace']);
  d.bool(m.get('allowEmpty'), ['allowEmpty']);
  if (d.errors.length > 0) return { errors: d.errors };
  return {
    topology: {
      name: policy.name,
      ...(namespace ? { namespace } : {}),
      ...(clusters ? { clusters } : selector ? { clusterLabelSelector: selector } : { clusters: ['local'] }),
    },
    errors: [],
  };
}

/** The placement as one line: `clusters: [local, eu-1], namespace: prod`. */
export function placementText(t: Topology): string {
  const where = t.clusters ? `clusters: [${t.clusters.join(', ')}]` : `clusterLabelSelector: {${Object.entries(t.clusterLabelSelector ?? {}).map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
  return t.namespace ? `${where}, namespace: ${t.namespace}` : where;
}

/**
 * The object with `metadata.namespace` set to `namespace` (replacing the template's, as the
 * controller does). A Namespace object is cluster-scoped and is returned unchanged.
 */
export function inNamespace(object: Record<string, unknown>, namespace: string): Record<string, unknown> {
  if (object.kind === 'Namespace') return object;
  const meta = object.metadata;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return { ...object, metadata: { namespace } };
  const m = meta as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // Keep the key order of metadata (name, namespace first, as labels.ts writes it).
  if (!('namespace' in m)) {
    for (const [k, v] of Object.entries(m)) {
      out[k] = v;
      if (k === 'name') out.namespace = namespace;
    }
    if (!('namespace' in out)) out.namespace = namespace;
  } else for (const [k, v] of Object.entries(m)) out[k] = k === 'namespace' ? namespace : v;
  return { ...object, metadata: out };
}
