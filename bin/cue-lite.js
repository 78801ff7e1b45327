#!/usr/bin/env node
// Thin wrapper: load the bundled CLI and turn its result into the process exit code.
// CommonJS on purpose (bin/package.json): an ES module entry starts Node's ESM loader, whose
// import of `node:fs` alone loads the stream modules, tens of milliseconds of every start-up.
'use strict';
const { loadCli } = require('./load-cli.js');

// A reader that closed standard output (`cue-lite eval big.cue | head -1`) ends the command
// quietly, as `cue` ends on SIGPIPE: no stack trace, nothing more written.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const args = process.argv.slice(2);
// `version` needs nothing of the CLI: answered before the 2 MB bundle is loaded (the text is
// main.ts's; test/cli-bin.test.ts checks that both say the same).
if (args.length === 1 && (args[0] === 'version' || args[0] === '--version')) {
  process.stdout.write(`cue-lite version ${require('../package.json').version}\n`);
  return;
}

const { main } = loadCli();
main(args, {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
}).then((code) => {
  process.exitCode = code;
});
