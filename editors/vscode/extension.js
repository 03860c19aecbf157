// Starts `hirelint lsp` for the files hirelint reads: Markdown (and MDX), HTML, JSON and JSON
// Lines, XML feeds, CSV and TSV exports, YAML data files, and plain text. The server reads the format from the
// file's name, so a `.csv` shown as plain text is still read as CSV. It finds each posting's
// hirelint.toml itself; the watcher tells it when one changes.
const LANGUAGES = [
  'markdown', 'mdx', 'html', 'json', 'jsonl', 'xml', 'csv', 'tsv', 'yaml', 'plaintext',
];

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
      documentSelector: LANGUAGES.map((language) => ({
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
