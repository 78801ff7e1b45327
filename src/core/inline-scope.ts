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
import { DeclKind, type ComprehensionDecl, type DynamicFieldDecl, type Expr, ExprOp, type StructLitX } from './adt.js';
import type { Environment } from './env.js';
import type { Label } from './label.js';
import type { Vertex } from './vertex.js';

/** The environment the helper of the inline expression `e`, evaluated in `env`, belongs to. */
export function inlineScope(e: Expr, env: Environment): Environment {
  const up = freeDepth(e);
  let scope = env;
  for (let i = 0; (up === Infinity || i < up) && scope.up; i++) scope = scope.up;
  return scope;
}

/** A reference of an expression to a scope outside it: how many scopes out, and what it names. */
export interface FreeRef {
  readonly up: number;
  /** The field or let named there; null for the scope's struct itself (`X=[string]: ...`) or a binding. */
  readonly label: Label | null;
  readonly binding: boolean;
  /** The reference itself (its name and place in the source). */
  readonly ref: Expr;
}

const cache = new WeakMap<Expr, readonly FreeRef[]>();

/** The references of `e` to scopes outside it, each with its depth relative to `e`'s scope. */
export function freeRefs(e: Expr): readonly FreeRef[] {
  let refs = cache.get(e);
  if (refs === undefined) {
    const out: FreeRef[] = [];
    exprRefs(e, 0, out);
    refs = out;
    cache.set(e, refs);
  }
  return refs;
}

/**
 * The free references of a comprehension or dynamic field as a declaration of the struct it
 * stands in (evaluated in that struct's environment).
 */
export function declFreeRefs(d: ComprehensionDecl | DynamicFieldDecl): FreeRef[] {
  const out: FreeRef[] = [];
  if (d.kind === DeclKind.comprehension) comprehensionRefs(d, 0, out);
  else {
    exprRefs(d.key, 0, out);
    exprRefs(d.value, d.bindsLabel ? 1 : 0, out);
  }
  return out;
}

/** The fewest scopes any free reference in `e` climbs (Infinity: no free reference). */
export function freeDepth(e: Expr): number {
  let d = Infinity;
  for (const r of freeRefs(e)) if (r.up < d) d = r.up;
  return d;
}

/**
 * Whether `e`, evaluated in `env`, may read vertex `v` or something below it through a free
 * reference: a field or let of `v` itself, the field of an ancestor on the way to `v`, or the
 * struct of `v` or of an ancestor (`this={...}`). Bindings hold values already made.
 */
export function readsInto(e: Expr, env: Environment, v: Vertex): boolean {
  for (const r of freeRefs(e)) {
    if (r.binding) continue;
    const a = env.outer(r.up)?.vertex;
    if (!a) continue;
    if (a === v) return true;
    let child: Vertex | null = v;
    while (child && child.parent !== a) child = child.parent;
    if (child === null) continue;
    if (r.label === null || child.label === r.label) return true;
  }
  return false;
}

/** Collects the free references of `e`, compiled `inner` scopes inside the scope they are relative to. */
function exprRefs(e: Expr, inner: number, out: FreeRef[]): void {
  switch (e.op) {
    case ExprOp.fieldRef:
    case ExprOp.letRef:
      // A reference to a scope inside the expression itself is not free.
      if (e.up >= inner) out.push({ up: e.up - inner, label: e.label, binding: false, ref: e });
      return;
    case ExprOp.selfRef:
      if (e.up >= inner) out.push({ up: e.up - inner, label: null, binding: false, ref: e });
      return;
    case ExprOp.bindingRef:
    case ExprOp.dynamicAliasRef:
      if (e.up >= inner) out.push({ up: e.up - inner, label: null, binding: e.op === ExprOp.bindingRef, ref: e });
      return;
    case ExprOp.value:
    case ExprOp.importRef:
    case ExprOp.builtin:
    case ExprOp.bottom:
    case ExprOp.error:
      return;
    case ExprOp.selector:
    case ExprOp.unary:
    case ExprOp.bound:
      exprRefs(e.x, inner, out);
      return;
    case ExprOp.index:
      exprRefs(e.x, inner, out);
      exprRefs(e.index, inner, out);
      return;
    case ExprOp.slice:
      exprRefs(e.x, inner, out);
      if (e.low) exprRefs(e.low, inner, out);
      if (e.high) exprRefs(e.high, inner, out);
      return;
    case ExprOp.binary:
      exprRefs(e.x, inner, out);
      exprRefs(e.y, inner, out);
      return;
    case ExprOp.call:
      exprRefs(e.fun, inner, out);
      for (const a of e.args) exprRefs(a, inner, out);
      return;
    case ExprOp.conjunction:
      for (const t of e.terms) exprRefs(t, inner, out);
      return;
    case ExprOp.disjunction:
      for (const t of e.terms) exprRefs(t.expr, inner, out);
      return;
    case ExprOp.interpolation:
      for (const p of e.parts) if (typeof p !== 'string') exprRefs(p, inner, out);
      return;
    case ExprOp.list:
      if (e.rest) exprRefs(e.rest, inner, out);
      for (const el of e.elems) {
        if ('kind' in el && el.kind === DeclKind.comprehension) comprehensionRefs(el, inner, out);
        else exprRefs(el as Expr, inner, out);
      }
      return;
    case ExprOp.struct:
      structRefs(e, inner, out);
      return;
  }
}

/** A struct literal's declarations are compiled one scope in. */
function structRefs(lit: StructLitX, inner: number, out: FreeRef[]): void {
  const n = inner + 1;
  for (const d of lit.decls) {
    switch (d.kind) {
      case DeclKind.field:
        exprRefs(d.value, n, out);
        break;
      case DeclKind.dynamicField:
        exprRefs(d.key, n, out);
        exprRefs(d.value, d.bindsLabel ? n + 1 : n, out);
        break;
      case DeclKind.pattern:
        exprRefs(d.pattern, n, out);
        exprRefs(d.value, d.bindsLabel ? n + 1 : n, out);
        break;
      case DeclKind.ellipsis:
        if (d.value) exprRefs(d.value, n, out);
        break;
      case DeclKind.embed:
        exprRefs(d.expr, n, out);
        break;
      case DeclKind.let:
        exprRefs(d.expr, n, out);
        break;
      case DeclKind.comprehension:
        comprehensionRefs(d, n, out);
        break;
    }
  }
}

/** Each `for` and `let` clause opens a scope for the clauses after it and for the body. */
function comprehensionRefs(c: ComprehensionDecl, inner: number, out: FreeRef[]): void {
  let n = inner;
  for (const cl of c.clauses) {
    switch (cl.kind) {
      case 'for':
        exprRefs(cl.source, n, out);
        n++;
        break;
      case 'let':
        exprRefs(cl.expr, n, out);
        n++;
        break;
      case 'if':
        exprRefs(cl.condition, n, out);
        break;
      case 'try':
        if (cl.expr) {
          exprRefs(cl.expr, n, out);
          n++;
        }
        break;
    }
  }
  structRefs(c.body, n, out);
  if (c.otherwise) structRefs(c.otherwise, inner, out);
}
