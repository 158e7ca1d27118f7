// The lesson views' markup is HTML (www/views/*.html and the pieces in www/views/pieces/); the
// JS under www/lesson-views/ only chooses pieces and fills them in (ids, i18n keys, attributes)
// and wires events. Plain node:test, no browser: it reads the sources.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const WWW = new URL('../../www/', import.meta.url);
const read = (path) => readFileSync(new URL(path, WWW), 'utf8');
const VIEW_JS = readdirSync(new URL('lesson-views/', WWW)).filter((f) => f.endsWith('.js')).map((f) => `lesson-views/${f}`);
const PIECES = readdirSync(new URL('views/pieces/', WWW)).filter((f) => f.endsWith('.html')).map((f) => f.replace(/\.html$/, ''));

/** `source` without its comments (block comments, whole-line and trailing `//` comments). */
function code(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|\s)\/\/.*$/gm, '$1');
}

// An HTML tag (`<div `, `<p>`, `</section>`) not at the start of a regex literal (`/<div data-…`).
const TAG = /(?<![/\\])<\/?[a-z][a-z0-9-]*[\s>/]/i;
// A string that is one empty element: a placeholder a view looks for in a partial, not markup it builds.
const PLACEHOLDER = /(['"])<([a-z][\w-]*)\b[^<>'"]*(?:"[^"]*"[^<>'"]*)*><\/\2>\1/gi;

test('no markup is written in the lesson views\' JS', () => {
  const found = [];
  for (const file of VIEW_JS) {
    code(read(file)).split('\n').forEach((line, i) => {
      if (TAG.test(line.replace(PLACEHOLDER, "''"))) found.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, [], 'markup belongs in www/views/pieces/ or a partial\'s <template>');
});

test('every piece the JS asks for exists, and every piece is used', () => {
  const js = VIEW_JS.map(read).join('\n');
  const html = readdirSync(new URL('views/', WWW), { recursive: true }).filter((f) => f.endsWith('.html'))
    .map((f) => read(`views/${f}`)).join('\n') + read('../index.html');
  const asked = [...js.matchAll(/piece\('([\w-]+)'/g)].map((m) => m[1]);
  const placed = [...html.matchAll(/data-piece="([\w-]+)"/g)].map((m) => m[1]);
  // viewHead chooses between two titles: `piece(num ? 'view-title-numbered' : 'view-title', …)`.
  const chosen = [...js.matchAll(/piece\([^()]*\? '([\w-]+)' : '([\w-]+)'/g)].flatMap((m) => [m[1], m[2]]);
  const used = new Set([...asked, ...placed, ...chosen]);
  assert.deepEqual([...used].filter((name) => !PIECES.includes(name)), [], 'pieces asked for but missing');
  assert.deepEqual(PIECES.filter((name) => !used.has(name)), [], 'pieces nothing uses');
});

test('the pieces hold no English text: their texts are i18n keys both languages have', () => {
  const tables = ['en', 'ja'].map((lang) => JSON.parse(read(`locales/${lang}.json`)));
  for (const name of PIECES) {
    const markup = read(`views/pieces/${name}.html`).replace(/<!--[\s\S]*?-->/g, '');
    // Text between tags: only placeholders ({content}), whitespace, and the math symbols x₀ x₁.
    const texts = [...markup.matchAll(/>([^<]+)</g)].map((m) => m[1].replace(/\{\w+\}/g, '').trim()).filter(Boolean);
    assert.deepEqual(texts.filter((text) => !/^x[₀-₉]$/.test(text)), [], `text in piece ${name}`);
    const keys = [...markup.matchAll(/data-i18n="([\w.-]+)"/g)].map((m) => m[1]);
    for (const key of keys) for (const table of tables) assert.ok(key in table, `piece ${name}: no text for ${key}`);
  }
});
