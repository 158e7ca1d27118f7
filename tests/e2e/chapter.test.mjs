// A path through the chapter: a first visit lands on 4.1, every view ends with previous/next links
// in the menu's (the book's) order, and the menu shows every entry on a laptop screen and marks
// where it hides entries on a phone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, openPage, startApp } from './helpers.mjs';

const ORDER = ['cycle', 'loss', 'gd1', 'lr', 'minibatch', 'backprop', 'summary', 'train', 'draw'];

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

const visibleView = (page) => page.evaluate(() => document.querySelector('[data-view]:not([hidden])')?.dataset.view);

test('a first visit and an unknown route open section 4.1', async () => {
  const { page, errors } = await openPage(app, '');
  assert.equal(await visibleView(page), 'cycle');
  assert.match(await page.textContent('#nav a[aria-current="page"]'), /^4\.1/);
  await page.goto(`${app.url}#/no-such-view`);
  assert.equal(await visibleView(page), 'cycle');
  assert.equal(await page.getAttribute('.brand', 'href'), '#/cycle');
  assertNoErrors(assert, errors);
  await page.close();
});

test('next links walk every view in the book\'s order, and previous links walk back', async () => {
  const { page, errors } = await openPage(app, '#/cycle');
  const visit = async (rel) => {
    const link = page.locator(`[data-view]:not([hidden]) .chapter-links a[rel="${rel}"]`);
    if ((await link.count()) === 0) return null;
    const before = await visibleView(page);
    await link.click();
    await page.waitForFunction((prev) => document.querySelector('[data-view]:not([hidden])')?.dataset.view !== prev, before);
    return visibleView(page);
  };
  const forward = ['cycle'];
  for (let v; (v = await visit('next'));) forward.push(v);
  assert.deepEqual(forward, ORDER);
  const back = ['draw'];
  for (let v; (v = await visit('prev'));) back.push(v);
  assert.deepEqual(back, [...ORDER].reverse());
  // The link names its target with the menu's number and title, in the page's language.
  await page.goto(`${app.url}#/loss`);
  assert.match(await page.textContent('[data-view="loss"] .chapter-links a[rel="next"]'), /4\.3\s*Gradient descent/);
  await page.click('#lang-ja');
  assert.match(await page.textContent('[data-view="loss"] .chapter-links a[rel="next"]'), /次へ.*4\.3\s*勾配降下法/);
  await page.click('#lang-en');
  assertNoErrors(assert, errors);
  await page.close();
});

/** How many menu entries lie (partly) outside the menu's visible box, and the menu's marks. */
function menuOverflow(page) {
  return page.evaluate(() => {
    const box = document.querySelector('#nav ol').getBoundingClientRect();
    const hidden = [...document.querySelectorAll('#nav a')].filter((a) => {
      const r = a.getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1;
    }).length;
    const nav = document.getElementById('nav');
    return { hidden, marked: nav.classList.contains('more-after') || nav.classList.contains('more-before') };
  });
}

for (const lang of ['en', 'ja']) {
  test(`the menu shows every entry at 1024 px and marks hidden ones on a phone (${lang})`, async () => {
    const { page, errors } = await openPage(app, '#/cycle');
    await page.click(`#lang-${lang}`);
    await page.setViewportSize({ width: 1024, height: 800 });
    assert.deepEqual(await menuOverflow(page), { hidden: 0, marked: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.getElementById('nav').classList.contains('more-after'));
    const phone = await menuOverflow(page);
    assert.ok(phone.hidden > 0 && phone.marked, JSON.stringify(phone));
    assert.equal(await page.$eval('#nav-more', (el) => el.hidden), false, 'the hint is there for screen readers');
    await page.click('#lang-en');
    assertNoErrors(assert, errors);
    await page.close();
  });
}
