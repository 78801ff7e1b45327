/// <reference types="node" />
/**
 * `cue-lite lsp`: the entry of the language server's own bundle (dist/lsp.cjs, built by
 * scripts/build.mjs beside the CLI's). The CLI loads it only for this command, so no other
 * command pays for it. The same bundle, started as a worker thread, is the analysis worker.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runWorker, workerFlag } from './analysis-host.js';
import { startServer } from './server.js';

declare const __filename: string | undefined;

export interface LspIO {
  stdout(s: string): void;
  stderr(s: string): void;
}

const help = `Usage:
  cue-lite lsp [--stdio]

Starts the CUE language server on standard input and output (JSON-RPC, as editors speak
it): diagnostics of the whole package as you type, hover, go to definition, completion,
formatting, document symbols and rename. See the README, "Editors".

Flags:
      --stdio   talk over standard input and output (the default, and the only transport)
  -h, --help    help for lsp
`;

/** The bundle file, when running from it (a worker is started from the same file). */
function bundleFile(): string | null {
  return typeof __filename === 'string' && __filename.endsWith('.cjs') ? __filename : null;
}

export async function lspCommand(args: string[], io: LspIO): Promise<number> {
  for (const a of args) {
    if (a === '-h' || a === '--help') {
      io.stdout(help);
      return 0;
    }
    if (a !== '--stdio') {
      io.stderr(`Error: unknown flag: ${a}\n${help}`);
      return 1;
    }
  }
  const connection = startServer(process.stdin, process.stdout, { workerScript: bundleFile() });
  // Runs until the client says `exit` (the library ends the process) or closes the stream.
  return new Promise<number>((resolve) => {
    connection.onExit(() => resolve(0));
    process.stdin.on('end', () => resolve(0));
  });
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[workerFlag]) runWorker(parentPort);
