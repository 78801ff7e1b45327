// Classes of disagreement between reference CUE v0.4.3 and cue-lite. A disagreement first
// meets the table of known classes (`knownClasses`): places where v0.4.3 predates the pinned
// CUE (cue-lang/cue f356f8f46ced, v0.18.0-alpha.1), each citing the pinned answer (a
// cue/testdata file and line, or a spec section), or where cue-lite deliberately differs. A
// disagreement no known class claims gets a class from its shape alone: which side failed, and
// the kind of the first error message; such classes are cue-lite defects until shown otherwise.

import { isIncomplete } from './compare.mjs';

/** The kind of an error message, for naming classes. */
export function errorKind(message) {
  const m = message.replace(/^[^ ]*: /, '');
  const kinds = [
    [/field not allowed/, 'not-allowed'],
    [/errors? in empty disjunction/, 'empty-disjunction'],
    [/conflicting values/, 'conflict'],
    [/incomplete value|non-concrete|unresolved disjunction/, 'incomplete'],
    [/structural cycle/, 'structural-cycle'],
    [/cycle/, 'cycle'],
    [/out of bound|invalid value/, 'bound'],
    [/not found|undefined field/, 'reference'],
    [/cannot reference optional/, 'optional-reference'],
    [/index/, 'index'],
    [/invalid operand|cannot use|mismatched types/, 'operand'],
    [/division|arithmetic/, 'arithmetic'],
    [/alias|let clause/, 'alias'],
  ];
  for (const [re, kind] of kinds) if (re.test(m)) return kind;
  return 'other';
}

/** The first real error line of a failure, else its first line. */
const first = (o) => (o.kind === 'error' ? o.heads.find((h) => !isIncomplete(h)) ?? o.heads[0] ?? '' : '');

/**
 * The class a disagreement's shape gives. Real (permanent) errors decide the side: an
 * implementation "rejects" a program when it reports a real error, whether the other succeeds
 * or only finds incomplete values (which are reported only when no real error exists).
 */
export function shapeClass(ref, lite) {
  if (lite.kind === 'crash') return `lite-crash/${lite.reason === 'timeout' ? 'timeout' : 'exception'}`;
  if (ref.kind === 'crash') return 'reference-crash';
  if (ref.kind === 'ok' && lite.kind === 'ok') {
    // v0.4.3 prints `-1 * 0` as -0; cue-lite as 0.
    const unsigned = (json) => json.replace(/(?<![\d.])-(0(?:\.0+)?)(?![\d.eE])/g, '$1');
    return unsigned(ref.json) === unsigned(lite.json) ? 'value-differs/negative-zero' : 'value-differs';
  }
  const refReal = realError(ref);
  const liteReal = realError(lite);
  if (refReal && !liteReal) {
    const kind = errorKind(refReal);
    return kind === 'not-allowed' ? 'lite-accepts/closedness-escape' : `lite-accepts/${kind}`;
  }
  if (liteReal && !refReal) return `lite-rejects/${errorKind(liteReal)}`;
  if (refReal && liteReal) return `error-paths-differ/${errorKind(refReal)}`;
  if (ref.kind === 'ok') return 'lite-rejects/incomplete';
  if (lite.kind === 'ok') return 'lite-accepts/incomplete';
  return 'incomplete-paths-differ';
}

/** The first real error line of a failure, if any. */
const realError = (o) => (o.kind === 'error' ? o.heads.find((h) => !isIncomplete(h)) : undefined);

/**
 * Known classes: `test(d)` looks at a disagreement {text, ref, lite} (outcomes from
 * compare.mjs). `pinned` is where the pinned CUE gives its answer; `verdict` says who is right.
 */
export const knownClasses = [
  {
    id: 'v0.4.3/required-fields',
    verdict: 'v0.4.3 outdated',
    what: 'required fields `a!: T` (v0.6): v0.4.3 does not parse them',
    pinned: 'cue/testdata/eval/required.txtar:8 (`a!: int`); doc/ref/spec.md:1114 "Field constraints"',
    test: (d) => /!:/.test(d.text) && d.ref.kind === 'error' && d.ref.heads.some((h) => /expected .*found '!'|expected label/.test(h)),
  },
  {
    id: 'v0.4.3/structcmp',
    verdict: 'v0.4.3 outdated',
    what: '`==`/`!=` on structs and on values of different kinds (structcmp, v0.15): v0.4.3 rejects the operands',
    pinned: 'cue/testdata/basicrewrite/016_comparison.txtar:73 (`{a: {x: 1, y: 2}} == {a: {x: 1, y: 2}}` is true), :162 (`2 == "s"` is false)',
    test: (d) => d.ref.kind === 'error' && d.ref.heads.some((h) => /invalid operands? .* to '(==|!=)'|cannot use .* to '(==|!=)'/.test(h)) && !realError(d.lite),
  },
  {
    id: 'v0.4.3/decimal-precision',
    verdict: 'v0.4.3 outdated',
    what: 'inexact decimal results: 34 significant digits in current CUE (apd), about 24 in v0.4.3',
    pinned: 'cue/testdata/benchmarks/decimal.txtar:15 (`1 / 3` is 0.3333333333333333333333333333333333, line 25)',
    test: (d) => d.ref.kind === 'ok' && d.lite.kind === 'ok' && onlyRoundingDiffers(d.ref.json, d.lite.json),
  },
  {
    id: 'v0.4.3/quotient-trailing-zero',
    verdict: 'v0.4.3 outdated',
    what: 'a whole quotient (`6 / 2`): the pinned CUE keeps one decimal place (3.0), v0.4.3 the ideal exponent (3)',
    pinned: 'cue/testdata/resolve/006_arithmetic.txtar:9 ("conflicting values int and 2.0" for `4.0/2.0`); internal/internal.go reduceKeepingFloats',
    test: (d) =>
      d.ref.kind === 'ok' && d.lite.kind === 'ok' && /\//.test(d.text) && withoutTrailingZeros(d.ref.json) === withoutTrailingZeros(d.lite.json),
  },
  {
    id: 'v0.4.3/default-spoiled',
    verdict: 'v0.4.3 outdated',
    what: 'a default met only by an unmarked term of another marked disjunction (`(_ | *12) & (12 | *4)`): the pinned CUE keeps no default, v0.4.3 picks one',
    pinned: 'cue/testdata/export/015.txtar:6 (`(*1 | 2) & (1 | *2)` is `1 | 2`, out/evalalpha); internal/core/adt/disjunct2.go crossProduct',
    // cue-lite reports only unresolved disjunctions where v0.4.3 had a value, in a program with
    // at least two default marks.
    test: (d) =>
      d.ref.kind === 'ok' &&
      d.lite.kind === 'error' &&
      d.lite.heads.length > 0 &&
      d.lite.heads.every((h) => /incomplete value [^:]*\|/.test(h)) &&
      (d.text.match(/\*/g) ?? []).length >= 2,
  },
  {
    id: 'v0.4.3/default-dropped-per-step',
    verdict: 'v0.4.3 outdated',
    what:
      'a later marked disjunction after the defaults were spoiled (`(*1 | 2) & (_ | *2) & (_ | *2)`): in the pinned CUE a side of one step of the cross product whose defaults all failed counts as unmarked, so the later mark picks 2; v0.4.3 keeps the first default, 1',
    pinned:
      'internal/core/adt/disjunct2.go crossProduct (leftDropsDefault, combineDefault2: a left side with no surviving default is treated as maybeDefault); cue/testdata/disjunctions/specdeviation.txtar (the pinned CUE deviates from the spec\'s U2 on purpose)',
    // Both succeed with the same shape, differing only in scalars, in a program that unifies
    // parenthesized marked disjunctions (at least three marks).
    test: (d) =>
      d.ref.kind === 'ok' &&
      d.lite.kind === 'ok' &&
      (d.text.match(/\*/g) ?? []).length >= 3 &&
      /\)\s*&\s*\(/.test(d.text) &&
      sameShape(d.ref.json, d.lite.json),
  },
];

/** Do two JSON texts have the same structure (keys, nesting), scalars aside? */
export function sameShape(a, b) {
  const scalars = /"(?:[^"\\]|\\.)*"(?!\s*:)|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null/g;
  return a.replace(scalars, '#') === b.replace(scalars, '#');
}

/** A canonical JSON text with each number's trailing fraction zeros (and a bare point) removed. */
export function withoutTrailingZeros(json) {
  return json.replace(/(?<![\w"])(-?\d+)\.(\d*?)0+(?=[eE,\]}]|$)/g, (_, i, f) => (f === '' ? i : `${i}.${f}`));
}

/**
 * Do two canonical JSON texts differ only in long decimals, each of the reference's being the
 * cue-lite one rounded to fewer digits?
 */
export function onlyRoundingDiffers(refJSON, liteJSON) {
  const number = /-?\d+\.\d{12,}/g;
  const a = refJSON.match(number) ?? [];
  const b = liteJSON.match(number) ?? [];
  if (a.length === 0 || a.length !== b.length || refJSON.replace(number, '#') !== liteJSON.replace(number, '#')) return false;
  return a.every((x, i) => {
    const y = b[i];
    if (x === y) return true;
    if (y.length <= x.length) return false;
    // x is y rounded: same digits but the last, which may be one higher.
    const cut = y.slice(0, x.length);
    return cut.slice(0, -1) === x.slice(0, -1) && Math.abs(Number(x.slice(-1)) - Number(cut.slice(-1))) <= 1;
  });
}

/** {id, known, defect, class?} for a disagreement {text, ref, lite}. */
export function classify(d) {
  for (const c of knownClasses) {
    if (c.test(d)) return { id: c.id, known: true, defect: false, class: c };
  }
  const id = shapeClass(d.ref, d.lite);
  return { id, known: false, defect: id !== 'reference-crash' };
}
