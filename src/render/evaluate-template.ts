/**
 * Evaluates one definition template the way KubeVela assembles it
 * (pkg/cue/definition/template.go): the template + the platform layer + `parameter:
 * <properties>` + `context: {...}` (components also get `context: _` and `parameter: _`), as
 * files of one package so that each keeps its own positions.
 *
 * Errors are sorted into KubeVela's groups: paths under `parameter` are parameter errors, the
 * rest template errors; a non-empty `errs` list gives the template's own messages.
 */
import type { Context } from '../api/context.js';
import type { Value } from '../api/value.js';
import { CueError, ErrorCode } from '../errors/index.js';
import { Source, type Span } from '../source/index.js';
import type { Declaration, Expr } from '../syntax/ast.js';
import { parseFile } from '../syntax/index.js';
import type { Definition } from './definition.js';
import type { Platform } from './platform.js';
import { compileFiles, makeField, makeFile } from './syntax-util.js';
import { closedParameterLabel, parameterFromDefinition, renameParameter, stripDefaultsAt } from './template-rewrite.js';

export interface TemplateInputs {
  definition: Definition;
  /** The properties as syntax (positions in the user's file); undefined: none given. */
  properties?: Expr;
  /** The context, as data. */
  context: Record<string, unknown>;
  platform?: Platform;
  /** Check properties against the parameter schema as a closed struct (default true). */
  closedParameter?: boolean;
}

export interface TemplateErrors {
  parameter: CueError[];
  template: CueError[];
}

export interface EvaluatedTemplate {
  readonly value: Value;
  /** Errors of the whole value (not requiring concreteness), by group. */
  readonly errors: TemplateErrors;
}

/**
 * Compiled templates (with their platform layers), per definition: a template is compiled once
 * and unified with each render's inputs, instead of being compiled again for every render.
 * Held weakly by the definition and the platform, so they go when those go.
 */
const compiled = new WeakMap<Definition, WeakMap<object, { closed?: Value; open?: Value }>>();
const noPlatform = {};

function compiledTemplate(ctx: Context, def: Definition, platform: Platform | undefined, closed: boolean): Value {
  let byPlatform = compiled.get(def);
  if (!byPlatform) compiled.set(def, (byPlatform = new WeakMap()));
  // A platform with nothing for this definition compiles the same template as none (render()
  // without platform files makes an empty Platform each time: it must not miss the cache).
  const key = platform && platform.covers(def.name) ? platform : noPlatform;
  let entry = byPlatform.get(key);
  if (!entry) byPlatform.set(key, (entry = {}));
  return closed ? (entry.closed ??= compileTemplate(ctx, def, platform, true)) : (entry.open ??= compileTemplate(ctx, def, platform, false));
}

function compileTemplate(ctx: Context, def: Definition, platform: Platform | undefined, closed: boolean): Value {
  let decls: Declaration[] = stripDefaultsAt(def.template.decls, platform?.defaultPaths(def.name) ?? []);
  let layers = platform?.layersFor(def.name) ?? [];
  if (closed) {
    const t = renameParameter(decls);
    decls = t.decls;
    let renamed = t.renamed;
    let label = t.label;
    layers = layers.map((f) => {
      const r = renameParameter(f.decls);
      renamed ||= r.renamed;
      label ??= r.label;
      return { ...f, decls: r.decls };
    });
    if (renamed) decls.push(parameterFromDefinition(label ?? def.template.span));
  }
  // `context` and `parameter` are always given with the inputs: declared here so that the
  // template compiles on its own (a trait template may use `context` without declaring it).
  const declared = parseFile(new Source('<context>', 'context: _\nparameter: _\n')).file;
  return compileFiles(ctx, [makeFile(decls, def.imports, def.template.span), ...layers, declared]);
}

export function evaluateTemplate(ctx: Context, inputs: TemplateInputs): EvaluatedTemplate {
  const def = inputs.definition;
  const isComponent = def.kind === 'component';
  let value = compiledTemplate(ctx, def, inputs.platform, inputs.closedParameter ?? true);
  // The properties keep their positions (syntax from the user's file); the context is data,
  // encoded directly (no CUE text to print and parse again on every render: a trait's context
  // holds the whole workload).
  if (inputs.properties) value = value.unify(compileFiles(ctx, [makeFile([makeField('parameter', inputs.properties)], [], inputs.properties.span)]));
  value = value.fillPath('context', inputs.context);
  // A component without properties gets `parameter: {}`, as KubeVela does (`context: _` and
  // `parameter: _` are already declared in the compiled template).
  if (isComponent && !inputs.properties) value = value.fillPath('parameter', {});
  return { value, errors: groupErrors(value.validate()) };
}

export function isParameterPath(path: readonly string[]): boolean {
  return path[0] === 'parameter' || path[0] === closedParameterLabel;
}

export function groupErrors(errors: readonly CueError[]): TemplateErrors {
  const out: TemplateErrors = { parameter: [], template: [] };
  for (const e of errors) {
    if (isParameterPath(e.path)) {
      out.parameter.push(e.path[0] === closedParameterLabel ? e.withPath(['parameter', ...e.path.slice(1)]) : e);
    } else out.template.push(e);
  }
  return out;
}

/** The template's own `errs: [...string]` messages, when the list is non-empty. */
export function templateErrs(value: Value, span: Span): CueError[] {
  const errs = value.lookupPath('errs');
  if (!errs.exists()) return [];
  let list: unknown;
  try {
    list = errs.toJS();
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [new CueError(ErrorCode.render, 'errs must be a list of strings', ['errs'], [span])];
  return list.map((m) => new CueError(ErrorCode.user, typeof m === 'string' ? m : JSON.stringify(m), [], [span]));
}
