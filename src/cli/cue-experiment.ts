/**
 * CUE_EXPERIMENT, the variable through which `cue` turns its experiments on and off: a comma
 * separated list of `name`, `name=BOOL` (Go's boolean spellings). cue-lite reads it only for
 * what it cannot honour, to say so rather than silently behave as another setting would.
 */

const falseWords = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** The experiments the variable turns off, by lower-case name. */
export function disabledExperiments(value: string | undefined): Set<string> {
  const off = new Set<string>();
  for (const entry of (value ?? '').split(',')) {
    const [name, setting] = entry.trim().split('=', 2) as [string, string | undefined];
    if (name !== '' && setting !== undefined && falseWords.has(setting.trim())) off.add(name.toLowerCase());
  }
  return off;
}
