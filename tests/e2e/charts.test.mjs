// Charts on high-density screens and phones: every canvas's bitmap is its CSS size × the device
// pixel ratio (so text and lines are as sharp as the page around them), clicks still land on the
// right data point, and a phone shows plots at least 260 CSS pixels tall.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, startApp } from './helpers.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** A page in a context of its own (pixel ratio, size, touch), with console errors collected. */
async function openAt(hash, options) {
  const context = await app.browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(app.url + hash);
  return { context, page, errors };
}

const RETINA = { viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 2 };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

/** Bitmap and CSS size of a canvas. */
function sizes(page, selector) {
  return page.$eval(selector, (c) => ({ width: c.width, height: c.height, cssWidth: c.clientWidth, cssHeight: c.clientHeight }));
}

function assertDeviceResolution(s, ratio, what) {
  assert.ok(s.cssWidth > 0, `${what} is laid out`);
  assert.ok(Math.abs(s.width - ratio * s.cssWidth) <= 1, `${what}: ${s.width} px wide for ${s.cssWidth} CSS px`);
  assert.ok(Math.abs(s.height - ratio * s.cssHeight) <= ratio, `${what}: ${s.height} px tall for ${s.cssHeight} CSS px`);
}

test('lesson charts draw at twice the resolution on a 2× screen, and a click still lands on its point', async () => {
  const { context, page, errors } = await openAt('#/gd2?fn=bowl&steps=0', RETINA);
  await page.waitForSelector('[data-view="gd2"][data-ready]:not([hidden])', { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('#gd2-chart').dataset.mapping, null, { timeout: 10_000 });
  for (const id of ['#gd2-chart', '#gd2-loss']) assertDeviceResolution(await sizes(page, id), 2, id);

  // The bowl is drawn to equal scale: as many pixels per unit along x₀ as along x₁.
  const [left, top, right, bottom, xMin, xMax, yMin, yMax] = (await page.getAttribute('#gd2-chart', 'data-mapping')).split(',').map(Number);
  const perUnit = [(right - left) / (xMax - xMin), (bottom - top) / (yMax - yMin)];
  assert.ok(Math.abs(perUnit[0] - perUnit[1]) < 0.01 * perUnit[0], `pixels per unit ${perUnit}`);

  // Click where (2, −3) is drawn: the new start is (2, −3) to within a CSS pixel's worth.
  const box = await page.locator('#gd2-chart').boundingBox();
  const { width } = await sizes(page, '#gd2-chart');
  const px = left + ((2 - xMin) / (xMax - xMin)) * (right - left);
  const py = bottom - ((-3 - yMin) / (yMax - yMin)) * (bottom - top);
  const k = box.width / width; // CSS px per canvas px
  await page.mouse.click(box.x + px * k, box.y + py * k);
  await page.waitForFunction(() => /x0=2(&|$)/.test(location.hash) || /x0=1\.9|x0=2\.0/.test(location.hash), null, { timeout: 5000 });
  const query = new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]);
  const unit = (xMax - xMin) / ((right - left) * k);
  assert.ok(Math.abs(Number(query.get('x0')) - 2) <= unit + 0.01, `x0 = ${query.get('x0')}`);
  assert.ok(Math.abs(Number(query.get('x1')) + 3) <= unit + 0.01, `x1 = ${query.get('x1')}`);
  assertNoErrors(assert, errors);
  await context.close();
});

test('the training charts draw at device resolution', async () => {
  const { context, page, errors } = await openAt('#/train?iters=300&subset=1000', RETINA);
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 30_000 });
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.iteration > 50, null, { timeout: 60_000 });
  await page.waitForTimeout(300);
  for (const id of ['#loss-chart', '#acc-chart']) assertDeviceResolution(await sizes(page, id), 2, id);
  assertNoErrors(assert, errors);
  await context.close();
});

test('the drawing pad samples at device resolution and still reads a digit', async () => {
  const { context, page, errors } = await openAt('#/draw', RETINA);
  await page.waitForFunction(() => window.gradlab?.draw?.ready, null, { timeout: 30_000 });
  const pad = await sizes(page, '#pad');
  assertDeviceResolution(pad, 2, '#pad');
  assert.ok(pad.width >= 2 * 280, `the pad is sharp: ${pad.width} px`);
  // A tall stroke down the middle: a 1.
  const box = await page.locator('#pad').boundingBox();
  await page.mouse.move(box.x + 0.52 * box.width, box.y + 0.15 * box.height);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) await page.mouse.move(box.x + (0.52 - 0.04 * (i / 12)) * box.width, box.y + (0.15 + 0.7 * (i / 12)) * box.height);
  await page.mouse.up();
  await page.waitForFunction(() => window.gradlab.draw.strokes === 1 && window.gradlab.draw.top !== null, null, { timeout: 5000 });
  assert.equal(await page.textContent('#guess-digit'), '1');
  assertNoErrors(assert, errors);
  await context.close();
});

test('on a phone every chart is at least 260 CSS px tall and drawn at the phone\'s resolution', async () => {
  const { context, page, errors } = await openAt('#/lr', PHONE);
  await page.waitForSelector('[data-view="lr"][data-ready]:not([hidden])', { timeout: 30_000 });
  await page.waitForTimeout(300);
  const ids = await page.$$eval('[data-view="lr"] canvas[id]', (cs) => cs.map((c) => `#${c.id}`));
  assert.ok(ids.length >= 5, ids.join(' '));
  for (const id of ids) {
    await page.locator(id).scrollIntoViewIfNeeded();
    const s = await sizes(page, id);
    assert.ok(s.cssHeight >= 260, `${id} is ${s.cssHeight} CSS px tall`);
    assert.ok(s.cssWidth <= 390, `${id} fits the phone (${s.cssWidth} CSS px)`);
    assertDeviceResolution(s, 3, id);
  }
  assertNoErrors(assert, errors);
  await context.close();
});
