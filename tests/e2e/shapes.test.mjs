// Section 4.3 on real MNIST: four runs differing only in η, each labelled with the shape the
// wasm recognises from its own losses.
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

test('the four learning-curve shapes come out of four real runs', async () => {
  const { page, errors } = await openPage(app, '#/lr');
  await page.click('#lr-mnist-run');
  await page.waitForFunction(
    () => document.querySelectorAll('#lr-mnist-rows tr[data-shape]:not([data-shape=""])').length === 4,
    null, { timeout: 120_000 },
  );
  const shapes = await page.$$eval('#lr-mnist-rows tr', (rows) => rows.map((r) => [r.dataset.lr, r.dataset.shape]));
  assert.deepEqual(shapes, [['0.3', 'good'], ['0.003', 'too-slow'], ['1.5', 'oscillating'], ['4', 'diverging']]);
  assert.ok(await colouredPixels(page, '#lr-mnist-chart') > 500, 'the curves are drawn');
  assertNoErrors(assert, errors);
  await page.close();
});
