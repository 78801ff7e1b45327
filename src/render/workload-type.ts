/**
 * What a trait's `appliesToWorkloads` is matched against (KubeVela pkg/utils/filters/filter.go
 * ByAppliedWorkload; the values in core_types.go): `*`, the component definition's name, or
 * the workload's resource type `<plural>.<group>` (`deployments.apps`, `jobs.batch`,
 * `services` for the core group), from the definition's `attributes.workload` or, for
 * `autodetects.core.oam.dev`, from the rendered object's apiVersion and kind.
 */
import { PlainStruct, type PlainValue } from '../plain/plain-value.js';
import type { Definition } from './definition.js';

export function workloadTypes(component: Definition, workload: PlainValue): string[] {
  const out = new Set<string>();
  const w = component.attributes.workload as { type?: unknown; definition?: { apiVersion?: unknown; kind?: unknown } } | undefined;
  if (typeof w?.type === 'string' && w.type !== 'autodetects.core.oam.dev') out.add(w.type);
  if (typeof w?.definition?.apiVersion === 'string' && typeof w.definition.kind === 'string') out.add(resourceType(w.definition.apiVersion, w.definition.kind));
  if (workload instanceof PlainStruct) {
    const av = workload.fields.get('apiVersion');
    const k = workload.fields.get('kind');
    if (typeof av === 'string' && typeof k === 'string') out.add(resourceType(av, k));
  }
  return [...out];
}

/** `apps/v1` + `Deployment` -> `deployments.apps`; `v1` + `Service` -> `services`. */
export function resourceType(apiVersion: string, kind: string): string {
  const lower = kind.toLowerCase();
  const plural = /(s|x|ch|sh)$/.test(lower) ? lower + 'es' : /[^aeiou]y$/.test(lower) ? lower.slice(0, -1) + 'ies' : lower + 's';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? plural : `${plural}.${apiVersion.slice(0, slash)}`;
}

/** Undefined when the trait applies; otherwise the reason. */
export function appliesTo(trait: Definition, componentType: string, types: readonly string[]): string | undefined {
  const rules = trait.attributes.appliesToWorkloads;
  if (!Array.isArray(rules) || rules.length === 0) return undefined;
  const list = rules.filter((r): r is string => typeof r === 'string');
  if (list.some((r) => r === '*' || r === componentType || types.includes(r))) return undefined;
  const what = types.length > 0 ? `${componentType}, workload ${types.join(' / ')}` : componentType;
  return `does not apply to this component (${what}): appliesToWorkloads is ${list.join(', ')}`;
}
