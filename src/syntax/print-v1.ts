/**
 * Decisions of cue's pre-v2 printer (`CUE_EXPERIMENT=formatv2=0`; cue/format node.go and
 * printer.go, the formatter of cue up to v0.17) that differ from the formatv2 printer the rest
 * of printer*.ts follows. `PrintOptions.formatV1` switches them on; the switches sit where each
 * rule applies (`this.v1` in printer.ts, `formatV1` in print-layout.ts: tab writer columns,
 * lists and index brackets as written, `)` and `}` placement, chains, continuation indents).
 */
import type { Declaration, Expr } from './ast.js';
import { isDefinitionName } from './names.js';
import { childNodes, startsOnNewLine } from './print-relpos.js';

/**
 * Whether a field with this value is printed unaligned and ends its alignment section (the v1
 * printer's nextNeedsFormfeed): the value is, or has as an operand, a struct, a list or a
 * string literal spanning lines. An interpolation is not a literal there and does not count.
 */
export function breaksAlignmentV1(e: Expr): boolean {
  switch (e.type) {
    case 'StructLit':
    case 'ListLit':
      return true;
    case 'BasicLit':
      return e.raw.includes('\n');
    case 'ParenExpr':
    case 'UnaryExpr':
      return breaksAlignmentV1(e.expr);
    case 'BinaryExpr':
      return breaksAlignmentV1(e.left) || breaksAlignmentV1(e.right);
    case 'IndexExpr':
    case 'SelectorExpr':
      return breaksAlignmentV1(e.expr);
    case 'CallExpr':
      return e.args.some(breaksAlignmentV1);
    default:
      return false;
  }
}

/**
 * Whether the pre-v2 printer puts a blank line between two declarations of a struct or file
 * whatever the source: the second has comments attached (doc, line, inside, or the block's
 * trailing comments, which cue attaches to its last declaration) and the first is not a
 * regular field (a definition, an embedding, a let, a comprehension, ...).
 */
export function sectionBeforeV1(prev: Declaration, d: Declaration, takesTrailing: boolean): boolean {
  const c = (d as { comments?: { doc?: unknown[]; line?: unknown; inner?: unknown[] } }).comments;
  const commented = takesTrailing || (c?.doc?.length ?? 0) > 0 || c?.line !== undefined || (c?.inner?.length ?? 0) > 0;
  if (!commented) return false;
  if (prev.type !== 'Field') return true;
  return prev.label.type === 'Ident' && isDefinitionName(prev.label.name);
}

/**
 * Whether a value printed over several lines has a line break after a binary operator, where
 * the pre-v2 printer writes a form feed: the alignment run ends there (layoutRows `endsRun`).
 * A single-line string's interpolations print on one line and do not count.
 */
export function lineBreakInBinaryV1(n: object): boolean {
  const node = n as { type: string; right?: object; raw?: string };
  if (node.type === 'Interpolation' && !(node.raw ?? '').includes('\n')) return false;
  if (node.type === 'BinaryExpr' && node.right !== undefined && startsOnNewLine(node.right)) return true;
  return childNodes(n).some(lineBreakInBinaryV1);
}
