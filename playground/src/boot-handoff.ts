/** What boot.ts leaves for the page (main.ts): the worker's Blob URL and the worker it started. */
export interface Boot {
  readonly url: string;
  /** Started by boot.ts; null if that failed (the evaluator then tries again and reports). */
  readonly worker: Worker | null;
  /** Messages the worker sent before the page took it over. */
  readonly early: readonly MessageEvent[];
}

export function takeBoot(): Boot {
  const g = globalThis as unknown as { cueLitePlayground?: Boot };
  const boot = g.cueLitePlayground;
  if (!boot) throw new Error('playground: playground-worker.js did not run before playground.js');
  return boot;
}
