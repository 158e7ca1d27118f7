// One term per notion (docs/glossary.md): no translation string uses a variant the glossary
// rules out, and every glossary term is in use. Plain node:test, no browser: it reads the
// page's own text files, www/locales/<lang>.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const GLOSSARY = new URL('../../docs/glossary.md', import.meta.url);
const strings = (lang) => JSON.parse(readFileSync(new URL(`../../www/locales/${lang}.json`, import.meta.url), 'utf8'));

/** `a` `b` `/re/` → matchers; "—" or empty → none. */
function variants(cell) {
  return [...cell.matchAll(/`([^`]+)`/g)].map(([, v]) => {
    if (v.length > 2 && v.startsWith('/') && v.endsWith('/')) {
      const re = new RegExp(v.slice(1, -1), 'u');
      return { label: v, test: (s) => re.test(s) };
    }
    return { label: v, test: (s) => s.includes(v) };
  });
}

/** The glossary's table rows: notion, ja term, the book's term, variants ruled out in ja / en. */
function readGlossary(markdown) {
  const rows = markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| notion') && !l.startsWith('|---'));
  return rows.map((line) => {
    const cells = line.slice(2, -2).split(' | ');
    assert.equal(cells.length, 5, `a glossary row has 5 cells: ${line}`);
    const [notion, ja, book, notJa, notEn] = cells;
    return {
      en: notion.replace(/\s*\(.*$/, ''),
      ja: ja.split('、')[0],
      book,
      notJa: variants(notJa),
      notEn: variants(notEn),
    };
  });
}

/** Every (key, variant) where a string of `table` contains one of the entry's variants. */
function violations(table, entries, side) {
  const found = [];
  for (const entry of entries) {
    for (const v of entry[side]) {
      for (const [key, text] of Object.entries(table)) {
        if (v.test(text)) found.push(`${key}: “${v.label}” (use “${side === 'notJa' ? entry.ja : entry.en}”) in ${text}`);
      }
    }
  }
  return found;
}

const entries = readGlossary(readFileSync(GLOSSARY, 'utf8'));

test('the glossary has its entries, with the book’s terms', () => {
  assert.ok(entries.length >= 15, `${entries.length} entries`);
  const byEn = Object.fromEntries(entries.map((e) => [e.en, e]));
  assert.equal(byEn['gradient check'].ja, '勾配確認');
  assert.equal(byEn['the book'].ja, '本書');
  assert.equal(byEn['step decay'].ja, 'ステップ減衰');
  assert.ok(entries.every((e) => e.ja && e.en && e.book), 'every row names the term in both languages and the book');
});

test('the checker finds a ruled-out variant (so the next tests can fail)', () => {
  const planted = { 'x.ja': '本物の MNIST で勾配チェック', 'x.ok': '実際の MNIST で勾配確認（本書、基本、1 本、本当）' };
  const found = violations(planted, entries, 'notJa');
  assert.ok(found.some((f) => f.startsWith('x.ja') && f.includes('勾配チェック')), found.join('\n'));
  assert.ok(found.some((f) => f.startsWith('x.ja') && f.includes('本物')), found.join('\n'));
  assert.ok(!found.some((f) => f.startsWith('x.ok')), found.join('\n'));
  const en = violations({ 'y.en': 'Run a gradient checking pass', 'y.ok': 'Run a gradient check' }, entries, 'notEn');
  assert.deepEqual(en.map((f) => f.split(':')[0]), ['y.en']);
});

test('no ja string uses a variant the glossary rules out', () => {
  const found = violations(strings('ja'), entries, 'notJa');
  assert.deepEqual(found, [], found.join('\n'));
});

test('no en string uses a variant the glossary rules out', () => {
  const found = violations(strings('en'), entries, 'notEn');
  assert.deepEqual(found, [], found.join('\n'));
});

test('every glossary term is used in its language', () => {
  const ja = Object.values(strings('ja')).join('\n');
  const en = Object.values(strings('en')).join('\n').toLowerCase();
  const unusedJa = entries.filter((e) => !ja.includes(e.ja)).map((e) => e.ja);
  const unusedEn = entries.filter((e) => !en.includes(e.en.toLowerCase())).map((e) => e.en);
  assert.deepEqual({ unusedJa, unusedEn }, { unusedJa: [], unusedEn: [] });
});

test('ja and en have the same keys', () => {
  const ja = new Set(Object.keys(strings('ja')));
  const en = new Set(Object.keys(strings('en')));
  assert.deepEqual([...en].filter((k) => !ja.has(k)), [], 'keys without a ja string');
  assert.deepEqual([...ja].filter((k) => !en.has(k)), [], 'keys without an en string');
});
