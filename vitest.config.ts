import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const common = { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    // Vitest runs one worker per core minus one: on a 2-core machine that is one worker, and
    // the suite runs file after file. Every core: about 120 s instead of 185 s there.
    maxWorkers: availableParallelism(),
    projects: [
      { test: { ...common, name: 'main', include: ['test/**/*.test.ts'], exclude: ['test/lsp.test.ts'], sequence: { groupOrder: 0 } } },
      // The language-server test times requests against a server with its own worker thread:
      // it runs after the others, alone, so that no other file's CPU load reorders them.
      { test: { ...common, name: 'lsp', include: ['test/lsp.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
