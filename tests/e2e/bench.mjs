// Browser benchmarks in the built app, headless; one JSON line each.
// - predict_drawn_digit: a 7 drawn on the "Draw a digit" pad with the mouse, then what every
//   drawing frame computes (read the pad's pixels, preprocessDigit, predict, hidden, scores)
//   repeated DRAW_REPS times in the page with the default network; the goal is well under the
//   16 ms of one frame.
// - whole_run_s: the learner's run of the book's full setup (60,000 images, 784-50-10 sigmoid,
//   SGD η = 0.1, batch 100, 10,000 iterations, seed 42) in the app. Timed in the page: from the
//   moment the status turns "training" (data loaded, Trainer built) to "finished"; this includes
//   the per-epoch evaluations. The line carries the final test accuracy.
// - pure_step_book_setup: the book's training step alone (blocks of 100 steps without an epoch
//   boundary) on a page's main thread (tests/e2e/pure-step.html, served from the checkout):
//   GradLab's wasm Trainer (system "gradlab"; its allocation-free step, and its readable layers
//   as variant) and TF.js's wasm backend (system "tfjs-wasm", from node_modules), alternating
//   round by round; then the median over rounds of the ratios, measured in the same run.
// - eval_70k_ms: one evaluation of all 60,000 + 10,000 images in that page (as at each epoch end).
// - longest_main_thread_task_ms: the longest task the Long Tasks API saw on the app's main
//   thread during a run with the default settings (#/train, Start), from the Start click to the
//   run's end. Start is pressed once the page has settled after loading (the watched digits shown,
//   no long task for a second), as a learner reading the page would; the long tasks of that
//   settling time are in the line too, apart (before_start).
// Usage: node tests/e2e/bench.mjs [name]   (after npm run build; a name runs only that one)

import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './helpers.mjs';
import { DIST, serve } from './serve.mjs';

const NAME = 'whole_run_s';
const HASH = '#/train?subset=60000&hidden=50&act=sigmoid&init=std&lr=0.1&batch=100&iters=10000&seed=42';
const TIMEOUT_MS = 30 * 60_000;
const DRAW_NAME = 'predict_drawn_digit';
const DRAW_REPS = 200;
const ONLY = process.argv[2] ?? null;
const PURE_NAME = 'pure_step_book_setup';
const PURE_ROUNDS = 5;
const EVAL_NAME = 'eval_70k_ms';
// GradLab's systems besides its default build (pure-step.html's names).
const VARIANTS = {
  'gradlab-readable': 'readable layers (the lesson code)',
  'gradlab-relaxed-simd': 'relaxed-SIMD build (fused multiply-add)',
};
const LONG_TASK_NAME = 'longest_main_thread_task_ms';
const SETTLE_MS = 1000; // no long task for this long: the page has settled
const SETTLE_MAX_MS = 15_000;
const ROOT = join(DIST, '..');

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`${DIST}/index.html is missing: build the app first (npm run build)`);
  process.exit(1);
}

/**
 * The machine's CPU time counters (/proc/stat's first line, in ticks), or null off Linux. On a
 * virtual machine, `steal` is the time the host gave this machine's CPUs to others: a run
 * measured while the host was busy is slower, and its frames longer, whatever the page does.
 */
function cpuTicks() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { steal: fields[7], total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** Percent of all CPU time the host took between two cpuTicks() readings (null if unknown). */
function stolenPercent(before, after = cpuTicks()) {
  if (!before || !after || after.total === before.total) return null;
  return Number(((100 * (after.steal - before.steal)) / (after.total - before.total)).toFixed(1));
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
  const ticks = cpuTicks();
  await page.click('#start');
  await page.waitForFunction(() => ['finished', 'diverged'].includes(window.gradlab.state.status), null,
    { timeout: TIMEOUT_MS, polling: 500 });
  const stolen = stolenPercent(ticks);
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
    s: Number((ms / 1000).toFixed(2)),
    setup: HASH,
    steps: r.state.iteration,
    ms_per_step: Number((ms / r.state.iteration).toFixed(4)),
    steps_per_sec: Number(((r.state.iteration * 1000) / ms).toFixed(1)),
    test_accuracy: r.testAccuracy,
    cpu_stolen_pct: stolen, // by the host, during the run (see cpuTicks)
    browser: `chromium ${browser.version()}`,
  }));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round4 = (v) => Number(v.toFixed(4));

// Median over rounds of (ms per step of `other` / ms per step of GradLab's fast step) in that round.
function roundRatio(fast, other) {
  return median(fast.rounds.map((blocks, r) => median(other.rounds[r]) / median(blocks)));
}

async function benchPureStep(browser) {
  if (!existsSync(join(ROOT, 'www/pkg/gradlab.js'))) throw new Error('www/pkg is missing: bash scripts/build-wasm.sh');
  const root = await serve(ROOT);
  try {
    const page = await newPage(browser);
    await page.goto(`${root.url}tests/e2e/pure-step.html`);
    await page.waitForFunction(() => window.pureStepReady, null, { timeout: 60_000 });
    const ticks = cpuTicks();
    const { systems, evalMs } = await page.evaluate((rounds) => window.pureStepBench({ rounds }), PURE_ROUNDS);
    const stolen = stolenPercent(ticks);
    const browserName = `chromium ${browser.version()}`;
    for (const { name, rounds, info } of systems) {
      const blocks = rounds.flat();
      console.log(JSON.stringify({
        name: PURE_NAME,
        env: 'browser',
        system: name.startsWith('gradlab') ? 'gradlab' : name,
        ...(VARIANTS[name] ? { variant: VARIANTS[name] } : {}),
        setup: 'book: 784-50-10 sigmoid, std 0.01, SGD 0.1, batch 100, 60,000 images',
        ms_per_step: round4(median(blocks)),
        round_ms_per_step: rounds.map((b) => round4(median(b))),
        blocks_of: 100,
        ...(info ? { tfjs: info } : {}),
        browser: browserName,
      }));
    }
    const by = Object.fromEntries(systems.map((s) => [s.name, s]));
    const fast = by.gradlab;
    const relaxed = by['gradlab-relaxed-simd'];
    console.log(JSON.stringify({
      name: `${PURE_NAME}_ratio`,
      env: 'browser',
      rounds: fast.rounds.length,
      ...(by['tfjs-wasm'] ? { tfjs_over_gradlab: Number(roundRatio(fast, by['tfjs-wasm']).toFixed(2)) } : {}),
      ...(relaxed && by['tfjs-wasm'] ? { tfjs_over_gradlab_relaxed_simd: Number(roundRatio(relaxed, by['tfjs-wasm']).toFixed(2)) } : {}),
      readable_over_fast: Number(roundRatio(fast, by['gradlab-readable']).toFixed(3)),
      ...(relaxed ? { simd128_over_relaxed_simd: Number(roundRatio(relaxed, fast).toFixed(3)) } : {}),
      cpu_stolen_pct: stolen, // by the host, over all the rounds and evaluations (see cpuTicks)
    }));
    for (const [system, runs] of Object.entries(evalMs)) {
      console.log(JSON.stringify({
        name: EVAL_NAME,
        env: 'browser',
        ...(VARIANTS[system] ? { variant: VARIANTS[system] } : {}),
        ms: Number(median(runs).toFixed(1)),
        runs_ms: runs.map((v) => Number(v.toFixed(1))),
        browser: browserName,
      }));
    }
    await page.context().close();
  } finally {
    await root.close();
  }
}

// The longest main-thread task (Long Tasks API) while the page trains with its default settings.
async function benchLongTasks(browser, url) {
  const loadBefore = loadavg()[0];
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.benchLongTasks = [];
    window.benchStartedAt = null;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.benchLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // when Start was pressed, so that each long task can say when it began
    document.addEventListener('click', (event) => {
      if (event.target.id === 'start') window.benchStartedAt = performance.now();
    }, true);
    // when the run was declared finished (its end's work, as keeping the model, comes after)
    window.benchFinishedAt = null;
    addEventListener('DOMContentLoaded', () => {
      const status = document.getElementById('status');
      new MutationObserver(() => {
        if (status.dataset.state === 'finished') window.benchFinishedAt ??= performance.now();
      }).observe(status, { attributes: true, attributeFilter: ['data-state'] });
    });
  });
  await page.goto(`${url}#/train`);
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 60_000 });
  // Loading is not training. The page goes on settling after it is ready: the data is preloaded,
  // the watched digits are drawn, the evaluation worker boots. A learner reads the page before
  // pressing Start; so does the bench: until the digits are shown and no long task has begun for
  // SETTLE_MS (at most SETTLE_MAX_MS). The tasks of that time are reported apart (before_start).
  const settled = await page.evaluate(async ({ quiet, max }) => {
    const readyAt = performance.now();
    window.benchLongTasks.length = 0; // loading's tasks
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const lastTaskAt = () => Math.max(readyAt, ...window.benchLongTasks.map((e) => e.start + e.duration));
    while (performance.now() - readyAt < max) {
      const shown = document.querySelectorAll('#watch-grid .watch-digit').length > 0;
      if (shown && performance.now() - lastTaskAt() >= quiet) break;
      await sleep(100);
    }
    const tasks = window.benchLongTasks.map((e) => e.duration);
    window.benchLongTasks.length = 0;
    return { tasks, ms: performance.now() - readyAt };
  }, { quiet: SETTLE_MS, max: SETTLE_MAX_MS });
  const ticks = cpuTicks();
  await page.click('#start');
  await page.waitForFunction(() => ['finished', 'diverged'].includes(window.gradlab.state.status), null,
    { timeout: TIMEOUT_MS, polling: 500 });
  await page.waitForTimeout(1000); // the run's end: its model is kept, the last reading shown
  const stolen = stolenPercent(ticks);
  const r = await page.evaluate(() => ({
    finishedAt: window.benchFinishedAt - window.benchStartedAt,
    tasks: window.benchLongTasks.map((e) => e.duration),
    // ms from the Start click to each task's start (negative: the page was still settling)
    at: window.benchLongTasks.map((e) => e.start - window.benchStartedAt),
    state: window.gradlab.state,
    query: location.hash,
  }));
  console.log(JSON.stringify({
    name: LONG_TASK_NAME,
    env: 'browser',
    ms: Math.round(Math.max(0, ...r.tasks)),
    long_tasks: r.tasks.length,
    long_tasks_total_ms: Math.round(r.tasks.reduce((a, b) => a + b, 0)),
    // Every long task, longest first: one slow frame and many are different problems.
    tasks_ms: r.tasks.map(Math.round).sort((a, b) => b - a),
    // Each long task as [ms after the Start click, duration], in order: the first second of a
    // run (the click, the first reading) or later (charts, evaluations) are different problems.
    tasks_at_ms: r.at.map((at, i) => [Math.round(at), Math.round(r.tasks[i])]),
    finished_at_ms: Math.round(r.finishedAt), // the run declared finished, from the Start click
    // The page settling between ready and Start (not counted above): how long the bench waited
    // and each long task of that time, longest first.
    before_start: { waited_ms: Math.round(settled.ms), tasks_ms: settled.tasks.map(Math.round).sort((a, b) => b - a) },
    // The machine's 1-minute load average before and after: above the core count, every task
    // also waits for the CPU and lasts longer (tests/e2e/longtask-trace.mjs shows CPU time).
    load: [loadBefore, loadavg()[0]].map((l) => Number(l.toFixed(1))),
    // The CPU time the host took from this machine meanwhile: a virtual CPU paused by the host
    // stops the main thread mid-task, which no change to the page can shorten.
    cpu_stolen_pct: stolen,
    run: r.query,
    steps: r.state.iteration,
    browser: `chromium ${browser.version()}`,
  }));
  await page.context().close();
}

const server = await serve(DIST);
const browser = await launchBrowser();
try {
  if (!ONLY || ONLY === PURE_NAME) await benchPureStep(browser);
  if (!ONLY || ONLY === DRAW_NAME) await benchDrawnDigit(browser, server.url);
  if (!ONLY || ONLY === NAME) await benchTraining(browser, server.url);
  if (!ONLY || ONLY === LONG_TASK_NAME) await benchLongTasks(browser, server.url);
} finally {
  await browser.close();
  await server.close();
}
