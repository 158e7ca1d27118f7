// The layout on a phone (360–430 px wide, touch): no view scrolls sideways and nothing sticks
// out of the screen (wide tables scroll inside their own box), the menu is one compact row that
// stays on screen while the page scrolls and shows where you are, and on #/draw the guess stays
// in sight (under the pad; beside it on a phone held sideways) while you draw on it with a finger.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, startApp } from './helpers.mjs';
import { PHONE, VIEWS, openDevice, showView } from './views.mjs';

// The menu may take at most this much of the phone's 844 px height (one row of links).
const MENU_MAX_HEIGHT = 56;

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/**
 * Visible elements that reach past the left or right edge of the viewport, unless a box that
 * scrolls or clips them (a table's scroll box) is itself on screen. Only the outermost offender
 * of each branch is listed. The skip link and visually-hidden texts are off screen on purpose.
 */
function elementsOffScreen(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const fits = (r) => r.left >= -1 && r.right <= width + 1;
    const clippedByFittingBox = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return fits(a.getBoundingClientRect());
      }
      return false;
    };
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('.skip-link, .visually-hidden') || !el.checkVisibility()) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || fits(r) || clippedByFittingBox(el)) continue;
      if (out.some((o) => o.el.contains(el))) continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
      out.push({ el, text: `${name} [${Math.round(r.left)}, ${Math.round(r.right)}] "${el.textContent.trim().slice(0, 40)}"` });
    }
    return out.map((o) => o.text);
  });
}

// The brief's phone (390) in both languages, the narrowest common phone (360), a large one (430).
for (const [width, lang] of [[390, 'en'], [390, 'ja'], [360, 'en'], [360, 'ja'], [430, 'en']]) {
  test(`no view scrolls sideways or sticks out at ${width} px (${lang})`, async () => {
    const device = { ...PHONE, viewport: { ...PHONE.viewport, width } };
    const { context, page, errors } = await openDevice(app.browser, app.url, device, lang, VIEWS[0]);
    try {
      const problems = [];
      for (const view of VIEWS) {
        await showView(page, view);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
        }));
        // A phone browser zooms out to fit a too-wide page, which widens innerWidth too.
        if (innerWidth !== width) problems.push(`#/${view}: the browser zoomed out to ${innerWidth} px`);
        if (scrollWidth > innerWidth) problems.push(`#/${view}: the page is ${scrollWidth} px wide on a ${innerWidth} px screen`);
        for (const el of await elementsOffScreen(page)) problems.push(`#/${view}: off screen: ${el}`);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
      assertNoErrors(assert, errors);
    } finally {
      await context.close();
    }
  });
}

test('on a phone the menu is one short row that stays on screen and shows the current view', async () => {
  const { context, page, errors } = await openDevice(app.browser, app.url, PHONE, 'en', 'backprop');
  try {
    const nav = page.locator('#nav');
    const current = page.locator('#nav a[aria-current="page"]');
    assert.equal(await current.getAttribute('href'), '#/backprop');
    const box = await nav.boundingBox();
    assert.ok(box.height <= MENU_MAX_HEIGHT, `the menu is ${box.height} px high`);

    // Scrolled far down the lesson, the menu is still at the top of the screen.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    assert.ok(await page.evaluate(() => window.scrollY) > 1000, 'the lesson is long enough to scroll');
    const stuck = await nav.boundingBox();
    assert.ok(Math.abs(stuck.y) <= 1, `the menu is at y = ${stuck.y} after scrolling`);

    // The current view's link is scrolled into the menu's visible part, also for a later view
    // and after the language switch changes the labels' widths.
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    const assertLinkShown = async (what) => {
      const link = await page.locator('#nav a[aria-current="page"]').boundingBox();
      assert.ok(link.x >= 0 && link.x + link.width <= width, `${what}: its link spans ${link.x}…${link.x + link.width} of ${width} px`);
    };
    for (const view of ['backprop', 'draw', 'cycle', 'summary']) {
      await showView(page, view);
      await assertLinkShown(`#/${view}`);
    }
    await page.click('#lang-ja');
    await assertLinkShown('#/summary in Japanese');

    // Every link can still be reached: the row scrolls sideways (inside the menu only).
    const row = await page.$eval('#nav ol', (ol) => ({ scroll: ol.scrollWidth, client: ol.clientWidth, overflow: getComputedStyle(ol).overflowX }));
    assert.ok(row.scroll > row.client && row.overflow === 'auto', `the menu row scrolls: ${JSON.stringify(row)}`);
    assertNoErrors(assert, errors);
  } finally {
    await context.close();
  }
});

/** Sends one finger stroke through the browser's touch input (points in viewport pixels). */
async function touchStroke(context, page, points) {
  const cdp = await context.newCDPSession(page);
  const at = ([x, y]) => [{ x, y }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(points[0]) });
  for (const p of points.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(p) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const SIDEWAYS = { ...PHONE, viewport: { width: PHONE.viewport.height, height: PHONE.viewport.width } };

/** Draws a 1 with a finger on the pad brought to the middle of the screen; then looks. */
async function drawWithFinger(device) {
  const { context, page, errors } = await openDevice(app.browser, app.url, device, 'en', 'draw');
  try {
    // The learner brings the pad to the middle of the screen to draw on it.
    await page.$eval('#pad', (pad) => pad.scrollIntoView({ block: 'center' }));
    const scrollBefore = await page.evaluate(() => window.scrollY);
    const pad = await page.locator('#pad').boundingBox();
    // A "1": a vertical line down the middle of the pad.
    const points = Array.from({ length: 12 }, (_, i) => [pad.x + pad.width * 0.5, pad.y + pad.height * (0.2 + (0.6 * i) / 11)]);
    await touchStroke(context, page, points);
    await page.waitForFunction(() => window.gradlab.draw.strokes === 1 && window.gradlab.draw.top !== null, null, { timeout: 5000 });

    assert.equal(await page.evaluate(() => window.scrollY), scrollBefore, 'the page did not scroll under the finger');
    const guessText = await page.textContent('#guess-digit');
    assert.match(guessText, /^[0-9]$/, 'the guess shows a digit');
    const view = await page.evaluate(() => ({
      top: document.getElementById('nav').getBoundingClientRect().bottom, height: window.innerHeight,
    }));
    for (const selector of ['#pad', '#guess-digit', '#guess-text']) {
      const r = await page.locator(selector).boundingBox();
      assert.ok(r.y >= view.top - 1 && r.y + r.height <= view.height + 1,
        `${selector} spans y = ${Math.round(r.y)}…${Math.round(r.y + r.height)}; visible: ${Math.round(view.top)}…${view.height}`);
    }
    assertNoErrors(assert, errors);
  } finally {
    await context.close();
  }
}

test('drawing with a finger on a phone held upright: the pad and the guess are on screen, the page does not move',
  () => drawWithFinger(PHONE));
test('drawing with a finger on a phone held sideways: the pad and the guess are on screen, the page does not move',
  () => drawWithFinger(SIDEWAYS));
