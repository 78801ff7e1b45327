/**
 * Default marks through a cross product of disjunctions, as CUE's evaluator tracks them
 * (internal/core/adt/disjunct2.go crossProduct, disjunct.go defaultMode).
 *
 * Every disjunct carries a mode: `is` (it came from marked terms), `not` (it came from an
 * unmarked term of a marked disjunction) or `maybe` (no marks were involved). Unifying two
 * disjuncts keeps the stronger mode (maybe < is < not: an unmarked term of a marked
 * disjunction spoils the default). When, in one step of the product, no result survives from
 * a default on one side, that side's marks are forgotten (treated as maybe): the spec's "if
 * all the marked disjuncts of a marked disjunction are eliminated, the remaining unmarked
 * disjuncts are considered as if they originated from an unmarked disjunction", applied per
 * step. The disjuncts whose final mode is `is` are the defaults.
 */

export const enum DefaultMode {
  maybe = 0,
  is = 1,
  not = 2,
}

/** The mode of a term: whether its disjunction has marks, and whether the term is marked. */
export function termMode(hasDefaults: boolean, marked: boolean): DefaultMode {
  if (!hasDefaults) return DefaultMode.maybe;
  return marked ? DefaultMode.is : DefaultMode.not;
}

/** The mode of a unification of two disjuncts (CUE's combineDefault). */
export function combineDefault(a: DefaultMode, b: DefaultMode): DefaultMode {
  return a > b ? a : b;
}

/** As combineDefault, with the marks of a side whose defaults were all eliminated forgotten. */
export function combineDefault2(a: DefaultMode, b: DefaultMode, dropsA: boolean, dropsB: boolean): DefaultMode {
  return combineDefault(dropsA ? DefaultMode.maybe : a, dropsB ? DefaultMode.maybe : b);
}

/** A result of one step: from a left disjunct (its mode, and the mode of the term it last took) and a term. */
export interface StepPair {
  readonly leftMode: DefaultMode;
  readonly leftOrig: DefaultMode;
  readonly termMode: DefaultMode;
}

/**
 * Whether the left side and the right side of one step of the product dropped their
 * defaults: no surviving result came from a left disjunct that is (or last took) a default,
 * or from a marked term.
 */
export function stepDrops(pairs: readonly StepPair[]): { left: boolean; right: boolean } {
  let left = true;
  let right = true;
  for (const p of pairs) {
    if (p.leftMode === DefaultMode.is || p.leftOrig === DefaultMode.is) left = false;
    if (p.termMode === DefaultMode.is) right = false;
  }
  return { left, right };
}
