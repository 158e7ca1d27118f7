// Workers that always answer and recover (issue #12, items 2, 3 and 6): with the server gone,
// the lesson labs and the training view say what failed and offer Retry, which works once the
// server is back; and the heaviest configuration the controls allow answers Pause at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, openPage, startApp, state } from './helpers.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  app?.setOffline(false);
  await app?.close();
});

/** The browser's own log lines for requests that failed while the server was gone. */
const networkNoise = (e) => /Failed to load resource|net::ERR_|Failed to fetch dynamically imported/.test(e);

// What the labs say when the server is gone: the worker's script, or (when the offline copy of
// the app serves the script, www/service-worker.js) the first MNIST chunk, could not be fetched.
const SERVER_GONE = /lab worker could not be loaded from the server|could not download MNIST .*the server did not answer/;

/** Waits until `selector` shows a failure with a Retry button; returns the failure's text. */
async function failureShown(page, selector) {
  await page.waitForSelector(`${selector} button.retry`, { timeout: 30_000 });
  return page.textContent(selector);
}

test('with the server gone the labs show what failed and a Retry that works once it is back', async () => {
  const { page, errors } = await openPage(app, '#/train');
  app.setOffline(true);

  await page.goto(`${app.url}#/minibatch`);
  await page.waitForSelector('[data-view="minibatch"][data-ready="1"]', { timeout: 10_000 });
  await page.click('#mb-run');
  const mb = await failureShown(page, '#mb-status');
  console.log(`#/minibatch: ${mb}`);
  assert.match(mb, SERVER_GONE);
  assert.equal(await page.isDisabled('#mb-run'), false, 'Run works again');
  assert.equal(await page.isDisabled('#mb-cancel'), true);

  await page.goto(`${app.url}#/backprop`);
  await page.click('#gc-run');
  const gc = await failureShown(page, '#gc-status');
  console.log(`#/backprop: ${gc}`);
  assert.match(gc, SERVER_GONE);
  assert.equal(await page.isDisabled('#gc-run'), false);
  assert.equal(await page.isDisabled('#gc-quick'), false);

  app.setOffline(false);
  await page.click('#gc-status button.retry');
  await page.waitForFunction(() => /numerical|numerically|done/i.test(document.querySelector('#gc-status').textContent)
    && !document.querySelector('#gc-status button.retry'), null, { timeout: 60_000 });
  console.log(`#/backprop after Retry: ${await page.textContent('#gc-status')}`);
  if (!(await page.isDisabled('#gc-cancel'))) await page.click('#gc-cancel');

  await page.goto(`${app.url}#/minibatch`);
  await page.click('#mb-status button.retry');
  // the runs go through (on this machine they may be over before we look)
  await page.waitForFunction(() => /Running|Training|done/i.test(document.querySelector('#mb-status').textContent), null, { timeout: 60_000 });
  console.log(`#/minibatch after Retry: ${await page.textContent('#mb-status')}`);
  if (!(await page.isDisabled('#mb-cancel'))) await page.click('#mb-cancel');
  await page.waitForFunction(() => !document.querySelector('#mb-run').disabled, null, { timeout: 10_000 });
  assertNoErrors(assert, errors.filter((e) => !networkNoise(e)));
  await page.close();
});

test('losing the network while MNIST loads: a specific message, nothing stale, Retry trains', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=200');
  // the page preloads what subset=1000 needs; more is fetched on Start
  await page.waitForFunction(() => !window.gradlab.state.data || window.gradlab.state.data.done === window.gradlab.state.data.total, null, { timeout: 30_000 });
  app.setOffline(true);
  await page.goto(`${app.url}#/train?subset=60000&iters=200`);
  await page.click('#start');
  await page.waitForSelector('#error:not([hidden])', { timeout: 30_000 });
  const message = await page.textContent('#error-text');
  console.log(`Start without a network: ${message}`);
  assert.match(message, /could not download MNIST (images|labels) \(train-[\w.-]+\): the server did not answer/);
  assert.doesNotMatch(message, /^.*: Failed to fetch$/);
  assert.equal((await state(page)).status, 'idle');
  assert.equal((await state(page)).data, null, 'no stale "Loading MNIST: 5 / 11 chunks"');
  assert.doesNotMatch(await page.evaluate(() => document.body.innerText), /Loading MNIST: \d+ \/ \d+ chunks/);
  assert.equal(await page.isVisible('#error-retry'), true);

  app.setOffline(false);
  await page.click('#error-retry');
  await page.waitForFunction(() => window.gradlab.state.status === 'training' && window.gradlab.state.iteration > 0, null, { timeout: 120_000 });
  assert.equal(await page.isHidden('#error'), true);
  // the last iteration's accuracy is measured in the evaluation worker; 'finished' waits for it
  await page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: 120_000 });
  const done = await state(page);
  assert.equal(done.epochs, 1, 'the evaluation of iteration 200 is on the chart when the run is finished');
  assert.ok(done.testAccuracy > 0.1, `test accuracy ${done.testAccuracy} (chance is 0.1)`);
  const uncaught = errors.filter((e) => /Uncaught|pageerror/.test(e));
  assert.deepEqual(uncaught, [], 'no uncaught "TypeError: Failed to fetch"');
  assertNoErrors(assert, errors.filter((e) => !networkNoise(e)));
  await page.close();
});

test('the heaviest configuration shows its estimate and answers Pause, a rate change and Reset at once', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=60000&hidden=1000&batch=60000&iters=3');
  const estimate = await page.textContent('#estimate');
  console.log(`estimate: ${estimate}`);
  assert.match(estimate, /about 28\.6 s per iteration and \d+\.\d s per evaluation on a slow computer, \d+ MB of memory/);
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.status === 'training', null, { timeout: 120_000 });
  await page.waitForTimeout(1500); // well inside the first 28-second step

  // measured in the page: from the click to the paused state the page shows
  const pauseMs = await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    document.getElementById('pause').click();
    const check = () => (window.gradlab.state.status === 'paused' ? resolve(performance.now() - t0) : requestAnimationFrame(check));
    check();
  }));
  console.log(`Pause answered after ${pauseMs.toFixed(0)} ms (in the middle of a step of 60,000 images)`);
  assert.equal((await state(page)).status, 'paused');
  const paused = await state(page);
  assert.equal(paused.iteration, 0, 'paused inside the first step');
  console.log(`the training worker's wasm memory: ${(paused.workerWasmBytes / 1e6).toFixed(0)} MB`);
  assert.ok(paused.workerWasmBytes > 0 && paused.workerWasmBytes < 1.5e9, `${paused.workerWasmBytes} bytes`);

  await page.click('#resume');
  await page.waitForFunction(() => window.gradlab.state.status === 'training', null, { timeout: 5_000 });
  const lrMs = await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    const ack = document.getElementById('lr-ack');
    new MutationObserver((_, observer) => {
      observer.disconnect();
      resolve(performance.now() - t0);
    }).observe(ack, { childList: true, characterData: true, subtree: true });
    const lr = document.getElementById('lr');
    lr.value = String(Math.max(Number(lr.min), Number(lr.value) - 0.3)); // the slider is logarithmic
    lr.dispatchEvent(new Event('input', { bubbles: true }));
    lr.dispatchEvent(new Event('change', { bubbles: true }));
  }));
  console.log(`learning-rate change acknowledged after ${lrMs.toFixed(0)} ms`);
  assert.match(await page.textContent('#lr-ack'), /\S/);

  await page.click('#reset');
  assert.equal((await state(page)).status, 'idle');
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.status === 'training', null, { timeout: 30_000 });
  await page.click('#pause');
  await page.waitForFunction(() => window.gradlab.state.status === 'paused', null, { timeout: 2_000 });
  assertNoErrors(assert, errors);
  await page.close();
});
