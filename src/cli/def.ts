/**
 * `cue-lite def`: the instance as CUE, definitions included, non-concrete values allowed, as
 * `cue def` prints it: the declarations of the instance's files as written (references,
 * expressions, comments and imports kept, not evaluated) under one package clause,
 * simplified (`a: b: c`) as cue's formatter does with -s. The instance is evaluated first: an error (not an incomplete value)
 * stops the command, as in cue.
 *
 *   cue-lite def [INPUTS...] [-e EXPR] [-p NAME] [-o FILE] [-f]
 *
 * With -e, the expression's value is printed (evaluated, defaults kept).
 */
import type { CueError } from '../index.js';
import { Source, formatFile, importedName, parseFile } from '../index.js';
import type * as A from '../syntax/ast.js';
import { simplifyFile } from '../syntax/simplify.js';
import { DefExporter, exportDefinition, printDefinition } from './def-export.js';
import { ImportInliner, type ImportedPackage, identifiersOf, printLets, remainingImports } from './inline-imports.js';
import { type SelfContained, selfContainedDefinition } from './def-expression.js';
import { parseJSONFile, parseYAMLFile } from '../encoding/index.js';
import type { Command } from './io.js';
import { type FlagSpec, formatFlagHelp, parseFlags } from './flags.js';
import { type Instance, instanceExpression, limitFlag, loadInstance, parseLimits, injectVarsFlag, tagFlag } from './instance.js';
import { labelFlag, listFlag, placementOf, withContextFlag } from './placement.js';
import { chooseEncoding, cueFileForm, errorsOf, formatErrors, writeOutput } from './output.js';
import { formatV1Of } from './cue-experiment.js';

const defFlags: readonly FlagSpec[] = [
  { name: 'expression', short: 'e', kind: 'string', arg: 'EXPR', help: 'print the value of this expression only' },
  { name: 'package', short: 'p', kind: 'string', arg: 'NAME', help: 'the package name of the output (and the package to load)' },
  { name: 'out', kind: 'string', arg: 'FORMAT', help: 'output format: cue (the default) or cue+compact (everything on one line, comments dropped)' },
  { name: 'outfile', short: 'o', kind: 'string', arg: 'FILE', help: 'write to FILE (atomically) instead of standard output' },
  { name: 'force', short: 'f', kind: 'bool', help: 'overwrite an existing -o file' },
  { name: 'schema', short: 'd', kind: 'list', arg: 'EXPR', help: 'the schema of non-CUE input files (not supported by def: an error)' },
  { name: 'inline-imports', kind: 'bool', help: 'expand references to packages other than the standard library' },
  tagFlag,
  injectVarsFlag,
  labelFlag,
  listFlag,
  withContextFlag,
  limitFlag,
];

const help = `Print the configuration as CUE: definitions, constraints and references included.

Usage:
  cue-lite def [flags] [INPUTS...]

The declarations of the instance's files as one file (one package clause, the imports),
simplified as cue def prints them. Values need not
be concrete; an error in the instance is reported and nothing is printed. Exit code 1 on any
error.

${formatFlagHelp(defFlags)}`;

export const defCommand: Command = async (args, io) => {
  const flags = parseFlags(args, defFlags);
  if (flags.help) {
    io.stdout(help);
    return 0;
  }
  const pkg = flags.string('package');
  const { compact } = chooseEncoding(flags.string('out'), flags.string('outfile'), 'cue', ['cue']);
  const { instance, errors } = await loadInstance(flags.args, flags.list('inject'), io, { limits: parseLimits(flags.list('limit')), package: pkg, placement: placementOf(flags), injectVars: flags.bool('inject-vars') });
  if (!instance) {
    io.stderr(errors.map((l) => l + '\n').join(''));
    return 1;
  }
  if (flags.list('schema').length > 0) {
    // As cue: a schema is for data files; with CUE files only it is an error. Placing data
    // files under a schema is not supported by cue-lite's def.
    io.stderr(instance.inputs.data.length === 0 ? '-d/--schema flag requires non-CUE input files\n' : 'def: -d/--schema with data files is not supported by cue-lite\n');
    return 1;
  }
  const found = instance.value.validate({ concrete: false });
  if (found.length > 0) {
    io.stderr(formatErrors(found));
    return 1;
  }
  let text: string;
  const expr = flags.string('expression');
  if (expr !== undefined) {
    const r = instanceExpression(instance, expr);
    if (!r.value) {
      io.stderr(formatErrors(r.mapErrors(r.errors)));
      return 1;
    }
    // An expression in error (`-e nope`: reference "nope" not found) is reported, not printed as `_|_`.
    const wrong = r.mapErrors(r.value.validate({ concrete: false }));
    if (wrong.length > 0) {
      io.stderr(formatErrors(wrong));
      return 1;
    }
    try {
      // A definition's struct printed as a file would lose its closedness: cue wraps it as
      // `_#def` / `_#def: {...}` (internal/core/export, Def).
      const closed = r.value.kind() === 'struct' && r.value.isClosed();
      // As written, self-contained (def-expression.ts); else the evaluated value.
      const own = instance.inputs.data.length === 0 ? selfContainedDefinition(cueFiles(instance), expr) : undefined;
      if (own) text = printSelfContained(own, closed, cueFiles(instance), compact);
      else {
        const exported = r.value.exportCUE({ definitions: true, optional: true, hidden: true });
        text = closed ? wrapDefinition(exported) : cueFileForm(exported);
        text = formatFile(compactable(simplifyFile(parseFile(new Source('-', text)).file), compact), { compact, formatV1: formatV1Of(process.env.CUE_EXPERIMENT) });
      }
    } catch (e) {
      io.stderr(formatErrors(r.mapErrors(errorsOf(e) as CueError[])));
      return 1;
    }
    if (pkg) text = `package ${pkg}\n\n${text}`;
  } else {
    const files = cueFiles(instance);
    const inliner = flags.bool('inline-imports') ? new ImportInliner(importedPackages(instance), files, (o) => new DefExporter(o)) : undefined;
    let d = exportDefinition(files, dataFiles(instance), pkg, inliner ? { inlineReference: inliner.option } : {});
    let lets = '';
    if (inliner) {
      const letDecls = inliner.letDecls();
      const used = identifiersOf([d.body.decls, letDecls]);
      d = { ...d, body: { ...d.body, imports: remainingImports(d.body.imports, inliner.coreImports, used) } };
      lets = printLets(letDecls);
    }
    if (compact) {
      const clause = /^package \S+/m.exec(d.header)?.[0];
      text = (clause ? clause + '\n\n' : '') + formatFile(compactable(d.body, true), { compact, formatV1: formatV1Of(process.env.CUE_EXPERIMENT) });
    } else text = printDefinition(d) + lets;
  }
  const problem = await writeOutput(io, flags.string('outfile'), text, flags.bool('force'));
  if (problem) {
    io.stderr(problem + '\n');
    return 1;
  }
  return 0;
};

/**
 * For `--out cue+compact`, the file without its comments: cue's compact layout drops them, as a
 * line comment would force a line break (internal/encoding, formatCompactCUE).
 */
function compactable(file: A.File, compact: boolean): A.File {
  if (!compact) return file;
  const commentKeys = new Set(['comments', 'trailingComments', 'openComment', 'detached']);
  const strip = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(strip);
    if (n === null || typeof n !== 'object' || n instanceof Source) return n;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) if (!commentKeys.has(k)) out[k] = k === 'span' ? v : strip(v);
    return out;
  };
  return strip(file) as A.File;
}

/** `_#def` and `_#def: VALUE` after the imports the exported value starts with. */
function wrapDefinition(exported: string): string {
  const m = /^((?:import (?:"[^"\n]*"|\([^)]*\))\n\n)?)([\s\S]*)$/.exec(exported)!;
  return m[1]! + '_#def\n_#def: ' + m[2]!;
}

/**
 * A self-contained value as cue def prints it: `_#def` and `_#def: VALUE` for a closed struct,
 * the imports it uses first, its lets after it.
 */
function printSelfContained(own: SelfContained, closed: boolean, files: readonly A.File[], compact: boolean): string {
  const none = { src: new Source('<def>', ''), start: 0, end: 0 };
  const def: A.Ident = { type: 'Ident', span: none, name: '_#def' };
  const decls: A.Declaration[] = closed
    ? [
        { type: 'EmbedDecl', span: none, expr: def },
        { type: 'Field', span: none, label: def, constraint: 'regular', value: own.value, attrs: [] },
      ]
    : own.value.type === 'StructLit'
      ? own.value.decls
      : [{ type: 'EmbedDecl', span: none, expr: own.value }];
  const used = identifiersOf([decls, own.lets]);
  const specs = files.flatMap((f) => f.imports.flatMap((d) => d.specs)).filter((sp, i, all) => used.has(sp.name?.name ?? importedName(sp.path.value)) && all.findIndex((x) => x.path.value === sp.path.value && x.name?.name === sp.name?.name) === i);
  const imports: A.ImportDecl[] = specs.length > 0 ? [{ type: 'ImportDecl', span: none, grouped: specs.length > 1, specs }] : [];
  const file: A.File = { type: 'File', span: none, attrs: [], imports, decls };
  if (compact) return formatFile(compactable(file, true), { compact, formatV1: formatV1Of(process.env.CUE_EXPERIMENT) });
  return (decls.length > 0 || imports.length > 0 ? formatFile(file, { programmatic: true, formatV1: formatV1Of(process.env.CUE_EXPERIMENT) }) : '\n') + printLets(own.lets);
}

/** The packages the instance imports, parsed, by import path as written. */
function importedPackages(inst: Instance): Map<string, ImportedPackage> {
  const out = new Map<string, ImportedPackage>();
  for (const [p, files] of inst.imports) out.set(p, { files: files.map((f) => f.syntax ?? parseFile(new Source(f.name, f.text)).file) });
  return out;
}

/** The instance's CUE files, parsed. */
function cueFiles(inst: Instance): A.File[] {
  return inst.inputs.cue.map((f) => f.syntax ?? parseFile(new Source(f.name, f.text)).file);
}

/** The data documents merged into the instance, as CUE syntax. */
function dataFiles(inst: Instance): A.File[] {
  if (inst.files.length === inst.inputs.cue.length) return [];
  const out: A.File[] = [];
  for (const d of inst.inputs.data) {
    for (const doc of d.documents) {
      if (doc.syntax) out.push(doc.syntax);
      else {
        const src = new Source(doc.name, doc.text);
        const kind = doc.kind ?? (/\.ya?ml$/i.test(doc.name) ? 'yaml' : 'json');
        const r = kind === 'cue' ? parseFile(src) : kind === 'yaml' ? parseYAMLFile(src) : parseJSONFile(src);
        if (r.file) out.push(r.file);
      }
    }
  }
  return out;
}
