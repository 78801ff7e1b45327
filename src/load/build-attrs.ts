/**
 * Build attributes: a file's attributes before its package clause decide whether it is part
 * of its package. `@ignore()` leaves it out; `@if(expr)` keeps it when `expr` holds, where
 * `expr` is made of tag names (true when given as `-t name`), `!`, `&&`, `||` and parentheses
 * (CUE's internal/buildattr). Two `@if` in one file are an error.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { Source } from '../source/index.js';
import type * as A from '../syntax/ast.js';
import { parseExpr } from '../syntax/index.js';

export type BuildDecision = { include: true } | { include: false; reason: string } | { include: false; error: CueError };

export function shouldBuildFile(f: A.File, tagIsSet: (name: string) => boolean): BuildDecision {
  let ifAttr: A.Attribute | undefined;
  for (const a of f.attrs) {
    if (a.name === 'ignore') return { include: false, reason: '@ignore() attribute found' };
    if (a.name !== 'if') continue;
    if (ifAttr) {
      return { include: false, error: new CueError(ErrorCode.compile, 'multiple @if attributes', [], [a.span, ifAttr.span]) };
    }
    ifAttr = a;
  }
  if (!ifAttr) return { include: true };
  const parsed = parseExpr(new Source(ifAttr.span.src.name, ifAttr.text));
  if (!parsed.expr || parsed.errors.length > 0) {
    return { include: false, error: new CueError(ErrorCode.compile, `invalid build attribute @if(${ifAttr.text})`, [], [ifAttr.span]) };
  }
  const r = evalCondition(parsed.expr, tagIsSet);
  if (typeof r === 'string') return { include: false, error: new CueError(ErrorCode.compile, r, [], [ifAttr.span]) };
  return r ? { include: true } : { include: false, reason: `@if(${ifAttr.text}) did not match` };
}

function evalCondition(e: A.Expr, tagIsSet: (name: string) => boolean): boolean | string {
  switch (e.type) {
    case 'Ident':
      return tagIsSet(e.name);
    case 'ParenExpr':
      return evalCondition(e.expr, tagIsSet);
    case 'UnaryExpr': {
      if (e.op !== '!') return `invalid operator ${e.op} in build attribute`;
      const v = evalCondition(e.expr, tagIsSet);
      return typeof v === 'string' ? v : !v;
    }
    case 'BinaryExpr': {
      if (e.op !== '&&' && e.op !== '||') return `invalid operator ${e.op} in build attribute`;
      // Both sides are evaluated, as CUE does: every tag named counts as used.
      const a = evalCondition(e.left, tagIsSet);
      const b = evalCondition(e.right, tagIsSet);
      if (typeof a === 'string') return a;
      if (typeof b === 'string') return b;
      return e.op === '&&' ? a && b : a || b;
    }
    default:
      return `invalid expression in build attribute (only tag names, !, && and || are allowed)`;
  }
}
