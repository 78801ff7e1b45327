/**
 * The `override` policy (kubevela pkg/policy/envbinding/patch.go PatchComponents and
 * MergeComponent; pkg/policy/utils/utils.go FilterComponents; the dry run applies it in
 * pkg/appfile/dryrun/dryrun.go patchApp, the controller the same way).
 *
 * Properties are decoded strictly: `{components: [...], selector?: [...]}`; each patch allows
 * `name`, `type`, `properties`, `traits: [{type, properties, disable}]` and `externalRevision`.
 * The patches of one policy apply in order, each to the result of the one before:
 *
 * | patch has            | selects                                   | effect |
 * |----------------------|-------------------------------------------|--------|
 * | no name, no type     | every component                           | merge |
 * | no name, `type: T`   | components of type T                      | merge |
 * | `name: N`            | components whose name matches the Go regexp N with `*` as `.*`, unanchored (`api` matches `my-api-v2`) | merge; but a patch whose `type` differs from the component's replaces it with a component built from the patch |
 * | `name: N`, no match  | -                                         | a new component built from the patch is appended, when N holds a lowercase letter |
 *
 * A merge: properties by merge-properties.ts; `externalRevision` replaced when the patch's is
 * non-empty; traits matched by type, keeping the component's order: `disable: true` removes
 * one, otherwise its properties merge; a trait not there is appended (unless disabled). Then
 * `selector`, when given, keeps only the components it names (`[]` keeps none).
 */
import { RE2JS } from 're2js';
import { CueError, ErrorCode } from '../../errors/index.js';
import type { Span } from '../../source/index.js';
import type { Expr } from '../../syntax/ast.js';
import { type ApplicationComponent, type ApplicationPolicy, type ApplicationTrait, plain } from '../application.js';
import { Decoder } from './decode.js';
import { mergeProperties } from './merge-properties.js';

export interface TraitPatch {
  readonly type: string;
  readonly properties?: Expr;
  readonly disable: boolean;
  readonly span: Span;
}

export interface ComponentPatch {
  readonly name?: string;
  readonly type?: string;
  readonly properties?: Expr;
  readonly traits: readonly TraitPatch[];
  readonly externalRevision?: string;
  readonly span: Span;
}

export interface OverridePolicy {
  readonly name: string;
  readonly components: readonly ComponentPatch[];
  /** Undefined: keep every component; `[]`: keep none. */
  readonly selector?: readonly string[];
}

/** Decodes an override policy's properties; errors (with positions) go to the returned list. */
export function readOverride(policy: ApplicationPolicy): { override?: OverridePolicy; errors: CueError[] } {
  const d = new Decoder(`override policy "${policy.name}"`);
  if (!policy.properties) {
    d.errors.push(new CueError(ErrorCode.render, `override policy "${policy.name}" must not have empty properties`, [], [policy.span]));
    return { errors: d.errors };
  }
  const top = d.struct(policy.properties, [], ['components', 'selector']);
  if (!top) return { errors: d.errors };
  const components: ComponentPatch[] = [];
  (d.list(top.get('components'), ['components']) ?? []).forEach((c, i) => {
    const path = ['components', String(i)];
    const m = d.struct(c, path, ['name', 'type', 'properties', 'traits', 'externalRevision']);
    if (!m) return;
    const traits: TraitPatch[] = [];
    (d.list(m.get('traits'), [...path, 'traits']) ?? []).forEach((t, j) => {
      const tp = [...path, 'traits', String(j)];
      const tm = d.struct(t, tp, ['type', 'properties', 'disable']);
      if (!tm) return;
      const type = d.string(tm.get('type'), [...tp, 'type']);
      if (!type) return d.fail(tp, 'a trait patch needs a type', t);
      const properties = d.mapping(tm.get('properties'), [...tp, 'properties']);
      traits.push({ type, ...(properties ? { properties } : {}), disable: d.bool(tm.get('disable'), [...tp, 'disable']) ?? false, span: t.span });
    });
    const name = d.string(m.get('name'), [...path, 'name']);
    const type = d.string(m.get('type'), [...path, 'type']);
    const properties = d.mapping(m.get('properties'), [...path, 'properties']);
    const externalRevision = d.string(m.get('externalRevision'), [...path, 'externalRevision']);
    components.push({
      ...(name ? { name } : {}),
      ...(type ? { type } : {}),
      ...(properties ? { properties } : {}),
      traits,
      ...(externalRevision ? { externalRevision } : {}),
      span: c.span,
    });
  });
  const selector = d.strings(top.get('selector'), ['selector']);
  if (d.errors.length > 0) return { errors: d.errors };
  return { override: { name: policy.name, components, ...(selector ? { selector } : {}) }, errors: [] };
}

/** The component and trait types an override names (KubeVela requires their definitions). */
export function overrideTypes(o: OverridePolicy): { components: { type: string; span: Span }[]; traits: { type: string; span: Span }[] } {
  const components = o.components.filter((c) => c.type).map((c) => ({ type: c.type!, span: c.span }));
  const traits = o.components.flatMap((c) => c.traits.map((t) => ({ type: t.type, span: t.span })));
  return { components, traits };
}

/** Whether a component name matches a patch's name pattern (Go regexp, `*` as `.*`, unanchored). */
function nameMatcher(pattern: string): ((name: string) => boolean) | undefined {
  try {
    const re = RE2JS.compile(pattern.split('*').join('.*'));
    return (name) => re.test(name);
  } catch {
    return undefined; // KubeVela skips matching when the pattern does not compile
  }
}

/** KubeVela adds a component for an unmatched name when this (unanchored) regexp matches it. */
const addableName = /[a-z]([a-z-]{0,61}[a-z])?/;

/**
 * Applies one override policy to the components (returns new components; the inputs are not
 * changed). `where` names the policy in errors.
 */
export function applyOverride(components: readonly ApplicationComponent[], o: OverridePolicy): { components: ApplicationComponent[]; errors: CueError[] } {
  const errors: CueError[] = [];
  const order: string[] = components.map((c) => c.name);
  const byName = new Map<string, ApplicationComponent>(components.map((c) => [c.name, c]));
  for (const patch of o.components) {
    if (patch.name === undefined) {
      for (const [name, comp] of byName) {
        if (patch.type === undefined || patch.type === comp.type) byName.set(name, mergeComponent(comp, patch));
      }
      continue;
    }
    let add = addableName.test(patch.name);
    const matches = nameMatcher(patch.name);
    if (matches) {
      for (const [name, comp] of byName) {
        if (!matches(name)) continue;
        add = false;
        if (patch.type !== undefined && patch.type !== comp.type) byName.set(name, componentFromPatch(patch, patch.name, errors, o.name));
        else byName.set(name, mergeComponent(comp, patch));
      }
    }
    if (add) {
      // A new component: KubeVela keys it by the patch's name (a second one with that name replaces it).
      if (!byName.has(patch.name)) order.push(patch.name);
      byName.set(patch.name, componentFromPatch(patch, patch.name, errors, o.name));
    }
  }
  const kept = o.selector ? order.filter((n) => o.selector!.includes(n)) : order;
  return { components: kept.map((n) => byName.get(n)!), errors };
}

/** A component built from a patch alone (added, or replacing one of another type). */
function componentFromPatch(patch: ComponentPatch, name: string, errors: CueError[], policy: string): ApplicationComponent {
  if (!patch.type) {
    errors.push(new CueError(ErrorCode.render, `override policy "${policy}": component "${name}" matches no component and is added, but the patch has no type`, [], [patch.span]));
  }
  const traits: ApplicationTrait[] = patch.traits.filter((t) => !t.disable).map((t) => ({ type: t.type, ...(t.properties ? { properties: t.properties } : {}), span: t.span }));
  const data: Record<string, unknown> = { name, type: patch.type ?? '' };
  if (patch.properties) data.properties = plain(patch.properties);
  if (traits.length > 0) data.traits = traits.map(traitData);
  if (patch.externalRevision) data.externalRevision = patch.externalRevision;
  return { name, type: patch.type ?? '', ...(patch.properties ? { properties: patch.properties } : {}), traits, data, span: patch.span };
}

/** MergeComponent: properties merged, externalRevision replaced, traits merged by type. */
function mergeComponent(base: ApplicationComponent, patch: ComponentPatch): ApplicationComponent {
  const properties = mergeProperties(base.properties, patch.properties, patch.span);
  const traits = new Map<string, ApplicationTrait>();
  const order: string[] = [];
  for (const t of base.traits) {
    // Keyed by type: with the same type twice, the last one is kept (and printed twice, as in KubeVela).
    traits.set(t.type, t);
    order.push(t.type);
  }
  for (const t of patch.traits) {
    const old = traits.get(t.type);
    if (old) {
      if (t.disable) traits.delete(t.type);
      else traits.set(t.type, { ...old, properties: mergeProperties(old.properties, t.properties, t.span) });
    } else if (!t.disable) {
      traits.set(t.type, { type: t.type, ...(t.properties ? { properties: t.properties } : {}), span: t.span });
      order.push(t.type);
    }
  }
  const merged = order.filter((type) => traits.has(type)).map((type) => traits.get(type)!);
  const data: Record<string, unknown> = { ...base.data, properties: plain(properties), traits: merged.map(traitData) };
  if (patch.externalRevision) data.externalRevision = patch.externalRevision;
  return { ...base, properties, traits: merged, data };
}

function traitData(t: ApplicationTrait): Record<string, unknown> {
  return { type: t.type, ...(t.properties ? { properties: plain(t.properties) } : {}) };
}
