/**
 * Checking closedness at a vertex once all its conjuncts are in (see closedness.ts for the model).
 */
import { ErrorCode, closeMatches } from '../errors/index.js';
import type { Span } from '../source/index.js';
import { bottomInfo } from './bottom.js';
import type { CloseContext, StructInfo } from './closedness.js';
import { matchesPattern } from './evaluator.js';
import { type Label, isRegularLabel, labelName } from './label.js';
import { Bottom } from './value.js';
import type { Vertex } from './vertex.js';

export function checkClosedness(v: Vertex): void {
  const structs = v.structs!;
  let reqs: CloseContext[] | null = null;
  for (const s of structs) {
    for (let c = s.ctx; c; c = c.parent) {
      if ((c.kind === 'def' || (c.kind === 'close' && c.owner === null)) && !reqs?.includes(c)) (reqs ??= []).push(c);
    }
  }
  if (reqs === null) return;
  for (const arc of v.arcs) {
    const label = arc.label!;
    if (typeof label !== 'string' || !isRegularLabel(label)) continue;
    for (const r of reqs) {
      if (allowedBy(r, label, structs)) continue;
      const name = labelName(label);
      const near = nearMiss(name, r, structs);
      const positions: (Span | undefined)[] = [];
      for (const s of structs) if (s.ctx && s.ctx.hasAncestor(r)) positions.push(s.lit.src);
      positions.push(arc.declSrc);
      const info = bottomInfo(ErrorCode.eval, `field ${name} not allowed${near ? ` (did you mean ${near}?)` : ''}`, positions);
      info.path = v.path();
      arc.notAllowed = info;
      arc.value = new Bottom(info);
      break;
    }
  }
}

/** Whether some struct of requirement `r` (or a literal it is embedded in) allows `label`. */
export function allowedBy(r: CloseContext, label: Label, structs: StructInfo[]): boolean {
  for (const s of structs) {
    if (s.ctx && s.ctx.hasAncestor(r) && structAllows(s, label)) return true;
  }
  // The literal a definition is embedded in counts as part of it.
  for (let c = r.parent; c && c.kind === 'embed'; c = c.parent) {
    if (c.owner && structs.includes(c.owner) && structAllows(c.owner, label)) return true;
  }
  return false;
}

export function structAllows(s: StructInfo, label: Label): boolean {
  if (s.hasEllipsis) return true;
  if (s.lit.staticLabels.includes(label)) return true;
  if (s.dynamicLabels && s.dynamicLabels.includes(label)) return true;
  if (s.patterns) {
    const name = labelName(label);
    for (const p of s.patterns) if (matchesPattern(p, name)) return true;
  }
  return false;
}

function nearMiss(name: string, r: CloseContext, structs: StructInfo[]): string | undefined {
  if (name.length < 4) return undefined;
  const labels: string[] = [];
  for (const s of structs) {
    if (!s.ctx || !s.ctx.hasAncestor(r)) continue;
    for (const l of s.lit.staticLabels) if (typeof l === 'string' && isRegularLabel(l)) labels.push(labelName(l));
  }
  return closeMatches(name, labels, 1)[0];
}

