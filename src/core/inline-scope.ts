/**
 * Where an inline value's helper field lives.
 *
 * CUE reads a selection from an inline value, `x: (X & {in: a}).out`, as a reference to a
 * helper field, `x: _h.out` with `_h: X & {in: a}`, placed in the outermost scope from which
 * the expression's references still mean the same (cue/internal/core/adt/cycle.go, "INLINE
 * CYCLES": the helper goes up as far as it can). Two evaluations of one inline expression
 * whose helpers land in the same scope are the same helper; anything else is a new instance.
 *
 * `inlineScope` finds that scope: the environment `n` levels out, where `n` is the smallest
 * number of scopes any free reference of the expression climbs. An expression with no free
 * reference belongs at the outermost scope.
 */
import { DeclKind, type ComprehensionDecl, type Expr, ExprOp, type StructLitX } from './adt.js';
import type { Environment } from './env.js';

/** The environment the helper of the inline expression `e`, evaluated in `env`, belongs to. */
export function inlineScope(e: Expr, env: Environment): Environment {
  const up = freeDepth(e);
  let scope = env;
  for (let i = 0; (up === Infinity || i < up) && scope.up; i++) scope = scope.up;
  return scope;
}

const cache = new WeakMap<Expr, number>();

/** The fewest scopes any free reference in `e` climbs (Infinity: no free reference). */
export function freeDepth(e: Expr): number {
  let d = cache.get(e);
  if (d === undefined) {
    d = exprDepth(e, 0);
    cache.set(e, d);
  }
  return d;
}

/** Free depth of `e` compiled `inner` scopes inside the scope the result is relative to. */
function exprDepth(e: Expr, inner: number): number {
  switch (e.op) {
    case ExprOp.fieldRef:
    case ExprOp.letRef:
    case ExprOp.bindingRef:
    case ExprOp.selfRef:
    case ExprOp.dynamicAliasRef:
      // A reference to a scope inside the expression itself is not free.
      return e.up >= inner ? e.up - inner : Infinity;
    case ExprOp.value:
    case ExprOp.importRef:
    case ExprOp.builtin:
    case ExprOp.bottom:
    case ExprOp.error:
      return Infinity;
    case ExprOp.selector:
    case ExprOp.unary:
    case ExprOp.bound:
      return exprDepth(e.x, inner);
    case ExprOp.index:
      return Math.min(exprDepth(e.x, inner), exprDepth(e.index, inner));
    case ExprOp.slice:
      return Math.min(exprDepth(e.x, inner), e.low ? exprDepth(e.low, inner) : Infinity, e.high ? exprDepth(e.high, inner) : Infinity);
    case ExprOp.binary:
      return Math.min(exprDepth(e.x, inner), exprDepth(e.y, inner));
    case ExprOp.call:
      return e.args.reduce((m, a) => Math.min(m, exprDepth(a, inner)), exprDepth(e.fun, inner));
    case ExprOp.conjunction:
      return e.terms.reduce((m, t) => Math.min(m, exprDepth(t, inner)), Infinity);
    case ExprOp.disjunction:
      return e.terms.reduce((m, t) => Math.min(m, exprDepth(t.expr, inner)), Infinity);
    case ExprOp.interpolation:
      return e.parts.reduce((m, p) => (typeof p === 'string' ? m : Math.min(m, exprDepth(p, inner))), Infinity);
    case ExprOp.list: {
      let m = e.rest ? exprDepth(e.rest, inner) : Infinity;
      for (const el of e.elems) m = Math.min(m, 'kind' in el && el.kind === DeclKind.comprehension ? comprehensionDepth(el, inner) : exprDepth(el as Expr, inner));
      return m;
    }
    case ExprOp.struct:
      return structDepth(e, inner);
  }
}

/** A struct literal's declarations are compiled one scope in. */
function structDepth(lit: StructLitX, inner: number): number {
  const n = inner + 1;
  let m = Infinity;
  for (const d of lit.decls) {
    switch (d.kind) {
      case DeclKind.field:
        m = Math.min(m, exprDepth(d.value, n));
        break;
      case DeclKind.dynamicField:
        m = Math.min(m, exprDepth(d.key, n), exprDepth(d.value, d.bindsLabel ? n + 1 : n));
        break;
      case DeclKind.pattern:
        m = Math.min(m, exprDepth(d.pattern, n), exprDepth(d.value, d.bindsLabel ? n + 1 : n));
        break;
      case DeclKind.ellipsis:
        if (d.value) m = Math.min(m, exprDepth(d.value, n));
        break;
      case DeclKind.embed:
        m = Math.min(m, exprDepth(d.expr, n));
        break;
      case DeclKind.let:
        m = Math.min(m, exprDepth(d.expr, n));
        break;
      case DeclKind.comprehension:
        m = Math.min(m, comprehensionDepth(d, n));
        break;
    }
  }
  return m;
}

/** Each `for` and `let` clause opens a scope for the clauses after it and for the body. */
function comprehensionDepth(c: ComprehensionDecl, inner: number): number {
  let n = inner;
  let m = Infinity;
  for (const cl of c.clauses) {
    switch (cl.kind) {
      case 'for':
        m = Math.min(m, exprDepth(cl.source, n));
        n++;
        break;
      case 'let':
        m = Math.min(m, exprDepth(cl.expr, n));
        n++;
        break;
      case 'if':
        m = Math.min(m, exprDepth(cl.condition, n));
        break;
    }
  }
  return Math.min(m, structDepth(c.body, n));
}
