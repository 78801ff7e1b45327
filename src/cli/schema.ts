/// <reference types="node" />
/**
 * `cue-lite schema DEF`: a definition's `parameter` as JSON Schema (src/render/schema.ts),
 * the way KubeVela stores it for UIs. DEF is a definition file (`vela def` CUE, or YAML), or
 * the name of a built-in definition.
 */
import { readFile } from './fs-async.js';
import path from 'node:path';
import { CueErrorList } from '../index.js';
import { encodeJSON } from '../encoding/index.js';
import { jsToPlain } from '../api/encode.js';
import { DefinitionSet, type Definition, parameterSchema, parseDefinitionFile } from '../render/index.js';
import type { Command } from './io.js';
import { UsageError } from './io.js';

const help = `Print a definition's parameter schema as JSON Schema.

Usage:
  cue-lite schema DEF.cue|DEF.yaml|NAME...

DEF is a definition file (the vela def CUE format, or a YAML ComponentDefinition /
TraitDefinition), or the name of a built-in definition (webservice, scaler, ...). With
several definitions, the output is an object keyed by definition name.

Fields with neither a default nor "?" are listed as required (KubeVela also lists defaulted
fields; a user may omit those). Constraints JSON Schema cannot express degrade to the base type.

Flags:
  -h, --help   help for schema
`;

export const schemaCommand: Command = async (args, io) => {
  const inputs: string[] = [];
  for (const a of args) {
    if (a === '-h' || a === '--help') {
      io.stdout(help);
      return 0;
    }
    if (a.startsWith('-')) throw new UsageError(`unknown flag: ${a}`);
    inputs.push(a);
  }
  if (inputs.length === 0) throw new UsageError('schema: give a definition file or a built-in definition name');
  const cwd = io.cwd ?? process.cwd();
  const builtins = new DefinitionSet();
  const out: Record<string, unknown> = {};
  try {
    for (const input of inputs) {
      let defs: Definition[];
      let text: string | undefined;
      try {
        text = await readFile(path.resolve(cwd, input), 'utf8');
      } catch {
        text = undefined;
      }
      if (text !== undefined) defs = parseDefinitionFile(input, text);
      else {
        const d = builtins.get(input);
        if (!d) {
          io.stderr(`cannot read ${input}: no such file or built-in definition\n`);
          return 1;
        }
        defs = [d];
      }
      for (const d of defs) out[d.name] = parameterSchema(d);
    }
  } catch (e) {
    if (e instanceof CueErrorList) {
      io.stderr(e.format());
      return 1;
    }
    throw e;
  }
  const keys = Object.keys(out);
  io.stdout(encodeJSON(jsToPlain(keys.length === 1 ? out[keys[0]!] : out)));
  return 0;
};
