// The learner's kept networks, in the browser's IndexedDB (they survive a reload).
//
// Two object stores under the same ids. `models` holds one record per network: { id, name,
// savedAt, bytes, info, pinned }, where `bytes` is the model file (see crate/model.rs) and `info`
// the few facts a list needs ({ inputSize, hiddenSize, outputSize, activation, dataset,
// testAccuracy, readsPad }; see modelInfo). `meta` holds the same record without its bytes, so a list (and every save,
// which lists to pick a free name) reads no weights. Version 1 of the database had `models`
// only: opening it at version 2 copies each record's metadata into `meta`, once. Every change
// is announced to this page (onModelsChanged) and to the app's other tabs (BroadcastChannel).
//
// Storage cannot grow without bound: runs kept automatically when they finish are unpinned,
// and at most MAX_UNPINNED of them stay (the oldest go, in the same transaction as the new one,
// and the caller is told which). Networks kept on purpose (the Keep button, an import) are
// pinned and never dropped; records from before pinning existed count as pinned. A full
// storage quota fails the whole transaction, so nothing is lost, and says so (StorageFullError).

import { t } from './i18n.js';

const DB_NAME = 'gradlab';
const DB_VERSION = 2;
const MODELS = 'models';
const META = 'meta';
const CHANNEL = 'gradlab-models';
/** Finished runs kept automatically (unpinned) at most; older ones are dropped. */
export const MAX_UNPINNED = 20;

/** The browser refused to store more for this site; nothing was changed. */
export class StorageFullError extends Error {
  constructor() {
    super(t('store.full'));
    this.name = 'StorageFullError';
  }
}

const isQuotaError = (err) => err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError';
const isPinned = (record) => record.pinned !== false;

const listeners = new Set();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
if (channel) channel.onmessage = (event) => announce(event.data, false);

let dbPromise = null;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** A stored record's list entry: everything but the bytes (a version-1 record counts as pinned). */
function metaOf({ id, name, savedAt, info, ...rest }) {
  return { id, name, savedAt, info, pinned: isPinned(rest) };
}

/**
 * Creates the stores a database at `oldVersion` lacks; from version 1, fills `meta` from the
 * networks already kept (the one time their bytes are read to list them).
 */
function upgrade(db, tx, oldVersion) {
  if (oldVersion < 1) db.createObjectStore(MODELS, { keyPath: 'id', autoIncrement: true });
  if (oldVersion < 2) {
    const meta = db.createObjectStore(META, { keyPath: 'id' });
    tx.objectStore(MODELS).openCursor().onsuccess = (event) => {
      const cursor = event.target.result;
      if (!cursor) return;
      meta.put(metaOf(cursor.value));
      cursor.continue();
    };
  }
}

function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        reject(new Error('this browser offers no IndexedDB'));
        return;
      }
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = (event) => upgrade(req.result, req.transaction, event.oldVersion);
      req.onsuccess = () => {
        const db = req.result;
        // A newer version of the app opened in another tab: let it upgrade, and reopen next time.
        db.onversionchange = () => {
          db.close();
          dbPromise = null;
        };
        resolve(db);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('the model store is blocked by another tab'));
    });
    dbPromise.catch(() => {
      dbPromise = null; // try again next time
    });
  }
  return dbPromise;
}

/** Runs `fn(tx)` in one transaction over both stores; all of it is stored or none (a quota error included). */
async function withStores(mode, fn) {
  const db = await openDb();
  const tx = db.transaction([MODELS, META], mode);
  const done = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('the model store transaction was aborted'));
  });
  let result;
  try {
    result = fn(tx);
    await done;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // already finished or aborted
    }
    done.catch(() => {});
    throw isQuotaError(err) ? new StorageFullError() : err;
  }
  return result instanceof IDBRequest ? result.result : result;
}

function announce(change, broadcast = true) {
  if (broadcast) channel?.postMessage(change);
  for (const fn of listeners) fn(change);
}

/**
 * The facts about a wasm Model that a list shows, and whether the drawing pad can be read with
 * it (`readsPad`: Rust's rule, crate/model.rs; absent from records kept before it was stored).
 */
export function modelInfo(model) {
  return {
    inputSize: model.inputSize,
    hiddenSize: model.hiddenSize,
    outputSize: model.outputSize,
    activation: model.activation,
    dataset: model.dataset,
    testAccuracy: Number.isFinite(model.testAccuracy) ? model.testAccuracy : null,
    readsPad: model.readsPad,
  };
}

/** A wasm Model's generated name (crate/model.rs) at `date`'s local time: "MNIST 784-50-10 sigmoid · 94.7% · 2026-11-28 03:12". */
export function generatedName(model, date = new Date()) {
  return model.generatedName(date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes());
}

const newestFirst = (a, b) => b.savedAt - a.savedAt || b.id - a.id;

/** Kept networks, newest first, without their bytes: [{ id, name, savedAt, info, pinned }]. */
export async function listModels() {
  const records = await withStores('readonly', (tx) => tx.objectStore(META).getAll());
  return records.sort(newestFirst);
}

/** One kept network with its bytes, or null. */
export async function loadModel(id) {
  return (await withStores('readonly', (tx) => tx.objectStore(MODELS).get(id))) ?? null;
}

/** A name not used yet: "name", else "name (2)", "name (3)", … */
function freeName(wanted, taken) {
  if (!taken.has(wanted)) return wanted;
  for (let k = 2; ; k++) if (!taken.has(`${wanted} (${k})`)) return `${wanted} (${k})`;
}

/**
 * Keeps a model file under `name` (made unique among the kept ones). `source` says who kept it
 * ('train' | 'import'); `pinned` false for a run kept automatically. Resolves to
 * { id, name, dropped: [{ id, name }] }, `dropped` being the oldest unpinned runs removed to
 * stay within MAX_UNPINNED. Throws StorageFullError when the browser's quota is reached.
 */
export async function saveModel({ name, bytes, info, source, pinned = true }) {
  const kept = await listModels();
  const taken = new Set(kept.map((m) => m.name));
  const record = { name: freeName(name.trim() || 'network', taken), savedAt: Date.now(), bytes: new Uint8Array(bytes), info, pinned };
  const unpinned = kept.filter((m) => !m.pinned); // newest first
  const dropped = pinned ? [] : unpinned.slice(MAX_UNPINNED - 1).map(({ id, name: n }) => ({ id, name: n }));
  const id = await withStores('readwrite', (tx) => {
    const add = tx.objectStore(MODELS).add(record);
    add.onsuccess = () => tx.objectStore(META).put(metaOf({ ...record, id: add.result }));
    for (const m of dropped) removeFrom(tx, m.id);
    return add;
  });
  announce({ type: 'saved', id, name: record.name, source });
  for (const m of dropped) announce({ type: 'deleted', id: m.id });
  return { id, name: record.name, dropped };
}

/** Deletes network `id` from both stores of transaction `tx`. */
function removeFrom(tx, id) {
  tx.objectStore(MODELS).delete(id);
  tx.objectStore(META).delete(id);
}

/** Keeps an automatically kept run for good (it no longer counts towards MAX_UNPINNED). */
export async function pinModel(id) {
  await withStores('readwrite', (tx) => {
    for (const name of [MODELS, META]) {
      const store = tx.objectStore(name);
      const get = store.get(id);
      get.onsuccess = () => {
        if (get.result) store.put({ ...get.result, pinned: true });
      };
    }
  });
  announce({ type: 'pinned', id });
}

export async function deleteModel(id) {
  await withStores('readwrite', (tx) => removeFrom(tx, id));
  announce({ type: 'deleted', id });
}

/** `fn(change)` after every save or delete, here or in another tab of the app. */
export function onModelsChanged(fn) {
  listeners.add(fn);
}
