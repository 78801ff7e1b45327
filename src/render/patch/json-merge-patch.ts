/**
 * RFC 7396 JSON merge patch over plain values: a struct patch merges field by field, `null`
 * deletes a field, anything else (lists included) replaces. Used by traits whose `patch`
 * field is tagged `// +patchStrategy=jsonMergePatch` (labels, annotations, json-merge-patch).
 *
 * Field order: existing fields keep their place, new fields are appended in patch order.
 * (KubeVela round-trips through Go maps, which sorts the keys of every struct the patch
 * touched; Kubernetes does not care, and we keep the more readable order.)
 */
import { PlainStruct, type PlainValue } from '../../plain/plain-value.js';

export function jsonMergePatch(base: PlainValue, patch: PlainValue): PlainValue {
  if (!(patch instanceof PlainStruct)) return patch;
  const out = base instanceof PlainStruct ? new PlainStruct(base.fields) : new PlainStruct();
  for (const [k, v] of patch.fields) {
    if (v === null) {
      out.fields.delete(k);
      continue;
    }
    const current = out.fields.get(k);
    out.fields.set(k, jsonMergePatch(current === undefined ? null : current, v));
  }
  return out;
}
