// After a first visit the app works without a network (www/service-worker.js): with the server
// stopped, a reload opens every view, trains on the MNIST chunks already fetched, and the drawing
// pad still loads test images (from the chunk its first press fetched).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApp, startTraining } from './helpers.mjs';
import { DIST, serve } from './serve.mjs';

const VIEWS = ['cycle', 'loss', 'gd1', 'gd2', 'lr', 'minibatch', 'backprop', 'summary', 'train', 'draw'];

let app;
before(async () => {
  app = await startApp(); // the browser and the cross-process lock; this test runs its own server
});
after(async () => {
  await app?.close();
});

/** Runs `promise`, naming `what` if it fails (which wait timed out). */
async function step(what, promise) {
  try {
    return await promise;
  } catch (err) {
    throw new Error(`${what}: ${err.message}`);
  }
}

test('with the server gone after a first visit, every view opens and training runs on the cached subset', async () => {
  const server = await serve(DIST);
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));

  // First visit: the service worker installs; a short run fetches the first training chunk.
  await page.goto(`${server.url}#/train?subset=1000&iters=30`);
  await step('first visit: ready', page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 60_000 }));
  await step('service worker ready', page.evaluate(() => navigator.serviceWorker.ready.then(() => true)));
  await step('first visit: training', startTraining(page));
  await step('first visit: finished', page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: 60_000 }));
  await page.goto(`${server.url}#/draw`); // the drawing view fetches the default model
  await step('first visit: model', page.waitForFunction(() => window.gradlab?.draw?.ready, null, { timeout: 60_000 }));
  await page.click('#pad-test'); // the pad's test chunk goes into the data cache
  await step('first visit: test image', page.waitForFunction(() => window.gradlab.draw.trueLabel !== null, null, { timeout: 30_000 }));
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page is controlled by the service worker');

  await server.close();
  await page.reload();
  for (const view of VIEWS) {
    await page.goto(`${server.url}#/${view}`);
    await step(`offline: #/${view} shown`, page.waitForFunction((v) => document.querySelector(`[data-view="${v}"]`)?.hidden === false, view));
    const text = await page.$eval(`[data-view="${view}"]`, (el) => el.innerText.trim().length);
    assert.ok(text > 100, `#/${view} shows its content offline (${text} characters)`);
  }
  await step('offline: model', page.waitForFunction(() => window.gradlab?.draw?.ready, null, { timeout: 30_000 }));
  await page.click('#pad-test');
  await step('offline: test image', page.waitForFunction(() => window.gradlab.draw.trueLabel !== null && window.gradlab.draw.top !== null, null, { timeout: 30_000 }));
  assert.ok(await page.isHidden('#draw-error'), 'no error loading the test image offline');
  await page.goto(`${server.url}#/train?subset=1000&iters=30`);
  await step('offline: ready', page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 60_000 }));
  await step('offline: training', startTraining(page));
  await step('offline: finished', page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: 60_000 }));
  assert.deepEqual(errors, []);
  await context.close();
});
