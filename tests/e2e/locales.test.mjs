// The two text files, www/locales/en.json and ja.json, say the same things: the same keys, each
// with the same {placeholders}, and no empty text. Plain node:test, no browser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const LANGUAGES = ['en', 'ja'];
const read = (lang) => JSON.parse(readFileSync(new URL(`../../www/locales/${lang}.json`, import.meta.url), 'utf8'));
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

const tables = Object.fromEntries(LANGUAGES.map((lang) => [lang, read(lang)]));

test('every key is in both languages', () => {
  const [en, ja] = LANGUAGES.map((lang) => new Set(Object.keys(tables[lang])));
  assert.deepEqual([...en].filter((k) => !ja.has(k)), [], 'keys only in en.json');
  assert.deepEqual([...ja].filter((k) => !en.has(k)), [], 'keys only in ja.json');
});

test('each text has the same placeholders in both languages', () => {
  const differ = Object.keys(tables.en)
    .filter((key) => key in tables.ja && placeholders(tables.en[key]) !== placeholders(tables.ja[key]))
    .map((key) => `${key}: en {${placeholders(tables.en[key])}} ja {${placeholders(tables.ja[key])}}`);
  assert.deepEqual(differ, []);
});

test('no text is empty or left untranslated as a key', () => {
  for (const lang of LANGUAGES) {
    const bad = Object.entries(tables[lang]).filter(([key, text]) => typeof text !== 'string' || !text.trim() || text === key);
    assert.deepEqual(bad.map(([key]) => key), [], `${lang}.json`);
  }
});

test('no text writes a number the core states for the prose (lessons/facts.rs): it writes the {placeholder}', () => {
  // The book's h and δ, the divergence bound, the training-set size, the image side and the
  // book's weight spread are filled in from the wasm's textFacts() (www/i18n.js), never copied.
  const copied = /h = 10⁻⁴|h = 10⁻¹⁰|10⁻⁷|1e-7|10⁶|60,000|28 ?× ?28|std 0\.01|標準偏差 0\.01|784-50-10|784-\{hidden\}-10/;
  for (const lang of LANGUAGES) {
    const found = Object.entries(tables[lang]).filter(([, text]) => copied.test(text)).map(([key, text]) => `${key}: ${text.match(copied)[0]}`);
    assert.deepEqual(found, [], `${lang}.json`);
  }
});

test('no text writes the race\'s optimizer count, x²\'s bound on η, the cycle\'s step count or #/gd2\'s first step: they are facts', () => {
  // lessons/facts.rs: raceOptimizers (OptimizerKind::ALL), squareConvergesBelow (2 / f'' of x²),
  // cycleSteps (cycle::step_stages), gd2X0… (GD2_KEYS' defaults). The texts write the placeholders.
  const copied = /five trajectories|5つの軌跡|as long as η < 1|η < 1 なら|Steps 1–5|ステップ 1〜5|\(−3, 4\)|\(−2\.4, 3\.2\)/;
  for (const lang of LANGUAGES) {
    const found = Object.entries(tables[lang]).filter(([, text]) => copied.test(text)).map(([key, text]) => `${key}: ${text.match(copied)[0]}`);
    assert.deepEqual(found, [], `${lang}.json`);
    assert.match(tables[lang]['lr.race.alt'], /\{raceOptimizers\}/);
    assert.match(tables[lang]['lr.shape.oscillating'], /η < \{squareConvergesBelow\}/);
    assert.match(tables[lang]['cycle1.repeat.what'], /1[–〜]\{cycleSteps\}/);
  }
});
