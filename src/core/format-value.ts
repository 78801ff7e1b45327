/**
 * Short CUE text for values in error messages: `2`, `"x"`, `int`, `>=1 & <=10`, `1 | 2`,
 * `{a:1}`, `[1,2]`. Not the printer used by `eval` (see src/export/to-cue.ts).
 */
import { kindName } from './kind.js';
import { labelPathText, isRegularLabel } from './label.js';
import { V, type Value } from './value.js';
import type { Vertex } from './vertex.js';

export function quoteCueString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

export function quoteCueBytes(b: Uint8Array): string {
  let out = "'";
  for (const c of b) {
    if (c === 0x27) out += "\\'";
    else if (c === 0x5c) out += '\\\\';
    else if (c === 10) out += '\\n';
    else if (c === 9) out += '\\t';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + "'";
}

export function formatValue(v: Value, depth = 0): string {
  switch (v.type) {
    case V.top:
      return '_';
    case V.bottom:
      return '_|_';
    case V.null:
      return 'null';
    case V.bool:
      return v.value ? 'true' : 'false';
    case V.num:
      return v.text;
    case V.string:
      return quoteCueString(v.value);
    case V.bytes:
      return quoteCueBytes(v.value);
    case V.basicType:
      return kindName(v.kind);
    case V.bound:
      return v.op + formatValue(v.value, depth);
    case V.validator: {
      const name = v.builtin.pkg ? `${v.builtin.pkg.split('/').pop()}.${v.builtin.name}` : v.builtin.name;
      return v.args.length === 0 && v.builtin.func.params.length === 1 ? name : `${name}(${v.args.map((a) => formatValue(a, depth + 1)).join(', ')})`;
    }
    case V.conjunction: {
      const parts: string[] = [];
      for (const b of v.bounds) parts.push(formatValue(b, depth));
      for (const x of v.validators) parts.push(formatValue(x, depth));
      if (v.bounds.length === 0 || !impliedByBounds(v)) parts.push(kindName(v.kind));
      return parts.join(' & ');
    }
    case V.disjunction:
      return v.values.map((x) => formatValue(x, depth + 1)).join(' | ');
    case V.vertex:
      return formatVertex(v, depth);
  }
}

function impliedByBounds(c: { kind: number; bounds: readonly { op: string; value: Value }[] }): boolean {
  // `>=1` alone means number; print the kind only when it narrows further (e.g. int).
  const b = c.bounds[0]!;
  if (b.op === '=~' || b.op === '!~') return c.kind === (16 | 32);
  if (b.value.type === V.num) return c.kind === (4 | 8);
  if (b.value.type === V.string) return c.kind === 16;
  return false;
}

/** Set by the evaluator so that messages can show the fields of a struct not evaluated yet. */
let evaluateHook: ((v: Vertex) => void) | null = null;
export function setFormatEvaluator(f: (v: Vertex) => void): void {
  evaluateHook = f;
}

function formatVertex(v: Vertex, depth: number): string {
  if (evaluateHook && v.status === 0) evaluateHook(v);
  if (v.value && v.value.type !== V.top && v.structural === 0) return formatValue(v.value, depth);
  if (v.value && v.value.type === V.disjunction) return formatValue(v.value, depth);
  if (depth > 2) return v.isList ? '[...]' : '{...}';
  if (v.isList) {
    const items = v.arcs.map((a) => formatValue(a, depth + 1));
    if (v.listOpen) items.push('...');
    return '[' + items.join(',') + ']';
  }
  const fields: string[] = [];
  for (const a of v.arcs) {
    if (!isRegularLabel(a.label!) || a.arcType === 1) continue;
    const mark = a.arcType === 2 ? '!' : '';
    fields.push(`${labelPathText(a.label!)}${mark}:${formatValue(a, depth + 1)}`);
  }
  return '{' + fields.join(',') + '}';
}
