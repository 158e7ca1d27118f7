// The training worker: owns the wasm Trainer and the datasets, trains in short slices.
//
// A slice is one trainer.run(n) call sized to take about SLICE_MS; after each slice the worker
// posts the new losses / epoch rows (deltas) and yields to its event loop, so PAUSE, SET_LR and
// RESET are handled between slices. The protocol is documented in protocol.js.

import init, { Dataset, Trainer } from './pkg/gradlab.js';
import { FromWorker, ToWorker, USER_DATASET } from './protocol.js';
import { appendChunks, loadManifest } from './data-loader.js';

const SLICE_MS = 30;
const MIN_STEPS = 1;
const MAX_STEPS = 20000;

const datasets = new Map(); // id → { meta, train, trainChunks, test }
let manifestReady = null; // Promise of the dataset list
let loadQueue = Promise.resolve(); // data loads run one at a time

const run = {
  id: null,
  dataset: null,
  trainer: null,
  paused: false,
  scheduled: false,
  stepsPerSlice: 10,
  pendingLr: null,
};

const tick = new MessageChannel();
tick.port1.onmessage = runSlice;

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

function errorText(err) {
  return err instanceof Error ? err.message : String(err);
}

// ---- data -----------------------------------------------------------------------------------

async function boot(manifestUrl) {
  await init();
  const list = await loadManifest(manifestUrl);
  for (const meta of list) datasets.set(meta.id, { meta, train: null, trainChunks: 0, test: null });
  return list.map(({ id, name, trainCount, testCount, classNames }) => ({ id, name, trainCount, testCount, classNames }));
}

/** Makes sure `id` has at least `subset` training images and its whole test set loaded. */
function ensureData(id, subset) {
  const job = loadQueue.then(() => loadData(id, subset));
  loadQueue = job.catch(() => {});
  return job;
}

async function loadData(id, subset) {
  await manifestReady;
  const entry = datasets.get(id);
  if (!entry) throw new Error(`unknown dataset "${id}"`);
  if (!entry.meta) return entry; // the learner's files: loaded whole
  const { meta } = entry;
  const trainNeeded = Math.min(meta.train.length, Math.ceil(subset / meta.chunkSize));
  const newTrain = meta.train.slice(entry.trainChunks, trainNeeded);
  const newTest = entry.test ? [] : meta.test;
  const total = newTrain.length + newTest.length;
  if (total === 0) return entry;
  let done = 0;
  const report = () => post({ type: FromWorker.DATA_PROGRESS, dataset: id, done: ++done, total });
  post({ type: FromWorker.DATA_PROGRESS, dataset: id, done, total });
  const parse = (images, labels) => Dataset.fromIdx(images, labels);
  entry.train = await appendChunks(entry.train, newTrain, parse, report);
  entry.trainChunks = trainNeeded;
  if (newTest.length > 0) entry.test = await appendChunks(null, newTest, parse, report);
  return entry;
}

/** Names the file an IDX error is about, from the wasm's message ("... images: ..." / "labels"). */
function blameFile(message, imagesFile, labelsFile) {
  const m = message.toLowerCase();
  if (m.includes('label') && !m.includes('image')) return labelsFile.name;
  if (m.includes('image') && !m.includes('label')) return imagesFile.name;
  return `${imagesFile.name}, ${labelsFile.name}`;
}

function parsePair(imagesFile, labelsFile, test) {
  const head = (buffer) => new Uint8Array(buffer, 0, Math.min(16, buffer.byteLength));
  try {
    // Headers and sizes first: a huge file is refused before it is copied into wasm memory.
    Dataset.checkIdxSizes(head(imagesFile.buffer), imagesFile.buffer.byteLength,
      head(labelsFile.buffer), labelsFile.buffer.byteLength, test);
    return Dataset.fromIdx(new Uint8Array(imagesFile.buffer), new Uint8Array(labelsFile.buffer), test);
  } catch (err) {
    const message = errorText(err);
    throw new Error(`${blameFile(message, imagesFile, labelsFile)}: ${message}`);
  }
}

/** Builds both user datasets fully before replacing the old ones, so a bad file changes nothing. */
async function loadUserFiles(files) {
  await manifestReady;
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
  const old = datasets.get(USER_DATASET);
  old?.train?.free();
  old?.test?.free();
  datasets.set(USER_DATASET, { meta: null, train, trainChunks: 0, test });
  return { trainCount: train.len, testCount: test.len, names: files.map((f) => f.name) };
}

// ---- training -------------------------------------------------------------------------------

async function start({ runId, query, dataset, subset }) {
  dropRun();
  run.id = runId;
  run.paused = false;
  run.pendingLr = null;
  const entry = await ensureData(dataset, subset);
  if (run.id !== runId) return; // reset while loading
  run.trainer = new Trainer(query, entry.train, entry.test);
  run.dataset = dataset;
  const t = run.trainer;
  if (run.pendingLr !== null) applyLr(run.pendingLr);
  post({
    type: FromWorker.STARTED,
    runId,
    iterations: t.iterations,
    iterationsPerEpoch: t.iterationsPerEpoch,
    seed: t.seed,
    learningRate: t.learningRate,
  });
  schedule();
}

function dropRun() {
  if (run.trainer) run.trainer.free();
  run.trainer = null;
  run.id = null;
  run.dataset = null;
  run.paused = false;
}

function schedule() {
  if (run.scheduled || !run.trainer || run.paused) return;
  run.scheduled = true;
  tick.port2.postMessage(null);
}

/** Steps for the next slice: stops one step before an epoch end, then runs that step alone. */
function nextSliceSteps(t) {
  const untilEnd = t.stepsToEvaluation; // the trainer's own epoch boundary
  if (untilEnd === 1) return { steps: 1, evaluates: true };
  return { steps: Math.max(0, Math.min(run.stepsPerSlice, untilEnd - 1)), evaluates: false };
}

function adaptSliceSize(steps, ms) {
  const wanted = (steps * SLICE_MS) / Math.max(ms, 0.5);
  const next = Math.round(0.5 * run.stepsPerSlice + 0.5 * wanted);
  run.stepsPerSlice = Math.min(MAX_STEPS, Math.max(MIN_STEPS, next));
}

function runSlice() {
  run.scheduled = false;
  const t = run.trainer;
  if (!t || run.paused) return;
  const { steps, evaluates } = nextSliceSteps(t);
  if (evaluates) post({ type: FromWorker.EVALUATING, runId: run.id, iteration: t.iteration });
  const t0 = performance.now();
  let done;
  try {
    done = t.run(steps);
  } catch (err) {
    post({ type: FromWorker.ERROR, scope: 'run', runId: run.id, message: errorText(err) });
    run.paused = true;
    return;
  }
  if (!evaluates && done === steps) adaptSliceSize(steps, performance.now() - t0);
  postProgress(t);
  if (t.diverged) {
    post({ type: FromWorker.DIVERGED, runId: run.id, iteration: t.iteration, cause: t.divergenceCause });
  } else if (t.finished) {
    post({ type: FromWorker.FINISHED, runId: run.id, iteration: t.iteration });
  } else {
    schedule();
  }
}

function postProgress(t) {
  const losses = t.takeLosses();
  const epochs = t.takeEpochs();
  const iteration = t.iteration;
  post(
    {
      type: FromWorker.PROGRESS,
      runId: run.id,
      iteration,
      firstIteration: iteration - losses.length + 1,
      losses,
      epochs,
      currentLr: t.currentLearningRate,
    },
    [losses.buffer, epochs.buffer],
  );
}

function applyLr(lr) {
  const applied = run.trainer.setLearningRate(lr);
  post({ type: FromWorker.LR_APPLIED, runId: run.id, lr: applied, iteration: run.trainer.iteration + 1 });
}

// ---- messages -------------------------------------------------------------------------------

const handlers = {
  [ToWorker.INIT]: ({ manifestUrl }) => {
    manifestReady = boot(manifestUrl);
    manifestReady.then(
      (list) => post({ type: FromWorker.READY, datasets: list }),
      (err) => post({ type: FromWorker.ERROR, scope: 'boot', message: errorText(err) }),
    );
  },
  [ToWorker.PRELOAD]: ({ dataset, subset }) => {
    ensureData(dataset, subset).catch((err) => post({ type: FromWorker.ERROR, scope: 'data', message: errorText(err) }));
  },
  [ToWorker.START]: (msg) => {
    start(msg).catch((err) => {
      if (run.id !== msg.runId) return;
      dropRun();
      post({ type: FromWorker.ERROR, scope: 'run', runId: msg.runId, message: errorText(err) });
    });
  },
  // A finished or diverged run has nothing to pause or resume (a Pause clicked during the
  // last slice arrives after FINISHED).
  [ToWorker.PAUSE]: ({ runId }) => {
    if (run.id !== runId || run.trainer?.finished) return;
    run.paused = true;
    post({ type: FromWorker.PAUSED, runId, iteration: run.trainer ? run.trainer.iteration : 0 });
  },
  [ToWorker.RESUME]: ({ runId }) => {
    if (run.id !== runId || run.trainer?.finished) return;
    run.paused = false;
    post({ type: FromWorker.RESUMED, runId, iteration: run.trainer ? run.trainer.iteration : 0 });
    schedule();
  },
  [ToWorker.RESET]: ({ runId }) => {
    if (run.id === runId || runId === undefined) dropRun();
  },
  [ToWorker.SET_LR]: ({ runId, lr }) => {
    if (run.id !== runId) return;
    if (run.trainer) applyLr(lr);
    else run.pendingLr = lr;
  },
  [ToWorker.EXPORT_MODEL]: ({ runId }) => {
    if (run.id !== runId || !run.trainer) {
      post({ type: FromWorker.ERROR, scope: 'export', runId, message: 'there is no trained network to export' });
      return;
    }
    const bytes = run.trainer.exportModel(''); // the page names it, from what the file records
    post({ type: FromWorker.MODEL_EXPORTED, runId, iteration: run.trainer.iteration, bytes }, [bytes.buffer]);
  },
  [ToWorker.LOAD_FILES]: ({ files }) => {
    loadUserFiles(files).then(
      (info) => post({ type: FromWorker.FILES_LOADED, ...info }),
      (err) => post({ type: FromWorker.ERROR, scope: 'files', message: errorText(err) }),
    );
  },
};

self.onmessage = (event) => {
  const handler = handlers[event.data.type];
  if (handler) handler(event.data);
};
