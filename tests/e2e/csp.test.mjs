// The built page carries a strict Content-Security-Policy, and the app lives within it: a session
// through every view (runs, clicks, a short training run, a drawn digit, both languages) records
// no `securitypolicyviolation` and no uncaught error. Chart text is measured by the canvas, so
// the wasm does not even import the DOM calls plotters' browser font measurement needs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CSP } from '../../vite.config.js';
import { assertNoErrors, startApp } from './helpers.mjs';
import { DIST } from './serve.mjs';
import { nextFrames } from './views.mjs';

const RUN_TIMEOUT = 180_000;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** The policy's directives as { name: [sources] }. */
function directives(policy) {
  return Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));
}

test('the built page has the strict CSP meta, before any script or style', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(meta, 'dist/index.html has a CSP <meta>');
  assert.equal(meta[1], CSP);
  const d = directives(meta[1]);
  assert.deepEqual(d['default-src'], ["'self'"]);
  assert.deepEqual(d['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(d['style-src'], ["'self'"]);
  assert.deepEqual(d['object-src'], ["'none'"]);
  assert.deepEqual(d['base-uri'], ["'none'"]);
  for (const sources of Object.values(d)) {
    assert.ok(!sources.includes("'unsafe-inline'") && !sources.includes("'unsafe-eval'") && !sources.includes('*'), `no loophole in ${meta[1]}`);
  }
  const at = html.indexOf(meta[0]);
  assert.ok(at < html.indexOf('<script') && at < html.indexOf('<link rel="stylesheet"'), 'the policy precedes what it governs');
  assert.doesNotMatch(html, /\sstyle="/, 'no inline style attribute in the page shell');
});

test('the wasm measures chart text through the canvas, not through styled elements in the page', () => {
  const dir = join(DIST, 'assets');
  // The relaxed-SIMD build has the same imports (scripts/build-wasm.sh checks its bindings are
  // identical) and Node cannot compile it, so the SIMD128 build is read.
  const wasm = readdirSync(dir).filter((f) => f.endsWith('.wasm') && !f.includes('relaxed'));
  assert.ok(wasm.length > 0, 'the build has a wasm file');
  for (const file of wasm) {
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(join(dir, file)))).map((i) => i.name);
    assert.ok(imports.some((n) => n.includes('measureText')), `${file} imports measureText`);
    const dom = imports.filter((n) => /setAttribute|offsetHeight|offsetWidth|createElement/.test(n));
    assert.deepEqual(dom, [], `${file} touches the DOM to measure text`);
  }
});

/** Opens the app with a recorder of CSP violations installed before any page script runs. */
async function openRecorded(hash) {
  const page = await app.context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('crash', () => errors.push('page crashed'));
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} (${e.sample})`);
    });
  });
  await page.goto(app.url + hash);
  return { page, errors };
}

/** Sets the route (as the menu does) and waits until its view is built. */
async function visit(page, route) {
  const view = route.split('?')[0];
  await page.evaluate((r) => {
    location.hash = `#/${r}`;
  }, route);
  await page.waitForSelector(`[data-view="${view}"]:not([hidden])`, { timeout: 30_000 });
  if (view === 'train') await page.waitForFunction(() => ['idle', 'finished', 'paused'].includes(window.gradlab?.state?.status), null, { timeout: 30_000 });
  else if (view === 'draw') await page.waitForFunction(() => window.gradlab?.draw?.ready, null, { timeout: 30_000 });
  else await page.waitForSelector(`[data-view="${view}"][data-ready]`, { timeout: 30_000 });
  await nextFrames(page);
}

const enabled = (page, id) => page.waitForFunction((i) => !document.getElementById(i).disabled, id, { timeout: RUN_TIMEOUT });

async function clickAt(page, selector, u, v) {
  const box = await page.locator(selector).boundingBox();
  await page.mouse.click(box.x + u * box.width, box.y + v * box.height);
}

test('the recorder sees a violation: an inline style attribute is refused', async () => {
  const { page } = await openRecorded('#/cycle');
  await visit(page, 'cycle');
  await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
  await page.waitForFunction(() => window.cspViolations.length > 0, null, { timeout: 5000 });
  assert.match((await page.evaluate(() => window.cspViolations))[0], /^style-src/);
  await page.close();
});

test('a session through every view, in both languages, records no CSP violation and no error', async () => {
  const { page, errors } = await openRecorded('#/cycle');
  await visit(page, 'cycle');

  await visit(page, 'loss');
  await page.click('#loss-ex-add');

  await visit(page, 'gd1');
  const steps = Number(await page.textContent('#gd1-steps'));
  await page.click('#gd1-step');
  await page.waitForFunction((n) => Number(document.getElementById('gd1-steps').textContent) === n + 1, steps);

  await visit(page, 'gd2');
  await clickAt(page, '#gd2-chart', 0.3, 0.3);
  await page.waitForFunction(() => Number(document.getElementById('gd2-steps').textContent) >= 3, null, { timeout: 15_000 });
  // Stopped before leaving: a running trajectory rewrites the hash (LessonHash.write) and can
  // win the race against the hashchange of the next route.
  await page.click('#gd2-run');

  await visit(page, 'lr');
  await page.click('.preset[data-lr="0.5"]');
  await clickAt(page, '#lr-race-chart', 0.7, 0.3);

  await visit(page, 'minibatch?subset=1000&epochs=1&sizes=32,all&sbatch=100');
  await page.click('#mb-run');
  await enabled(page, 'mb-run');
  await page.waitForFunction(() => document.querySelectorAll('#minibatch-view .hist-bar').length > 0, null, { timeout: RUN_TIMEOUT });
  const bars = await page.$$eval('#minibatch-view .hist-bar', (els) => els.map((el) => el.style.height));
  assert.ok(bars.some((h) => h !== '' && h !== '0%'), `the sampler histograms have heights: ${bars.join(' ')}`);

  await visit(page, 'backprop?hidden=10&batch=10');
  await page.click('#gc-run');
  await page.waitForFunction(() => document.getElementById('gc-ratio').dataset.ratio !== '', null, { timeout: RUN_TIMEOUT });

  await visit(page, 'summary');

  await visit(page, 'train?subset=1000&iters=60&batch=100');
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: RUN_TIMEOUT });

  await visit(page, 'draw');
  const box = await page.locator('#pad').boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.48, box.y + box.height * 0.8, { steps: 10 });
  await page.mouse.up();
  await page.waitForFunction(() => window.gradlab.draw.strokes === 1 && window.gradlab.draw.top !== null, null, { timeout: 10_000 });

  await page.click('#lang-ja');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  for (const route of ['train', 'lr', 'gd2', 'minibatch', 'backprop', 'loss', 'cycle', 'summary', 'gd1', 'draw']) await visit(page, route);
  await page.click('#lang-en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await visit(page, 'train');

  const violations = await page.evaluate(() => window.cspViolations);
  assert.deepEqual(violations, [], `CSP violations:\n${violations.join('\n')}`);
  assertNoErrors(assert, errors);
  await page.close();
});
