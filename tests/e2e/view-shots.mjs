// Screenshots of every view for a human to look at: a phone (390×844, touch, 2× pixels) and a
// desktop (1400×1000), in English and Japanese. Full pages, and the phone's pages also cut into tiles 1000 px high.
// Usage: node tests/e2e/view-shots.mjs [outDir=/tmp/shots-views] [view …]
import { mkdirSync } from 'node:fs';
import { launchBrowser } from './helpers.mjs';
import { DIST, serve } from './serve.mjs';
import { DESKTOP, PHONE, VIEWS, openDevice, showView } from './views.mjs';

const OUT = process.argv[2] ?? '/tmp/shots-views';
const only = process.argv.slice(3);
const TILE = 1000; // CSS px of page per phone tile
const views = only.length ? VIEWS.filter((v) => only.includes(v)) : VIEWS;

/** The phone's screen right after a 7 is drawn on the pad (centred on the screen). */
async function shootDrawing(page, path) {
  await showView(page, 'draw');
  await page.$eval('#pad', (pad) => pad.scrollIntoView({ block: 'center' }));
  const box = await page.locator('#pad').boundingBox();
  const at = (u, v) => [box.x + u * box.width, box.y + v * box.height];
  await page.mouse.move(...at(0.3, 0.2));
  await page.mouse.down();
  for (const [u, v] of [[0.5, 0.2], [0.7, 0.2], [0.6, 0.45], [0.5, 0.65], [0.45, 0.85]]) await page.mouse.move(...at(u, v), { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => window.gradlab.draw.strokes === 1 && window.gradlab.draw.top !== null);
  await page.screenshot({ path });
}

mkdirSync(OUT, { recursive: true });
const server = await serve(DIST);
const browser = await launchBrowser();
try {
  for (const [device, settings] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    for (const lang of ['en', 'ja']) {
      const { context, page, errors } = await openDevice(browser, server.url, settings, lang, views[0]);
      for (const view of views) {
        await showView(page, view);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: `${OUT}/${view}-${device}-${lang}.png`, fullPage: true });
        if (device === 'phone') {
          // The long phone page in pieces a screen can show at a readable size.
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          for (let y = 0, i = 1; y < height; y += TILE, i++) {
            const clip = { x: 0, y, width: settings.viewport.width, height: Math.min(TILE, height - y) };
            await page.screenshot({ path: `${OUT}/${view}-${device}-${lang}-${i}.png`, fullPage: true, clip });
          }
        }
      }
      if (device === 'phone' && views.includes('draw')) await shootDrawing(page, `${OUT}/draw-${device}-${lang}-drawing.png`);
      for (const e of errors) console.error(`[${device} ${lang}] ${e}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`screenshots in ${OUT}`);
