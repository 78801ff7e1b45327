/**
 * Decoded data (the CUE AST built by the JSON and YAML decoders) -> plain values, for
 * `json.Unmarshal`, `yaml.Unmarshal` and API callers that want host data.
 *
 * Only the node shapes the decoders build are accepted. A label given twice (possible in
 * JSON) is unified as CUE would: equal scalars are fine, structs merge, anything else is a
 * conflict naming both positions.
 */
import { Decimal } from '../plain/decimal.js';
import { CueError, ErrorCode } from '../errors/index.js';
import { CueFloat, PlainStruct, type PlainValue, plainKindName } from '../plain/plain-value.js';
import type { Span } from '../source/index.js';
import type { BasicLit, Expr, Label } from '../syntax/ast.js';
import { formatShort } from './format-value.js';

export function toPlain(expr: Expr, errors: CueError[]): PlainValue {
  return convert(expr, [], errors);
}

/** The string a data label stands for. */
export function labelName(label: Label): string {
  if (label.type === 'Ident') return label.name;
  if (label.type === 'BasicLit') return label.value;
  throw new Error(`unexpected label ${label.type} in decoded data`);
}

function convert(e: Expr, path: string[], errors: CueError[]): PlainValue {
  switch (e.type) {
    case 'BasicLit':
      return literal(e);
    case 'UnaryExpr': {
      const x = e.expr.type === 'BasicLit' ? literal(e.expr) : undefined;
      if (e.op === '-' && typeof x === 'bigint') return -x;
      if (e.op === '-' && x instanceof CueFloat) return new CueFloat(x.value.neg(), '-' + x.text);
      break;
    }
    case 'BinaryExpr':
      // `number & 12` (YAML `!!float 12`) is the int 12; `*null | _` (empty YAML) is null.
      if (e.op === '&' && e.left.type === 'Ident' && e.left.name === 'number') return convert(e.right, path, errors);
      if (e.op === '|' && e.left.type === 'UnaryExpr' && e.left.op === '*') return convert(e.left.expr, path, errors);
      break;
    case 'ListLit':
      // `path` is shared and extended in place: it is copied only when an error names it.
      return e.elts.map((x, i) => {
        path.push(String(i));
        const v = convert(x as Expr, path, errors);
        path.pop();
        return v;
      });
    case 'StructLit': {
      const fields = new Map<string, PlainValue>();
      const spans = new Map<string, Span>();
      for (const d of e.decls) {
        if (d.type !== 'Field') continue;
        const name = labelName(d.label);
        path.push(name);
        const v = convert(d.value, path, errors);
        path.pop();
        const prev = spans.get(name);
        if (prev === undefined) {
          fields.set(name, v);
          spans.set(name, d.value.span);
        } else fields.set(name, unify(fields.get(name)!, v, [...path, name], [prev, d.value.span], errors));
      }
      return new PlainStruct(fields);
    }
  }
  throw new Error(`unexpected ${e.type} in decoded data`);
}

function literal(lit: BasicLit): PlainValue {
  switch (lit.kind) {
    case 'string':
      return lit.value;
    case 'null':
      return null;
    case 'bool':
      return lit.value === 'true';
    case 'bytes':
      return lit.bytes ?? new Uint8Array();
    case 'int':
      return BigInt(lit.raw.replace(/_/g, ''));
    case 'float':
      return new CueFloat(new Decimal(lit.raw.replace(/_/g, '')), lit.raw);
  }
}

function unify(a: PlainValue, b: PlainValue, path: string[], spans: Span[], errors: CueError[]): PlainValue {
  if (a instanceof PlainStruct && b instanceof PlainStruct) {
    const out = new PlainStruct(a.fields);
    for (const [k, v] of b.fields) {
      const prev = out.fields.get(k);
      out.fields.set(k, prev === undefined ? v : unify(prev, v, [...path, k], spans, errors));
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.map((x, i) => unify(x, b[i]!, [...path, String(i)], spans, errors));
  }
  if (equalScalars(a, b)) return a;
  const why = plainKindName(a) === plainKindName(b) ? '' : ` (mismatched types ${plainKindName(a)} and ${plainKindName(b)})`;
  errors.push(new CueError(ErrorCode.eval, `conflicting values ${formatShort(a)} and ${formatShort(b)}${why}`, path, spans));
  return a;
}

function equalScalars(a: PlainValue, b: PlainValue): boolean {
  if (a instanceof CueFloat && b instanceof CueFloat) return a.value.eq(b.value);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) || Array.isArray(b) || a instanceof PlainStruct || b instanceof PlainStruct) return false;
  return a === b;
}
