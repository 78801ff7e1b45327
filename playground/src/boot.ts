/**
 * The first script of the page (playground-worker.js): it holds the worker's code and starts
 * the worker at once, so that the worker compiles the library while the browser is still
 * loading and parsing the editor (playground.js). From file:// a worker cannot load a script
 * file (the origin is null): it starts from a Blob URL of the inlined code.
 */
import type { Boot } from './boot-handoff.js';

const url = URL.createObjectURL(new Blob([__CUE_LITE_WORKER__], { type: 'text/javascript' }));
const early: MessageEvent[] = [];
let worker: Worker | null = null;
try {
  worker = new Worker(url, { name: 'cue-lite evaluator' });
  // A message that arrives before the page listens would be lost: kept for evaluator.ts.
  worker.onmessage = (e) => early.push(e);
} catch {
  // Left to evaluator.ts, which reports why when it starts one itself.
}
(globalThis as unknown as { cueLitePlayground: Boot }).cueLitePlayground = { url, worker, early };
