// Starts `hirelint lsp` for Markdown, HTML, JSON and plain-text files. The server finds each
// posting's hirelint.toml itself; the watcher tells it when one changes.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate() {
  const command = vscode.workspace.getConfiguration('hirelint').get('path', 'hirelint');
  client = new LanguageClient(
    'hirelint',
    'hirelint',
    { command, args: ['lsp'] },
    {
      documentSelector: ['markdown', 'html', 'json', 'plaintext'].map((language) => ({
        scheme: 'file',
        language,
      })),
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{hirelint.toml,.hirelint.toml}'),
      },
    },
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
