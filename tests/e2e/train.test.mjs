// Training in the built app: accuracy, a responsive page, live learning rate, pause/resume, reset,
// and "watch it learn" (the fixed test digits read at each evaluation).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  assertNoErrors, colouredPixels, iterationShown, openPage, startApp, startTraining, state,
} from './helpers.mjs';

const ACCURACY_GOAL = 0.9;
const ACCURACY_TIMEOUT_MS = 90_000;
const FRAME_WATCH_MS = 4000;
// Long enough that the run is still going while the mid-run checks happen.
const LONG_RUN = '#/train?subset=10000&iters=200000';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('defaults on 10,000 images reach 90% test accuracy within 90 s and draw the loss curve', async () => {
  const { page, errors } = await openPage(app, '#/train');
  assert.equal(await page.inputValue('#subset'), '10000');
  assert.equal(await page.getAttribute('#mistakes', 'open'), null, 'the defaults reproduce no mistake');
  await startTraining(page);
  await page.waitForFunction(
    (goal) => Number(document.querySelector('#test-acc').dataset.value) >= goal,
    ACCURACY_GOAL,
    { timeout: ACCURACY_TIMEOUT_MS, polling: 250 },
  );
  const shown = await page.$eval('#test-acc', (el) => el.textContent);
  assert.match(shown, /^\d{2,3}\.\d{2}%$/);
  await sleep(300); // one more chart frame
  assert.ok(await colouredPixels(page, '#loss-chart') > 200, 'the loss chart shows a curve');
  assert.ok(await colouredPixels(page, '#acc-chart') > 50, 'the accuracy chart shows a curve');
  const label = await page.getAttribute('#loss-chart', 'aria-label');
  assert.match(label, /loss/i);
  assertNoErrors(assert, errors);
  await page.close();
});

// How smooth the page stays is a timing, so it is printed (one JSON line), not asserted: a busy
// machine would make any threshold flaky. What is asserted is untimed: frames keep coming.
test('the page keeps drawing frames while training (worst frame gap printed)', async () => {
  const { page, errors } = await openPage(app, LONG_RUN);
  await startTraining(page);
  const frames = await page.evaluate((watchMs) => new Promise((resolve) => {
    let last = performance.now();
    let worst = 0;
    let count = 0;
    const end = last + watchMs;
    const frame = (now) => {
      worst = Math.max(worst, now - last);
      last = now;
      count += 1;
      if (now < end) requestAnimationFrame(frame);
      else resolve({ count, worst });
    };
    requestAnimationFrame(frame);
  }), FRAME_WATCH_MS);
  console.log(JSON.stringify({ metric: 'train_worst_frame_gap_ms', value: Number(frames.worst.toFixed(1)), frames: frames.count }));
  const s = await state(page);
  assert.equal(s.status, 'training');
  assert.ok(frames.count > 1, 'animation frames kept coming while the worker trained');
  assertNoErrors(assert, errors);
  await page.close();
});

test('moving the learning-rate slider mid-run is acknowledged by the worker', async () => {
  const { page, errors } = await openPage(app, LONG_RUN);
  await startTraining(page);
  await page.$eval('#lr', (el) => {
    el.value = String(Math.log10(0.3));
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  assert.equal(await page.textContent('#lr-value'), '0.3');
  await page.waitForFunction(() => document.querySelector('#lr-ack').dataset.lr === '0.3', null, { timeout: 5000 });
  assert.match(await page.textContent('#lr-ack'), /0\.3.*\d+/);
  await page.waitForFunction(() => location.hash.includes('lr=0.3'), null, { timeout: 2000 });
  // The keyboard works too: End jumps to the largest rate.
  await page.focus('#lr');
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('#lr-ack').dataset.lr === '10', null, { timeout: 5000 });
  assertNoErrors(assert, errors);
  await page.close();
});

test('the learning-cycle diagram lights the running stage, and evaluate at epoch ends', async () => {
  const { page, errors } = await openPage(app, LONG_RUN);
  await startTraining(page);
  // Watch every change of the lit stage (a MutationObserver misses none, even on a busy
  // machine where timers are late); stop once all six were seen, or after 20 s.
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const stages = new Set();
    const cycle = document.querySelector('#cycle');
    const record = () => {
      const active = cycle.querySelectorAll('.active');
      if (active.length > 1) stages.add('more than one');
      for (const el of active) stages.add(el.dataset.stage);
      if (stages.size >= 6) finish();
    };
    const observer = new MutationObserver(record);
    const finish = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve([...stages].sort());
    };
    const timer = setTimeout(finish, 20000);
    observer.observe(cycle, { subtree: true, attributes: true, attributeFilter: ['class'] });
    record();
  }));
  assert.deepEqual(seen, ['evaluate', 'forward', 'gradient', 'loss', 'sample', 'update']);
  await page.click('#pause');
  await page.waitForFunction(() => window.gradlab.state.status === 'paused');
  await page.waitForFunction(() => document.querySelectorAll('#cycle .active').length === 0);
  assertNoErrors(assert, errors);
  await page.close();
});

test('Pause stops the iteration counter and Resume continues it', async () => {
  const { page, errors } = await openPage(app, LONG_RUN);
  await startTraining(page);
  await page.click('#pause');
  await page.waitForFunction(() => window.gradlab.state.status === 'paused');
  await sleep(200); // the last progress already in flight is rendered
  const paused = await iterationShown(page);
  await sleep(1000);
  assert.equal(await iterationShown(page), paused, 'counter unchanged while paused');
  assert.equal((await state(page)).iteration, paused);
  assert.equal(await page.getAttribute('#status', 'data-state'), 'paused');
  assert.ok(await page.isDisabled('#pause'));
  await page.click('#resume');
  await page.waitForFunction((p) => window.gradlab.state.iteration > p + 10, paused, { timeout: 10_000 });
  await page.waitForFunction((p) => Number(document.querySelector('#iter-count').textContent.split('/')[0]) > p,
    paused, { timeout: 5000 });
  assertNoErrors(assert, errors);
  await page.close();
});

test('training can be driven from the keyboard alone', async () => {
  const { page, errors } = await openPage(app, LONG_RUN);
  await page.focus('#start');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.gradlab.state.status === 'training');
  await page.focus('#pause');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.gradlab.state.status === 'paused');
  await page.focus('#lr');
  await page.keyboard.press('Home');
  assert.equal(await page.textContent('#lr-value'), '0.0001');
  await page.waitForFunction(() => document.querySelector('#lr-ack').dataset.lr === '0.0001');
  await page.focus('#reset');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.gradlab.state.status === 'idle');
  assertNoErrors(assert, errors);
  await page.close();
});

test('Reset clears the curves', async () => {
  const { page, errors } = await openPage(app, LONG_RUN);
  await startTraining(page);
  await page.waitForFunction(() => window.gradlab.state.lossCount > 200, null, { timeout: 20_000 });
  await sleep(300);
  const drawn = await colouredPixels(page, '#loss-chart');
  assert.ok(drawn > 200, `loss curve drawn (${drawn} coloured pixels)`);
  await page.click('#reset');
  await page.waitForFunction(() => window.gradlab.state.status === 'idle');
  await sleep(500); // late progress messages of the old run must be ignored
  const s = await state(page);
  assert.equal(s.lossCount, 0);
  assert.equal(s.iteration, 0);
  assert.equal(await page.textContent('#iter-count'), '0 / 200000');
  assert.equal(await page.textContent('#test-acc'), '—');
  const left = await colouredPixels(page, '#loss-chart');
  assert.ok(left < drawn / 10, `loss chart empty after reset (${left} coloured pixels, was ${drawn})`);
  assert.ok(await page.isEnabled('#start'));
  assertNoErrors(assert, errors);
  await page.close();
});

test('a link that sets one of the mistakes panel\'s switches opens the panel, a plain link does not', async () => {
  // The transposed-gradient bug is no mistake of the summary's list, but its switch is in the
  // panel: the learner must see it is on.
  for (const [query, open] of [['bug=transposed-weight-gradient', ''], ['sorted=1', ''], ['hidden=30', null]]) {
    const { page, errors } = await openPage(app, `#/train?${query}`);
    assert.equal(await page.getAttribute('#mistakes', 'open'), open, query);
    assertNoErrors(assert, errors);
    await page.close();
  }
});

test('with short epochs the steps end before their evaluations: the page says so, with no time left shown', async () => {
  // 1,000 images in batches of 100: an epoch (and an evaluation of 11,000 images) every 10 steps,
  // which the evaluation worker cannot keep up with.
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=3000');
  await page.evaluate(() => {
    window.seen = [];
    const read = () => window.seen.push([document.getElementById('status').textContent, document.getElementById('iter-count').textContent,
      document.getElementById('eta').textContent, document.getElementById('steps-per-sec').textContent, document.getElementById('pause').disabled]);
    const observer = new MutationObserver(read);
    for (const id of ['status', 'iter-count', 'eta']) observer.observe(document.getElementById(id), { childList: true, characterData: true, subtree: true });
  });
  await startTraining(page);
  await page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: 60_000 });
  const seen = await page.evaluate(() => window.seen);
  const done = seen.filter(([status, count]) => count === '3000 / 3000' && status !== 'Finished');
  assert.ok(done.length > 0, 'the steps ended before the last evaluations came in');
  for (const [status, , eta, speed, pauseDisabled] of done) {
    assert.deepEqual([status, eta, speed, pauseDisabled], ['Evaluating the last epochs…', '—', '—', true], 'no "Training…", no "0 s" left, nothing to pause');
  }
  assert.equal(await page.textContent('#status'), 'Finished');
  // The charts' text alternatives end on the run's last numbers too (they are rewritten at most
  // once a second, also after the last drawing).
  await page.waitForFunction(() => /\b3000 iterations/.test(document.getElementById('loss-chart-desc').textContent)
    && /\b300 epochs/.test(document.getElementById('acc-chart-desc').textContent), null, { timeout: 5000 });
  assert.match(await page.getAttribute('#acc-chart', 'aria-label'), new RegExp(`test accuracy ${(await page.textContent('#test-acc')).replace('.', '\\.')}\\.$`));
  assertNoErrors(assert, errors);
  await page.close();
});

test('evaluations that arrive after Pause update the numbers beside the charts', async () => {
  // 1,000 images: an epoch every 10 steps, more evaluations than the second worker keeps up
  // with, so some are still on their way when the run pauses.
  const { page, errors } = await openPage(app, '#/train?subset=1000&iters=100000');
  await startTraining(page);
  await page.waitForFunction(() => window.gradlab.state.epochs >= 5, null, { timeout: 30_000 });
  await page.click('#pause');
  await page.waitForFunction(() => window.gradlab.state.status === 'paused');
  const atPause = (await state(page)).epochs;
  // Until no evaluation is left: the epoch count stays put for a second.
  let epochs = -1;
  for (let i = 0; i < 20 && epochs !== (await state(page)).epochs; i++) {
    epochs = (await state(page)).epochs;
    await sleep(1000);
  }
  const s = await state(page);
  console.log(`# epochs evaluated at Pause: ${atPause}, after: ${s.epochs}`);
  await sleep(300); // a render interval
  assert.equal(Number(await page.getAttribute('#test-acc', 'data-value')), s.testAccuracy, 'the test accuracy shown is the last evaluation\'s');
  assertNoErrors(assert, errors);
  await page.close();
});

test('a learning rate that blows up is reported as divergence and the app stays usable', async () => {
  // Seed 42, ReLU, He init, η = 10, one image per step: the loss explodes within a few dozen steps.
  const { page, errors } = await openPage(app, '#/train?act=relu&init=he&lr=10&hidden=1000&batch=1&iters=2000&subset=1000');
  // lr=10 is the "lr" mistake of lessons::summary::MISTAKES: the link opens the mistakes panel.
  assert.equal(await page.getAttribute('#mistakes', 'open'), '');
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.status === 'diverged', null, { timeout: 30_000 });
  const s = await state(page);
  assert.match(await page.textContent('#diverged'), new RegExp(`diverged at iteration ${s.iteration}\\b.*lower the learning rate`));
  assert.ok(await page.isVisible('#diverged'));
  assert.equal(await page.getAttribute('#status', 'data-state'), 'diverged');
  await page.click('#reset');
  await page.waitForFunction(() => window.gradlab.state.status === 'idle');
  assert.ok(await page.isHidden('#diverged'));
  await page.$eval('#lr', (el) => {
    el.value = '-2';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await startTraining(page);
  assertNoErrors(assert, errors);
  await page.close();
});

test('watch it learn: 50 fixed digits, read before training and at each evaluation', async () => {
  // 1000 images, batch 100: an epoch is 10 steps, so evaluations come quickly; ReLU with He
  // init learns most of these digits within 100 steps.
  const { page, errors } = await openPage(app, '#/train?subset=1000&batch=100&iters=100&act=relu&init=he&seed=7');
  // Before a run, once the data is loaded: the digits it will watch, no guesses yet.
  await page.waitForFunction(() => document.querySelectorAll('#watch-grid button').length === 50, null, { timeout: 60_000 });
  assert.equal(await page.textContent('#watch-summary'), 'Start a run: the grid shows how the untrained network reads these digits, then how its reading changes.');
  assert.deepEqual(new Set(await page.$$eval('#watch-grid .watch-guess', (els) => els.map((el) => el.textContent))), new Set(['']));
  const previewed = await page.$$eval('#watch-grid button', (els) => els.map((el) => el.getAttribute('aria-label')));
  await page.evaluate(() => { window.previewCells = [...document.querySelectorAll('#watch-grid button')]; });
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.watch !== null, null, { timeout: 60_000 });
  assert.equal(await page.locator('#watch-grid button').count(), 50);
  // They were the run's digits: the same cells now carry its guesses.
  assert.ok(await page.evaluate(() => [...document.querySelectorAll('#watch-grid button')].every((el, i) => el === window.previewCells[i])),
    'the run kept the cells of its digits');
  assert.deepEqual(previewed.map((n) => n.split(':')[0]), await page.$$eval('#watch-grid button', (els) => els.map((el) => el.getAttribute('aria-label').split(':')[0])));
  await page.waitForFunction(() => window.gradlab.state.status === 'finished', null, { timeout: 120_000 });
  const last = (await state(page)).watch;
  const first = last.untrained; // the reading before the first step
  assert.equal(last.count, 50);
  assert.equal(last.iteration, 100, 'the last reading is the end of the run');
  assert.ok(last.updates >= 3, `the grid was refreshed at the evaluations (${last.updates} readings)`);
  assert.notDeepEqual(last.guesses, first.guesses, 'the guesses changed as the network learned');
  assert.ok(last.correct > first.correct, `${first.correct} → ${last.correct} of 50 right`);
  // Mistakes are marked with a colour and a ✗ — as many as the page's data says.
  const marked = await page.$$eval('#watch-grid button.wrong', (els) => els.map((el) => el.querySelector('.watch-guess').textContent));
  assert.equal(marked.length, 50 - last.correct);
  assert.ok(marked.every((text) => text.startsWith('✗')), 'every mistake carries ✗');
  // The same 50 digits in every run.
  const names = await page.$$eval('#watch-grid button', (els) => els.map((el) => el.getAttribute('aria-label')));
  assert.match(names[0], /^test image \d+: true 0, guess \d( \(wrong\))?$/);
  // A digit's ten probabilities, from the keyboard.
  await page.focus('#watch-grid button >> nth=7');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#watch-detail:not([hidden])');
  const probabilities = await page.$$eval('#watch-bars li', (els) => els.map((el) => Number(el.dataset.p)));
  assert.equal(probabilities.length, 10);
  const sum = probabilities.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) <= 0.01, `Σp = ${sum}`);
  const guess = last.guesses[7];
  assert.equal(probabilities.indexOf(Math.max(...probabilities)), guess, 'the longest bar is the guess');
  assert.equal(await page.getAttribute('#watch-grid button >> nth=7', 'aria-pressed'), 'true');
  // The grid is one Tab stop; arrow keys walk the digits.
  assert.equal(await page.locator('#watch-grid button[tabindex="0"]').count(), 1);
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.at), '8');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.at), '49');
  assert.equal(await page.locator('#watch-grid button[tabindex="0"]').count(), 1);
  // The digits are one image; each cell shows its own part of it, one picture further down each.
  const pictures = await page.$$eval('#watch-grid .watch-picture', (els) => els.map((el) => {
    const style = getComputedStyle(el);
    return { image: style.backgroundImage, y: style.backgroundPositionY };
  }));
  assert.ok(pictures.every((p) => p.image.startsWith('url("blob:')), `the digits' image is shown (${pictures[0].image})`);
  assert.deepEqual(pictures.slice(0, 3).map((p) => p.y), ['0px', '-56px', '-112px']);
  // The first layer's weights as pictures (their colours: tests/watch.rs), named by the unit numbers Rust gives.
  assert.equal(await page.locator('#watch-weights canvas').count(), 12);
  assert.ok(await colouredPixels(page, '#watch-weights canvas >> nth=0') > 0, 'the weight picture is coloured');
  assert.equal(await page.getAttribute('#watch-weights canvas >> nth=11', 'aria-label'), 'weights of hidden unit 12');
  // A second run shows the same digits (Start clears the guesses; the run's first reading refills them).
  const atStart = await page.evaluate(async () => {
    document.querySelector('#start').click();
    await new Promise((resolve) => setTimeout(resolve)); // the run is asked for, its first reading is not back yet
    return [...document.querySelectorAll('#watch-grid button')].map((el) => `${el.className}|${el.lastChild.textContent}`);
  });
  assert.deepEqual(new Set(atStart), new Set(['watch-digit|']), 'Start cleared the last run\'s guesses and marks');
  await page.waitForFunction(() => window.gradlab.state.watch !== null, null, { timeout: 60_000 });
  assert.deepEqual(await page.$$eval('#watch-grid button', (els) => els.map((el) => el.getAttribute('aria-label').split(':')[0])),
    names.map((n) => n.split(':')[0]));
  assertNoErrors(assert, errors);
  await page.close();
});
