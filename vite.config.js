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
const serviceWorker = {
  name: 'gradlab-service-worker',
  apply: 'build',
  generateBundle(options, bundle) {
    // Both wasm builds are in the bundle; the page tells the worker which one it runs (main.js).
    // The model and the data manifest are fetched by every first visit today (the drawing view and
    // the workers boot with the page), often before this worker controls it: precached here.
    const fetchedAtBoot = ['./models/default.gradlab', './data/manifest.json'];
    const shell = ['./', './index.html', ...fetchedAtBoot, ...Object.keys(bundle).filter((f) => !f.endsWith('.wasm')).map((f) => `./${f}`)];
    const version = createHash('sha256').update(Object.keys(bundle).sort().join('\n')).digest('hex').slice(0, 12);
    const source = readFileSync('www/service-worker.js', 'utf8')
      .replace("'__VERSION__'", JSON.stringify(version))
      .replace('__SHELL__', JSON.stringify([...new Set(shell)]));
    this.emitFile({ type: 'asset', fileName: 'sw.js', source });
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
