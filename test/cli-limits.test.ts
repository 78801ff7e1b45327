import { describe, expect, it } from 'vitest';
import { cliRunner, fileWriter, useTempDir } from './helpers/cli-sandbox.js';

let dir: string;
useTempDir('cue-lite-limits-', (d) => (dir = d));
const run = cliRunner(undefined, () => dir);
const write = fileWriter(() => dir);

describe('cli: --limit', () => {
  it('changes an evaluation limit, and the error names it', async () => {
    write('a.cue', 'a: "x" * 1000\n');
    const r = await run(['export', '--limit', 'maxStringSize=100', 'a.cue']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('string too long (limit maxStringSize = 100 characters)');
    expect((await run(['export', 'a.cue'])).code).toBe(0);
    expect((await run(['vet', '--limit', 'maxStringSize=100', 'a.cue'])).code).toBe(1);
    expect((await run(['eval', '--limit', 'maxStringSize=off', 'a.cue'])).code).toBe(0);
  });

  it('rejects unknown limits and bad values with one line', async () => {
    write('a.cue', 'a: "x" * 1000\n');
    const r = await run(['export', '--limit', 'bogus=1', 'a.cue']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: unknown limit bogus \(one of maxSteps, /);
    const s = await run(['export', '--limit', 'maxSteps=-1', 'a.cue']);
    expect(s.stderr).toBe('Error: invalid limit maxSteps=-1: expected a positive number or "off"\n');
  });
});
