#!/usr/bin/env node
// Packages the extension as a .vsix (not run in CI): the grammar copied in from the
// repository's grammar/, the client library installed, then @vscode/vsce 3.9.2 (the last
// version that runs on Node 20), fetched by npx so that the repository's own install stays
// small.
//
//   cd editors/vscode && node package.mjs      # writes cue-lite-<version>.vsix here
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: here, stdio: 'inherit', shell: process.platform === 'win32' });
mkdirSync(path.join(here, 'syntaxes'), { recursive: true });
copyFileSync(path.join(here, '..', '..', 'grammar', 'cue.tmLanguage.json'), path.join(here, 'syntaxes', 'cue.tmLanguage.json'));
run('npm', ['install', '--omit=dev', '--no-package-lock']);
run('npx', ['--yes', '@vscode/vsce@3.9.2', 'package', '--allow-missing-repository', '--skip-license']);
