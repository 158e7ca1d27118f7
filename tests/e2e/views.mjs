// Every route of the app and how to wait until its view is built and showing, for the tests
// that walk all views (layout, accessibility, screenshots). Views are changed by setting the
// hash, as the menu does, so one page load serves every view.

/** The router's views (www/main.js; #/descent is an alias of gd1). */
export const VIEWS = ['cycle', 'loss', 'gd1', 'gd2', 'lr', 'minibatch', 'backprop', 'summary', 'train', 'draw'];

export const DESKTOP = { viewport: { width: 1400, height: 1000 } };
/** A phone held upright: touch, a mobile viewport, a high-density screen. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export const LOCALES = { en: 'en-US', ja: 'ja-JP' };

/** Two animation frames: views render their numbers in the frame after a route change. */
export function nextFrames(page) {
  return page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** Shows `view` (hash route) and waits until it is built, laid out and rendered. */
export async function showView(page, view) {
  await page.evaluate((name) => {
    location.hash = `#/${name}`;
  }, view);
  await page.waitForSelector(`[data-view="${view}"]:not([hidden])`, { timeout: 30_000 });
  if (view === 'train') {
    await page.waitForFunction(() => window.gradlab?.state?.status === 'idle', null, { timeout: 30_000 });
  } else if (view === 'draw') {
    await page.waitForFunction(() => window.gradlab?.draw?.ready, null, { timeout: 30_000 });
  } else {
    await page.waitForSelector(`[data-view="${view}"][data-ready]`, { timeout: 30_000 });
  }
  await nextFrames(page);
}

/**
 * Opens the app in a new context of `browser` (`device` = DESKTOP or PHONE, `lang` = en or ja)
 * and collects console errors. Returns { context, page, errors }.
 */
export async function openDevice(browser, url, device, lang, firstView = 'train') {
  const context = await browser.newContext({ ...device, locale: LOCALES[lang] });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(`${url}#/${firstView}`);
  await showView(page, firstView);
  return { context, page, errors };
}
