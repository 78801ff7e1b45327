import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest runs one worker per core minus one: on a 2-core machine that is one worker, and
    // the suite runs file after file. Every core: about 120 s instead of 185 s there.
    maxWorkers: availableParallelism(),
  },
});
