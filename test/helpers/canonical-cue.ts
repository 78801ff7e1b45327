/**
 * CUE text in a canonical form, to compare outputs field order aside: parsed with cue-lite's
 * parser; struct fields sorted by label, strings by their value (`"a\nb"` and a `"""` block
 * are one string), other values by their source text with blanks collapsed. A text that does
 * not parse is returned with a marker, so that it never equals a good one.
 */
import { Source, parseFile } from '../../src/index.js';
import type * as A from '../../src/syntax/ast.js';

export function canonicalCUE(text: string): string {
  const { file, errors } = parseFile(new Source('canonical.cue', text + '\n'));
  if (errors.length > 0) return 'PARSE ERROR: ' + errors[0]!.message + '\n' + text;
  const src = file.span.src.text;
  const leaf = (n: { span: { start: number; end: number } }) => src.slice(n.span.start, n.span.end).replace(/\s+/g, ' ');
  const value = (e: A.Expr): string => {
    if (e.type === 'BasicLit' && e.kind === 'string') return JSON.stringify(e.value);
    if (e.type === 'StructLit') return struct(e.decls);
    if (e.type === 'ListLit') return '[' + e.elts.map((x) => (x.type === 'Ellipsis' || x.type === 'Comprehension' ? leaf(x) : value(x))).join(', ') + ']';
    return leaf(e);
  };
  const struct = (decls: readonly A.Declaration[]): string => {
    const fields = decls.map((d) => {
      if (d.type === 'Field') {
        const l = d.label;
        const name = l.type === 'Ident' ? l.name : l.type === 'BasicLit' ? JSON.stringify(l.value) : leaf(l);
        return `${name}${d.constraint === 'optional' ? '?' : d.constraint === 'required' ? '!' : ''}: ${value(d.value)}`;
      }
      if (d.type === 'EmbedDecl') return value(d.expr);
      return leaf(d);
    });
    return '{' + fields.sort().join(', ') + '}';
  };
  return struct(file.decls);
}
