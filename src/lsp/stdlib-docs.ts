/**
 * The standard library as the editor shows it: packages to import, members after `pkg.`,
 * each function with its parameters and the one-line doc the registry keeps for the stdlib
 * reference (the same text stdlib/README.md lists).
 */
import { lookupPackage, packageName, packagePaths } from '../stdlib/registry.js';

export interface Member {
  readonly name: string;
  readonly kind: 'function' | 'constant';
  readonly signature: string;
  readonly doc: string;
}

export function stdlibPackages(): string[] {
  return packagePaths();
}

export function members(path: string): Member[] {
  const pkg = lookupPackage(path);
  if (!pkg) return [];
  const out: Member[] = [];
  for (const [name, f] of Object.entries(pkg.funcs)) {
    const params = f.params.map((p, i) => (f.optional && i >= f.params.length - f.optional ? `${p}?` : p)).join(', ');
    out.push({ name, kind: 'function', signature: `${packageName(path)}.${name}(${params}): ${f.result}`, doc: f.doc });
  }
  for (const [name, v] of Object.entries(pkg.consts ?? {})) {
    out.push({ name, kind: 'constant', signature: `${packageName(path)}.${name}: ${constText(v)}`, doc: '' });
  }
  // Members written in CUE (stdlib/<path>/*.cue): their names, as declared at top level.
  for (const m of (pkg.cue ?? '').matchAll(/^(#?[A-Z][\w]*)\s*:/gm)) {
    if (!out.some((o) => o.name === m[1])) out.push({ name: m[1]!, kind: 'function', signature: `${packageName(path)}.${m[1]}`, doc: 'written in CUE' });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function constText(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint' || typeof v === 'boolean' || v === null) return String(v);
  return typeof v === 'object' && v !== null && 'text' in v ? String((v as { text: string }).text) : '_';
}

export function memberDoc(path: string, name: string): string | undefined {
  const m = members(path).find((x) => x.name === name);
  if (!m) return undefined;
  return '```cue\n' + m.signature + '\n```' + (m.doc ? '\n\n' + m.doc : '') + `\n\n(standard library \`${path}\`)`;
}

export function packageDoc(path: string): string {
  const ms = members(path);
  if (ms.length === 0) return '```cue\nimport "' + path + '"\n```';
  return '```cue\nimport "' + path + '"\n```\n\n' + ms.map((m) => `- \`${m.name}\`${m.doc ? ': ' + m.doc : ''}`).join('\n');
}
