/**
 * `cue-lite export`: concrete data, as `cue export` prints it.
 *
 *   cue-lite export [INPUTS...] [-e EXPR]... [--out json|yaml|text|cue] [-o FILE] [-f] [-t name=value]...
 */
import type { Command } from './io.js';
import { selectTargets, emitConcrete } from './emit.js';
import { type FlagSpec, formatFlagHelp, parseFlags } from './flags.js';
import { labelFlag, listFlag, placeValue, withContextFlag } from './placement.js';
import type { Target } from './emit.js';
import { CueError, ErrorCode } from '../index.js';
import { type Instance, limitFlag, packageFlag, injectVarsFlag, tagFlag, withPackageClause } from './instance.js';
import { type OutFormat, chooseEncoding } from './output.js';
import { loadSchemaInstances, nameFlag, schemaFlag } from './schema-data.js';

export const exportFlags: readonly FlagSpec[] = [
  { name: 'expression', short: 'e', kind: 'list', arg: 'EXPR', help: 'export this expression only (repeatable: one value each, in order)' },
  { name: 'out', kind: 'string', arg: 'FORMAT', help: 'output format: json, yaml, text (a string, printed raw) or cue (default json); qualifiers json+compact, cue+compact, yaml+indentSequences=false' },
  { name: 'outfile', short: 'o', kind: 'string', arg: 'FILE', help: 'write to FILE (atomically) instead of standard output' },
  { name: 'force', short: 'f', kind: 'bool', help: 'overwrite an existing -o file' },
  { name: 'escape', kind: 'bool', help: 'use HTML escaping in JSON strings (<, > and & as \\u003c, \\u003e, \\u0026)' },
  schemaFlag,
  nameFlag,
  tagFlag,
  injectVarsFlag,
  packageFlag,
  labelFlag,
  listFlag,
  withContextFlag,
  limitFlag,
];

const formats: readonly OutFormat[] = ['json', 'yaml', 'text', 'cue'];

const help = `Output the package, or the values of expressions, as concrete data.

Usage:
  cue-lite export [flags] [INPUTS...]

INPUTS are .cue files of one package (unified), directories (their .cue files), data files
(.json, .yaml, .yml: unified at the root) and - (standard input, read as CUE). Without inputs,
the .cue files of the current directory. Every value printed must be concrete: an incomplete
value (a type, a bound, an ambiguous disjunction) is an error. Exit code 1 on any error.

${formatFlagHelp(exportFlags)}`;

export const exportCommand: Command = async (args, io) => {
  const flags = parseFlags(args, exportFlags);
  if (flags.help) {
    io.stdout(help);
    return 0;
  }
  const enc = { ...chooseEncoding(flags.string('out'), flags.string('outfile'), 'json', formats), escapeHTML: flags.bool('escape') };
  const loaded = await loadSchemaInstances(flags, io);
  if (!loaded) return 1;
  const { instances, schemaTargets } = loaded;
  // `-p NAME` names the package of CUE output (a clause before the values).
  let header = '';
  if (enc.format === 'cue') {
    for (const inst of instances) {
      const r = withPackageClause('', flags.string('package'), inst, flags.bool('force'));
      if ('error' in r) {
        io.stderr(r.error + '\n');
        return 1;
      }
      header = r.text;
    }
  }
  // Several instances (`./...`): their values one after another, as `cue export` streams them.
  // With -d, the values are the data documents, each under the schema (schema-data.ts).
  const targets = schemaTargets ?? instances.flatMap((inst) => selectTargets(inst, flags.list('expression')).map((t) => placed(inst, t)));
  // -l without data files places the value itself (placement.ts, placeValue).
  function placed(inst: Instance, t: Target): Target {
    const labels = flags.list('path');
    if (labels.length === 0 || inst.inputs.data.length > 0 || !t.value) return t;
    const r = placeValue(inst.ctx, t.value, labels);
    if ('error' in r) return { ...t, value: undefined, errors: [new CueError(ErrorCode.usage, r.error)] };
    return { ...t, value: r.value };
  }
  return emitConcrete(io, targets, enc, flags.string('outfile'), flags.bool('force'), true, header);
};
