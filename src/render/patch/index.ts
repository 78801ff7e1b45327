export { applyPatch } from './apply-patch.js';
export { strategicMerge, keyedAlignment, conflictMessage, type DefaultOverride } from './strategic-merge.js';
export { jsonMergePatch } from './json-merge-patch.js';
export { jsonPatch } from './json-patch.js';
export { parseJSONPointer } from './json-pointer.js';
export {
  collectPatchTags,
  templateScope,
  type TagScope,
  parseTagComments,
  formatTagPath,
  PatchTags,
  type TagLookup,
  ELEMENT,
  ANY_LABEL,
  type FieldTags,
  type PatchStrategy,
} from './tags.js';
export { patchError, type PatchPath } from './patch-error.js';
