#!/usr/bin/env node
// Load an HTML report in headless Chromium (driven by playwright-core, /usr/bin/chromium) and
// report JS console errors, uncaught exceptions, failed requests (the report must work
// offline) and an empty page.  Usage: node page_check.js LABEL FILE.html [SCREENSHOT.png]
const path = require('path');
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.log(`FAIL chromium/${process.argv[2]}/install: playwright-core not found (run scripts/conformance/install.sh): ${e.message.split('\n')[0]}`);
  process.exit(1);
}
const [label, file, shot] = process.argv.slice(2);
let fails = 0;
const fail = (what, msg) => { fails++; console.log(`FAIL chromium/${label}/${what}: ${String(msg).replace(/\s+/g, ' ').slice(0, 500)}`); };
const pass = (what) => console.log(`PASS chromium/${label}/${what}`);
(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  const failed = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure() && r.failure().errorText})`));
  try {
    await page.goto('file://' + path.resolve(file), { waitUntil: 'load', timeout: 120000 });
    await page.waitForTimeout(1500); // let deferred scripts run
  } catch (e) {
    fail('load', e.message);
  }
  // Open every tab (buttons of nav#tabs, or any nav button), so each view's script runs.
  const tabs = await page.$$('nav button, [role=tab]');
  for (let i = 0; i < tabs.length; i++) {
    const name = (await tabs[i].innerText()).trim();
    try {
      await tabs[i].click({ timeout: 5000 });
      await page.waitForTimeout(300);
      const shown = await page.evaluate(() => {
        const v = document.querySelector('section.view.active, [role=tabpanel]:not([hidden])');
        return v ? v.innerText.trim().length : -1;
      });
      if (shown === 0) fail(`tab-${name}`, `the "${name}" view is empty after clicking its tab`);
      if (shot) await page.screenshot({ path: shot.replace(/\.png$/, `-${i}.png`) });
    } catch (e) { fail(`tab-${name}`, e.message); }
  }
  if (tabs.length) { await tabs[0].click(); await page.waitForTimeout(200); }
  // Markdown that reached the page unrendered (e.g. **bold** or `code` shown literally).
  const raw = await page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (n.parentElement && n.parentElement.closest('pre, code, script, style, textarea')) continue;
      const t = n.textContent;
      const m = t.match(/\*\*[^*\s][^*]*\*\*|`[^`\s][^`]*`|\[[^\]]+\]\([^)]+\)/);
      if (m) out.push(m[0]);
    }
    return out;
  });
  if (raw.length) fail('raw-markdown', `${raw.length} text nodes show unrendered Markdown, e.g. ${[...new Set(raw)].slice(0, 4).map((x) => JSON.stringify(x.slice(0, 60))).join(', ')}`);
  else pass('raw-markdown');
  const { textLen, title } = await page.evaluate(() => ({ textLen: document.body ? document.body.innerText.length : 0, title: document.title }));
  if (textLen < 50) fail('content', `the page shows ${textLen} characters of text`); else pass('content');
  if (!title) fail('title', 'no <title>'); else pass('title');
  for (const e of errors) fail('js-errors', e);
  if (!errors.length) pass('js-errors');
  for (const r of failed) fail('requests', `request failed (an offline report must not fetch): ${r}`);
  if (!failed.length) pass('requests');
  if (shot) await page.screenshot({ path: shot, fullPage: false });
  await browser.close();
  process.exit(fails ? 1 : 0);
})().catch((e) => { fail('run', e.stack || e); process.exit(1); });
