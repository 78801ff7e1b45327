import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.js';

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd });
  return { code, stdout, stderr };
}

describe('cli: --limit', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cue-lite-limits-'));
  writeFileSync(path.join(dir, 'a.cue'), 'a: "x" * 1000\n');

  it('changes an evaluation limit, and the error names it', async () => {
    const r = await run(['export', '--limit', 'maxStringSize=100', 'a.cue'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('string too long (limit maxStringSize = 100 characters)');
    expect((await run(['export', 'a.cue'], dir)).code).toBe(0);
    expect((await run(['vet', '--limit', 'maxStringSize=100', 'a.cue'], dir)).code).toBe(1);
    expect((await run(['eval', '--limit', 'maxStringSize=off', 'a.cue'], dir)).code).toBe(0);
  });

  it('rejects unknown limits and bad values with one line', async () => {
    const r = await run(['export', '--limit', 'bogus=1', 'a.cue'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: unknown limit bogus \(one of maxSteps, /);
    const s = await run(['export', '--limit', 'maxSteps=-1', 'a.cue'], dir);
    expect(s.stderr).toBe('Error: invalid limit maxSteps=-1: expected a positive number or "off"\n');
  });
});
