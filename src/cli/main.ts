/**
 * The cue-lite command line: `main(argv, io)` returns the exit code and never throws.
 * Each command lives in its own file and is loaded on demand.
 */
import type { CliIO, Command } from './io.js';
import { ExperimentError, experimentFlags } from './cue-experiment.js';
import { UsageError } from './io.js';

const VERSION = '0.1.0';

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  eval: { summary: 'evaluate and print a configuration', load: async () => (await import('./eval.js')).evalCommand },
  export: { summary: 'output concrete data (JSON, YAML, text)', load: async () => (await import('./export.js')).exportCommand },
  vet: { summary: 'validate data and configurations', load: async () => (await import('./vet.js')).vetCommand },
  def: { summary: 'print the configuration as CUE, definitions included', load: async () => (await import('./def.js')).defCommand },
  import: { summary: 'convert JSON, YAML and JSON Lines files to CUE', load: async () => (await import('./import.js')).importCommand },
  trim: { summary: 'remove fields that definitions and constraints imply', load: async () => (await import('./trim.js')).trimCommand },
  fmt: { summary: 'format CUE files', load: async () => (await import('./fmt.js')).fmtCommand },
  mod: { summary: 'module maintenance (mod init)', load: async () => (await import('./mod.js')).modCommand },
  completion: { summary: 'print a shell completion script (bash, zsh, fish)', load: async () => (await import('./completion.js')).completionCommand },
  render: { summary: 'render KubeVela-style applications to Kubernetes manifests', load: async () => (await import('./render.js')).renderCommand },
  status: { summary: 'show the health of components and traits, judged from live objects', load: async () => (await import('./status.js')).statusCommand },
  show: { summary: "print a definition's parameter reference (Markdown, JSON Schema or CUE)", load: async () => (await import('./show.js')).showCommand },
  schema: { summary: "print a definition's parameter schema as JSON Schema", load: async () => (await import('./schema.js')).schemaCommand },
  // A bundle of its own (dist/lsp.cjs, see scripts/build.mjs): no other command loads it.
  lsp: { summary: 'run the CUE language server (stdio) for editors', load: async () => (await import('../lsp/main.js')).lspCommand },
};

/** The command names, for `help` and completion scripts. */
export const commandNames: readonly string[] = [...Object.keys(commands), 'help', 'version'];

/** What `cue` has and cue-lite leaves out on purpose: they run programs and touch files. */
const leftOut: Record<string, string> = {
  cmd: 'cue cmd and the tool/* packages (tool/exec, tool/file, tool/http, tool/os, tool/cli) are not supported by cue-lite: they run programs and touch files; use eval or export and a script',
  get: 'cue get go is not supported by cue-lite: vendor generated definitions into cue.mod/gen by hand',
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `cue-lite: a CUE implementation in TypeScript

Usage:
  cue-lite <command> [arguments]

Commands:
${lines.join('\n')}
  help       show this help
  version    print the version

Run 'cue-lite help <command>' for a command's flags.
`;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '-h' || name === '--help') {
    if (name === 'help' && rest.length > 0) {
      // As `cue help`: a command's help, or an error for anything else (`help help` too).
      if (commands[rest[0]!]) return runCommand(rest[0]!, [...rest.slice(1), '--help'], io);
      io.stderr(`Unknown help topic: ${rest.join(' ')}\n${usage()}`);
      return 1;
    }
    io.stdout(usage());
    return name === undefined ? 1 : 0;
  }
  if (name === 'version' || name === '--version') {
    io.stdout(`cue-lite version ${VERSION}\n`);
    return 0;
  }
  if (leftOut[name]) {
    io.stderr(`${leftOut[name]}\n`);
    return 1;
  }
  if (!commands[name]) {
    // A flag before any command is one no command reads (cue: `unknown flag: --unknown`).
    if (name.startsWith('-')) io.stderr(`unknown flag: ${name.replace(/=.*$/, '')}\n`);
    else io.stderr(`unknown command "${name}" for "cue-lite"\nRun 'cue-lite help' for usage.\n`);
    return 1;
  }
  return runCommand(name, rest, io);
}

async function runCommand(name: string, args: string[], io: CliIO): Promise<number> {
  // As cue's root command, every command but a help request first checks CUE_EXPERIMENT.
  if (!args.includes('-h') && !args.includes('--help')) {
    try {
      experimentFlags(process.env.CUE_EXPERIMENT);
    } catch (e) {
      if (!(e instanceof ExperimentError)) throw e;
      io.stderr(`${e.message}\n`);
      return 1;
    }
  }
  try {
    const cmd = await commands[name]!.load();
    return await cmd(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`Error: ${e.message}\n`);
      return 1;
    }
    // A bug of ours, never a user error: say so in one line, no stack trace.
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`cue-lite: internal error: ${msg}\n`);
    return 1;
  }
}
