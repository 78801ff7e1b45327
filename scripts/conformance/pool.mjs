// A pool of worker threads (conformance/worker.mjs) that runs archives, each under a time
// limit: a worker still busy when its archive's time is up is terminated and replaced, and
// the archive's planned assertions fail with "timeout".
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { isExcluded, isExperiment } from './case.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Runs `archives` ({name, comment, files}) on `opts.jobs` workers that load the library at
 * the URL `opts.lib`; `opts.timeout` ms per archive. Results in archive order.
 */
export async function runAll(archives, opts, onDone) {
  const results = new Array(archives.length);
  let next = 0;
  const libURL = opts.lib;
  const slot = () =>
    new Promise((resolve) => {
      let worker;
      let current = -1;
      let plan = null;
      let timer = null;
      let started = 0;
      const spawn = () => {
        worker = new Worker(path.join(here, 'worker.mjs'), { workerData: { lib: libURL }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
        worker.on('message', (m) => {
          if (m.type === 'ready') return send();
          if (m.id !== current) return;
          if (m.type === 'plan') plan = m.plan;
          else finish(m.result);
        });
        worker.on('error', (err) => finish({ mode: 'crash', reason: String(err?.message ?? err), assertions: failAll(plan, 'worker crashed') }, true));
      };
      const finish = (result, dead = false) => {
        if (current < 0) return;
        clearTimeout(timer);
        const a = archives[current];
        // A worker that was killed reported nothing about the archive: say here what it is.
        results[current] = { name: a.name, ms: Date.now() - started, experiment: isExperiment(a), excluded: isExcluded(a), ...result };
        onDone(results[current]);
        current = -1;
        if (dead) {
          worker.terminate();
          ready = false;
          spawn();
        }
        take();
      };
      // The next archive goes to the worker once it is ready (a fresh worker first loads the library).
      const take = () => {
        if (next >= archives.length) {
          worker.terminate();
          resolve();
          return;
        }
        current = next++;
        plan = null;
        if (ready) send();
      };
      let ready = false;
      const send = () => {
        ready = true;
        if (current < 0) return;
        const a = archives[current];
        started = Date.now();
        worker.postMessage({ id: current, archive: { name: a.name, comment: a.comment, files: a.files } });
        timer = setTimeout(() => {
          const id = current;
          worker.terminate();
          ready = false;
          spawn();
          if (current === id) finish({ mode: 'timeout', reason: `no result after ${opts.timeout} ms`, assertions: failAll(plan, 'timeout') });
        }, opts.timeout);
      };
      spawn();
      take();
    });
  await Promise.all(Array.from({ length: opts.jobs }, slot));
  return results;
}

function failAll(plan, why) {
  return (plan ?? []).map((a) => (a.status === 'listed' ? a : { ...a, status: 'fail', why }));
}

