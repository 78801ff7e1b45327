/**
 * Document symbols (the outline): the package, imports, and every field, definition and let
 * with its nested fields, from the syntax alone (nothing is evaluated).
 */
import type { DocumentSymbol } from 'vscode-languageserver';
import { Source, parseFile } from '../index.js';
import type * as A from '../syntax/ast.js';
import { labelName } from './syntax-index.js';
import { rangeOf } from './text.js';

const SymbolKind = { Module: 2, Package: 4, Class: 5, Property: 7, Field: 8, Variable: 13, Struct: 23, Array: 18 } as const;

export function documentSymbols(name: string, text: string): DocumentSymbol[] {
  const { file } = parseFile(new Source(name, text));
  const range = (s: { start: number; end: number }) => rangeOf(text, s.start, s.end);
  const out: DocumentSymbol[] = [];
  if (file.package) out.push({ name: file.package.name.name, kind: SymbolKind.Package, range: range(file.package.span), selectionRange: range(file.package.name.span) });
  for (const d of file.imports) for (const s of d.specs) out.push({ name: s.path.value, kind: SymbolKind.Module, range: range(s.span), selectionRange: range(s.path.span) });
  const decls = (ds: readonly A.Declaration[]): DocumentSymbol[] => {
    const list: DocumentSymbol[] = [];
    for (const d of ds) {
      if (d.type === 'Field') {
        const n = labelName(d.label) ?? text.slice(d.label.span.start, d.label.span.end);
        const children = childrenOf(d.value);
        const kind = n.startsWith('#') || n.startsWith('_#') ? SymbolKind.Class : children ? SymbolKind.Struct : d.value.type === 'ListLit' ? SymbolKind.Array : SymbolKind.Field;
        list.push({
          name: n,
          kind,
          ...(d.constraint !== 'regular' ? { detail: d.constraint } : {}),
          range: range(d.span),
          selectionRange: range(d.label.span),
          ...(children ? { children: decls(children) } : {}),
        });
      } else if (d.type === 'LetClause') {
        list.push({ name: d.ident.name, kind: SymbolKind.Variable, detail: 'let', range: range(d.span), selectionRange: range(d.ident.span) });
      } else if (d.type === 'Comprehension') {
        list.push(...decls(d.body.decls));
      }
    }
    return list;
  };
  out.push(...decls(file.decls));
  return out;
}

/** The declarations a field's value opens: a struct literal, also inside `&`, `|` and an alias. */
function childrenOf(e: A.Expr): A.Declaration[] | undefined {
  if (e.type === 'StructLit') return e.decls;
  if (e.type === 'AliasExpr' || e.type === 'ParenExpr') return childrenOf(e.expr);
  if (e.type === 'BinaryExpr' && (e.op === '&' || e.op === '|')) {
    const l = childrenOf(e.left);
    const r = childrenOf(e.right);
    return l || r ? [...(l ?? []), ...(r ?? [])] : undefined;
  }
  return undefined;
}
