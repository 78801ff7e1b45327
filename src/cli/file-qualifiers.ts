/**
 * File-type qualifiers on the command line, as `cue help filetypes` describes them: an
 * argument `TAG{+TAG}:` (`json:`, `yaml:`, `jsonl:`, `cue:`) makes the files after it, up to
 * the next qualifier, be read as that type whatever their extension (`cue vet schema.cue
 * jsonl: foo.data`, `cue vet x.cue json: -` for standard input as JSON, `yaml: noext` for a
 * name that would otherwise be a package).
 *
 * Formats cue-lite does not read (toml, text, binary, jsonschema, openapi, proto, textproto,
 * go) are an error naming the tag. The tags that only restrict or filter (`data`, `graph`,
 * `schema`) and codec options (`strict`, `indentSequences`, ...) change nothing here.
 */
import type { FileKind } from './inputs.js';

/** A qualifier argument: tags joined by `+`, then `:`, nothing after it. */
const qualifierPattern = /^[A-Za-z][A-Za-z0-9]*(?:\+[A-Za-z][A-Za-z0-9]*(?:=[A-Za-z0-9]+)?)*:$/;

const readable = new Set<FileKind>(['cue', 'json', 'yaml', 'jsonl']);
const formats = new Set(['cue', 'json', 'yaml', 'jsonl', 'toml', 'text', 'binary', 'jsonschema', 'openapi', 'proto', 'textproto', 'go', 'pb']);
const modifiers = new Set(['data', 'graph', 'schema', 'strict', 'strictFeatures', 'strictKeywords', 'openOnlyWhenExplicit', 'allSchemas', 'indentSequences']);

export interface QualifiedArgs {
  /** The arguments without the qualifiers. */
  readonly args: string[];
  /** The type a qualifier gives an argument (by its text). */
  readonly kinds: ReadonlyMap<string, FileKind>;
  /** One line per qualifier that cannot be used. */
  readonly errors: string[];
}

export function applyQualifiers(args: readonly string[]): QualifiedArgs {
  const out: string[] = [];
  const kinds = new Map<string, FileKind>();
  const errors: string[] = [];
  let current: FileKind | undefined;
  for (const a of args) {
    if (!qualifierPattern.test(a)) {
      out.push(a);
      if (current !== undefined) kinds.set(a, current);
      continue;
    }
    const tags = a.slice(0, -1).split('+').map((t) => t.replace(/=.*$/, ''));
    const format = tags.find((t) => formats.has(t));
    const unknown = tags.find((t) => !formats.has(t) && !modifiers.has(t));
    if (unknown !== undefined) {
      errors.push(`unknown filetype ${unknown}`);
      current = undefined;
    } else if (format === undefined) {
      // Only modifiers (`data:`): the extension still decides.
      current = undefined;
    } else if (!readable.has(format as FileKind)) {
      errors.push(`file type ${format} is not supported by cue-lite (it reads cue, json, yaml and jsonl)`);
      current = undefined;
    } else current = format as FileKind;
  }
  return { args: out, kinds, errors };
}
