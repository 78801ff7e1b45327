/**
 * JSON text in, JSON text out, as Go's encoding/json does it for `json.Valid`, `json.Compact`,
 * `json.Indent`, `json.HTMLEscape` and the splitting of `json.UnmarshalStream`. The input is
 * read by the project's one JSON reader (json-decode.ts) with Go's rules (no byte order mark,
 * nesting up to 10,000); the output re-emits the input's own tokens through their spans, so
 * numbers and strings keep their exact text. Malformed input throws JSONSyntaxError with
 * Go's message.
 */
import { Source } from '../source/index.js';
import type { Expr, Field } from '../syntax/ast.js';
import { type JSONReadOptions, JSONSyntaxError, readJSON, readJSONStream } from './json-decode.js';

export { JSONSyntaxError };

/** Go's encoding/json limits: no byte order mark, nesting up to 10,000. */
const goRules: JSONReadOptions = { bom: false, maxDepth: 10000 };

function read(text: string): Expr {
  return readJSON(new Source('json', text), goRules);
}

export function validJSON(text: string): boolean {
  try {
    read(text);
    return true;
  } catch (e) {
    if (e instanceof JSONSyntaxError) return false;
    throw e;
  }
}

/** Go's json.Compact: the tokens with no white space between them. */
export function compactJSON(text: string): string {
  const out: string[] = [];
  emit(text, read(text), out, null, '');
  return out.join('');
}

/** Go's json.Indent: one element per line, prefix before each new line, empty containers kept as `{}` / `[]`. */
export function indentJSON(text: string, prefix: string, indent: string): string {
  const out: string[] = [];
  emit(text, read(text), out, '\n' + prefix, indent);
  return out.join('');
}

/**
 * Writes the tokens of `root`. `line` is null for compact output, else the newline and prefix.
 * An explicit stack of the open containers, not recursion (nesting goes to 10,000 levels).
 */
function emit(text: string, root: Expr, out: string[], line: string | null, indent: string): void {
  const open: { items: readonly (Expr | Field)[]; i: number; isObject: boolean; depth: string }[] = [];
  let next: Expr | null = root;
  let depth = '';
  for (;;) {
    if (next !== null) {
      const e: Expr = next;
      next = null;
      if (e.type === 'StructLit' || e.type === 'ListLit') {
        const isObject = e.type === 'StructLit';
        const items = isObject ? e.decls.filter((d): d is Field => d.type === 'Field') : (e.elts as Expr[]);
        if (items.length === 0) out.push(isObject ? '{}' : '[]');
        else {
          out.push(isObject ? '{' : '[');
          open.push({ items, i: 0, isObject, depth });
        }
      } else out.push(text.slice(e.span.start, e.span.end)); // a scalar (a negative number spans its minus)
    }
    const top = open[open.length - 1];
    if (!top) return;
    if (top.i < top.items.length) {
      const item = top.items[top.i]!;
      if (top.i > 0) out.push(',');
      top.i++;
      depth = top.depth + indent;
      if (line !== null) out.push(line + depth);
      if (top.isObject) {
        const f = item as Field;
        out.push(text.slice(f.label.span.start, f.label.span.end), line === null ? ':' : ': ');
        next = f.value;
      } else next = item as Expr;
      continue;
    }
    if (line !== null) out.push(line + top.depth);
    out.push(top.isObject ? '}' : ']');
    open.pop();
  }
}

/** The texts of the values of a stream of JSON values separated by white space. */
export function splitJSONStream(text: string): string[] {
  return readJSONStream(new Source('json', text), goRules).map((e) => text.slice(e.span.start, e.span.end));
}

/** Go's json.HTMLEscape: <, >, & and U+2028/U+2029 become \u escapes. */
export function htmlEscapeJSON(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
