// Build: tsc emits the library (dist/lib, with .d.ts) and esbuild bundles the CLI
// into one file (dist/cli.js) so that start-up does not pay for loading hundreds of modules.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});
await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: path.join(root, 'dist/cli.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Some CommonJS dependencies call require() at run time (e.g. require("process")); an ESM
  // bundle has no require of its own, so give it one, or they fail with
  // 'Dynamic require of "process" is not supported'.
  banner: { js: "import { createRequire as __cueLiteCreateRequire } from 'node:module'; const require = __cueLiteCreateRequire(import.meta.url);" },
});
