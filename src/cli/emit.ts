/**
 * The values a command prints: the whole package, or one value per `-e EXPR`, each with the
 * errors that keep it from being printed. Shared by eval and export.
 */
import type { CueError, Value } from '../index.js';
import { formatExpression, isPlainPath } from './expression.js';
import { type Instance, instanceExpression } from './instance.js';
import type { CliIO } from './io.js';
import { type OutEncoding, encodeConcrete, formatErrors, joinValues, writeOutput } from './output.js';

export interface Target {
  /** With several `-e`, each value and each error list is headed by `// EXPR`, as in `cue`. */
  readonly header?: string;
  readonly value?: Value;
  /** Errors found before printing (syntax or references in EXPR). */
  readonly errors: readonly CueError[];
  /** Maps the value's errors so that they read as CUE prints them. */
  readonly mapErrors: (errors: readonly CueError[]) => CueError[];
  /** The path printed in `--out text` errors. */
  readonly label: readonly string[];
}

export function selectTargets(inst: Instance, exprs: readonly string[]): Target[] {
  if (exprs.length === 0) return [{ value: inst.value, errors: [], mapErrors: (e) => [...e], label: [] }];
  // Inputs that do not even parse: report that once, not under every expression.
  if (!inst.value.exists()) return [{ errors: inst.value.validate(), mapErrors: (e) => [...e], label: [] }];
  return exprs.map((expr) => {
    const r = instanceExpression(inst, expr);
    return { ...r, header: exprs.length > 1 ? formatExpression(expr) : undefined, label: isPlainPath(expr) ? [expr.trim()] : [] };
  });
}

/** Prints one target's errors to stderr (headed by `// EXPR` when there are several). */
export function reportErrors(io: CliIO, t: Target, errors: readonly CueError[]): void {
  io.stderr((t.header !== undefined ? `// ${t.header}\n` : '') + formatErrors(errors));
}

/**
 * Prints concrete values: each target encoded in order. `cue export` stops at the first one that
 * fails (`stopAtFirst`: what it has streamed by then is printed, then that target's errors);
 * `cue eval --out json` reports the errors of every failing target and prints the others up to
 * the first failure. With `-o FILE` nothing is written unless every value succeeded.
 */
export async function emitConcrete(io: CliIO, targets: readonly Target[], enc: OutEncoding, outFile: string | undefined, force: boolean, stopAtFirst = false, header = ''): Promise<number> {
  const texts: string[] = [];
  let failed = false;
  for (const t of targets) {
    let errors = t.errors;
    let text: string | undefined;
    if (errors.length === 0 && t.value) {
      const r = encodeConcrete(t.value, enc, t.label);
      errors = t.mapErrors(r.errors);
      text = r.text;
    }
    if (errors.length > 0 || text === undefined) {
      failed = true;
      if (stopAtFirst) {
        // cue export returns the error itself: no `// EXPR` header.
        reportErrors(io, { ...t, header: undefined }, errors);
        break;
      }
      reportErrors(io, t, errors);
      continue;
    }
    if (!failed) texts.push(text);
  }
  if (failed && outFile !== undefined && outFile !== '-') return 1;
  const problem = texts.length > 0 ? await writeOutput(io, outFile, header + joinValues(texts, enc.format), force) : undefined;
  if (problem) {
    io.stderr(problem + '\n');
    return 1;
  }
  return failed ? 1 : 0;
}
