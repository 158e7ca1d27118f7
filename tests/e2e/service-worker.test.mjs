// The offline copy's versioning (vite.config.js → dist/sw.js): a browser installs a new service
// worker only when sw.js differs, so its VERSION must change with any built file's content —
// index.html included, whose name never changes. No browser needed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceWorkerSource } from '../../vite.config.js';

const TEMPLATE = "const VERSION = '__VERSION__';\nconst SHELL = __SHELL__;\n";
const bundle = (html, script = 'console.log(1)') => ({
  'index.html': { type: 'asset', source: html },
  'assets/index-abc123.js': { type: 'chunk', code: script },
  'assets/gradlab_bg-def456.wasm': { type: 'asset', source: new Uint8Array([0, 97, 115, 109]) },
});
const version = (source) => /const VERSION = "([0-9a-f]{12})"/.exec(source)?.[1];
const shell = (source) => JSON.parse(/const SHELL = (\[.*\]);/.exec(source)[1]);

test('the version changes with the page markup or a script, and only then', () => {
  const a = serviceWorkerSource(bundle('<p>one</p>'), TEMPLATE);
  assert.ok(version(a), a);
  assert.equal(serviceWorkerSource(bundle('<p>one</p>'), TEMPLATE), a, 'the same build, the same sw.js');
  assert.notEqual(version(serviceWorkerSource(bundle('<p>two</p>'), TEMPLATE)), version(a), 'new markup in index.html');
  assert.notEqual(version(serviceWorkerSource(bundle('<p>one</p>', 'console.log(2)'), TEMPLATE)), version(a), 'a new script');
});

test('the shell holds the page and the bundle, but no wasm build, model or data', () => {
  const list = shell(serviceWorkerSource(bundle('<p>one</p>'), TEMPLATE));
  for (const url of ['./', './index.html', './assets/index-abc123.js']) {
    assert.ok(list.includes(url), `${url} in ${list}`);
  }
  assert.ok(!list.some((u) => u.endsWith('.wasm')), 'the page names the one wasm build it runs');
  // A view's own files join the offline copy when a view fetches them (main.js), so a lesson
  // view's first visit downloads no model.
  assert.ok(!list.some((u) => u.includes('/models/') || u.includes('/data/')), `no model or data in ${list}`);
  assert.equal(new Set(list).size, list.length, 'no duplicates');
});
