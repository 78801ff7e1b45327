/**
 * The references of an expression, printed as written, that name something outside the value
 * being printed (`cue eval -e result` of `name: "\(parent.name)"` where `parent` is not part of
 * `result`). Printed as they are, they would not parse back to the same value: to-cue.ts
 * replaces each by a `let` it adds after the value (cue's self-contained export,
 * internal/core/export/self.go).
 *
 * The compiled expression says where each reference points: a field or let reference `up`
 * scopes out of where it stands. Walking it, the scopes it opens itself (struct literals,
 * comprehension clauses, label aliases) are counted, so that a reference that goes further out
 * than the expression can be found in the environment the expression is evaluated in.
 */
import { type ClauseX, type Decl, DeclKind, type Expr, ExprOp, FieldRefX, type StructLitX } from '../core/adt.js';
import type { Environment } from '../core/env.js';
import type { Evaluator } from '../core/evaluator.js';
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
export function outerRefs(ev: Evaluator, env: Environment, e: Expr | Decl, inside: (v: Vertex) => boolean): OuterRef[] | null {
  const out: OuterRef[] = [];
  let failed = false;

  const ref = (up: number, depth: number, x: Expr): void => {
    if (up < depth) return;
    if (x.op !== ExprOp.fieldRef && x.op !== ExprOp.letRef) {
      failed = true;
      return;
    }
    const at = env.outer(up - depth);
    if (!at) {
      failed = true;
      return;
    }
    if (at.vertex && inside(at.vertex)) return;
    const r = ev.resolve(at, new FieldRefX(0, x.label, x.name, x.src), null);
    if (r.type !== ValueType.vertex || !x.src) {
      failed = true;
      return;
    }
    // Even the value itself (`a: a + 1` printed on its own): it has no name in the output.
    out.push({ start: x.src.start, end: x.src.end, target: r });
  };

  const struct = (s: StructLitX, depth: number): void => {
    for (const d of s.decls) decl(d, depth + 1);
  };

  const clauses = (cs: readonly ClauseX[], depth: number): number => {
    for (const c of cs) {
      switch (c.kind) {
        case 'for':
          expr(c.source, depth);
          depth++;
          break;
        case 'if':
          expr(c.condition, depth);
          break;
        case 'let':
          expr(c.expr, depth);
          depth++;
          break;
        case 'try':
          if (c.expr) {
            expr(c.expr, depth);
            depth++;
          }
          break;
      }
    }
    return depth;
  };

  const decl = (d: Decl, depth: number): void => {
    switch (d.kind) {
      case DeclKind.field:
        expr(d.value, depth);
        return;
      case DeclKind.dynamicField:
        expr(d.key, depth);
        expr(d.value, d.bindsLabel ? depth + 1 : depth);
        return;
      case DeclKind.pattern:
        expr(d.pattern, depth);
        expr(d.value, d.bindsLabel ? depth + 1 : depth);
        return;
      case DeclKind.ellipsis:
        if (d.value) expr(d.value, depth);
        return;
      case DeclKind.embed:
      case DeclKind.let:
        expr(d.expr, depth);
        return;
      case DeclKind.comprehension:
        struct(d.body, clauses(d.clauses, depth));
        if (d.otherwise) struct(d.otherwise, depth);
        return;
    }
  };

  const expr = (x: Expr, depth: number): void => {
    if (failed) return;
    switch (x.op) {
      case ExprOp.fieldRef:
      case ExprOp.letRef:
      case ExprOp.bindingRef:
      case ExprOp.selfRef:
      case ExprOp.dynamicAliasRef:
        ref(x.up, depth, x);
        return;
      case ExprOp.struct:
        struct(x, depth);
        return;
      case ExprOp.list:
        for (const el of x.elems) {
          if ('op' in el) expr(el, depth);
          else decl(el, depth);
        }
        if (x.rest) expr(x.rest, depth);
        return;
      case ExprOp.selector:
        expr(x.x, depth);
        return;
      case ExprOp.index:
        expr(x.x, depth);
        expr(x.index, depth);
        return;
      case ExprOp.slice:
        expr(x.x, depth);
        if (x.low) expr(x.low, depth);
        if (x.high) expr(x.high, depth);
        return;
      case ExprOp.call:
        expr(x.fun, depth);
        for (const a of x.args) expr(a, depth);
        return;
      case ExprOp.unary:
      case ExprOp.bound:
        expr(x.x, depth);
        return;
      case ExprOp.binary:
        expr(x.x, depth);
        expr(x.y, depth);
        return;
      case ExprOp.disjunction:
        for (const t of x.terms) expr(t.expr, depth);
        return;
      case ExprOp.conjunction:
        for (const t of x.terms) expr(t, depth);
        return;
      case ExprOp.interpolation:
        for (const p of x.parts) if (typeof p !== 'string') expr(p, depth);
        return;
      default:
        // Values, builtins, imports, errors: no reference into the configuration.
        return;
    }
  };

  if ('op' in e) expr(e, 0);
  else decl(e, 0);
  return failed ? null : out;
}
