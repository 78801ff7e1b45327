#!/usr/bin/env node
// Thin wrapper: load the bundled CLI and turn its result into the process exit code.
// CommonJS on purpose (bin/package.json): an ES module entry starts Node's ESM loader, whose
// import of `node:fs` alone loads the stream modules, tens of milliseconds of every start-up.
'use strict';
const { writeSync } = require('node:fs');

// Output goes straight to file descriptors 1 and 2 with write(2), not through process.stdout:
// creating that stream loads Node's stream modules (several ms of every start-up, more than
// `version` does in all). On Linux process.stdout writes files, pipes and terminals
// synchronously too, so the order and the bytes are the same. A descriptor that the parent
// left non-blocking (EAGAIN) falls back to the stream for the rest of the run, which waits
// for the reader as Node always has.
const streams = [];
function output(fd) {
  let stream;
  return (s) => {
    if (stream === undefined) {
      const buf = Buffer.from(s, 'utf8');
      let off = 0;
      try {
        while (off < buf.length) off += writeSync(fd, buf, off);
        return;
      } catch (e) {
        if (!e || e.code !== 'EAGAIN') return closed(e);
        stream = guard(fd === 1 ? process.stdout : process.stderr);
        s = buf.subarray(off);
      }
    }
    stream.write(s);
  };
}

// A reader that closed standard output (`cue-lite eval big.cue | head -1`) ends the command
// quietly, as `cue` ends on SIGPIPE: no stack trace, nothing more written.
function closed(e) {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
}
function guard(stream) {
  if (!streams.includes(stream)) {
    streams.push(stream);
    stream.on('error', closed);
  }
  return stream;
}

const args = process.argv.slice(2);
// `version` needs nothing of the CLI: answered before the 2 MB bundle is loaded (the text is
// main.ts's; test/cli-bin.test.ts checks that both say the same).
if (args.length === 1 && (args[0] === 'version' || args[0] === '--version')) {
  const { version } = JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'package.json'), 'utf8'));
  output(1)(`cue-lite version ${version}\n`);
  return;
}

// `help` likewise, from the text the build recorded from main.ts (dist/usage.txt); without it
// (a build that could not write it), from the bundle. No arguments: the same text, exit 1.
if (args.length === 0 || (args.length === 1 && (args[0] === 'help' || args[0] === '-h' || args[0] === '--help'))) {
  let usage;
  try {
    usage = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'dist', 'usage.txt'), 'utf8');
  } catch {
    usage = undefined;
  }
  if (usage) {
    output(1)(usage);
    process.exitCode = args.length === 0 ? 1 : 0;
    return;
  }
}

// The language server speaks its protocol over process.stdout itself.
if (args[0] === 'lsp') {
  guard(process.stdout);
  guard(process.stderr);
}

const { loadCli } = require('./load-cli.js');
let cli;
try {
  cli = loadCli();
} catch (e) {
  // A checkout that was never built (npm install runs the build): say so, not a stack trace.
  if (!e || e.code !== 'ENOENT') throw e;
  output(2)(`cue-lite: ${e.path} is missing: run \`npm install\` (or \`npm run build\`) in ${require('node:path').dirname(__dirname)}\n`);
  process.exit(1);
}
const { main, done } = cli;
main(args, { stdout: output(1), stderr: output(2) }).then((code) => {
  process.exitCode = code;
  done();
});
