/**
 * One KubeVela definition, read from either of the two formats users keep them in:
 *
 * - the `vela def` CUE format (kubevela pkg/definition/definition.go, FromCUEString): imports,
 *   exactly one metadata field `<name>: {type, description, labels, annotations, attributes}`,
 *   then `template: {...}`;
 * - a ComponentDefinition / TraitDefinition resource in YAML (or JSON) whose
 *   `spec.schematic.cue.template` string holds the template (imports + body).
 *
 * The template stays syntax (with its source positions) until a render assembles it with the
 * parameter and context files: parsing happens once per definition, evaluation once per render.
 */
import { isScalar as isYAMLScalar, parseAllDocuments } from 'yaml';
import { Context } from '../api/context.js';
import { CueError, CueErrorList, ErrorCode } from '../errors/index.js';
import { Source, type Span } from '../source/index.js';
import type { Declaration, Field, File, ImportDecl, StructLit } from '../syntax/ast.js';
import { parseFile } from '../syntax/index.js';
import { compileFiles, labelString } from './syntax-util.js';

export type DefinitionKind = 'component' | 'trait' | 'policy' | 'workflow-step';

export interface Definition {
  /** The name Applications use in `type:` (the metadata label, or `metadata.name`). */
  readonly name: string;
  readonly kind: DefinitionKind;
  /** The file it came from, as given (shown in errors). */
  readonly file: string;
  readonly description: string;
  /** `attributes` (CUE format) or `spec` without `schematic` (YAML): appliesToWorkloads, conflictsWith, workload, ... */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The template's imports. */
  readonly imports: readonly ImportDecl[];
  /** The template body: its declarations, with positions in `file`. */
  readonly template: StructLit;
  /** Where the name is declared (for "defined twice" errors). */
  readonly span: Span;
  /** Shipped with cue-lite (stdlib/definitions) rather than given with --defs. */
  readonly builtin: boolean;
}

const kinds: Readonly<Record<string, DefinitionKind>> = {
  component: 'component',
  trait: 'trait',
  policy: 'policy',
  'workflow-step': 'workflow-step',
  ComponentDefinition: 'component',
  TraitDefinition: 'trait',
  PolicyDefinition: 'policy',
  WorkflowStepDefinition: 'workflow-step',
};

/** Whether a file name looks like a definition file we can read. */
export function isDefinitionFileName(name: string): boolean {
  return /\.(cue|ya?ml|json)$/i.test(name);
}

/**
 * Reads every definition in one file (a CUE file holds one; a YAML stream may hold several).
 * Throws a CueErrorList for a file that is not a definition.
 */
export function parseDefinitionFile(name: string, text: string, options: { builtin?: boolean } = {}): Definition[] {
  if (/\.cue$/i.test(name)) return [parseCUEDefinition(new Source(name, text), options.builtin ?? false)];
  return parseYAMLDefinitions(name, text, options.builtin ?? false);
}

function fail(message: string, spans: Span[] = []): never {
  throw new CueErrorList([new CueError(ErrorCode.render, message, [], spans)]);
}

/** The `vela def` format. */
export function parseCUEDefinition(src: Source, builtin: boolean): Definition {
  const { file, errors } = parseFile(src);
  if (errors.length > 0) throw new CueErrorList(errors);
  let meta: Field | undefined;
  let template: Field | undefined;
  for (const d of file.decls) {
    if (d.type !== 'Field') {
      fail(`${src.name}: a definition file holds one metadata field and a template, not a ${declName(d)}`, [d.span]);
    }
    const label = labelString(d.label);
    if (label === 'template') template = d;
    else if (label === undefined) fail(`${src.name}: the definition name must be a plain label`, [d.label.span]);
    else if (meta) fail(`${src.name}: more than one metadata field (${labelString(meta.label)} and ${label}); a definition file describes one definition`, [meta.span, d.span]);
    else meta = d;
  }
  if (!meta) fail(`${src.name}: no metadata field (<name>: {type: "component", ...})`, [file.span]);
  if (!template) fail(`${src.name}: no template field`, [meta.span]);
  if (template.value.type !== 'StructLit') fail(`${src.name}: template must be a struct {...}`, [template.value.span]);
  const name = labelString(meta.label)!;
  // The metadata is evaluated on its own (it holds plain data: type, description, attributes).
  const metaFile: File = { type: 'File', span: file.span, attrs: [], imports: [], decls: [meta] };
  const value = compileFiles(new Context(), [metaFile]).lookupPath([name]);
  let data: Record<string, unknown>;
  try {
    data = value.toJS() as Record<string, unknown>;
  } catch (e) {
    if (e instanceof CueErrorList) throw new CueErrorList(e.errors.map((x) => x.withPositions(x.positions.length ? x.positions : [meta.span])));
    throw e;
  }
  const kind = kinds[String(data.type)];
  if (!kind || /Definition$/.test(String(data.type))) fail(`${src.name}: ${name}.type must be "component", "trait", "policy" or "workflow-step", not ${JSON.stringify(data.type)}`, [meta.span]);
  return {
    name,
    kind,
    file: src.name,
    description: typeof data.description === 'string' ? data.description : '',
    attributes: isRecord(data.attributes) ? data.attributes : {},
    imports: file.imports,
    template: template.value,
    span: meta.label.span,
    builtin,
  };
}

function declName(d: Declaration): string {
  switch (d.type) {
    case 'EmbedDecl':
      return 'embedded value';
    case 'Comprehension':
      return 'comprehension';
    case 'LetClause':
      return 'let clause';
    case 'Ellipsis':
      return '...';
    default:
      return 'declaration';
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** ComponentDefinition / TraitDefinition resources (YAML or JSON, several per stream). */
function parseYAMLDefinitions(name: string, text: string, builtin: boolean): Definition[] {
  const src = new Source(name, text);
  const docs = parseAllDocuments(text, { prettyErrors: false, logLevel: 'silent', uniqueKeys: false });
  const out: Definition[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      fail(`${name}: invalid YAML: ${e.message.split('\n')[0]}`, [{ src, start: e.pos[0], end: e.pos[0] }]);
    }
    const data = doc.toJS() as unknown;
    if (data === null || data === undefined) continue;
    const at = (n: unknown): Span => {
      const r = (n as { range?: [number, number, number] } | null)?.range;
      return r ? { src, start: r[0], end: r[1] } : { src, start: 0, end: 0 };
    };
    if (!isRecord(data)) fail(`${name}: not a definition resource (expected a mapping with kind: ComponentDefinition or TraitDefinition)`, [at(doc.contents)]);
    const kind = kinds[String(data.kind)];
    if (!kind || !String(data.kind).endsWith('Definition')) {
      fail(`${name}: kind ${JSON.stringify(data.kind)} is not a definition (want ComponentDefinition, TraitDefinition, PolicyDefinition or WorkflowStepDefinition)`, [at(doc.get('kind', true))]);
    }
    const meta = isRecord(data.metadata) ? data.metadata : {};
    const defName = meta.name;
    if (typeof defName !== 'string' || defName === '') fail(`${name}: metadata.name is missing`, [at(doc.contents)]);
    const spec = isRecord(data.spec) ? { ...data.spec } : {};
    const node = doc.getIn(['spec', 'schematic', 'cue', 'template'], true);
    if (!isYAMLScalar(node) || typeof node.value !== 'string') {
      fail(`${name}: ${defName} has no spec.schematic.cue.template (only CUE-based definitions can be rendered)`, [at(doc.get('spec', true) ?? doc.contents)]);
    }
    delete spec.schematic;
    const tsrc = templateSource(src, node.value, node.type, node.range ?? undefined);
    const { file, errors } = parseFile(tsrc);
    if (errors.length > 0) throw new CueErrorList(errors);
    const annotations = isRecord(meta.annotations) ? meta.annotations : {};
    const desc = annotations['definition.oam.dev/description'];
    out.push({
      name: defName,
      kind,
      file: name,
      description: typeof desc === 'string' ? desc : '',
      attributes: spec,
      imports: file.imports,
      template: { type: 'StructLit', span: file.span, decls: file.decls },
      span: at(doc.getIn(['metadata', 'name'], true)),
      builtin,
    });
  }
  return out;
}

/**
 * A Source for a template embedded in YAML. For a block literal (`template: |`), every content
 * line is the template line after a fixed indentation, so padding the template with the
 * lines and indentation before it gives positions that are line:column in the YAML file.
 * Other scalar styles get a source of their own, named after the field.
 */
function templateSource(yamlSrc: Source, template: string, style: string | undefined, range: [number, number, number] | undefined): Source {
  if (style === 'BLOCK_LITERAL' && range) {
    const text = yamlSrc.text;
    const headerEnd = text.indexOf('\n', range[0]);
    if (headerEnd >= 0) {
      const before = text.slice(0, headerEnd + 1);
      const lines = template.split('\n');
      const yamlLines = text.slice(headerEnd + 1).split('\n');
      const firstContent = yamlLines.find((l) => l.trim() !== '') ?? '';
      const indent = firstContent.length - firstContent.trimStart().length;
      const padded = lines.map((l) => (l === '' ? '' : ' '.repeat(indent) + l));
      // Check that the padding reproduces the YAML lines; otherwise positions would lie.
      if (padded.every((l, i) => l === '' || yamlLines[i] === l)) {
        return new Source(yamlSrc.name, '\n'.repeat(before.split('\n').length - 1) + padded.join('\n'));
      }
    }
  }
  return new Source(`${yamlSrc.name}#spec.schematic.cue.template`, template);
}
