/**
 * `@experiment(name, ...)` attributes of a file's preamble: the language experiments the file
 * turns on, as CUE's parser collects them (cue/parser parseAttribute, internal/cueexperiment).
 * cue-lite implements one of them, `try`.
 */
import type { Attribute, File } from './ast.js';

/** The experiment names one attribute lists (lower case); none unless it is `@experiment`. */
export function experimentNames(attr: Attribute): string[] {
  if (attr.name !== 'experiment') return [];
  return attr.text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

/** Whether the file's preamble (the attributes before its package clause) enables `name`. */
export function fileHasExperiment(file: File, name: string): boolean {
  return file.attrs.some((a) => experimentNames(a).includes(name));
}
