/// <reference types="node" />
/**
 * Runs hostile inputs where a hang or a runaway allocation cannot take the test process down.
 *
 * A synchronous evaluation loop cannot be interrupted from its own thread, so every case runs
 * in a worker thread that the test process can kill: `FuzzWorker` (used by the tests) bundles
 * this file with esbuild (the worker cannot load TypeScript itself), starts it with a heap cap,
 * sends it jobs and kills it when a case makes no progress within the timeout or the heap cap
 * is hit. The worker reports the input of every case before running it (a heartbeat), so a
 * hang names the input that hung, and a fast-check property run inside the worker keeps its
 * generators, which may produce values that cannot cross a thread boundary (functions,
 * symbols, cyclic objects).
 *
 * The timeout only catches hangs: tests never assert speed.
 */
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A hostile case in library mode: files compiled by one Context with the given limits. */
export interface LibraryCase {
  readonly files: { name: string; text: string }[];
  readonly limits?: Record<string, number>;
}

/** What the library made of a case. */
export interface LibraryResult {
  /** The formatted errors (as testdata/eval's out/errors), empty when there are none. */
  readonly errors: string;
  /** The errors' codes, one per error. */
  readonly codes: string[];
  /** `exportJSON()` when valid and concrete. */
  readonly output?: string;
  /** Anything thrown that is not a CueErrorList: always a defect. */
  readonly thrown?: string;
  /** Conjuncts processed, and the step limit they had to stay within. */
  readonly steps: number;
  readonly maxSteps: number;
}

/** The outcome of a fast-check property run inside the worker. */
export interface PropertyResult {
  readonly failed: boolean;
  readonly numRuns: number;
  /** fast-check's report: the seed, the (shrunk) counterexample and the error. */
  readonly report?: string;
}

/** How a job ended from the host's point of view. */
export type JobOutcome<T> =
  | { readonly kind: 'done'; readonly result: T }
  /** No heartbeat within the timeout: the worker was killed; `input` is the case that hung. */
  | { readonly kind: 'timeout'; readonly input: string }
  /** The worker died (heap cap reached, native crash); `input` is the case that was running. */
  | { readonly kind: 'crash'; readonly input: string; readonly error: string };

type Job = { kind: 'case'; case: LibraryCase } | { kind: 'property'; name: string; seed: number; numRuns: number };

type Message = { id: number; kind: 'progress'; input: string } | { id: number; kind: 'done'; result: unknown } | { kind: 'ready' };

export interface FuzzWorkerOptions {
  /** Time without a heartbeat after which the case counts as hung (default 10 s). */
  timeoutMs?: number;
  /** Heap cap of the worker in MiB (default 1024): more is "unbounded memory". */
  maxHeapMb?: number;
  /** Stack of the worker in MiB (default 1, close to Node's main thread, where users run). */
  stackMb?: number;
}

/** The repository root: the worker reads testdata from it. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let bundlePromise: Promise<string> | undefined;
let bundleDir: string | undefined;
/** FuzzWorkers not closed yet: the last one to close removes the bundle. */
let openWorkers = 0;

function removeBundle(): void {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  bundleDir = undefined;
  bundlePromise = undefined;
}

/** Bundles this file once per test process into a temporary .mjs the worker can load. */
function bundle(): Promise<string> {
  bundlePromise ??= (async () => {
    const { build } = await import('esbuild');
    const dir = mkdtempSync(path.join(tmpdir(), 'cue-lite-fuzz-'));
    bundleDir = dir;
    const outfile = path.join(dir, 'fuzz-worker.mjs');
    await build({
      entryPoints: [fileURLToPath(import.meta.url)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['esbuild'],
      logLevel: 'error',
      // CommonJS dependencies (yaml) call require(): give the ESM bundle one.
      banner: { js: "import { createRequire as __fuzzRequire } from 'node:module'; const require = __fuzzRequire(import.meta.url);" },
    });
    // A test process that ends without closing its workers still removes the bundle.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return outfile;
  })();
  return bundlePromise;
}

/** The host side: one worker at a time, replaced after a hang or a crash. */
export class FuzzWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;
  private readonly stackMb: number;

  constructor(options: FuzzWorkerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxHeapMb = options.maxHeapMb ?? 1024;
    this.stackMb = options.stackMb ?? 1;
    openWorkers++;
  }

  private async start(): Promise<Worker> {
    if (this.worker) return this.worker;
    const file = await bundle();
    const w = new Worker(file, {
      workerData: { cueLiteFuzz: true, root: repoRoot },
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, stackSizeMb: this.stackMb },
      stdout: false,
      stderr: false,
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: Message) => {
        if (m.kind === 'ready') {
          w.off('error', reject);
          resolve();
        }
      };
      w.once('message', onMessage);
      w.once('error', reject);
    });
    this.worker = w;
    return w;
  }

  /** Runs a hostile case; the heap cap applies to it. */
  runCase(c: LibraryCase): Promise<JobOutcome<LibraryResult>> {
    return this.run({ kind: 'case', case: c }) as Promise<JobOutcome<LibraryResult>>;
  }

  /** Runs a property of fuzz-worker.properties.ts with a fixed seed and case budget. */
  runProperty(name: string, seed: number, numRuns: number): Promise<JobOutcome<PropertyResult>> {
    return this.run({ kind: 'property', name, seed, numRuns }) as Promise<JobOutcome<PropertyResult>>;
  }

  private async run(job: Job): Promise<JobOutcome<unknown>> {
    const w = await this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      let input = job.kind === 'case' ? describeCase(job.case) : `(property ${job.name} starting)`;
      let timer: NodeJS.Timeout;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          finish();
          this.kill();
          resolve({ kind: 'timeout', input });
        }, this.timeoutMs);
      };
      const onMessage = (m: Message) => {
        if (m.kind === 'ready' || m.id !== id) return;
        if (m.kind === 'progress') {
          input = m.input;
          arm();
          return;
        }
        finish();
        resolve({ kind: 'done', result: m.result });
      };
      const onError = (e: Error) => {
        finish();
        this.worker = undefined;
        resolve({ kind: 'crash', input, error: `${(e as NodeJS.ErrnoException).code ?? e.name}: ${e.message}` });
      };
      const onExit = (code: number) => onError(new Error(`worker exited with code ${code}`));
      const finish = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      arm();
      w.postMessage({ id, job });
    });
  }

  private kill(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
    if (--openWorkers === 0) removeBundle();
  }
}

function describeCase(c: LibraryCase): string {
  return c.files.map((f) => `-- ${f.name} --\n${f.text.length > 2000 ? f.text.slice(0, 2000) + `… (${f.text.length} chars)` : f.text}`).join('\n');
}

// ---------------------------------------------------------------------------------------------
// The worker side.

if (!isMainThread && (workerData as { cueLiteFuzz?: boolean } | undefined)?.cueLiteFuzz) {
  const port = parentPort!;
  const { runLibraryCase } = await import('./fuzz-worker.cases.js');
  const { properties, runProperty } = await import('./fuzz-worker.properties.js');
  port.on('message', (m: { id: number; job: Job }) => {
    const progress = (input: string) => port.postMessage({ id: m.id, kind: 'progress', input });
    let result: unknown;
    if (m.job.kind === 'case') result = runLibraryCase(m.job.case);
    else {
      const prop = properties[m.job.name];
      if (!prop) throw new Error(`no property ${m.job.name}`);
      result = runProperty(prop, m.job.seed, m.job.numRuns, progress);
    }
    port.postMessage({ id: m.id, kind: 'done', result });
  });
  port.postMessage({ kind: 'ready' });
}
