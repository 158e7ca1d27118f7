// The "Draw a digit" view in the built app: digits drawn with the mouse are read by the default
// network; Undo / Clear (buttons and keys); "Load a test image" (random MNIST test digits,
// their true labels, the announced guess, and the bytes it costs); a trained network is kept
// across a reload; export, and import of bad files (explained, nothing changed) and of a good one.
//
// Shapes are given in pad units (0..1 of the pad's width and height) and drawn off-centre at
// different sizes; the expected digits are simply what the shapes are (the default network is
// public/models/default.gradlab, trained by the setup; its test accuracy is read from the
// report the trainer wrote beside it, public/models/default.json).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { assertNoErrors, openPage, startApp } from './helpers.mjs';

let app;
let defaultLabel; // "Default network (97.80%)", from the trainer's own report
before(async () => {
  app = await startApp();
  const report = JSON.parse(await readFile(new URL('../../public/models/default.json', import.meta.url), 'utf8'));
  defaultLabel = `Default network (${(100 * report.test_accuracy).toFixed(2)}%)`;
});
after(async () => {
  await app?.close();
});

const line = (a, b, n = 10) => Array.from({ length: n + 1 }, (_, i) => [a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n]);
const ellipse = (cx, cy, rx, ry, n = 28) => Array.from({ length: n + 1 }, (_, i) => [
  cx + rx * Math.sin((2 * Math.PI * i) / n), cy - ry * Math.cos((2 * Math.PI * i) / n),
]);
const seven = (x, y, w, h) => [...line([x, y], [x + w, y], 6), ...line([x + w, y], [x + 0.35 * w, y + h], 10).slice(1)];

const DIGITS = [
  { digit: 0, what: 'a large 0, left of centre', strokes: [ellipse(0.4, 0.45, 0.2, 0.32)] },
  { digit: 0, what: 'a small 0 in the lower right', strokes: [ellipse(0.75, 0.75, 0.08, 0.13)] },
  { digit: 1, what: 'a 1 on the right', strokes: [line([0.72, 0.25], [0.69, 0.72])] },
  { digit: 1, what: 'a short 1 at the top left', strokes: [line([0.2, 0.08], [0.18, 0.36])] },
  { digit: 7, what: 'a small 7 at the top left (one stroke)', strokes: [seven(0.12, 0.12, 0.3, 0.38)] },
  { digit: 7, what: 'a large 7 to the right (bar, then diagonal)', strokes: [line([0.3, 0.15], [0.9, 0.15]), line([0.9, 0.15], [0.5, 0.92], 14)] },
];

async function openDraw() {
  const opened = await openPage(app, '#/draw');
  await opened.page.waitForFunction(() => window.gradlab.draw.ready, null, { timeout: 30_000 });
  return opened;
}

/** Draws strokes (lists of [u, v] in pad units) with the mouse. */
async function draw(page, strokes) {
  const box = await page.locator('#pad').boundingBox();
  const at = ([u, v]) => [box.x + u * box.width, box.y + v * box.height];
  for (const points of strokes) {
    await page.mouse.move(...at(points[0]));
    await page.mouse.down();
    for (const p of points.slice(1)) await page.mouse.move(...at(p));
    await page.mouse.up();
  }
  await page.waitForFunction((n) => window.gradlab.draw.strokes === n && window.gradlab.draw.top !== null,
    strokes.length, { timeout: 5000 });
}

const drawState = (page) => page.evaluate(() => window.gradlab.draw);
const inkPixels = (page) => page.$eval('#seen', (c) => {
  const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] > 0) n++;
  return n;
});

async function expectBlank(page) {
  await page.waitForFunction(() => window.gradlab.draw.strokes === 0 && window.gradlab.draw.top === null);
  assert.equal(await page.textContent('#guess-digit'), '');
  assert.equal(await page.getAttribute('#guess-digit', 'data-state'), 'blank');
  assert.equal(await inkPixels(page), 0, 'the 28×28 image is empty');
  const values = await page.$$eval('#prob-bars .bar-value', (els) => els.map((e) => e.textContent));
  assert.deepEqual(values, Array(10).fill('–'));
  assert.ok(await page.isDisabled('#pad-undo'));
  assert.ok(await page.isDisabled('#pad-clear'));
}

test('the default network reads a 0, a 1 and a 7 drawn off-centre at different sizes', async () => {
  const { page, errors } = await openDraw();
  assert.equal((await drawState(page)).model, 'default');
  assert.equal(await page.$eval('#model-select', (s) => s.selectedOptions[0].textContent), defaultLabel);
  await expectBlank(page);
  for (const { digit, what, strokes } of DIGITS) {
    await draw(page, strokes);
    const s = await drawState(page);
    const shown = s.probabilities.map((p) => p.toFixed(2)).join(' ');
    assert.equal(s.top, digit, `${what}: read as ${s.top} (${shown})`);
    assert.ok(await inkPixels(page) > 20, `${what}: the 28×28 image shows ink`);
    // The pad reads only around its ink: the image is the one the whole pad gives.
    const { seen, whole } = await page.evaluate(() => window.gradlab.drawSeenBothWays());
    assert.deepEqual(seen, whole, `${what}: the image read around the ink differs from the whole pad's`);
    const big = await page.textContent('#guess-digit');
    assert.equal(big, s.unsure ? '?' : String(digit));
    if (s.unsure) assert.match(await page.textContent('#guess-text'), /not sure/);
    assert.equal(await page.$eval('#prob-bars li.is-top .bar-label', (e) => e.textContent), String(digit));
    // Softmax is never exactly 0 or 1: no bar claims 100% or 0%.
    const bars = await page.$$eval('#prob-bars .bar-value', (els) => els.map((e) => e.textContent));
    assert.ok(bars.every((v) => /^(>99%|<1%|[1-9]\d?%)$/.test(v)), `bars: ${bars}`);
    // the most active hidden units, named #1…#100 as the weight tiles are
    const named = [...(await page.textContent('#hidden-caption')).matchAll(/#(\d+) \(/g)].map((m) => Number(m[1]));
    assert.ok(named.length > 0 && named.every((n) => n >= 1 && n <= 100), `units named ${named}`);
    await page.click('#pad-clear');
    await expectBlank(page);
  }
  // The figures have their text alternatives.
  assert.match(await page.getAttribute('#weights', 'aria-label'), /100 images of 28 × 28/);
  assert.match(await page.textContent('#hidden-caption'), /100 units/);
  assertNoErrors(assert, errors);
  await page.close();
});

test('Undo removes the last stroke, Clear empties the pad, and the keys do the same', async () => {
  const { page, errors } = await openDraw();
  const [bar, diagonal] = DIGITS[5].strokes;
  await draw(page, [bar, diagonal]);
  assert.equal((await drawState(page)).top, 7);
  await page.click('#pad-undo');
  await page.waitForFunction(() => window.gradlab.draw.strokes === 1 && window.gradlab.draw.top !== null);
  await page.click('#pad-undo');
  await expectBlank(page);

  await draw(page, [bar, diagonal]);
  await page.focus('#pad');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => window.gradlab.draw.strokes === 1);
  await page.keyboard.press('Escape');
  await expectBlank(page);

  await draw(page, DIGITS[0].strokes);
  await page.focus('#pad');
  await page.keyboard.press('Delete');
  await expectBlank(page);
  assert.match(await page.textContent('#guess-text'), /Draw a digit/);
  assertNoErrors(assert, errors);
  await page.close();
});

test('"Load a test image" puts MNIST test digits on the pad: guessed right, true label shown, guess announced', async () => {
  // A fixed seed: the same ten picks every run (the wasm's rng; see crate/digit.rs TestDigits).
  const { page, errors } = await openPage(app, '#/draw?seed=13');
  await page.waitForFunction(() => window.gradlab.draw.ready, null, { timeout: 30_000 });
  let right = 0;
  const seen = [];
  for (let i = 0; i < 10; i++) {
    if (await page.isEnabled('#pad-clear')) await page.click('#pad-clear'); // nothing to clear on the first round
    await page.waitForFunction(() => window.gradlab.draw.top === null);
    await page.focus('#pad-test'); // from the keyboard: no pointer needed
    await page.keyboard.press(i % 2 ? 'Enter' : 'Space');
    await page.waitForFunction(() => window.gradlab.draw.trueLabel !== null && window.gradlab.draw.top !== null, null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'pad-test', 'the focus stays on the button');
    const s = await drawState(page);
    assert.ok(Number.isInteger(s.trueLabel) && s.trueLabel >= 0 && s.trueLabel <= 9, `true label ${s.trueLabel}`);
    assert.equal(s.strokes, 0);
    assert.match(await page.textContent('#guess-truth'), new RegExp(`^True label: ${s.trueLabel} \\(x_test\\[\\d+\\]`));
    assert.ok(await inkPixels(page) > 20, 'the 28×28 image shows the digit');
    // Announced at once: the guess and the true label.
    const said = s.unsure ? `not sure — maybe ${s.top}` : `It reads ${s.top}`;
    await page.waitForFunction(([a, b]) => {
      const text = document.querySelector('#guess-live').textContent;
      return text.includes(a) && text.includes(b);
    }, [said, `True label: ${s.trueLabel}.`], { timeout: 5000 });
    assert.equal(await page.getAttribute('#guess-live', 'aria-live'), 'polite');
    if (s.top === s.trueLabel) right++;
    seen.push(`${s.trueLabel}→${s.top}`);
  }
  // The default network gets ~95% of the test set right: an image upside down, transposed or
  // scaled wrongly on its way to the network would not be.
  assert.ok(right >= 8, `right ${right} of 10 (true → guess: ${seen.join(' ')})`);
  assert.ok(new Set(seen).size > 3, `random picks, not one image: ${seen.join(' ')}`);

  // Drawing on the loaded image: the true label no longer applies; Undo takes the stroke back,
  // then the image; the drawn guess is announced once the learner stops.
  await page.click('#pad-test');
  await page.waitForFunction(() => window.gradlab.draw.trueLabel !== null);
  const label = (await drawState(page)).trueLabel;
  await draw(page, [line([0.05, 0.05], [0.3, 0.05])]);
  assert.equal((await drawState(page)).trueLabel, null);
  assert.ok(await page.isHidden('#guess-truth'));
  await page.click('#pad-undo');
  await page.waitForFunction((l) => window.gradlab.draw.strokes === 0 && window.gradlab.draw.trueLabel === l, label);
  await page.click('#pad-undo');
  await expectBlank(page);
  await draw(page, DIGITS[2].strokes);
  await page.waitForFunction(() => /It reads 1/.test(document.querySelector('#guess-live').textContent), null, { timeout: 5000 });
  assert.doesNotMatch(await page.textContent('#guess-live'), /True label/);
  assertNoErrors(assert, errors);
  await page.close();
});

/** A fresh browser context (empty caches) on #/draw, with every request URL it makes. */
async function freshDrawVisit() {
  const context = await app.browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US' });
  const page = await context.newPage();
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  await page.goto(`${app.url}#/draw`);
  await page.waitForFunction(() => window.gradlab?.draw?.ready, null, { timeout: 30_000 });
  return { context, page, urls };
}

const CHUNK = /\/data\/.+\.gz$/;

/** Paths under /data/ of the chunk files among `urls`. */
const chunks = (urls) => urls.filter((u) => CHUNK.test(u)).map((u) => new URL(u).pathname.split('/data/')[1]).sort();
const TEST_CHUNK = ['mnist/test-000.images.idx.gz', 'mnist/test-000.labels.idx.gz'];

test('the first press of "Load a test image" downloads the first MNIST test chunk; later presses nothing', async () => {
  const { context, page, urls } = await freshDrawVisit();
  assert.ok(urls.some((u) => u.endsWith('/models/default.gradlab')), 'the model is fetched');
  const before = urls.length;
  await page.click('#pad-test');
  await page.waitForFunction(() => window.gradlab.draw.trueLabel !== null, null, { timeout: 30_000 });
  const fetched = chunks(urls.slice(before));
  for (const file of TEST_CHUNK) assert.ok(fetched.includes(file), `${file} in ${fetched}`);
  const again = urls.length;
  for (let i = 0; i < 3; i++) {
    await page.click('#pad-test');
    await page.waitForFunction(() => window.gradlab.draw.trueLabel !== null);
  }
  assert.ok(!chunks(urls.slice(again)).some((f) => f.startsWith('mnist/test-000')), 'the chunk is fetched once');
  await context.close();
});

test('a first visit of #/draw fetches the model and no MNIST chunk; the press fetches the test chunk alone',
  async () => {
    const { context, page, urls } = await freshDrawVisit();
    assert.ok(urls.some((u) => u.endsWith('/models/default.gradlab')), 'the model is fetched');
    await page.waitForLoadState('networkidle'); // whatever the boot fetches has been asked for
    assert.deepEqual(chunks(urls), [], 'no MNIST chunk before the press');
    await page.click('#pad-test');
    await page.waitForFunction(() => window.gradlab.draw.trueLabel !== null, null, { timeout: 30_000 });
    assert.deepEqual(chunks(urls), TEST_CHUNK);
    await context.close();
  });

test('bad model files are explained and change nothing; a good one is imported', async () => {
  const { page, errors } = await openDraw();
  const before = await drawState(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#model-export')]);
  assert.match(download.suggestedFilename(), /\.gradlab$/);
  const good = await readFile(await download.path());
  assert.ok(good.length > 1000, `exported ${good.length} bytes`);

  const random = Buffer.alloc(4096);
  for (let i = 0; i < random.length; i++) random[i] = (i * 197 + 13) & 0xff;
  const bad = [
    { name: 'random.gradlab', buffer: random, expect: /random\.gradlab/ },
    { name: 'truncated.gradlab', buffer: good.subarray(0, Math.floor(good.length / 2)), expect: /truncated\.gradlab/ },
    { name: 'digit.png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), expect: /digit\.png/ },
  ];
  for (const file of bad) {
    await page.setInputFiles('#model-file', { name: file.name, mimeType: 'application/octet-stream', buffer: file.buffer });
    await page.waitForSelector('#draw-error:not([hidden])', { timeout: 5000 });
    const message = await page.textContent('#draw-error-text');
    assert.match(message, file.expect);
    assert.match(message, /Nothing was changed/);
    assert.equal(await page.getAttribute('#draw-error', 'role'), 'alert');
    const after = await drawState(page);
    assert.equal(after.model, before.model, `${file.name}: the network in use is unchanged`);
    assert.deepEqual(after.models, before.models, `${file.name}: the list is unchanged`);
    await page.click('#draw-error-dismiss');
    assert.ok(await page.isHidden('#draw-error'));
  }

  // The good file comes back in as a kept network, in use, and can be deleted again.
  await page.setInputFiles('#model-file', { name: 'mine.gradlab', mimeType: 'application/octet-stream', buffer: good });
  await page.waitForFunction((n) => window.gradlab.draw.models.length === n + 1 && window.gradlab.draw.model !== 'default',
    before.models.length, { timeout: 5000 });
  assert.ok(await page.isHidden('#draw-error'));
  await draw(page, DIGITS[2].strokes);
  assert.equal((await drawState(page)).top, 1, 'the imported copy of the default network reads a 1');
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('#model-delete');
  await page.waitForFunction((n) => window.gradlab.draw.models.length === n, before.models.length, { timeout: 5000 });
  assert.equal((await drawState(page)).model, 'default');
  assertNoErrors(assert, errors);
  await page.close();
});

test('a trained network is kept and is still offered after a reload', async () => {
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=200&hidden=30');
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: 60_000 });
  await page.waitForSelector('#keep-status[data-state="kept"]', { timeout: 10_000 });
  const status = await page.textContent('#keep-status');
  const name = /Kept as “([^”]+)”/.exec(status)?.[1];
  assert.match(name ?? '', /^MNIST 784-30-10 sigmoid · \d+\.\d% · \d{4}-\d\d-\d\d \d\d:\d\d$/);
  assert.ok(await page.isEnabled('#keep'), 'kept automatically (unpinned): Keep would pin it');

  await page.reload();
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle');
  await page.click('#nav a[href="#/draw"]');
  await page.waitForFunction(() => window.gradlab.draw.ready, null, { timeout: 30_000 });
  const s = await drawState(page);
  assert.ok(s.models.some((m) => m.name === name), `${name} is listed`);
  assert.equal(s.modelName, name, 'the newest kept network is in use');
  assert.match(await page.textContent('#model-info'), /784-30-10 sigmoid · trained on MNIST · test accuracy \d+\.\d\d% · kept automatically, one of the last 20/);
  // A sigmoid unit counts as on above 0.5 (reading.rs), and the caption names that level.
  await page.click('#pad-test');
  await page.waitForFunction(() => window.gradlab.draw.top !== null, null, { timeout: 30_000 });
  assert.match(await page.textContent('#hidden-caption'), /^Hidden layer: 30 units \(sigmoid\); \d+ are above 0\.5 for your drawing/);
  await page.click('#pad-clear');
  const options = await page.$$eval('#model-select option', (os) => os.map((o) => o.textContent));
  assert.equal(options[0], defaultLabel);
  assert.ok(options.includes(name));

  // The learner can go back to the default network, and that choice is remembered.
  await page.selectOption('#model-select', 'default');
  await page.waitForFunction(() => window.gradlab.draw.model === 'default');
  await page.reload();
  await page.waitForFunction(() => window.gradlab?.draw?.ready, null, { timeout: 30_000 });
  assert.equal((await drawState(page)).model, 'default');
  assertNoErrors(assert, errors);
  await page.close();
});

test('the draw view speaks Japanese', async () => {
  const { page, errors } = await openDraw();
  await page.click('#lang-ja');
  assert.equal(await page.textContent('#draw-title'), '数字を描く');
  assert.equal(await page.textContent('#pad-clear'), '消去');
  await draw(page, DIGITS[2].strokes);
  assert.match(await page.textContent('#guess-text'), /1 と読みました|自信がありません/);
  await page.click('#lang-en');
  assertNoErrors(assert, errors);
  await page.close();
});
