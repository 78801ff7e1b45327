import type { Command } from './io.js';
import { UsageError } from './io.js';

/** Not implemented yet: being written (see the open issues). */
export const schemaCommand: Command = async () => {
  throw new UsageError('schema: not available yet');
};
