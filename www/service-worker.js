// The offline copy of the app (a service worker; built into dist/sw.js by vite.config.js, which
// fills in VERSION and SHELL). After a first visit the app opens without a network:
// - the app shell (index.html, the bundled scripts and styles) is cached when the worker installs,
//   the wasm build the page runs when the page names it; all are served from the cache (the
//   bundled files have content hashes in their names);
// - the page itself, the data manifest and the default model (once the drawing view has used it)
//   are fetched from the network when there is one (so an update arrives), else from the cache;
// - the MNIST chunks are cached by www/data-loader.js as they are fetched: only those a view
//   has used are there offline.
// A new build has a new VERSION (a hash of every built file's content, vite.config.js): the next
// visit online gets the new page at once (network first) and installs this worker anew, which
// deletes the old caches.

const VERSION = '__VERSION__';
const SHELL = __SHELL__;
const CACHE = `gradlab-shell-${VERSION}`;
const KEEP = new Set([CACHE, 'gradlab-data-v1']);

self.addEventListener('install', (event) => {
  // 'reload': from the server, not the HTTP cache (which may hold the previous build's page).
  const requests = SHELL.map((url) => new Request(url, { cache: 'reload' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)).then(() => self.skipWaiting()));
});

// The page names what it fetched before this worker controlled it: the wasm build it runs (of the
// two in the bundle, see wasm-build.js, only that one is kept), the model, the data manifest.
// They are usually still in the HTTP cache, so this costs no download.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache' || !Array.isArray(event.data.urls)) return;
  const urls = event.data.urls.filter((u) => new URL(u).origin === self.location.origin);
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((u) => cache.add(u).catch(() => {})))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (!KEEP.has(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.includes('/assets/')) event.respondWith(cacheFirst(request));
  else if (!url.pathname.includes('/data/') || url.pathname.endsWith('manifest.json')) event.respondWith(networkFirst(request));
  // MNIST chunks: www/data-loader.js keeps its own cache of them.
});

async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch (err) {
    // Offline: the cached copy (a navigation to any route is the page itself).
    const hit = await caches.match(request, { ignoreSearch: true })
      ?? (request.mode === 'navigate' ? await caches.match('./index.html') ?? await caches.match('./') : undefined);
    if (hit) return hit;
    throw err;
  }
}
