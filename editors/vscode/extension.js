// The VS Code side of cue-lite: starts `cue-lite lsp --stdio` and connects it to CUE documents
// (vscode-languageclient). Highlighting comes from the TextMate grammar alone, with or
// without the server.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

async function activate(context) {
  const config = vscode.workspace.getConfiguration('cueLite');
  if (!config.get('server.enabled', true)) return;
  const command = config.get('server.path', 'cue-lite');
  // TransportKind.stdio appends `--stdio` to the arguments, which `cue-lite lsp` accepts.
  const run = { command, args: ['lsp'], transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  client = new LanguageClient(
    'cueLite',
    'CUE (cue-lite)',
    { run, debug: run },
    {
      documentSelector: [
        { scheme: 'file', language: 'cue' },
        { scheme: 'untitled', language: 'cue' },
      ],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.cue,cue.mod/module.cue}') },
    },
  );
  context.subscriptions.push(
    vscode.commands.registerCommand('cueLite.restartServer', async () => {
      if (client) await client.restart();
    }),
  );
  try {
    await client.start();
  } catch (e) {
    vscode.window.showErrorMessage(`cue-lite: could not start "${command} lsp" (${e instanceof Error ? e.message : String(e)}). Install cue-lite (npm install -g cue-lite) or set cueLite.server.path.`);
  }
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
