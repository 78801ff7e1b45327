/// <reference types="node" />
/**
 * Where the analysis runs: a worker thread (the bundle itself, started again as a worker), so
 * that evaluation never blocks the message loop. A newer change cancels older diagnostics:
 * when diagnostics are due and the worker is still busy with older ones, the worker is
 * terminated (evaluation is synchronous, so nothing short of that stops it) and a fresh one is
 * started with the open documents; only the diagnostics are cancelled, every other request it
 * had not answered is sent to the new one and answered there. A request still unanswered
 * `hardTimeoutMs` after it was sent (the library's limits should stop it long before) fails,
 * and the worker is restarted the same way for the others. Without a worker script (the
 * sources run directly, in tests of the library), the analyzer runs in this thread.
 */
import { Worker } from 'node:worker_threads';
import { Analyzer, type AnalyzerRequest, type AnalyzerResponse } from './analyzer.js';
import { RequestError } from './request-error.js';

export const workerFlag = 'cueLiteLspWorker';

interface Pending {
  readonly method: keyof AnalyzerRequest;
  readonly params: unknown;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
  /** When it must have been answered by (performance.now() ms); set each time it is sent. */
  deadline: number;
}

/** Diagnostics stopped by a newer change (only diagnostics are ever cancelled). */
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

  /**
   * The answer of the analysis, from the documents as set so far (the worker takes them in
   * order). Rejects with Cancelled (diagnostics only), a RequestError, or an Error when the
   * analysis failed: timed out, or the worker stopped.
   */
  request<K extends keyof AnalyzerRequest>(method: K, params: AnalyzerRequest[K]): Promise<AnalyzerResponse[K]> {
    if (this.local) return this.local.handle(method, params);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const p: Pending = { method, params, resolve: resolve as (v: unknown) => void, reject, deadline: 0 };
      this.pending.set(id, p);
      this.send(id, p);
      this.armTimer();
    });
  }

  /** Stops the diagnostics being computed (see the file comment); other requests go on in a new worker. */
  cancelDiagnostics(): void {
    if (this.local || !this.worker || !this.diagnosing) return;
    this.restart((p) => p.method === 'diagnose', new Cancelled());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    void this.worker?.terminate();
    this.worker = null;
  }

  private send(id: number, p: Pending): void {
    p.deadline = performance.now() + this.hardTimeoutMs;
    this.ensureWorker().postMessage({ type: 'request', id, method: p.method, params: p.params });
  }

  /** A fresh worker: the requests `drop` selects are rejected with `reason`, the others are sent to it again. */
  private restart(drop: (p: Pending) => boolean, reason: Error): void {
    const old = this.worker;
    this.worker = null;
    old?.removeAllListeners();
    void old?.terminate();
    const all = [...this.pending];
    this.pending.clear();
    for (const [id, p] of all) {
      if (drop(p)) p.reject(reason);
      else {
        this.pending.set(id, p);
        this.send(id, p);
      }
    }
    this.armTimer();
  }

  /** The guard: a timer for the first deadline of the requests not yet answered. */
  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const first = Math.min(...[...this.pending.values()].map((p) => p.deadline));
    this.timer = setTimeout(() => this.expire(), Math.max(0, first - performance.now()));
    this.timer.unref();
  }

  /** Requests past their deadline fail (the worker is stuck in one of them); the others go to a fresh worker. */
  private expire(): void {
    const now = performance.now();
    const late = (p: Pending) => p.deadline <= now;
    const methods = [...this.pending.values()].filter(late).map((p) => p.method);
    if (methods.length === 0) return this.armTimer();
    this.log(`cue-lite lsp: analysis took longer than ${this.hardTimeoutMs} ms (${methods.join(', ')}); worker restarted`);
    this.restart(late, new Error(`analysis took longer than ${this.hardTimeoutMs} ms`));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.restarts++;
    // A heap cap: a hostile file that gets past the evaluation limits ends the worker, not the editor.
    const w = new Worker(this.script!, { workerData: { [workerFlag]: true }, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    w.unref();
    this.worker = w;
    for (const [uri, text] of this.docs) w.postMessage({ type: 'doc', uri, text });
    w.on('message', (m: { id: number; result?: unknown; error?: string; requestError?: boolean }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error === undefined) p.resolve(m.result);
      else p.reject(m.requestError ? new RequestError(m.error) : new Error(m.error));
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
    w.on('exit', (code) => fail(new Error(`analysis worker exited (code ${code})`)));
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
        (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e), requestError: e instanceof RequestError }),
      );
    }
  });
}
