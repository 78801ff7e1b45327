/**
 * The check that makes a pinned error text safe: cue-lite's `path: message` lines (positions,
 * order and repetitions aside) must be the expectation's, whatever is pinned. A case with a
 * `known-bug` line documents where they are not: there they must differ, so that a fix fails the
 * case until the line is removed. Runs before the pin is compared or rewritten, so that
 * CUE_LITE_UPDATE=1 fails instead of pinning a wrong answer.
 */
import { expect } from 'vitest';
import { errorHeads } from '../../scripts/error-heads.mjs';
import { getFile, type Archive } from './txtar.js';

export function expectErrorHeads(a: Archive, got: string, want: string): void {
  const bug = getFile(a, 'known-bug');
  if (bug !== undefined) {
    expect(errorHeads(got), `fixed? remove the known-bug line (${bug.trim()})`).not.toEqual(errorHeads(want));
  } else {
    expect(errorHeads(got), "the path: message lines must be the expectation's").toEqual(errorHeads(want));
  }
}
