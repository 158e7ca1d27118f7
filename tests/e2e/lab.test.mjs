// The lab views: section 5 (mini-batch), section 6 (numerical diff vs backprop, gradient check)
// and sections 7–10 (summary). Runs are kept small (1,000 images, one epoch, the 784-10-10
// network on 10 images) so the file finishes in well under a minute on two cores.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { assertNoErrors, colouredPixels, openPage, startApp } from './helpers.mjs';

const RUN_TIMEOUT = 60_000;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

const verdictOf = (page, param) => page.$eval(`#gc-check tr[data-param="${param}"]`, (tr) => ({ verdict: tr.dataset.verdict, cls: tr.className }));

test('#/backprop starts on the small preset and states the expected duration of each preset before any click', async () => {
  const { page, errors } = await openPage(app, '#/backprop');
  await page.waitForSelector('#backprop-view[data-ready="1"]:not([hidden])');
  assert.equal(await page.getAttribute('#gc-small', 'aria-pressed'), 'true', 'the small preset is the default');
  assert.equal(await page.getAttribute('#gc-book', 'aria-pressed'), 'false');
  assert.match(await page.evaluate(() => location.hash), /hidden=10&batch=10/);
  // measured in the lab worker from a few partial derivatives, with nothing clicked
  await page.waitForFunction(() => document.getElementById('gc-expected').dataset.ms !== '', null, { timeout: RUN_TIMEOUT });
  const ms = Number(await page.getAttribute('#gc-expected', 'data-ms'));
  assert.ok(Number.isFinite(ms) && ms > 0, `expected ${ms} ms`);
  const note = await page.textContent('#gc-expected');
  console.log(`expected: ${note}`);
  assert.match(note, /about \d.* (ms|s|min)\b.* on this computer/);
  // the book's preset is one click away, its button saying how long it will take
  await page.waitForFunction(() => document.getElementById('gc-book').dataset.expectedMs !== '');
  assert.match(await page.textContent('#gc-book'), /784-50-10.* — about \d/);
  assert.equal(await page.textContent('#gc-params'), '—', 'nothing has run');
  await page.click('#gc-book');
  await page.waitForFunction(() => location.hash.includes('hidden=50&batch=100')
    && document.getElementById('gc-expected').dataset.ms === document.getElementById('gc-book').dataset.expectedMs);
  assertNoErrors(assert, errors);
  await page.close();
});

test('timing on the small network: backprop is over 100× faster; a bug switch turns the check red and back', async () => {
  const { page, errors } = await openPage(app, '#/backprop?hidden=10&batch=10');
  await page.waitForSelector('#backprop-view[data-ready="1"]:not([hidden])');
  assert.match(await page.textContent('#gc-check-note'), /quick check|簡易チェック/);
  await page.click('#gc-run');
  await page.waitForFunction(() => document.getElementById('gc-ratio').dataset.ratio !== '', null, { timeout: RUN_TIMEOUT });
  // the ratio as the page shows it ("3,038 ×"), not the data attribute
  const shown = Number((await page.textContent('#gc-ratio')).replace(/[^\d.]/g, ''));
  assert.ok(shown > 100, `numerical / backprop ratio shown: ${shown}`);
  assert.equal(await page.textContent('#gc-params'), '7,960'); // 784·10 + 10 + 10·10 + 10
  // the correct code: every parameter's relative error below the 'perfect' bound (f64, h = 1e-4)
  await page.waitForFunction(() => document.querySelector('#gc-check tr[data-param="W2"]').dataset.verdict !== '');
  for (const p of ['W1', 'b1', 'W2', 'b2']) assert.equal((await verdictOf(page, p)).verdict, 'perfect', p);

  await page.check('#gc-bug-transposed-weight-gradient');
  await page.waitForFunction(() => document.querySelector('#gc-check tr[data-param="W2"]').dataset.verdict === 'bug');
  const red = await verdictOf(page, 'W2');
  assert.equal(red.cls, 'verdict-bug');
  const colour = await page.$eval('#gc-check tr[data-param="W2"] td.diff', (td) => getComputedStyle(td).color);
  assert.equal(colour, 'rgb(180, 35, 24)'); // --bad
  assert.match(await page.evaluate(() => location.hash), /bugs=transposed-weight-gradient/);

  await page.uncheck('#gc-bug-transposed-weight-gradient');
  await page.waitForFunction(() => document.querySelector('#gc-check tr[data-param="W2"]').dataset.verdict === 'perfect');
  assert.equal((await verdictOf(page, 'W2')).cls, 'verdict-perfect');
  assert.match(await page.textContent('#gc-check-note'), /all 7,960 parameters|全 7,960 個/);

  // the step-size chart and the chain rule are computed on the main thread from the wasm
  assert.ok(await colouredPixels(page, '#gc-h-chart') > 500, 'the h chart has curves');
  await page.fill('#gc-x', '2');
  await page.waitForFunction(() => document.getElementById('gc-graph').textContent.includes('28')); // 4(2·2 + 3)
  assertNoErrors(assert, errors);
  await page.close();
});

test('quick gradient check on the book’s 784-50-10 network: each injected bug turns a row red', async () => {
  const { page, errors } = await openPage(app, '#/backprop?hidden=50&batch=100');
  await page.waitForSelector('#backprop-view[data-ready="1"]:not([hidden])');
  await page.click('#gc-quick');
  await page.waitForFunction(() => document.querySelector('#gc-check tr[data-param="b2"]').dataset.verdict !== '', null, { timeout: RUN_TIMEOUT });
  const verdicts = () => page.$$eval('#gc-check tbody tr', (rows) => rows.map((r) => r.dataset.verdict));
  assert.deepEqual(await verdicts(), ['perfect', 'perfect', 'perfect', 'perfect'], 'the correct code');
  // a sample, and it says so: 400 of W1 and W2, all 50 of b1 and 10 of b2
  assert.match(await page.textContent("#gc-check-note"), /860 of the 39,760|39,760 個のうち無作為に選んだ 860/);
  const bugs = ['no-batch-division', 'transposed-weight-gradient', 'sigmoid-derivative-on-input'];
  for (const bug of bugs) {
    await page.check(`#gc-bug-${bug}`);
    await page.waitForFunction((b) => location.hash.includes(`bugs=${b}`) && [...document.querySelectorAll('#gc-check tbody tr')].some((r) => r.dataset.verdict === 'bug'), bug);
    const rows = await page.$$eval('#gc-check tbody tr.verdict-bug', (rs) => rs.map((r) => [r.dataset.param, r.querySelector('.diff').textContent, r.querySelector('.rel').textContent]));
    assert.ok(rows.length > 0, `${bug}: a red row`);
    await page.uncheck(`#gc-bug-${bug}`);
    await page.waitForFunction(() => [...document.querySelectorAll('#gc-check tbody tr')].every((r) => r.dataset.verdict === 'perfect'));
  }
  assertNoErrors(assert, errors);
  await page.close();
});

test('the mini-batch view: sampler coverage and a short batch-size comparison', async () => {
  const { page, errors } = await openPage(app, '#/minibatch?subset=1000&epochs=1&sizes=32,128,all&sbatch=100');
  await page.waitForSelector('#minibatch-view[data-ready="1"]:not([hidden])');
  await page.waitForFunction(() => document.querySelector('.sampler-card[data-sampler="choice"]').dataset.coverage, null, { timeout: RUN_TIMEOUT });
  // The controls are set up from MINIBATCH_KEYS (crate/lessons) like the training form's, then from the link.
  const controls = await page.evaluate(() => {
    const el = (id) => document.getElementById(id);
    const options = (id) => [...el(id).options].map((o) => [o.value, o.textContent]);
    return {
      subset: [el('mb-subset').value, options('mb-subset')], act: options('mb-act'),
      ranges: ['mb-epochs', 'mb-lr', 'mb-sbatch'].map((id) => [el(id).min, el(id).max, el(id).value]),
      checks: [el('mb-logy').checked, el('mb-scale').checked],
    };
  });
  assert.deepEqual(controls, {
    subset: ['1000', [['1000', '1,000'], ['10000', '10,000']]],
    act: [['relu', 'ReLU, He init'], ['sigmoid', 'sigmoid, Xavier init']],
    ranges: [['1', '10', '1'], ['0.001', '2', '0.1'], ['10', '1000', '100']],
    checks: [true, false],
  });
  const coverage = await page.$$eval('.sampler-card', (cards) => Object.fromEntries(cards.map((c) => [c.dataset.sampler, Number(c.dataset.coverage)])));
  // with replacement, one epoch (10 draws of 100 from 1,000) sees about 1 − 1/e ≈ 63 %
  assert.ok(coverage.choice > 0.58 && coverage.choice < 0.68, `choice coverage ${coverage.choice}`);
  assert.equal(coverage.shuffle, 1);
  assert.match(await page.textContent('.sampler-card[data-sampler="shuffle"] .coverage-value'), /^100\.0%$/, 'format.js percent(), one decimal');
  // sequential on class-sorted data: the first batch is all (or nearly all) zeros
  const first = await page.$eval('.sampler-card[data-sampler="sequential"] .hist-value', (el) => Number(el.textContent));
  assert.ok(first >= 90, `zeros in the first sorted batch: ${first}`);
  // "Draw again" takes the next seed: the link says it, and the cards are drawn again with it.
  assert.match(await page.textContent('#mb-sample-note'), /seed 1\.$/);
  await page.click('#mb-redraw');
  await page.waitForFunction(() => location.hash.includes('sseed=2') && /seed 2\.$/.test(document.getElementById('mb-sample-note').textContent), null, { timeout: RUN_TIMEOUT });

  // updates per epoch, before any run: 1,000 / 32 = 31, 1,000 / 128 = 7, full batch 1
  const ipe = await page.$$eval('#mb-table tbody tr', (rows) => rows.map((r) => r.cells[2].textContent));
  // one η for every size unless scaling is on
  assert.deepEqual(await page.$$eval('#mb-table tbody tr td.lr', (tds) => tds.map((td) => td.textContent)), ['0.1', '0.1', '0.1']);
  assert.deepEqual(ipe, ['31', '7', '1']);
  // the full-batch row says that it uses every image once per update
  assert.match(await page.textContent('#mb-table tr[data-size="all"] th'), /full batch.*every image exactly once per update/s);
  await page.click('#mb-run');
  // The bar and the button change as the job's last reply arrives; the table is drawn in the
  // view's next frame, which may come after this check's own frame callback: wait for it too.
  await page.waitForFunction(() => !document.getElementById('mb-run').disabled && document.getElementById('mb-progress').value === 1
    && [...document.querySelectorAll('#mb-table tbody tr')].every((r) => r.cells[8].textContent !== 'running…'), null, { timeout: RUN_TIMEOUT });
  const states = await page.$$eval('#mb-table tbody tr', (rows) => rows.map((r) => r.cells[8].textContent));
  assert.deepEqual(states, ['done', 'done', 'done']);
  // The verdict names the best test accuracy as the table shows it (format.js percent()).
  const accCells = await page.$$eval('#mb-table tbody tr .acc', (tds) => tds.map((td) => td.textContent));
  const best = (await page.textContent('#mb-verdict')).match(/best test accuracy: (\d{1,3}\.\d%)\./);
  assert.ok(best && accCells.includes(best[1]), `verdict ${best?.[1]} among the table's ${accCells}`);
  assert.ok(await colouredPixels(page, '#mb-chart') > 200, 'the loss curves are drawn');
  // Save CSV holds every loss of every run from the wasm's run history: one epoch of 31, 7
  // and 1 updates, each at its iteration, epoch and second of the worker's clock.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('figure[data-chart="mb-chart"] [data-save="csv"]')]);
  assert.equal(csv.suggestedFilename(), 'gradlab-batch-sizes.csv');
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
  assert.equal(lines[0], 'run,iteration,epoch,seconds,loss');
  assert.equal(lines.length, 1 + 31 + 7 + 1);
  const b32 = lines.slice(1, 32).map((l) => l.split(',').map(Number));
  assert.deepEqual([lines[1].split(',')[0], b32[0][1], b32[30][1], b32[30][2]], ['batch 32', 1, 31, 1]);
  assert.ok(b32.every((r, i) => i === 0 || r[3] >= b32[i - 1][3]) && b32[30][3] > 0, 'seconds grow along the run');
  // The class-sorted pair (10 updates each): no verdict before both runs finished and were
  // tested, then the wasm's biasVerdict names each run's accuracy by its key.
  assert.equal(await page.textContent('#mb-bias-verdict'), '');
  await page.click('#mb-bias-run');
  await page.waitForFunction(() => !document.getElementById('mb-bias-run').disabled && document.getElementById('mb-bias-progress').value === 1, null, { timeout: RUN_TIMEOUT });
  await page.waitForFunction(() => document.getElementById('mb-bias-verdict').textContent !== '', null, { timeout: RUN_TIMEOUT });
  const bias = await page.$$eval('#mb-bias-table tbody tr', (rows) => rows.map((r) => [r.querySelector('.seq').textContent, r.querySelector('.shuf').textContent]));
  const [seqAcc, shufAcc] = bias.at(-1);
  assert.ok([seqAcc, shufAcc].every((cell) => /^\d{1,3}\.\d%$/.test(cell)), `format.js percent(), one decimal: ${seqAcc}, ${shufAcc}`);
  assert.equal(await page.textContent('#mb-bias-verdict'),
    `Test accuracy in order: ${seqAcc}; shuffled: ${shufAcc}. Same images, same number of updates — only the order differs.`);
  // linear scaling: η · batch / 100, computed by the wasm (1,000 images: the full batch is 1,000)
  await page.check('#mb-scale');
  await page.waitForFunction(() => location.hash.includes('scale=1'));
  const scaled = await page.$$eval('#mb-table tbody tr td.lr', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(scaled.map((c) => c.split(' ')[0]), ['0.032', '0.128', '1']);
  assert.match(scaled[0], /ran at 0\.1/, 'the finished run says which η it used');
  await page.uncheck('#mb-scale');
  await page.click('#mb-x-time');
  await page.waitForFunction(() => location.hash.includes('x=time'));
  assert.ok(await colouredPixels(page, '#mb-chart') > 200, 'the curves against seconds are drawn');
  await page.fill('#mb-epochs', '2');
  await page.press('#mb-epochs', 'Enter');
  await page.waitForFunction(() => location.hash.includes('&epochs=2&'));
  assertNoErrors(assert, errors);
  await page.close();
});

test('the checklist survives a reload', async () => {
  const { page, errors } = await openPage(app, '#/summary');
  await page.waitForSelector('#summary-view[data-ready="1"]:not([hidden])');
  await page.click('#sum-check-reset');
  await page.check('#sum-item-ce');
  await page.check('#sum-item-epoch');
  assert.match(await page.textContent('#sum-check-count'), /^2 of 14/);
  await page.reload();
  await page.waitForSelector('#summary-view[data-ready="1"]:not([hidden])');
  assert.ok(await page.isChecked('#sum-item-ce'));
  assert.ok(await page.isChecked('#sum-item-epoch'));
  assert.ok(!(await page.isChecked('#sum-item-loss')));
  assert.match(await page.textContent('#sum-check-count'), /^2 of 14/);
  // the flow's shapes follow the chosen sizes
  await page.fill('#sum-batch', '32');
  await page.press('#sum-batch', 'Tab');
  await page.waitForFunction(() => document.querySelector('[data-step="sample"]').textContent.includes('(32, 784)'));
  assert.match(await page.textContent('#sum-epoch'), /1,875/); // 60,000 / 32, from the wasm
  // The whole batch: one update per epoch, in the singular, and 60,000 written as a number.
  await page.fill('#sum-batch', '60000');
  await page.press('#sum-batch', 'Tab');
  await page.waitForFunction(() => document.getElementById('sum-epoch').textContent.includes(': 1 update per epoch.'));
  assert.match(await page.textContent('[data-step="sample"] .flow-text'), /^60,000 images/);
  assert.match(await page.textContent('[data-step="repeat"] .flow-text'), /Every 1 update \(one epoch at batch 60,000\)/);
  // Its run link trains on the 60,000 images the loop counts.
  assert.match(await page.getAttribute('#sum-run-link', 'href'), /^#\/train\?subset=60000&batch=60000&/);
  assertNoErrors(assert, errors);
  await page.close();
});

test('a common-mistake link opens the train view with the mistake in the controls, and its fix', async () => {
  const { page, errors } = await openPage(app, '#/summary');
  await page.waitForSelector('#summary-view[data-ready="1"]:not([hidden])');
  await page.click('.mistake-card[data-mistake="norm"] a[data-link="bad"]');
  await page.waitForSelector('#train-view:not([hidden])');
  await page.waitForFunction(() => !document.getElementById('norm').checked);
  assert.equal(await page.inputValue('#act'), 'relu');
  assert.equal(await page.inputValue('#iters'), '500');
  await page.goBack();
  await page.waitForSelector('#summary-view:not([hidden])');
  await page.click('.mistake-card[data-mistake="norm"] a[data-link="fix"]');
  await page.waitForSelector('#train-view:not([hidden])');
  await page.waitForFunction(() => document.getElementById('norm').checked);
  await page.goto(`${app.url}#/summary`);
  await page.waitForSelector('#summary-view:not([hidden])');
  await page.click('.mistake-card[data-mistake="batchdiv"] a[data-link="bad"]');
  await page.waitForFunction(() => document.getElementById('bug').value === 'no-batch-division');
  assertNoErrors(assert, errors);
  await page.close();
});
