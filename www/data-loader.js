// Loads the pre-cut dataset chunks (scripts/prepare-data.mjs) in the worker.
//
// Each chunk is a complete gzipped IDX file of up to 1000 images. Chunks go through Cache Storage,
// so a reload reads them from disk instead of the network. Parsing is the wasm's job
// (Dataset.fromIdx accepts raw or gzip bytes, so a server that decompresses is fine too).

const CACHE_NAME = 'gradlab-data-v1';
const PARALLEL_FETCHES = 4;

let cachePromise = null;

/** Cache Storage exists only in secure contexts (https, localhost); elsewhere we just fetch. */
function openCache() {
  if (!cachePromise) {
    cachePromise = typeof caches === 'undefined'
      ? Promise.resolve(null)
      : caches.open(CACHE_NAME).catch(() => null);
  }
  return cachePromise;
}

/** The bytes at `url`: from the cache on a hit; fetched and stored on a miss. */
export async function fetchCached(url) {
  const cache = await openCache();
  const hit = cache && (await cache.match(url));
  if (hit) return new Uint8Array(await hit.arrayBuffer());
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  if (cache) await cache.put(url, response.clone()).catch(() => {});
  return new Uint8Array(await response.arrayBuffer());
}

/** Reads manifest.json; chunk paths inside it become absolute URLs. */
export async function loadManifest(manifestUrl) {
  const response = await fetch(manifestUrl, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${manifestUrl}: HTTP ${response.status}`);
  const manifest = await response.json();
  const resolve = (chunk) => ({
    images: new URL(chunk.images, manifestUrl).href,
    labels: new URL(chunk.labels, manifestUrl).href,
    count: chunk.count,
  });
  return manifest.datasets.map((d) => ({ ...d, train: d.train.map(resolve), test: d.test.map(resolve) }));
}

/** Fetches chunk pairs with a few requests in flight, yielding them in order. */
async function* fetchInOrder(chunks) {
  const pending = [];
  let next = 0;
  const launch = () => {
    const c = chunks[next++];
    pending.push(Promise.all([fetchCached(c.images), fetchCached(c.labels)]));
  };
  while (next < chunks.length && pending.length < PARALLEL_FETCHES) launch();
  while (pending.length > 0) {
    const pair = await pending.shift();
    if (next < chunks.length) launch();
    yield pair;
  }
}

/**
 * Appends `chunks` to `target` (a Dataset, or null to start one) and returns it.
 * `parse(images, labels)` builds a Dataset from one chunk; `onChunk()` is called after each.
 */
export async function appendChunks(target, chunks, parse, onChunk) {
  let ds = target;
  for await (const [images, labels] of fetchInOrder(chunks)) {
    const part = parse(images, labels);
    if (ds === null) {
      ds = part;
    } else {
      ds.append(part);
      part.free();
    }
    onChunk();
  }
  return ds;
}
