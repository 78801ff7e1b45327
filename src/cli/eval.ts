import type { Command } from './io.js';
import { UsageError } from './io.js';

/** Not implemented yet: being written (see the open issues). */
export const evalCommand: Command = async () => {
  throw new UsageError('eval: not available yet');
};
