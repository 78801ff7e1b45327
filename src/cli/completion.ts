/**
 * `cue-lite completion bash|zsh|fish`: a shell completion script, as `cue completion` prints
 * one (cmd/cue/cmd/completion.go). cue's scripts come from cobra and call the binary back
 * (`cue __complete`); ours are static: command names, each command's flags (read from the
 * `Flags:` block of its own help, so they cannot drift from the flag tables), `mod init`,
 * the shells of `completion`, the formats of `--out`, and file names for the rest.
 */
import type { CliIO, Command } from './io.js';
import { UsageError } from './io.js';

const shells = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof shells)[number];

const help = `Print a shell completion script.

Usage:
  cue-lite completion [bash zsh fish]

Bash:
  $ source <(cue-lite completion bash)
  $ cue-lite completion bash > /etc/bash_completion.d/cue-lite     # for every session
Zsh:
  $ source <(cue-lite completion zsh)
  $ cue-lite completion zsh > "\${fpath[1]}/_cue-lite"            # for every session
Fish:
  $ cue-lite completion fish | source
  $ cue-lite completion fish > ~/.config/fish/completions/cue-lite.fish

Flags:
  -h, --help   help for completion
`;

export const completionCommand: Command = async (args, io) => {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(help);
    return 0;
  }
  if (args.length !== 1) throw new UsageError(`accepts 1 arg(s), received ${args.length}`);
  const shell = args[0] as Shell;
  if (!shells.includes(shell)) throw new UsageError(`invalid argument ${JSON.stringify(args[0])} for "cue-lite completion"`);
  const table = await commandTable();
  io.stdout(shell === 'bash' ? bashScript(table) : shell === 'zsh' ? zshScript(table) : fishScript(table));
  return 0;
};

interface CommandInfo {
  readonly name: string;
  readonly summary: string;
  /** `--long` and `-s` forms, and whether each takes a value. */
  readonly flags: readonly { long: string; short?: string; value: boolean; help: string }[];
}

/** Every command with its flags, read from the help texts (main.ts is loaded lazily: no cycle at import time). */
async function commandTable(): Promise<CommandInfo[]> {
  const { main, commandNames } = await import('./main.js');
  const out: CommandInfo[] = [];
  let top = '';
  await main(['help'], { stdout: (s) => (top += s), stderr: () => undefined });
  const summaries = new Map<string, string>();
  for (const m of top.matchAll(/^ {2}([a-z]+) +(.+)$/gm)) summaries.set(m[1]!, m[2]!);
  for (const name of commandNames) {
    if (name === 'help' || name === 'version') {
      out.push({ name, summary: summaries.get(name) ?? '', flags: [] });
      continue;
    }
    let text = '';
    const sink: CliIO = { stdout: (s) => (text += s), stderr: () => undefined };
    await main([name, ...(name === 'mod' ? ['init'] : []), '--help'], sink);
    const flags: CommandInfo['flags'][number][] = [];
    const block = text.slice(text.indexOf('\nFlags:\n') + 1);
    for (const m of block.matchAll(/^ {2}(?:-([A-Za-z]), )? *--([a-z][a-z-]*)( \S+)? {2,}(.*)$/gm)) {
      flags.push({ short: m[1], long: m[2]!, value: m[3] !== undefined, help: m[4]! });
    }
    out.push({ name, summary: summaries.get(name) ?? '', flags });
  }
  return out;
}

/** Values a flag takes, where there is a fixed set. */
function flagValues(long: string): string[] | undefined {
  if (long === 'out') return ['cue', 'json', 'yaml', 'text'];
  return undefined;
}

function shellWords(words: readonly string[]): string {
  return words.join(' ');
}

function bashScript(table: readonly CommandInfo[]): string {
  const cases = table
    .map((c) => {
      const flags = c.flags.flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]);
      const extra = c.name === 'completion' ? ' bash zsh fish' : c.name === 'mod' ? ' init' : '';
      return `        ${c.name}) words_="${shellWords(flags)}${extra}" ;;`;
    })
    .join('\n');
  const valued = table.flatMap((c) => c.flags.filter((f) => f.value).flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]));
  return `# bash completion for cue-lite (cue-lite completion bash)
_cue_lite() {
    local cur prev cmd words_
    cur="\${COMP_WORDS[COMP_CWORD]}"
    prev="\${COMP_WORDS[COMP_CWORD-1]}"
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=( $(compgen -W "${shellWords(table.map((c) => c.name))}" -- "$cur") )
        return 0
    fi
    cmd="\${COMP_WORDS[1]}"
    case "$prev" in
        --out) COMPREPLY=( $(compgen -W "cue json yaml text" -- "$cur") ); return 0 ;;
        ${[...new Set(valued)].filter((f) => f !== '--out').join('|') || '--none'}) COMPREPLY=( $(compgen -f -- "$cur") ); return 0 ;;
    esac
    case "$cmd" in
${cases}
        *) words_="" ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=( $(compgen -W "$words_" -- "$cur") )
    elif [ "$cmd" = completion ] || { [ "$cmd" = mod ] && [ "$COMP_CWORD" -eq 2 ]; }; then
        COMPREPLY=( $(compgen -W "$words_" -- "$cur") )
    else
        COMPREPLY=( $(compgen -f -- "$cur") )
    fi
    return 0
}
complete -o default -F _cue_lite cue-lite
`;
}

function zshQuote(s: string): string {
  return s.replace(/'/g, `'\\''`).replace(/[[\]:]/g, (c) => '\\' + c);
}

function zshScript(table: readonly CommandInfo[]): string {
  const commands = table.map((c) => `        '${c.name}:${zshQuote(c.summary)}'`).join('\n');
  const cases = table
    .map((c) => {
      const specs = c.flags.map((f) => {
        const values = flagValues(f.long);
        const arg = f.value ? `:${f.long}:${values ? `(${values.join(' ')})` : '_files'}` : '';
        const names = f.short ? `{-${f.short},--${f.long}}` : `--${f.long}`;
        return `'${f.short ? '(-' + f.short + ' --' + f.long + ')' : ''}'${names}'[${zshQuote(f.help)}]${arg}'`;
      });
      const rest = c.name === 'completion' ? `'1:shell:(bash zsh fish)'` : c.name === 'mod' ? `'1:subcommand:(init)'` : `'*:file:_files'`;
      return `        ${c.name})\n            _arguments ${[...specs, rest].join(' \\\n                ')}\n            ;;`;
    })
    .join('\n');
  return `#compdef cue-lite
# zsh completion for cue-lite (cue-lite completion zsh)
_cue_lite() {
    local -a commands
    commands=(
${commands}
    )
    if (( CURRENT == 2 )); then
        _describe -t commands 'cue-lite command' commands
        return
    fi
    local cmd=\${words[2]}
    shift words
    (( CURRENT-- ))
    case $cmd in
${cases}
    esac
}
if [ "$funcstack[1]" = "_cue_lite" ]; then
    _cue_lite "$@"
else
    compdef _cue_lite cue-lite
fi
`;
}

function fishQuote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fishScript(table: readonly CommandInfo[]): string {
  const lines = ['# fish completion for cue-lite (cue-lite completion fish)', 'complete -c cue-lite -f'];
  const names = table.map((c) => c.name).join(' ');
  for (const c of table) {
    lines.push(`complete -c cue-lite -n "not __fish_seen_subcommand_from ${names}" -a ${c.name} -d ${fishQuote(c.summary)}`);
  }
  for (const c of table) {
    const cond = `-n "__fish_seen_subcommand_from ${c.name}"`;
    for (const f of c.flags) {
      const values = flagValues(f.long);
      const arg = f.value ? (values ? ` -x -a ${fishQuote(values.join(' '))}` : ' -r -F') : '';
      lines.push(`complete -c cue-lite ${cond}${f.short ? ` -s ${f.short}` : ''} -l ${f.long}${arg} -d ${fishQuote(f.help)}`);
    }
    if (c.name === 'completion') lines.push(`complete -c cue-lite ${cond} -a 'bash zsh fish'`);
    else if (c.name === 'mod') lines.push(`complete -c cue-lite ${cond} -a init`);
    else if (c.name !== 'help' && c.name !== 'version') lines.push(`complete -c cue-lite ${cond} -F`);
  }
  return lines.join('\n') + '\n';
}
