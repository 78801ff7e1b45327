/**
 * A compact, deterministic S-expression dump of an AST without spans, for golden tests and
 * debugging. Declarations of files and structs go one per line; expressions stay inline.
 *
 *   (field a 1)  (field a? int)  (field X=a! int @go(x))  (field (dyn (+ k "x")) 1)
 *   (field (pattern N=string) (struct ...))  (embed x)  (let x 1)  (... int)
 *   (comprehension (for k v src) (if c) (let y 1) (struct ...))
 *   "decoded string"  (bytes "\xff")  (interp "a" x "b")  (+ a b)  (- x)  (sel a b)
 *   (index a 0)  (slice a 1 ())  (call f x)  (alias X e)  (paren e)
 * Comments appear as `(doc ...)`, `(line ...)`, `(inner ...)` and `(trailing ...)`.
 */
import type * as A from './ast.js';

export function dumpFile(f: A.File): string {
  const lines: string[] = ['(file'];
  for (const a of f.attrs) lines.push('  ' + withComments(attr(a), a.comments));
  if (f.package) lines.push('  ' + withComments(`(package ${f.package.name.name})`, f.package.comments));
  for (const i of f.imports) lines.push('  ' + withComments(importDecl(i), i.comments));
  for (const d of f.decls) lines.push(decl(d, 1));
  if (f.trailingComments?.length) lines.push('  ' + commentList('trailing', f.trailingComments));
  return lines.join('\n') + ')\n';
}

export function dumpExpr(e: A.Expr): string {
  return expr(e, 0);
}

function q(s: string): string {
  return JSON.stringify(s);
}

function commentList(kind: string, cs: readonly A.Comment[]): string {
  return `(${kind} ${cs.map((c) => q(c.text)).join(' ')})`;
}

function withComments(s: string, c: A.Comments | undefined): string {
  if (!c) return s;
  let out = s;
  if (c.doc?.length) out += ' ' + commentList('doc', c.doc);
  if (c.line) out += ' ' + commentList('line', [c.line]);
  if (c.inner?.length) out += ' ' + commentList('inner', c.inner);
  return out;
}

function attr(a: A.Attribute): string {
  return `@${a.name}(${a.text})`;
}

function importDecl(i: A.ImportDecl): string {
  const specs = i.specs.map((s) => withComments(s.name ? `(spec ${s.name.name} ${q(s.path.value)})` : `(spec ${q(s.path.value)})`, s.comments));
  return `(import${i.grouped ? '-group' : ''}${specs.map((s) => ' ' + s).join('')})`;
}

function pad(depth: number): string {
  return '  '.repeat(depth);
}

function decl(d: A.Declaration, depth: number): string {
  let s: string;
  switch (d.type) {
    case 'Field':
      s = field(d, depth);
      break;
    case 'Ellipsis':
      s = d.value ? `(... ${expr(d.value, depth)})` : '(...)';
      break;
    case 'EmbedDecl':
      s = `(embed ${expr(d.expr, depth)})`;
      break;
    case 'Comprehension':
      s = comprehension(d, depth);
      break;
    case 'LetClause':
      s = `(let ${d.ident.name} ${expr(d.expr, depth)})`;
      break;
    case 'Attribute':
      s = attr(d);
      break;
  }
  return pad(depth) + withComments(s, d.comments);
}

function field(f: A.Field, depth: number): string {
  const mark = f.constraint === 'optional' ? '?' : f.constraint === 'required' ? '!' : '';
  const alias = f.alias ? f.alias.name + '=' : '';
  let s = `(field ${alias}${label(f.label, depth)}${mark} ${expr(f.value, depth)}`;
  for (const a of f.attrs) s += ' ' + attr(a);
  return s + ')';
}

function label(l: A.Label, depth: number): string {
  switch (l.type) {
    case 'Ident':
      return l.name;
    case 'DynamicLabel':
      return `(dyn ${l.alias ? l.alias.name + '=' : ''}${expr(l.expr, depth)})`;
    case 'PatternLabel':
      return `(pattern ${l.alias ? l.alias.name + '=' : ''}${expr(l.expr, depth)})`;
    default:
      return expr(l, depth);
  }
}

function clause(c: A.Clause, depth: number): string {
  switch (c.type) {
    case 'ForClause':
      return `(for ${c.key ? c.key.name + ' ' : ''}${c.value.name} ${expr(c.source, depth)})`;
    case 'IfClause':
      return `(if ${expr(c.condition, depth)})`;
    case 'LetClause':
      return `(let ${c.ident.name} ${expr(c.expr, depth)})`;
    case 'TryClause':
      return c.ident && c.expr ? `(try ${c.ident.name} ${expr(c.expr, depth)})` : '(try)';
  }
}

function comprehension(c: A.Comprehension, depth: number): string {
  const otherwise = c.else ? ` (${c.else.keyword} ${expr(c.else.body, depth)})` : '';
  return `(comprehension ${c.clauses.map((x) => clause(x, depth)).join(' ')} ${expr(c.body, depth)}${otherwise})`;
}

function bytesText(b: A.BasicLit): string {
  let s = '';
  for (const x of b.bytes ?? []) {
    s += x >= 0x20 && x < 0x7f && x !== 0x22 && x !== 0x5c ? String.fromCharCode(x) : '\\x' + x.toString(16).padStart(2, '0');
  }
  return `(bytes "${s}")`;
}

function block(kind: string, items: string[], trailing: readonly A.Comment[] | undefined, depth: number): string {
  const all = [...items];
  if (trailing?.length) all.push(pad(depth + 1) + commentList('trailing', trailing));
  if (all.length === 0) return `(${kind})`;
  return `(${kind}\n${all.join('\n')})`;
}

function expr(e: A.Expr | A.Comprehension | A.Ellipsis, depth: number): string {
  if ((e.type === 'Ident' || e.type === 'SelectorExpr' || e.type === 'IndexExpr') && e.optional) {
    return `(optional ${expr({ ...e, optional: undefined } as A.Expr, depth)})`;
  }
  switch (e.type) {
    case 'Ident':
      return e.name;
    case 'BasicLit':
      if (e.kind === 'string') return q(e.value);
      if (e.kind === 'bytes') return bytesText(e);
      return e.raw;
    case 'BottomLit':
      return '_|_';
    case 'Interpolation':
      return `(interp${e.kind === 'bytes' ? '-bytes' : ''} ${e.parts.map((p) => (typeof p === 'string' ? q(p) : expr(p, depth))).join(' ')})`;
    case 'StructLit': {
      const kind = e.shorthand ? 'struct-short' : 'struct';
      return block(kind, e.decls.map((d) => decl(d, depth + 1)), e.trailingComments, depth);
    }
    case 'ListLit': {
      const multiline = e.trailingComments?.length || e.elts.some((x) => x.comments || x.type === 'StructLit' || x.type === 'Comprehension' || x.type === 'ListLit');
      if (!multiline) return `(list${e.elts.map((x) => ' ' + expr(x, depth)).join('')})`;
      return block('list', e.elts.map((x) => pad(depth + 1) + withComments(expr(x, depth + 1), x.comments)), e.trailingComments, depth);
    }
    case 'Ellipsis':
      return e.value ? `(... ${expr(e.value, depth)})` : '(...)';
    case 'Comprehension':
      return comprehension(e, depth);
    case 'ParenExpr':
      return `(paren ${expr(e.expr, depth)})`;
    case 'UnaryExpr':
      return `(${e.op} ${expr(e.expr, depth)})`;
    case 'BinaryExpr':
      return `(${e.op} ${expr(e.left, depth)} ${expr(e.right, depth)})`;
    case 'SelectorExpr':
      return `(sel ${expr(e.expr, depth)} ${e.sel.type === 'Ident' ? e.sel.name : q(e.sel.value)})`;
    case 'IndexExpr':
      return `(index ${expr(e.expr, depth)} ${expr(e.index, depth)})`;
    case 'SliceExpr':
      return `(slice ${expr(e.expr, depth)} ${e.low ? expr(e.low, depth) : '()'} ${e.high ? expr(e.high, depth) : '()'})`;
    case 'CallExpr':
      return `(call ${expr(e.fun, depth)}${e.args.map((a) => ' ' + expr(a, depth)).join('')})`;
    case 'AliasExpr':
      return `(alias ${e.ident.name} ${expr(e.expr, depth)})`;
  }
}
