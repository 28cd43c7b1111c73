// The VS Code client of kapi-lsp: finds the server binary, starts it over stdio, passes the
// `kapi.*` settings and adds three commands. Everything else is the server's work.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Readable } from 'node:stream';
import * as vscode from 'vscode';
import {
  DynamicFeature,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  StaticFeature,
} from 'vscode-languageclient/node';

const SERVER_NAME = 'kapi-lsp';
const SHOW_SPEC = 'kapi.showSpec';

let client: KapiLanguageClient | undefined;
let output: vscode.LogOutputChannel;
let traceOutput: vscode.LogOutputChannel;

/**
 * A LanguageClient that does not turn the server's `workspace/executeCommand` commands into
 * VS Code commands: `kapi.showSpec` is this extension's own command (it fills in the cursor and
 * shows the answer), and registering the same name twice would fail.
 */
class KapiLanguageClient extends LanguageClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public override registerFeature(feature: StaticFeature | DynamicFeature<any>): void {
    const dynamic = feature as Partial<DynamicFeature<unknown>>;
    if (dynamic.registrationType?.method === ExecuteCommandRequest.method) {
      return;
    }
    super.registerFeature(feature);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('KAPI Language Server', { log: true });
  traceOutput = vscode.window.createOutputChannel('KAPI Language Server Trace', { log: true });
  context.subscriptions.push(
    output,
    traceOutput,
    vscode.commands.registerCommand('kapi.restartServer', () => restart(context)),
    vscode.commands.registerCommand('kapi.showOutput', () => output.show(true)),
    vscode.commands.registerCommand(SHOW_SPEC, showSpec),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('kapi.server.path')) {
        const choice = await vscode.window.showInformationMessage(
          'kapi.server.path changed. Restart kapi-lsp to use it?',
          'Restart',
        );
        if (choice === 'Restart') {
          await restart(context);
        }
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** `kapi.severity` and `kapi.extraPaths`, in the shape the server reads (`{ kapi: {...} }`). */
function serverSettings(): { kapi: { severity: Record<string, string>; extraPaths: string[] } } {
  const config = vscode.workspace.getConfiguration('kapi');
  return {
    kapi: {
      severity: config.get<Record<string, string>>('severity') ?? {},
      extraPaths: (config.get<string[]>('extraPaths') ?? []).map(expandHome),
    },
  };
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where the server binary is, and how it was found; undefined when there is none. */
export function findServer(context: vscode.ExtensionContext): { path: string; source: string } | undefined {
  const exe = process.platform === 'win32' ? `${SERVER_NAME}.exe` : SERVER_NAME;
  // 1. The user's setting. Machine scope: workspace settings cannot point it elsewhere.
  const setting = vscode.workspace.getConfiguration('kapi').get<string>('server.path');
  if (setting) {
    const p = expandHome(setting);
    return isExecutable(p) ? { path: p, source: 'the kapi.server.path setting' } : undefined;
  }
  // 2. A binary bundled into the .vsix by scripts/package.sh.
  const bundled = context.asAbsolutePath(path.join('server', exe));
  if (fs.existsSync(bundled) && !isExecutable(bundled)) {
    try {
      fs.chmodSync(bundled, 0o755); // an unzip that dropped the mode bits
    } catch {
      /* reported below as not found */
    }
  }
  if (isExecutable(bundled)) {
    return { path: bundled, source: 'the extension bundle' };
  }
  // 3. PATH.
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, exe))) {
      return { path: path.join(dir, exe), source: 'PATH' };
    }
  }
  return undefined;
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const server = findServer(context);
  if (!server) {
    const setting = vscode.workspace.getConfiguration('kapi').get<string>('server.path');
    const what = setting
      ? `kapi.server.path is set to "${setting}", which is not an executable file.`
      : `No ${SERVER_NAME} binary was found: kapi.server.path is not set, the extension has no bundled server and ${SERVER_NAME} is not on PATH.`;
    output.error(what);
    const choice = await vscode.window.showErrorMessage(
      `${what} Build it with "cargo build --release -p kapi-lsp" and set kapi.server.path to target/release/kapi-lsp (or put it on PATH), then run "KAPI: Restart Server".`,
      'Open Settings',
      'Show Output',
    );
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'kapi.server.path');
    } else if (choice === 'Show Output') {
      output.show(true);
    }
    return;
  }
  output.info(`Starting ${server.path} (from ${server.source})`);

  // Plain stdio without a `transport`: TransportKind.stdio would append a --stdio argument.
  const run = { command: server.path, args: ['serve'] };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'c' },
      // VS Code gives .h files the cpp language.
      { scheme: 'file', language: 'cpp', pattern: '**/*.h' },
    ],
    initializationOptions: serverSettings(),
    // Sends workspace/didChangeConfiguration with { kapi: {...} } whenever a kapi.* setting
    // changes; the server reads severity and extraPaths from it.
    synchronize: { configurationSection: 'kapi' },
    outputChannel: output,
    traceOutputChannel: traceOutput,
    stdioOptions: { stdout: pipeLog, stderr: pipeLog },
  };
  // The id 'kapi' makes languageclient read the kapi.trace.server setting.
  client = new KapiLanguageClient('kapi', 'KAPI Language Server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    output.error(`kapi-lsp failed to start: ${String(e)}`);
    void vscode.window.showErrorMessage(`kapi-lsp failed to start: ${String(e)}`, 'Show Output').then((c) => {
      if (c) {
        output.show(true);
      }
    });
  }
}

/**
 * Copies the server's log (stderr) into the output channel at the level each line was logged
 * with (`2026-01-01T00:00:00Z  INFO kapi_lsp::server: ...`); anything else, such as a panic
 * message, is shown as an error.
 */
function pipeLog(input: Readable, channel: vscode.LogOutputChannel): void {
  const line = /^\S+\s+(TRACE|DEBUG|INFO|WARN|ERROR)\s+(.*)$/;
  readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', (text: string) => {
    const m = line.exec(text);
    switch (m?.[1]) {
      case 'TRACE': channel.trace(m[2]); break;
      case 'DEBUG': channel.debug(m[2]); break;
      case 'INFO': channel.info(m[2]); break;
      case 'WARN': channel.warn(m[2]); break;
      default: channel.error(m ? m[2] : text);
    }
  });
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(2000);
    } catch (e) {
      output.warn(`stopping kapi-lsp: ${String(e)}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

/** Asks the server for the spec at the cursor and shows its JSON in an untitled editor. */
async function showSpec(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('KAPI: open a C file and put the cursor on a specified function.');
    return;
  }
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('KAPI: kapi-lsp is not running (see "KAPI: Show Server Output").');
    return;
  }
  const c2p = client.code2ProtocolConverter;
  const result: unknown = await client.sendRequest(ExecuteCommandRequest.type, {
    command: SHOW_SPEC,
    arguments: [
      {
        textDocument: { uri: c2p.asUri(editor.document.uri) },
        position: c2p.asPosition(editor.selection.active),
      },
    ],
  });
  if (result === null || result === undefined) {
    void vscode.window.showInformationMessage('KAPI: there is no spec at the cursor.');
    return;
  }
  const doc = await vscode.workspace.openTextDocument({
    language: 'json',
    content: JSON.stringify(result, null, 2) + '\n',
  });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}
