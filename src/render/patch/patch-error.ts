/**
 * Patch errors are CueErrors with code `render` and the path of the value that failed.
 * Positions are left empty: the renderer knows which trait and file the patch came from and
 * adds them.
 */
import { CueError, ErrorCode } from '../../errors/index.js';

export type PatchPath = readonly (string | number)[];

export function patchError(path: PatchPath, message: string): CueError {
  return new CueError(ErrorCode.render, message, path.map(String));
}
