// Shared by the check-*.mjs scripts: one positional argument (a repository checkout or
// mirror) and `--name value` options, where the value of an option is never taken for the
// positional argument.

/**
 * Reads process.argv. `valued` names the options that take a value. Prints `usage` and
 * exits 2 when the positional argument is missing.
 * @returns {{ repo: string, opt: (name: string, dflt?: string) => string | undefined, flag: (name: string) => boolean }}
 */
export function scriptArgs(valued, usage) {
  const args = process.argv.slice(2);
  const repo = args.find((a, i) => !a.startsWith('--') && !valued.includes(args[i - 1]));
  if (!repo) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  return { repo, opt, flag: (name) => args.includes(name) };
}
