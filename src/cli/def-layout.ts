/**
 * `cue def` prints its instance through cue's exporter, not as the files were written: the
 * declarations lose their source lines (no blank line between them), a field keeps its doc
 * comment but not its line comment, and comments that document nothing (a blank line between
 * them and the next declaration) are dropped, except before the file's first declaration,
 * where they are the file's own comments (def_comments.txtar, def_basic.txtar,
 * def_issue2251.txtar of the pinned CUE). A doc comment above a field chain documents its last
 * field (`// d` `a: b: {...}` prints as `a: {` `// d` `b: {...}}`, as cue/ast's
 * DocComments resolves it).
 *
 * A documented field after another declaration starts a section (a blank line before it), as
 * the exporter lays it out (def_inline.txtar).
 *
 * `asExported` rewrites the merged file that way before it is simplified and printed.
 */
import type * as A from '../syntax/ast.js';
/** A node's source span (the type is the AST's own). */
type Span = A.Field['span'];

export function asExported(file: A.File): A.File {
  return { ...file, decls: declList(file.decls, true) };
}

function declList(decls: A.Declaration[], fileLevel: boolean): A.Declaration[] {
  return decls.map((d, i) => {
    const out = declaration(d, fileLevel && i === 0);
    // cue's exporter starts a new section (a blank line) at a documented field.
    if (i > 0 && out.type === 'Field' && (out.comments?.doc?.length ?? 0) > 0) return { ...out, sectionStart: true };
    return out;
  });
}

function declaration(d: A.Declaration, keepDetached: boolean): A.Declaration {
  let comments = d.comments ? { ...d.comments } : undefined;
  if (comments) {
    delete comments.line;
    delete comments.inner;
    if (!keepDetached && comments.doc) comments.doc = attachedDoc(comments.doc, d);
    if ((comments.doc?.length ?? 0) === 0) comments = undefined;
  }
  let out = { ...d, span: noLines(d.span) } as A.Declaration;
  if (comments) out.comments = comments;
  else delete out.comments;
  if (out.type === 'Field') out = { ...out, value: expr(out.value) };
  else if (out.type === 'EmbedDecl') out = { ...out, expr: expr(out.expr) };
  if (out.type === 'Field' && out.comments?.doc && out.value.type === 'StructLit' && out.value.shorthand) out = docToLeaf(out);
  return out;
}

/** Struct literals inside a value: their declarations lose their lines and comments too. */
function expr(e: A.Expr): A.Expr {
  // The exporter's structs have no layout either: one declaration per line.
  if (e.type === 'StructLit') return { ...e, span: e.shorthand ? e.span : noLines(e.span), decls: declList(e.decls, false) };
  return e;
}

/** The doc comments directly above a declaration (no blank line between them and it). */
function attachedDoc(doc: A.Comment[], d: A.Declaration): A.Comment[] {
  const line = (s: Span) => s.src.position(s.start).line;
  const endLine = (s: Span) => s.src.position(Math.max(s.start, s.end - 1)).line;
  let first = doc.length;
  let next = line(d.span);
  while (first > 0 && endLine(doc[first - 1]!.span) >= next - 1) {
    first--;
    next = line(doc[first]!.span);
  }
  return doc.slice(first);
}

/** `// d` `a: b: c: {...}`: the comment moves to `c`, whose parent struct gets braces. */
function docToLeaf(f: A.Field): A.Field {
  const doc = f.comments!.doc!;
  const chain: A.Field[] = [f];
  for (;;) {
    const v = chain[chain.length - 1]!.value;
    if (v.type !== 'StructLit' || !v.shorthand || v.decls.length !== 1) break;
    const inner = v.decls[0]!;
    if (inner.type !== 'Field' || !(inner.label.type === 'Ident' || (inner.label.type === 'BasicLit' && inner.label.kind === 'string'))) break;
    chain.push(inner);
  }
  if (chain.length < 2) return f;
  let leaf: A.Field = { ...chain[chain.length - 1]!, comments: { ...chain[chain.length - 1]!.comments, doc } };
  for (let i = chain.length - 2; i >= 0; i--) {
    const parent = chain[i]!;
    const v = parent.value as A.StructLit;
    const braced = i === chain.length - 2;
    const value: A.StructLit = { ...v, decls: [leaf], shorthand: braced ? false : v.shorthand, span: noLines(v.span) };
    leaf = { ...parent, value };
    if (i === 0) delete leaf.comments;
  }
  return leaf;
}

/** A span without lines (start = end): the printer reads no layout from it. */
function noLines(s: Span): Span {
  return { ...s, end: s.start };
}
