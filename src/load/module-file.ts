/**
 * `cue.mod/module.cue`: the module's path (`module: "example.com/app"` or `"example.com/app@v0"`),
 * current CUE's `language: version: "v0.9.0"`, and `deps` (registry dependencies). It is CUE,
 * so it is evaluated (with no imports) and its fields checked, each error at its position.
 *
 * A `cue.mod` that is a file, not a directory, is the layout of CUE before v0.4 (the v0.4.3
 * kubernetes tutorial's manual/ still has one): it marks the module root, with no module path.
 * Current CUE refuses it; cue-lite accepts it as v0.4.3 does.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { Source } from '../source/index.js';
import { parseFile } from '../syntax/index.js';
import { Runtime } from '../compile/runtime.js';
import { exportPlain } from '../export/export.js';
import { type PlainValue, PlainStruct } from '../plain/plain-value.js';
import type { FSReader } from './fs.js';
import { join } from './path.js';

export interface ModuleInfo {
  /** The directory holding `cue.mod`. */
  readonly root: string;
  /** The module path without its major version (`example.com/app`); '' when none is declared. */
  readonly path: string;
  /** The major version suffix (`v0`), if written. */
  readonly majorVersion: string | undefined;
  /** `language: version:`, if any. */
  readonly languageVersion: string | undefined;
  /** Registry dependencies: module path (with its `@vN`) to version. */
  readonly deps: ReadonlyMap<string, string>;
  /** The name `module.cue` is shown by in positions. */
  readonly fileName: string | undefined;
}

const modulePathRe = /^[a-z0-9][a-z0-9.-]*(\.[a-z0-9-]+)*(\/[A-Za-z0-9._~-]+)*$/;
const semverRe = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export async function readModuleFile(fs: FSReader, root: string, shown: (abs: string) => string): Promise<{ module: ModuleInfo; errors: CueError[] }> {
  const none = (errors: CueError[] = []) => ({
    module: { root, path: '', majorVersion: undefined, languageVersion: undefined, deps: new Map<string, string>(), fileName: undefined },
    errors,
  });
  const modDir = join(root, 'cue.mod');
  if ((await fs.kind(modDir)) !== 'dir') return none();
  const abs = join(modDir, 'module.cue');
  if ((await fs.kind(abs)) !== 'file') return none();
  const name = shown(abs);
  const read = await fs.readText(abs, name);
  if (read.text === undefined) return none(read.errors);
  const parsed = parseFile(new Source(name, read.text));
  if (parsed.errors.length > 0) return none(parsed.errors);
  if (parsed.file.imports.length > 0) {
    return none([new CueError(ErrorCode.compile, 'imports are not allowed in module.cue', [], [parsed.file.imports[0]!.span])]);
  }
  const rt = new Runtime();
  const inst = rt.build([parsed.file]);
  if (inst.errors.length > 0) return none(inst.errors);
  const r = exportPlain(rt.ev, inst.root, { concrete: true });
  if (r.errors.length > 0 || !(r.value instanceof PlainStruct)) return none(r.errors.length > 0 ? r.errors : [new CueError(ErrorCode.eval, 'module.cue: not a struct', [], [parsed.file.span])]);
  const errors: CueError[] = [];
  const fieldSpan = (label: string) => {
    const d = parsed.file.decls.find((x) => x.type === 'Field' && x.label.type === 'Ident' && x.label.name === label);
    return d ? [d.span] : [parsed.file.span];
  };
  const get = (v: PlainValue | undefined, k: string): PlainValue | undefined => (v instanceof PlainStruct ? v.fields.get(k) : undefined);

  let path = '';
  let majorVersion: string | undefined;
  const m = get(r.value, 'module');
  if (m !== undefined) {
    if (typeof m !== 'string') errors.push(new CueError(ErrorCode.eval, 'module: must be a string', ['module'], fieldSpan('module')));
    else {
      const at = m.lastIndexOf('@');
      path = at >= 0 ? m.slice(0, at) : m;
      majorVersion = at >= 0 ? m.slice(at + 1) : undefined;
      if (path !== '' && !modulePathRe.test(path)) errors.push(new CueError(ErrorCode.eval, `module: invalid module path ${JSON.stringify(m)}`, ['module'], fieldSpan('module')));
      else if (majorVersion !== undefined && !/^v\d+$/.test(majorVersion)) {
        errors.push(new CueError(ErrorCode.eval, `module: invalid major version ${JSON.stringify(majorVersion)} (want @v0, @v1, ...)`, ['module'], fieldSpan('module')));
      }
    }
  }
  let languageVersion: string | undefined;
  const lang = get(r.value, 'language');
  const lv = lang ? get(lang, 'version') : undefined;
  if (lv !== undefined) {
    if (typeof lv !== 'string' || !semverRe.test(lv)) errors.push(new CueError(ErrorCode.eval, 'language.version: must be a version such as "v0.9.0"', ['language', 'version'], fieldSpan('language')));
    else languageVersion = lv;
  }
  const deps = new Map<string, string>();
  const d = get(r.value, 'deps');
  if (d !== undefined) {
    if (!(d instanceof PlainStruct)) errors.push(new CueError(ErrorCode.eval, 'deps: must be a struct', ['deps'], fieldSpan('deps')));
    else
      for (const [label, value] of d.fields) {
        const v = get(value, 'v');
        deps.set(label, typeof v === 'string' ? v : '');
      }
  }
  return { module: { root, path, majorVersion, languageVersion, deps, fileName: name }, errors };
}
