/**
 * JSON text in, JSON text out, as Go's encoding/json does it for `json.Valid`, `json.Compact`,
 * `json.Indent`, `json.HTMLEscape` and the splitting of `json.UnmarshalStream`. The input is
 * read by the project's one JSON reader (json-decode.ts) with Go's rules (no byte order mark,
 * nesting up to 10,000); the output re-emits the input's own tokens through their spans, so
 * numbers and strings keep their exact text. Malformed input throws JSONSyntaxError with
 * Go's message.
 */
import { Source } from '../source/index.js';
import type { Expr } from '../syntax/ast.js';
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
  emit(text, read(text), out, null, '', '');
  return out.join('');
}

/** Go's json.Indent: one element per line, prefix before each new line, empty containers kept as `{}` / `[]`. */
export function indentJSON(text: string, prefix: string, indent: string): string {
  const out: string[] = [];
  emit(text, read(text), out, '\n' + prefix, indent, '');
  return out.join('');
}

/**
 * Writes the tokens of `e`. `line` is null for compact output, else the newline and prefix;
 * `depth` the indentation of the current level.
 */
function emit(text: string, e: Expr, out: string[], line: string | null, indent: string, depth: string): void {
  const inner = line === null ? '' : line + depth + indent;
  switch (e.type) {
    case 'StructLit': {
      if (e.decls.length === 0) {
        out.push('{}');
        return;
      }
      out.push('{');
      e.decls.forEach((d, i) => {
        if (d.type !== 'Field') return;
        if (i > 0) out.push(',');
        out.push(inner, text.slice(d.label.span.start, d.label.span.end), line === null ? ':' : ': ');
        emit(text, d.value, out, line, indent, depth + indent);
      });
      out.push(line === null ? '' : line + depth, '}');
      return;
    }
    case 'ListLit': {
      if (e.elts.length === 0) {
        out.push('[]');
        return;
      }
      out.push('[');
      e.elts.forEach((x, i) => {
        if (i > 0) out.push(',');
        out.push(inner);
        emit(text, x as Expr, out, line, indent, depth + indent);
      });
      out.push(line === null ? '' : line + depth, ']');
      return;
    }
    default:
      // A scalar: its own text (a negative number spans its minus sign).
      out.push(text.slice(e.span.start, e.span.end));
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
