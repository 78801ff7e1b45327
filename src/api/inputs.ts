/**
 * Inputs by kind: `.cue` files are parsed as CUE; `.json`, `.yaml` and `.yml` files are data,
 * turned into CUE syntax with their own positions and unified at the root.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { Source } from '../source/index.js';
import type * as A from '../syntax/ast.js';
import { parseFile } from '../syntax/index.js';
import { parseJSONFile, parseYAMLFile } from '../encoding/index.js';

export interface InputFile {
  /** The name used in positions (`./app.cue`), and to choose how to read it. */
  readonly name: string;
  readonly text: string;
  /** Overrides the kind chosen from the name's extension. */
  readonly kind?: InputKind;
  /**
   * The file already parsed (for example data placed under labels, as `cue -l` does): used
   * instead of parsing `text`. Its nodes keep their own positions.
   */
  readonly syntax?: A.File;
}

export type InputKind = 'cue' | 'json' | 'yaml';

export function inputKind(name: string): InputKind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.cue') || name === '-') return 'cue';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

export function parseInputs(inputs: readonly InputFile[]): { files: A.File[]; errors: CueError[] } {
  const files: A.File[] = [];
  const errors: CueError[] = [];
  for (const input of inputs) {
    if (input.syntax) {
      files.push(input.syntax);
      continue;
    }
    const src = new Source(input.name, input.text);
    const kind = input.kind ?? inputKind(input.name);
    let r: { file?: A.File; errors: CueError[] };
    switch (kind) {
      case 'cue':
        r = parseFile(src);
        break;
      case 'json':
        r = parseJSONFile(src);
        break;
      case 'yaml':
        r = parseYAMLFile(src);
        break;
      default: {
        const ext = input.name.includes('.') ? input.name.slice(input.name.lastIndexOf('.') + 1) : input.name;
        r = { errors: [new CueError(ErrorCode.io, `unknown filetype ${ext}`, [], [])] };
      }
    }
    if (r.file) files.push(r.file);
    errors.push(...r.errors);
  }
  return { files, errors };
}
