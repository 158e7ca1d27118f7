// The translation helpers. The text itself lives in one file per language, www/locales/<lang>.json
// (flat "area.name" keys; tests/e2e/locales.test.mjs checks that both files have the same keys and
// placeholders, and tests/e2e/glossary.test.mjs checks the words against docs/glossary.md).
//
// Static text: elements carry data-i18n="key" (textContent) or data-i18n-attr="attr:key;attr:key"
// (e.g. aria-label, title). Dynamic text: t(key, { name: value }) fills {name} placeholders.
// A placeholder that the caller gives no value for is one of the numbers the prose states (the
// pixels of an image, the book's h, a key's range): it is filled from the wasm's textFacts(),
// handed over once the wasm is ready (setFacts), so no sentence copies a number the core defines.
// Static text takes its values from its element's data-* attributes, then from those facts; before
// the wasm is ready, one that states a fact keeps what its element shows (no raw {placeholder}).
// The language defaults to navigator.language, and the learner's choice is kept in localStorage.

import en from './locales/en.json';
import ja from './locales/ja.json';
import { fmt, powerOfTen, wholeNumber } from './format.js';

const STORAGE_KEY = 'gradlab-lang';
export const LANGUAGES = ['en', 'ja'];
const TABLE = { en, ja };

/** Every string of one language (tests read the whole table through this). */
export function strings(lang) {
  return TABLE[lang] ?? {};
}

let current = 'en';
const listeners = new Set();

export function language() {
  return current;
}

let facts = null;
/**
 * The prose's numbers by placeholder name, from the wasm's textFacts(): each `{ count }`,
 * `{ number }`, `{ power }` (an exponent of ten) or `{ code }`. Set once, when the wasm is ready.
 */
export function setFacts(table) {
  facts = table;
}

/** A fact as the page writes it: 60,000 · 0.0001 · 10⁻⁴ · 1e-7; undefined for an unknown name. */
function fact(name) {
  const f = facts?.[name];
  if (f === undefined) return undefined;
  if ('count' in f) return wholeNumber(f.count);
  if ('number' in f) return fmt(f.number);
  if ('power' in f) return powerOfTen(f.power);
  return f.code;
}

/** The translated text for `key`, with {name} placeholders filled from `params`, else from the facts. */
export function t(key, params = {}) {
  const text = TABLE[current][key] ?? TABLE.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : fact(name) ?? m));
}

const plurals = new Map();
/** One Intl.PluralRules per language (making one costs far more than using it). */
function pluralRules(lang) {
  if (!plurals.has(lang)) plurals.set(lang, new Intl.PluralRules(lang));
  return plurals.get(lang);
}

/**
 * t() for a text about `count` things: `<key>.<form>` by the language's plural rules
 * (Intl.PluralRules: English "one" / "other", Japanese only "other"), else `<key>.other`;
 * a key with no plural forms is t(key) (one call serves texts of both kinds).
 */
export function tCount(key, count, params = {}) {
  const table = TABLE[current];
  const form = `${key}.${pluralRules(current).select(count)}`;
  if (form in table) return t(form, params);
  return t(`${key}.other` in table ? `${key}.other` : key, params);
}

/**
 * An element's text for `key`, its data-* attributes filling the placeholders (data-hidden="50"
 * fills {hidden}); null for a text that states a fact before the wasm has given the facts (its
 * element keeps what it shows until main.js translates again, never a raw {placeholder}).
 */
function staticText(key, el) {
  const text = t(key, el.dataset);
  return facts === null && /\{\w+\}/.test(text) ? null : text;
}

/** Translates every data-i18n / data-i18n-attr element under `root` (see staticText). */
export function translate(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const text = staticText(el.dataset.i18n, el);
    if (text !== null) el.textContent = text;
  }
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      const text = staticText(key.trim(), el);
      if (text !== null) el.setAttribute(attr.trim(), text);
    }
  }
}

/** Called with the new language after every switch (views re-render their dynamic text). */
export function onLanguageChange(fn) {
  listeners.add(fn);
}

/** Switches the page to `lang`; `remember` saves it as the learner's choice. */
export function setLanguage(lang, remember = true) {
  current = LANGUAGES.includes(lang) ? lang : 'en';
  document.documentElement.lang = current;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, current);
    } catch {
      // storage can be unavailable (private mode); the choice then lasts for this page only
    }
  }
  translate();
  for (const fn of listeners) fn(current);
}

/** Saved choice, else the browser's language, else English. */
export function initialLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    saved = null;
  }
  if (LANGUAGES.includes(saved)) return saved;
  const browser = (navigator.language || 'en').toLowerCase();
  return browser.startsWith('ja') ? 'ja' : 'en';
}
