import type { Command } from './io.js';
import { UsageError } from './io.js';

/** Not implemented yet: being written (see the open issues). */
export const vetCommand: Command = async () => {
  throw new UsageError('vet: not available yet');
};
