/**
 * The language server's analyzer keeps an instance only while one of its files is open: a long
 * editing session that opens and closes many files does not keep them all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../src/lsp/analyzer.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cue-lite-analyzer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const abs = path.join(dir, name);
  writeFileSync(abs, text);
  return pathToFileURL(abs).href;
}

/** Lets the analyzer's pending promise callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('analyzer instance cache', () => {
  it('drops an instance when the last of its open files closes', async () => {
    const a = file('a.cue', 'package app\nx: 1\n');
    const b = file('b.cue', 'package app\ny: x + 1\n');
    const lone = file('lone.cue', 'z: 3\n');
    const an = new Analyzer();
    an.setDocument(a, 'package app\nx: 1\n');
    an.setDocument(b, 'package app\ny: x + 1\n');
    an.setDocument(lone, 'z: 3\n');
    const diags = await an.handle('diagnose', { uris: [a, b, lone] });
    expect(diags.every((d) => d.diagnostics.length === 0)).toBe(true);
    expect(an.cachedInstances).toBe(2);

    an.setDocument(lone, null);
    await settle();
    expect(an.cachedInstances).toBe(1);

    // One file of the package is still open: its instance stays.
    an.setDocument(a, null);
    await settle();
    expect(an.cachedInstances).toBe(1);
    const hover = await an.handle('hover', { uri: b, position: { line: 1, character: 0 } });
    expect(hover).not.toBeNull();

    an.setDocument(b, null);
    await settle();
    expect(an.cachedInstances).toBe(0);
  });
});
