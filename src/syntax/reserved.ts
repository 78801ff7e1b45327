/**
 * Identifiers that start with `__` are reserved (cue/parser's checkDeclIdent): they may be
 * referenced, for CUE's own aliases of predeclared names (`__int`, `__len`, `__no_sharing`),
 * but not declared. This walk finds declarations of them: field labels, label and value
 * aliases, `let`, the variables of `for`, and import names. It runs only when the scanner saw
 * such an identifier, so ordinary files pay nothing.
 */
import type * as A from './ast.js';

export interface ReservedUse {
  readonly offset: number;
  readonly message: string;
}

const message = "identifiers starting with '__' are reserved";

export function reservedDeclarations(root: object): ReservedUse[] {
  const out: ReservedUse[] = [];
  const check = (id: A.Ident | undefined) => {
    if (id && id.name.startsWith('__')) out.push({ offset: id.span.start, message });
  };
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const x of node) visit(x);
      return;
    }
    const n = node as { type?: string };
    switch (n.type) {
      case 'Field': {
        const f = n as A.Field;
        if (f.label.type === 'Ident') check(f.label);
        check(f.alias);
        break;
      }
      case 'DynamicLabel':
      case 'PatternLabel':
        check((n as A.DynamicLabel | A.PatternLabel).alias);
        break;
      case 'LetClause':
        check((n as A.LetClause).ident);
        break;
      case 'ForClause':
        check((n as A.ForClause).key);
        check((n as A.ForClause).value);
        break;
      case 'AliasExpr':
        check((n as A.AliasExpr).ident);
        break;
      case 'ImportSpec':
        check((n as A.ImportSpec).name);
        break;
    }
    for (const k in n) {
      if (k === 'span' || k === 'comments') continue;
      const v = (n as Record<string, unknown>)[k];
      if (v !== null && typeof v === 'object') visit(v);
    }
  };
  visit(root);
  return out;
}
