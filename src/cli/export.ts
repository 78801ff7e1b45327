import type { Command } from './io.js';
import { UsageError } from './io.js';

/** Not implemented yet: being written (see the open issues). */
export const exportCommand: Command = async () => {
  throw new UsageError('export: not available yet');
};
