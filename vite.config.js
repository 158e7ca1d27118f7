// Vite builds the page shell (index.html) and the module worker into dist/.
// base './' keeps every URL relative, so dist/ works from any static server path.
import { defineConfig } from 'vite';

export default defineConfig({
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
