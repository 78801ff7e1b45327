/**
 * The error of a required field (`x!: int`) that no regular field gave a value.
 */
import { ErrorCode } from '../errors/index.js';
import type { Span } from '../source/index.js';
import { type BottomInfo, bottomInfo } from './bottom.js';
import { referencePosition } from './scalar-state.js';
import type { Vertex } from './vertex.js';

/**
 * "field is required but not present", at the field's declaration and at the reference each of
 * its conjuncts last came through (`b: #Def` for `#Def: x!: int`), as CUE's
 * NewRequiredNotPresentError adds each conjunct's CloseInfo.Location: the position of the
 * reference that last gave it its definition ID (export_required: b.x at 5:2 and 8:4).
 */
export function requiredNotPresent(a: Vertex): BottomInfo {
  const positions: (Span | undefined)[] = [a.declSrc];
  for (const c of a.conjuncts) {
    for (let h = c.history; h; h = h.up) {
      const p = referencePosition(h);
      if (p) {
        positions.push(p);
        break;
      }
    }
  }
  return bottomInfo(ErrorCode.incomplete, 'field is required but not present', positions);
}
