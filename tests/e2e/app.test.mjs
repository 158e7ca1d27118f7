// The app shell: URL hash ⇄ controls (with clamping), navigation, language switching.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, openPage, startApp, startTraining } from './helpers.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

async function controlValues(page) {
  return page.evaluate(() => Object.fromEntries(
    ['dataset', 'subset', 'hidden', 'act', 'init', 'batch', 'iters', 'seed', 'sampler']
      .map((id) => [id, document.getElementById(id).value])
      .concat([['lr', document.getElementById('lr-value').textContent]]),
  ));
}

test('a URL hash opens with its settings in the controls', async () => {
  const hash = '#/train?subset=60000&hidden=100&act=relu&init=he&lr=0.5&batch=200&iters=3000&seed=7&sampler=shuffle&data=mnist';
  const { page, errors } = await openPage(app, hash);
  assert.deepEqual(await controlValues(page), {
    dataset: 'mnist', subset: '60000', hidden: '100', act: 'relu', init: 'he',
    batch: '200', iters: '3000', seed: '7', sampler: 'shuffle', lr: '0.5',
  });
  const slider = Number(await page.inputValue('#lr'));
  assert.ok(Math.abs(slider - Math.log10(0.5)) < 0.01, `slider at log10(0.5), got ${slider}`);
  assertNoErrors(assert, errors);
  await page.close();
});

test('out-of-range hash values are clamped and the hash is rewritten canonically', async () => {
  const { page, errors } = await openPage(app, '#/train?hidden=5000&lr=50&batch=0&iters=9999999&act=tanh&bogus=1');
  const v = await controlValues(page);
  assert.equal(v.hidden, '1000');
  assert.equal(v.lr, '10');
  assert.equal(v.batch, '1');
  assert.equal(v.iters, '1000000');
  assert.equal(v.act, 'sigmoid');
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#\/train\?data=mnist&subset=10000&hidden=1000&act=sigmoid&init=std&lr=10&batch=1&iters=1000000&seed=42&sampler=choice&sorted=0&norm=1&delta=1&bug=none&opt=sgd&sched=constant&gamma=0.5&every=2000&k=0.0005&loss=cee$/);
  assert.doesNotMatch(hash, /bogus/);
  assertNoErrors(assert, errors);
  await page.close();
});

test('changing a control writes the hash', async () => {
  const { page, errors } = await openPage(app, '#/train');
  await page.fill('#hidden', '123');
  await page.press('#hidden', 'Tab');
  await page.selectOption('#act', 'relu');
  await page.waitForFunction(() => location.hash.includes('hidden=123') && location.hash.includes('act=relu'));
  await page.fill('#hidden', '99999');
  await page.press('#hidden', 'Tab');
  await page.waitForFunction(() => document.getElementById('hidden').value === '1000');
  assertNoErrors(assert, errors);
  await page.close();
});

test('navigation shows the chapter parts, each a real view', async () => {
  const { page, errors } = await openPage(app, '#/train');
  const links = await page.$$eval('#nav a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['#/cycle', '#/loss', '#/descent', '#/lr', '#/minibatch', '#/backprop', '#/summary', '#/train', '#/draw']);
  assert.ok(await page.isVisible('#train-view'));
  await page.click('#nav a[href="#/loss"]');
  await page.waitForSelector('[data-view="loss"]:not([hidden])');
  assert.ok(await page.isHidden('#train-view'));
  assert.doesNotMatch(await page.textContent('[data-view="loss"]'), /coming soon/i);
  await page.click('#nav a[href="#/cycle"]');
  await page.waitForSelector('[data-view="cycle"][data-ready="1"]:not([hidden])');
  assert.match(await page.textContent('[data-view="cycle"]'), /x = 1\.131/, 'the landscape descent is computed');
  await page.click('#nav a[href="#/loss"]');
  assert.equal(await page.getAttribute('#nav a[href="#/loss"]', 'aria-current'), 'page');
  await page.click('#nav a[href="#/train"]');
  await page.waitForSelector('#train-view:not([hidden])');
  assert.match(await page.evaluate(() => location.hash), /^#\/train\?data=mnist&/);
  assertNoErrors(assert, errors);
  await page.close();
});

test('the language switch translates the page and is remembered', async () => {
  const { page, errors } = await openPage(app, '#/train');
  assert.equal(await page.textContent('#start'), 'Start');
  await page.click('#lang-ja');
  assert.equal(await page.textContent('#start'), '開始');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.equal(await page.getAttribute('#lang-ja', 'aria-pressed'), 'true');
  await page.reload();
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle');
  assert.equal(await page.textContent('#start'), '開始');
  assert.equal(await page.textContent('#status'), '準備完了');
  await page.click('#lang-en');
  assert.equal(await page.textContent('#start'), 'Start');
  assertNoErrors(assert, errors);
  await page.close();
});

test('data chunks are cached: a reload downloads nothing again', async () => {
  const chunkRequests = () => app.requests.filter((p) => p.includes('/data/') && p.endsWith('.gz')).length;
  const loaded = () => window.gradlab.state.data !== null && window.gradlab.state.data.done === window.gradlab.state.data.total;
  const { page, errors } = await openPage(app, '#/train?subset=1000');
  await page.waitForFunction(loaded, null, { timeout: 30_000 });
  const first = chunkRequests();
  assert.ok(first > 0, 'the first visit downloads chunks');
  await page.reload();
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle');
  await page.waitForFunction(loaded, null, { timeout: 30_000 });
  assert.equal(chunkRequests(), first, 'no chunk fetched twice');
  assertNoErrors(assert, errors);
  await page.close();
});

test('Fashion-MNIST is offered when the manifest lists it, and trains', async (t) => {
  const { page, errors } = await openPage(app, '#/train?data=fashion&subset=1000&iters=100000');
  if (!(await page.$('#dataset option[value="fashion"]'))) {
    t.skip('no Fashion-MNIST in public/data/manifest.json');
    await page.close();
    return;
  }
  assert.equal(await page.inputValue('#dataset'), 'fashion');
  assert.match(await page.evaluate(() => location.hash), /data=fashion/);
  await startTraining(page);
  assertNoErrors(assert, errors);
  await page.close();
});
