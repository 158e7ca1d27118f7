// Vite builds the page shell (index.html) and the module worker into dist/.
// base './' keeps every URL relative, so dist/ works from any static server path.
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

export default defineConfig({
  plugins: [cspMeta],
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
