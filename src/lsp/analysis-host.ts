/// <reference types="node" />
/**
 * Where the analysis runs: a worker thread (the bundle itself, started again as a worker), so
 * that evaluation never blocks the message loop. A newer change cancels an older evaluation:
 * when diagnostics are due and the worker is still busy with older ones, the worker is
 * terminated (evaluation is synchronous, so nothing short of that stops it) and a fresh one is
 * started with the open documents; the requests it had not answered are sent to the new one.
 * A request that runs past `hardTimeoutMs` (the library's limits should stop it long before)
 * ends the same way. Without a worker script (the sources run directly, in tests of the
 * library), the analyzer runs in this thread.
 */
import { Worker } from 'node:worker_threads';
import { Analyzer, type AnalyzerRequest, type AnalyzerResponse } from './analyzer.js';

export const workerFlag = 'cueLiteLspWorker';

interface Pending {
  readonly method: keyof AnalyzerRequest;
  readonly params: unknown;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled by a newer change');
  }
}

export class AnalysisHost {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly docs = new Map<string, string>();
  private readonly local: Analyzer | null;
  private timer: NodeJS.Timeout | null = null;
  /** Workers started so far (the first, then one per cancellation): for tests and logs. */
  restarts = 0;

  constructor(
    private readonly script: string | null,
    private readonly log: (msg: string) => void,
    private readonly hardTimeoutMs = 20_000,
  ) {
    this.local = script ? null : new Analyzer();
  }

  setDocument(uri: string, text: string | null): void {
    if (text === null) this.docs.delete(uri);
    else this.docs.set(uri, text);
    if (this.local) this.local.setDocument(uri, text);
    else this.worker?.postMessage({ type: 'doc', uri, text });
  }

  invalidate(): void {
    if (this.local) this.local.invalidate();
    else this.worker?.postMessage({ type: 'invalidate' });
  }

  /** Whether diagnostics are being computed now. */
  get diagnosing(): boolean {
    return [...this.pending.values()].some((p) => p.method === 'diagnose');
  }

  request<K extends keyof AnalyzerRequest>(method: K, params: AnalyzerRequest[K]): Promise<AnalyzerResponse[K]> {
    if (this.local) return this.local.handle(method, params);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { method, params, resolve: resolve as (v: unknown) => void, reject });
      this.ensureWorker().postMessage({ type: 'request', id, method, params });
      this.armTimer();
    });
  }

  /** Stops the diagnostics being computed (see the file comment); other requests go on in a new worker. */
  cancelDiagnostics(): void {
    if (this.local || !this.worker || !this.diagnosing) return;
    this.restart(new Cancelled());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    void this.worker?.terminate();
    this.worker = null;
  }

  private restart(reason: Error): void {
    const old = this.worker;
    this.worker = null;
    old?.removeAllListeners();
    void old?.terminate();
    const keep: [number, Pending][] = [];
    for (const [id, p] of this.pending) {
      if (p.method === 'diagnose') p.reject(reason);
      else keep.push([id, p]);
    }
    this.pending.clear();
    for (const [id, p] of keep) {
      this.pending.set(id, p);
      this.ensureWorker().postMessage({ type: 'request', id, method: p.method, params: p.params });
    }
    this.armTimer();
  }

  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.log(`cue-lite lsp: analysis took longer than ${this.hardTimeoutMs} ms; worker restarted`);
      for (const p of this.pending.values()) p.reject(new Error('analysis timed out'));
      this.pending.clear();
      this.restart(new Error('analysis timed out'));
    }, this.hardTimeoutMs);
    this.timer.unref();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.restarts++;
    // A heap cap: a hostile file that gets past the evaluation limits ends the worker, not the editor.
    const w = new Worker(this.script!, { workerData: { [workerFlag]: true }, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    w.unref();
    this.worker = w;
    for (const [uri, text] of this.docs) w.postMessage({ type: 'doc', uri, text });
    w.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result);
      this.armTimer();
    });
    const fail = (e: Error) => {
      if (this.worker !== w) return;
      this.log(`cue-lite lsp: analysis worker stopped: ${e.message}`);
      this.worker = null;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.armTimer();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return w;
  }
}

/** The worker's side: requests answered by an Analyzer, in order of arrival. */
export function runWorker(port: import('node:worker_threads').MessagePort): void {
  const analyzer = new Analyzer();
  port.on('message', (m: { type: string; uri?: string; text?: string | null; id?: number; method?: keyof AnalyzerRequest; params?: unknown }) => {
    if (m.type === 'doc') analyzer.setDocument(m.uri!, m.text ?? null);
    else if (m.type === 'invalidate') analyzer.invalidate();
    else if (m.type === 'request') {
      analyzer.handle(m.method!, m.params as never).then(
        (result) => port.postMessage({ id: m.id, result }),
        (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
      );
    }
  });
}
