/**
 * The page's side of the evaluation worker. Every edit gets a generation number; only the
 * answer to the newest is shown. An older evaluation still running when a newer edit comes is
 * cancelled by terminating the worker and starting a fresh one (a worker cannot be interrupted
 * otherwise), unless it is young: most evaluations take milliseconds, and restarting costs the
 * library's start-up, so a young one is left to finish and the newer edit waits in one slot.
 * An evaluation that runs past the time limit is stopped the same way and reported as an error.
 */
import type { Request, Response, SourceFile } from './protocol.js';
import type { Mode } from './share.js';

export interface EvaluatorOptions {
  /** A Blob URL of the worker's code (from file:// a worker cannot load a script file). */
  readonly url: string;
  /** A worker already started from `url` (boot.ts starts one before the editor loads). */
  readonly worker?: Worker | null;
  /** Messages that worker sent before this evaluator listened; handed over after the caller's script has run. */
  readonly early?: readonly MessageEvent[];
  readonly onResponse: (r: Response) => void;
  /** A running evaluation younger than this is not cancelled by a newer edit (ms). */
  readonly cancelAfter?: number;
  /** An evaluation running longer than this is stopped (ms). */
  readonly timeLimit?: number;
}

type EvaluateRequest = Extract<Request, { type: 'evaluate' }>;

export class Evaluator {
  private worker!: Worker;
  private readonly url: string;
  private generation = 0;
  /** The evaluation in the worker, and when it was sent. */
  private running: { req: EvaluateRequest; since: number } | null = null;
  private pending: EvaluateRequest | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly cancelAfter: number;
  private readonly timeLimit: number;
  /** Workers started: the first, then one per cancellation (tests and the README read it). */
  restarts = -1;

  constructor(private readonly options: EvaluatorOptions) {
    this.url = options.url;
    this.cancelAfter = options.cancelAfter ?? 250;
    this.timeLimit = options.timeLimit ?? 10_000;
    this.start(options.worker ?? undefined);
    const early = options.early ?? [];
    if (early.length > 0) queueMicrotask(() => early.forEach((e) => this.receive(e.data as Response)));
  }

  private start(started?: Worker): void {
    this.restarts++;
    this.worker = started ?? new Worker(this.url, { name: 'cue-lite evaluator' });
    this.worker.onmessage = (e: MessageEvent<Response>) => this.receive(e.data);
    this.worker.onerror = (e) => {
      // A crash of the worker itself (not an evaluation error): report it and start again.
      e.preventDefault();
      const req = this.running?.req;
      this.restart();
      if (req) this.options.onResponse(failure(req, `internal error: ${e.message || 'the evaluation worker failed'}`));
    };
  }

  private restart(): void {
    this.worker.terminate();
    this.running = null;
    clearTimeout(this.timer);
    this.start();
  }

  evaluate(mode: Mode, files: readonly SourceFile[]): void {
    const req: EvaluateRequest = { type: 'evaluate', generation: ++this.generation, mode, files };
    if (!this.running) return this.send(req);
    const age = performance.now() - this.running.since;
    if (age >= this.cancelAfter) {
      this.restart();
      return this.send(req);
    }
    this.pending = req;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), this.cancelAfter - age);
  }

  /** Asks the worker for a built-in definition's source (answered through onResponse). */
  definition(name: string): void {
    this.worker.postMessage({ type: 'definition', name } satisfies Request);
  }

  private send(req: EvaluateRequest): void {
    this.pending = null;
    this.running = { req, since: performance.now() };
    this.worker.postMessage(req);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), this.cancelAfter);
  }

  /** Runs while an evaluation is under way: cancels it for a newer edit, or at the time limit. */
  private check(): void {
    if (!this.running) return;
    const age = performance.now() - this.running.since;
    if (this.pending) {
      const next = this.pending;
      this.restart();
      this.send(next);
      return;
    }
    if (age >= this.timeLimit) {
      const req = this.running.req;
      this.restart();
      this.options.onResponse(failure(req, `evaluation stopped: it ran for more than ${this.timeLimit / 1000} s`));
      return;
    }
    this.timer = setTimeout(() => this.check(), this.timeLimit - age);
  }

  private receive(r: Response): void {
    if (r.type === 'result') {
      if (!this.running || this.running.req.generation !== r.generation) return;
      this.running = null;
      clearTimeout(this.timer);
      if (this.pending) this.send(this.pending);
      // An answer to an edit already superseded is not shown: the next one comes soon.
      if (r.generation !== this.generation) return;
    }
    this.options.onResponse(r);
  }
}

function failure(req: EvaluateRequest, message: string): Response {
  return {
    type: 'result',
    generation: req.generation,
    mode: req.mode,
    outputs: { json: null, yaml: null, cue: null },
    errors: [{ message, code: 'limit', locations: [] }],
    errorText: message + '\n',
    notices: [],
    ms: 0,
  };
}
