// What blocks the page's main thread during a default run on #/train: a Chromium trace and a
// CPU profile of the run (CDP Tracing + Profiler), then one line per task longer than
// THRESHOLD_MS with what ran in it (our JavaScript in animation frames and worker messages,
// forced layouts, style, layout, paint, compositor commit, garbage collection) and the
// functions most often on the stack. Tasks are listed by wall time and main-thread CPU time:
// on a busy machine a task also waits for a core, so its wall time grows and its CPU time does
// not. A diagnosis tool, not a test: it asserts nothing (bench.mjs prints the Long Tasks figure).
// Usage: node tests/e2e/longtask-trace.mjs [threshold ms, default 30] [hash, default #/train]
//   (after npm run build; takes the browser lock like the tests)

import { loadavg } from 'node:os';
import { startApp } from './helpers.mjs';

const THRESHOLD_MS = Number(process.argv[2] ?? 30);
const HASH = process.argv[3] ?? '#/train';
const SAMPLING_US = 200;
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8', 'blink.user_timing'].join(',');
/** Trace events counted in a task: column name → event name (outermost occurrences only). */
const PARTS = {
  frameJs: 'FireAnimationFrame',
  messageJs: 'HandlePostMessage',
  forcedLayout: 'Blink.ForcedStyleAndLayout.UpdateTime',
  style: 'Blink.Style.UpdateTime',
  layout: 'Blink.Layout.UpdateTime',
  paint: 'Blink.Paint.UpdateTime',
  commit: 'Commit',
  gc: 'MajorGC',
  minorGc: 'MinorGC',
};
const TOP_FUNCTIONS = 6;

/** Sum of `key` ('dur' wall or 'tdur' CPU, µs) of the outermost events named `name` among `events` (sorted by ts), in ms. */
function outermost(events, name, key) {
  let sum = 0;
  let end = -Infinity;
  for (const e of events) {
    if (e.name !== name || e.ts < end) continue;
    sum += e[key] || e.dur; // Blink's lifecycle events carry no thread time
    end = e.ts + e.dur;
  }
  return sum / 1000;
}

/** Sample timestamps (µs, the trace's clock) → node ids, and each node's parent. */
function profileSamples(profile) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => [(t += profile.timeDeltas[i]), id]);
  return { samples, parent, nodes: new Map(profile.nodes.map((n) => [n.id, n])) };
}

/** Our functions on the stack in [from, to], by how many samples they were on it. */
function functionsIn({ samples, parent, nodes }, from, to) {
  const counts = new Map();
  for (const [ts, id] of samples) {
    if (ts < from || ts > to) continue;
    const seen = new Set();
    for (let p = id; p !== undefined; p = parent.get(p)) {
      const { functionName, url } = nodes.get(p).callFrame;
      if (!functionName || !url.includes('/assets/') || seen.has(functionName)) continue;
      seen.add(functionName);
      counts.set(functionName, (counts.get(functionName) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, TOP_FUNCTIONS).map(([name, n]) => `${name}×${n}`).join(' ');
}

async function record(app) {
  const page = await app.context.newPage();
  await page.goto(`${app.url}${HASH}`);
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 60_000 });
  // Start once the page has settled, as bench.mjs does: the watched digits shown, a second more.
  await page.waitForSelector('#watch-grid .watch-digit', { timeout: 30_000 });
  await page.waitForTimeout(1000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await cdp.send('Profiler.start');
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await page.click('#start');
  await page.waitForFunction(() => ['finished', 'diverged'].includes(window.gradlab.state.status), null, { timeout: 30 * 60_000, polling: 500 });
  await page.waitForTimeout(1000); // the run's model is saved after "finished"
  await cdp.send('Tracing.end');
  await complete;
  const { profile } = await cdp.send('Profiler.stop');
  const state = await page.evaluate(() => window.gradlab.state);
  await page.close();
  return { events, profile, state };
}

const app = await startApp();
try {
  const load = loadavg()[0];
  const { events, profile, state } = await record(app);
  const mainThreads = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const main = events.filter((e) => e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
  const click = main.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  // From the task that handles the click itself (Start's own work) on.
  const tasks = main.filter((e) => e.name === 'RunTask' && e.ts + e.dur >= (click?.ts ?? 0));
  const long = tasks.filter((e) => e.dur / 1000 > THRESHOLD_MS);
  const prof = profileSamples(profile);
  console.log(`${state.status} at ${state.iteration} iterations; 1-min load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
  console.log(`tasks over ${THRESHOLD_MS} ms: ${long.length}; longest wall ${Math.max(0, ...tasks.map((e) => e.dur / 1000)).toFixed(1)} ms, longest CPU ${Math.max(0, ...tasks.map((e) => (e.tdur ?? 0) / 1000)).toFixed(1)} ms`);
  for (const task of long) {
    const inside = main.filter((e) => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e !== task);
    const parts = Object.entries(PARTS)
      .map(([label, name]) => [label, outermost(inside, name, 'dur')])
      .filter(([, ms]) => ms >= 1)
      .map(([label, ms]) => `${label} ${ms.toFixed(0)}`);
    const at = ((task.ts - (click?.ts ?? task.ts)) / 1000).toFixed(0);
    console.log(`+${at} ms  wall ${(task.dur / 1000).toFixed(0)}  cpu ${((task.tdur ?? 0) / 1000).toFixed(0)}  | ${parts.join(', ')} | ${functionsIn(prof, task.ts, task.ts + task.dur)}`);
  }
  const seconds = (tasks.at(-1).ts - tasks[0].ts) / 1e6;
  console.log(`main thread CPU during the run (${seconds.toFixed(1)} s): ${(tasks.reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000).toFixed(0)} ms in ${tasks.length} tasks; ` +
    Object.entries(PARTS).map(([label, name]) => `${label} ${outermost(main.filter((e) => e.ts >= (click?.ts ?? 0)), name, 'tdur').toFixed(0)}`).join(', '));
} finally {
  await app.close();
}
