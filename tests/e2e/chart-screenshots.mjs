// Screenshots of every view with charts, for a human to look at: at 1× and 2× pixel density on a
// laptop-sized window and on a phone (390×844, touch), in English and Japanese. Each view is
// shot whole, and each chart on it alone (at the screen's own resolution).
// Usage: node tests/e2e/chart-screenshots.mjs [outDir=/tmp/chart-shots] [views=minibatch,lr,…] [screens=1x,2x,phone]
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchBrowser } from './helpers.mjs';
import { DIST, serve } from './serve.mjs';

const OUT = process.argv[2] ?? '/tmp/chart-shots';
const ONLY = process.argv[3]?.split(',');
const ONLY_SCREENS = process.argv[4]?.split(',');
const SCREENS = {
  '1x': { viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 },
  '2x': { viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 2 },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
};
const RUN_TIMEOUT_MS = 240_000;

/** What to do on each view before the shots. */
const VIEWS = {
  async minibatch(page) {
    await page.click('#mb-run');
    await page.waitForFunction(() => !document.querySelector('#mb-run').disabled, null, { timeout: RUN_TIMEOUT_MS });
    await page.click('#mb-bias-run');
    await page.waitForFunction(() => !document.querySelector('#mb-bias-run').disabled, null, { timeout: RUN_TIMEOUT_MS });
  },
  async lr() {},
  async gd2(page) {
    const box = await page.locator('#gd2-chart').boundingBox();
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await sleep(3000);
  },
  async train(page) {
    await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 30_000 });
    await page.click('#start');
    await sleep(8000);
    await page.click('#pause').catch(() => {});
  },
  async backprop() {},
  async cycle() {},
  async loss() {},
  async gd1(page) {
    await page.click('#gd1-run');
    await sleep(2500);
  },
  async draw(page) {
    await page.waitForFunction(() => window.gradlab?.draw?.ready, null, { timeout: 30_000 });
    const box = await page.locator('#pad').boundingBox();
    const at = (u, v) => [box.x + u * box.width, box.y + v * box.height];
    await page.mouse.move(...at(0.3, 0.2));
    await page.mouse.down();
    for (const [u, v] of [[0.7, 0.2], [0.45, 0.85]]) {
      for (let i = 1; i <= 10; i += 1) await page.mouse.move(...at(0.3 + ((u - 0.3) * i) / 10, 0.2 + ((v - 0.2) * i) / 10));
    }
    await page.mouse.up();
    await sleep(500);
  },
};

async function shoot(browser, url, screen, lang, view) {
  const context = await browser.newContext({ ...SCREENS[screen], locale: lang === 'ja' ? 'ja-JP' : 'en-US' });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`[${view} ${screen} ${lang}] console: ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[${view} ${screen} ${lang}] pageerror: ${e.message}`));
  await page.goto(`${url}#/${view === 'train' ? 'train?iters=3000' : view}`);
  await page.waitForFunction((v) => document.querySelector(`[data-view="${v}"]`)?.hidden === false, view, { timeout: 30_000 });
  await sleep(1500);
  await VIEWS[view](page);
  await sleep(800);
  const name = `${view}-${screen}-${lang}`;
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
  const canvases = await page.$$(`[data-view="${view === 'backprop' ? 'backprop' : view}"] canvas[id]`);
  for (const canvas of canvases) {
    const id = await canvas.getAttribute('id');
    if (!(await canvas.isVisible()) || ['seen', 'weights', 'weights-marks'].includes(id)) continue;
    const size = await canvas.evaluate((c) => `${c.width}x${c.height} css ${c.clientWidth}x${c.clientHeight}`);
    console.log(`${name} #${id}: ${size}`);
    await canvas.scrollIntoViewIfNeeded();
    await canvas.screenshot({ path: `${OUT}/${name}-${id}.png` });
  }
  await context.close();
}

mkdirSync(OUT, { recursive: true });
const server = await serve(DIST);
const browser = await launchBrowser();
try {
  for (const view of Object.keys(VIEWS).filter((v) => !ONLY || ONLY.includes(v))) {
    for (const screen of Object.keys(SCREENS).filter((v) => !ONLY_SCREENS || ONLY_SCREENS.includes(v))) {
      for (const lang of ['en', 'ja']) await shoot(browser, server.url, screen, lang, view);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`screenshots in ${OUT}`);
