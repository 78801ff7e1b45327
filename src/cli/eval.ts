/**
 * `cue-lite eval`: evaluate and print a configuration in CUE syntax, as `cue eval` does.
 *
 *   cue-lite eval [INPUTS...] [-e EXPR]... [--out cue|json|yaml|text] [-c] [-a] [-H] [-O] [-o FILE] [-t name=value]...
 *
 * CUE output follows `cue eval`: defaults chosen (cue.Final), definitions shown, hidden and
 * optional fields only on request, non-concrete values printed as constraints, four-space
 * indentation. With `--out json|yaml|text` it behaves like export.
 */
import type { CueError, CueSyntaxOptions } from '../index.js';
import { Source, formatFile, parseFile } from '../index.js';
import { experimentFlags } from './cue-experiment.js';
import type { Command } from './io.js';
import { type Target, emitConcrete, reportErrors, selectTargets } from './emit.js';
import { type FlagSpec, formatFlagHelp, parseFlags } from './flags.js';
import { labelFlag, listFlag, withContextFlag } from './placement.js';
import { loadSchemaInstances, nameFlag, schemaFlag } from './schema-data.js';
import { limitFlag, packageFlag, injectVarsFlag, tagFlag, withPackageClause } from './instance.js';
import { type OutFormat, chooseEncoding, cueFileForm, errorsOf, spaceIndent, writeOutput } from './output.js';

export const evalFlags: readonly FlagSpec[] = [
  { name: 'expression', short: 'e', kind: 'list', arg: 'EXPR', help: 'evaluate this expression only (repeatable: one value each, in order)' },
  { name: 'concrete', short: 'c', kind: 'bool', help: 'require the evaluation to be concrete (definitions, hidden and optional fields are not shown)' },
  { name: 'ignore', short: 'i', kind: 'bool', help: 'print errors as values (_|_ // message) and go on, exit 0' },
  { name: 'all', short: 'a', kind: 'bool', help: 'show optional and hidden fields' },
  { name: 'show-hidden', short: 'H', kind: 'bool', help: 'display hidden fields' },
  { name: 'show-optional', short: 'O', kind: 'bool', help: 'display optional fields' },
  { name: 'simplify', short: 's', kind: 'bool', help: 'simplify the CUE output as cue fmt -s does (quoted labels that can be identifiers printed bare)' },
  { name: 'out', kind: 'string', arg: 'FORMAT', help: 'output format: cue (default), json, yaml or text; qualifiers json+compact, cue+compact, yaml+indentSequences=false' },
  { name: 'outfile', short: 'o', kind: 'string', arg: 'FILE', help: 'write to FILE (atomically) instead of standard output' },
  { name: 'force', short: 'f', kind: 'bool', help: 'overwrite an existing -o file' },
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

const formats: readonly OutFormat[] = ['cue', 'json', 'yaml', 'text'];

const help = `Evaluate, validate and print a configuration in CUE syntax.

Usage:
  cue-lite eval [flags] [INPUTS...]

INPUTS are .cue files of one package (unified), directories (their .cue files), data files
(.json, .yaml, .yml: unified at the root) and - (standard input, read as CUE). Without inputs,
the .cue files of the current directory. Printing is skipped when validation fails; values
that are not concrete are printed as they are (types, bounds, disjunctions) unless -c is given.
Exit code 1 on any error.

${formatFlagHelp(evalFlags)}`;

export const evalCommand: Command = async (args, io) => {
  const flags = parseFlags(args, evalFlags);
  if (flags.help) {
    io.stdout(help);
    return 0;
  }
  const outFile = flags.string('outfile');
  const enc = chooseEncoding(flags.string('out'), outFile, 'cue', formats);
  const loaded = await loadSchemaInstances(flags, io);
  if (!loaded) return 1;
  // With -d, the values are the data documents, each under the schema (schema-data.ts).
  const { instances, schemaTargets } = loaded;
  const headed = (inst: (typeof instances)[number], t: Target): Target => (instances.length > 1 && t.header === undefined ? { ...t, header: inst.id } : t);
  const targetsOf = (inst: (typeof instances)[number]): Target[] => schemaTargets ?? selectTargets(inst, flags.list('expression'));
  if (enc.format !== 'cue') return emitConcrete(io, (schemaTargets ? [instances[0]!] : instances).flatMap((inst) => targetsOf(inst).map((t) => headed(inst, t))), enc, outFile, flags.bool('force'));

  const all = flags.bool('all');
  const concrete = flags.bool('concrete');
  const ignore = flags.bool('ignore');
  // As cue's Syntax with Concrete(true): no definitions, hidden or optional fields, whatever -a says.
  const options = {
    final: true,
    definitions: !concrete,
    hidden: !concrete && (all || flags.bool('show-hidden')),
    optional: !concrete && (all || flags.bool('show-optional')),
    errorsAsValues: ignore,
    compact: enc.compact,
    // As cue's format.Node, CUE output follows CUE_EXPERIMENT=formatv2.
    formatV1: !experimentFlags(process.env.CUE_EXPERIMENT).formatV2,
  };
  const simplify = flags.bool('simplify');
  // Unlike export, `cue eval` goes on after a value fails: every good value is printed.
  // Several instances (`./...`) are printed one after another, separated by `// ---` as in cue.
  // A failing instance's errors are headed by its ID (`// mod.test/x/a:kube`) and it takes no
  // part in the output.
  const parts: string[] = [];
  let failed = false;
  for (const instance of schemaTargets ? [instances[0]!] : instances) {
    let out = '';
    let printed = false;
    for (const t of targetsOf(instance)) {
      const text = printCUE(t, concrete && !ignore, options, simplify);
      if (typeof text !== 'string') {
        reportErrors(io, headed(instance, t), text.errors);
        failed = true;
        continue;
      }
      out += (t.header !== undefined ? `// ${t.header}\n` : '') + text;
      printed = true;
    }
    if (printed) parts.push(out);
  }
  let out = parts.join('// ---\n');
  if (out !== '' && instances.length > 0) {
    const r = withPackageClause(out, flags.string('package'), instances[0]!, flags.bool('force'));
    if ('error' in r) {
      io.stderr(r.error + '\n');
      return 1;
    }
    out = r.text;
  }
  if (failed && outFile !== undefined && outFile !== '-') return 1;
  const problem = await writeOutput(io, outFile, out, flags.bool('force'));
  if (problem) {
    io.stderr(problem + '\n');
    return 1;
  }
  return failed ? 1 : 0;
};

/** One value as `cue eval` prints it, or the errors that stop it. */
function printCUE(t: Target, concrete: boolean, options: CueSyntaxOptions, simplify = false): string | { errors: CueError[] } {
  const r = printValue(t, concrete, options);
  return simplify && typeof r === 'string' ? simplified(r, options.formatV1) : r;
}

/**
 * `-s`: the printed text formatted again with cue fmt's simplifications (the layout, taken
 * from the text, stays). Four-space indentation is what the formatter reads as one level.
 */
function simplified(text: string, formatV1?: boolean): string {
  const { file, errors } = parseFile(new Source('-', text.replace(/^(?: {4})+/gm, (s) => '\t'.repeat(s.length / 4))));
  if (errors.length > 0) return text;
  return spaceIndent(formatFile(file, { simplify: true, formatV1 }));
}

function printValue(t: Target, concrete: boolean, options: CueSyntaxOptions): string | { errors: CueError[] } {
  if (t.errors.length > 0 || !t.value) return { errors: [...t.errors] };
  // With -i, errors are printed in place (errorsAsValues): nothing is validated first.
  if (options.errorsAsValues && t.value.kind() !== 'bottom') {
    try {
      return spaceIndent(cueFileForm(t.value.exportCUE(options), options.compact));
    } catch (e) {
      return { errors: t.mapErrors(errorsOf(e)) };
    }
  }
  const errors = t.mapErrors(t.value.validate({ concrete }));
  if (errors.length > 0) return { errors };
  try {
    // A value that is itself an error, even an incomplete one (`-e a.nope` on an open
    // struct), is reported rather than printed as `_|_`, as `cue eval` does (v.Err() on the
    // value); one that waits for input prints as its expressions, self-contained: exportCUE
    // decides (selfContained: eval_incomplete, eval_issue2944).
    return spaceIndent(cueFileForm(t.value.exportCUE({ ...options, selfContained: true }), options.compact));
  } catch (e) {
    return { errors: t.mapErrors(errorsOf(e)) };
  }
}
