/// <reference types="node" />
/**
 * The instance a document belongs to, loaded and evaluated as `cue-lite eval` would: the
 * package of its directory (with the same package's files in ancestor directories up to the
 * module root, and the module's imports), read through the overlay of open documents. A file
 * without a package clause is an instance of its own; a KubeVela definition file (a metadata
 * field and `template`, no package) is checked as `vela def vet` checks it, with `context`
 * declared.
 */
import path from 'node:path';
import { Context, type CueError, type EvalLimits, Source, type Value, parseFile, vetDefinition, addVelaStubs, baseContext } from '../index.js';
import type * as A from '../syntax/ast.js';
import { overlayFS } from './overlay-fs.js';
import type { Position } from 'vscode-languageserver';
import { type SyntaxIndex, type Target, indexPackage, labelName, targetAt } from './syntax-index.js';
import { docOf } from './text.js';

/**
 * Limits for evaluation in the editor: lower than the library's defaults, so that a hostile
 * file costs the editor at most a second or two of a worker, never a hang.
 */
export const editorLimits: Partial<EvalLimits> = {
  maxSteps: 4_000_000,
  maxDisjuncts: 5_000,
  maxStringSize: 4 * 1024 * 1024,
  maxListSize: 20_000,
  maxComprehensionValues: 100_000,
  maxOutputValues: 400_000,
};

export interface FileInfo {
  /** Absolute path (or the document's URI for a document that is not a file). */
  readonly abs: string;
  /** The name used in this instance's positions (`Span.src.name`). */
  readonly name: string;
  readonly text: string;
  readonly syntax: A.File;
}

export interface Instance {
  readonly key: string;
  readonly files: readonly FileInfo[];
  /** The evaluated instance; null when it could not be built (syntax errors, a missing import). */
  readonly value: Value | null;
  readonly errors: readonly CueError[];
  readonly index: SyntaxIndex;
  /** A KubeVela definition file: its template is evaluated with `context` and `parameter` declared. */
  readonly kubevela: boolean;
  /** Evaluation time, ms. */
  readonly ms: number;
}

const packageClause = /^\s*package\s+([#_$\p{L}][\p{L}\p{Nd}_$]*)/mu;

export function packageOf(text: string): string | undefined {
  // Only what precedes the first declaration can hold the clause: comments and attributes.
  const m = packageClause.exec(text);
  return m ? m[1] : undefined;
}

/** The key shared by every document of one instance. */
export function instanceKey(abs: string, text: string): string {
  if (!path.isAbsolute(abs)) return abs;
  const pkg = packageOf(text);
  return pkg === undefined ? abs : `${path.dirname(abs)}:${pkg}`;
}

/** Whether a file has the `vela def` shape: one metadata field with a `type`, and `template: {...}`. */
export function isKubeVelaDefinition(file: A.File): boolean {
  if (file.package) return false;
  const fields = file.decls.filter((d): d is A.Field => d.type === 'Field');
  if (fields.length !== 2 || file.decls.length !== 2) return false;
  const template = fields.find((f) => labelName(f.label) === 'template');
  const meta = fields.find((f) => f !== template);
  if (!template || !meta || template.value.type !== 'StructLit' || meta.value.type !== 'StructLit') return false;
  return meta.value.decls.some((d) => d.type === 'Field' && labelName(d.label) === 'type');
}

/** `context` as templates see it, as a schema: the fields of the renderer's base context. */
export function kubeVelaContextSource(): string {
  const base = baseContext({ appName: 'app', componentName: 'component' }) as Record<string, unknown>;
  const typeOf = (v: unknown): string => (typeof v === 'string' ? 'string' : typeof v === 'number' ? 'int' : Array.isArray(v) ? '[...]' : '{...}');
  const fields = Object.entries(base).map(([k, v]) => `\t${k}: ${typeOf(v)}`);
  // Traits also see the component's output (KubeVela's trait context).
  fields.push('\tcomponentType?: string', '\toutput?: {...}', '\toutputs?: {...}');
  return `context: {\n${fields.join('\n')}\n\t...\n}\n`;
}

/**
 * Loads and evaluates the instance of `abs` (absolute path), with `open` as the documents' texts.
 * For a file of a package this is the package's instance (`key`, the same whichever of its
 * files asks), which may leave `abs` out (an @if attribute, a _tool file): see `loadAlone`.
 */
export async function loadInstance(abs: string, open: ReadonlyMap<string, string>, key: string): Promise<Instance> {
  const t0 = performance.now();
  const text = open.get(abs) ?? '';
  const ctx = new Context({ limits: editorLimits });
  if (!path.isAbsolute(abs)) return single(ctx, abs, abs, text, key, t0);
  const dir = path.dirname(abs);
  const pkg = packageOf(text);
  if (pkg === undefined) return single(ctx, abs, path.basename(abs), text, key, t0);
  const loaded = await ctx.load({ dir, fs: overlayFS(open), args: [`.:${pkg}`] });
  const inst = loaded.find((l) => l.files.some((f) => path.resolve(dir, f.name) === abs)) ?? loaded[0]!;
  const files: FileInfo[] = [];
  for (const f of inst.files) {
    const syntax = f.syntax ?? parseFile(new Source(f.name, f.text)).file;
    files.push({ abs: path.resolve(dir, f.name), name: syntax.span.src.name, text: f.text, syntax });
  }
  const value = inst.value.exists() ? inst.value : null;
  const errors = inst.value.validate({ all: true });
  // A file of the package that does not parse is not among the loader's files, only in its
  // syntax errors; it is a file of this instance all the same (its diagnostics go to it, and
  // requests about it are answered from the last instance that evaluated).
  for (const e of errors) {
    for (const sp of [e, ...e.details].flatMap((x) => x.positions)) {
      const fileAbs = path.resolve(dir, sp.src.name);
      if (path.dirname(fileAbs) !== dir || !fileAbs.endsWith('.cue') || files.some((f) => f.abs === fileAbs)) continue;
      files.push({ abs: fileAbs, name: sp.src.name, text: sp.src.text, syntax: parseFile(sp.src).file });
    }
  }
  return { key, files, value, errors, index: indexPackage(files.map((f) => f.syntax)), kubevela: false, ms: performance.now() - t0 };
}

/** A file its directory's package leaves out (an @if attribute, a _tool file): an instance of its own, keyed by its path. */
export function loadAlone(abs: string, text: string): Instance {
  return single(new Context({ limits: editorLimits }), abs, path.basename(abs), text, abs, performance.now());
}

function single(ctx: Context, abs: string, name: string, text: string, key: string, t0: number): Instance {
  const { file, errors: syntaxErrors } = parseFile(new Source(name, text));
  const info: FileInfo = { abs, name, text, syntax: file };
  const index = indexPackage([file]);
  if (syntaxErrors.length > 0) return { key, files: [info], value: null, errors: syntaxErrors, index, kubevela: false, ms: performance.now() - t0 };
  if (isKubeVelaDefinition(file)) {
    addVelaStubs(ctx, file.imports, text);
    const stub = parseFile(new Source('<kubevela context>', kubeVelaContextSource())).file;
    const value = ctx.compileSyntax([file, stub]);
    const errors = vetDefinition(name, text);
    return { key, files: [info], value: value.exists() ? value : null, errors, index, kubevela: true, ms: performance.now() - t0 };
  }
  const value = ctx.compileSyntax([file]);
  const errors = value.validate({ all: true });
  return { key, files: [info], value: value.exists() ? value : null, errors, index, kubevela: false, ms: performance.now() - t0 };
}

/** What is under the cursor in one file of the instance (hover, definition and rename start here). */
export function targetAtPosition(inst: Instance, abs: string, pos: Position): Target | undefined {
  const file = inst.files.find((f) => f.abs === abs);
  return file ? targetAt(inst.index, file.name, docOf(file.syntax.span.src).offsetAt(pos)) : undefined;
}
