// Build: tsc emits the library (dist/lib, with .d.ts; the parser's grammar snapshot is
// regenerated from it, see scripts/gen-grammar.mjs) and esbuild bundles the CLI into one
// CommonJS file (dist/cli.cjs) so that start-up does not pay for loading hundreds of modules;
// then scripts/code-cache.mjs stores V8's compiled code for it (dist/cli.cache), which
// bin/load-cli.js hands back to V8 (CommonJS: a plain script, which node:vm can cache).
import { bundleCli, bundleLsp } from './bundles.mjs';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const tsc = () =>
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
    stdio: 'inherit',
  });
tsc();
// The parser's recorded grammar (src/syntax/grammar.generated.ts) follows its rules: record it
// from the library just built and, when that changed the file, compile again.
const gen = execFileSync(process.execPath, [path.join(root, 'scripts/gen-grammar.mjs')], { encoding: 'utf8' });
if (gen.includes('updated')) {
  process.stdout.write(gen);
  tsc();
}
// The CLI, and the language server as a bundle of its own (scripts/bundles.mjs).
await bundleCli(root, path.join(root, 'dist'));
await bundleLsp(root, path.join(root, 'dist'));
// In a process of its own, with Node's default flags (what the cache is checked against). A
// failure only costs start-up time, so it is reported and the build goes on.
try {
  execFileSync(process.execPath, [path.join(root, 'scripts/code-cache.mjs')], { stdio: 'inherit' });
} catch (e) {
  console.error(`build: no code cache (${e instanceof Error ? e.message : String(e)}); the CLI works without it`);
}
