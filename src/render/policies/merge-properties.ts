/**
 * The override policy's merge of properties (kubevela pkg/policy/envbinding/patch.go
 * MergeRawExtension: `mergo.Merge(base, patch, mergo.WithOverride)` on JSON maps, mergo
 * v0.3.16), done on the syntax so that every value keeps the position it was written at (in
 * the Application or in the policy): a parameter error after an override points at the line
 * that gave the value.
 *
 * The rules (neither RFC 7386 nor a strategic merge):
 * - objects merge key by key, recursively; a key only in the patch is added (at the end);
 * - any other patch value replaces the base value: scalars (`0`, `false` and `""` included),
 *   lists (replaced whole, `[]` included), `null` (the key stays, set to null), and a value
 *   of another type;
 * - the result is always an object (`{}` when both sides are absent).
 */
import type { Expr, Field, StructLit } from '../../syntax/ast.js';
import type { Span } from '../../source/index.js';
import { labelString } from '../syntax-util.js';

export function mergeProperties(base: Expr | undefined, patch: Expr | undefined, span: Span): StructLit {
  const b: StructLit = base && base.type === 'StructLit' ? base : { type: 'StructLit', span: base?.span ?? span, decls: [] };
  if (!patch || patch.type !== 'StructLit') return b;
  return mergeStructs(b, patch);
}

function mergeStructs(base: StructLit, patch: StructLit): StructLit {
  const fields: Field[] = [];
  const index = new Map<string, number>();
  for (const d of base.decls) {
    if (d.type !== 'Field') continue;
    const l = labelString(d.label);
    if (l === undefined) continue;
    if (index.has(l)) fields[index.get(l)!] = d;
    else {
      index.set(l, fields.length);
      fields.push(d);
    }
  }
  for (const d of patch.decls) {
    if (d.type !== 'Field') continue;
    const l = labelString(d.label);
    if (l === undefined) continue;
    const i = index.get(l);
    if (i === undefined) {
      index.set(l, fields.length);
      fields.push(d);
      continue;
    }
    const old = fields[i]!;
    fields[i] = old.value.type === 'StructLit' && d.value.type === 'StructLit' ? { ...old, value: mergeStructs(old.value, d.value) } : d;
  }
  return { type: 'StructLit', span: base.span, decls: fields };
}
