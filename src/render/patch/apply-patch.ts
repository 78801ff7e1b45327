/**
 * Applies one trait `patch` to the workload, choosing the strategy as KubeVela does
 * (kubevela/workflow sets.CreateUnifyOptionsForPatcher): from the doc comment of the `patch`
 * field itself, `+patchStrategy=jsonMergePatch` or `+patchStrategy=jsonPatch`; anything else
 * is the strategic merge.
 */
import { CueErrorList } from '../../errors/index.js';
import { PlainStruct, type PlainValue } from '../../plain/plain-value.js';
import { jsonMergePatch } from './json-merge-patch.js';
import { jsonPatch } from './json-patch.js';
import { patchError } from './patch-error.js';
import { type DefaultOverride, strategicMerge } from './strategic-merge.js';
import { PatchTags, type TagLookup } from './tags.js';

export function applyPatch(base: PlainValue, patch: PlainValue, tags: TagLookup = new PatchTags(), overridesDefault?: DefaultOverride): PlainValue {
  switch (tags.rootStrategy) {
    case 'jsonMergePatch':
      return jsonMergePatch(base, patch);
    case 'jsonPatch': {
      const ops = patch instanceof PlainStruct ? patch.fields.get('operations') : undefined;
      if (ops === undefined) throw new CueErrorList([patchError([], 'jsonPatch: the patch has no "operations" field')]);
      return jsonPatch(base, ops);
    }
    default:
      return strategicMerge(base, patch, tags, overridesDefault);
  }
}
