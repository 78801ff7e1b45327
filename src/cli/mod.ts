/**
 * `cue-lite mod init [MODULE]`: creates cue.mod/module.cue in the working directory, as the
 * pinned `cue mod init` writes it (cmd/cue/cmd/modinit.go; goldens modinit_*.txtar):
 *
 *   module: "cue.example"
 *   language: version: "v0.18.0"
 *
 * The module path is checked as CUE checks it (mod/module CheckPath), with its wording.
 * Other `mod` subcommands (tidy, get, publish...) need a registry: not supported.
 */
/// <reference types="node" />
import { mkdir, stat, writeFile } from './fs-async.js';
import path from 'node:path';
import type { Command } from './io.js';
import { UsageError } from './io.js';
import { type FlagSpec, formatFlagHelp, parseFlags } from './flags.js';

/** The language version the pinned CUE (v0.18.0-alpha.1) writes: its current language version. */
export const currentLanguageVersion = 'v0.18.0';
/** The earliest language version a module.cue schema exists for. */
const earliestLanguageVersion = 'v0.8.0-alpha.0';

const initFlags: readonly FlagSpec[] = [
  { name: 'force', short: 'f', kind: 'bool', help: 'force moving old-style cue.mod file' },
  { name: 'source', kind: 'string', arg: 'KIND', help: 'set the source field (self or git)' },
  { name: 'language-version', kind: 'string', arg: 'VERSION', default: 'current', help: "set the language version ('current' means current language version)" },
];

const help = `Module maintenance.

Usage:
  cue-lite mod init [MODULE] [flags]

init creates cue.mod/module.cue in the current directory, making it the root of a module.
The cue.mod directory must not exist yet. Without MODULE, the module path is cue.example.
Other mod commands (tidy, get, publish, ...) work with a registry and are not supported.

${formatFlagHelp(initFlags)}`;

/** cue's mod subcommands other than init: they read or write a module registry. */
const registrySubcommands = new Set(['edit', 'fix', 'get', 'mirror', 'publish', 'registry', 'rename', 'resolve', 'tidy', 'upgrade']);

export const modCommand: Command = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.stdout(help);
    return sub === undefined ? 1 : 0;
  }
  if (sub !== 'init') {
    // cue's other mod commands work with a registry; anything else is no mod command at all
    // (unknown_args.txtar's wording).
    const sub1 = rest.find((a) => !a.startsWith('-'));
    const named = sub.startsWith('-') ? sub1 : sub;
    if (named !== undefined && registrySubcommands.has(named)) {
      io.stderr(`cue-lite mod ${named}: not supported (cue-lite implements mod init only; other mod commands need a module registry)\n`);
    } else {
      io.stderr(`mod must be run as one of its subcommands${named === undefined ? '' : `: unknown subcommand ${JSON.stringify(named)}`}\nRun 'cue-lite help mod' for known subcommands.\n`);
    }
    return 1;
  }
  const flags = parseFlags(rest, initFlags);
  if (flags.help) {
    io.stdout(help);
    return 0;
  }
  if (flags.args.length > 1) throw new UsageError('too many arguments');
  const modulePath = flags.args[0] ?? 'cue.example';
  if (flags.args.length > 0) {
    const problem = checkModulePath(modulePath);
    if (problem) {
      io.stderr(`malformed module path ${JSON.stringify(modulePath)}: ${problem}\n`);
      return 1;
    }
  }
  const source = flags.string('source');
  if (source !== undefined && source !== '' && source !== 'self' && source !== 'git') {
    io.stderr(`unrecognized source kind ${JSON.stringify(source)}\n`);
    return 1;
  }
  const requested = flags.string('language-version') ?? 'current';
  const version = requested === 'current' ? currentLanguageVersion : requested;
  if (!/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    io.stderr(`invalid language version ${JSON.stringify(requested)}\n`);
    return 1;
  }
  if (compareVersions(version, earliestLanguageVersion) < 0) {
    io.stderr(`language version ${JSON.stringify(version)} is too early for module.cue schema (earliest allowed is ${earliestLanguageVersion})\n`);
    return 1;
  }
  if (compareVersions(version, currentLanguageVersion) > 0) {
    io.stderr(`language version ${JSON.stringify(version)} may not be after current language version ${currentLanguageVersion}\n`);
    return 1;
  }
  if (source && compareVersions(version, 'v0.9.0-alpha.0') < 0) {
    io.stderr('invalid module file: source field is not allowed at this language version; need at least v0.9.0-alpha.0\n');
    return 1;
  }

  const dir = path.join(io.cwd ?? process.cwd(), 'cue.mod');
  const existing = await stat(dir).catch(() => undefined);
  if (existing) {
    io.stderr(existing.isDirectory() ? 'cue.mod directory already exists\n' : 'cue.mod files are no longer supported; use cue.mod/module.cue\n');
    return 1;
  }
  // As modfile.Format aligns it: the values of `language: version:` and `source: kind:` line up.
  const rows: [string, string][] = [['module:', JSON.stringify(modulePath)], ['language: version:', JSON.stringify(version)]];
  if (source) rows.push(['source: kind:', JSON.stringify(source)]);
  const text = rows.length > 2
    ? [rows[0]!.join(' '), ...alignRows(rows.slice(1))].join('\n') + '\n'
    : rows.map((r) => r.join(' ')).join('\n') + '\n';
  try {
    await mkdir(dir);
    await writeFile(path.join(dir, 'module.cue'), text, { flag: 'wx' });
  } catch (e) {
    io.stderr(`cannot create cue.mod/module.cue: ${(e as Error).message}\n`);
    return 1;
  }
  return 0;
};

function alignRows(rows: readonly [string, string][]): string[] {
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([l, v]) => `${l.padEnd(width)} ${v}`);
}

/** Why a module path is malformed (mod/module CheckPath's wording), or undefined. */
export function checkModulePath(p: string): string | undefined {
  if (p === 'local') return undefined;
  let base = p;
  const at = p.lastIndexOf('@');
  if (at >= 0) {
    base = p.slice(0, at);
    const vers = p.slice(at + 1);
    if (!/^v(0|[1-9]\d*)$/.test(vers)) return 'path can contain major version only';
  }
  if (base === '') return 'empty string';
  if (base.startsWith('-')) return 'leading dash';
  if (base.includes('//')) return 'double slash';
  if (base.endsWith('/')) return 'trailing slash';
  for (const elem of base.split('/')) {
    if (elem === '') return 'empty path element';
    if (/^\.+$/.test(elem)) return `invalid path element ${JSON.stringify(elem)}`;
    if ('._-'.includes(elem[0]!)) return `leading '${elem[0]}' in path element`;
    if ('._-'.includes(elem[elem.length - 1]!)) return `trailing '${elem[elem.length - 1]}' in path element`;
    for (const c of elem) if (!/[a-z0-9._~-]/.test(c)) return `invalid char '${c}'`;
  }
  const first = base.split('/')[0]!;
  if (!first.includes('.')) return 'missing dot in first path element';
  if (!/^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/.test(base)) {
    return 'path does not conform to OCI repository name restrictions; see https://github.com/opencontainers/distribution-spec/blob/HEAD/spec.md#pulling-manifests';
  }
  return undefined;
}

/** Semantic-version order (pre-releases before their release). */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.slice(1).split(/-(.*)/s, 2) as [string, string | undefined];
    return { nums: core.split('.').map(Number), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}
