// Comparing runs in the training view: curves kept and overlaid, an optimizer and a schedule
// chosen in the controls, and a common-mistake link opening with its switch shown.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, openPage, startApp, state } from './helpers.mjs';

const SHORT_RUN = '#/train?subset=1000&iters=200&opt=adam&lr=0.001&sched=step&every=100&gamma=0.5';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

async function runToEnd(page) {
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: 60_000 });
}

test('a finished run can be overlaid on the next one, and the overlays cleared', async () => {
  const { page, errors } = await openPage(app, SHORT_RUN);
  assert.equal(await page.inputValue('#opt'), 'adam');
  assert.equal(await page.inputValue('#sched'), 'step');
  assert.equal(await page.isVisible('#gamma'), true, 'step decay shows its factor');
  assert.equal(await page.isVisible('#k'), false, 'and hides the unused k');
  assert.equal(await page.isDisabled('#overlay-keep'), true, 'nothing to overlay before a run');
  await runToEnd(page);
  await page.click('#overlay-keep');
  assert.match(await page.textContent('#overlay-status'), /^1 /);
  assert.equal(await page.isDisabled('#overlay-clear'), false);
  await page.click('#reset');
  assert.equal((await state(page)).lossCount, 0, 'Reset clears the current run');
  assert.equal(await page.isDisabled('#overlay-clear'), false, 'but keeps the overlay');
  await runToEnd(page);
  await page.click('#overlay-keep');
  assert.match(await page.textContent('#overlay-status'), /^2 /);
  await page.click('#overlay-clear');
  assert.equal(await page.isDisabled('#overlay-clear'), true);
  assertNoErrors(assert, errors);
  await page.close();
});

test('a common-mistake link opens the mistakes panel with its switch set', async () => {
  const { page, errors } = await openPage(app, '#/train?norm=0&sorted=1&sampler=sequential&bug=no-batch-division');
  assert.equal(await page.isChecked('#norm'), false);
  assert.equal(await page.isChecked('#sorted'), true);
  assert.equal(await page.inputValue('#bug'), 'no-batch-division');
  assert.equal(await page.getAttribute('#mistakes', 'open'), '');
  assertNoErrors(assert, errors);
  await page.close();
});

test('training charts save as PNG and CSV, and a teacher can hide a control', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=100&lr_hide=1');
  assert.equal(await page.isHidden('#lr'), true, 'lr_hide=1 hides the learning-rate slider');
  assert.match(await page.evaluate(() => location.hash), /&lr_hide=1$/, 'and the flag stays in the link');
  await runToEnd(page);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#loss-chart-csv')]);
  assert.equal(csv.suggestedFilename(), 'gradlab-loss.csv');
  const text = await (await import('node:fs/promises')).readFile(await csv.path(), 'utf8');
  const lines = text.trim().split('\n');
  assert.equal(lines[0], 'iteration,loss,smoothed');
  assert.equal(lines.length, 101, 'one row per iteration');
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#acc-chart-png')]);
  assert.equal(png.suggestedFilename(), 'gradlab-accuracy.png');
  assertNoErrors(assert, errors);
  await page.close();
});

test('with a schedule, the page shows the rate the next step uses', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=3000&sched=step&every=100&gamma=0.5&lr=0.4');
  await page.click('#start');
  // After 200 iterations the step schedule has halved η twice: 0.4 → 0.2 → 0.1.
  await page.waitForFunction(() => window.gradlab.state.iteration >= 250, null, { timeout: 60_000 });
  await page.click('#pause');
  await page.waitForFunction(() => window.gradlab.state.status === 'paused');
  const iteration = (await page.evaluate(() => window.gradlab.state.iteration));
  const expected = 0.4 * 0.5 ** Math.floor(iteration / 100);
  // The numbers panel redraws on the next frames after the pause: give it a moment.
  await page.waitForFunction((e) => document.querySelector('#lr-now').textContent.includes(String(e)), expected, { timeout: 5000 })
    .catch(() => {});
  const text = await page.textContent('#lr-now');
  assert.ok(text.includes(String(expected)), `${text} at iteration ${iteration}, expected η = ${expected}`);
  assertNoErrors(assert, errors);
  await page.close();
});
