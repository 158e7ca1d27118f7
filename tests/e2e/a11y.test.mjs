// Accessibility of every view, checked by axe-core in the browser: no violation (contrast,
// labels, landmarks, ARIA, focusable scroll boxes, …) on any route, in English and Japanese
// (the app takes its language from the browser's locale), on a desktop and on a phone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { assertNoErrors, startApp } from './helpers.mjs';
import { DESKTOP, PHONE, VIEWS, nextFrames, openDevice, showView } from './views.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** axe's violations on the page as it is now, one readable line per failing element. */
async function violations(page, view) {
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
    }));
  });
  return found.flatMap((v) => v.nodes.map((node) => `#/${view}: ${v.id} (${v.help}): ${node}`));
}

for (const [deviceName, device] of [['desktop 1400×1000', DESKTOP], ['phone 390×844', PHONE]]) {
  for (const lang of ['en', 'ja']) {
    test(`axe finds no violation on any view (${lang}, ${deviceName})`, async () => {
      const { context, page, errors } = await openDevice(app.browser, app.url, device, lang, VIEWS[0]);
      try {
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang, 'the page follows the locale');
        const routes = await page.$$eval('[data-view]', (els) => els.map((el) => el.dataset.view));
        assert.deepEqual([...routes].sort(), [...VIEWS].sort(), 'every view of the page is checked');
        await page.evaluate(AXE_SOURCE); // not a <script> tag: the page's CSP refuses inline scripts
        const found = [];
        for (const view of VIEWS) {
          await showView(page, view);
          found.push(...await violations(page, view));
        }
        assert.equal(found.length, 0, `axe violations:\n${found.join('\n')}`);
        assertNoErrors(assert, errors);
      } finally {
        await context.close();
      }
    });
  }
}

test('axe finds no violation on the draw view once a digit is drawn and read (guess, bars, inside view)', async () => {
  const { context, page, errors } = await openDevice(app.browser, app.url, PHONE, 'en', 'draw');
  try {
    await page.evaluate(AXE_SOURCE); // not a <script> tag: the page's CSP refuses inline scripts
    await page.$eval('#pad', (pad) => pad.scrollIntoView({ block: 'center' }));
    const box = await page.locator('#pad').boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.48, box.y + box.height * 0.8, { steps: 10 });
    await page.mouse.up();
    await page.waitForFunction(() => window.gradlab.draw.strokes === 1 && window.gradlab.draw.top !== null, null, { timeout: 5000 });
    await nextFrames(page);
    const found = await violations(page, 'draw');
    assert.equal(found.length, 0, `axe violations:\n${found.join('\n')}`);
    assertNoErrors(assert, errors);
  } finally {
    await context.close();
  }
});
