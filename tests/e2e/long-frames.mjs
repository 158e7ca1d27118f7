// Which frames of a run's start are long, and what ran in them: default runs on #/train, each
// in a fresh page, with every Long Task and every Long Animation Frame over 45 ms (Chromium's
// LoAF API: the scripts each frame ran, their forced layouts, and when rendering began), all
// timed from the Start click. A diagnosis tool, not a test: it asserts nothing (bench.mjs prints
// the Long Tasks figure; longtask-trace.mjs gives a full trace with CPU times).
// Usage: node tests/e2e/long-frames.mjs [runs, default 3] [ms to wait after Ready, default 0]
//          [CPU slowdown, default 1]
//   (after npm run build; the bench waits for the page to settle, about 2000 ms). A slowdown of
//   2 or 4 (Chromium's CPU throttling, as DevTools offers it) plays a slower laptop's main thread.

import { launchBrowser } from './helpers.mjs';
import { DIST, serve } from './serve.mjs';
import { loadavg } from 'node:os';

const RUNS = Number(process.argv[2] ?? 3);
const WAIT_MS = Number(process.argv[3] ?? 0);
const SLOWDOWN = Number(process.argv[4] ?? 1);
const FRAME_MS = 45;

const server = await serve(DIST);
const browser = await launchBrowser();
try {
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage();
    if (SLOWDOWN !== 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
    await page.addInitScript((frameMs) => {
      window.longTasks = [];
      window.longFrames = [];
      window.startedAt = null;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.duration < frameMs) continue;
          window.longFrames.push({
            start: e.startTime,
            duration: e.duration,
            renderStart: e.renderStart ? e.renderStart - e.startTime : null,
            styleAndLayoutStart: e.styleAndLayoutStart ? e.styleAndLayoutStart - e.startTime : null,
            scripts: e.scripts.map((s) => ({
              invoker: s.invoker,
              start: Math.round(s.startTime - e.startTime),
              ms: Math.round(s.duration),
              forcedLayoutMs: Math.round(s.forcedStyleAndLayoutDuration),
            })),
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
      document.addEventListener('click', (event) => {
        if (event.target.id === 'start') window.startedAt = performance.now();
      }, true);
    }, FRAME_MS);
    await page.goto(`${server.url}#/train`);
    await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 60_000 });
    await page.waitForTimeout(WAIT_MS);
    await page.evaluate(() => { window.longTasks.length = 0; window.longFrames.length = 0; });
    const load = loadavg()[0];
    await page.click('#start');
    await page.waitForFunction(() => ['finished', 'diverged'].includes(window.gradlab.state.status), null,
      { timeout: 120_000, polling: 500 });
    const r = await page.evaluate(() => ({ tasks: window.longTasks, frames: window.longFrames, t0: window.startedAt }));
    const at = (ms) => Math.round(ms - r.t0);
    console.log(`run ${run + 1} (load ${load.toFixed(1)}): long tasks [ms after Start, ms] ${JSON.stringify(r.tasks.map((e) => [at(e.start), Math.round(e.duration)]))}`);
    for (const f of r.frames) {
      const parts = [`render at ${Math.round(f.renderStart ?? 0)}`, `style+layout at ${Math.round(f.styleAndLayoutStart ?? 0)}`];
      const scripts = f.scripts.map((s) => `${s.invoker} ${s.ms} ms at ${s.start}${s.forcedLayoutMs ? ` (forced layout ${s.forcedLayoutMs})` : ''}`);
      console.log(`  frame at ${at(f.start)} ms: ${Math.round(f.duration)} ms; ${parts.join(', ')}; ${scripts.join('; ') || 'no script over 5 ms'}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
