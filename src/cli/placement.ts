/**
 * Data files placed in the value, as `cue` places "orphan" files (cmd/cue/cmd/orphans.go):
 *
 *   -l LABEL        one path element per flag: an expression evaluated against each data
 *                   document (`-l 'strings.ToCamel(kind)' -l metadata.name`), or, ending with
 *                   `:`, labels written as CUE labels (`-l objects:`, `-l '"\(kind)": name:'`,
 *                   interpolations evaluated like expressions);
 *   --list          documents with the same path gather into a list, in order;
 *   --with-context  labels are evaluated in `{data, filename, index, recordCount}` instead of
 *                   the document itself.
 *
 * The result is one CUE file (AST) per data file, whose data nodes keep their positions in the
 * data file; eval, export and vet compile it with the package, import prints it. Used by
 * instance.ts and import.ts.
 */
/// <reference types="node" />
import path from 'node:path';
import { Context, CueError, ErrorCode, type InputFile, Source, parseFile } from '../index.js';
import type * as A from '../syntax/ast.js';
import { parseJSONFile, parseYAMLStream, dataLabel } from '../encoding/index.js';
import { evalExpression } from './expression.js';
import type { FlagSpec } from './flags.js';
import type { DataFile } from './inputs.js';

export interface PlacementOptions {
  /** The `-l` flags as written. */
  readonly labels: readonly string[];
  readonly list: boolean;
  readonly withContext: boolean;
}

export const labelFlag: FlagSpec = {
  name: 'path',
  short: 'l',
  kind: 'list',
  arg: 'LABEL',
  help: "place each data document at a path: an expression per flag evaluated against it (-l 'strings.ToCamel(kind)' -l metadata.name), or labels ending in ':' (-l 'objects:')",
};
export const listFlag: FlagSpec = { name: 'list', kind: 'bool', help: 'gather the data documents placed at one path into a list' };
export const withContextFlag: FlagSpec = {
  name: 'with-context',
  kind: 'bool',
  help: 'evaluate -l labels in {data, filename, index, recordCount} instead of the document itself',
};

export function placementOf(flags: { list(name: string): string[]; bool(name: string): boolean }): PlacementOptions | undefined {
  const labels = flags.list('path');
  const list = flags.bool('list');
  const withContext = flags.bool('with-context');
  if (labels.length === 0 && !list && !withContext) return undefined;
  return { labels, list, withContext };
}

/** One path element of a -l flag: a label as written, or an expression to evaluate. */
type PathElem = { readonly label: A.Label & (A.Ident | A.BasicLit) } | { readonly expr: string; readonly shown: string };

const synthetic = new Source('--path', '');
const span = { src: synthetic, start: 0, end: 0 };

/** The -l flags as path elements; a flag that does not parse is an error line. */
export function parsePathFlags(labels: readonly string[]): { elems: PathElem[]; errors: string[] } {
  const elems: PathElem[] = [];
  const errors: string[] = [];
  for (const l of labels) {
    const text = l.trim();
    if (!text.endsWith(':')) {
      elems.push({ expr: text, shown: text });
      continue;
    }
    // `a: "b\(x)": c:` is a field chain: parse it with a value and read the labels back.
    const src = new Source('--path', text + '_');
    const { file, errors: e } = parseFile(src);
    if (e.length > 0 || file.decls.length !== 1 || file.decls[0]!.type !== 'Field') {
      errors.push(`parser error in path ${JSON.stringify(text)}: ${e[0]?.message ?? 'path flag must be a sequence of labels'}`);
      continue;
    }
    let d: A.Declaration | undefined = file.decls[0];
    while (d && d.type === 'Field') {
      const label = d.label;
      if (label.type === 'Ident' || (label.type === 'BasicLit' && label.kind === 'string')) elems.push({ label: label as A.Ident | A.BasicLit });
      else {
        const shown = text.slice(label.span.start, label.span.end);
        elems.push({ expr: label.type === 'DynamicLabel' ? text.slice(label.expr.span.start, label.expr.span.end) : shown, shown });
      }
      const v: A.Expr = d.value;
      d = v.type === 'StructLit' && v.shorthand && v.decls.length === 1 ? v.decls[0] : undefined;
    }
  }
  return { elems, errors };
}

/** The documents of a data file as expressions (spans into the file), or its errors. */
export function dataExprs(file: DataFile): { exprs: A.Expr[]; errors: CueError[] } {
  const exprs: A.Expr[] = [];
  const errors: CueError[] = [];
  for (const doc of file.documents) {
    const src = new Source(doc.name, doc.text);
    if (doc.kind === 'yaml') {
      const r = parseYAMLStream(src);
      errors.push(...r.errors);
      exprs.push(...r.exprs);
    } else {
      const r = parseJSONFile(src);
      errors.push(...r.errors);
      const d = r.file?.decls[0];
      if (d && d.type === 'EmbedDecl') exprs.push(d.expr);
    }
  }
  return { exprs, errors };
}

function labelOf(name: string): A.Label {
  return dataLabel(name, span);
}

function field(label: A.Label, value: A.Expr): A.Field {
  return { type: 'Field', span: value.span, label, constraint: 'regular', value, attrs: [] };
}

function struct(decls: A.Declaration[], shorthand: boolean): A.StructLit {
  return { type: 'StructLit', span, decls, shorthand };
}

function labelKey(l: A.Label): string {
  return l.type === 'Ident' ? l.name : l.type === 'BasicLit' ? JSON.stringify(l.value) : '?';
}

/**
 * Places the documents of one data file as cue does: returns the CUE file (AST) holding them,
 * or the errors that stop it. `forImport` applies import's rules: a document without a path
 * must be a struct (its fields become the file's), and a file with several documents needs
 * -l, --list or --files.
 */
export function placeDataFile(
  ctx: Context,
  file: DataFile,
  options: PlacementOptions | undefined,
  extra: { forImport?: boolean; shownName?: string } = {},
): { file?: A.File; errors: string[]; cueErrors: CueError[] } {
  const { exprs, errors } = dataExprs(file);
  const fileSpan = exprs[0]?.span ?? span;
  const src = fileSpan.src;
  if (errors.length > 0) return { errors: [], cueErrors: errors };
  const parsed = parsePathFlags(options?.labels ?? []);
  if (parsed.errors.length > 0) return { errors: parsed.errors, cueErrors: [] };
  const elems = parsed.elems;
  const list = options?.list ?? false;
  const mkFile = (decls: A.Declaration[]): A.File => ({ type: 'File', span: { src, start: 0, end: src.text.length }, attrs: [], imports: [], decls });

  if (elems.length === 0 && !list) {
    if (options?.withContext) return { errors: ['flag "with-context" must be used with at least one of flag "path", "list", or "files"'], cueErrors: [] };
    if (extra.forImport && exprs.length > 1) {
      return { errors: [`path, list, or files flag needed to handle multiple objects in file ${extra.shownName ?? file.name}`], cueErrors: [] };
    }
    const decls: A.Declaration[] = [];
    for (const e of exprs) {
      if (extra.forImport) {
        if (e.type === 'StructLit') decls.push(...e.decls);
        else if (e.type === 'ListLit') return { errors: ['expected struct as object root, did you mean to use the --list flag?'], cueErrors: [] };
        else if (!(e.type === 'BasicLit' && e.kind === 'null')) decls.push({ type: 'EmbedDecl', span: e.span, expr: e });
      } else decls.push({ type: 'EmbedDecl', span: e.span, expr: e });
    }
    return { file: mkFile(decls), errors: [], cueErrors: [] };
  }

  // An index of the paths seen, in first-seen order, for --list (orphans.go's index).
  interface Node {
    readonly children: Map<string, { label: A.Label; node: Node }>;
    items?: A.Expr[];
  }
  const root: Node = { children: new Map() };
  const decls: A.Declaration[] = [];
  const filename = file.name === '-' ? '-' : path.resolve(file.name);
  for (let i = 0; i < exprs.length; i++) {
    const expr = exprs[i]!;
    const labels: A.Label[] = [];
    const needsEval = elems.some((e) => 'expr' in e);
    let scope: InputFile | undefined;
    if (needsEval) {
      const scopeFile: A.File = options?.withContext
        ? mkFile([
            field(labelOf('data'), expr),
            field(labelOf('filename'), { type: 'BasicLit', span, kind: 'string', raw: JSON.stringify(filename), value: filename } as A.BasicLit),
            field(labelOf('index'), { type: 'BasicLit', span, kind: 'int', raw: String(i), value: String(i) } as A.BasicLit),
            field(labelOf('recordCount'), { type: 'BasicLit', span, kind: 'int', raw: String(exprs.length), value: String(exprs.length) } as A.BasicLit),
          ])
        : // The document's fields must be declared in the file to be visible to the label
          // expressions (the fields of an embedded struct are not in lexical scope).
          mkFile(expr.type === 'StructLit' ? expr.decls : [{ type: 'EmbedDecl', span: expr.span, expr }]);
      scope = { name: file.name, text: '', syntax: scopeFile };
    }
    let skip = false;
    for (const e of elems) {
      if ('label' in e) {
        labels.push(e.label);
        continue;
      }
      const base = ctx.compile([scope!]);
      const r = evalExpression(ctx, base, [scope!], undefined, e.expr);
      const v = r.value;
      const kind = v?.kind();
      if (v && kind === 'string' && v.isConcrete()) {
        labels.push(labelOf(v.toJS() as string));
        continue;
      }
      // A null document has no fields for a label to reference: skipped, as cue does.
      if (expr.type === 'BasicLit' && expr.kind === 'null') {
        skip = true;
        break;
      }
      const errs = v ? r.mapErrors(v.validate({ concrete: true })) : r.mapErrors(r.errors);
      const what = errs.length > 0 ? errs.map((x) => x.message).join('; ') : v ? describe(v) : 'no value';
      return { errors: [`error evaluating label ${e.shown}: ${what}`], cueErrors: [] };
    }
    if (skip) continue;
    if (list) {
      let node = root;
      for (const l of labels) {
        const k = labelKey(l);
        let next = node.children.get(k);
        if (!next) {
          next = { label: l, node: { children: new Map() } };
          node.children.set(k, next);
        }
        node = next.node;
      }
      (node.items ??= []).push(expr);
      continue;
    }
    if (labels.length === 0) {
      decls.push({ type: 'EmbedDecl', span: expr.span, expr });
      continue;
    }
    let value: A.Expr = expr;
    for (let k = labels.length - 1; k > 0; k--) value = struct([field(labels[k]!, value)], true);
    decls.push(field(labels[0]!, value));
  }
  if (list) {
    const build = (node: Node): A.Expr => {
      if (node.items) return { type: 'ListLit', span, elts: node.items };
      return struct([...node.children.values()].map((c) => field(c.label, build(c.node))), false);
    };
    if (root.items) decls.push({ type: 'EmbedDecl', span, expr: build(root) });
    else if (root.children.size === 0) decls.push({ type: 'EmbedDecl', span, expr: { type: 'ListLit', span, elts: [] } });
    else for (const c of root.children.values()) decls.push(field(c.label, build(c.node)));
  }
  return { file: mkFile(decls), errors: [], cueErrors: [] };
}

function describe(v: { kind(): string; exportCUE(o?: object): string }): string {
  try {
    return v.exportCUE({}).trim();
  } catch {
    return v.kind();
  }
}

/** A placed data file as an input of a package. */
export function placedInput(name: string, syntax: A.File): InputFile {
  return { name, text: '', syntax };
}

/** A load error for a data file that could not be placed. */
export function placementError(message: string): CueError {
  return new CueError(ErrorCode.usage, message);
}

/**
 * `export -l` without data files: the exported value placed at the path the flags give (cue's
 * placeValue, export_cue.txtar: `-l 'newpath:' ./sub` exports `newpath: foo: {...}`). An
 * expression label is evaluated in the value. Returns the placed value, or the error line.
 */
export function placeValue(ctx: Context, value: import('../index.js').Value, labels: readonly string[]): { value: import('../index.js').Value } | { error: string } {
  const { elems, errors } = parsePathFlags(labels);
  if (errors.length > 0) return { error: errors[0]! };
  const path: string[] = [];
  for (const e of elems) {
    if ('label' in e) {
      path.push(e.label.type === 'Ident' ? e.label.name : e.label.value);
      continue;
    }
    const r = value.lookupPath(e.expr);
    const v = r.exists() ? r.toJS() : undefined;
    if (typeof v !== 'string') return { error: `invalid label ${e.shown}: not a string` };
    path.push(v);
  }
  return { value: ctx.compile('{}').fillPath(path, value) };
}
