// A worker thread that runs archives one at a time for scripts/conformance.mjs (which kills
// it when an archive runs past the time limit). Messages in: {id, archive}; out: {type: 'ready'} once,
// {id, type: 'plan', plan} before evaluating, then {id, type: 'result', result}.
import { parentPort, workerData } from 'node:worker_threads';
import { runCase } from './case.mjs';

const lib = await import(workerData.lib);
// Loading the library takes a while (the parser): the time limit starts after this.
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', async ({ id, archive }) => {
  let result;
  try {
    result = await runCase(lib, archive, { onPlan: (plan) => parentPort.postMessage({ id, type: 'plan', plan: plan.map(({ record, ...a }) => a) }) });
  } catch (err) {
    result = { mode: 'crash', reason: String(err?.stack ?? err).split('\n').slice(0, 3).join(' | '), assertions: [] };
  }
  parentPort.postMessage({ id, type: 'result', result });
});
