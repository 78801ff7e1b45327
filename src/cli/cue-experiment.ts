/**
 * CUE_EXPERIMENT, the variable through which `cue` turns its experiments on and off, read as
 * the pinned cue reads it (internal/cueexperiment): a comma-separated list of `name` (on) or
 * `name=BOOL` (Go's boolean spellings); names are case-sensitive and not trimmed; empty
 * entries are skipped. Every experiment the pinned cue knows may be named; naming another,
 * enabling one before the language version that previews it, disabling a finished one, are
 * errors ("error in CUE_EXPERIMENT: ..."), for every command, as cue's root command checks.
 */

/** The experiments of the pinned cue and the language versions of their lifecycle. */
const experiments: Record<string, { preview?: string; default?: string; stable?: string; withdrawn?: string }> = {
  formatv2: { preview: 'v0.18.0', default: 'v0.18.0' },
  openapiv2: { preview: 'v0.18.0' },
  yamlgoccy: { preview: 'v0.18.0', default: 'v0.18.0' },
  modules: { preview: 'v0.8.0', default: 'v0.9.0', stable: 'v0.11.0' },
  yamlv3decoder: { preview: 'v0.9.0', default: 'v0.9.0', stable: 'v0.11.0' },
  decodeint64: { preview: 'v0.11.0', default: 'v0.12.0', stable: 'v0.13.0' },
  embed: { preview: 'v0.10.0', default: 'v0.12.0', stable: 'v0.14.0' },
  toposort: { preview: 'v0.11.0', default: 'v0.12.0', stable: 'v0.14.0' },
  evalv3: { preview: 'v0.9.0', default: 'v0.13.0', stable: 'v0.15.0' },
  keepvalidators: { preview: 'v0.14.0', default: 'v0.14.0', stable: 'v0.15.0' },
  cmdreferencepkg: { preview: 'v0.13.0', default: 'v0.14.0', stable: 'v0.16.0' },
};

/** The language version of the pinned cue (internal/cueversion). */
const languageVersion = 'v0.18.0';

/** The experiment settings cue-lite acts on. */
export interface ExperimentFlags {
  /** The Wadler-Lindig printer behind `fmt` and every CUE output (off: the pre-v2 printer). */
  formatV2: boolean;
}

/** An error in CUE_EXPERIMENT; its message is what cue prints. */
export class ExperimentError extends Error {}

const trueWords = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const falseWords = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** Reads CUE_EXPERIMENT; throws ExperimentError as cue would fail. */
export function experimentFlags(value: string | undefined): ExperimentFlags {
  const set = new Map<string, boolean>();
  for (const entry of (value ?? '').split(',')) {
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq);
    const setting = eq < 0 ? '' : entry.slice(eq + 1);
    if (setting === '') set.set(name, true);
    else if (trueWords.has(setting)) set.set(name, true);
    else if (falseWords.has(setting)) set.set(name, false);
    else throw new ExperimentError(`cannot parse CUE_EXPERIMENT: invalid value ${goQuote(setting)} for experiment ${goQuote(name)}`);
  }
  const on = new Map<string, boolean>();
  const errors: string[] = [];
  for (const [name, life] of Object.entries(experiments)) {
    const given = set.get(name);
    let value = false;
    if (life.preview !== undefined && given === true) {
      if (compareVersions(languageVersion, life.preview) < 0) errors.push(`cannot set experiment ${goQuote(name)} before version ${life.preview}`);
      else value = true;
    }
    if (life.default !== undefined && compareVersions(languageVersion, life.default) >= 0 && given !== false) value = true;
    if (life.stable !== undefined) {
      if (compareVersions(languageVersion, life.stable) >= 0) value = true;
      if (given === false) errors.push(`cannot disable stable experiment ${goQuote(name)}`);
    }
    if (life.withdrawn !== undefined && compareVersions(languageVersion, life.withdrawn) >= 0 && given === true) errors.push(`cannot set rejected experiment ${goQuote(name)}`);
    on.set(name, value);
    set.delete(name);
  }
  // cue lists the unknown names in its map's (random) order; ours is the variable's.
  for (const name of set.keys()) errors.push(`unknown experiment ${goQuote(name)}`);
  if (errors.length > 0) throw new ExperimentError(`error in CUE_EXPERIMENT: ${errors.join('\n')}`);
  return { formatV2: on.get('formatv2')! };
}

/** Compares `vMAJOR.MINOR.PATCH` versions. */
function compareVersions(a: string, b: string): number {
  const pa = a.slice(1).split('.').map(Number);
  const pb = b.slice(1).split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Go's %q for the plain strings of experiment names and values. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Whether CUE output is laid out by cue's pre-v2 printer: CUE_EXPERIMENT=formatv2=0, which
 * cue's format.Node (behind fmt, eval, def, export --out cue) follows. `value` is the
 * variable (main.ts has already rejected a bad one).
 */
export function formatV1Of(value: string | undefined): boolean {
  return !experimentFlags(value).formatV2;
}
