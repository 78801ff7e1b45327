/**
 * `-d/--schema EXPR` and `-n/--name REGEXP` of eval and export, as `cue` reads them
 * (cmd/cue/cmd/common.go, parseArgs; eval_flags.txtar of the pinned CUE):
 *
 * - With `-d`, data files are not unified into the package: each data document is unified
 *   with the schema (the package, narrowed by each `-d` expression, all of them unified) and
 *   printed on its own, as `cue` streams them. The CUE files are the schema; without any,
 *   that is an error, and so is `-d` without data files.
 * - `-n` filters the non-CUE files of directories by name. cue-lite places no files of a
 *   directory but its CUE files, so only cue's check is kept: `-n` where no directory or
 *   package is named is an error.
 *
 * `vet -d` (vet.ts) checks each data document against the schema the same way.
 */
import type { CueError } from '../index.js';
import type { FlagSpec, ParsedFlags } from './flags.js';
import type { Target } from './emit.js';
import type { CliIO } from './io.js';
import { type Instance, instanceExpression, loadInstances, parseLimits } from './instance.js';
import { fileKind } from './inputs.js';
import { placementOf } from './placement.js';
import { formatErrors } from './output.js';

export const schemaFlag: FlagSpec = { name: 'schema', short: 'd', kind: 'list', arg: 'EXPR', help: 'expression to select the schema of the values in non-CUE files (repeatable: all of them apply)' };

export const nameFlag: FlagSpec = { name: 'name', short: 'n', kind: 'string', arg: 'REGEXP', help: 'regexp filter for non-CUE file names in directories (cue-lite reads no such files: only checked)' };

/** The file name errors in a `-d` expression point into, as in cue (`--schema:1:1`). */
const schemaFileName = '--schema';

/**
 * The error of `-n` given with files only (no directory or package argument), or undefined.
 * Arguments that name files (`.cue`, data files, `-`) are not directories; the rest are.
 */
export function nameFlagProblem(name: string | undefined, args: readonly string[], isFile: (arg: string) => boolean): string | undefined {
  if (name === undefined || name === '') return undefined;
  if (args.length > 0 && args.every(isFile)) return 'use of -n/--name flag without a directory';
  return undefined;
}

/**
 * The instances of eval and export: `-n` checked, then the arguments loaded with the data
 * files apart when `-d` gives schemas, `-l`/`--with-context` placing them, and with `-d` the
 * values to print (schemaTargetsOf). Errors are written to stderr and give undefined (exit 1).
 */
export async function loadSchemaInstances(flags: ParsedFlags, io: CliIO): Promise<{ instances: Instance[]; schemaTargets: Target[] | undefined } | undefined> {
  const nameProblem = nameFlagProblem(flags.string('name'), flags.args, isFileArgument);
  if (nameProblem) {
    io.stderr(nameProblem + '\n');
    return undefined;
  }
  const schemas = flags.list('schema');
  const { instances, errors } = await loadInstances(flags.args, flags.list('inject'), io, { dataApart: schemas.length > 0, limits: parseLimits(flags.list('limit')), package: flags.string('package'), placement: placementOf(flags), injectVars: flags.bool('inject-vars') });
  if (!instances) {
    io.stderr(errors.map((l) => l + '\n').join(''));
    return undefined;
  }
  if (schemas.length === 0) return { instances, schemaTargets: undefined };
  const r = schemaTargetsOf(instances, schemas);
  if ('text' in r) {
    io.stderr(r.text);
    return undefined;
  }
  return { instances, schemaTargets: r.targets };
}

/**
 * The values `-d` selects: one target per data document, the document unified with every
 * schema expression. Returns the error lines instead when the schema cannot be used.
 */
export function schemaTargets(inst: Instance, exprs: readonly string[]): { targets: Target[] } | { errors: readonly CueError[] } | { message: string } {
  if (inst.inputs.cue.length === 0) return { message: '-d/--schema flag specified without a schema' };
  if (inst.inputs.data.length === 0) return { message: '-d/--schema flag requires non-CUE input files' };
  const schemas = [];
  for (const expr of exprs) {
    const r = instanceExpression(inst, expr, { dataSlot: true, fileName: schemaFileName });
    if (!r.value || !r.unifyData) return { errors: r.mapErrors(r.errors) };
    // An incomplete schema is fine (it is a schema); a broken one is reported once.
    const own = r.mapErrors(r.value.validate());
    if (own.length > 0) return { errors: own };
    schemas.push(r);
  }
  const targets: Target[] = [];
  for (const file of inst.inputs.data) {
    for (const doc of file.documents) {
      const data = inst.ctx.compile(doc);
      const own = data.validate();
      if (own.length > 0) {
        targets.push({ errors: own, mapErrors: (e) => [...e], label: [] });
        continue;
      }
      // Each schema is unified in turn: `data & S1 & S2`, every expression's errors mapped.
      let value = data;
      let mapErrors = (e: readonly CueError[]): CueError[] => [...e];
      for (const s of schemas) {
        value = s.unifyData!(value);
        const prev = mapErrors;
        const map = s.mapDataErrors ?? s.mapErrors;
        mapErrors = (e) => map(prev(e));
      }
      targets.push({ value, errors: [], mapErrors, label: [] });
    }
  }
  return { targets };
}

/** A file argument (not a directory or package): `.cue`, a data file, or `-`. */
export function isFileArgument(arg: string): boolean {
  return arg === '-' || fileKind(arg) !== undefined;
}

/**
 * The targets of eval or export under `-d`: every instance's data documents under its
 * schema. Returns the error text (lines, each ending in a newline) instead.
 */
export function schemaTargetsOf(instances: readonly Instance[], exprs: readonly string[]): { targets: Target[] } | { text: string } {
  const targets: Target[] = [];
  for (const inst of instances) {
    const r = schemaTargets(inst, exprs);
    if ('message' in r) return { text: r.message + '\n' };
    if ('errors' in r) return { text: formatErrors(r.errors) };
    targets.push(...r.targets);
  }
  return { targets };
}
