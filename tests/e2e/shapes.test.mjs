// Section 4.3 on real MNIST: runs differing only in η, each labelled with the shape the wasm
// recognises from its own losses and test accuracy.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, colouredPixels, openPage, startApp } from './helpers.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('each learning-curve shape comes out of a real run; η = 1.5 collapses to chance', async () => {
  const { page, errors } = await openPage(app, '#/lr');
  const runs = await page.$$eval('#lr-mnist-rows tr', (rows) => rows.length);
  await page.click('#lr-mnist-run');
  await page.waitForFunction(
    (n) => document.querySelectorAll('#lr-mnist-rows tr[data-shape]:not([data-shape=""])').length === n,
    runs, { timeout: 240_000 },
  );
  const rows = await page.$$eval('#lr-mnist-rows tr', (trs) => trs.map((r) => ({
    lr: r.dataset.lr, shape: r.dataset.shape, label: r.querySelector('.shape').textContent, acc: r.querySelector('.acc').textContent,
  })));
  // Smallest rate first: every shape the lab claims is shown by one of its own runs.
  assert.deepEqual(rows.map((r) => [r.lr, r.shape]), [['0.003', 'too-slow'], ['0.3', 'good'], ['1.3', 'oscillating'], ['1.5', 'stuck'], ['4', 'diverging']]);
  // η = 1.5: the verdict and the accuracy shown beside it say the same thing.
  const stuck = rows.find((r) => r.lr === '1.5');
  assert.equal(stuck.label, 'stuck at chance');
  const accuracy = Number.parseFloat(stuck.acc);
  assert.ok(accuracy >= 7 && accuracy <= 13, `accuracy near 10%, got ${stuck.acc}`);
  const good = Number.parseFloat(rows.find((r) => r.lr === '0.3').acc);
  assert.ok(good > 80, `the good rate learns (${good}%)`);
  assert.match(await page.textContent('#lr-mnist-chance'), /ln 10 = 2\.303.*10%/);
  assert.ok(await colouredPixels(page, '#lr-mnist-chart') > 500, 'the curves are drawn');
  assertNoErrors(assert, errors);
  await page.close();
});
