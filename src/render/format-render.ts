/**
 * The printed form of a render (`cue-lite render`), framed as `vela dry-run` frames it
 * (kubevela pkg/appfile/dryrun/dryrun.go PrintDryRun), so that the output of both can be read
 * (and compared) the same way. For each set, each component:
 *
 *     ---
 *     # Application(<label>) -- Component(<name>)
 *     ---
 *
 *     <workload>
 *
 *     ---
 *     ## From the auxiliary workload          (a component's `outputs`)
 *     <object>
 *
 *     ---
 *     ## From the trait <type>                (a trait's `outputs`)
 *     <object>
 *
 *     ---
 *
 * then each object of a custom policy under `# Application(<label>) -- Policy(<object
 * name>)`. A topology set adds one comment line to each component header: its placement
 * (`# clusters: [local], namespace: prod`). The comments and empty documents leave a valid
 * YAML stream (kubectl skips empty documents).
 *
 * JSON: the list of entries (RenderedManifest): set, step, policies, component or policy,
 * role, and the object.
 */
import { jsToPlain } from '../api/encode.js';
import { encodeJSON, encodeYAML } from '../encoding/index.js';
import { placementText } from './policies/topology.js';
import type { RenderedManifest } from './render-application.js';

export function formatRender(manifests: readonly RenderedManifest[], out: 'yaml' | 'json' = 'yaml'): string {
  if (out === 'json') return encodeJSON(jsToPlain(manifests));
  const parts: string[] = [];
  let open: RenderedManifest | undefined; // the component whose block is being written
  const close = (): void => {
    if (open) parts.push('\n');
    open = undefined;
  };
  for (const m of manifests) {
    const yaml = encodeYAML(jsToPlain(m.object));
    if (m.role === 'policy') {
      close();
      const name = (m.object.metadata as Record<string, unknown> | undefined)?.name;
      parts.push(header(m, `Policy(${typeof name === 'string' ? name : m.policy})`), yaml, '\n---\n');
      continue;
    }
    if (!open || open.application !== m.application || open.label !== m.label || open.component !== m.component || m.role === 'workload') {
      close();
      open = m;
      parts.push(header(m, `Component(${m.component})`));
    }
    if (m.role === 'auxiliary') parts.push(m.trait ? `## From the trait ${m.trait}\n` : '## From the auxiliary workload\n');
    parts.push(yaml, '\n---\n');
  }
  close();
  return parts.join('');
}

function header(m: RenderedManifest, what: string): string {
  // The placement is the components' (a policy's objects stay in the Application's namespace).
  const placement = m.topology && m.role !== 'policy' ? `# ${placementText({ name: m.topology, ...(m.namespace ? { namespace: m.namespace } : {}), ...(m.clusters ? { clusters: m.clusters } : {}), ...(m.clusterLabelSelector ? { clusterLabelSelector: m.clusterLabelSelector } : {}) })}\n` : '';
  return `---\n# Application(${m.label}) -- ${what}\n${placement}---\n\n`;
}
