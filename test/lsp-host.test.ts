/**
 * The language server's analysis host (src/lsp/analysis-host.ts) over a stand-in worker
 * (helpers/lsp-fake-worker.mjs) that answers at once or hangs on demand: what a cancellation
 * and the time limit do to the requests waiting in the worker, without timing real evaluation.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisHost, Cancelled } from '../src/lsp/analysis-host.js';
import { RequestError } from '../src/lsp/request-error.js';

const fake = path.join(import.meta.dirname, 'helpers', 'lsp-fake-worker.mjs');
const position = { line: 0, character: 0 };
let host: AnalysisHost | undefined;
afterEach(() => host?.dispose());

describe('analysis host', () => {
  it('a newer change cancels hanging diagnostics only: the requests behind them are answered from the change', async () => {
    const log: string[] = [];
    host = new AnalysisHost(fake, (m) => log.push(m), 60_000);
    host.setDocument('file:///a.cue', 'hang');
    const diagnostics = host.request('diagnose', { uris: ['file:///a.cue'] });
    const before = host.request('hover', { uri: 'file:///a.cue', position });
    host.setDocument('file:///a.cue', 'a: 2');
    const after = host.request('completion', { uri: 'file:///a.cue', position });
    expect(host.diagnosing).toBe(true);
    host.cancelDiagnostics();
    await expect(diagnostics).rejects.toBeInstanceOf(Cancelled);
    // Both were waiting in the worker that was stopped: the fresh one answers them, from the
    // documents as they are now.
    expect(await after).toEqual({ method: 'completion', text: 'a: 2' });
    expect(await before).toEqual({ method: 'hover', text: 'a: 2' });
    expect(host.restarts).toBe(2);
    expect(log).toEqual([]);
  });

  it('a request past the time limit fails; one sent later is answered by a fresh worker', async () => {
    const log: string[] = [];
    host = new AnalysisHost(fake, (m) => log.push(m), 2000);
    host.setDocument('file:///stuck.cue', 'hang');
    host.setDocument('file:///fine.cue', 'b: 1');
    const t0 = performance.now();
    const stuck = host.request('hover', { uri: 'file:///stuck.cue', position });
    const stuckSettled = stuck.then(
      () => 'answered',
      (e: Error) => e.message,
    );
    // Sent a second later, to the worker busy with the first: it has time left at the first's deadline.
    await new Promise((r) => setTimeout(r, 1000));
    const fine = host.request('definition', { uri: 'file:///fine.cue', position });
    expect(await stuckSettled).toBe('analysis took longer than 2000 ms');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1990);
    expect(await fine).toEqual({ method: 'definition', text: 'b: 1' });
    expect(log).toEqual(['cue-lite lsp: analysis took longer than 2000 ms (hover); worker restarted']);
    expect(host.restarts).toBe(2);
  });

  it('tells a failed analysis from a wrong request', async () => {
    host = new AnalysisHost(fake, () => undefined, 60_000);
    host.setDocument('file:///f.cue', 'fail');
    host.setDocument('file:///w.cue', 'wrong');
    const failed = await host.request('rename', { uri: 'file:///f.cue', position, newName: 'x' }).catch((e: unknown) => e);
    const wrong = await host.request('rename', { uri: 'file:///w.cue', position, newName: 'x' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(RequestError);
    expect((failed as Error).message).toBe('the analysis broke');
    expect(wrong).toBeInstanceOf(RequestError);
  });
});
