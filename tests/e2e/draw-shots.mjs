// Screenshots of #/draw before and after "Load a test image", for a human to look at: desktop at
// 1× and 2× pixels, a phone; English and Japanese. The part of the page with the model bar, the
// pad and the guess.
// Usage: node tests/e2e/draw-shots.mjs [outDir=/tmp/draw-shots]
import { mkdirSync } from 'node:fs';
import { launchBrowser } from './helpers.mjs';
import { DIST, serve } from './serve.mjs';
import { DESKTOP, PHONE, nextFrames, openDevice } from './views.mjs';

const OUT = process.argv[2] ?? '/tmp/draw-shots';
const DEVICES = [['desktop1x', DESKTOP], ['desktop2x', { ...DESKTOP, deviceScaleFactor: 2 }], ['phone', PHONE]];

mkdirSync(OUT, { recursive: true });
const server = await serve(DIST);
const browser = await launchBrowser();
try {
  for (const [device, settings] of DEVICES) {
    for (const lang of ['en', 'ja']) {
      const { context, page, errors } = await openDevice(browser, server.url, settings, lang, 'draw');
      await page.evaluate(() => { location.hash = '#/draw?seed=3'; }); // the same test digit every time
      const shoot = async (name) => {
        await nextFrames(page);
        await page.evaluate(() => window.scrollTo(0, 0));
        const box = await page.locator('.draw-grid').boundingBox();
        const top = (await page.locator('.model-bar').boundingBox()).y;
        await page.screenshot({ path: `${OUT}/${name}-${device}-${lang}.png`, clip: { x: 0, y: top - 8, width: settings.viewport.width, height: box.y + box.height - top + 16 }, fullPage: true });
      };
      await shoot('before');
      await page.click('#pad-test');
      await page.waitForFunction(() => window.gradlab.draw.trueLabel !== null && window.gradlab.draw.top !== null, null, { timeout: 30_000 });
      await shoot('after');
      if (errors.length) console.log(device, lang, errors);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`screenshots in ${OUT}`);
