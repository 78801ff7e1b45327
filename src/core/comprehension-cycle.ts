/**
 * Cycles through comprehensions (CUE's comprehension.go pushdown and the postChecks of
 * unify.go).
 *
 * A struct's comprehensions announce the fields they may add: the static labels of their
 * bodies (CUE inserts them as pending arcs before the conditions are known). A lookup of such
 * a field while a comprehension that may add it has not finished cannot be answered yet: it
 * is a cycle error, "cyclic reference to field x" (unify.go, ArcPending). A comprehension
 * that meets it waits and is run again; one that keeps meeting it (its condition depends on
 * the fields it adds, `a: {if a.b == _|_ {b: 1}}`) ends with that error.
 *
 * A comparison with bottom (`x == _|_`) inside a struct being evaluated is looked at again
 * once the struct is complete: if its outcome changed (a field found missing was added after
 * all), that is a cycle error, "circular dependency in evaluation of conditionals" (CUE's
 * verifyNonMonotonicResult, checked in unify.go).
 */
import { ErrorCode } from '../errors/index.js';
import { ArcMember, type ComprehensionDecl, DeclKind, type Expr, ExprOp, type StructLitX } from './adt.js';
import { type BottomInfo, bottomInfo } from './bottom.js';
import type { Environment } from './env.js';
import { type Label, labelPathText } from './label.js';
import type { NodeState, PendingComprehension } from './node-state.js';
import { Bottom } from './value.js';
import type { Span } from '../source/index.js';

/** Where a struct's comprehension is: not run yet, running, waiting to be run again, or done. */
export const ComprehensionRun = { ready: 0, running: 1, waiting: 2, done: 3 } as const;
export type ComprehensionRun = (typeof ComprehensionRun)[keyof typeof ComprehensionRun];

const yieldsCache = new WeakMap<ComprehensionDecl, ReadonlySet<Label>>();

/**
 * The regular fields a comprehension may add, by their static labels: its body's, and those of
 * the comprehensions and struct literals its body embeds. Dynamic labels are not known ahead.
 */
export function yieldedLabels(decl: ComprehensionDecl): ReadonlySet<Label> {
  let set = yieldsCache.get(decl);
  if (!set) {
    const out = new Set<Label>();
    collect(decl.body, out, 0);
    if (decl.otherwise) collect(decl.otherwise, out, 0);
    yieldsCache.set(decl, (set = out));
  }
  return set;
}

function collect(lit: StructLitX, out: Set<Label>, depth: number): void {
  if (depth > 16) return;
  for (const d of lit.decls) {
    switch (d.kind) {
      case DeclKind.field:
        if (d.arcType === ArcMember) out.add(d.label);
        break;
      case DeclKind.comprehension:
        collect(d.body, out, depth + 1);
        if (d.otherwise) collect(d.otherwise, out, depth + 1);
        break;
      case DeclKind.embed:
        if (d.expr.op === ExprOp.struct) collect(d.expr, out, depth + 1);
        break;
    }
  }
}

/**
 * Whether a comprehension may add the regular field at `path` below its struct: `[a]` for
 * `a: 1`, `[a, b]` for `a: b: 1` (CUE pushes the comprehension down into `a` as a pending arc
 * `b`), through embedded literals and nested comprehensions.
 */
export function yieldsPath(decl: ComprehensionDecl, path: readonly Label[]): boolean {
  if (path.length === 1) return yieldedLabels(decl).has(path[0]!);
  return litYields(decl.body, path, 0, 0) || (decl.otherwise !== undefined && litYields(decl.otherwise, path, 0, 0));
}

/**
 * The first regular field a comprehension adds inside its struct's field `label` (`b` for
 * `if c {a: b: 1}` and `a`), or null: CUE pushes it down into that field as a pending arc.
 */
export function pushedDownLabel(decl: ComprehensionDecl, label: Label): Label | null {
  return firstBelow(decl.body, label, 0) ?? (decl.otherwise ? firstBelow(decl.otherwise, label, 0) : null);
}

function firstBelow(lit: StructLitX, label: Label, depth: number): Label | null {
  if (depth > 16) return null;
  for (const d of lit.decls) {
    let r: Label | null = null;
    if (d.kind === DeclKind.field && d.label === label && d.value.op === ExprOp.struct) {
      const inner = new Set<Label>();
      collect(d.value, inner, depth + 1);
      const first = inner.values().next();
      if (!first.done) r = first.value;
    } else if (d.kind === DeclKind.comprehension) r = firstBelow(d.body, label, depth + 1) ?? (d.otherwise ? firstBelow(d.otherwise, label, depth + 1) : null);
    else if (d.kind === DeclKind.embed && d.expr.op === ExprOp.struct) r = firstBelow(d.expr, label, depth + 1);
    if (r !== null) return r;
  }
  return null;
}

/**
 * Whether a comprehension may add a regular field inside the field at `path` below its struct
 * (`if c {a: b: z: 1}` adds inside `[a]` and `[a, b]`): CUE's pending arcs pushed down that far.
 */
export function addsInside(decl: ComprehensionDecl, path: readonly Label[]): boolean {
  // The fields it adds at its own level, known once, rule out most comprehensions at once.
  if (path.length > 0 && !yieldedLabels(decl).has(path[0]!)) return false;
  return litAddsInside(decl.body, path, 0, 0);
}

function litAddsInside(lit: StructLitX, path: readonly Label[], i: number, depth: number): boolean {
  if (depth > 16) return false;
  if (i === path.length) {
    const inner = new Set<Label>();
    collect(lit, inner, depth);
    return inner.size > 0;
  }
  for (const d of lit.decls) {
    if (d.kind === DeclKind.field) {
      if (d.label === path[i] && d.value.op === ExprOp.struct && litAddsInside(d.value, path, i + 1, depth + 1)) return true;
    } else if (d.kind === DeclKind.comprehension) {
      if (litAddsInside(d.body, path, i, depth + 1)) return true;
    } else if (d.kind === DeclKind.embed && d.expr.op === ExprOp.struct) {
      if (litAddsInside(d.expr, path, i, depth + 1)) return true;
    }
  }
  return false;
}

function litYields(lit: StructLitX, path: readonly Label[], i: number, depth: number): boolean {
  if (depth > 16) return false;
  for (const d of lit.decls) {
    switch (d.kind) {
      case DeclKind.field:
        if (d.label !== path[i]) break;
        if (i === path.length - 1) {
          if (d.arcType === ArcMember) return true;
        } else if (d.value.op === ExprOp.struct && litYields(d.value, path, i + 1, depth + 1)) return true;
        break;
      case DeclKind.comprehension:
        if (litYields(d.body, path, i, depth + 1)) return true;
        if (d.otherwise && litYields(d.otherwise, path, i, depth + 1)) return true;
        break;
      case DeclKind.embed:
        if (d.expr.op === ExprOp.struct && litYields(d.expr, path, i, depth + 1)) return true;
        break;
    }
  }
  return false;
}

/**
 * The error for a lookup of the field at `path` below the vertex whose state is `s` (`[x]`: its
 * own field x; `[a, x]`: field x of its field a), when a comprehension of it that may still add
 * the field as a regular one has not finished; null when none may. `exists`: the field is
 * there already, as an optional or required one.
 *
 * While the comprehension runs, a missing field is a cycle: its own condition asks for it. One
 * that has not run yet or waits may still add it: the lookup waits too (the same error, which
 * makes a comparison with bottom wait), until the vertex's last pass (`s.lastPass`), when
 * nothing else can progress and the lookup is answered as things are; except for a field not
 * there at all when the two wait for each other (the running one waited for the other's
 * field, which waited for the running one's): CUE runs the other from inside the lookup, which
 * finds the first still running, and the lookup of the pending arc ends in "cyclic reference
 * to field x" (nestedChain.doubleAddfail). An optional field there already is answered as it
 * is, and a changed outcome is found after (sameStruct.cycleFail.t1).
 */
export function pendingFieldError(s: NodeState, path: readonly Label[], exists: boolean, src: Span | undefined): Bottom | null {
  for (const pc of s.allComprehensions) {
    if (pc.run === ComprehensionRun.done) continue;
    if (pc.run === ComprehensionRun.running) {
      if (exists) continue;
    } else if (s.lastPass && (exists || !waitsForRunning(s, pc))) continue;
    if (!yieldsPath(pc.decl, path)) continue;
    if (pc.run !== ComprehensionRun.running) {
      for (const r of s.allComprehensions) if (r.run === ComprehensionRun.running && r !== pc) (r.blockedBy ??= new Set()).add(pc);
    }
    const err = cyclicFieldError(path[path.length - 1]!, src);
    if (pc.run === ComprehensionRun.running) s.ownFieldCycle = err.info;
    return err;
  }
  return null;
}

/** Whether `pc` waited for a field that a comprehension of `s` now running may add. */
function waitsForRunning(s: NodeState, pc: PendingComprehension): boolean {
  if (!pc.blockedBy) return false;
  for (const r of pc.blockedBy) if (r.run === ComprehensionRun.running) return true;
  return false;
}

/** A lookup of a field that a comprehension waiting on a cycle may still add. */
export function cyclicFieldError(label: Label, src: Span | undefined): Bottom {
  return new Bottom(bottomInfo(ErrorCode.cycle, `cyclic reference to field ${labelPathText(label)}`, [src]));
}

/** A comparison with bottom to look at again when its struct is complete. */
export interface PostCheck {
  readonly env: Environment;
  readonly expr: Expr;
  /** Whether the operand was an error (incomplete) when the comparison was made. */
  readonly expectError: boolean;
}

/** The error of a comparison with bottom whose outcome changed. */
export function changedConditionError(src: Span | undefined, text: string): BottomInfo {
  return bottomInfo(ErrorCode.cycle, `circular dependency in evaluation of conditionals: ${text} changed after evaluation`, [src]);
}
