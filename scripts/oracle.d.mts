// Types of the parts of oracle.mjs that tests use.
import type { Archive } from './txtar.mjs';
/** Format problems of one case (no oracle call): what `--lint` reports. */
export function lintCase(a: Archive): string[];
