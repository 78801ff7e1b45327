/**
 * A definition's parameter reference as Markdown, laid out as KubeVela's `vela show` /
 * `vela def doc-gen` lay it out (kubevela references/docgen: MarkdownReference.parseParameters,
 * whose tests give the table form): a table of the top-level properties (`Name | Description |
 * Type | Required | Default`), then one table per nested struct, headed by its name one level
 * deeper, linked from the Type column (`[ports](#ports)`, `[[]ports](#ports)` for a list of
 * them, `map[string]string`, `"a" or "b"` for a choice of literals, `[x](#x) or
 * [type-option-2](#type-option-2)` for a disjunction of structs).
 *
 * Built from the JSON Schema of `parameter` (schema.ts), so both agree on types, defaults,
 * descriptions (`// +usage=`, with a final period as KubeVela adds it) and on which fields are
 * required (neither a default nor `?`).
 */
import type { Definition } from './definition.js';
import { type JSONSchema, parameterSchema } from './schema.js';

interface Section {
  readonly name: string;
  readonly depth: number;
  readonly schema: JSONSchema;
}

/** The Markdown reference of one definition. */
export function parameterReference(def: Definition): string {
  const out: string[] = [`# ${def.name}`, ''];
  const kind = def.kind === 'component' ? 'Component' : def.kind === 'trait' ? 'Trait' : def.kind === 'policy' ? 'Policy' : 'WorkflowStep';
  out.push(`${kind} definition${def.description ? `: ${def.description}` : ''}`, '');
  const applies = def.attributes.appliesToWorkloads;
  if (Array.isArray(applies) && applies.length > 0) out.push(`Applies to: ${applies.map(String).join(', ')}`, '');
  out.push('## Specification', '');
  const queue: Section[] = [{ name: 'Properties', depth: 3, schema: parameterSchema(def) }];
  const used = new Set<string>();
  while (queue.length > 0) {
    const s = queue.shift()!;
    out.push(`${'#'.repeat(Math.min(s.depth, 6))} ${s.name}`, '');
    out.push(...table(s, queue, used), '', '');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** The rows of one struct; nested structs are queued as sections of their own. */
function table(s: Section, queue: Section[], used: Set<string>): string[] {
  const header = [' Name | Description | Type | Required | Default ', ' ---- | ----------- | ---- | -------- | ------- '];
  const props = (s.schema.properties ?? {}) as Record<string, JSONSchema>;
  const required = new Set(Array.isArray(s.schema.required) ? (s.schema.required as string[]) : []);
  const rows: string[] = [];
  const names = Object.keys(props);
  if (names.length === 0) {
    // A parameter that is not a struct of fields (a map, a disjunction): one row without a name.
    if (s.schema.oneOf || s.schema.additionalProperties || s.schema.type !== 'object') {
      rows.push(row('', s.schema, typeOf('', s.schema, s.depth, queue, used), false));
    }
  }
  for (const name of names) {
    const p = props[name]!;
    rows.push(row(name, p, typeOf(name, p, s.depth, queue, used), required.has(name)));
  }
  return [...header, ...rows];
}

function row(name: string, p: JSONSchema, type: string, required: boolean): string {
  return ` ${name} | ${description(p)} | ${type} | ${required} | ${defaultText(p.default)} `;
}

function description(p: JSONSchema): string {
  const d = typeof p.description === 'string' ? p.description.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim() : '';
  if (d === '') return '';
  return /[.!?]$/.test(d) ? d : `${d}.`;
}

function defaultText(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v === '' ? 'empty' : v.replace(/\|/g, '\\|');
  return JSON.stringify(v).replace(/\|/g, '\\|');
}

/** A unique section name (anchors must not collide when two structs share a field name). */
function sectionName(name: string, used: Set<string>): string {
  let n = name === '' ? 'type-option-1' : name;
  for (let i = 2; used.has(n); i++) n = `${name}-${i}`;
  used.add(n);
  return n;
}

function anchor(name: string): string {
  return `#${name.toLowerCase().replace(/[^a-z0-9_ -]/g, '').replace(/ /g, '-')}`;
}

function typeOf(name: string, p: JSONSchema, depth: number, queue: Section[], used: Set<string>): string {
  if (Array.isArray(p.enum) && p.enum.length > 1) return p.enum.map((v) => JSON.stringify(v)).join(' or ');
  if (Array.isArray(p.oneOf)) {
    return (p.oneOf as JSONSchema[])
      .map((o, i) => {
        if (isStruct(o)) {
          const n = sectionName(typeof o.title === 'string' && o.title !== name ? o.title : `type-option-${i + 1}`, used);
          queue.push({ name: n, depth: depth + 1, schema: o });
          return `[${n}](${anchor(n)})`;
        }
        return typeOf(name, o, depth, queue, used);
      })
      .join(' or ');
  }
  if (isStruct(p)) {
    const n = sectionName(name, used);
    queue.push({ name: n, depth: depth + 1, schema: p });
    return `[${n}](${anchor(n)})`;
  }
  switch (p.type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'int';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'null':
      return 'null';
    case 'array': {
      const items = (p.items ?? {}) as JSONSchema;
      if (isStruct(items)) {
        const n = sectionName(name, used);
        queue.push({ name: n, depth: depth + 1, schema: items });
        return `[[]${n}](${anchor(n)})`;
      }
      const t = typeOf(name, items, depth, queue, used);
      return t === '_' ? 'list' : `[]${t}`;
    }
    case 'object': {
      const ap = p.additionalProperties;
      if (ap && typeof ap === 'object') {
        const a = ap as JSONSchema;
        if (isStruct(a)) {
          const n = sectionName(name, used);
          queue.push({ name: n, depth: depth + 1, schema: a });
          return `map[string][${n}](${anchor(n)})`;
        }
        return `map[string]${typeOf(name, a, depth, queue, used)}`;
      }
      return 'map[string]_';
    }
    default:
      return '_';
  }
}

/** An object schema with named fields (a table of its own). */
function isStruct(p: JSONSchema): boolean {
  return p.type === 'object' && typeof p.properties === 'object' && p.properties !== null && Object.keys(p.properties).length > 0;
}
