/**
 * The public entry runs in a browser: bundling it for platform "browser" must not need any
 * Node built-in, and the bundle must evaluate a case on its own.
 */
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import path from 'node:path';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';

describe('browser bundle', () => {
  it('bundles without Node built-ins and evaluates a template', async () => {
    const result = await build({
      entryPoints: [path.join(import.meta.dirname, '..', 'src', 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from\s+["']node:/);
    expect(code).not.toMatch(/require\(["'](fs|path|os|child_process)["']\)/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cue-lite-browser-'));
    try {
      const file = path.join(dir, 'bundle.mjs');
      writeFileSync(file, code);
      const lib = await import(pathToFileURL(file).href);
      const ctx = new lib.Context();
      const v = ctx.compile('parameter: {name: string, replicas: *1 | int}\nout: {name: parameter.name, n: parameter.replicas + 1}');
      expect(v.fillPath('parameter.name', 'web').lookupPath('out').toJS()).toEqual({ name: 'web', n: 2 });
      const bad = ctx.compile('a: 1\na: 2', { filename: 'b.cue' });
      expect(bad.validate().map((e: { format(): string }) => e.format()).join('')).toBe('a: conflicting values 2 and 1:\n    ./b.cue:1:4\n    ./b.cue:2:4\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
