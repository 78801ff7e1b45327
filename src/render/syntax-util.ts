/**
 * Small helpers over CUE syntax used by the renderer: label names, finding fields, building
 * synthetic nodes, and compiling parsed files.
 */
import type { Context } from '../api/context.js';
import { Value } from '../api/value.js';
import { Source, type Span } from '../source/index.js';
import type { Declaration, Expr, Field, File, ImportDecl, Label, StructLit } from '../syntax/ast.js';

/** The name a label stands for, when it is a plain identifier or a simple string. */
export function labelString(label: Label): string | undefined {
  if (label.type === 'Ident') return label.name;
  if (label.type === 'BasicLit' && label.kind === 'string') return label.value;
  return undefined;
}

/** The top-level fields named `name` among declarations. */
export function fieldsNamed(decls: readonly Declaration[], name: string): Field[] {
  return decls.filter((d): d is Field => d.type === 'Field' && labelString(d.label) === name);
}

/** A field `label: value` built by the renderer; its positions are the value's. */
export function makeField(label: string, value: Expr, span: Span = value.span): Field {
  return {
    type: 'Field',
    span,
    label: { type: 'Ident', span, name: label },
    constraint: 'regular',
    value,
    attrs: [],
  };
}

export function makeFile(decls: Declaration[], imports: readonly ImportDecl[] = [], span?: Span): File {
  return { type: 'File', span: span ?? decls[0]?.span ?? emptySpan, attrs: [], imports: [...imports], decls };
}

export function makeStruct(decls: Declaration[], span: Span): StructLit {
  return { type: 'StructLit', span, decls };
}

const emptySpan: Span = { src: new Source('<render>', ''), start: 0, end: 0 };

/**
 * Compiles parsed files (one package) into a Value: the renderer assembles files from syntax
 * that keeps the positions of several inputs (definition, Application YAML, platform file).
 */
export function compileFiles(ctx: Context, files: readonly File[]): Value {
  return ctx.compileSyntax(files);
}
