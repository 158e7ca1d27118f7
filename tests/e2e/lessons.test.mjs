// The lesson views of sections 2, 3, 4 (#/loss, #/gd1, #/gd2, #/lr): opened from links, their
// tables and labels, clicks on the plots, Save CSV, teacher-mode `_hide=1`, no console errors.
// Expected numbers come from closed forms, not from the page's own code:
//   loss at p = 0.1: ½(0.1 − 1)² with the other outputs at 0 = 0.405 (½(0.81 + 9·0.1²) = 0.450
//   with the rest spread over nine classes); −log 0.1 = 2.303;
//   worked example y = [0.7, 0.2, 0.1], t = [1, 0, 0]: ½(0.09 + 0.04 + 0.01) = 0.07, −log 0.7 = 0.357;
//   x² from −3 at η: x_n = −3(1 − 2η)ⁿ, so η = 0.1, n = 10 gives −0.3221 (and η = 1.01, n = 1, 3.06).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { assertNoErrors, colouredPixels, startApp } from './helpers.mjs';

const MINUS = '\u2212';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** Opens `hash` and waits until the lesson view of its route is built and showing. */
async function openLesson(hash, view) {
  const page = await app.context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(app.url + hash);
  await page.waitForSelector(`[data-view="${view}"][data-ready]:not([hidden])`, { timeout: 30_000 });
  await page.waitForTimeout(150); // one animation frame renders the numbers
  return { page, errors };
}

/** No console errors, no boot error box (a boot failure is caught and shown there, not thrown). */
async function assertClean(page, errors) {
  assertNoErrors(assert, errors);
  assert.ok(await page.isHidden('#error'), `boot error: ${await page.textContent('#error-text')}`);
  const text = await page.textContent('section.lesson:not([hidden])');
  assert.doesNotMatch(text, /NaN|undefined|null/, 'no NaN, undefined or null shown');
}

const hash = (page) => page.evaluate(() => location.hash);

async function canvasSignature(page, selector) {
  return page.$eval(selector, (c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let h = 0;
    for (let i = 0; i < data.length; i += 7) h = (h * 31 + data[i]) % 1_000_000_007;
    return h;
  });
}

async function download(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: dl.suggestedFilename(), text: readFileSync(await dl.path(), 'utf8') };
}

// ───────────────────────────── §2 losses ─────────────────────────────

test('loss view from a link: the table, the worked example and the slopes at p', async () => {
  const { page, errors } = await openLesson('#/loss?p=0.1', 'loss');
  assert.equal(await hash(page), '#/loss?p=0.1');
  const row = await page.$$eval('#loss-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(row[0].slice(0, 3), ['0.1', '0.405', '2.303']);
  assert.deepEqual(row.map((r) => r[0]), ['0.1', '0.3', '0.5', '0.7', '0.9', '1.0']);
  assert.match(row[0][3], /^5\.7×$/);
  // The same p with the rest spread over nine classes: ½(0.81 + 9·0.01) = 0.450.
  assert.equal(row[0][4], '0.450');
  assert.equal(row[5][4], '0.000');
  assert.equal(await page.getAttribute('#loss-table tbody tr:first-child', 'class'), 'current');
  assert.equal(await page.textContent('#loss-ex-sse'), '½ Σ = 0.07');
  assert.equal(await page.textContent('#loss-ex-ce'), 'Σ = 0.357');
  assert.equal(await page.textContent('#loss-sse'), '0.405');
  assert.equal(await page.textContent('#loss-dce'), `${MINUS}1/p = ${MINUS}10`);
  assert.equal(await page.textContent('#loss-dsse'), `p ${MINUS} 1 = ${MINUS}0.9`);
  // Through softmax (10 classes, the rest 0.9 spread as 0.1 each): CE's slope in the score is
  // p − 1 = −0.9, SSE's −p(1 − p)²·10/9 = −0.09, ten times weaker.
  assert.equal(await page.textContent('#loss-score-ce'), `p ${MINUS} 1 = ${MINUS}0.9`);
  assert.equal(await page.textContent('#loss-score-sse'), `${MINUS}0.09`);
  assert.match(await page.textContent('#loss-score-why'), /10 times weaker/);
  assert.ok(await colouredPixels(page, '#loss-curves') > 500, 'both curves drawn');
  assert.match(await page.textContent('#loss-curves-alt'), /p = 0\.1/);

  // Editing the prediction recomputes every term: y = [0.5, 0.2, 0.1], t = [0, 1, 0].
  await page.fill('#loss-ex tbody tr:nth-child(1) input[type="number"]', '0.5');
  await page.check('#loss-ex tbody tr:nth-child(2) input[type="radio"]');
  // ½(0.25 + 0.64 + 0.01) = 0.45; −log 0.2 = 1.609
  assert.equal(await page.textContent('#loss-ex-sse'), '½ Σ = 0.45');
  assert.equal(await page.textContent('#loss-ex-ce'), 'Σ = 1.609');
  await assertClean(page, errors);
  await page.close();
});

test('loss view: an out-of-range p is clamped and the slider writes the hash', async () => {
  const { page, errors } = await openLesson('#/loss?p=5&bogus=1', 'loss');
  assert.equal(await hash(page), '#/loss?p=1');
  assert.equal(await page.textContent('#loss-p-value'), '1');
  assert.equal(await page.textContent('#loss-ratio'), 'both 0');
  // The slider spans log10 of the p key's range (lessons::LOSS_KEYS: 0.001…1), a tick a decade.
  assert.deepEqual(await page.$eval('#loss-p', (s) => [Number(s.min), Number(s.max)]), [-3, 0]);
  assert.deepEqual(await page.$$eval('#loss-p-scale span', (s) => s.map((e) => e.textContent)), ['0.001', '0.01', '0.1', '1']);
  // Each inner tick stands under the thumb at its value: set the slider there and compare.
  for (const [i, log10] of [[1, -2], [2, -1]]) {
    const gap = await page.evaluate(([index, position]) => {
      const slider = document.getElementById('loss-p');
      const tick = document.querySelectorAll('#loss-p-scale span')[index].getBoundingClientRect();
      const box = slider.getBoundingClientRect();
      const thumb = 8 + (box.width - 16) * (position - Number(slider.min)) / (Number(slider.max) - Number(slider.min));
      return Math.abs(tick.left + tick.width / 2 - (box.left + thumb));
    }, [i, log10]);
    assert.ok(gap < 3, `tick ${i} is ${gap} px from the thumb's place`);
  }
  await page.focus('#loss-p');
  for (let i = 0; i < 100; i++) await page.keyboard.press('ArrowLeft'); // log10 p: 0 → −1
  await page.waitForFunction(() => location.hash === '#/loss?p=0.1');
  assert.equal(await page.textContent('#loss-ce'), '2.303');
  await assertClean(page, errors);
  await page.close();
});

// ───────────────────────────── §3 gradient descent ─────────────────────────────

test('1-D descent: ten steps of η = 0.1 from −3 reach −0.3221, each update written out', async () => {
  const { page, errors } = await openLesson('#/gd1?fn=square&x0=-3&lr=0.1&steps=10', 'gd1');
  const rows = await page.$$eval('#gd1-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 11, 'ten steps and the next one');
  // step, x, closed form x₀(1 − 2η)ⁿ, f(x), f′(x), the update written out
  assert.deepEqual(rows[0], ['0', `${MINUS}3`, `${MINUS}3`, '9', `${MINUS}6`, `x ← ${MINUS}3 ${MINUS} 0.1 × (${MINUS}6) = ${MINUS}2.4`]);
  assert.match(rows[9][5], new RegExp(`= ${MINUS}0\\.3221$`));
  assert.ok(rows.every((r) => r[1] === r[2]), 'the iterated x and the closed form agree in every row');
  assert.equal(rows[10][2], `${MINUS}0.3221`, '−3·0.8¹⁰');
  assert.match(await page.textContent('#gd1-multiplier'), /1 − 2 × 0\.1 = 0\.8, so xₙ = x₀ · \(0\.8\)ⁿ/);
  assert.equal(await page.getAttribute('#gd1-regime', 'data-regime'), 'shrinks');
  assert.match(rows[10][0], /next/);
  assert.match(await page.textContent('#gd1-status'), new RegExp(`After 10 steps: x = ${MINUS}0\\.3221`));
  assert.ok(await colouredPixels(page, '#gd1-chart') > 500, 'curve and iterates drawn');
  // x² has one critical point: its minimum at 0, where f″ = 2 (each an <li> of text).
  assert.deepEqual(await page.$$eval('#gd1-critical > li', (lis) => lis.map((li) => li.textContent)), ['minimum at x = 0, f = 0 (curvature f″ = 2)']);

  await page.click('#gd1-step');
  await page.waitForFunction(() => location.hash.endsWith('steps=11'));
  assert.equal(await page.textContent('#gd1-steps'), '11');
  await page.click('#gd1-reset');
  await page.waitForFunction(() => location.hash.endsWith('steps=0'));
  assert.equal(await page.$$eval('#gd1-table tbody tr', (trs) => trs.length), 1, 'only the next step');
  await assertClean(page, errors);
  await page.close();
});

test('1-D descent: values from a link are clamped; dragging on the plot moves the start', async () => {
  const { page, errors } = await openLesson('#/gd1?fn=cubic&x0=99&lr=50&steps=-4', 'gd1');
  assert.equal(await hash(page), '#/gd1?fn=square&x0=4&lr=10&steps=0');
  assert.equal(await page.inputValue('#gd1-x0'), '4');
  assert.deepEqual(await page.$eval('#gd1-x0', (e) => [e.min, e.max]), ['-4', '4'], 'x0 spans GD1_KEYS\' range');
  assert.equal(await page.textContent('#gd1-lr-value'), '10');
  // The slider spans the lr key's range, config::LR_MIN…LR_MAX = 10⁻⁴…10, ticked at each power of ten.
  const [min, max] = await page.$eval('#gd1-lr', (s) => [Number(s.min), Number(s.max)]);
  assert.ok(Math.abs(min + 4) < 1e-9 && Math.abs(max - 1) < 1e-9, `${min}…${max}`);
  assert.deepEqual(await page.$$eval('#gd1-lr-scale span', (s) => s.map((e) => e.textContent)), ['0.0001', '0.001', '0.01', '0.1', '1', '10']);

  const mapping = (await page.getAttribute('#gd1-chart', 'data-mapping')).split(',').map(Number);
  const box = await page.locator('#gd1-chart').boundingBox();
  const size = await page.$eval('#gd1-chart', (c) => [c.width, c.height]);
  const [left, top, right, bottom, xMin, xMax] = mapping;
  const px = left + 0.25 * (right - left); // a quarter of the way across
  const expected = xMin + 0.25 * (xMax - xMin);
  await page.mouse.click(box.x + (px * box.width) / size[0], box.y + ((top + bottom) / 2) * (box.height / size[1]));
  await page.waitForFunction((x) => Math.abs(Number(document.getElementById('gd1-x0').value) - x) < 0.05, expected);
  await page.waitForFunction(() => /x0=-?\d/.test(location.hash) && !location.hash.includes('x0=4&'));
  await assertClean(page, errors);
  await page.close();
});

test('2-D descent on Himmelblau: critical points named; a click on the plot starts a trajectory', async () => {
  const { page, errors } = await openLesson('#/gd2?fn=himmelblau&x0=0&x1=0&lr=0.01&steps=0', 'gd2');
  const kinds = await page.$$eval('#gd2-crit tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.equal(kinds.filter((k) => k === 'minimum').length, 4);
  assert.equal(kinds.filter((k) => k === 'maximum').length, 1);
  assert.equal(kinds.filter((k) => k === 'saddle point').length, 4);
  assert.ok(kinds.length === 9);
  assert.equal(await page.textContent('#gd2-point'), 'x₀ = (0, 0)');
  // f(0, 0) = 11² + 7² = 170; ∇f(0, 0) = (−14, −22)
  assert.equal(await page.textContent('#gd2-f'), '170');
  assert.equal(await page.textContent('#gd2-grad'), `(${MINUS}14, ${MINUS}22)`);

  const before = await canvasSignature(page, '#gd2-chart');
  const mapping = (await page.getAttribute('#gd2-chart', 'data-mapping')).split(',').map(Number);
  const [left, top, right, bottom, xMin, xMax, yMin, yMax] = mapping;
  const box = await page.locator('#gd2-chart').boundingBox();
  const size = await page.$eval('#gd2-chart', (c) => [c.width, c.height]);
  const fx = 0.3;
  const fy = 0.2; // from the top
  const px = left + fx * (right - left);
  const py = top + fy * (bottom - top);
  await page.mouse.click(box.x + (px * box.width) / size[0], box.y + (py * box.height) / size[1]);
  const want = [xMin + fx * (xMax - xMin), yMax - fy * (yMax - yMin)];
  const tol = 0.02 * (xMax - xMin);
  await page.waitForFunction(() => Number(document.getElementById('gd2-steps').textContent) >= 5, null, { timeout: 15_000 });
  const got = [Number(await page.inputValue('#gd2-x0')), Number(await page.inputValue('#gd2-x1'))];
  assert.ok(Math.abs(got[0] - want[0]) < tol && Math.abs(got[1] - want[1]) < tol, `start ${got} near ${want}`);
  assert.match(await hash(page), new RegExp(`x0=${got[0]}&x1=${got[1]}&`));
  assert.notEqual(await canvasSignature(page, '#gd2-chart'), before, 'the trajectory is drawn');
  assert.ok(await page.$$eval('#gd2-table tbody tr', (trs) => trs.length) >= 6);
  await page.click('#gd2-run'); // Stop
  await assertClean(page, errors);
  await page.close();
});

test('2-D descent: the book’s bowl from (−3, 4): first update to (−2.4, 3.2); Save CSV of the trajectory', async () => {
  const { page, errors } = await openLesson('#/gd2?fn=bowl&x0=-3&x1=4&lr=0.1&steps=2&opt=sgd&norm=1', 'gd2');
  assert.equal(await page.isChecked('#gd2-norm'), true);
  const first = await page.$$eval('#gd2-table tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(first.slice(0, 5), [
    '0', `(${MINUS}3, 4)`, '25', `(${MINUS}6, 8)`, '10',
  ]);
  // The next update, one coordinate a line: x₂ = 0.8²·(−3, 4) = (−1.92, 2.56), ∇f = 2x₂.
  const update = await page.$eval('#gd2-update', (el) => [...el.childNodes].map((n) => (n.nodeName === 'BR' ? 'BR' : n.textContent)));
  assert.deepEqual(update, [`x₀ ← ${MINUS}1.92 ${MINUS} 0.1 × (${MINUS}3.84) = ${MINUS}1.536`, 'BR', `x₁ ← 2.56 ${MINUS} 0.1 × 5.12 = 2.048`]);
  const { name, text } = await download(page, () => page.click('[data-chart="gd2-chart"] [data-save="csv"]'));
  assert.equal(name, 'gradlab-descent-2d-bowl.csv');
  const lines = text.trim().split('\n');
  assert.equal(lines[0], 'step,x0,x1,f,df_dx0,df_dx1,grad_norm,update_x0,update_x1');
  assert.equal(lines.length, 4, 'header + points 0, 1, 2');
  assert.deepEqual(lines[1].split(',').slice(0, 7).map(Number), [0, -3, 4, 25, -6, 8, 10]);
  assert.deepEqual(lines[2].split(',').slice(1, 3).map(Number), [-2.4, 3.2]);
  const png = await download(page, () => page.click('[data-chart="gd2-loss"] [data-save="png"]'));
  assert.equal(png.name, 'gradlab-descent-2d-loss-bowl.png');
  await assertClean(page, errors);
  await page.close();
});

test('1-D descent: the multiplier 1 − 2η names each regime; x² only', async () => {
  // η = 0.9: 1 − 2η = −0.8, x flips sign while f falls; η = 0.5 lands; η = 1 bounces; η = 1.01 grows.
  const { page, errors } = await openLesson('#/gd1?fn=square&x0=-3&lr=0.9&steps=4', 'gd1');
  assert.equal(await page.getAttribute('#gd1-regime', 'data-regime'), 'alternates');
  assert.match(await page.textContent('#gd1-regime'), /zig-zag across the minimum.*f = x² falls steadily/);
  assert.match(await page.textContent('#gd1-multiplier'), new RegExp(`= ${MINUS}0\\.8,`));
  const rows = await page.$$eval('#gd1-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => r[2]), [`${MINUS}3`, '2.4', `${MINUS}1.92`, '1.536', `${MINUS}1.2288`], '−3·(−0.8)ⁿ');
  const words = { lands: /first step lands exactly on the minimum/, bounces: /for ever; f never changes/, grows: /\(η > 1\).*diverges/, shrinks: /\(η < 0\.5\)/ };
  for (const [lr, regime] of [['0.5', 'lands'], ['1', 'bounces'], ['1.01', 'grows'], ['0.01', 'shrinks']]) {
    await page.evaluate((h) => { location.hash = h; }, `#/gd1?fn=square&x0=-3&lr=${lr}&steps=0`);
    await page.waitForFunction((r) => document.getElementById('gd1-regime').dataset.regime === r, regime);
    assert.match(await page.textContent('#gd1-regime'), words[regime]);
  }
  // x⁴ − 3x² + x has no constant multiplier: no closed form shown.
  await page.evaluate(() => { location.hash = '#/gd1?fn=twomin&x0=1&lr=0.01&steps=2'; });
  await page.waitForFunction(() => document.getElementById('gd1-closed').hidden);
  assert.ok(await page.isHidden('#gd1-closed-head'));
  const cells = await page.$$eval('#gd1-table tbody tr:first-child td', (tds) => tds.length);
  assert.equal(cells, 5);
  await assertClean(page, errors);
  await page.close();
});

test('1-D descent: Run says why it stopped — converged (with the stop rule), paused, step limit, diverged', async () => {
  // x² from 1 at η = 0.25 halves x each step; the update −0.5ⁿ⁺¹ first falls under 10⁻⁶ after
  // 19 steps (0.5²⁰ = 9.537×10⁻⁷), so Run stops there by itself.
  const { page, errors } = await openLesson('#/gd1?fn=square&x0=1&lr=0.25&steps=0', 'gd1');
  assert.equal(await page.textContent('#gd1-stop'), '', 'nothing to say before running');
  await page.click('#gd1-run');
  await page.waitForFunction(() => document.getElementById('gd1-run').getAttribute('aria-pressed') === 'false'
    && document.getElementById('gd1-steps').textContent !== '0', null, { timeout: 20_000 });
  assert.equal(await page.textContent('#gd1-steps'), '19');
  const stop = await page.textContent('#gd1-stop');
  assert.match(stop, /^Converged after 19 steps: the next update moves the point by 9\.54 × 10⁻⁷, less than 1 × 10⁻⁶/);
  assert.ok(await page.isDisabled('#gd1-step'));
  // η = 0.01 is far from converged when one press of Run ends: paused, not converged.
  await page.evaluate(() => { location.hash = '#/gd1?fn=square&x0=-3&lr=0.01&steps=0'; });
  await page.waitForFunction(() => document.getElementById('gd1-steps').textContent === '0');
  await page.click('#gd1-run');
  await page.waitForFunction(() => document.getElementById('gd1-stop').textContent !== '', null, { timeout: 30_000 });
  const steps = await page.textContent('#gd1-steps');
  assert.equal(steps, '50', 'one press adds lessons::gd::RUN_STEPS_1D steps');
  assert.equal(await page.textContent('#gd1-stop'), `Run paused after ${steps} steps without converging: press Run to go on.`);
  assert.ok(await page.isEnabled('#gd1-step'));
  // The view's last step, and a diverging rate.
  await page.evaluate(() => { location.hash = '#/gd1?fn=square&x0=-3&lr=0.0001&steps=1000'; });
  await page.waitForFunction(() => /step limit/.test(document.getElementById('gd1-stop').textContent));
  assert.match(await page.textContent('#gd1-stop'), /1000 steps are shown/);
  await page.evaluate(() => { location.hash = '#/gd1?fn=square&x0=-3&lr=10&steps=20'; });
  await page.waitForFunction(() => /diverged/.test(document.getElementById('gd1-stop').textContent));
  assert.match(await page.textContent('#gd1-stop'), /^Stopped after 5 steps: the run diverged \(it went past 1 × 10⁶\)\.$/);
  // The point it names is the one past the bound (x₅ = −3·(−19)⁵), and its slope is a number.
  assert.equal(await page.textContent('#gd1-status'), 'After 5 steps: x = 7.43 × 10⁶, f(x) = 5.52 × 10¹³, f′(x) = 1.49 × 10⁷.');
  // One step is "1 step".
  await page.evaluate(() => { location.hash = '#/gd1?fn=square&x0=-3&lr=0.1&steps=1'; });
  await page.waitForFunction(() => /^After 1 step:/.test(document.getElementById('gd1-status').textContent));
  assert.equal(await page.textContent('#gd1-status'), `After 1 step: x = ${MINUS}2.4, f(x) = 5.76, f′(x) = ${MINUS}4.8.`);
  await assertClean(page, errors);
  await page.close();
});

test('2-D descent: leaving while Run animates keeps the new route (the animation stops, never writes its hash back)', async () => {
  const { page, errors } = await openLesson('#/gd2?fn=rosenbrock&x0=-1.5&x1=2&lr=0.001&steps=0&opt=sgd', 'gd2');
  await page.click('#gd2-run');
  await page.waitForFunction(() => Number(document.getElementById('gd2-steps').textContent) >= 2);
  await page.evaluate(() => { location.hash = '#/lr?lr=0.5'; });
  await page.waitForSelector('[data-view="lr"][data-ready]:not([hidden])', { timeout: 30_000 });
  await page.waitForTimeout(600); // several of the animation's 110 ms ticks
  assert.match(await hash(page), /^#\/lr\?lr=0\.5&/);
  assert.equal(await page.getAttribute('#gd2-run', 'aria-pressed'), 'false', 'the animation stopped');
  await assertClean(page, errors);
  await page.close();
});

test('1-D descent: a start typed out of range shows the clamped start in use once the field is left', async () => {
  const { page, errors } = await openLesson('#/gd1?fn=square&x0=-3&lr=0.1', 'gd1');
  await page.fill('#gd1-x0', '99');
  await page.press('#gd1-x0', 'Enter'); // the run starts from 4; the field, still focused, keeps 99
  await page.waitForFunction(() => /[?&]x0=4(&|$)/.test(location.hash));
  await page.waitForTimeout(200); // a frame or two: nothing may write into a focused field
  assert.equal(await page.inputValue('#gd1-x0'), '99');
  await page.evaluate(() => document.activeElement.blur());
  await page.waitForFunction(() => document.getElementById('gd1-x0').value === '4', null, { timeout: 5000 });
  await assertClean(page, errors);
  await page.close();
});

test('2-D descent on the saddle: the loss goes below 0, so its chart is linear and the log box says why', async () => {
  const { page, errors } = await openLesson('#/gd2?fn=saddle&opt=sgd&lr=0.1&steps=40', 'gd2');
  assert.ok(await page.isDisabled('#gd2-logy'));
  assert.equal(await page.textContent('#gd2-logy-note'), 'The loss goes below 0 here, which a logarithmic axis cannot show: the chart is linear.');
  await page.evaluate(() => { location.hash = '#/gd2?fn=bowl&opt=sgd&lr=0.1&steps=40'; });
  await page.waitForFunction(() => !document.getElementById('gd2-logy').disabled);
  assert.equal(await page.textContent('#gd2-logy-note'), '');
  await assertClean(page, errors);
  await page.close();
});

test('2-D descent: the note on the rate a new optimizer took goes once the rate or optimizer changes', async () => {
  const { page, errors } = await openLesson('#/gd2?opt=sgd&lr=0.1', 'gd2');
  await page.selectOption('#gd2-opt', 'adam');
  await page.waitForFunction(() => /^η set to /.test(document.getElementById('gd2-lr-note').textContent));
  assert.match(await page.textContent('#gd2-lr-note'), /a rate that suits Adam/);
  // A keyboard step of the slider (no input event from a pointer), then a link to other settings.
  await page.focus('#gd2-lr');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.getElementById('gd2-lr-note').textContent === '', null, { timeout: 5000 });
  await page.selectOption('#gd2-opt', 'momentum');
  await page.waitForFunction(() => /^η set to /.test(document.getElementById('gd2-lr-note').textContent));
  await page.evaluate(() => { location.hash = '#/gd2?opt=sgd&lr=1.5'; });
  await page.waitForFunction(() => document.getElementById('gd2-lr-note').textContent === '', null, { timeout: 5000 });
  await assertClean(page, errors);
  await page.close();
});

// ───────────────────────────── §4 learning rate ─────────────────────────────

test('learning-rate lab from the minimum (x₀ = 0): no rate is called good or diverging, since nothing moves', async () => {
  const { page, errors } = await openLesson('#/lr?lr=0.1&x0=0&steps=100', 'lr');
  const labels = await page.$$eval('.run-card .diag', (els) => els.map((e) => [e.dataset.diag, e.textContent]));
  assert.equal(labels.length, 6);
  for (const label of labels) assert.deepEqual(label, ['stationary', 'no movement']);
  assert.match(await page.textContent('#lr-verdict'), /^Your η = 0\.1: no movement\. The start is already where f′\(x\) = 0/);
  await assertClean(page, errors);
  await page.close();
});

test('learning-rate lab: each rate labelled by its computed diagnosis; a diverged run shows — where it took no step, never ∞ or NaN', async () => {
  const { page, errors } = await openLesson('#/lr?lr=1.01&steps=100', 'lr');
  assert.match(await hash(page), /^#\/lr\?lr=1\.01&x0=-3&steps=100&sched=constant&/);
  const cards = await page.$$eval('.run-card', (els) => els.map((el) => ({
    lr: el.dataset.lr, diagnosis: el.dataset.diagnosis, label: el.querySelector('.diag').textContent,
    mine: el.classList.contains('mine'), text: el.textContent,
  })));
  assert.deepEqual(cards.map((c) => c.lr), ['0.001', '0.01', '0.1', '0.5', '1.01', '10']);
  const mine = cards.find((c) => c.mine);
  assert.equal(mine.lr, '1.01');
  assert.match(mine.label, /^(diverging|oscillating)$/);
  assert.equal(mine.label, mine.diagnosis);
  assert.match(mine.text, /x ← −3 − 1\.01 × \(−6\) = 3\.06/);
  assert.equal(cards[0].label, 'too slow');
  const ten = cards.find((c) => c.lr === '10');
  assert.equal(ten.label, 'diverging');
  // Its x after 100 steps is −3·(−19)¹⁰⁰, finite: no cell or sentence may call it an overflow.
  assert.doesNotMatch(ten.text, /∞|NaN/);
  assert.match(ten.text, /—/);
  assert.match(await page.textContent('#lr-verdict'), /η = 1\.01: (diverging|oscillating)/);
  // Every card shows its multiplier and the closed form beside the iterated x.
  const multipliers = await page.$$eval('.run-card .multiplier', (els) => els.map((e) => [e.dataset.regime, e.querySelector('strong').textContent]));
  assert.deepEqual(multipliers, [
    ['shrinks', '×0.998 per step'], ['shrinks', '×0.98 per step'], ['shrinks', '×0.8 per step'],
    ['lands', '×0 per step'], ['grows', `×${MINUS}1.02 per step`], ['grows', `×${MINUS}19 per step`],
  ]);
  const cardRows = await page.$$eval('.run-card tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  for (const r of cardRows.filter((r) => r[0] !== '…' && r[1] !== '—')) assert.equal(r[1], r[2], `iterated and closed form: ${r}`);
  assert.ok(await colouredPixels(page, '#lr-curves') > 500);
  assert.match(await page.textContent('#lr-curves-alt'), /η=10 diverging/);
  // The row of a step the run never took is marked: x and f are "—", each saying why, and the
  // closed form beside them is a number (−2.25 × 10¹²⁸); the other cells say nothing.
  const tenRows = await page.$$eval('.run-card[data-lr="10"] tbody tr', (trs) => trs.map((tr) => ({
    overflow: tr.classList.contains('overflow'), cells: [...tr.cells].map((c) => [c.textContent, c.title]),
  })));
  const notTaken = tenRows.filter((r) => r.overflow);
  assert.equal(notTaken.length, 1, 'η = 10 stops at the bound within 100 steps');
  assert.deepEqual(notTaken[0].cells.map(([text]) => text), ['100', '—', `${MINUS}2.25 × 10¹²⁸`, '—']);
  const why = 'not computed: the run stopped at the divergence bound before this step (the closed form beside it says where x would be)';
  for (const [text, title] of tenRows.flatMap((r) => r.cells)) assert.equal(title, text === '—' ? why : '', `cell ${text}`);
  // The preset buttons: one per rate of the wasm's list, labelled with it, the chosen one pressed.
  const presets = await page.$$eval('#lr-presets .preset', (bs) => bs.map((b) => [b.dataset.lr, b.textContent, b.getAttribute('aria-pressed')]));
  assert.deepEqual(presets, ['0.001', '0.01', '0.1', '0.5', '1.01', '10'].map((lr) => [lr, lr, String(lr === '1.01')]));

  // A preset button sets the rate exactly.
  await page.click('.preset[data-lr="0.5"]');
  await page.waitForFunction(() => location.hash.startsWith('#/lr?lr=0.5&'));
  assert.equal(await page.getAttribute('.preset[data-lr="0.5"]', 'aria-pressed'), 'true');

  const csv = await download(page, () => page.click('[data-chart="lr-curves"] [data-save="csv"]'));
  const lines = csv.text.trim().split('\n');
  // η = 0.5 lands on the minimum in one step: a special case of x², not "good".
  assert.match(lines[0], /^iteration,f\(x\) lr=0\.5 \(one-step\),f\(x\) lr=0\.001 \(too-slow\)/);
  assert.equal(lines.length, 102, 'header + iterations 0…100');
  assert.deepEqual(lines[1].split(',').map(Number), [0, 9, 9, 9, 9, 9, 9]);
  await assertClean(page, errors);
  await page.close();
});

test('the chapter’s checkpoint tables: every cell computed, iterated beside the closed form', async () => {
  const { page, errors } = await openLesson('#/lr?lr=0.1&x0=-3', 'lr');
  const tables = await page.$$eval('#lr-check-tables figure', (figs) => figs.map((f) => ({
    lr: f.dataset.lr, regime: f.dataset.regime,
    rows: [...f.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent)),
  })));
  assert.deepEqual(tables.map((t) => t.lr), ['0.001', '0.01', '0.1', '1.01']);
  assert.deepEqual(tables.map((t) => t.regime), ['shrinks', 'shrinks', 'shrinks', 'grows']);
  for (const t of tables) {
    assert.deepEqual(t.rows.map((r) => r[0]), ['0', '1', '2', '3', '10', '50', '100', '500', '1000']);
    for (const r of t.rows) assert.equal(r[1], r[2], `η = ${t.lr}, n = ${r[0]}: iterated ${r[1]} vs closed form ${r[2]}`);
    assert.deepEqual(t.rows[0].slice(0, 4), ['0', `${MINUS}3`, `${MINUS}3`, '9']);
  }
  const cell = (lr, n) => tables.find((t) => t.lr === lr).rows.find((r) => r[0] === String(n));
  assert.equal(cell('0.1', 10)[1], `${MINUS}0.322123`, '−3·0.8¹⁰ = −0.3221225…');
  assert.equal(cell('0.01', 50)[1], `${MINUS}1.092509`, '−3·0.98⁵⁰');
  assert.equal(cell('0.001', 1000)[1], `${MINUS}0.405194`, '−3·0.998¹⁰⁰⁰');
  assert.deepEqual(cell('1.01', 1).slice(1, 5), ['3.06', '3.06', '9.3636', `${MINUS}6.1812`], 'x₁ = 3.06, next change −2·1.01·3.06');
  assert.match(cell('1.01', 1000)[1], /^−1\.19 × 10⁹$/, 'past the lab’s stop at 10⁶, still computed');
  assert.match(await page.textContent('#lr-check-intro'), /x₀ = −3.*0\.001, 0\.01, 0\.1, 1\.01.*0, 1, 2, 3, 10, 50, 100, 500, 1000/);

  // The regimes the multiplier explains, with their boundaries from the wasm.
  const regimes = await page.$$eval('#lr-regimes li', (lis) => lis.map((li) => [li.dataset.regime, li.textContent]));
  assert.deepEqual(regimes.map((r) => r[0]), ['shrinks', 'lands', 'alternates', 'bounces', 'grows']);
  assert.match(regimes[2][1], /\(0\.5 < η < 1\)/);

  // Recommended starting rates, each with a source; the x² row computed from f″ = 2.
  const rec = await page.$$eval('#lr-rec-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rec.length, 7);
  assert.ok(rec.every((r) => r[4].length > 5), 'every row names its source');
  const adam = rec.find((r) => r[1] === 'Adam');
  assert.deepEqual(adam.slice(2, 4), ['0.001', 'β₁ = 0.9, β₂ = 0.999']);
  assert.match(adam[4], /Kingma & Ba/);
  assert.match(rec[0][4], /train_neuralnet\.py/);
  assert.deepEqual(rec[6].slice(2), ['below 0.5 without zig-zag; below 1 at all', '—', 'computed here from the curvature f″ = 2: η < 1/f″ and η < 2/f″']);
  // The race's usual rates are written from the wasm, not from a sentence.
  assert.equal(await page.textContent('#lr-rr-default-label'), 'Usual starting rates: SGD 0.1, Momentum 0.1, AdaGrad 0.01, RMSprop 0.001, Adam 0.001');
  await assertClean(page, errors);
  await page.close();
});

test('texts agree with the maths: loss hint, summary’s SSE note, the h statement', async () => {
  const { page, errors } = await openLesson('#/loss?p=0.1', 'loss');
  assert.match(await page.textContent('#loss-p-hint'), /every other output at 0/);
  assert.doesNotMatch(await page.textContent('section.lesson:not([hidden])'), /share the rest/);
  await assertClean(page, errors);
  await page.evaluate(() => { location.hash = '#/summary'; });
  await page.waitForSelector('[data-view="summary"][data-ready]:not([hidden])');
  const sse = await page.textContent('[data-formula="sse"] .hint');
  assert.match(sse, /p\(1 − p\)/);
  assert.doesNotMatch(sse, /gradient shrinks as the prediction gets worse/);
  assert.match(await page.textContent('[data-formula="numdiff"] .hint'), /safe choice, not the balance point/);
  await page.close();
});

test('the learning-rate view\'s lists and sentences come from the core and read as before, in both languages', async () => {
  // lessons/lr.rs: SHAPES (too slow, good, oscillating, diverging), schedule_formula of each
  // decaying schedule; lessons/facts.rs: the race's 5 optimizers (OptimizerKind::ALL) and
  // x²'s bound η < 2 / f'' = 1 (descent::quadratic_rate_limits).
  const expected = {
    en: {
      shapes: [['too slow', 'The loss falls, but slowly: there is still room to go down. Try η ten times larger.'],
        ['good', 'A smooth, steady fall that settles: a good learning rate.'],
        ['oscillating', 'Zig-zag: each step jumps across the valley. On x² that zig-zag is in x, while the loss keeps falling as long as η < 1; on a network’s loss the curve itself jumps up and down. Try η ten times smaller.'],
        ['diverging', 'The loss climbs: each jump overshoots more than the last and the run flies off. Lower η a lot.']],
      formulas: ['step decay: η₀ · γ⌊t / s⌋', 'exponential decay: η₀ · e−kt', '1/t decay: η₀ / (1 + kt)'],
      alt: /^Contour plot of f\(x₀, x₁\) = .* with the 5 trajectories from \(/,
      usual: 'Usual starting rates: SGD 0.1, Momentum 0.1, AdaGrad 0.01, RMSprop 0.001, Adam 0.001',
    },
    ja: {
      shapes: [['遅すぎる', null], ['適切', null],
        ['振動', 'ジグザグ：毎回谷を飛び越えて行ったり来たりします。x² でジグザグになるのは x で、η < 1 なら損失は減り続けます。ネットワークの損失では曲線そのものが上下します。η を 1/10 にしてみましょう。'],
        ['発散', null]],
      formulas: ['ステップ減衰: η₀ · γ⌊t / s⌋', '指数減衰: η₀ · e−kt', '1/t 減衰: η₀ / (1 + kt)'],
      alt: /^f\(x₀, x₁\) = .* の等高線と、\(.*\) からの5つの軌跡/,
      usual: 'よく使われる初期値：SGD 0.1、Momentum 0.1、AdaGrad 0.01、RMSprop 0.001、Adam 0.001',
    },
  };
  const { page, errors } = await openLesson('#/lr', 'lr');
  for (const lang of ['en', 'ja']) {
    await page.click(`#lang-${lang}`);
    const shapes = await page.$$eval('#lr-shapes > div', (divs) => divs.map((d) => [d.querySelector('.diag').dataset.diag, d.querySelector('dt').textContent, d.querySelector('dd').textContent]));
    assert.deepEqual(shapes.map((r) => r[0]), ['too-slow', 'good', 'oscillating', 'diverging'], lang);
    expected[lang].shapes.forEach(([dt, dd], i) => {
      assert.equal(shapes[i][1], dt, `${lang} shape ${i}`);
      if (dd !== null) assert.equal(shapes[i][2], dd, `${lang} shape ${i}`);
    });
    const formulas = await page.$$eval('#lr-sched-formulas li', (lis) => lis.map((li) => [li.textContent, li.querySelectorAll('sup').length]));
    assert.deepEqual(formulas, expected[lang].formulas.map((text, i) => [text, i < 2 ? 1 : 0]), lang);
    // OptimizerKind::ALL with label() and default_lr(), one "lr.race.default.rate" each.
    assert.equal(await page.textContent('#lr-rr-default-label'), expected[lang].usual, lang);
    await page.locator('#lr-race-chart').scrollIntoViewIfNeeded();
    const alt = () => page.$$eval('[data-view="lr"] p', (ps) => ps.map((p) => p.textContent));
    await page.waitForFunction((re) => [...document.querySelectorAll('[data-view="lr"] p')].some((p) => new RegExp(re).test(p.textContent)), expected[lang].alt.source);
    assert.ok((await alt()).some((text) => expected[lang].alt.test(text)), lang);
  }
  await page.click('#lang-en');
  await assertClean(page, errors);
  await page.close();
});

test('schedules and the optimizer race draw; tuned rates by default, the usual ones a click away; paths hide', async () => {
  // Himmelblau from the origin, f = 170 there (closed form: (0 + 0 − 11)² + (0 + 0 − 7)²).
  const { page, errors } = await openLesson('#/lr?lr=0.1&steps=100&race=himmelblau&rx0=0&rx1=0', 'lr');
  const sched = await page.$$eval('#lr-sched-table tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent));
  assert.deepEqual(sched, ['constant', 'step decay', 'exponential decay', '1/t decay']);
  for (const id of ['#lr-sched-chart', '#lr-sched-runs', '#lr-race-chart', '#lr-race-loss']) {
    assert.ok(await colouredPixels(page, id) > 500, `${id} drawn`);
  }
  const rows = () => page.$$eval('#lr-race-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  const race = await rows();
  assert.deepEqual(race.map((r) => r[0]), ['SGD', 'Momentum', 'AdaGrad', 'RMSprop', 'Adam']);
  assert.equal(await page.isChecked('#lr-rr-1'), true, 'tuned rates by default');
  assert.match(await hash(page), /&rr=1/);
  // At the tuned rates every optimizer gets far down from 170 in 100 steps.
  for (const [name, , end] of race) assert.ok(Number(end) < 17, `${name} ends at ${end}`);
  assert.match(await page.textContent('#lr-rr-why'), /1, 2 and 5 × 10ⁿ from 0\.0001 to 10 .* over 100 steps/);
  await page.check('#lr-rr-0');
  await page.waitForFunction(() => location.hash.includes('rr=0'));
  await page.waitForTimeout(150);
  const usual = (await rows()).map((r) => r[1]);
  assert.deepEqual(usual, ['0.1', '0.1', '0.01', '0.001', '0.001'], 'the usual default rates');
  assert.notDeepEqual(usual, race.map((r) => r[1]));
  // Adam at 0.001 barely leaves the start: the reason the tuned rates exist.
  assert.ok(Number((await rows())[4][2]) > 150);

  // Each optimizer can be hidden: its path goes, the address remembers, and it comes back.
  const drawn = await canvasSignature(page, '#lr-race-chart');
  await page.uncheck('#lr-race-table tr[data-optimizer="momentum"] .race-show');
  await page.waitForFunction(() => location.hash.includes('hide=momentum'));
  await page.waitForTimeout(150);
  assert.notEqual(await canvasSignature(page, '#lr-race-chart'), drawn, 'momentum is no longer drawn');
  assert.equal(await page.isChecked('#lr-race-table tr[data-optimizer="momentum"] .race-show'), false);
  await page.check('#lr-race-table tr[data-optimizer="momentum"] .race-show');
  await page.waitForFunction(() => !location.hash.includes('hide='));
  await page.waitForTimeout(150);
  assert.equal(await canvasSignature(page, '#lr-race-chart'), drawn, 'the same picture as before');

  const before = await canvasSignature(page, '#lr-race-chart');
  const box = await page.locator('#lr-race-chart').boundingBox();
  await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.3);
  await page.waitForFunction(() => !location.hash.includes('rx0=0&rx1=0'));
  await page.waitForTimeout(150);
  assert.notEqual(await canvasSignature(page, '#lr-race-chart'), before);
  await assertClean(page, errors);
  await page.close();
});

// ───────────────────────────── every view ─────────────────────────────

test('teacher mode: `<key>_hide=1` hides that control and survives hash rewrites', async () => {
  const { page, errors } = await openLesson('#/lr?lr=0.5&lr_hide=1&race_hide=1', 'lr');
  assert.ok(await page.isHidden('#lr-lr'), 'the learning-rate slider is hidden');
  assert.ok(await page.isHidden('#lr-presets'), 'so are the presets');
  assert.ok(await page.isHidden('#lr-race-fn'));
  assert.ok(await page.isVisible('#lr-steps'));
  await page.fill('#lr-steps', '50');
  await page.press('#lr-steps', 'Enter');
  await page.waitForFunction(() => location.hash.includes('steps=50'));
  const h = await hash(page);
  assert.match(h, /^#\/lr\?lr=0\.5&x0=-3&steps=50&/);
  assert.match(h, /&lr_hide=1/);
  assert.match(h, /&race_hide=1/);
  await assertClean(page, errors);
  await page.close();

  const gd = await openLesson('#/gd2?fn=saddle&x0_hide=1', 'gd2');
  assert.ok(await gd.page.isHidden('#gd2-x0'));
  assert.ok(await gd.page.isVisible('#gd2-fn'));
  await assertClean(gd.page, gd.errors);
  await gd.page.close();
});

test('the nav link opens section 3; the views switch to Japanese', async () => {
  const { page, errors } = await openLesson('#/loss', 'loss');
  await page.click('#nav a[href="#/descent"]');
  await page.waitForSelector('[data-view="gd1"]:not([hidden])');
  await page.waitForFunction(() => location.hash.startsWith('#/gd1?fn=square&'));
  assert.equal(await page.getAttribute('#nav a[href="#/descent"]', 'aria-current'), 'page');
  await page.click('#gd1-view a.tab[href="#/gd2"]');
  await page.waitForFunction(() => location.hash.startsWith('#/gd2?fn=bowl&'));
  assert.equal(await page.getAttribute('#nav a[href="#/descent"]', 'aria-current'), 'page');
  await page.click('#lang-ja');
  assert.equal(await page.textContent('#gd2-step'), '1ステップ');
  await page.click('#nav a[href="#/lr"]');
  await page.waitForSelector('[data-view="lr"]:not([hidden])');
  await page.waitForTimeout(150);
  assert.ok((await page.$$eval('.run-card .diag', (els) => els.map((e) => e.textContent))).includes('適切'));
  assert.match(await page.textContent('#lr-check-intro'), /本書が比べる学習率/);
  assert.equal(await page.textContent('#lr-sched-table tbody tr:nth-child(2) td'), 'ステップ減衰');
  await page.click('#lang-en');
  await assertClean(page, errors);
  await page.close();
});

test('the lesson inputs span their keys\' ranges from the key tables (lessons/mod.rs), not from the markup', async () => {
  // The views' markup writes no range of an input (only a progress bar's); the worked example's
  // y inputs span losses::Y_RANGE, from lossExampleShown.
  for (const file of ['gd1.html', 'gd2.html', 'lr.html', 'loss.html', 'summary.html', 'pieces/number.html', 'pieces/start.html']) {
    const markup = readFileSync(new URL(`../../www/views/${file}`, import.meta.url), 'utf8');
    const ranged = markup.split('\n').filter((line) => /\b(data-)?(min|max)="/.test(line) && !/<progress/.test(line));
    assert.deepEqual(ranged, [], `${file} writes no key's range`);
  }
  const ranges = async (page, ids) => page.evaluate((list) => list.map((id) => {
    const el = document.getElementById(id);
    return [id, el.min, el.max];
  }), ids);
  let { page, errors } = await openLesson('#/gd2', 'gd2');
  assert.deepEqual(await ranges(page, ['gd2-x0', 'gd2-x1']), [['gd2-x0', '-10', '10'], ['gd2-x1', '-10', '10']]);
  await assertClean(page, errors);
  await page.close();
  ({ page, errors } = await openLesson('#/lr', 'lr'));
  // LR_KEYS; the race's start through GD2_KEYS' x0 and x1 (lessons/lr.rs)
  assert.deepEqual(await ranges(page, ['lr-x0', 'lr-steps', 'lr-gamma', 'lr-every', 'lr-k', 'lr-rx0', 'lr-rx1']), [
    ['lr-x0', '-4', '4'], ['lr-steps', '1', '1000'], ['lr-gamma', '0.01', '1'], ['lr-every', '1', '1000'], ['lr-k', '0', '1'],
    ['lr-rx0', '-10', '10'], ['lr-rx1', '-10', '10'],
  ]);
  await assertClean(page, errors);
  await page.close();
  ({ page, errors } = await openLesson('#/loss', 'loss'));
  // losses::Y_RANGE: a y is a probability, 0 to 1 (each of the chapter's three rows).
  assert.deepEqual(await page.$$eval('#loss-ex .y-input', (els) => els.map((el) => [el.min, el.max])), [['0', '1'], ['0', '1'], ['0', '1']]);
  await assertClean(page, errors);
  await page.close();
  ({ page, errors } = await openLesson('#/summary', 'summary'));
  assert.deepEqual(await ranges(page, ['sum-batch', 'sum-hidden']), [['sum-batch', '1', '60000'], ['sum-hidden', '1', '1000']]);
  assertNoErrors(assert, errors); // (its mistakes' text names NaN: assertClean would object)
  await page.close();
});

// ───────────────────────────── the prose's numbers ─────────────────────────────

const LOCALES = Object.fromEntries(['en', 'ja'].map((lang) => [lang, JSON.parse(readFileSync(new URL(`../../www/locales/${lang}.json`, import.meta.url), 'utf8'))]));

/** Every text node and attribute of the page that still shows a {placeholder} (code listings aside). */
function unfilledPlaceholders(page) {
  return page.evaluate(() => {
    const found = [];
    const placeholder = /\{\w+\}/;
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('pre, code')) continue; // code shows braces of its own
      for (const a of el.attributes) if (placeholder.test(a.value)) found.push(`<${el.localName} id="${el.id}"> ${a.name}="${a.value}"`);
      for (const n of el.childNodes) if (n.nodeType === Node.TEXT_NODE && placeholder.test(n.nodeValue)) found.push(`<${el.localName} id="${el.id}"> ${n.nodeValue}`);
    }
    return found;
  });
}

test('the prose states the core\'s numbers (lessons/facts.rs: the lr and p key ranges, δ, the mistakes\' run, 60,000 / 100) in both languages', async () => {
  // The text files write placeholders, not the numbers: the page fills them from the wasm's textFacts().
  for (const lang of ['en', 'ja']) {
    assert.match(LOCALES[lang]['lesson.lr.hint'], /\{lrMin\}.*\{lrMax\}/);
    assert.doesNotMatch(LOCALES[lang]['lesson.lr.hint'], /0\.0001/);
    assert.match(LOCALES[lang]['sum.mistakes.intro'], /\{mistakeImages\}.*\{mistakeIterations\}/);
  }
  // Expected: config::LR_MIN..LR_MAX = 10⁻⁴..10, LOSS_KEYS' p = 0.001..1, nn::loss::LOG_DELTA =
  // 10⁻⁷ and −ln 10⁻⁷ = 16.118, summary::MISTAKE_BASE's subset=1000&iters=500, the book's
  // 60,000 images in batches of 100, gradcheck::PRESETS (784-50-10 on 100, 784-10-10 on 10),
  // the step-size study's h from 10⁻¹⁰ to 1 and the book's h = 10⁻⁴ (gradcheck::STUDY_LOG_H_*, BOOK_H),
  // its points sin at 1, eˣ at 0, x³ at 2 (STUDY_*_AT), Adam's usual η = 0.001 (OptimizerKind::default_lr),
  // #/gd2's first step from its defaults (GD2_KEYS: (−3, 4), η = 0.1; ∇f of x₀² + x₁² = (−6, 8)).
  const expected = {
    en: {
      gd1: [['[data-i18n="lesson.lr.hint"]', 'Logarithmic scale, 0.0001 to 10.']],
      loss: [['#loss-p-hint', /^Logarithmic scale from 0\.001 to 1\. /], ['#loss-ex-delta', /^δ = 10⁻⁷ is added .* = 16\.118 instead of ∞\. .*≈ −10⁻⁷, a loss below 0/]],
      summary: [['[data-i18n="sum.mistakes.intro"]', /\(1,000 images, 500 iterations\)/], ['[data-i18n="sum.c.epoch"]', /\(60,000 \/ 100 = 600\)/]],
      backprop: [['#gc-book .preset-name', 'book: 784-50-10, 100 images'], ['#gc-small .preset-name', 'small: 784-10-10, 10 images'],
        ['#gc-h-explain', /at h = 10⁻¹⁰ against .* at h = 1\. .*but h = 10⁻⁴ is the safe choice/],
        ['#gc-fn', 'sin x at x = 1eˣ at x = 0x³ at x = 2']],
      lr: [['#lr-rr-why', /so on a function of two variables η = 0\.001 barely leaves the start/]],
      gd2: [['[data-i18n="gd2.why.3"]', 'For f = x₀² + x₁², ∇f = (2x₀, 2x₁): at (−3, 4) it is (−6, 8), ‖∇f‖ = 10, and with η = 0.1 the first update goes to (−2.4, 3.2). Click Step from that start and check.']],
    },
    ja: {
      gd1: [['[data-i18n="lesson.lr.hint"]', '対数目盛、0.0001〜10。']],
      loss: [['#loss-p-hint', /^対数目盛、0\.001〜1。/], ['#loss-ex-delta', /^log の中に δ = 10⁻⁷ を足す.*= 16\.118（∞ ではない）.*≈ −10⁻⁷ と/]],
      summary: [['[data-i18n="sum.mistakes.intro"]', /（画像1,000枚・500回）/], ['[data-i18n="sum.c.epoch"]', /（60,000 \/ 100 = 600）/]],
      backprop: [['#gc-book .preset-name', '本書: 784-50-10、画像100枚'], ['#gc-small .preset-name', '小: 784-10-10、画像10枚'],
        ['#gc-h-explain', /h = 10⁻¹⁰ で .*、h = 1 で .*h = 10⁻⁴ は安全な選択/],
        ['#gc-fn', 'sin x（x = 1）eˣ（x = 0）x³（x = 2）']],
      lr: [['#lr-rr-why', /2 変数の関数では η = 0\.001 だと/]],
      gd2: [['[data-i18n="gd2.why.3"]', 'f = x₀² + x₁² では ∇f = (2x₀, 2x₁)。(−3, 4) では (−6, 8)、‖∇f‖ = 10 で、η = 0.1 の最初の更新は (−2.4, 3.2) です。その初期位置で「1ステップ」を押して確かめてみましょう。']],
    },
  };
  const { page, errors } = await openLesson('#/gd1', 'gd1');
  for (const lang of ['en', 'ja']) {
    await page.click(`#lang-${lang}`);
    for (const [view, checks] of Object.entries(expected[lang])) {
      await page.evaluate((v) => { location.hash = `#/${v}`; }, view);
      await page.waitForSelector(`[data-view="${view}"][data-ready]:not([hidden])`);
      for (const [selector, text] of checks) {
        const shown = await page.textContent(`[data-view="${view}"] ${selector}`);
        if (typeof text === 'string') assert.equal(shown, text, `${lang} ${view} ${selector}`);
        else assert.match(shown, text, `${lang} ${view} ${selector}`);
      }
    }
  }
  await page.click('#lang-en');
  assertNoErrors(assert, errors);
  await page.close();
});

test('no {placeholder} is left unfilled on any view, in either language, nor before the wasm is ready', async () => {
  // Before the wasm gives the facts, a static text that states one keeps its (empty) markup.
  // The held page gets a context of its own, without service workers: the shared context's
  // service worker would fetch the wasm where this route cannot hold it, and a request still held
  // when the page closed once kept the next page of the shared context from loading (CI, 30 s).
  const earlyContext = await app.browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', serviceWorkers: 'block' });
  const early = await earlyContext.newPage();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await early.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  await early.goto(`${app.url}#/train`);
  await early.waitForSelector('[data-i18n="train.title"]:not(:empty)');
  assert.deepEqual(await unfilledPlaceholders(early), [], 'before the wasm is ready');
  assert.notEqual(await early.evaluate(() => window.gradlab?.state?.status), 'idle', 'the wasm was held back');
  release();
  // Let the held request finish before closing, so nothing is left in flight.
  await early.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 30_000 });
  assert.deepEqual(await unfilledPlaceholders(early), [], 'once the wasm is ready');
  await earlyContext.close();
  const { page, errors } = await openLesson('#/cycle', 'cycle');
  for (const lang of ['en', 'ja']) {
    await page.click(`#lang-${lang}`);
    for (const view of ['cycle', 'loss', 'gd1', 'gd2', 'lr', 'minibatch', 'backprop', 'summary', 'train', 'draw']) {
      await page.evaluate((v) => { location.hash = `#/${v}`; }, view);
      if (view === 'train') await page.waitForFunction(() => window.gradlab.state.status === 'idle', null, { timeout: 30_000 });
      else if (view === 'draw') await page.waitForFunction(() => window.gradlab.draw.ready, null, { timeout: 30_000 });
      else await page.waitForSelector(`[data-view="${view}"][data-ready]:not([hidden])`);
      await page.waitForTimeout(150); // one animation frame renders the numbers
      assert.deepEqual(await unfilledPlaceholders(page), [], `${lang} #/${view}`);
    }
  }
  await page.click('#lang-en');
  assertNoErrors(assert, errors);
  await page.close();
});
