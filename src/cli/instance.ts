/**
 * The instance a command works on: the inputs read (inputs.ts), `-t name=value` tags, and the
 * package compiled through the public API. Shared by eval, export, vet, render, schema.
 */
import type { FlagSpec } from './flags.js';
import { defaultLimits, type EvalLimits } from '../index.js';
import { Context, type InputFile, type Value } from '../index.js';
import { type ExprValue, evalExpression } from './expression.js';
import { type LoadedInputs, loadInputs } from './inputs.js';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';

export interface Instance {
  readonly ctx: Context;
  readonly inputs: LoadedInputs;
  /** What was compiled: the CUE files, then (unless kept apart) every data document. */
  readonly files: readonly InputFile[];
  readonly tags: Record<string, string> | undefined;
  /** The compiled package; its errors are found by validating it. */
  readonly value: Value;
}

/** `--limit name=value` (repeatable): the evaluation limits of the library (README, "Limits"). */
export const limitFlag: FlagSpec = {
  name: 'limit',
  kind: 'list',
  arg: 'name=value',
  help: 'change an evaluation limit, e.g. --limit maxSteps=1000000 (repeatable; see the README for the names)',
};

export function parseLimits(list: readonly string[]): Partial<EvalLimits> | undefined {
  if (list.length === 0) return undefined;
  const limits: Record<string, number> = {};
  for (const l of list) {
    const eq = l.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid limit ${JSON.stringify(l)}: expected name=value`);
    const name = l.slice(0, eq);
    const text = l.slice(eq + 1).replace(/_/g, '');
    if (!Object.prototype.hasOwnProperty.call(defaultLimits, name)) {
      throw new UsageError(`unknown limit ${name} (one of ${Object.keys(defaultLimits).join(', ')})`);
    }
    const value = text === 'off' || text === 'Infinity' ? Infinity : Number(text);
    if (!(value > 0)) throw new UsageError(`invalid limit ${name}=${text}: expected a positive number or "off"`);
    limits[name] = value;
  }
  return limits as Partial<EvalLimits>;
}

/** `-t name=value` flags as Context.compile's `tags` option; a later flag wins. */
export function parseTags(list: readonly string[]): Record<string, string> | undefined {
  if (list.length === 0) return undefined;
  const tags: Record<string, string> = {};
  for (const t of list) {
    const eq = t.indexOf('=');
    // CUE's `-t name` (a tag with `short=`) is not supported by the library's tags option.
    if (eq <= 0) throw new UsageError(`invalid tag ${JSON.stringify(t)}: expected name=value`);
    tags[t.slice(0, eq)] = t.slice(eq + 1);
  }
  return tags;
}

/**
 * Reads the inputs and compiles them. Returns the input errors (one line each) instead when a
 * file cannot be used: nothing is evaluated then.
 */
export async function loadInstance(
  args: readonly string[],
  tags: Record<string, string> | undefined,
  io: CliIO,
  options: { dataApart?: boolean; limits?: Partial<EvalLimits> } = {},
): Promise<{ instance?: Instance; errors: string[] }> {
  const inputs = await loadInputs(args, io);
  if (inputs.errors.length > 0) return { errors: inputs.errors };
  const files = options.dataApart ? inputs.cue : [...inputs.cue, ...inputs.data.flatMap((d) => d.documents)];
  const ctx = new Context({ limits: options.limits });
  const value = ctx.compile(files, tags ? { tags } : {});
  return { instance: { ctx, inputs, files, tags, value }, errors: [] };
}

/** The value of `-e EXPR` in the instance (see expression.ts). */
export function instanceExpression(inst: Instance, expr: string, options: { dataSlot?: boolean } = {}): ExprValue {
  return evalExpression(inst.ctx, inst.value, inst.files, inst.tags, expr, options);
}
