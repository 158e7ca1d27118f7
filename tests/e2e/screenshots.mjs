// Screenshots of the train view for a human to look at: idle and training, English and Japanese.
// Usage: node tests/e2e/screenshots.mjs [outDir=/tmp/shots] [distDir]
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchBrowser } from './helpers.mjs';
import { DIST, serve } from './serve.mjs';

const OUT = process.argv[2] ?? '/tmp/shots';
const TRAIN_MS = 6000;

async function shoot(browser, url, lang, width) {
  const context = await browser.newContext({ viewport: { width, height: 1000 }, locale: lang === 'ja' ? 'ja-JP' : 'en-US' });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`[${lang}] console: ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[${lang}] pageerror: ${e.message}`));
  await page.goto(`${url}#/train?iters=4000`);
  await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 30_000 });
  await page.screenshot({ path: `${OUT}/idle-${lang}-${width}.png`, fullPage: true });
  await page.click('#start');
  await sleep(TRAIN_MS);
  await page.screenshot({ path: `${OUT}/training-${lang}-${width}.png`, fullPage: true });
  await page.goto(`${url}#/loss`);
  await page.screenshot({ path: `${OUT}/placeholder-${lang}-${width}.png` });
  await context.close();
}

mkdirSync(OUT, { recursive: true });
const server = await serve(process.argv[3] ?? DIST);
const browser = await launchBrowser();
try {
  await shoot(browser, server.url, 'en', 1360);
  await shoot(browser, server.url, 'ja', 1360);
  await shoot(browser, server.url, 'en', 820);
} finally {
  await browser.close();
  await server.close();
}
console.log(`screenshots in ${OUT}`);
