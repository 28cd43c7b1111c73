// Renders a terminal screen captured with `tmux capture-pane -p -e` (text with SGR colour
// escapes) to a PNG through Chromium: node ansi2png.cjs SCREEN.ansi OUT.png
// Needs playwright-core (NODE_PATH) and /usr/bin/chromium (or KAPI_CHROMIUM).
'use strict';
const fs = require('node:fs');
const { chromium } = require('playwright-core');

const [input, output] = process.argv.slice(2);
const FG = '#e0e2ea';
const BG = '#14161b';
const BASE = ['#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
  '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];

function xterm256(n) {
  if (n < 16) return BASE[n];
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  n -= 16;
  const c = (x) => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${c(Math.floor(n / 36))},${c(Math.floor(n / 6) % 6)},${c(n % 6)})`;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function toHtml(text) {
  let st = { fg: null, bg: null, bold: false, italic: false, under: false, rev: false };
  const reset = () => ({ fg: null, bg: null, bold: false, italic: false, under: false, rev: false });
  let html = '';
  const re = /\x1b\[([0-9;:]*)m/g;
  let last = 0;
  const emit = (chunk) => {
    if (!chunk) return;
    let fg = st.fg || FG;
    let bg = st.bg || 'transparent';
    if (st.rev) [fg, bg] = [st.bg || BG, st.fg || FG];
    const css = [`color:${fg}`, `background:${bg}`];
    if (st.bold) css.push('font-weight:bold');
    if (st.italic) css.push('font-style:italic');
    if (st.under) css.push('text-decoration:underline');
    // One div per screen row; a newline ends the row (its colours carry on into the next one).
    html += chunk
      .split('\n')
      .map((part) => (part ? `<span style="${css.join(';')}">${esc(part)}</span>` : ''))
      .join('</div><div class="row">');
  };
  for (let m; (m = re.exec(text)); ) {
    emit(text.slice(last, m.index));
    last = re.lastIndex;
    const p = m[1] === '' ? [0] : m[1].split(';').map((x) => x.split(':'));
    for (let i = 0; i < p.length; i++) {
      const [code, sub] = Array.isArray(p[i]) ? [Number(p[i][0]), p[i][1]] : [Number(p[i]), undefined];
      const colour = () => {
        const mode = Number(p[i + 1]);
        if (mode === 5) { const c = xterm256(Number(p[i + 2])); i += 2; return c; }
        if (mode === 2) { const c = `rgb(${Number(p[i + 2])},${Number(p[i + 3])},${Number(p[i + 4])})`; i += 4; return c; }
        return null;
      };
      if (code === 0) st = reset();
      else if (code === 1) st.bold = true;
      else if (code === 3) st.italic = true;
      else if (code === 4) st.under = sub !== '0';
      else if (code === 7) st.rev = true;
      else if (code === 22) st.bold = false;
      else if (code === 23) st.italic = false;
      else if (code === 24) st.under = false;
      else if (code === 27) st.rev = false;
      else if (code >= 30 && code <= 37) st.fg = BASE[code - 30];
      else if (code >= 90 && code <= 97) st.fg = BASE[code - 90 + 8];
      else if (code >= 40 && code <= 47) st.bg = BASE[code - 40];
      else if (code >= 100 && code <= 107) st.bg = BASE[code - 100 + 8];
      else if (code === 38) st.fg = colour();
      else if (code === 48) st.bg = colour();
      else if (code === 58) colour(); // underline colour: not drawn
      else if (code === 39) st.fg = null;
      else if (code === 49) st.bg = null;
    }
  }
  emit(text.slice(last));
  return `<div class="row">${html}</div>`;
}

(async () => {
  const text = fs.readFileSync(input, 'utf8').replace(/\n$/, '');
  const page_html = `<!doctype html><meta charset="utf-8"><style>
    body { margin: 0; background: ${BG}; }
    pre { margin: 0; padding: 8px; display: inline-block; background: ${BG}; color: ${FG};
          font: 14px/18px 'DejaVu Sans Mono', 'Noto Sans Mono', 'Liberation Mono', monospace; }
    /* Backgrounds cover the whole line height, as in a terminal (no stripes between rows). */
    .row { height: 18px; white-space: pre; }
    .row span { display: inline-block; height: 18px; vertical-align: top; }
  </style><pre>${toHtml(text)}</pre>`;
  const browser = await chromium.launch({
    executablePath: process.env.KAPI_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.setContent(page_html);
    await page.locator('pre').screenshot({ path: output });
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
