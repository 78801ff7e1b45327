/**
 * Operator precedence for printing, and the spacing rule for binary operators.
 *
 * `cue fmt` (like gofmt) drops the blanks around the tighter operators of a mixed expression
 * so that the grouping shows: `1 + 2*3`, `a*b + c`, but `1 * 2 * 3` and, inside an index or
 * an argument list of several arguments, `x[a+1]`, `f(a+1, b)`. The rule: compute a cutoff
 * precedence for each binary expression from the operators it mixes and its nesting depth;
 * operators below the cutoff get blanks.
 */
import type { BinaryExpr, BinaryOp, Expr } from './ast.js';

/** Spec: "Operator precedence": `|` lowest, then `&`, `||`, `&&`, relations, add, multiply. */
export const binaryPrecedence: Record<BinaryOp, number> = {
  '|': 1,
  '&': 2,
  '||': 3,
  '&&': 4,
  '==': 5,
  '!=': 5,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  '=~': 5,
  '!~': 5,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
};

/** Unary operators bind tighter than any binary operator; primaries tighter still. */
export const unaryPrecedence = 8;
export const primaryPrecedence = 9;
const addPrecedence = 6;
const mulPrecedence = 7;

/** The precedence an expression has as an operand (for deciding on parentheses). */
export function exprPrecedence(e: Expr): number {
  switch (e.type) {
    case 'BinaryExpr':
      return binaryPrecedence[e.op];
    case 'UnaryExpr':
      return unaryPrecedence;
    case 'AliasExpr':
      return 0;
    default:
      return primaryPrecedence;
  }
}

interface BinaryMix {
  hasAdd: boolean;
  hasMul: boolean;
  /** Precedence at which blanks are needed so that tokens do not merge (`a + +b`). */
  problem: number;
}

/** What operators a chain mixes, looking only through the operands printed without parentheses. */
function walkBinary(e: BinaryExpr): BinaryMix {
  const prec = binaryPrecedence[e.op];
  const mix: BinaryMix = { hasAdd: prec === addPrecedence, hasMul: prec === mulPrecedence, problem: 0 };
  const merge = (m: BinaryMix) => {
    mix.hasAdd ||= m.hasAdd;
    mix.hasMul ||= m.hasMul;
    mix.problem = Math.max(mix.problem, m.problem);
  };
  if (e.left.type === 'BinaryExpr' && binaryPrecedence[e.left.op] >= prec) merge(walkBinary(e.left));
  const r = e.right;
  if (r.type === 'BinaryExpr' && binaryPrecedence[r.op] > prec) merge(walkBinary(r));
  else if (r.type === 'UnaryExpr' && (e.op + r.op === '++' || e.op + r.op === '--')) {
    // `a+ +b` must not print as `a++b`: force blanks at the add level.
    mix.problem = Math.max(mix.problem, addPrecedence);
  }
  return mix;
}

/**
 * The cutoff for a binary expression at `depth` (1 at the top of a value, more inside
 * indexes, multi-argument calls and interpolations): operators whose precedence is below it
 * are printed with blanks around them.
 */
export function binaryCutoff(e: BinaryExpr, depth: number): number {
  const mix = walkBinary(e);
  if (mix.problem > 0) return mix.problem + 1;
  if (mix.hasAdd && mix.hasMul) return depth === 1 ? mulPrecedence : addPrecedence;
  return depth === 1 ? mulPrecedence + 1 : addPrecedence;
}

/** The depth of the left operand: the same chain continues at the same depth. */
export function leftDepth(left: Expr, prec: number, depth: number): number {
  return left.type === 'BinaryExpr' && binaryPrecedence[left.op] === prec ? depth : depth + 1;
}

/** Inside parentheses the expression reads like one nesting level up. */
export function reduceDepth(depth: number): number {
  return depth > 1 ? depth - 1 : 1;
}

/** Operators that two adjacent tokens could merge into if printed without a blank. */
const mergeable = ['++', '--', '!=', '!~', '<=', '>=', '==', '=~', '<-', '&&', '||', '..', '//'];

/** True when `left` followed directly by `right` would lex differently. */
export function needsBlank(left: string, right: string): boolean {
  if (left === '' || right === '') return false;
  return mergeable.includes(left[left.length - 1]! + right[0]!);
}
