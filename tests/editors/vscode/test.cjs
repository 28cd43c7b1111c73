// End-to-end checks of the kapi-lsp VS Code extension in the real VS Code (code-server),
// driven through its UI with headless Chromium and playwright-core.
//
//   node test.cjs   (settings come from the environment; scripts/editor-tests.sh sets them)
//
// KAPI_CODE_SERVER  the code-server binary          KAPI_VSIX       the extension to test
// KAPI_LSP          the server binary                KAPI_WORKSPACE  a scratch copy of the fixture workspace
// KAPI_WORK         a scratch folder for code-server KAPI_SHOTS      where screenshots go
// KAPI_CHROMIUM     the browser (/usr/bin/chromium)
//
// Prints one `PASS vscode: <check>` or `FAIL vscode: <check>: <why>` line per check and exits 1 if
// any check failed. Nothing is saved: the quick fix and the completion edit stay in the editor.

'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { chromium } = require('playwright-core');

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) {
    console.error(`test.cjs: ${name} is not set`);
    process.exit(2);
  }
  return v;
};

const CODE_SERVER = env('KAPI_CODE_SERVER');
const VSIX = env('KAPI_VSIX');
const SERVER = env('KAPI_LSP');
const WORKSPACE = env('KAPI_WORKSPACE');
const WORK = env('KAPI_WORK');
const SHOTS = env('KAPI_SHOTS');
const CHROMIUM = env('KAPI_CHROMIUM', '/usr/bin/chromium');
const TIMEOUT = Number(process.env.KAPI_TEST_TIMEOUT_MS || 15000);
const SUMMARY = 'Fill the pump chamber before the first stroke';

const results = { passed: 0, failed: 0 };
const say = (line) => process.stdout.write(line + '\n');
const log = (line) => process.stderr.write(`[vscode ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

let page;
let shotNo = 0;
let loggedOutput = false;

/** The newest "KAPI Language Server" output channel log that code-server wrote. */
function extensionLog() {
  const logs = path.join(WORK, 'user', 'logs');
  try {
    const found = [];
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === 'KAPI Language Server.log') found.push(p);
      }
    };
    walk(logs);
    found.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
    return found.length ? fs.readFileSync(found[found.length - 1], 'utf8') : '(no output channel log)';
  } catch (e) {
    return `(no output channel log: ${e})`;
  }
}

async function shot(name) {
  if (!page) return undefined;
  const file = path.join(SHOTS, `vscode-${String(++shotNo).padStart(2, '0')}-${name}.png`);
  try {
    await page.screenshot({ path: file });
  } catch (e) {
    log(`screenshot ${name} failed: ${e}`);
  }
  return file;
}

async function check(name, fn) {
  try {
    await fn();
    results.passed++;
    say(`PASS vscode: ${name}`);
  } catch (e) {
    results.failed++;
    const file = await shot('FAILED-' + name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40));
    say(`FAIL vscode: ${name}: ${String(e && e.message ? e.message : e).split('\n')[0]}`);
    log(`${e && e.stack ? e.stack : e}\n  screenshot: ${file}`);
    if (!loggedOutput) {
      loggedOutput = true;
      log(`the extension's output channel:\n${extensionLog().split('\n').slice(-40).join('\n')}`);
    }
  }
}

// ---- code-server ---------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = require('node:net').createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function writeSettings(userDir) {
  const settings = {
    // The extension under test finds the freshly built server through its setting.
    'kapi.server.path': SERVER,
    'kapi.trace.server': 'messages',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'files.hotExit': 'off',
    'editor.minimap.enabled': false,
    'editor.stickyScroll.enabled': false,
    'editor.fontSize': 14,
    'editor.hover.delay': 200,
    'editor.hover.above': false,
    'workbench.reduceMotion': 'on',
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'git.enabled': false,
    'window.commandCenter': false,
  };
  fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

async function startCodeServer() {
  const userDir = path.join(WORK, 'user');
  const extDir = path.join(WORK, 'ext');
  writeSettings(userDir);
  const common = ['--extensions-dir', extDir, '--user-data-dir', userDir, '--config', path.join(WORK, 'config.yaml')];
  fs.writeFileSync(path.join(WORK, 'config.yaml'), 'auth: none\ncert: false\n');
  const inst = spawnSync(CODE_SERVER, ['--install-extension', VSIX, '--force', ...common], {
    encoding: 'utf8',
    timeout: 120000,
  });
  if (inst.status !== 0 || !/successfully installed/i.test(inst.stdout + inst.stderr)) {
    throw new Error(`installing ${VSIX} failed (exit ${inst.status}): ${inst.stdout}${inst.stderr}`);
  }
  const port = await freePort();
  const out = fs.openSync(path.join(WORK, 'code-server.log'), 'w');
  const child = spawn(
    CODE_SERVER,
    [
      '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--disable-proxy', ...common, WORKSPACE,
    ],
    {
      detached: true, // its own process group: killed as a whole at the end
      stdio: ['ignore', out, out],
      env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":"http://127.0.0.1:9/none"}', KAPI_LSP_LOG: 'debug' },
    },
  );
  const deadline = Date.now() + 60000;
  while (!(await healthy(port))) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${WORK}/code-server.log`);
    if (Date.now() > deadline) throw new Error('code-server did not answer /healthz within 60 s');
    await sleep(200);
  }
  return { port, child };
}

function killGroup(child) {
  if (!child || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const t = Date.now();
  while (Date.now() - t < 3000) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      return;
    }
    spawnSync('sleep', ['0.1']);
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

// ---- the UI --------------------------------------------------------------------------------

/** Text as Monaco renders it (non-breaking spaces in view lines). */
const norm = (s) => (s || '').replace(/\u00a0/g, ' ');

async function texts(selector) {
  return (await page.locator(selector).allInnerTexts()).map(norm);
}

async function waitText(selector, predicate, what, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last = [];
  for (;;) {
    last = await texts(selector);
    const hit = last.find(predicate);
    if (hit !== undefined) return hit;
    if (Date.now() > deadline) {
      throw new Error(`${what}; saw ${JSON.stringify(last.slice(0, 8)).slice(0, 400)}`);
    }
    await sleep(150);
  }
}

async function focusEditor() {
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
}

async function quickOpen(file) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(file);
  // Wait until the filtered list puts the file first (the list shows recent files before it filters).
  await waitText('.quick-input-widget .monaco-list-row[data-index="0"]', (t) => t.startsWith(file), `quick open does not offer ${file}`);
  await page.keyboard.press('Enter');
  await page.locator(`.editor-group-container.active .tab.active[data-resource-name="${file}"]`).waitFor({ timeout: TIMEOUT });
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill('>' + title);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

async function goto(line, col) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  // Ctrl+G opens quick access with a ':' prefix; keep it.
  await input.fill(`:${line}:${col}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: TIMEOUT });
}

/** 1-based line and column of the first `needle` in a workspace file (as on disk). */
function position(file, needle, afterNeedle) {
  const lines = fs.readFileSync(path.join(WORKSPACE, file), 'utf8').split('\n');
  let start = 0;
  if (afterNeedle) start = lines.findIndex((l) => l.includes(afterNeedle));
  for (let i = Math.max(start, 0); i < lines.length; i++) {
    const c = lines[i].indexOf(needle);
    if (c >= 0) return { line: i + 1, col: c + 1 };
  }
  throw new Error(`${needle} not found in ${file}`);
}

async function waitProblems(pred, what, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const rows = await problemRows();
    if (pred(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`${what}; Problems: ${JSON.stringify(rows).slice(0, 300)}`);
    await sleep(150);
  }
}

const has = (rows, code) => rows.some((r) => r.includes(code));

async function problemRows() {
  return texts('.markers-panel .monaco-list-row');
}

async function openProblems() {
  if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
  }
  await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: TIMEOUT });
}

// ---- the checks ----------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const t0 = Date.now();
  const { port, child } = await startCodeServer();
  // Whatever ends this process (a crash, `timeout`'s SIGTERM, a closed stdout), code-server's
  // whole process group goes with it.
  process.on('exit', () => killGroup(child));
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.on(sig, () => process.exit(1));
  }
  process.stdout.on('error', () => process.exit(1));
  log(`code-server up on ${port} after ${Date.now() - t0} ms`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 960 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    log(`workbench after ${Date.now() - t0} ms`);
    await runChecks();
  } finally {
    await browser.close().catch(() => {});
    killGroup(child);
  }
  log(`done after ${Date.now() - t0} ms`);
}

async function runChecks() {
  let opened = false;
  await check('pump.c opens in the C language mode', async () => {
    await quickOpen('pump.c');
    opened = true;
    await waitText('#status\\.editor\\.mode', (t) => t.trim() === 'C', 'the language mode is not C', 30000);
    await focusEditor();
  });

  await check('squiggles for the two mistakes in pump.c', async () => {
    if (!opened) throw new Error('pump.c is not open');
    // Monaco renders only the visible lines: look at each mistake's line.
    const w = position('pump.c', 'int pump_prime(');
    await goto(w.line, 1);
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30000 });
    const e = position('pump.c', 'type: KAPI_TYPE_ULONG');
    await goto(e.line, 1);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: TIMEOUT });
  });

  await check('Problems panel lists missing-param-spec and unknown-value', async () => {
    await openProblems();
    await waitText('.markers-panel .monaco-list-row', (t) => t.includes('missing-param-spec'), 'no missing-param-spec row');
    await waitText('.markers-panel .monaco-list-row', (t) => t.includes('unknown-value'), 'no unknown-value row');
    // Hover the unknown-value squiggle, as a person would to read it, with both mistakes in view.
    const w = position('pump.c', 'int pump_prime(');
    const p = position('pump.c', 'KAPI_TYPE_ULONG', 'param: rate');
    await goto(p.line, p.col + 3); // centres the error line; scroll up so that the warning shows too
    for (let i = 0; i < 10; i++) await page.keyboard.press('Control+ArrowUp');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await waitText('.monaco-hover-content', (t) => t.includes('unknown-value') || /KAPI_TYPE_ULONG/.test(t), 'no hover on the squiggle', 8000)
      .catch((e) => log(`(screenshot only) ${e.message}`));
    await sleep(500); // the hover fades in
    await shot('diagnostics');
    await page.keyboard.press('Escape');
  });

  await check('hover on the cross-file call pump_prime() shows the contract', async () => {
    // Close the panel: the hover gets the room for the whole contract.
    if (await page.locator('.markers-panel').isVisible().catch(() => false)) await page.keyboard.press('Control+Shift+M');
    if (await page.locator('.part.panel').isVisible().catch(() => false)) await page.keyboard.press('Control+J');
    await quickOpen('main.c');
    const p = position('main.c', 'pump_prime(p, 0)');
    await goto(p.line, p.col + 3);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = await waitText('.monaco-hover-content', (t) => t.includes(SUMMARY), `no hover containing "${SUMMARY}"`);
    if (!hover.includes('flags')) throw new Error('the hover does not mention the flags parameter');
    await sleep(500); // the hover fades in
    await shot('hover');
    await page.keyboard.press('Escape');
  });

  await check('completion after "type: " in a param block offers user_ptr', async () => {
    await quickOpen('pump.c');
    const p = position('pump.c', 'ptr, input', 'param: p');
    await goto(p.line, p.col);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('us');
    await page.keyboard.press('Control+Space');
    try {
      await waitText('.suggest-widget .monaco-list-row', (t) => /user_ptr/i.test(t), 'no user_ptr in the suggestions');
      await sleep(300); // let the details pane render for the screenshot
      await shot('completion');
    } finally {
      await page.keyboard.press('Escape');
      await runCommand('File: Revert File');
      await waitText('.tabs-container .tab.active', (t) => !/●/.test(t), 'pump.c stayed modified', 5000).catch(() => {});
    }
  });

  await check('quick fix adds the param: flags block and missing-param-spec goes away', async () => {
    await openProblems();
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'missing-param-spec' }).first();
    await row.waitFor({ timeout: TIMEOUT });
    await row.click();
    await page.keyboard.press('Enter'); // opens the marker: the cursor goes to the diagnostic
    await page.waitForFunction(() => !!document.activeElement?.closest('.monaco-editor'), null, { timeout: TIMEOUT });
    await page.keyboard.press('Control+.');
    const wanted = /param: ?flags/;
    await page.locator('.action-widget .monaco-list-row', { hasText: wanted }).first().waitFor({ timeout: TIMEOUT })
      .catch(async () => {
        const offered = await texts('.action-widget .monaco-list-row');
        throw new Error(`no "param: flags" quick fix in the menu; offered ${JSON.stringify(offered)}`);
      });
    await shot('quickfix-menu');
    // Choose it with the keyboard, as a person would: arrows to the item, then Enter.
    for (let i = 0; ; i++) {
      const focused = norm(await page.locator('.action-widget .monaco-list-row.focused').first().innerText().catch(() => ''));
      if (wanted.test(focused)) break;
      if (i > 10) throw new Error(`could not focus the "param: flags" item (focused: ${focused})`);
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const rows = await problemRows();
      if (!rows.some((r) => r.includes('missing-param-spec'))) {
        if (!rows.some((r) => r.includes('unknown-value'))) throw new Error('unknown-value vanished too');
        break;
      }
      if (Date.now() > deadline) throw new Error('missing-param-spec is still in the Problems panel');
      await sleep(150);
    }
    const lines = (await texts('.editor-group-container.active .monaco-editor .view-lines')).join('\n');
    if (!/param: flags/.test(lines)) throw new Error('the editor does not show a "param: flags" line');
    await shot('quickfix-applied');
    // Back to the text on disk, so that the later checks find their lines where the file has them.
    await runCommand('File: Revert File');
  });

  await check('KAPI: Show Server Output shows the server log', async () => {
    await runCommand('KAPI: Show Server Output');
    await waitText('.part.panel .monaco-editor .view-lines', (t) => /Starting .*kapi-lsp/.test(t) && /kapi_lsp::/.test(t),
      'the output panel does not show the server start and its log');
  });

  await check('KAPI: Show Spec as JSON opens the spec in an untitled editor', async () => {
    await quickOpen('pump.c');
    const p = position('pump.c', 'pump_set_rate(struct');
    await goto(p.line, p.col + 2);
    await runCommand('KAPI: Show Spec as JSON');
    await page.locator('.tabs-container .tab', { hasText: /Untitled/ }).first().waitFor({ timeout: TIMEOUT });
    await waitText('.editor-group-container.active .monaco-editor .view-lines', (t) => t.includes('"api_details"') && t.includes('pump_set_rate'), 'no api_details JSON for pump_set_rate');
    await shot('show-spec');
  });
}

main()
  .catch((e) => {
    results.failed++;
    say(`FAIL vscode: harness: ${String(e && e.message ? e.message : e).split('\n')[0]}`);
    log(e && e.stack ? e.stack : String(e));
  })
  .finally(() => {
    say(`-- vscode: ${results.passed} checks passed, ${results.failed} failed`);
    process.exit(results.failed === 0 ? 0 : 1);
  });
