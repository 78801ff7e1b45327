// The two implementations under comparison, each as `run(text) -> {code, stdout, stderr,
// timedOut}` for one program given as standard input to `export --out json -`.
//
// Reference CUE is the native v0.4.3 binary, one process per program: `cue export` of several
// package directories at once prints nothing but the errors when any one of them fails, so a
// batch cannot be split back into per-program answers. cue-lite runs in process, in a worker
// thread (a stuck program is stopped by terminating the thread).
import { runCommand } from '../child-process.mjs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const defaultCueBinary = process.env.CUE_BINARY ?? path.resolve(repoRoot, '..', 'shared', 'tools', 'cue-v0.4.3', 'cue');

/** Runs the native reference binary on one program. */
export function runReference(text, { binary = defaultCueBinary, timeoutMs = 20_000 } = {}) {
  return runCommand(binary, ['export', '--out', 'json', '-'], {
    cwd: os.tmpdir(),
    input: text,
    timeoutMs,
    describeError: (e) => `cannot run ${binary}: ${e.message}`,
  });
}

/** cue-lite in a worker thread; `run` calls are queued, one program at a time. */
export class LiteRunner {
  constructor({ cliModule = path.join(repoRoot, 'dist', 'lib', 'cli', 'main.js'), timeoutMs = 20_000 } = {}) {
    this.cliModule = cliModule;
    this.timeoutMs = timeoutMs;
    this.queue = Promise.resolve();
    this.nextId = 0;
    this.worker = undefined;
  }

  start() {
    this.worker = new Worker(path.join(here, 'lite-worker.mjs'), { workerData: { cliModule: this.cliModule, cwd: os.tmpdir() } });
    this.worker.unref();
  }

  run(text) {
    const job = this.queue.then(() => this.runNow(text));
    this.queue = job.catch(() => {});
    return job;
  }

  runNow(text) {
    if (!this.worker) this.start();
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise((resolve) => {
      const done = (r) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(r);
      };
      const onMessage = (m) => m.id === id && done({ code: m.code, stdout: m.stdout, stderr: m.stderr, timedOut: false });
      const onError = (e) => {
        this.worker = undefined;
        done({ code: -1, stdout: '', stderr: `crash: ${e?.message ?? e}`, timedOut: false });
      };
      const timer = setTimeout(() => {
        this.worker = undefined;
        worker.terminate();
        done({ code: -1, stdout: '', stderr: '', timedOut: true });
      }, this.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, text });
    });
  }

  close() {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
