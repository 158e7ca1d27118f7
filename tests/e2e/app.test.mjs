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

test('a subset between the menu’s presets from a link is added to the menu and kept', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=5000&iters=30');
  assert.equal(await page.inputValue('#subset'), '5000');
  assert.deepEqual(await page.$$eval('#subset option', (os) => os.map((o) => o.textContent)), ['1,000', '10,000', '60,000', '5,000']);
  assert.match(await page.evaluate(() => location.hash), /&subset=5000&/);
  assertNoErrors(assert, errors);
  await page.close();
});

test('the controls take ranges, defaults and options from the key table in crate/config.rs', async () => {
  const { page, errors } = await openPage(app, '#/train');
  const seen = await page.evaluate(() => {
    const el = (id) => document.getElementById(id);
    const range = (id) => [el(id).min, el(id).max, el(id).value];
    const options = (id) => [...el(id).options].map((o) => [o.value, o.textContent]);
    return {
      hidden: range('hidden'), batch: range('batch'), iters: range('iters'), gamma: range('gamma'), k: range('k'),
      seed: range('seed'), lr: range('lr'), steps: [el('hidden').step, el('gamma').step, el('every').step],
      checks: ['norm', 'delta', 'sorted'].map((id) => el(id).checked),
      act: options('act'), opt: options('opt'), loss: options('loss').map((o) => o[0]), sched: options('sched').map((o) => o[0]),
      bug: options('bug').map((o) => o[0]), sampler: options('sampler').map((o) => o[0]), subset: [el('subset').value, options('subset')],
      datasets: options('dataset').map((o) => o[0]),
    };
  });
  // TRAIN_KEYS: hidden 1..1000 (50), batch 1..60,000 (100), iters 1..1,000,000 (10,000),
  // gamma 0.01..1 (0.5), k 0..0.1 (0.0005), seed any u32 (42); lr 1e-4..10 (0.1) on a log10 slider.
  assert.deepEqual(seen.hidden, ['1', '1000', '50']);
  assert.deepEqual(seen.batch, ['1', '60000', '100']);
  assert.deepEqual(seen.iters, ['1', '1000000', '10000']);
  assert.deepEqual(seen.gamma, ['0.01', '1', '0.5']);
  assert.deepEqual(seen.k, ['0', '0.1', '0.0005']);
  assert.deepEqual(seen.seed, ['0', '4294967295', '42']);
  assert.deepEqual(seen.lr, ['-4', '1', '-1']);
  assert.deepEqual(await page.$$eval('#lr-scale span', (els) => els.map((e) => e.textContent)), ['0.0001', '0.001', '0.01', '0.1', '1', '10']);
  assert.equal(await page.textContent('#lr-hint'), 'Log scale, 0.0001 – 10. You can change it while training.');
  assert.equal(await page.textContent('#lr-value'), '0.1');
  assert.deepEqual(seen.steps, ['1', '0.05', '100'], 'integers step by 1; a stride set in the markup stays');
  assert.deepEqual(seen.checks, [true, true, false], 'norm=1, delta=1, sorted=0');
  assert.deepEqual(seen.act, [['sigmoid', 'sigmoid'], ['relu', 'ReLU']]);
  assert.deepEqual(seen.opt.map((o) => o[0]), ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam']);
  assert.equal(seen.opt[3][1], 'RMSprop');
  assert.deepEqual(seen.loss, ['cee', 'sse']);
  assert.deepEqual(seen.sched, ['constant', 'step', 'exp', 'inv']);
  assert.deepEqual(seen.bug, ['none', 'no-batch-division', 'transposed-weight-gradient', 'sigmoid-derivative-on-input']);
  assert.deepEqual(seen.sampler, ['choice', 'shuffle', 'weighted', 'sequential']);
  // subset's menu: the presets of its spec, written as whole numbers; it opens on the default.
  assert.deepEqual(seen.subset, ['10000', [['1000', '1,000'], ['10000', '10,000'], ['60000', '60,000']]]);
  assert.ok(seen.datasets.includes('mnist'), 'the dataset menu keeps its own (manifest) options');
  // The built options are translated with the page.
  await page.click('#lang-ja');
  assert.equal(await page.textContent('#act option[value="sigmoid"]'), 'シグモイド');
  assert.equal(await page.textContent('#loss option[value="cee"]'), '交差エントロピー誤差（本書）');
  assert.equal(await page.textContent('#lr-hint'), '対数目盛、0.0001〜10。学習中でも変更できます。');
  await page.click('#lang-en');
  assert.equal(await page.textContent('#act option[value="sigmoid"]'), 'sigmoid');
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

test('the test-set size beside the data is the manifest\'s, not written in the page', async () => {
  const html = await (await fetch(app.url)).text();
  assert.match(html, /<output id="test-count" class="readonly"><\/output>/, 'the page itself states no count');
  const manifest = await (await fetch(`${app.url}data/manifest.json`)).json();
  const mnist = manifest.datasets.find((d) => d.id === 'mnist');
  const { page, errors } = await openPage(app, '#/train?data=mnist');
  await page.waitForFunction((n) => document.getElementById('test-count').textContent === n,
    new Intl.NumberFormat('en-US').format(mnist.testCount));
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
