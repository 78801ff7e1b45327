/**
 * Short CUE text for values in error messages: `2`, `"x"`, `int`, `>=1 & <=10`, `1 | 2`,
 * `{a:1}`, `[1,2]`. Not the printer used by `eval` (see src/export/to-cue.ts).
 */
import { quoteString as quoteCueString, quoteBytes as quoteCueBytes } from '../syntax/print-literals.js';
import { Kind, NumberKind, TopKind, kindName } from './kind.js';
import { labelPathText, isRegularLabel } from './label.js';
import { type BoundValue, ValueType, type Value, impliedByValidators, kindOf } from './value.js';
import type { Vertex } from './vertex.js';

/** CUE string and bytes literals: the syntax printer's quoting, so messages read like source. */
export { quoteCueString, quoteCueBytes };

export function formatValue(v: Value, depth = 0): string {
  switch (v.type) {
    case ValueType.top:
      return '_';
    case ValueType.bottom:
      return '_|_';
    case ValueType.null:
      return 'null';
    case ValueType.bool:
      return v.value ? 'true' : 'false';
    case ValueType.num:
      // Messages print a whole float as its digits (`conflicting values int and 2`), as CUE does.
      return v.text;
    case ValueType.string:
      return quoteCueString(v.value);
    case ValueType.bytes:
      return quoteCueBytes(v.value);
    case ValueType.basicType:
      return kindName(v.kind);
    case ValueType.bound:
      return v.op + formatValue(v.value, depth);
    case ValueType.validator: {
      const name = v.builtin.pkg ? `${v.builtin.pkg.split('/').pop()}.${v.builtin.name}` : v.builtin.name;
      return v.args.length === 0 && v.builtin.func.params.length === 1 ? name : `${name}(${v.args.map((a) => formatValue(a, depth + 1)).join(', ')})`;
    }
    case ValueType.conjunction: {
      const parts: string[] = [];
      for (const b of v.bounds) parts.push(formatValue(b, depth));
      for (const x of v.validators) parts.push(formatValue(x, depth));
      if (v.bounds.length === 0 ? !impliedByValidators(v) : !impliedByBounds(v)) parts.push(kindName(v.kind));
      return parts.join(' & ');
    }
    case ValueType.disjunction:
      return v.values.map((x) => formatValue(x, depth + 1)).join(' | ');
    case ValueType.vertex:
      return formatVertex(v, depth);
  }
}

function impliedByBounds(c: { kind: number; bounds: readonly BoundValue[] }): boolean {
  // `>=1` means number, `=~"x"` string (or bytes), `!=""` string, `!=2` number and `!=2 & !=4`
  // anything: print the kind only when no bound names it (`>1 & float`, `!=2 & int`).
  if (c.kind === TopKind) return true;
  for (const b of c.bounds) {
    if (b.op === '=~' || b.op === '!~') {
      if (c.kind === (Kind.string | Kind.bytes) || c.kind === Kind.string) return true;
    } else if (b.value.type === ValueType.num) {
      if (c.kind === NumberKind) return true;
    } else if (c.kind === kindOf(b.value)) return true;
  }
  return false;
}

/** Set by the evaluator so that messages can show the fields of a struct not evaluated yet. */
let evaluateHook: ((v: Vertex) => void) | null = null;
export function setFormatEvaluator(f: (v: Vertex) => void): void {
  evaluateHook = f;
}

function formatVertex(v: Vertex, depth: number): string {
  if (evaluateHook && v.status === 0) evaluateHook(v);
  if (v.value && v.structural === 0) {
    // Neither struct nor list: its value (`_` for a field that is only `_`, as CUE prints it,
    // not `{}`; definitions beside a scalar are not shown).
    if (v.value.type !== ValueType.top || !v.arcs.some((a) => isRegularLabel(a.label!))) return formatValue(v.value, depth);
  }
  if (v.value && v.value.type === ValueType.disjunction) return formatValue(v.value, depth);
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
