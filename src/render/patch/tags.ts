/**
 * Patch tags: the `// +patchKey=...` and `// +patchStrategy=...` doc comments on the fields
 * of a trait's `patch`, collected from the template's AST and keyed by field path.
 *
 * KubeVela reads these comments from the exported syntax of the evaluated patch
 * (kubevela/workflow pkg/cue/model/sets/operation.go, findCommentTag; walk.go). We read them
 * from the template source instead, so the path of a list element is the wildcard `[]` (every
 * element of that list) and a dynamic label `(k):` / `"\(k)":` is the wildcard `*`.
 *
 * CUE's field-chain rule (cue internal/core/export/extract.go, ExtractDoc): a doc comment on
 * the head of a shorthand chain `a: b: c: v` documents the leaf `c`, not `a`. KubeVela sees
 * the comments where CUE's export puts them, so we do the same. This is what makes the
 * scaler's `// +patchStrategy=retainKeys` above `patch: spec: replicas: ...` apply to
 * `spec.replicas` (see docs/kubevela-notes.md).
 */
import type { Comment, Declaration, Expr, Field, Label, ListElement, StructLit } from '../../syntax/ast.js';

/** The path segment that stands for every element of a list. */
export const ELEMENT = '[]';
/** The path segment that stands for any label (a dynamic or interpolated label). */
export const ANY_LABEL = '*';

export type PatchStrategy = 'retainKeys' | 'replace' | 'jsonMergePatch' | 'jsonPatch';

/** What one field of the patch says about how to merge it. */
export interface FieldTags {
  /** `+patchKey=` (dotted paths and comma-separated alternatives are kept as written). */
  readonly patchKey?: string;
  /** `+patchStrategy=`; unknown strategies (e.g. `open`) are kept here and ignored by the merge. */
  readonly patchStrategy?: string;
  /** The list literal at this field ends with `...`: a shorter patch list does not conflict. */
  readonly openList?: boolean;
  /** Every `+key=value` tag on the field, including ones the merge does not use. */
  readonly all: ReadonlyMap<string, string>;
}

interface TagNode {
  tags?: FieldTags;
  children: Map<string, TagNode>;
}

/** What the merges read: the tags at a path, and the strategy named on the patch itself. */
export interface TagLookup {
  get(path: readonly (string | number)[]): FieldTags | undefined;
  readonly rootStrategy: string | undefined;
}

/** Tags of a patch, by path. The empty path holds the tags of the `patch` field itself. */
export class PatchTags implements TagLookup {
  private readonly root: TagNode = { children: new Map() };

  /**
   * The tags that apply at a concrete path (labels and list indices). A list index matches the
   * `[]` segment; a label that has no entry of its own matches `*`.
   */
  get(path: readonly (string | number)[]): FieldTags | undefined {
    let nodes: TagNode[] = [this.root];
    for (const seg of path) {
      const next: TagNode[] = [];
      for (const n of nodes) {
        if (typeof seg === 'number') {
          const c = n.children.get(ELEMENT);
          if (c) next.push(c);
          continue;
        }
        const exact = n.children.get(seg);
        if (exact) next.push(exact);
        const any = n.children.get(ANY_LABEL);
        if (any) next.push(any);
      }
      if (next.length === 0) return undefined;
      nodes = next;
    }
    let out: FieldTags | undefined;
    // An exact label wins over `*`: it is first in `nodes`, so merge `*` underneath it.
    for (const n of [...nodes].reverse()) if (n.tags) out = out ? mergeTags(out, n.tags) : n.tags;
    return out;
  }

  /** The strategy named on the `patch` field itself: chooses jsonMergePatch / jsonPatch. */
  get rootStrategy(): string | undefined {
    return this.root.tags?.patchStrategy;
  }

  /**
   * The tags below one label, seen from there (`patchOutputs.<name>`): a view, so that
   * nothing of the whole set (recording, listing) is reachable through it.
   */
  at(label: string): TagLookup {
    return {
      get: (path) => this.get([label, ...path]),
      rootStrategy: this.get([label])?.patchStrategy,
    };
  }

  /** Records tags at a path in the `ELEMENT` / `ANY_LABEL` notation; later tags win. */
  set(path: readonly string[], tags: FieldTags): void {
    let n = this.root;
    for (const seg of path) {
      let c = n.children.get(seg);
      if (!c) n.children.set(seg, (c = { children: new Map() }));
      n = c;
    }
    n.tags = n.tags ? mergeTags(n.tags, tags) : tags;
  }

  /** Every recorded path, written as CUE-like text (`spec.template.spec.containers[].env`). */
  entries(): [string, FieldTags][] {
    const out: [string, FieldTags][] = [];
    const visit = (n: TagNode, path: string[]) => {
      if (n.tags) out.push([formatTagPath(path), n.tags]);
      for (const [k, c] of n.children) visit(c, [...path, k]);
    };
    visit(this.root, []);
    return out;
  }
}

export function formatTagPath(path: readonly string[]): string {
  let s = '';
  for (const seg of path) {
    if (seg === ELEMENT) s += '[]';
    else s += (s === '' ? '' : '.') + (seg === ANY_LABEL || /^[A-Za-z_$#][\w$]*$/.test(seg) ? seg : JSON.stringify(seg));
  }
  return s;
}

function mergeTags(a: FieldTags, b: FieldTags): FieldTags {
  const all = new Map([...a.all, ...b.all]);
  return {
    all,
    ...(all.has('patchKey') ? { patchKey: all.get('patchKey') } : {}),
    ...(all.has('patchStrategy') ? { patchStrategy: all.get('patchStrategy') } : {}),
    ...(a.openList || b.openList ? { openList: true } : {}),
  };
}

/**
 * Reads `+key=value` tags from comment lines, as KubeVela's findCommentTag does: the text
 * after `//` is trimmed, must start with `+`, is split at the first `=`; key and value are
 * trimmed, and a value with inner whitespace is ignored. Later lines win.
 */
export function parseTagComments(comments: readonly Comment[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of comments ?? []) {
    // One Comment may hold a whole `/* */` block in some producers; treat each line alike.
    for (const raw of c.text.split('\n')) {
      const line = raw.replace(/^\s*\/\//, '').trim();
      if (!line.startsWith('+')) continue;
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const key = line.slice(1, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (/\s/.test(value)) continue;
      out.set(key, value);
    }
  }
  return out;
}

function tagsFrom(all: Map<string, string>, openList: boolean): FieldTags | undefined {
  if (all.size === 0 && !openList) return undefined;
  return {
    all,
    ...(all.has('patchKey') ? { patchKey: all.get('patchKey') } : {}),
    ...(all.has('patchStrategy') ? { patchStrategy: all.get('patchStrategy') } : {}),
    ...(openList ? { openList: true } : {}),
  };
}

/** Names a patch may refer to, with the expressions they stand for (template fields, lets). */
export type TagScope = ReadonlyMap<string, Expr>;

/**
 * The fields and `let`s of a template body, for `collectPatchTags`: KubeVela sees the patch
 * with references resolved, so tags written in a helper the patch refers to
 * (`containers: [PatchContainer & {...}]`, `let content = {...}`) count too.
 */
export function templateScope(template: StructLit): TagScope {
  const scope = new Map<string, Expr>();
  for (const d of template.decls) {
    if (d.type === 'Field' && d.label.type === 'Ident') scope.set(d.label.name, d.value);
    else if (d.type === 'LetClause') scope.set(d.ident.name, d.expr);
  }
  return scope;
}

/**
 * Collects the tags of a trait's `patch` field: its own doc comment (unless it heads a
 * shorthand chain) under the empty path, and the doc comments of every field below it,
 * following references to names in `scope` and to `let`s inside the patch.
 *
 * A template may declare `patch` more than once (`patch: {volumes} patch: {containers}`):
 * every declaration is a conjunct of the one field, and KubeVela reads the comments of the
 * exported patch, where all conjuncts' comments sit; so all of them are collected.
 */
export function collectPatchTags(field: Field | readonly Field[], scope: TagScope = new Map()): PatchTags {
  const out = new PatchTags();
  for (const f of Array.isArray(field) ? field : [field as Field]) {
    visitField(f, [], [], { out, scopes: [scope], following: new Set() }, true);
  }
  return out;
}

interface Walk {
  out: PatchTags;
  /** Innermost last. */
  scopes: TagScope[];
  /** Names being followed, so that a self-reference does not loop. */
  following: Set<string>;
}

/**
 * `inherited` are doc comments of chain heads above this field that CUE attributes to the
 * chain's leaf. `isRoot`: the field is the `patch` field itself, whose path is empty.
 */
function visitField(f: Field, parent: string[], inherited: Comment[], w: Walk, isRoot = false): void {
  const seg = isRoot ? undefined : labelSegment(f.label);
  if (seg === null) return; // definitions are not part of the patch (KubeVela's walker skips `#x`)
  const path = seg === undefined ? parent : [...parent, seg];
  const docs = [...inherited, ...(f.comments?.doc ?? [])];
  const chained = chainChild(f.value);
  if (chained) {
    // `a: b: v`: the docs belong to the leaf, and `a` is only a step on the way.
    visitField(chained, path, docs, w);
    return;
  }
  const open = valueIsOpenList(f.value);
  const tags = tagsFrom(parseTagComments(docs), open);
  if (tags) w.out.set(path, tags);
  visitExpr(f.value, path, w);
}

/** The single field of a shorthand struct (`a: b: v`), if `e` is one. */
function chainChild(e: Expr): Field | undefined {
  if (e.type !== 'StructLit' || !e.shorthand) return undefined;
  const only = e.decls.length === 1 ? e.decls[0] : undefined;
  return only?.type === 'Field' ? only : undefined;
}

/** A label as a path segment; `null` for labels the patch ignores (definitions, hidden). */
function labelSegment(l: Label): string | null {
  switch (l.type) {
    case 'Ident':
      return l.name.startsWith('#') || l.name.startsWith('_') ? null : l.name;
    case 'BasicLit':
      return l.value;
    case 'Interpolation':
    case 'DynamicLabel':
      return ANY_LABEL;
    case 'PatternLabel':
      return null; // `[string]: T` constrains fields; it creates none
  }
}

function valueIsOpenList(e: Expr): boolean {
  const v = peel(e);
  if (v.type === 'ListLit') return v.elts.length > 0 && v.elts[v.elts.length - 1]!.type === 'Ellipsis';
  return false;
}

/** Parentheses, `close(...)`, `*` defaults and aliases do not change where a value sits. */
function peel(e: Expr): Expr {
  for (;;) {
    if (e.type === 'ParenExpr') e = e.expr;
    else if (e.type === 'AliasExpr') e = e.expr;
    else if (e.type === 'UnaryExpr' && e.op === '*') e = e.expr;
    else if (e.type === 'CallExpr' && e.fun.type === 'Ident' && e.fun.name === 'close' && e.args.length === 1) e = e.args[0]!;
    else return e;
  }
}

function visitExpr(e: Expr, path: string[], w: Walk): void {
  const v = peel(e);
  switch (v.type) {
    case 'StructLit': {
      const lets = new Map<string, Expr>();
      for (const d of v.decls) if (d.type === 'LetClause') lets.set(d.ident.name, d.expr);
      if (lets.size > 0) w.scopes.push(lets);
      for (const d of v.decls) visitDecl(d, path, w);
      if (lets.size > 0) w.scopes.pop();
      return;
    }
    case 'ListLit':
      for (const el of v.elts) visitElement(el, path, w);
      return;
    case 'BinaryExpr':
      // `a & b` and `*a | b`: both sides contribute fields at this path.
      if (v.op === '&' || v.op === '|') {
        visitExpr(v.left, path, w);
        visitExpr(v.right, path, w);
      }
      return;
    case 'Ident': {
      // A reference: its value's fields sit at this path once resolved (as in KubeVela's
      // exported syntax). Only plain names are followed, not selectors into other values.
      const target = lookup(w, v.name);
      if (!target || w.following.has(v.name)) return;
      w.following.add(v.name);
      visitExpr(target, path, w);
      w.following.delete(v.name);
      return;
    }
    default:
      // Calls, selectors and literals carry no field comments of their own here.
      return;
  }
}

function lookup(w: Walk, name: string): Expr | undefined {
  for (let i = w.scopes.length - 1; i >= 0; i--) {
    const e = w.scopes[i]!.get(name);
    if (e) return e;
  }
  return undefined;
}

function visitDecl(d: Declaration, path: string[], w: Walk): void {
  switch (d.type) {
    case 'Field':
      visitField(d, path, [], w);
      return;
    case 'Comprehension':
      // `if c { f: v }` and `for k, v in x { ... }` add fields to the enclosing struct.
      visitExpr(d.body, path, w);
      return;
    case 'EmbedDecl':
      visitExpr(d.expr, path, w);
      return;
    default:
      return;
  }
}

function visitElement(el: ListElement, listPath: string[], w: Walk): void {
  const path = [...listPath, ELEMENT];
  if (el.type === 'Ellipsis') return;
  if (el.type === 'Comprehension') visitExpr(el.body, path, w);
  else visitExpr(el, path, w);
}
