// The comparison the tutorial checks use: CUE text (an `eval` output) reduced to a canonical
// one-line form in which struct fields are sorted, strings compared by value (`"a\nb"` and a
// `"""` block are the same string) and other leaves by their text, so that two outputs compare
// equal "field order aside". Used by check-kubernetes-tutorial.mjs and check-kubernetes-readme.mjs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parseFile, Source } = await import(path.join(root, 'dist/lib/index.js'));

/** One instance's text in canonical form (or `PARSE ERROR: ...`). */
export function canonical(text) {
  const { file, errors } = parseFile(new Source('x.cue', text + '\n'));
  if (errors.length > 0) return 'PARSE ERROR: ' + errors[0].message;
  const src = file.span.src.text;
  const leaf = (e) => src.slice(e.span.start, e.span.end).replace(/\s+/g, ' ');
  const value = (e) => {
    if (e.type === 'StructLit') return struct(e.decls);
    if (e.type === 'BasicLit' && e.kind === 'string') return JSON.stringify(e.value);
    if (e.type === 'ListLit') return '[' + e.elts.map((x) => (x.type === 'Ellipsis' || x.type === 'Comprehension' ? leaf(x) : value(x))).join(', ') + ']';
    return leaf(e);
  };
  const struct = (decls) => {
    const fields = decls.map((d) => {
      if (d.type === 'Field') {
        const l = d.label;
        const name = l.type === 'Ident' ? l.name : l.type === 'BasicLit' ? JSON.stringify(l.value) : leaf(l);
        return `${name}${d.constraint === 'optional' ? '?' : ''}: ${value(d.value)}`;
      }
      if (d.type === 'EmbedDecl') return value(d.expr);
      return leaf(d);
    });
    return '{' + fields.sort().join(', ') + '}';
  };
  return struct(file.decls);
}

/** Several instances as `eval ./...` prints them (separated by `// ---`), each canonical. */
export function canonicalInstances(text) {
  return text.split(/^\/\/ ---\n/m).map(canonical).join('\n---\n');
}
