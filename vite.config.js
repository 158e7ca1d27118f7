// Vite builds the page shell (index.html) and the module worker into dist/.
// base './' keeps every URL relative, so dist/ works from any static server path.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

// The built page's Content-Security-Policy: only our own files run, style and connect; the wasm
// compiles under 'wasm-unsafe-eval'; no inline script or style attribute anywhere. Build only:
// Vite's dev server injects inline scripts and styles of its own (hot reload).
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// Right after <meta charset>: a policy in a <meta> only governs what comes after it.
const CHARSET = '<meta charset="utf-8">';
const cspMeta = {
  name: 'gradlab-csp',
  apply: 'build',
  transformIndexHtml(html) {
    if (!html.includes(CHARSET)) throw new Error(`index.html needs ${CHARSET} (the CSP meta goes right after it)`);
    return html.replace(CHARSET, `${CHARSET}\n  <meta http-equiv="Content-Security-Policy" content="${CSP}">`);
  },
};

// dist/sw.js, the offline copy of the app (www/service-worker.js): it precaches the page and every
// bundled file but the wasm builds, under a version that changes with any of them.
// Both wasm builds are in the bundle; the page tells the worker which one it runs (main.js).

/**
 * The text of sw.js for a bundle ({ fileName: chunk or asset }). Its VERSION hashes every file's
 * content, not only the names: index.html keeps its name when its markup changes, and a browser
 * installs a new service worker only when sw.js itself differs.
 */
export function serviceWorkerSource(bundle, template = readFileSync('www/service-worker.js', 'utf8')) {
  const names = Object.keys(bundle).sort();
  const shell = ['./', './index.html', ...names.filter((f) => !f.endsWith('.wasm')).map((f) => `./${f}`)];
  const hash = createHash('sha256');
  for (const name of names) {
    const item = bundle[name];
    hash.update(name).update('\0').update(item.type === 'chunk' ? item.code : item.source).update('\0');
  }
  return template
    .replace("'__VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 12)))
    .replace('__SHELL__', JSON.stringify([...new Set(shell)]));
}

const serviceWorker = {
  name: 'gradlab-service-worker',
  apply: 'build',
  enforce: 'post', // after Vite's HTML plugin has put index.html in the bundle
  generateBundle(options, bundle) {
    this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(bundle) });
  },
};

export default defineConfig({
  plugins: [cspMeta, serviceWorker],
  root: '.',
  base: './',
  publicDir: 'public', // public/data/ (made by scripts/prepare-data.mjs) is copied as is
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0, // keep the .wasm a separate, streamable file
  },
  worker: {
    format: 'es',
  },
  server: {
    fs: { strict: true },
  },
});
