// Shared pieces of the browser tests: a headless Chromium on the built app (dist/), error
// collection, and small page probes. Test files take a cross-process lock so that only one
// browser trains at a time (node --test runs files in parallel; training is CPU-bound).

import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { DIST, serve } from './serve.mjs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const LOCK_DIR = join(tmpdir(), 'gradlab-e2e.lock');
const LOCK_POLL_MS = 250;

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until no other test process holds the browser lock, then takes it. */
async function acquireLock() {
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
      return;
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'));
      } catch {
        // being created or removed right now
      }
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) rmSync(LOCK_DIR, { recursive: true, force: true });
      await sleep(LOCK_POLL_MS);
    }
  }
}

function releaseLock() {
  rmSync(LOCK_DIR, { recursive: true, force: true });
}

/** Server + browser + one context (Cache Storage is shared by the pages of a file). */
export async function startApp() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: build the app first (npm run build)`);
  }
  await acquireLock();
  const requests = [];
  const server = await serve(DIST, 0, (path) => requests.push(path));
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US' });
  return {
    url: server.url,
    requests, // every path the server was asked for, in order
    setOffline: server.setOffline, // true: every request fails as if the server were gone
    browser,
    context,
    async close() {
      await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.close();
      releaseLock();
    },
  };
}

/** Opens the app at `hash` and waits until the worker is ready. `errors` collects console errors. */
export async function openPage(app, hash = '#/train') {
  const page = await app.context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('crash', () => errors.push('page crashed'));
  await page.goto(app.url + hash);
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 30_000 });
  return { page, errors };
}

export function state(page) {
  return page.evaluate(() => window.gradlab.state);
}

export function iterationShown(page) {
  return page.$eval('#iter-count', (el) => Number(el.textContent.split('/')[0]));
}

/** Clicks Start and waits until steps are running. */
export async function startTraining(page) {
  await page.click('#start');
  await page.waitForFunction(() => window.gradlab.state.status === 'training' && window.gradlab.state.iteration > 0,
    null, { timeout: 60_000 });
}

/**
 * Pixels of a canvas that are clearly coloured (a curve), not white, grey or black (background,
 * axes, text). Zero means no data curve is drawn.
 */
export function colouredPixels(page, selector) {
  return page.$eval(selector, (canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const max = Math.max(data[i], data[i + 1], data[i + 2]);
      const min = Math.min(data[i], data[i + 1], data[i + 2]);
      if (data[i + 3] > 0 && max - min > 60) n++;
    }
    return n;
  });
}

/** Fails the current test with every collected console error / page error. */
export function assertNoErrors(assert, errors) {
  assert.deepEqual(errors, [], `console errors:\n${errors.join('\n')}`);
}
