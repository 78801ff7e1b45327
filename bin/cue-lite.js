#!/usr/bin/env node
// Thin wrapper: load the bundled CLI and turn its result into the process exit code.
import { loadCli } from './load-cli.js';

const { main } = loadCli();
const code = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
process.exitCode = code;
