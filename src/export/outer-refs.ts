/**
 * The references of an expression, printed as written, that name something outside the value
 * being printed (`cue eval -e result` of `name: "\(parent.name)"` where `parent` is not part of
 * `result`). Printed as they are, they would not parse back to the same value: to-cue.ts
 * replaces each by a `let` it adds after the value (cue's self-contained export,
 * internal/core/export/self.go).
 *
 * The compiled expression says where each reference points: core's freeRefs (inline-scope.ts)
 * lists those that go further out than the expression, each with how many scopes out of the
 * environment the expression is evaluated in; that environment says what they name.
 */
import { type ComprehensionDecl, type DynamicFieldDecl, type Expr, ExprOp, FieldRefX } from '../core/adt.js';
import type { Environment } from '../core/env.js';
import type { Evaluator } from '../core/evaluator.js';
import { declFreeRefs, freeRefs } from '../core/inline-scope.js';
import { ValueType } from '../core/value.js';
import type { Vertex } from '../core/vertex.js';

/** A reference out of the printed value: its place in the source, and what it names. */
export interface OuterRef {
  readonly start: number;
  readonly end: number;
  readonly target: Vertex;
}

/**
 * The references of `e` (evaluated in `env`) to fields or lets outside the value whose
 * vertices `inside` accepts; null when one cannot be named that way (a comprehension variable
 * or a label alias bound outside, a reference that does not resolve to a field).
 */
export function outerRefs(ev: Evaluator, env: Environment, e: Expr | ComprehensionDecl | DynamicFieldDecl, inside: (v: Vertex) => boolean): OuterRef[] | null {
  const out: OuterRef[] = [];
  for (const r of 'op' in e ? freeRefs(e) : declFreeRefs(e)) {
    const at = env.outer(r.up);
    if (!at) return null;
    // Into a scope of the printed value: written as it is.
    if (at.vertex && inside(at.vertex)) continue;
    const x = r.ref;
    if ((x.op !== ExprOp.fieldRef && x.op !== ExprOp.letRef) || !x.src) return null;
    const t = ev.resolve(at, new FieldRefX(0, x.label, x.name, x.src), null);
    if (t.type !== ValueType.vertex) return null;
    // Even the value itself (`a: a + 1` printed on its own): it has no name in the output.
    out.push({ start: x.src.start, end: x.src.end, target: t });
  }
  return out;
}
