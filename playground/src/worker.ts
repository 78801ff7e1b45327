/**
 * The evaluation worker: cue-lite itself (the public library, src/index.ts), off the page's
 * thread so that typing never waits for an evaluation. The page sends the files of every edit
 * and drops answers to older ones; an evaluation that runs too long is ended by the page
 * terminating this worker (evaluator.ts), and the library's limits bound the rest.
 */
import {
  Context,
  type CueError,
  CueErrorList,
  type DefinitionFile,
  type PlatformFile,
  RenderError,
  defaultLimits,
  formatRender,
  loadDefinitions,
  loadPlatform,
  renderApplications,
  parseDocuments,
} from '../../src/index.js';
// Built-in definition sources, to open one in the editor: internal to the renderer, so read
// from its generated module (the public API lists definitions, not their text).
import { builtinDefinitionSources } from '../../src/render/builtin-definitions.generated.js';
import type { ErrorItem, Location, Outputs, Request, Response, SourceFile } from './protocol.js';
import { renderRole } from './render-files.js';

declare const self: { postMessage(m: Response): void; onmessage: ((e: { data: Request }) => void) | null };

/**
 * Tighter than the library's defaults: the page evaluates at every pause in typing, so a
 * runaway program should stop within about a second rather than twenty.
 */
const limits = { ...defaultLimits, maxSteps: 5_000_000, maxOutputValues: 500_000 };

function locationsOf(e: CueError): Location[] {
  const out = e.locations.map((l) => ({ file: l.file, line: l.line, column: l.column, offset: l.offset }));
  for (const d of e.details) out.push(...locationsOf(d));
  return out;
}

function itemsOf(errors: readonly CueError[], group?: string): ErrorItem[] {
  return errors.map((e) => ({
    message: (e.path.length > 0 ? e.path.join('.') + ': ' : '') + e.message,
    code: e.code,
    locations: locationsOf(e),
    ...(group !== undefined ? { group } : {}),
  }));
}

function errorsFrom(e: unknown): CueError[] {
  if (e instanceof CueErrorList) return [...e.errors];
  throw e;
}

interface Evaluation {
  outputs: Outputs;
  errors: ErrorItem[];
  errorText: string;
  notices: string[];
}

function evaluateCUE(files: readonly SourceFile[]): Evaluation {
  const ctx = new Context({ limits });
  const value = ctx.compile(files.map((f) => ({ name: f.name, text: f.text })));
  // The errors are export's: every error, incomplete values included (`a: int` cannot be JSON).
  const errors = value.validate({ concrete: true });
  const attempt = (f: () => string): string | null => {
    try {
      return f();
    } catch (e) {
      errorsFrom(e);
      return null;
    }
  };
  const json = errors.length > 0 ? null : attempt(() => value.exportJSON());
  const yaml = errors.length > 0 ? null : attempt(() => value.exportYAML());
  // `cue eval` shows values that are not concrete (types, bounds) as long as nothing conflicts.
  const evalErrors = errors.length > 0 ? value.validate() : [];
  const cue = evalErrors.length > 0 ? null : attempt(() => value.exportCUE({ final: true }));
  return { outputs: { json, yaml, cue }, errors: itemsOf(errors), errorText: errors.map((e) => e.format()).join(''), notices: [] };
}

function evaluateRender(files: readonly SourceFile[]): Evaluation {
  const definitions: DefinitionFile[] = [];
  const platform: PlatformFile[] = [];
  const apps: SourceFile[] = [];
  let context: Record<string, unknown> | undefined;
  for (const f of files) {
    const role = renderRole(f.name);
    if (role === 'application') apps.push(f);
    else if (role === 'platform') platform.push(f);
    else if (role === 'definition') definitions.push(f);
    else if (role === 'context' && f.text.trim() !== '') {
      const data = new Context({ limits }).compile({ name: f.name, text: f.text });
      const errs = data.validate({ concrete: true });
      if (errs.length > 0) throw new CueErrorList(errs);
      context = data.toJS() as Record<string, unknown>;
    }
  }
  const notices: string[] = [];
  const docs = { applications: [] as unknown[], policies: [] as unknown[], workflows: [] as unknown[] };
  for (const a of apps) {
    const d = parseDocuments(a.name, a.text);
    docs.applications.push(...d.applications);
    docs.policies.push(...d.policies);
    docs.workflows.push(...d.workflows);
  }
  const result = renderApplications(docs as Parameters<typeof renderApplications>[0], {
    definitions: loadDefinitions(definitions),
    platform: loadPlatform(platform),
    ...(context ? { context } : {}),
    onNotice: (n) => notices.push(`${n.level}: ${n.message}`),
  });
  return {
    outputs: { yaml: formatRender(result.manifests, 'yaml'), json: formatRender(result.manifests, 'json'), cue: null },
    errors: [],
    errorText: '',
    notices,
  };
}

function evaluate(mode: 'cue' | 'render', files: readonly SourceFile[]): Evaluation {
  try {
    return mode === 'cue' ? evaluateCUE(files) : evaluateRender(files);
  } catch (e) {
    const none: Outputs = { json: null, yaml: null, cue: null };
    if (e instanceof RenderError) {
      return { outputs: none, errors: e.groups.flatMap((g) => itemsOf(g.errors, g.header)), errorText: e.format(), notices: [] };
    }
    if (e instanceof CueErrorList) return { outputs: none, errors: itemsOf(e.errors), errorText: e.format(), notices: [] };
    // Not one of ours: a cue-lite bug. Shown rather than lost, so that it can be reported.
    const message = `internal error: ${e instanceof Error ? e.message : String(e)}`;
    return { outputs: none, errors: [{ message, code: 'internal', locations: [] }], errorText: message + '\n', notices: [] };
  }
}

self.onmessage = (event) => {
  const req = event.data;
  if (req.type === 'definition') {
    const d = builtinDefinitionSources[req.name];
    self.postMessage({ type: 'definition', name: req.name, file: d?.file ?? '', text: d?.text ?? null });
    return;
  }
  const start = performance.now();
  const r = evaluate(req.mode, req.files);
  self.postMessage({ type: 'result', generation: req.generation, mode: req.mode, ...r, ms: performance.now() - start });
};

// The list of built-ins for the page's menu, from their file names: loading them would parse
// every template before the first evaluation could start.
self.postMessage({
  type: 'ready',
  definitions: Object.entries(builtinDefinitionSources).map(([name, d]) => ({
    name,
    kind: /\/traits\//.test(d.file) ? 'trait' : /\/policies\//.test(d.file) ? 'policy' : /\/workflow/.test(d.file) ? 'workflow-step' : 'component',
    description: '',
  })),
});
