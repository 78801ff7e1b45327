/**
 * Strict reading of policy and step properties (syntax from the user's file), the way KubeVela
 * decodes them into Go structs with unknown fields refused (utils.StrictUnmarshal): every
 * problem is a CueError with the path and the position of the offending value.
 */
import { CueError, ErrorCode } from '../../errors/index.js';
import type { Expr, Field, StructLit } from '../../syntax/ast.js';
import { labelString } from '../syntax-util.js';

/** Where decoding errors go: the path names the field inside the properties. */
export class Decoder {
  readonly errors: CueError[] = [];

  constructor(
    /** Prefix of every path, e.g. `['spec', 'policies', '2', 'properties']` or the policy's name. */
    readonly where: string,
  ) {}

  /** An error at `path` (inside the properties), e.g. `override policy "x": components.0.name: must be a string`. */
  fail(path: readonly string[], message: string, at: { span: Expr['span'] }): void {
    const where = path.length > 0 ? `${this.where}: ${path.join('.')}` : this.where;
    this.errors.push(new CueError(ErrorCode.render, `${where}: ${message}`, [], [at.span]));
  }

  /**
   * The fields of a mapping by name; a field not in `allowed` is an error (KubeVela decodes
   * strictly). Undefined, with an error, when `e` is not a mapping.
   */
  struct(e: Expr, path: readonly string[], allowed: readonly string[]): Map<string, Expr> | undefined {
    if (e.type !== 'StructLit') {
      this.fail(path, path.length ? 'must be a mapping' : 'properties must be a mapping', e);
      return undefined;
    }
    const out = new Map<string, Expr>();
    for (const d of (e as StructLit).decls) {
      if (d.type !== 'Field') continue;
      const l = labelString((d as Field).label);
      if (l === undefined) continue;
      if (!allowed.includes(l)) {
        this.fail(path, `unknown field "${l}" (allowed: ${allowed.join(', ')})`, d);
        continue;
      }
      out.set(l, d.value);
    }
    return out;
  }

  string(e: Expr | undefined, path: readonly string[]): string | undefined {
    if (!e || isNull(e)) return undefined;
    if (e.type === 'BasicLit' && e.kind === 'string') return e.value;
    this.fail(path, 'must be a string', e);
    return undefined;
  }

  bool(e: Expr | undefined, path: readonly string[]): boolean | undefined {
    if (!e || isNull(e)) return undefined;
    if (e.type === 'BasicLit' && e.kind === 'bool') return e.value === 'true';
    this.fail(path, 'must be a boolean', e);
    return undefined;
  }

  int(e: Expr | undefined, path: readonly string[]): number | undefined {
    if (!e || isNull(e)) return undefined;
    if (e.type === 'BasicLit' && e.kind === 'int') return Number(e.value);
    this.fail(path, 'must be an integer', e);
    return undefined;
  }

  /** A list of strings; undefined when absent or null (Go's nil slice), `[]` when empty. */
  strings(e: Expr | undefined, path: readonly string[]): string[] | undefined {
    if (!e || isNull(e)) return undefined;
    if (e.type !== 'ListLit') {
      this.fail(path, 'must be a list of strings', e);
      return undefined;
    }
    const out: string[] = [];
    e.elts.forEach((x, i) => {
      if (x.type === 'Comprehension' || x.type === 'Ellipsis') return;
      const s = this.string(x, [...path, String(i)]);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /** A list's elements (undefined when absent or null). */
  list(e: Expr | undefined, path: readonly string[]): Expr[] | undefined {
    if (!e || isNull(e)) return undefined;
    if (e.type !== 'ListLit') {
      this.fail(path, 'must be a list', e);
      return undefined;
    }
    return e.elts.filter((x): x is Expr => x.type !== 'Comprehension' && x.type !== 'Ellipsis');
  }

  /** A mapping of strings (undefined when absent or null). */
  stringMap(e: Expr | undefined, path: readonly string[]): Record<string, string> | undefined {
    if (!e || isNull(e)) return undefined;
    if (e.type !== 'StructLit') {
      this.fail(path, 'must be a mapping of strings', e);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const d of e.decls) {
      if (d.type !== 'Field') continue;
      const l = labelString(d.label);
      if (l === undefined) continue;
      const v = this.string(d.value, [...path, l]);
      if (v !== undefined) out[l] = v;
    }
    return out;
  }

  /** A mapping given as properties (undefined when absent or null). */
  mapping(e: Expr | undefined, path: readonly string[]): StructLit | undefined {
    if (!e || isNull(e)) return undefined;
    if (e.type !== 'StructLit') {
      this.fail(path, 'must be a mapping', e);
      return undefined;
    }
    return e;
  }
}

export function isNull(e: Expr): boolean {
  return e.type === 'BasicLit' && e.kind === 'null';
}
