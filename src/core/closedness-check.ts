/**
 * Checking closedness at a vertex once all its conjuncts are in (see closedness.ts for the model).
 */
import { ErrorCode, closeMatches } from '../errors/index.js';
import { ArcRequired, DeclKind } from './adt.js';
import { type BottomInfo, bottomInfo, isIncompleteInfo } from './bottom.js';
import { CloseContext, type StructInfo } from './closedness.js';
import { matchesPattern } from './evaluator.js';
import { type Label, isRegularLabel, labelName } from './label.js';
import { Bottom, type Value, ValueType } from './value.js';
import { Vertex } from './vertex.js';

/**
 * What each field of a vertex must satisfy: a def or close() context on the chain of one of its
 * struct literals, or a literal that embeds a definition (closedness.ts), met below the vertex
 * it was inserted in (at that vertex, the embedded definition's own requirement applies).
 */
export type Requirement = CloseContext | StructInfo;

const noRequirements: readonly Requirement[] = [];

function requirements(structs: readonly StructInfo[]): CloseContext[] | null {
  let reqs: CloseContext[] | null = null;
  for (const s of structs) {
    for (let c = s.ctx; c; c = c.parent) {
      if ((c.kind === 'def' || (c.kind === 'close' && c.owner === null)) && !reqs?.includes(c)) (reqs ??= []).push(c);
    }
  }
  return reqs;
}

/**
 * The requirements of vertex `v`: those of its struct literals' chains, and the literals that
 * embed a definition in an ancestor of `v`, as CUE's typocheck.go passes a node's requirement
 * sets down to its children (getReqSets). A requirement one of whose conjuncts here leaves
 * closedness to itself (see leavesClosednessToItself) checks nothing (CUE's filterTop, forceOpen).
 */
export function vertexRequirements(v: Vertex): readonly Requirement[] {
  let reqs: Requirement[] | null = v.structs === null ? null : requirements(v.structs);
  // Most trees have no literal that embeds a definition: no walk up for one.
  if (Vertex.closingByEmbedding) {
    for (let a = v.parent; a; a = a.parent) {
      if (!a.closesByEmbedding) continue;
      for (const owner of a.structs ?? []) {
        if (owner.closedByEmbeddedDefinition && stillApplies(owner, a, v)) (reqs ??= []).push(owner);
      }
    }
  }
  if (reqs === null) return noRequirements;
  const opened = v.openedBy;
  if (opened !== null) {
    reqs = reqs.filter((r) => !opened.some((o) => (r instanceof CloseContext ? o.hasAncestor(r) : ctxInGroupOf(o, r))));
  }
  return reqs;
}

/** Builtins that accept schemas and so check the fields of a struct themselves (CUE's NonConcrete builtins). */
const schemaValidators: Readonly<Record<string, readonly string[]>> = {
  '': ['matchN', 'matchIf'],
  'encoding/json': ['Validate'],
  'encoding/yaml': ['Validate', 'ValidatePartial'],
  list: ['MatchN'],
};

/** Whether a builtin takes schemas as arguments (`matchN(1, [#A])`, `yaml.Validate(#A)`). */
export function takesSchemas(pkg: string, name: string): boolean {
  return schemaValidators[pkg]?.includes(name) === true;
}

/**
 * Whether a non-struct conjunct takes over the closedness check of the definition or close() it
 * belongs to: a validator that takes a schema (`matchN(1, [#A])`), or a `!=` bound, which CUE
 * treats as an open validator (conjunct.go, cHasOpenValidator;
 * cue/testdata/definitions/typocheck.txtar, validators.cue embed.openValidator).
 */
export function leavesClosednessToItself(x: Value): boolean {
  switch (x.type) {
    case ValueType.validator:
      return schemaValidators[x.builtin.pkg]?.includes(x.builtin.name) === true;
    case ValueType.bound:
      return x.op === '!=';
    case ValueType.conjunction:
      return x.bounds.some((b) => b.op === '!=') || x.validators.some((w) => leavesClosednessToItself(w));
    default:
      return false;
  }
}

/**
 * Whether the closing literal `owner`, inserted at vertex `top`, still constrains the fields of
 * `v` below it. It stops at a vertex where its group gives only a non-struct (a naked `_`:
 * CUE's filterTop), or where its group does not reach and the vertex is a definition or hidden
 * field (getReqSets) or its parent has a `...` of the group (hasParentEllipsis).
 */
function stillApplies(owner: StructInfo, top: Vertex, v: Vertex): boolean {
  for (let w: Vertex | null = v; w && w !== top; w = w.parent) {
    const structs = w.structs ?? [];
    if (!structs.some((s) => inGroupOf(s, owner))) {
      if (w.conjuncts.some((c) => ctxInGroupOf(c.ctx, owner))) return false;
      const label = w.label;
      if (typeof label === 'string' && !isRegularLabel(label)) return false;
    }
    // A `...` one level up, in the literal or in what it embeds (`{#X, a: b: string}` with
    // `#X: {...}`), lets in the fields that struct does not reach itself.
    for (const e of w.parent?.structs ?? []) {
      if (e.hasEllipsis && inGroupOf(e, owner) && !structs.some((s) => descendsFrom(s, e, owner))) return false;
    }
  }
  return true;
}

/** Whether struct `s` comes from a field of struct `e` (of `owner`'s group): `e`'s context reaches it. */
function descendsFrom(s: StructInfo, e: StructInfo, owner: StructInfo): boolean {
  if (e === owner) return inGroupOf(s, owner);
  return s.ctx !== null && e.ctx !== null && s.ctx.hasAncestor(e.ctx);
}

function ctxInGroupOf(ctx: CloseContext | null, owner: StructInfo): boolean {
  for (let c = ctx; c; c = c.parent) if (c.kind === 'embed' && c.owner === owner) return true;
  return false;
}

/** Whether struct `s` belongs to the group of literal `owner`: it is that literal, or comes from its fields or embeddings. */
function inGroupOf(s: StructInfo, owner: StructInfo): boolean {
  return s === owner || ctxInGroupOf(s.ctx, owner);
}

/**
 * Whether the evaluated struct `v` can never have the regular field `label`: it is closed (by a
 * definition or close(), or because it lies inside a definition, which the spec closes
 * recursively) and nothing in it allows the label. Selecting such a field is a permanent error,
 * not an incomplete one. Conservative: a literal with a comprehension or a dynamic field, whose
 * labels may not be known, could still allow it.
 */
export function cannotHaveField(v: Vertex, label: Label, insideDefinition: boolean): boolean {
  const structs = v.structs;
  if (!structs || structs.length === 0 || typeof label !== 'string' || !isRegularLabel(label)) return false;
  for (const s of structs) if (s.lit.hasEmbeds || s.dynamicLabels !== null || hasDynamicFields(s)) return false;
  const reqs = requirements(structs);
  if (reqs !== null) return reqs.some((r) => !allowedBy(r, label, structs));
  return insideDefinition && !structs.some((s) => structAllows(s, label));
}

/**
 * Whether the evaluated struct `v` accepts regular fields it has not declared: it is open, or
 * closed with `...` or a pattern any label matches (`label` stands for such a field). Unlike
 * cannotHaveField, a comprehension that added nothing does not open it.
 */
export function acceptsUndeclared(v: Vertex, label: string, insideDefinition: boolean): boolean {
  const structs = v.structs ?? [];
  const reqs = requirements(structs);
  if (reqs !== null) return reqs.every((r) => allowedBy(r, label, structs));
  return !insideDefinition || structs.some((s) => structAllows(s, label));
}

function hasDynamicFields(s: StructInfo): boolean {
  return s.lit.decls.some((d) => d.kind === DeclKind.dynamicField);
}

/**
 * The closedness error of a required field that its struct does not allow: like a regular
 * field's, it is an error of the struct (CUE's typocheck reports arcs up to ArcRequired: a
 * required field in one definition is not allowed by another, cue/testdata/eval/required
 * issue2306), while an optional field that is not allowed is only left out.
 */
export function rejectedRequired(a: Vertex): BottomInfo | null {
  if (a.arcType !== ArcRequired) return null;
  const info = a.notAllowed;
  return info !== null && !isIncompleteInfo(info) ? info : null;
}

export function checkClosedness(v: Vertex): void {
  const structs = v.structs!;
  const reqs = vertexRequirements(v);
  if (reqs.length === 0) return;
  for (const arc of v.arcs) {
    const label = arc.label!;
    if (typeof label !== 'string' || !isRegularLabel(label)) continue;
    for (const r of reqs) {
      if (allowedBy(r, label, structs)) continue;
      const name = labelName(label);
      // As current CUE reports it: at the field, with the field's position. The did-you-mean
      // hint is apart from the message (CUE has none) and searched for only if it is read (a
      // failed disjunct's never is).
      const info = bottomInfo(ErrorCode.eval, 'field not allowed', [arc.declSrc], () => {
        const near = nearMiss(name, r, structs);
        return near ? `did you mean ${near}?` : undefined;
      });
      info.path = arc.path();
      arc.notAllowed = info;
      arc.value = new Bottom(info);
      break;
    }
  }
}

/** Whether some struct of requirement `r` (or a literal it is embedded in) allows `label`. */
export function allowedBy(r: Requirement, label: Label, structs: StructInfo[]): boolean {
  // Loops, not closures: this runs for every field of every closed struct.
  if (r instanceof CloseContext) {
    for (const s of structs) {
      if (s.ctx && s.ctx.hasAncestor(r) && structAllows(s, label)) return true;
    }
  } else {
    for (const s of structs) if (inGroupOf(s, r) && structAllows(s, label)) return true;
  }
  // Every embedding the requirement sits in: the rest of that embedding's group counts. For a
  // closing literal that is the embeddings around it (`#D5: {#D3}` embedded in `#D8: {#D5,
  // a: {c: 1}}`: `#D8`'s own fields are allowed), not a struct it is only unified with.
  for (let c = r instanceof CloseContext ? r.parent : r.ctx; c; c = c.parent) {
    // Slot -1 marks a literal's own fields: a definition there is a field's value, not embedded.
    if (c.kind !== 'embed' || !c.owner || c.slot < 0) continue;
    const owner = c.owner;
    for (const s of structs) {
      if (sameGroup(s, owner) ? structAllows(s, label) : inOtherMember(s.ctx, owner, c.slot) && structAllows(s, label) && !copyIn(s, c, structs)) return true;
    }
  }
  return false;
}

/**
 * Whether the literal of struct `s` (in the same environment) also came into the member that
 * embed context `member` marks: the same conjuncts reached through two members (`{w, w}`, a
 * definition embedded twice whose comprehensions both yield one vertex) are there once in CUE,
 * which adds a vertex's conjuncts once per node (conjunct.go, arcMap), so the copy does not
 * let in what its own member rejects (`eval/bulk` issue3638).
 */
function copyIn(s: StructInfo, member: CloseContext, structs: StructInfo[]): boolean {
  for (const t of structs) {
    if (t !== s && t.lit === s.lit && t.env === s.env && t.ctx !== null && t.ctx.hasAncestor(member)) return true;
  }
  return false;
}

/** The files of a package are one literal for closedness: an embedding in one closes none of the others. */
function sameGroup(a: StructInfo, b: StructInfo): boolean {
  return a === b || (a.lit.isFile && b.lit.isFile);
}

/** Whether a context chain passes through an embed context of `owner`'s group, other than the member (`owner`, `slot`). */
function inOtherMember(ctx: CloseContext | null, owner: StructInfo, slot: number): boolean {
  for (let c = ctx; c; c = c.parent) {
    if (c.kind === 'embed' && c.owner && sameGroup(c.owner, owner) && (c.owner !== owner || c.slot !== slot)) return true;
  }
  return false;
}

export function structAllows(s: StructInfo, label: Label): boolean {
  if (s.hasEllipsis) return true;
  if (s.lit.staticLabels.includes(label)) return true;
  if (s.dynamicLabels && s.dynamicLabels.includes(label)) return true;
  return patternAllows(s, label);
}

/** Whether one of the pattern constraints of struct `s` matches `label`. */
export function patternAllows(s: StructInfo, label: Label): boolean {
  if (s.patterns) {
    const name = labelName(label);
    for (const p of s.patterns) if (matchesPattern(p, name)) return true;
  }
  return false;
}

function nearMiss(name: string, r: Requirement, structs: StructInfo[]): string | undefined {
  if (name.length < 4) return undefined;
  const labels: string[] = [];
  for (const s of structs) {
    if (r instanceof CloseContext ? !s.ctx || !s.ctx.hasAncestor(r) : !inGroupOf(s, r)) continue;
    for (const l of s.lit.staticLabels) if (typeof l === 'string' && isRegularLabel(l)) labels.push(labelName(l));
  }
  return closeMatches(name, labels, 1)[0];
}

