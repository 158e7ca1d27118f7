// www/wasm-build.js: the relaxed-SIMD build where WebAssembly validates relaxed SIMD, the SIMD128
// build elsewhere, and both files exist after scripts/build-wasm.sh. Node's V8 validates relaxed
// SIMD only behind a flag, so both answers are checked, each in its own node process.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MODULE = new URL('../../www/wasm-build.js', import.meta.url).href;

function choice(nodeFlags) {
  const script = `import(${JSON.stringify(MODULE)}).then((m) => console.log(JSON.stringify({ relaxed: m.relaxedSimd, url: m.wasmUrl.href })))`;
  return JSON.parse(execFileSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], { encoding: 'utf8' }));
}

test('a browser without relaxed SIMD gets the SIMD128 build', () => {
  const { relaxed, url } = choice(['--no-experimental-wasm-relaxed-simd']);
  assert.equal(relaxed, false);
  assert.match(url, /\/www\/pkg\/gradlab_bg\.wasm$/);
  assert.ok(existsSync(fileURLToPath(url)), `${url} is built`);
});

test('a browser with relaxed SIMD gets the relaxed-SIMD build', () => {
  const { relaxed, url } = choice(['--experimental-wasm-relaxed-simd']);
  assert.equal(relaxed, true);
  assert.match(url, /\/www\/pkg\/gradlab_relaxed_bg\.wasm$/);
  assert.ok(existsSync(fileURLToPath(url)), `${url} is built`);
});
