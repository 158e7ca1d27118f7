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

/** The last part of a URL's path: what a message names. */
const fileName = (url) => new URL(url).pathname.split('/').pop();

/**
 * fetch(url), with a failure that says what could not be fetched: the browser's own message is
 * only "Failed to fetch" (server gone, network lost).
 */
async function fetchOrSay(url, what, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new Error(`could not download ${what} (${fileName(url)}): the server did not answer — is the network or the server down?`);
  }
  if (!response.ok) throw new Error(`could not download ${what} (${fileName(url)}): HTTP ${response.status}`);
  return response;
}

/** The bytes at `url`: from the cache on a hit; fetched and stored on a miss. */
export async function fetchCached(url, what = 'a data chunk') {
  const cache = await openCache();
  const hit = cache && (await cache.match(url).catch(() => null));
  if (hit) return new Uint8Array(await hit.arrayBuffer());
  const response = await fetchOrSay(url, what);
  if (cache) await cache.put(url, response.clone()).catch(() => {});
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch {
    throw new Error(`could not download ${what} (${fileName(url)}): the connection broke off`);
  }
}

/** Reads manifest.json; chunk paths inside it become absolute URLs. */
export async function loadManifest(manifestUrl) {
  const response = await fetchOrSay(manifestUrl, 'the list of datasets', { cache: 'no-cache' });
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
    const pair = Promise.all([fetchCached(c.images, 'MNIST images'), fetchCached(c.labels, 'MNIST labels')]);
    // The first failure is reported by the await below; the requests still in flight must not
    // end as unhandled rejections ("Uncaught (in promise) TypeError: Failed to fetch").
    pair.catch(() => {});
    pending.push(pair);
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
 * `parse(images, labels)` builds a Dataset from one chunk; after each chunk, `onAppended(ds)`
 * is given the dataset so far (kept even if a later chunk fails) and `onChunk()` is called.
 */
export async function appendChunks(target, chunks, parse, onChunk, onAppended = () => {}) {
  let ds = target;
  for await (const [images, labels] of fetchInOrder(chunks)) {
    const part = parse(images, labels);
    if (ds === null) {
      ds = part;
    } else {
      ds.append(part);
      part.free();
    }
    onAppended(ds);
    onChunk();
  }
  return ds;
}
