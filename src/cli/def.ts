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
import { Source, formatFile, parseFile } from '../index.js';
import type * as A from '../syntax/ast.js';
import { simplifyFile } from '../syntax/simplify.js';
import { asExported } from './def-layout.js';
import type { Command } from './io.js';
import { type FlagSpec, formatFlagHelp, parseFlags } from './flags.js';
import { type Instance, instanceExpression, limitFlag, loadInstance, parseLimits, tagFlag } from './instance.js';
import { labelFlag, listFlag, placementOf, withContextFlag } from './placement.js';
import { chooseEncoding, cueFileForm, errorsOf, formatErrors, writeOutput } from './output.js';

const defFlags: readonly FlagSpec[] = [
  { name: 'expression', short: 'e', kind: 'string', arg: 'EXPR', help: 'print the value of this expression only' },
  { name: 'package', short: 'p', kind: 'string', arg: 'NAME', help: 'the package name of the output (and the package to load)' },
  { name: 'out', kind: 'string', arg: 'FORMAT', help: 'output format: cue (the default) or cue+compact (everything on one line, comments dropped)' },
  { name: 'outfile', short: 'o', kind: 'string', arg: 'FILE', help: 'write to FILE (atomically) instead of standard output' },
  { name: 'force', short: 'f', kind: 'bool', help: 'overwrite an existing -o file' },
  { name: 'schema', short: 'd', kind: 'list', arg: 'EXPR', help: 'the schema of non-CUE input files (not supported by def: an error)' },
  tagFlag,
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
  const { instance, errors } = await loadInstance(flags.args, flags.list('inject'), io, { limits: parseLimits(flags.list('limit')), package: pkg, placement: placementOf(flags) });
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
    try {
      const exported = r.value.exportCUE({ definitions: true, optional: true, hidden: true });
      // A definition's struct printed as a file would lose its closedness: cue wraps it as
      // `_#def` / `_#def: {...}` (internal/core/export, Def).
      const closed = r.value.kind() === 'struct' && r.value.isClosed();
      text = closed ? wrapDefinition(exported) : cueFileForm(exported);
      text = formatFile(compactable(simplifyFile(parseFile(new Source('-', text)).file), compact), { compact });
    } catch (e) {
      io.stderr(formatErrors(r.mapErrors(errorsOf(e) as CueError[])));
      return 1;
    }
    if (pkg) text = `package ${pkg}\n\n${text}`;
  } else {
    text = formatFile(compactable(simplifyFile(asExported(mergeFiles(instance, pkg))), compact), { compact });
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

/** The instance's files as one: package clause, imports (each path once), declarations in order. */
function mergeFiles(inst: Instance, pkg: string | undefined): A.File {
  const parsed: A.File[] = [];
  for (const f of inst.files) {
    if (f.syntax) parsed.push(f.syntax);
    else if ((f.kind ?? (f.name.endsWith('.cue') || f.name === '-' ? 'cue' : undefined)) === 'cue') parsed.push(parseFile(new Source(f.name, f.text)).file);
    else parsed.push(...dataAsFile(inst, f.name));
  }
  const first = parsed[0];
  const seen = new Set<string>();
  const imports: A.ImportDecl[] = [];
  for (const f of parsed) {
    for (const imp of f.imports) {
      const specs = imp.specs.filter((s) => {
        const key = `${s.name?.name ?? ''} ${s.path.value}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (specs.length > 0) imports.push({ ...imp, specs });
    }
  }
  // cue def prints several imports as one parenthesised block (def_inline.txtar).
  const specs = imports.flatMap((d) => d.specs);
  if (specs.length > 1) imports.splice(0, imports.length, { type: 'ImportDecl', span: imports[0]!.span, grouped: true, specs });
  // Declarations are not merged: a reference in one file's struct literal resolves in that
  // literal's scope, which merging two literals would change.
  const decls = parsed.flatMap((f) => f.decls);
  let pkgClause = parsed.find((f) => f.package)?.package;
  if (pkg) pkgClause = pkgClause ? { ...pkgClause, name: { ...pkgClause.name, name: pkg } } : ({ type: 'PackageClause', span: first!.span, name: { type: 'Ident', span: first!.span, name: pkg } } as unknown as A.PackageClause);
  return { type: 'File', span: first?.span ?? { src: new Source('-', ''), start: 0, end: 0 }, attrs: [], package: pkgClause, imports, decls, trailingComments: parsed.at(-1)?.trailingComments };
}

/** A data file of the instance (JSON/YAML), as declarations. */
function dataAsFile(inst: Instance, name: string): A.File[] {
  const data = inst.inputs.data.find((d) => d.name === name);
  if (!data) return [];
  return data.documents.map((d) => d.syntax ?? parseFile(new Source(d.name, 'x: _\n')).file);
}
