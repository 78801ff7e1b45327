/** What a command may do to the outside world; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input (for `-` arguments). Defaults to process.stdin. */
  readStdin?(): Promise<string>;
  /** Working directory for relative paths and printed positions. Defaults to process.cwd(). */
  cwd?: string;
}

/** A command: takes its own arguments (after the command name), returns the exit code. */
export type Command = (args: string[], io: CliIO) => Promise<number>;

export class UsageError extends Error {}
