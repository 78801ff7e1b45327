/**
 * Completion, from the evaluated instance:
 * - at a label inside a struct, the fields its value has or allows (a closed definition's,
 *   a schema's: `x: #Service & {|}` offers #Service's fields), each with its type and default,
 *   those already written left out;
 * - after `a.b.`, the fields of that value; after `pkg.`, the members of an imported
 *   standard-library package; in a KubeVela definition, `context.` and `parameter.` fields;
 * - in an import, the standard-library packages;
 * - elsewhere, the names in scope (fields of the enclosing structs, lets, imports).
 * While the document does not parse (it rarely does in the middle of typing `a.`), the last
 * instance that evaluated answers, at the struct the cursor is in.
 */
import type { CompletionItem, Position } from 'vscode-languageserver';
import type { FieldInfo, Value } from '../index.js';
import type { Instance } from './instance.js';
import { type StructSite, samePath, structAt } from './syntax-index.js';
import { docOf } from './text.js';
import { members, stdlibPackages } from './stdlib-docs.js';
import { defaultText, docsOf, valueText } from './hover.js';

const Kind = { Function: 3, Field: 5, Variable: 6, Class: 7, Module: 9, Property: 10, Constant: 21, Struct: 22 } as const;

export function completionAt(cur: Instance, good: Instance, abs: string, pos: Position, text: string): CompletionItem[] {
  const doc = docOf(cur.files.find((f) => f.abs === abs)?.syntax.span.src ?? good.files.find((f) => f.abs === abs)!.syntax.span.src);
  const offset = doc.offsetAt(pos);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const site = siteAt(cur, abs, offset) ?? siteAt(good, abs, offset);
  const scopePath = site?.path ?? [];

  // In an import declaration: package paths.
  if (/^\s*(import\s*\(?\s*)?"[\w./-]*$/.test(before) && isInImports(text, offset)) {
    return stdlibPackages().map((p) => ({ label: p, kind: Kind.Module, detail: 'standard library' }));
  }

  const sel = /((?:#?[\p{L}_$][\p{L}\p{Nd}_$]*\.)+)(#?[\p{L}\p{Nd}_$]*)$/u.exec(before);
  if (sel) {
    const parts = sel[1]!.slice(0, -1).split('.');
    return selectorItems(good, abs, parts, scopePath);
  }

  // At a label: the first thing on its line (after `{` or `,`), an identifier being typed.
  if (/(^|[{,])\s*#?[\p{L}\p{Nd}_$]*$/u.test(before) && site && site.path && good.value) {
    return labelItems(good, site);
  }
  return scopeItems(good, abs, scopePath);
}

function siteAt(inst: Instance, abs: string, offset: number): StructSite | undefined {
  const f = inst.files.find((x) => x.abs === abs);
  return f ? structAt(inst.index, f.name, offset) : undefined;
}

function isInImports(text: string, offset: number): boolean {
  const head = text.slice(0, offset);
  return /(^|\n)\s*import\b/.test(head) && !/(^|\n)\s*[\p{L}#_$][\p{L}\p{Nd}_$]*\??\s*:/u.test(head);
}

/** The fields of the value at a struct, as label completions. */
function labelItems(inst: Instance, site: StructSite): CompletionItem[] {
  const v = inst.value!.lookupPath(site.path!);
  if (!v.exists()) return [];
  const written = new Set(site.labels);
  const out: CompletionItem[] = [];
  for (const f of v.fields({ optional: true, definitions: false })) {
    if (written.has(f.label)) continue;
    out.push(fieldItem(inst, site.path!, f, true));
  }
  return out;
}

function fieldItem(inst: Instance, parent: readonly string[], f: FieldInfo, asLabel: boolean): CompletionItem {
  const type = firstLine(valueText(f.value));
  const def = defaultText(f.value);
  const docs = docsOf(inst, [...parent, f.label]);
  const documentation = [def !== undefined ? `default: \`${def}\`` : '', docs.usage.length > 0 ? `usage: ${docs.usage.join(' ')}` : '', ...docs.text].filter((s) => s !== '').join('\n\n');
  const marker = f.optional ? '?' : f.required ? '!' : '';
  return {
    label: f.selector,
    kind: f.isDefinition ? Kind.Class : isStruct(f.value) ? Kind.Struct : Kind.Field,
    detail: `${f.selector}${marker}: ${type}`,
    ...(documentation ? { documentation: { kind: 'markdown', value: documentation } } : {}),
    ...(asLabel ? { insertText: `${f.selector}: ` } : {}),
    sortText: (f.optional ? '1' : '0') + f.label,
  };
}

function isStruct(v: Value): boolean {
  return v.kind() === 'struct';
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i) + ' ...';
}

/** `a.b.` in the scope of a struct at `scopePath`: the field `a` of the innermost enclosing struct that declares it. */
function selectorItems(inst: Instance, abs: string, parts: string[], scopePath: readonly string[]): CompletionItem[] {
  const head = parts[0]!;
  const file = inst.files.find((f) => f.abs === abs);
  const imp = inst.index.decls.find((d) => d.kind === 'import' && d.name === head && file && d.nameSpan.src.name === file.name);
  if (imp?.importPath !== undefined && parts.length === 1) {
    return members(imp.importPath).map((m) => ({
      label: m.name,
      kind: m.kind === 'function' ? Kind.Function : Kind.Constant,
      detail: m.signature,
      ...(m.doc ? { documentation: m.doc } : {}),
    }));
  }
  if (!inst.value) return [];
  let base: readonly string[] | undefined;
  for (let k = scopePath.length; k >= 0 && !base; k--) {
    const candidate = [...scopePath.slice(0, k), head];
    if (inst.index.decls.some((d) => (d.kind === 'field' || d.kind === 'alias') && samePath(d.path, candidate))) base = candidate;
  }
  // `context` of a KubeVela template is declared by the renderer, not the file.
  if (!base && head === 'context' && inst.kubevela) base = ['context'];
  if (!base) {
    const alias = inst.index.decls.find((d) => d.kind === 'alias' && d.name === head && d.path);
    if (alias) base = alias.path!;
  }
  if (!base) return [];
  const p = [...base, ...parts.slice(1)];
  const v = inst.value.lookupPath(p);
  if (!v.exists()) return [];
  return v.fields({ optional: true, definitions: true }).map((f) => fieldItem(inst, p, f, false));
}

/** Names visible at a struct: the fields of each enclosing struct, lets, aliases and imports of the file. */
function scopeItems(inst: Instance, abs: string, scopePath: readonly string[]): CompletionItem[] {
  const file = inst.files.find((f) => f.abs === abs);
  const out = new Map<string, CompletionItem>();
  for (let k = scopePath.length; k >= 0; k--) {
    const prefix = scopePath.slice(0, k);
    for (const d of inst.index.decls) {
      if (out.has(d.name)) continue;
      if ((d.kind === 'field' || d.kind === 'alias') && d.path && d.path.length === k + 1 && samePath(d.path.slice(0, k), prefix)) {
        if (d.kind === 'field' && d.node.type === 'Field' && d.node.label.type !== 'Ident') continue;
        out.set(d.name, { label: d.name, kind: d.name.startsWith('#') ? Kind.Class : Kind.Field });
      }
    }
  }
  for (const d of inst.index.decls) {
    if (out.has(d.name) || !file || d.nameSpan.src.name !== file.name) continue;
    if (d.kind === 'import') out.set(d.name, { label: d.name, kind: Kind.Module, detail: `import "${d.importPath}"` });
    else if (d.kind === 'let') out.set(d.name, { label: d.name, kind: Kind.Variable, detail: 'let' });
  }
  return [...out.values()];
}
