/** Messages between the page (main.ts, evaluator.ts) and the evaluation worker (worker.ts). */
import type { Mode } from './share.js';

export interface SourceFile {
  readonly name: string;
  readonly text: string;
}

export type Request =
  | { readonly type: 'evaluate'; readonly generation: number; readonly mode: Mode; readonly files: readonly SourceFile[] }
  /** The source of a built-in definition, to open it as a file of one's own. */
  | { readonly type: 'definition'; readonly name: string };

export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Offset in the file's text (UTF-16 code units, as the editor counts). */
  readonly offset: number;
}

export interface ErrorItem {
  /** `path: message` as CUE prints its first line. */
  readonly message: string;
  /** The renderer's header (`component "web" (webservice): parameter errors`), if any. */
  readonly group?: string;
  readonly code: string;
  readonly locations: readonly Location[];
}

/** What one evaluation gives each output tab: its text, or why there is none. */
export interface Outputs {
  readonly json: string | null;
  readonly yaml: string | null;
  /** CUE mode only: the value as `cue eval` shows it. */
  readonly cue: string | null;
}

export type Response =
  | { readonly type: 'ready'; readonly definitions: readonly { readonly name: string; readonly kind: string; readonly description: string }[] }
  | {
      readonly type: 'result';
      readonly generation: number;
      readonly mode: Mode;
      readonly outputs: Outputs;
      readonly errors: readonly ErrorItem[];
      /** The errors as CUE prints them (with headers in Render mode). */
      readonly errorText: string;
      /** Render mode: notices (policies that change nothing locally, documents left out). */
      readonly notices: readonly string[];
      /** Milliseconds the evaluation took in the worker. */
      readonly ms: number;
    }
  | { readonly type: 'definition'; readonly name: string; readonly file: string; readonly text: string | null };
