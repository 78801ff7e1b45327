import type { Command } from './io.js';
import { UsageError } from './io.js';

/** Placeholder until the formatter lands (issue: foundation and syntax). */
export const fmtCommand: Command = async () => {
  throw new UsageError('fmt: not available yet');
};
