/**
 * `-s` / `--simplify`, as cue's formatter simplifies (cue/format, `inlineField`): a field whose
 * value is a struct of exactly one field is written `a: b: c` instead of `a: {b: c}`, unless
 * a doc comment or an attribute would be lost (the outer field's doc comment, the inner
 * field's doc comment, either field's attributes, or a comment inside the braces).
 *
 * Returns a new tree; the input is not changed. Used by `trim -s`, `import` and `def`.
 */
import type { Declaration, Expr, Field, File, StructLit } from './ast.js';

export function simplifyFile(file: File): File {
  return { ...file, decls: file.decls.map((d) => simplifyNode(d) as Declaration) };
}

function simplifyNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplifyNode);
  if (!node || typeof node !== 'object') return node;
  const n = node as { type?: string };
  if (n.type === 'Comment' || n.type === undefined) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'span' || k === 'comments' || k === 'trailingComments' ? v : simplifyNode(v);
  if (n.type === 'Field') {
    const f = out as unknown as Field;
    if (canInline(f)) (out as { value: Expr }).value = { ...(f.value as StructLit), shorthand: true, inline: true };
  }
  return out;
}

function canInline(f: Field): boolean {
  const v = f.value;
  if (v.type !== 'StructLit' || v.decls.length !== 1 || f.attrs.length > 0) return false;
  if ((v.trailingComments?.length ?? 0) > 0 || (v.comments?.inner?.length ?? 0) > 0) return false;
  if (!v.shorthand && (f.comments?.doc?.length ?? 0) > 0) return false;
  const inner = v.decls[0]!;
  if (inner.type !== 'Field' || inner.attrs.length > 0) return false;
  return (inner.comments?.doc?.length ?? 0) === 0;
}
