/** stdlib/README.md lists every package and function of the registry, and nothing else. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupPackage, packagePaths } from '../src/stdlib/registry.js';

const readme = readFileSync(path.join(__dirname, '..', 'stdlib', 'README.md'), 'utf8');

function sections(): Map<string, { funcs: string[]; consts: string[] }> {
  const out = new Map<string, { funcs: string[]; consts: string[] }>();
  let cur: { funcs: string[]; consts: string[] } | undefined;
  for (const line of readme.split('\n')) {
    const h = /^## (\S+)$/.exec(line);
    if (h) {
      cur = { funcs: [], consts: [] };
      out.set(h[1]!, cur);
      continue;
    }
    if (!cur) continue;
    const row = /^\| `(\w+)` \|/.exec(line);
    if (row) cur.funcs.push(row[1]!);
    const consts = /^\| constants \| (.*) \|$/.exec(line);
    if (consts) cur.consts.push(...[...consts[1]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!));
  }
  return out;
}

describe('stdlib/README.md', () => {
  const doc = sections();

  it('lists exactly the registered packages', () => {
    expect([...doc.keys()].sort()).toEqual(packagePaths());
  });

  for (const p of packagePaths()) {
    it(`lists exactly the functions and constants of ${p}`, () => {
      const pkg = lookupPackage(p)!;
      expect(doc.get(p)?.funcs.sort()).toEqual(Object.keys(pkg.funcs).sort());
      expect(doc.get(p)?.consts.sort()).toEqual(Object.keys(pkg.consts ?? {}).sort());
    });
  }
});
