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
import type { NodeState } from './node-state.js';
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
        break;
      case DeclKind.embed:
        if (d.expr.op === ExprOp.struct) collect(d.expr, out, depth + 1);
        break;
    }
  }
}

/**
 * The error for a lookup of `label` in the vertex whose state is `s`, when a comprehension of
 * it that may still add the field as a regular one has not finished; null when none may.
 * `exists`: the field is there already, as an optional or required one.
 *
 * While the comprehension runs, a missing field is a cycle: its own condition asks for it. One
 * that has not run yet or waits may still add it: the lookup waits too (the same error, which
 * makes a comparison with bottom wait), until the vertex's last pass (`s.lastPass`), when
 * nothing else can progress and the lookup is answered as things are.
 */
export function pendingFieldError(s: NodeState, label: Label, exists: boolean, src: Span | undefined): Bottom | null {
  for (const pc of s.allComprehensions) {
    if (pc.run === ComprehensionRun.done) continue;
    if (pc.run === ComprehensionRun.running ? exists : s.lastPass) continue;
    if (!yieldedLabels(pc.decl).has(label)) continue;
    return cyclicFieldError(label, src);
  }
  return null;
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
