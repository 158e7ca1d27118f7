// Browser benchmarks in the built app, headless; one JSON line each.
// - predict_drawn_digit: a 7 drawn on the "Draw a digit" pad with the mouse, then what every
//   drawing frame computes (read the pad's pixels, preprocessDigit, predict, hidden, scores)
//   repeated DRAW_REPS times in the page with the default network; the goal is well under the
//   16 ms of one frame.
// - the book's full setup (60,000 images, 784-50-10 sigmoid, SGD η = 0.1, batch 100, 10,000
//   iterations, seed 42). Times are measured in the page: from the moment the status turns
//   "training" (data loaded, Trainer built) to "finished"; this includes the per-epoch evaluations.
// - pure_step: the book's training step alone (blocks of 100 steps without an epoch boundary) in
//   the wasm Trainer on a page's main thread (tests/e2e/pure-step.html, served from the
//   checkout), the allocation-free step and the readable layers alternating; then the median
//   ratio of the two, measured in the same run.
// Usage: node tests/e2e/bench.mjs [name]   (after npm run build; a name runs only that one)

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './helpers.mjs';
import { DIST, serve } from './serve.mjs';

const NAME = 'two_layer_784_50_10_sigmoid_sgd0.1_b100_10k_60k';
const HASH = '#/train?subset=60000&hidden=50&act=sigmoid&init=std&lr=0.1&batch=100&iters=10000&seed=42';
const TIMEOUT_MS = 30 * 60_000;
const DRAW_NAME = 'predict_drawn_digit';
const DRAW_REPS = 200;
const ONLY = process.argv[2] ?? null;
const PURE_NAME = 'pure_step';
const ROOT = join(DIST, '..');

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`${DIST}/index.html is missing: build the app first (npm run build)`);
  process.exit(1);
}

async function newPage(browser) {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 1000 } })).newPage();
  page.on('pageerror', (err) => console.error(`pageerror: ${err.message}`));
  page.on('console', (msg) => msg.type() === 'error' && console.error(`console: ${msg.text()}`));
  return page;
}

async function benchDrawnDigit(browser, url) {
  const page = await newPage(browser);
  await page.goto(`${url}#/draw`);
  await page.waitForFunction(() => window.gradlab?.draw?.ready, null, { timeout: 60_000 });
  const box = await page.locator('#pad').boundingBox();
  const at = (u, v) => [box.x + u * box.width, box.y + v * box.height];
  await page.mouse.move(...at(0.25, 0.2));
  await page.mouse.down();
  for (const [u, v] of [[0.5, 0.2], [0.75, 0.2], [0.62, 0.5], [0.5, 0.8]]) await page.mouse.move(...at(u, v), { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => window.gradlab.draw.top !== null, null, { timeout: 10_000 });
  await page.evaluate(() => window.gradlab.timeDrawAnalysis(10)); // warm-up
  const ms = await page.evaluate((n) => window.gradlab.timeDrawAnalysis(n), DRAW_REPS);
  const msPer = Number((ms / DRAW_REPS).toFixed(4));
  console.log(JSON.stringify({
    name: DRAW_NAME,
    env: 'browser',
    ms_per_prediction: msPer,
    steps: DRAW_REPS,
    ms_per_step: msPer,
    test_accuracy: null,
    browser: `chromium ${browser.version()}`,
  }));
  await page.context().close();
}

async function benchTraining(browser, url) {
  const page = await newPage(browser);
  await page.goto(url + HASH);
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 60_000 });
  // Page-side stopwatch on the status element, armed before Start is pressed.
  await page.evaluate(() => {
    window.benchTimes = {};
    const status = document.getElementById('status');
    new MutationObserver(() => {
      const s = status.dataset.state;
      if (!(s in window.benchTimes)) window.benchTimes[s] = performance.now();
    }).observe(status, { attributes: true, attributeFilter: ['data-state'] });
  });
  await page.click('#start');
  await page.waitForFunction(() => ['finished', 'diverged'].includes(window.gradlab.state.status), null,
    { timeout: TIMEOUT_MS, polling: 500 });
  const r = await page.evaluate(() => ({
    times: window.benchTimes,
    state: window.gradlab.state,
    testAccuracy: Number(document.getElementById('test-acc').dataset.value),
  }));
  if (r.state.status !== 'finished') throw new Error(`run ended as ${r.state.status} at iteration ${r.state.iteration}`);
  const ms = r.times.finished - r.times.training;
  console.log(JSON.stringify({
    name: NAME,
    env: 'browser',
    steps: r.state.iteration,
    ms_per_step: Number((ms / r.state.iteration).toFixed(4)),
    steps_per_sec: Number(((r.state.iteration * 1000) / ms).toFixed(1)),
    test_accuracy: r.testAccuracy,
    browser: `chromium ${browser.version()}`,
  }));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function benchPureStep(browser) {
  if (!existsSync(join(ROOT, 'www/pkg/gradlab.js'))) throw new Error('www/pkg is missing: bash scripts/build-wasm.sh');
  const root = await serve(ROOT);
  try {
    const page = await newPage(browser);
    await page.goto(`${root.url}tests/e2e/pure-step.html`);
    await page.waitForFunction(() => window.pureStepReady, null, { timeout: 60_000 });
    const systems = await page.evaluate(() => window.pureStepBench({}));
    for (const { name, blocks } of systems) {
      console.log(JSON.stringify({
        name: PURE_NAME,
        env: 'browser',
        system: name,
        setup: 'book',
        ms_per_step: Number(median(blocks).toFixed(4)),
        block_ms_per_step: blocks.map((v) => Number(v.toFixed(4))),
        browser: `chromium ${browser.version()}`,
      }));
    }
    const [fast, readable] = systems.map((s) => s.blocks);
    console.log(JSON.stringify({
      name: `${PURE_NAME}_ratio`,
      env: 'browser',
      readable_over_fast: Number(median(readable.map((r, i) => r / fast[i])).toFixed(3)),
    }));
    await page.context().close();
  } finally {
    await root.close();
  }
}

const server = await serve(DIST);
const browser = await launchBrowser();
try {
  if (!ONLY || ONLY === PURE_NAME) await benchPureStep(browser);
  if (!ONLY || ONLY === DRAW_NAME) await benchDrawnDigit(browser, server.url);
  if (!ONLY || ONLY === NAME) await benchTraining(browser, server.url);
} finally {
  await browser.close();
  await server.close();
}
