// Before/after comparison of the main thread during a default run on #/train, for a noisy
// shared machine: an earlier build of the app (a copy of dist/) and a later one are run
// alternately, round after round, and each run prints the Long Tasks API's tasks (wall time,
// and when after Start) beside the main thread's CPU time (CDP Performance metrics:
// ThreadTime) and the whole renderer's, which a busy machine does not inflate.
// A diagnosis tool, not a test: it asserts nothing.
// Usage: node tests/e2e/longtask-ab.mjs <earlier dist copy> [later build, default dist/] [rounds, default 3]
//   (takes the browser lock like the tests)

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { startApp } from './helpers.mjs';
import { serve } from './serve.mjs';

const [earlierDir, ...rest] = process.argv.slice(2);
const EARLIER = resolve(earlierDir);
// An optional second directory, then the number of rounds.
const LATER = rest[0] !== undefined && Number.isNaN(Number(rest[0])) ? resolve(rest.shift()) : null;
const ROUNDS = Number(rest[0] ?? 3);
const TIMEOUT_MS = 30 * 60_000;

async function run(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${url}#/train`);
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 60_000 });
  await page.waitForTimeout(1000); // idle work after boot (chart warm-up) is not the run's
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  const load = loadavg()[0];
  const clicked = await page.evaluate(() => {
    window.longTasks.length = 0;
    document.getElementById('start').click();
    return performance.now();
  });
  await page.waitForFunction(() => ['finished', 'diverged'].includes(window.gradlab.state.status), null, { timeout: TIMEOUT_MS, polling: 500 });
  const after = await metrics();
  const tasks = await page.evaluate(() => window.longTasks);
  await context.close();
  const ms = (key) => Math.round((after[key] - before[key]) * 1000);
  return {
    longest: Math.round(Math.max(0, ...tasks.map(([, d]) => d))),
    tasks: tasks.map(([start, d]) => `${Math.round(d)}@${((start - clicked) / 1000).toFixed(1)}s`).join(' '),
    threadCpu: ms('ThreadTime'), processCpu: ms('ProcessTime'), taskWall: ms('TaskDuration'),
    script: ms('ScriptDuration'), layout: ms('LayoutDuration'), style: ms('RecalcStyleDuration'),
    runS: Number(((after.Timestamp - before.Timestamp)).toFixed(1)),
    load: `${load.toFixed(1)}→${loadavg()[0].toFixed(1)}`,
  };
}

const app = await startApp(); // dist/, the browser and the lock
const earlier = await serve(EARLIER);
const later = LATER ? await serve(LATER) : app;
try {
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const [name, url] of [['earlier', earlier.url], ['later  ', later.url]]) {
      const r = await run(app.browser, url);
      console.log(`round ${round} ${name}: longest ${r.longest} ms | main CPU ${r.threadCpu} ms, renderer CPU ${r.processCpu} ms, ` +
        `task wall ${r.taskWall} (script ${r.script}, style ${r.style}, layout ${r.layout}) in ${r.runS} s | load ${r.load} | long: ${r.tasks}`);
    }
  }
} finally {
  await earlier.close();
  if (LATER) await later.close();
  await app.close();
}
