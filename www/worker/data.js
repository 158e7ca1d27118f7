// The datasets of one worker instance, each parsed once: the manifest's (fetched chunk by chunk,
// www/data-loader.js) and the learner's own IDX files. Loads run one at a time; a failed load
// leaves what was loaded before in use and can simply be asked for again.

import { Dataset, chunksFor, ownDataName } from '../pkg/gradlab.js';
import { appendChunks, loadManifest } from '../data-loader.js';

export class Datasets {
  constructor() {
    this.entries = new Map(); // id → { meta, train, trainChunks, test, testChunks }
    this.queue = Promise.resolve();
  }

  /** Reads the manifest; returns the datasets' summaries for the page. */
  async boot(manifestUrl) {
    const list = await loadManifest(manifestUrl);
    for (const meta of list) this.entries.set(meta.id, { meta, train: null, trainChunks: 0, test: null, testChunks: 0 });
    return list.map(({ id, name, trainCount, testCount, classNames }) => ({ id, name, trainCount, testCount, classNames }));
  }

  /**
   * Makes sure dataset `id` has at least `subset` training images and `testImages` test images
   * loaded (all of them when Infinity); `onProgress(done, total)` counts the chunks.
   */
  ensure(id, subset, testImages, onProgress) {
    const job = this.queue.then(() => this.load(id, subset, testImages, onProgress));
    this.queue = job.catch(() => {});
    return job;
  }

  async load(id, subset, testImages, onProgress) {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`unknown dataset "${id}"`);
    if (!entry.meta) return entry; // the learner's files: loaded whole
    const { meta } = entry;
    // Which chunks hold the first images is the wasm's rule, from the manifest's counts.
    const needed = (chunks, images) => chunksFor(Uint32Array.from(chunks, (c) => c.count), images);
    const trainNeeded = needed(meta.train, subset);
    const testNeeded = needed(meta.test, testImages);
    const newTrain = meta.train.slice(entry.trainChunks, trainNeeded);
    const newTest = meta.test.slice(entry.testChunks, testNeeded);
    const total = newTrain.length + newTest.length;
    if (total === 0) return entry;
    let done = 0;
    onProgress(done, total);
    const report = () => onProgress(++done, total);
    const parse = (images, labels) => Dataset.fromIdx(images, labels);
    // Each chunk appended is kept, so a load cut short by the network resumes where it stopped.
    const keep = (part) => (part === 'train' ? (ds) => { entry.train = ds; entry.trainChunks += 1; } : (ds) => { entry.test = ds; entry.testChunks += 1; });
    await appendChunks(entry.train, newTrain, parse, report, keep('train'));
    await appendChunks(entry.test, newTest, parse, report, keep('test'));
    return entry;
  }

  /** Builds both user datasets fully before replacing the old ones, so a bad file changes nothing. */
  loadUserFiles(files) {
    const byRole = Object.fromEntries(files.map((f) => [f.role, f]));
    const train = parsePair(byRole.trainImages, byRole.trainLabels, false);
    let test;
    try {
      test = parsePair(byRole.testImages, byRole.testLabels, true);
    } catch (err) {
      train.free();
      throw err;
    }
    // A running Trainer keeps its own copy of the data, so the old datasets can go.
    const own = ownDataName();
    const old = this.entries.get(own);
    old?.train?.free();
    old?.test?.free();
    this.entries.set(own, { meta: null, train, trainChunks: 0, test, testChunks: 0 });
    return { trainCount: train.len, testCount: test.len, names: files.map((f) => f.name) };
  }
}

/** The learner's images and labels files as a Dataset; an error names the file it is about (the wasm says which). */
function parsePair(imagesFile, labelsFile, test) {
  const head = (buffer) => new Uint8Array(buffer, 0, Math.min(16, buffer.byteLength));
  const files = [imagesFile.name, labelsFile.name];
  // Headers and sizes first: a huge file is refused before it is copied into wasm memory.
  Dataset.checkIdxSizes({
    imagesHead: head(imagesFile.buffer), imagesLength: imagesFile.buffer.byteLength,
    labelsHead: head(labelsFile.buffer), labelsLength: labelsFile.buffer.byteLength, test, files,
  });
  return Dataset.fromIdx(new Uint8Array(imagesFile.buffer), new Uint8Array(labelsFile.buffer), test, files);
}
