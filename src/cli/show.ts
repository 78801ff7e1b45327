/// <reference types="node" />
/**
 * `cue-lite show TYPE`: a definition's parameter reference, as `vela show` / `vela def doc-gen`
 * print it (Markdown, src/render/reference-doc.ts), its JSON Schema (`--format json`, what
 * `schema` prints) or its source (`--cue`: the text that error positions such as
 * `cue-lite:definitions/components/webservice.cue:12:3` point into, line for line).
 */
import { readFile, stat } from './fs-async.js';
import path from 'node:path';
import { CueErrorList } from '../index.js';
import { encodeJSON } from '../encoding/index.js';
import { jsToPlain } from '../api/encode.js';
import { type Definition, type DefinitionFile, isDefinitionFileName, loadDefinitions, parameterReference, parameterSchema, parseDefinitionFile } from '../render/index.js';
import type { Command } from './io.js';
import { UsageError } from './io.js';
import { flagArgs } from './flags.js';
import { FileError, readDefinitionPath } from './render-inputs.js';

const help = `Print a definition's parameter reference.

Usage:
  cue-lite show TYPE [--defs PATH]... [--format markdown|json] [--cue]

TYPE is the name of a definition (a built-in, or one found with --defs) or a definition file.
The reference is Markdown, as vela show / vela def doc-gen print it: one table of the
properties (name, description from "// +usage=", type, required, default), then one table per
nested struct. --format json prints the parameter as JSON Schema (as 'schema' does); --cue
prints the definition's source, whose lines are the ones error positions name (a built-in's
positions read cue-lite:definitions/<kind>/<name>.cue:LINE:COL).

Flags:
      --defs PATH              definition files or directories, as for render; repeatable
      --format markdown|json   the reference as Markdown (default) or as JSON Schema
      --cue                    print the definition's source instead
  -h, --help                   help for show
`;

export const showCommand: Command = async (args, io) => {
  const defs: string[] = [];
  const names: string[] = [];
  let format: 'markdown' | 'json' = 'markdown';
  let cue = false;
  for (const { arg, value } of flagArgs(args)) {
    switch (arg) {
      case '-h':
      case '--help':
        io.stdout(help);
        return 0;
      case '--defs':
        defs.push(value());
        break;
      case '--format': {
        const v = value();
        if (v !== 'markdown' && v !== 'json') throw new UsageError(`--format must be markdown or json, not ${JSON.stringify(v)}`);
        format = v;
        break;
      }
      case '--cue':
        cue = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown flag: ${arg}`);
        names.push(arg);
    }
  }
  if (names.length !== 1) throw new UsageError('show: give one definition name or file');
  const cwd = io.cwd ?? process.cwd();
  try {
    const files: DefinitionFile[] = [];
    for (const p of defs) files.push(...(await readDefinitionPath(cwd, p)));
    const set = loadDefinitions(files);
    const name = names[0]!;
    let def: Definition | undefined = set.get(name);
    if (!def && isDefinitionFileName(name) && (await isFile(path.resolve(cwd, name)))) {
      const [first] = parseDefinitionFile(name, await readFile(path.resolve(cwd, name), 'utf8'));
      def = first;
    }
    if (!def) {
      // The same "did you mean" as an Application's unknown type.
      for (const kind of ['component', 'trait', 'policy', 'workflow-step'] as const) {
        try {
          set.require(name, kind);
        } catch (e) {
          if (e instanceof CueErrorList && /did you mean/.test(e.errors[0]?.message ?? '')) {
            io.stderr(`unknown definition "${name}" (${/did you mean ([^)]*)/.exec(e.errors[0]!.message)![0]})\n`);
            return 1;
          }
        }
      }
      io.stderr(`unknown definition "${name}": not a built-in, not found with --defs, not a definition file\n`);
      return 1;
    }
    if (cue) io.stdout(def.span.src.text.endsWith('\n') ? def.span.src.text : `${def.span.src.text}\n`);
    else if (format === 'json') io.stdout(encodeJSON(jsToPlain(parameterSchema(def))));
    else io.stdout(parameterReference(def));
    return 0;
  } catch (e) {
    if (e instanceof CueErrorList) {
      io.stderr(e.format());
      return 1;
    }
    if (e instanceof FileError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
};

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
