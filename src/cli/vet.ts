/**
 * `cue-lite vet`: validation only, silent on success, as current `cue vet` behaves.
 *
 *   cue-lite vet [INPUTS...] [-c[=false]] [-d EXPR]... [DATA FILES...] [-t name=value]...
 *
 * - Without data files, the package is validated. Concreteness is required unless `-c=false`
 *   is given; when only incomplete values remain and -c was not given at all, one hint line
 *   is printed instead of the errors (as `cue vet` does at HEAD).
 * - With data files (JSON, YAML), each file, and each document of a YAML stream, is checked on
 *   its own against the schema: the package root, or each `-d EXPR` (e.g. `-d '#Deployment'`).
 *   Data must be concrete, whatever -c says (as in CUE). Errors name the data file positions.
 */
import { readFile } from './fs-async.js';
import path from 'node:path';
import type { CueError, Value } from '../index.js';
import type { CliIO, Command } from './io.js';
import { type FlagSpec, formatFlagHelp, parseFlags } from './flags.js';
import { labelFlag, listFlag, placementOf, withContextFlag } from './placement.js';
import { type Instance, instanceExpression, limitFlag, loadInstances, packageFlag, parseLimits, injectVarsFlag, tagFlag } from './instance.js';
import { formatErrors } from './output.js';
import { isDefinitionSource, vetDefinition } from '../render/index.js';

export const vetFlags: readonly FlagSpec[] = [
  { name: 'concrete', short: 'c', kind: 'bool', help: 'require the evaluation to be concrete (the default), or set -c=false to allow incomplete values' },
  { name: 'schema', short: 'd', kind: 'list', arg: 'EXPR', help: 'check each data file against this expression, e.g. -d \'#Schema\' (repeatable)' },
  tagFlag,
  injectVarsFlag,
  packageFlag,
  labelFlag,
  listFlag,
  withContextFlag,
  limitFlag,
];

const help = `Validate CUE configurations and data files; print nothing on success.

Usage:
  cue-lite vet [flags] [INPUTS...] [DATA FILES...]

INPUTS are .cue files of one package, directories (their .cue files) and - (standard input,
read as CUE); without any, the .cue files of the current directory. DATA FILES (.json, .yaml,
.yml) are each checked separately against the package, or against the -d schema, and must be
concrete. Exit code 1 when anything fails.

${formatFlagHelp(vetFlags)}`;

const incompleteHint = 'some instances are incomplete; use the -c flag to show errors or -c=false to allow incomplete instances\n';

export const vetCommand: Command = async (args, io) => {
  const flags = parseFlags(args, vetFlags);
  if (flags.help) {
    io.stdout(help);
    return 0;
  }
  const defs = await definitionFiles(flags.args, io);
  if (defs) return vetDefinitions(defs, io);
  const { instances, errors } = await loadInstances(flags.args, flags.list('inject'), io, { dataApart: true, limits: parseLimits(flags.list('limit')), package: flags.string('package'), placement: placementOf(flags), injectVars: flags.bool('inject-vars') });
  if (!instances) {
    io.stderr(errors.map((l) => l + '\n').join(''));
    return 1;
  }
  const schemas = flags.list('schema');
  let status = 0;
  let hinted = false;
  // Each instance (`./...`) is vetted on its own; the incomplete hint is printed once.
  const once: CliIO = { ...io, stderr: (s) => (s === incompleteHint ? !hinted && ((hinted = true), io.stderr(s)) : io.stderr(s)) };
  for (const instance of instances) status = Math.max(status, vetInstance(instance, schemas, flags.changed.has('concrete'), flags.bool('concrete'), once));
  return status;
};

function vetInstance(instance: Instance, schemas: readonly string[], explicit: boolean, concreteFlag: boolean, io: CliIO): number {
  if (instance.inputs.data.length > 0 || schemas.length > 0) return vetData(instance, schemas, io);
  const concrete = explicit ? concreteFlag : true;
  const found = instance.value.validate({ concrete });
  if (found.length === 0) return 0;
  if (!explicit) {
    const permanent = instance.value.validate({ concrete: false });
    io.stderr(permanent.length > 0 ? formatErrors(permanent) : incompleteHint);
    return 1;
  }
  io.stderr(formatErrors(found));
  return 1;
}

/** Each data document unified with each schema, validated as concrete data. */
function vetData(inst: Instance, schemaExprs: readonly string[], io: CliIO): number {
  if (inst.inputs.data.length === 0) {
    io.stderr('-d needs data files (.json, .yaml, .yml) to check\n');
    return 1;
  }
  if (inst.inputs.cue.length === 0) {
    io.stderr('data files specified without a schema: give the .cue files that define it\n');
    return 1;
  }
  const schemas: { unify: (data: Value) => Value; mapErrors: (e: readonly CueError[]) => CueError[] }[] = [];
  const errors: CueError[] = [];
  if (schemaExprs.length === 0) schemas.push({ unify: (data) => data.unify(inst.value), mapErrors: (e) => [...e] });
  for (const expr of schemaExprs) {
    const r = instanceExpression(inst, expr, { dataSlot: true });
    if (!r.value || !r.unifyData) errors.push(...r.errors);
    else {
      // A schema that is itself in error (a reference not found...) is reported once.
      const own = r.mapErrors(r.value.validate());
      if (own.length > 0) errors.push(...own);
      else schemas.push({ unify: r.unifyData, mapErrors: r.mapDataErrors ?? r.mapErrors });
    }
  }
  if (errors.length > 0) {
    io.stderr(formatErrors(errors));
    return 1;
  }
  // Each document in turn: one that conflicts with the schema (an error, not a missing value)
  // ends the check there, as cue's stream of documents ends at a value in error (vet_embed:
  // the second document's extra field is not reported once the first's is).
  documents: for (const file of inst.inputs.data) {
    for (const doc of file.documents) {
      const data = inst.ctx.compile(doc);
      const own = data.validate();
      if (own.length > 0) {
        errors.push(...own);
        continue;
      }
      for (const s of schemas) {
        const unified = s.unify(data);
        const conflicts = unified.validate();
        if (conflicts.length > 0) {
          errors.push(...s.mapErrors(conflicts));
          break documents;
        }
        errors.push(...s.mapErrors(unified.validate({ concrete: true })));
      }
    }
  }
  if (errors.length === 0) return 0;
  io.stderr(formatErrors(errors));
  return 1;
}

/**
 * KubeVela definition files (`vela def` format: one metadata field plus `template`) are
 * checked the way `vela def vet` does (src/render/vet-definition.ts): `context` and
 * `parameter` declared, no concreteness required. Used when every argument is such a file.
 */
async function definitionFiles(args: readonly string[], io: CliIO): Promise<{ name: string; text: string }[] | undefined> {
  if (args.length === 0 || !args.every((a) => a.endsWith('.cue'))) return undefined;
  const out: { name: string; text: string }[] = [];
  for (const a of args) {
    let text: string;
    try {
      text = await readFile(path.resolve(io.cwd ?? process.cwd(), a), 'utf8');
    } catch {
      return undefined; // the ordinary path reports the missing file
    }
    if (!isDefinitionSource(a, text)) return undefined;
    out.push({ name: a, text });
  }
  return out;
}

function vetDefinitions(files: readonly { name: string; text: string }[], io: CliIO): number {
  const errors = files.flatMap((f) => vetDefinition(f.name, f.text));
  if (errors.length === 0) return 0;
  io.stderr(formatErrors(errors));
  return 1;
}
