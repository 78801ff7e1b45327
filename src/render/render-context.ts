/**
 * The `context` a template sees (KubeVela: pkg/cue/process/handle.go NewContext and
 * kubevela/workflow BaseContextFile; the fields are listed in docs/kubevela-notes.md).
 *
 * Offline defaults, for a fresh Application in the local cluster:
 * - `namespace`: the Application's, else `default`;
 * - `appRevision`: `<app>-v1`, `appRevisionNum`: 1 (parsed from an overridden `appRevision`);
 * - `cluster`: `local`; `clusterVersion`: Kubernetes v1.31.0 (`defaultClusterVersion`);
 * - `revision`: `revisionHash(component)`: the first 16 hex digits of the SHA-256 of the
 *   component as written in the Application (name, type, properties, traits...) encoded as
 *   JSON with sorted keys. KubeVela hashes the component spec too (ComputeSpecHash); the
 *   digits differ, the property is the same: it changes exactly when the component does.
 * - `appLabels` / `appAnnotations`: the Application's (`{}` when absent); `workflowName` and
 *   `publishVersion` from the annotations `app.oam.dev/workflowName` / `app.oam.dev/publishVersion`;
 *   `replicaKey`: "".
 * A context override (`--context FILE`, `render(..., {context})`) replaces any of these.
 */
import { sha256 } from '../stdlib/internal/hashes.js';

export interface ClusterVersion {
  major: string;
  minor: number;
  gitVersion: string;
  platform: string;
}

export const defaultClusterVersion: Readonly<ClusterVersion> = { major: '1', minor: 31, gitVersion: 'v1.31.0', platform: 'linux/amd64' };

/** The context fields every template gets (traits get `componentType`, `output` and `outputs` too). */
export interface RenderContext {
  name: string;
  namespace: string;
  appName: string;
  appRevision: string;
  appRevisionNum: number;
  revision: string;
  components: unknown[];
  appLabels: Record<string, string>;
  appAnnotations: Record<string, string>;
  workflowName: string;
  publishVersion: string;
  replicaKey: string;
  cluster: string;
  clusterVersion: ClusterVersion;
  [field: string]: unknown;
}

export interface ContextInputs {
  appName: string;
  componentName: string;
  namespace?: string;
  appLabels?: Record<string, string>;
  appAnnotations?: Record<string, string>;
  /** Every component of the Application, as written. */
  components?: unknown[];
  /** The component as written (hashed into `revision`). */
  component?: unknown;
}

export function baseContext(inputs: ContextInputs, override: Readonly<Record<string, unknown>> = {}): RenderContext {
  const annotations = inputs.appAnnotations ?? {};
  const ctx: RenderContext = {
    name: inputs.componentName,
    namespace: inputs.namespace ?? 'default',
    appName: inputs.appName,
    appRevision: `${inputs.appName}-v1`,
    appRevisionNum: 1,
    revision: revisionHash(inputs.component ?? { name: inputs.componentName }),
    components: inputs.components ?? [],
    appLabels: inputs.appLabels ?? {},
    appAnnotations: annotations,
    workflowName: annotations['app.oam.dev/workflowName'] ?? '',
    publishVersion: annotations['app.oam.dev/publishVersion'] ?? '',
    replicaKey: '',
    cluster: 'local',
    clusterVersion: { ...defaultClusterVersion },
  };
  Object.assign(ctx, override);
  if (typeof override.appRevision === 'string' && override.appRevisionNum === undefined) {
    // KubeVela parses the number from the revision name (util.ExtractRevisionNum).
    const m = /-v(\d+)$/.exec(override.appRevision);
    ctx.appRevisionNum = m ? Number(m[1]) : 0;
  }
  return ctx;
}

/** The documented component hash behind `context.revision`. */
export function revisionHash(component: unknown): string {
  const bytes = new TextEncoder().encode(canonicalJSON(component));
  return [...sha256(bytes).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function canonicalJSON(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJSON).join(',')}]`;
  if (typeof x === 'bigint') return x.toString();
  if (x && typeof x === 'object') {
    const keys = Object.keys(x).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJSON((x as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(x) ?? 'null';
}
