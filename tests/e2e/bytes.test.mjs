// Only the bytes a view needs: a first visit of a lesson view downloads no MNIST chunk
// (public/data/<set>/…idx.gz) and not the drawing view's model — neither the page nor the
// service worker, whose offline copy takes only what a view fetched; the training view fetches
// the chunks when it is shown, and still trains; a Start pressed while they load fetches none twice,
// and the wasm is fetched once, by the page, whose compiled module the workers share.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, openPage, startApp, startTraining } from './helpers.mjs';

const CHUNK = /\/data\/.+\.gz$/;
const MODEL = /\.gradlab$/;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** A fresh context (no cache, no service worker) that records every request's path and whether the page made it. */
async function freshVisit(hash) {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const requested = [];
  const byPage = [];
  context.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    requested.push(path);
    if (!request.serviceWorker()) byPage.push(path);
  });
  const { page, errors } = await openPage({ ...app, context }, hash);
  return { context, page, errors, requested, byPage };
}

for (const view of ['cycle', 'loss']) {
  test(`a first visit of #/${view} downloads no MNIST chunk, and the page fetches no model`, async () => {
    const { context, page, errors, requested, byPage } = await freshVisit(`#/${view}`);
    await page.waitForFunction((v) => document.querySelector(`[data-view="${v}"]`)?.hidden === false, view);
    await page.waitForLoadState('networkidle');
    assert.ok(requested.some((path) => path.endsWith('.wasm')), 'the page did load (its wasm was requested)');
    assert.deepEqual(requested.filter((path) => CHUNK.test(path)), [], 'no MNIST chunk');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForLoadState('networkidle'); // the service worker's install has fetched what it fetches
    assert.deepEqual(requested.filter((path) => CHUNK.test(path)), [], 'no MNIST chunk, by the page or the service worker');
    assert.deepEqual(requested.filter((path) => MODEL.test(path)), [], 'no model file, by the page or the service worker');
    assert.ok(requested.length > byPage.length, 'the service worker did fetch the app shell (so its requests are seen)');
    assert.equal(await page.evaluate(() => window.gradlab.state.status), 'idle', 'window.gradlab.state answers before #/train is opened');
    assertNoErrors(assert, errors);
    await context.close();
  });
}

test('#/train fetches the chunks when it is shown, and trains', async () => {
  const { context, page, errors, requested } = await freshVisit('#/cycle');
  await page.waitForLoadState('networkidle');
  assert.equal(requested.filter((path) => CHUNK.test(path)).length, 0);
  await page.evaluate(() => {
    location.hash = '#/train?subset=1000&iters=30';
  });
  await page.waitForFunction(() => window.gradlab.state.status === 'idle' && window.gradlab.state.data?.done > 0
    && window.gradlab.state.data.done === window.gradlab.state.data.total, null, { timeout: 60_000 });
  assert.ok(requested.some((path) => CHUNK.test(path)), 'the training view fetched its chunks');
  await startTraining(page);
  await page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: 60_000 });
  assertNoErrors(assert, errors);
  await context.close();
});

test('Start pressed while the data still loads downloads each chunk once, for both workers', async () => {
  const { context, page, errors, byPage } = await freshVisit('#/train?subset=60000&iters=700');
  await page.waitForFunction(() => window.gradlab.state.status === 'idle', null, { timeout: 60_000 });
  const loading = await page.evaluate(() => window.gradlab.state.data);
  await page.click('#start');
  // 700 iterations of 600 a epoch: the evaluation worker measures one epoch and the run's end
  await page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: 120_000 });
  const chunks = byPage.filter((path) => CHUNK.test(path));
  assert.ok(chunks.some((path) => path.includes('/test-')), 'the test images were fetched (the evaluation worker ran)');
  assert.deepEqual(chunks.filter((path, i) => chunks.indexOf(path) !== i), [],
    `no chunk fetched twice (Start was pressed at ${loading?.done ?? 0} of ${loading?.total ?? '?'} chunks loaded)`);
  // Both workers run the module the page compiled (wasm-build.js): neither fetches the wasm.
  assert.equal(byPage.filter((path) => path.endsWith('.wasm')).length, 1, `wasm requests: ${byPage.filter((path) => path.endsWith('.wasm'))}`);
  assertNoErrors(assert, errors);
  await context.close();
});
