/**
 * KubeVela's labels and namespace on rendered objects (pkg/appfile/appfile.go
 * makeWorkloadWithContext, evalWorkloadWithContext, SetOAMContract):
 * - every object: `app.oam.dev/name`, `app.oam.dev/component`, `app.oam.dev/appRevision`
 *   (plus `app.oam.dev/replicaKey` when set);
 * - the workload: `workload.oam.dev/type: <component type>`;
 * - auxiliaries: `trait.oam.dev/type` (`AuxiliaryWorkload` for a component's outputs, else the
 *   trait type) and `trait.oam.dev/resource: <output name>`;
 * - `metadata.namespace` from the context when the template leaves it unset (never on a
 *   Namespace); `metadata.name` defaults to the component name (the workload) or
 *   `<component>-<output name>` (an auxiliary; KubeVela would generate a random one).
 * Labels the template set come first; ours are added after them and win on a clash, as
 * KubeVela's SetLabels does.
 */
import { PlainStruct, type PlainValue } from '../plain/plain-value.js';

export interface LabelInputs {
  appName: string;
  component: string;
  appRevision: string;
  namespace: string;
  replicaKey?: string;
  workloadType?: string;
  traitType?: string;
  resource?: string;
  defaultName: string;
}

export function addLabelsAndNamespace(obj: PlainValue, l: LabelInputs): PlainValue {
  if (!(obj instanceof PlainStruct)) return obj;
  const out = new PlainStruct(obj.fields);
  const metaIn = out.fields.get('metadata');
  const meta = new PlainStruct(metaIn instanceof PlainStruct ? metaIn.fields : []);
  const labelsIn = meta.fields.get('labels');
  const labels = new PlainStruct(labelsIn instanceof PlainStruct ? labelsIn.fields : []);
  labels.fields.set('app.oam.dev/name', l.appName);
  labels.fields.set('app.oam.dev/component', l.component);
  labels.fields.set('app.oam.dev/appRevision', l.appRevision);
  if (l.replicaKey) labels.fields.set('app.oam.dev/replicaKey', l.replicaKey);
  if (l.workloadType !== undefined) labels.fields.set('workload.oam.dev/type', l.workloadType);
  if (l.traitType !== undefined) labels.fields.set('trait.oam.dev/type', l.traitType);
  if (l.resource !== undefined) labels.fields.set('trait.oam.dev/resource', l.resource);
  meta.fields.set('labels', labels);
  // name and namespace first in metadata, as kubectl prints them.
  const name = meta.fields.get('name') ?? l.defaultName;
  const namespace = meta.fields.has('namespace') || out.fields.get('kind') === 'Namespace' ? meta.fields.get('namespace') : l.namespace;
  const m2 = new PlainStruct([['name', name]]);
  if (namespace !== undefined) m2.fields.set('namespace', namespace);
  for (const [k, v] of meta.fields) if (!m2.fields.has(k)) m2.fields.set(k, v);
  out.fields.set('metadata', m2);
  // apiVersion, kind and metadata first, where readers look for them (a trait patch may have
  // added metadata last); the rest keeps the template's order.
  const ordered = new PlainStruct();
  for (const k of ['apiVersion', 'kind', 'metadata']) if (out.fields.has(k)) ordered.fields.set(k, out.fields.get(k)!);
  for (const [k, v] of out.fields) if (!ordered.fields.has(k)) ordered.fields.set(k, v);
  return ordered;
}
