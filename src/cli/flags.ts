/**
 * Command-line flags the way `cue` (cobra/pflag) reads them, so that muscle memory carries over:
 *
 *   --name, --name=value, --name value      long forms (a bool takes no separate value)
 *   -x, -x=value, -xvalue, -x value          short forms; bool shorthands combine (`-aH`)
 *   -c=false                                 a bool can be switched off explicitly
 *   --                                       everything after it is an argument
 *   -                                        an argument (standard input), never a flag
 *
 * Flags and arguments may be interleaved. Errors use pflag's wording (`unknown flag: --bogus`)
 * and are thrown as UsageError, which main.ts prints as `Error: ...` with exit code 1.
 * Shared by every command that takes flags (eval, export, vet, render, schema).
 */
import { UsageError } from './io.js';

export type FlagKind = 'bool' | 'string' | 'list';

export interface FlagSpec {
  /** The long name, without dashes: `out`. */
  readonly name: string;
  /** The one-letter shorthand, without the dash: `o`. */
  readonly short?: string;
  readonly kind: FlagKind;
  /** One line for `--help`. */
  readonly help: string;
  /** The value's placeholder in `--help` (`string` by default). */
  readonly arg?: string;
  /** The default of a string flag, shown in `--help`. */
  readonly default?: string;
}

export class ParsedFlags {
  /** @internal */
  readonly values = new Map<string, boolean | string | string[]>();
  /** The names of the flags given on the command line (pflag's `Changed`). */
  readonly changed = new Set<string>();
  /** Arguments that are not flags, in order. */
  readonly args: string[] = [];
  /** `-h` / `--help` was given. */
  help = false;

  bool(name: string): boolean {
    return this.values.get(name) === true;
  }

  string(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }

  list(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }
}

const helpFlag: FlagSpec = { name: 'help', short: 'h', kind: 'bool', help: 'help for this command' };

/** Parses `args` against `specs`; throws UsageError for an unknown flag or a missing value. */
export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const all = [...specs, helpFlag];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const out = new ParsedFlags();
  for (const s of specs) {
    if (s.kind === 'string' && s.default !== undefined) out.values.set(s.name, s.default);
  }

  const set = (spec: FlagSpec, value: string | true, shown: string): void => {
    out.changed.add(spec.name);
    if (spec.name === 'help') {
      out.help = value === true || parseBool(value, spec, shown);
      return;
    }
    switch (spec.kind) {
      case 'bool':
        out.values.set(spec.name, value === true ? true : parseBool(value, spec, shown));
        return;
      case 'string':
        out.values.set(spec.name, value as string);
        return;
      case 'list': {
        const prev = out.values.get(spec.name);
        out.values.set(spec.name, [...(Array.isArray(prev) ? prev : []), value as string]);
        return;
      }
    }
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.args.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      out.args.push(arg);
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, arg.slice(eq + 1), arg);
      else if (spec.kind === 'bool') set(spec, true, arg);
      else if (i + 1 < args.length) set(spec, args[++i]!, arg);
      else throw new UsageError(`flag needs an argument: --${name}`);
      continue;
    }
    // Shorthands: a run of bool letters, possibly ending in one that takes a value.
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j]!;
      const spec = byShort.get(c);
      if (!spec) throw new UsageError(`unknown shorthand flag: '${c}' in ${arg}`);
      const rest = arg.slice(j + 1);
      if (rest.startsWith('=')) {
        set(spec, rest.slice(1), arg);
        break;
      }
      if (spec.kind === 'bool') {
        set(spec, true, arg);
        continue;
      }
      if (rest !== '') set(spec, rest, arg);
      else if (i + 1 < args.length) set(spec, args[++i]!, arg);
      else throw new UsageError(`flag needs an argument: '${c}' in -${c}`);
      break;
    }
  }
  return out;
}

function parseBool(text: string, spec: FlagSpec, shown: string): boolean {
  // strconv.ParseBool's spellings, as pflag accepts them.
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(text)) return false;
  const names = spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
  throw new UsageError(`invalid argument ${JSON.stringify(text)} for "${names}" flag (in ${shown}): expected true or false`);
}

/** The `Flags:` block of a command's help, aligned like cobra's. */
export function formatFlagHelp(specs: readonly FlagSpec[]): string {
  const rows = [...specs, helpFlag].map((s) => {
    const short = s.short ? `-${s.short}, ` : '    ';
    const arg = s.kind === 'bool' ? '' : ` ${s.arg ?? 'string'}`;
    const def = s.default !== undefined ? ` (default "${s.default}")` : '';
    return { left: `  ${short}--${s.name}${arg}`, right: s.help + def };
  });
  const width = Math.max(...rows.map((r) => r.left.length)) + 3;
  return 'Flags:\n' + rows.map((r) => r.left.padEnd(width) + r.right + '\n').join('');
}

/**
 * The arguments of a command that reads its flags by hand (render, status, show), one at a
 * time: `--flag=value` split at the `=`, and `value()` taking the flag's argument (the inline
 * one, else the next argument, else a usage error).
 */
export function* flagArgs(args: readonly string[]): Generator<{ arg: string; value: () => string }> {
  for (let i = 0; i < args.length; i++) {
    let arg = args[i]!;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      inline = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    const flag = arg;
    yield {
      arg,
      value: () => {
        if (inline !== undefined) return inline;
        const v = args[++i];
        if (v === undefined) throw new UsageError(`flag needs an argument: ${flag}`);
        return v;
      },
    };
  }
}
