/**
 * KubeVela's strategic merge of a trait `patch` into the workload, over plain values.
 *
 * KubeVela (kubevela/workflow pkg/cue/model/sets/operation.go, StrategyUnify) rewrites the
 * syntax of both sides and then lets CUE unify them. The rewrite, restated over values:
 *
 * - every list that is a field value in the base is open (`OpenListLit`): a longer patch list
 *   extends it; a shorter, closed patch list conflicts ("incompatible list lengths");
 * - a list field tagged `+patchStrategy=replace` takes the patch list as is;
 * - a list field with a patch key (its own `+patchKey`, or the nearest one above it: only the
 *   key is inherited, strategies are not) is merged by key (`listMergeProcess`, see
 *   `keyedAlignment` below);
 * - any other field tagged `+patchStrategy=retainKeys` replaces the base's field;
 * - everything else unifies: structs field by field (base order, new fields appended),
 *   scalars must be equal, and a difference is a conflict naming the path.
 *
 * All conflicts are collected and thrown together as a CueErrorList (code `render`).
 */
import { CueErrorList, type CueError } from '../../errors/index.js';
import { CueFloat, PlainStruct, type PlainValue, plainKindName } from '../../plain/plain-value.js';
import { patchError, type PatchPath } from './patch-error.js';
import { formatPlain, isScalar, scalarsUnify } from './plain-value.js';
import { PatchTags, type TagLookup } from './tags.js';

/**
 * A scalar of the workload that came from a template default (`replicas: *1 | int`): KubeVela
 * patches the workload before defaults are taken, so a patch value the field allows replaces
 * the default instead of conflicting with it. Answers whether `patch` may replace the base at
 * `path`.
 */
export type DefaultOverride = (path: PatchPath, patch: PlainValue) => boolean;

export function strategicMerge(base: PlainValue, patch: PlainValue, tags: TagLookup = new PatchTags(), overridesDefault?: DefaultOverride): PlainValue {
  const m = new Merger(tags, overridesDefault);
  const out = m.unify(base, patch, [], undefined);
  if (m.errors.length > 0) throw new CueErrorList(m.errors);
  return out;
}

class Merger {
  readonly errors: CueError[] = [];

  constructor(
    private readonly tags: TagLookup,
    private readonly overridesDefault?: DefaultOverride,
  ) {}

  /** Unifies two values at `path`; `key` is the patch key inherited from the fields above. */
  unify(base: PlainValue, patch: PlainValue, path: PatchPath, key: string | undefined): PlainValue {
    if (base instanceof PlainStruct && patch instanceof PlainStruct) return this.mergeStruct(base, patch, path, key);
    if (Array.isArray(base) && Array.isArray(patch)) return this.mergeLists(base, patch, path, key, false, false);
    if (isScalar(base) && isScalar(patch) && scalarsUnify(base, patch)) return base;
    if (isScalar(base) && isScalar(patch) && this.overridesDefault?.(path, patch)) return patch;
    this.conflict(path, base, patch);
    return base;
  }

  private conflict(path: PatchPath, base: PlainValue, patch: PlainValue): void {
    this.errors.push(patchError(path, conflictMessage(base, patch)));
  }

  private mergeStruct(base: PlainStruct, patch: PlainStruct, path: PatchPath, inherited: string | undefined): PlainStruct {
    const out = new PlainStruct(base.fields);
    for (const [label, pv] of patch.fields) {
      const fpath = [...path, label];
      const own = this.tags.get(fpath);
      // Below this field, its own patchKey (if any) replaces the inherited one.
      const key = own?.patchKey ?? inherited;
      const bv = base.fields.get(label);
      if (bv === undefined) {
        // Nothing to merge with: the patch value is added as it is.
        out.fields.set(label, pv);
        continue;
      }
      if (Array.isArray(pv)) {
        out.fields.set(label, this.mergeListField(bv, pv, fpath, key, own?.patchStrategy, own?.openList ?? false));
        continue;
      }
      if (own?.patchStrategy === 'retainKeys') {
        // retainKeys on a non-list field: the base's field is replaced by the patch's.
        out.fields.set(label, pv);
        continue;
      }
      out.fields.set(label, this.unify(bv, pv, fpath, key));
    }
    return out;
  }

  private mergeListField(
    base: PlainValue,
    patch: PlainValue[],
    path: PatchPath,
    key: string | undefined,
    strategy: string | undefined,
    patchOpen: boolean,
  ): PlainValue {
    if (!Array.isArray(base)) {
      this.conflict(path, base, patch);
      return base;
    }
    if (strategy === 'replace') return patch;
    if (key) {
      const aligned = keyedAlignment(base, patch, key, strategy === 'retainKeys');
      // The rewritten patch list always ends open (`...`): base elements without a match stay.
      if (aligned) return this.mergeLists(aligned.base, aligned.patch, path, key, true, true);
    }
    // Base lists that are field values are open (KubeVela's OpenListLit).
    return this.mergeLists(base, patch, path, key, true, patchOpen);
  }

  /** Positional unification of two lists; an open side accepts extra elements from the other. */
  private mergeLists(
    base: PlainValue[],
    patch: PlainValue[],
    path: PatchPath,
    key: string | undefined,
    baseOpen: boolean,
    patchOpen: boolean,
  ): PlainValue[] {
    if ((patch.length < base.length && !patchOpen) || (base.length < patch.length && !baseOpen)) {
      this.errors.push(patchError(path, `incompatible list lengths (${patch.length} and ${base.length})`));
      return base;
    }
    const out: PlainValue[] = [];
    const n = Math.max(base.length, patch.length);
    for (let i = 0; i < n; i++) {
      const b = base[i];
      const p = patch[i];
      if (b === undefined) out.push(p!);
      else if (p === undefined) out.push(b);
      else out.push(this.unify(b, p, [...path, i], key));
    }
    return out;
  }
}

const kindRank = ['null', 'bool', 'int', 'float', 'string', 'bytes', 'list', 'struct'];

/**
 * The message CUE prints for `base & patch`. With equal kinds it names the right operand
 * first; with different kinds it orders them by kind (null, bool, int, float, string, bytes,
 * list, struct), as CUE does.
 */
export function conflictMessage(base: PlainValue, patch: PlainValue): string {
  const kb = plainKindName(base);
  const kp = plainKindName(patch);
  if (kb === kp) return `conflicting values ${formatPlain(patch)} and ${formatPlain(base)}`;
  const [x, y] = kindRank.indexOf(kb) <= kindRank.indexOf(kp) ? [base, patch] : [patch, base];
  return `conflicting values ${formatPlain(x)} and ${formatPlain(y)} (mismatched types ${plainKindName(x)} and ${plainKindName(y)})`;
}

/**
 * KubeVela's `listMergeProcess`: rebuilds the patch list so that position i holds the patch
 * element whose key matches base element i (or `{}`), followed by patch elements with new keys
 * in patch order; the result is open. Returns undefined where KubeVela gives up and falls
 * back to positional unification. Followed faithfully, including its quirks:
 *
 * - `k1,k2` alternatives are processed one after the other; base elements lacking the current
 *   alternative get no slot in that round, so the rebuilt list follows the order "elements
 *   with k1, then elements with k2" rather than the base order;
 * - if some alternative appears in no element of a non-empty patch list, the whole rewrite is
 *   abandoned (positional unification);
 * - a key whose value is not a scalar abandons the rewrite;
 * - patch elements without any key are dropped; of two patch elements with the same key the
 *   later one is used;
 * - with `retainKeys`, matched base elements are emptied first, so the patch element replaces
 *   them instead of merging.
 */
export function keyedAlignment(
  base: readonly PlainValue[],
  patch: readonly PlainValue[],
  keySpec: string,
  retainKeys: boolean,
): { base: PlainValue[]; patch: PlainValue[] } | undefined {
  const byKey = new Map<string, number>(); // "<key>\0<value>" -> index of the patch element
  const aligned: PlainValue[] = [];
  const newBase = [...base];
  for (const key of keySpec.split(',')) {
    const segs = key.split('.');
    let found = false;
    for (let i = 0; i < patch.length; i++) {
      const v = lookupPath(patch[i]!, segs);
      if (v === undefined) continue;
      found = true;
      if (!isScalar(v)) return undefined;
      byKey.set(key + '\0' + scalarKey(v), i);
    }
    if (!found) {
      if (patch.length === 0) continue;
      return undefined;
    }
    for (let i = 0; i < base.length; i++) {
      const v = lookupPath(base[i]!, segs);
      if (v === undefined) continue;
      if (!isScalar(v)) return undefined;
      const k = key + '\0' + scalarKey(v);
      const pi = byKey.get(k);
      if (pi !== undefined) {
        if (retainKeys) newBase[i] = new PlainStruct();
        aligned.push(patch[pi]!);
        byKey.delete(k);
      } else aligned.push(new PlainStruct());
    }
  }
  const left = new Set(byKey.values());
  for (let i = 0; i < patch.length; i++) if (left.has(i)) aligned.push(patch[i]!);
  return { base: newBase, patch: aligned };
}

function lookupPath(v: PlainValue, segs: readonly string[]): PlainValue | undefined {
  let cur: PlainValue | undefined = v;
  for (const s of segs) {
    if (!(cur instanceof PlainStruct)) return undefined;
    cur = cur.fields.get(s);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Keys compare as KubeVela compares literal text: `"1"` and `1` differ. */
function scalarKey(v: PlainValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof CueFloat) return v.text;
  if (v instanceof Uint8Array) return "'" + [...v].join(',') + "'";
  return String(v);
}
