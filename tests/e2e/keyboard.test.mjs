// The training view from the keyboard: the learning-rate slider moves with the arrow keys through
// 1-2-5 values, and focus follows Start → Pause → Resume instead of falling to the page body.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, openPage, startApp } from './helpers.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('arrow keys move the training view\'s learning-rate slider through 1-2-5 values', async () => {
  const { page, errors } = await openPage(app, '#/train?lr=0.1');
  await page.focus('#lr');
  const lr = () => page.textContent('#lr-value');
  await page.keyboard.press('ArrowRight');
  assert.equal(await lr(), '0.2');
  await page.keyboard.press('ArrowUp');
  assert.equal(await lr(), '0.5');
  for (const expected of ['0.2', '0.1', '0.05']) {
    await page.keyboard.press('ArrowLeft');
    assert.equal(await lr(), expected);
  }
  await page.keyboard.press('ArrowDown');
  assert.equal(await lr(), '0.02');
  assert.equal(await page.getAttribute('#lr', 'aria-valuetext'), '0.02');
  await page.waitForFunction(() => location.hash.includes('lr=0.02'));
  assertNoErrors(assert, errors);
  await page.close();
});

test('focus follows the run buttons: Start → Pause → Resume, never the page body', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=100000');
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  await page.focus('#start');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.gradlab.state.status === 'training');
  assert.equal(await focused(), 'pause');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.gradlab.state.status === 'paused');
  assert.equal(await focused(), 'resume');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.gradlab.state.status === 'training');
  assert.equal(await focused(), 'pause');
  assertNoErrors(assert, errors);
  await page.close();
});

for (const [hash, slider, readout] of [['#/gd1?lr=0.1', '#gd1-lr', '#gd1-lr-value'], ['#/lr?lr=0.1', '#lr-lr', '#lr-lr-value']]) {
  test(`arrow keys move the lesson's learning-rate slider through 1-2-5 values (${hash.split('?')[0]})`, async () => {
    const { page, errors } = await openPage(app, hash);
    await page.waitForFunction((id) => document.querySelector(id)?.textContent === '0.1', readout);
    await page.focus(slider);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((id) => document.querySelector(id).textContent === '0.2', readout);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((id) => document.querySelector(id).textContent === '0.05', readout);
    await page.waitForFunction(() => location.hash.includes('lr=0.05'));
    assertNoErrors(assert, errors);
    await page.close();
  });
}
