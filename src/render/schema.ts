/**
 * A definition's `parameter` as a JSON Schema object, as KubeVela stores it for UIs
 * (pkg/schema/schema.go, pkg/utils/common/common.go GenOpenAPI + FixOpenAPISchema):
 * `title` per field (its name), `type`, `default`, `enum` from disjunctions of literals,
 * bounds as `minimum`/`maximum` (or the exclusive ones), `=~` as `pattern`, `description` from
 * `// +usage=` comments, `additionalProperties` from pattern constraints `[string]: T`,
 * `oneOf` for disjunctions of structs, `items` for lists.
 *
 * Read from the template's syntax (references to the template's own definitions and fields
 * are followed), so that constraints are seen as written. Anything it cannot express
 * degrades to the base type instead of failing (KubeVela's encoder fails on
 * `*30 | >=1 & <=3599 & int`, `string & !=""`, `*#a | #b`: kubevela#5767, PR #7373).
 *
 * `required` lists the fields with neither a default nor `?` (and whose value is not a
 * struct that is all defaults). KubeVela also lists defaulted fields there, but a user may
 * omit them: a deliberate difference (README).
 */
import type { Comment, Declaration, Expr, StructLit } from '../syntax/ast.js';
import type { Definition } from './definition.js';
import { labelString } from './syntax-util.js';

export type JSONSchema = { [key: string]: unknown };

interface Walk {
  /** Top-level fields, definitions and lets of the template, for references. */
  scope: Map<string, Expr>;
  following: Set<string>;
}

/** The `parameter` schema of a definition (an empty object schema when it declares none). */
export function parameterSchema(def: Definition): JSONSchema {
  const scope = new Map<string, Expr>();
  const params: Expr[] = [];
  for (const d of def.template.decls) {
    if (d.type === 'Field') {
      const name = labelString(d.label);
      if (name === undefined) continue;
      if (name === 'parameter') params.push(d.value);
      else scope.set(name, d.value);
    } else if (d.type === 'LetClause') scope.set(d.ident.name, d.expr);
  }
  const w: Walk = { scope, following: new Set() };
  if (params.length === 0) return { type: 'object', properties: {} };
  let s = schemaOf(params[0]!, w);
  for (const p of params.slice(1)) s = mergeAll(s, schemaOf(p, w));
  return s;
}

const basicTypes: Readonly<Record<string, JSONSchema>> = {
  string: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  number: { type: 'number' },
  bool: { type: 'boolean' },
  null: { type: 'null' },
  bytes: { type: 'string' },
  _: {},
};

function schemaOf(e: Expr, w: Walk): JSONSchema {
  switch (e.type) {
    case 'Ident': {
      const basic = basicTypes[e.name];
      if (basic) return { ...basic };
      const target = w.scope.get(e.name);
      if (!target || w.following.has(e.name)) return {};
      w.following.add(e.name);
      try {
        return schemaOf(target, w);
      } finally {
        w.following.delete(e.name);
      }
    }
    case 'BasicLit': {
      const v = literal(e);
      return v === undefined ? {} : { ...typeOfValue(v), enum: [v] };
    }
    case 'ParenExpr':
      return schemaOf(e.expr, w);
    case 'UnaryExpr':
      return unary(e.op, e.expr, w);
    case 'BinaryExpr':
      if (e.op === '&') return mergeAll(schemaOf(e.left, w), schemaOf(e.right, w));
      if (e.op === '|') return disjunction(e, w);
      return {};
    case 'StructLit':
      return structSchema(e, w);
    case 'ListLit': {
      const last = e.elts[e.elts.length - 1];
      if (last?.type === 'Ellipsis') return { type: 'array', ...(last.value ? { items: schemaOf(last.value, w) } : {}) };
      return { type: 'array' };
    }
    case 'CallExpr':
      // close({...}) keeps its argument's shape; other calls are opaque.
      if (e.fun.type === 'Ident' && e.fun.name === 'close' && e.args.length === 1) return schemaOf(e.args[0]!, w);
      return {};
    default:
      return {};
  }
}

function unary(op: string, x: Expr, w: Walk): JSONSchema {
  const v = x.type === 'BasicLit' ? literal(x) : x.type === 'UnaryExpr' && x.op === '-' && x.expr.type === 'BasicLit' ? negate(literal(x.expr)) : undefined;
  switch (op) {
    case '*':
      return schemaOf(x, w);
    case '>=':
      return typeof v === 'number' ? { type: 'number', minimum: v } : {};
    case '>':
      return typeof v === 'number' ? { type: 'number', exclusiveMinimum: v } : {};
    case '<=':
      return typeof v === 'number' ? { type: 'number', maximum: v } : {};
    case '<':
      return typeof v === 'number' ? { type: 'number', exclusiveMaximum: v } : {};
    case '=~':
      return typeof v === 'string' ? { type: 'string', pattern: v } : { type: 'string' };
    case '!~':
    case '!=':
      // Not expressible simply (a `not` schema would do, but UIs ignore it): degrade.
      return typeof v === 'string' ? { type: 'string' } : typeof v === 'number' ? { type: 'number' } : {};
    case '-':
      return typeof v === 'number' ? { type: 'number', enum: [-v] } : {};
    default:
      return {};
  }
}

function negate(v: unknown): unknown {
  return typeof v === 'number' ? -v : undefined;
}

/** `*d | a | b`: default, enum of literals, or oneOf. */
function disjunction(e: Expr, w: Walk): JSONSchema {
  const alts: Expr[] = [];
  const flatten = (x: Expr) => {
    if (x.type === 'BinaryExpr' && x.op === '|') {
      flatten(x.left);
      flatten(x.right);
    } else alts.push(x);
  };
  flatten(e);
  let def: unknown;
  let hasDefault = false;
  const plain: Expr[] = [];
  for (const a of alts) {
    if (a.type === 'UnaryExpr' && a.op === '*') {
      const v = constant(a.expr);
      if (v !== undefined && !hasDefault) {
        def = v;
        hasDefault = true;
      }
      plain.push(a.expr);
    } else plain.push(a);
  }
  // `*_|_ | T` (a default that is bottom) is just T.
  const live = plain.filter((a) => a.type !== 'BottomLit');
  const schemas = live.map((a) => schemaOf(a, w));
  const lits = live.map(constant);
  let out: JSONSchema;
  if (lits.every((v) => v !== undefined && (typeof v !== 'object' || v === null))) {
    const types = new Set(schemas.map((s) => s.type));
    out = types.size === 1 ? { type: [...types][0], enum: lits } : { enum: lits };
  } else {
    // Literal alternatives next to a type they belong to (`*1 | int`) add nothing.
    const kept = schemas.filter((s, i) => !(lits[i] !== undefined && schemas.some((o, j) => j !== i && lits[j] === undefined && o.type === s.type)));
    if (kept.length === 1) out = { ...kept[0]! };
    else {
      const types = new Set(kept.map((s) => s.type));
      const objects = kept.filter((s) => s.type === 'object');
      if (objects.length > 1) out = { oneOf: kept.map(stripTitle) };
      else if (types.size === 1 && !types.has(undefined)) out = { type: [...types][0] };
      else out = { anyOf: kept.map(stripTitle) };
    }
  }
  if (hasDefault) out.default = def;
  return out;
}

function stripTitle(s: JSONSchema): JSONSchema {
  const { title: _t, ...rest } = s;
  return rest;
}

function structSchema(s: StructLit, w: Walk): JSONSchema {
  const out: JSONSchema = { type: 'object' };
  const properties: Record<string, JSONSchema> = {};
  const required: string[] = [];
  let additional: JSONSchema | boolean | undefined;
  for (const d of s.decls) addDecl(d);
  function addDecl(d: Declaration): void {
    switch (d.type) {
      case 'Field': {
        if (d.label.type === 'PatternLabel') {
          additional = schemaOf(d.value, w);
          return;
        }
        const name = labelString(d.label);
        if (name === undefined || name.startsWith('#') || name.startsWith('_')) return;
        const fs: JSONSchema = { title: name, ...schemaOf(d.value, w) };
        const usage = usageOf(d.comments?.doc);
        if (usage) fs.description = usage;
        properties[name] = properties[name] ? mergeAll(properties[name]!, fs) : fs;
        const allDefaults = fs.type === 'object' && fs.required === undefined && Object.keys((fs.properties as object | undefined) ?? {}).length > 0;
        const defaulted = 'default' in fs || allDefaults;
        if (d.constraint === 'required' || (d.constraint === 'regular' && !defaulted)) {
          if (!required.includes(name)) required.push(name);
        }
        return;
      }
      case 'Ellipsis':
        if (additional === undefined) additional = d.value ? schemaOf(d.value, w) : true;
        return;
      case 'EmbedDecl': {
        const e = schemaOf(d.expr, w);
        if (e.type === 'object') {
          Object.assign(properties, e.properties ?? {});
          for (const r of (e.required as string[] | undefined) ?? []) if (!required.includes(r)) required.push(r);
        }
        return;
      }
      default:
        // Comprehensions and lets add fields that depend on values: not in the schema.
        return;
    }
  }
  out.properties = properties;
  if (required.length > 0) out.required = required;
  if (additional !== undefined) out.additionalProperties = additional;
  return out;
}

/** The `+usage=` text of doc comments (KubeVela's description). */
function usageOf(doc: readonly Comment[] | undefined): string | undefined {
  if (!doc) return undefined;
  for (const c of doc) {
    const m = /^\/\/\s*\+usage=(.*)$/.exec(c.text.trim());
    if (m) return m[1]!.trim();
  }
  return undefined;
}

function mergeAll(a: JSONSchema, b: JSONSchema): JSONSchema {
  const out: JSONSchema = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k === 'type' && out.type !== undefined && out.type !== v) {
      // int & >=1 gives "integer" and "number": keep the narrower one.
      if ((out.type === 'integer' && v === 'number') || (out.type === 'number' && v === 'integer')) out.type = 'integer';
      continue;
    }
    if (k === 'properties' && out.properties) out.properties = { ...(out.properties as object), ...(v as object) };
    else if (k === 'required' && Array.isArray(out.required)) out.required = [...new Set([...(out.required as string[]), ...(v as string[])])];
    else out[k] = v;
  }
  return out;
}

function literal(e: Expr & { type: 'BasicLit' }): unknown {
  switch (e.kind) {
    case 'string':
      return e.value;
    case 'int':
    case 'float': {
      const n = Number(e.raw.replace(/_/g, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'bool':
      return e.value === 'true';
    case 'null':
      return null;
    default:
      return undefined;
  }
}

/** The value of a constant expression (literals, lists and structs of literals), or undefined. */
function constant(e: Expr): unknown {
  switch (e.type) {
    case 'BasicLit':
      return literal(e);
    case 'UnaryExpr':
      if (e.op === '-' && e.expr.type === 'BasicLit') return negate(literal(e.expr));
      return undefined;
    case 'ParenExpr':
      return constant(e.expr);
    case 'ListLit': {
      const out: unknown[] = [];
      for (const x of e.elts) {
        if (x.type === 'Ellipsis' || x.type === 'Comprehension') return undefined;
        const v = constant(x);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    default:
      return undefined;
  }
}

function typeOfValue(v: unknown): JSONSchema {
  if (typeof v === 'string') return { type: 'string' };
  if (typeof v === 'boolean') return { type: 'boolean' };
  if (typeof v === 'number') return { type: Number.isInteger(v) ? 'integer' : 'number' };
  if (v === null) return { type: 'null' };
  return {};
}
