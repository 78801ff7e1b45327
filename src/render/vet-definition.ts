/**
 * Checking a definition file alone, as `vela def vet` does (kubevela references/cli/def.go
 * validateCueFile -> FromCUEString): the file splits into imports, one metadata field and
 * `template`; the metadata is plain data with a known `type`; the template compiles with
 * `context` and `parameter` declared (`context: _`, `parameter: _`), and has no error that
 * does not depend on data (unresolved references, literal conflicts, unknown imports).
 * Concreteness is not required: an author can check a template with no parameters.
 * Imports of KubeVela's providers (`vela/*`) are bound to opaque stubs (vela-stubs.ts).
 */
import { Context } from '../api/context.js';
import { CueError, CueErrorList } from '../errors/index.js';
import { Source } from '../source/index.js';
import { parseFile } from '../syntax/index.js';
import { parseDefinitionFile } from './definition.js';
import { compileFiles, labelString, makeFile } from './syntax-util.js';
import { addVelaStubs } from './vela-stubs.js';

/** Whether CUE text has the `vela def` shape: one metadata field and `template: {...}`. */
export function isDefinitionSource(name: string, text: string): boolean {
  const { file, errors } = parseFile(new Source(name, text));
  if (errors.length > 0 || file.package) return false;
  const fields = file.decls.filter((d) => d.type === 'Field');
  if (fields.length !== 2 || file.decls.length !== 2) return false;
  const template = fields.find((f) => labelString(f.label) === 'template');
  const meta = fields.find((f) => f !== template);
  if (!template || !meta || template.value.type !== 'StructLit' || meta.value.type !== 'StructLit') return false;
  return meta.value.decls.some((d) => d.type === 'Field' && labelString(d.label) === 'type');
}

/** Every problem of a definition file (empty when it is fine). */
export function vetDefinition(name: string, text: string): CueError[] {
  let defs;
  try {
    defs = parseDefinitionFile(name, text);
  } catch (e) {
    if (e instanceof CueErrorList) return [...e.errors];
    throw e;
  }
  const errors: CueError[] = [];
  for (const def of defs) {
    const base = parseFile(new Source('<declared>', 'context: _\nparameter: _\n')).file;
    const ctx = new Context();
    // KubeVela's providers are checked as opaque stubs: nothing runs (vela-stubs.ts).
    const stubs = addVelaStubs(ctx, def.imports, def.template.span.src.text);
    errors.push(...stubs.errors);
    const value = compileFiles(ctx, [makeFile([...def.template.decls], def.imports, def.template.span), base]);
    errors.push(...value.validate({ concrete: false }));
  }
  return errors;
}
