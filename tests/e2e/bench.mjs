// Browser benchmark: the book's full setup (60,000 images, 784-50-10 sigmoid, SGD η = 0.1,
// batch 100, 10,000 iterations, seed 42) in the built app, headless. Prints ONE JSON line.
// Times are measured in the page: from the moment the status turns "training" (data loaded,
// Trainer built) to "finished"; this wall-clock includes the per-epoch evaluations.
// Usage: node tests/e2e/bench.mjs   (after npm run build)

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './helpers.mjs';
import { DIST, serve } from './serve.mjs';

const NAME = 'two_layer_784_50_10_sigmoid_sgd0.1_b100_10k_60k';
const HASH = '#/train?subset=60000&hidden=50&act=sigmoid&init=std&lr=0.1&batch=100&iters=10000&seed=42';
const TIMEOUT_MS = 30 * 60_000;

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`${DIST}/index.html is missing: build the app first (npm run build)`);
  process.exit(1);
}

const server = await serve(DIST);
const browser = await launchBrowser();
try {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 1000 } })).newPage();
  page.on('pageerror', (err) => console.error(`pageerror: ${err.message}`));
  page.on('console', (msg) => msg.type() === 'error' && console.error(`console: ${msg.text()}`));
  await page.goto(server.url + HASH);
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
} finally {
  await browser.close();
  await server.close();
}
