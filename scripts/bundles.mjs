// The esbuild bundles of the command line, shared by scripts/build.mjs and the tests that
// run a fresh copy (test/lsp.test.ts): dist/cli.cjs (every command but `lsp`) and
// dist/lsp.cjs (the language server and its analysis worker, with vscode-languageserver),
// which the CLI loads only for `cue-lite lsp`, so that no other command grows or slows.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: false, legalComments: 'none', logLevel: 'warning' };

/**
 * The CLI's import of the server becomes a require of the bundle beside it (a plain
 * `import()` would not run: bin/load-cli.js compiles the CLI with node:vm, which has no
 * dynamic-import hook).
 */
const lspExternal = {
  name: 'lsp-external',
  setup(b) {
    b.onResolve({ filter: /\/lsp\/main\.js$/ }, () => ({ path: 'lsp-bundle', namespace: 'lsp-external' }));
    b.onLoad({ filter: /.*/, namespace: 'lsp-external' }, () => ({ contents: "module.exports = require('./lsp.cjs');", loader: 'js' }));
    b.onResolve({ filter: /^\.\/lsp\.cjs$/ }, () => ({ path: './lsp.cjs', external: true }));
  },
};

// The bundle as pure ASCII: esbuild escapes non-ASCII characters in code but not in comments
// (decimal.js has a `±`), and one such character makes Node decode the whole 2 MB as UTF-8
// into a two-byte string at every start-up. Escaped, bin/load-cli.js reads it as Latin-1.
function toASCII(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (ascii !== text) writeFileSync(file, ascii);
}

// The bundle's last line names its build: a SHA-256 of the text above it. bin/load-cli.js
// uses a code cache only if the cache was made for that build (V8 itself compares only the
// source's length).
function markBuild(file) {
  const text = readFileSync(file, 'latin1');
  writeFileSync(file, `${text}\n//# cue-lite-build=${createHash('sha256').update(text, 'latin1').digest('hex')}\n`, 'latin1');
}

export async function bundleCli(root, outDir) {
  const outfile = path.join(outDir, 'cli.cjs');
  await build({ ...common, entryPoints: [path.join(root, 'src/cli/main.ts')], outfile, plugins: [lspExternal] });
  toASCII(outfile);
  markBuild(outfile);
  return outfile;
}

export async function bundleLsp(root, outDir) {
  const outfile = path.join(outDir, 'lsp.cjs');
  await build({ ...common, entryPoints: [path.join(root, 'src/lsp/main.ts')], outfile });
  toASCII(outfile);
  return outfile;
}
