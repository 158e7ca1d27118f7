// The chapter's experiments on real MNIST inside the lesson views: cross-entropy against the
// squared error (#/loss), and training with the numerical gradient beside backprop (#/backprop).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, colouredPixels, openPage, startApp } from './helpers.mjs';

const RUN_TIMEOUT = 120_000;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('#/loss trains the same network with each loss and overlays the test accuracies: cross-entropy ahead', async () => {
  const { page, errors } = await openPage(app, '#/loss');
  await page.waitForSelector('#loss-view[data-ready="1"]:not([hidden])');
  assert.match(await page.textContent('#loss-mnist-setup'), /784-50-10.*10,000 training images.*1,000 iterations/);
  await page.click('#loss-mnist-run');
  await page.waitForFunction(() => [...document.querySelectorAll('#loss-mnist-table tbody tr')].every((r) => r.dataset.done === '1'),
    null, { timeout: RUN_TIMEOUT });
  await page.waitForFunction(() => !document.getElementById('loss-mnist-run').disabled);
  const accuracy = (loss) => page.$eval(`#loss-mnist-table tr[data-loss="${loss}"] td:last-child`, (td) => Number.parseFloat(td.textContent));
  const [ce, sse] = [await accuracy('cee'), await accuracy('sse')];
  assert.ok(ce > sse + 5, `test accuracy with cross-entropy ${ce} %, with the squared error ${sse} %`);
  // the squared error starts at ½ (0.9² + 9 · 0.1²) = 0.45 with outputs near 1/10
  const firstSse = await page.$eval('#loss-mnist-table tr[data-loss="sse"] td:nth-child(2)', (td) => Number(td.textContent));
  assert.ok(Math.abs(firstSse - 0.45) < 0.01, `first SSE ${firstSse}`);
  assert.ok(await colouredPixels(page, '#loss-mnist-chart') > 300, 'both accuracy curves are drawn');
  // The verdict states the table's accuracies, formatted the same way (format.js percent()).
  const shown = (loss) => page.$eval(`#loss-mnist-table tr[data-loss="${loss}"] td:last-child`, (td) => td.textContent);
  const [ceText, sseText] = [await shown('cee'), await shown('sse')];
  assert.match(ceText, /^\d{1,3}\.\d%$/);
  assert.match(await page.textContent('#loss-mnist-verdict'), new RegExp(`: ${ceText.replace('.', '\\.')} with cross-entropy, ${sseText.replace('.', '\\.')} with the squared error\\.`));
  // The ended job's status line follows the language like the rest of the page.
  assert.equal(await page.textContent('#loss-mnist-status'), 'Both runs finished.');
  await page.click('#lang-ja');
  await page.waitForFunction(() => document.getElementById('loss-mnist-status').textContent === '2つの学習が終わりました。', null, { timeout: 5000 });
  await page.click('#lang-en');
  assertNoErrors(assert, errors);
  await page.close();
});

test('#/backprop trains with the numerical gradient: each step equals the backprop step', async () => {
  const { page, errors } = await openPage(app, '#/backprop');
  await page.waitForSelector('#backprop-view[data-ready="1"]:not([hidden])');
  await page.click('#nt-run');
  // two steps are enough to see both the curves and the projection; then cancel the rest
  await page.waitForFunction(() => Number(document.getElementById('nt-chart-alt').textContent.match(/After (\d+) steps/)?.[1]) >= 2,
    null, { timeout: RUN_TIMEOUT });
  assert.match(await page.textContent('#nt-per-step'), /^[\d.]+ (s|ms)$/);
  const gap = Number(await page.$eval('#nt-gap', (el) => el.dataset.value));
  assert.ok(gap < 1e-6, `largest loss difference ${await page.textContent('#nt-gap')}`);
  assert.match(await page.textContent('#nt-book'), /min|h|days/, 'the book’s setup takes minutes to days this way');
  await page.click('#nt-cancel');
  await page.waitForFunction(() => !document.getElementById('nt-run').disabled);
  assert.ok(await colouredPixels(page, '#nt-chart') > 100, 'the loss curves are drawn');
  assertNoErrors(assert, errors);
  await page.close();
});

test('the training view trains with the squared error from a link, and says so', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=60&loss=sse');
  assert.equal(await page.inputValue('#loss'), 'sse');
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.iteration >= 60, null, { timeout: RUN_TIMEOUT });
  assert.equal(await page.textContent('.stage[data-stage="loss"] small'), 'L = ½ Σ (y − t)²');
  // ½ Σ (y − t)² starts near 0.45 with outputs near 1/10, far below cross-entropy's ln 10 ≈ 2.3
  const shown = Number(await page.textContent('#loss-value'));
  assert.ok(shown > 0.3 && shown < 0.5, `smoothed loss ${shown}`);
  assertNoErrors(assert, errors);
  await page.close();
});
