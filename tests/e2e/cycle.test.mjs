// Section 4.1, the learning cycle (#/cycle): both descents drawn, each in its own colour (the
// colours are read from the list's swatches, so the list and the chart must agree); a click on
// the chart (or a typed start) adds a third descent, its end and the hash; the Step button walks
// the seven stages; the training view's cycle card lists the stages of a step as the core does
// and counts its mini-batch ("1 training image").
// The valleys of f(x) = x⁴ − 3x² + x are found here from f′(x) = 4x³ − 6x + 1 = 0 by bisection.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { assertNoErrors, openPage, startApp } from './helpers.mjs';

const SHARD = /\/data\/.+\.gz$/;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

const df = (x) => 4 * x ** 3 - 6 * x + 1;
function bisect(lo, hi) {
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (df(lo) * df(mid) <= 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}
const LEFT_VALLEY = bisect(-2, -1);
const RIGHT_VALLEY = bisect(0.5, 2);

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

async function openCycle(hash = '#/cycle') {
  const page = await app.context.newPage();
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(app.url + hash);
  await page.waitForSelector('[data-view="cycle"][data-ready]:not([hidden])', { timeout: 30_000 });
  await page.waitForSelector('#cycle1-landscape[data-mapping]', { timeout: 10_000 });
  return { page, errors };
}

/** The colour of each listed end's swatch, as [r, g, b]. */
function swatchColours(page) {
  return page.$$eval('#cycle1-ends .cycle1-swatch', (els) => els.map((el) => {
    const probe = document.createElement('span');
    probe.style.color = getComputedStyle(el).getPropertyValue('--swatch');
    document.body.append(probe);
    const rgb = getComputedStyle(probe).color.match(/\d+/g).slice(0, 3).map(Number);
    probe.remove();
    return rgb;
  }));
}

/** Canvas pixels within a few levels of each colour (markers are filled in exactly that colour). */
function pixelsOf(page, colours) {
  return page.$eval('#cycle1-landscape', (canvas, wanted) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const counts = wanted.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
      wanted.forEach(([r, g, b], k) => {
        if (Math.abs(data[i] - r) <= 6 && Math.abs(data[i + 1] - g) <= 6 && Math.abs(data[i + 2] - b) <= 6) counts[k]++;
      });
    }
    return counts;
  }, colours);
}

/** Clicks the chart where the wasm's plot mapping puts x (halfway down the plot). */
async function clickAtX(page, x) {
  const { mapping, rect, width } = await page.$eval('#cycle1-landscape', (c) => ({
    mapping: c.dataset.mapping.split(',').map(Number), rect: c.getBoundingClientRect().toJSON(), width: c.width,
  }));
  const [left, top, right, bottom, xMin, xMax] = mapping;
  const px = left + ((x - xMin) / (xMax - xMin)) * (right - left);
  const cssPerPixel = rect.width / width;
  await page.mouse.click(rect.x + px * cssPerPixel, rect.y + ((top + bottom) / 2) * cssPerPixel);
}

const endTexts = (page) => page.$$eval('#cycle1-ends li', (lis) => lis.map((li) => li.textContent));
/** Where a listed descent ends: the x of "… end at x = −1.301 with loss …". */
const endX = (text) => Number(/end at x = (\S+) with/.exec(text)[1].replace('\u2212', '-'));

test('both descents are drawn in two colours, the list uses the same ones', async () => {
  const { page, errors } = await openCycle();
  const colours = await swatchColours(page);
  assert.equal(colours.length, 2);
  assert.notDeepEqual(colours[0], colours[1]);
  const [a, b] = await pixelsOf(page, colours);
  assert.ok(a > 40 && b > 40, `pixels of the first and the second colour: ${a}, ${b}`);
  const ends = await endTexts(page);
  assert.ok(Math.abs(endX(ends[0]) - LEFT_VALLEY) < 0.01, ends[0]);
  assert.ok(Math.abs(endX(ends[1]) - RIGHT_VALLEY) < 0.01, ends[1]);
  assertNoErrors(assert, errors);
  await page.close();
});

test('nothing the cycle view does fetches an MNIST chunk', async () => {
  const { page, errors } = await openCycle();
  // Whatever the boot itself loads has arrived; from here on, only the view's own requests.
  await page.waitForLoadState('networkidle');
  const before = app.requests.length;
  await clickAtX(page, 0.35);
  await page.click('#cycle1-walk-step');
  await page.click('#nav a[href="#/loss"]');
  await page.click('#nav a[href="#/cycle"]');
  await page.waitForFunction(() => document.querySelectorAll('#cycle1-ends li').length === 3);
  await page.waitForLoadState('networkidle');
  const shards = app.requests.slice(before).filter((path) => SHARD.test(path));
  assert.deepEqual(shards, [], 'the cycle view needs no MNIST data');
  assertNoErrors(assert, errors);
  await page.close();
});

test('a click adds a third descent in a third colour, its end, and the hash; a link brings it back', async () => {
  const { page, errors } = await openCycle();
  await clickAtX(page, 0.35);
  await page.waitForFunction(() => /^#\/cycle\?x0=0\.3[3-7]$/.test(location.hash), null, { timeout: 5000 });
  const hash = await page.evaluate(() => location.hash);
  const ends = await endTexts(page);
  assert.equal(ends.length, 3);
  assert.match(ends[2], /Your start, x = 0\.3\d: 40 steps end at x = /);
  assert.ok(Math.abs(endX(ends[2]) - RIGHT_VALLEY) < 0.02, `right of the hill: ${ends[2]}`);
  await page.waitForTimeout(100); // the chart redraws on the next frame
  const colours = await swatchColours(page);
  assert.equal(new Set(colours.map(String)).size, 3, 'three different colours');
  const counts = await pixelsOf(page, colours);
  assert.ok(counts.every((n) => n > 40), `pixels of each colour: ${counts}`);

  // A start off the chart is refused with a message that names the range; the added one stays.
  await page.fill('#cycle1-x0', '5');
  await page.click('#cycle1-add');
  assert.match(await page.textContent('#cycle1-add-error'), /between −2\.2 and 2\.2/);
  assert.equal(await page.getAttribute('#cycle1-x0', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => location.hash), hash);
  // The keyboard way: type a start left of the hill, press Add.
  await page.fill('#cycle1-x0', '-0.5');
  await page.click('#cycle1-add');
  await page.waitForFunction(() => location.hash === '#/cycle?x0=-0.5');
  assert.equal(await page.textContent('#cycle1-add-error'), '', 'the message goes once a start is accepted');
  const left = (await endTexts(page))[2];
  assert.ok(Math.abs(endX(left) - LEFT_VALLEY) < 0.02, left);
  await page.click('#cycle1-remove');
  await page.waitForFunction(() => location.hash === '#/cycle' && document.querySelectorAll('#cycle1-ends li').length === 2);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cycle1-add', 'focus stays on a control');
  assertNoErrors(assert, errors);
  await page.close();

  const again = await openCycle(hash);
  assert.deepEqual(await endTexts(again.page), ends, 'the link reproduces the added start');
  assertNoErrors(assert, again.errors);
  await again.page.close();
});

test('the Step button walks through the seven stages from the keyboard, announcing each', async () => {
  const { page, errors } = await openCycle();
  const current = () => page.$$eval('.cycle1-step', (lis) => lis.map((li) => li.getAttribute('aria-current')).indexOf('step'));
  assert.equal(await current(), -1, 'nothing lit before the first step');
  assert.equal(await page.getAttribute('#cycle1-now', 'aria-live'), 'polite');
  await page.focus('#cycle1-walk-step');
  const titles = await page.$$eval('.cycle1-step h3', (hs) => hs.map((h) => h.textContent));
  for (let n = 1; n <= 7; n++) {
    await page.keyboard.press(n % 2 ? 'Enter' : 'Space');
    assert.equal(await current(), n - 1, `stage ${n} lit`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'cycle1-walk-step', 'focus stays on Step');
    assert.equal(await page.textContent('#cycle1-now'), `Stage ${n} of 7: ${titles[n - 1]}`);
    const shown = await page.$$eval('.cycle1-explain', (els) => els.map((el) => el.checkVisibility()));
    assert.deepEqual(shown, shown.map((_, i) => i === n - 1), 'only the current stage explains itself');
  }
  await page.click('#cycle1-walk-prev');
  assert.equal(await current(), 5);
  await page.click('#cycle1-walk-reset');
  assert.equal(await current(), -1);
  assert.equal(await page.textContent('#cycle1-now'), '');
  assertNoErrors(assert, errors);
  await page.close();
});

test('axe finds no violation with a start added and a stage lit', async () => {
  const { page, errors } = await openCycle('#/cycle?x0=0.35');
  await page.click('#cycle1-walk-step');
  await page.evaluate(AXE_SOURCE); // not a <script> tag: the page's CSP refuses inline scripts
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector('[data-view="cycle"]'), { resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
  assert.deepEqual(found, []);
  assertNoErrors(assert, errors);
  await page.close();
});

/** Types a batch size into the training view's control, as a learner does. */
async function setBatch(page, batch) {
  await page.fill('#batch', String(batch));
  await page.dispatchEvent('#batch', 'change');
}

test("the training view's cycle card counts its mini-batch: 1 training image, 100 training images", async () => {
  const { page, errors } = await openPage(app, '#/train');
  await setBatch(page, 1);
  assert.equal(await page.textContent('#cycle-sample-d'), 'pick 1 training image');
  await setBatch(page, 100);
  assert.equal(await page.textContent('#cycle-sample-d'), 'pick 100 training images');
  await page.evaluate(() => localStorage.setItem('gradlab-lang', 'ja'));
  await page.reload();
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 30_000 });
  await setBatch(page, 1);
  assert.equal(await page.textContent('#cycle-sample-d'), '訓練画像から 1 枚を選ぶ');
  await page.evaluate(() => localStorage.removeItem('gradlab-lang'));
  assertNoErrors(assert, errors);
  await page.close();
});

const JA = JSON.parse(readFileSync(new URL('../../www/locales/ja.json', import.meta.url), 'utf8'));

test("the training view's cycle card lists the core's step stages (lessons/cycle.rs), reading as before in both languages", async () => {
  // cycle::step_stages: the stages before "repeat", numbered as #/cycle numbers them; then the
  // page's own "evaluate". The texts are those the card showed when its markup wrote the list.
  // The page's markup writes no step stage: the list is built from the wasm's (www/cycle.js).
  const shell = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
  assert.doesNotMatch(shell, /data-stage="(sample|forward|loss|gradient|update)"/);
  assert.match(shell, /<ol class="steps"><\/ol>/);
  const { page, errors } = await openPage(app, '#/train');
  await setBatch(page, 100);
  const card = () => page.$$eval('#cycle [data-stage]', (els) => els.map((el) => [
    el.dataset.stage, el.querySelector('.n').textContent, el.querySelector('strong').textContent, el.querySelector('small').textContent,
  ]));
  assert.deepEqual(await card(), [
    ['sample', '1', 'Mini-batch', 'pick 100 training images'],
    ['forward', '2', 'Forward', 'input → weights → y'],
    ['loss', '3', 'Loss', 'L = cross_entropy(y, t)'],
    ['gradient', '4', 'Gradient', '∂L/∂W, ∂L/∂b (backprop)'],
    ['update', '5', 'Update', 'W ← W − η∇W'],
    ['evaluate', '✓', 'Evaluate', 'train & test accuracy at each epoch end'],
  ]);
  assert.equal(await page.$$eval('#cycle .steps > li.stage', (lis) => lis.length), 5);
  await page.click('#lang-ja');
  const ja = await card();
  assert.deepEqual(ja.map((r) => r.slice(0, 3)), ['sample', 'forward', 'loss', 'gradient', 'update', 'evaluate'].map((name, i) => [name, i < 5 ? String(i + 1) : '✓', JA[`cycle.${name}`]]));
  assert.deepEqual(ja.slice(1).map((r) => r[3]), ['forward', 'loss', 'gradient', 'update', 'evaluate'].map((name) => JA[`cycle.${name}.d`]));
  await page.click('#lang-en');
  // The same stages, numbered alike, as §1 lists before "repeat"; its "repeat" counts them.
  await page.evaluate(() => { location.hash = '#/cycle'; });
  await page.waitForSelector('[data-view="cycle"][data-ready]:not([hidden])');
  const section1 = await page.$$eval('.cycle1-step', (lis) => lis.map((li) => [li.dataset.stage, li.querySelector('.num').textContent]));
  const repeat = section1.findIndex(([name]) => name === 'repeat');
  assert.deepEqual(section1.slice(0, repeat), (await card()).slice(0, 5).map((r) => r.slice(0, 2)));
  assert.equal(await page.textContent('.cycle1-step[data-stage="repeat"] p'), 'Steps 1–5 again, thousands of times, until the loss stops falling.');
  await page.click('#lang-ja');
  assert.equal(await page.textContent('.cycle1-step[data-stage="repeat"] p'), '損失が下がらなくなるまで、ステップ 1〜5 を何千回も繰り返します。');
  await page.click('#lang-en');
  assertNoErrors(assert, errors);
  await page.close();
});
