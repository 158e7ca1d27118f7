// The lesson lab worker (sections 5 and 6): its own wasm instance and its own copy of the MNIST
// chunks it needs, so the page never waits on a long run. It runs one job at a time in short
// slices (trainer.run(n), gradientLab.advanceNumerical(n)) and yields between them, so CANCEL,
// SAMPLERS and GRAD_COMPARE get through. The messages are documented in protocol.js.

import init, { Dataset, GradientLab, NumericalTrainingRun, Trainer, numericalTrainingSetup, samplerStats } from './pkg/gradlab.js';
import { FromLab, LAB_TEST_IMAGES, ToLab } from './protocol.js';
import { appendChunks, loadManifest } from './data-loader.js';

const DATASET = 'mnist';
const SLICE_MS = 40;
const MAX_STEPS = 20000;
const BACKPROP_MIN_MS = 150; // repeat backprop until the timing is well above the clock's resolution
const BACKPROP_MAX_REPEATS = 200;
const SAMPLERS = [['choice', false], ['shuffle', false], ['weighted', false], ['sequential', true]];

let ready = null; // Promise of the manifest entry
const data = { train: null, trainChunks: 0, test: null };
let loadQueue = Promise.resolve();
let job = null; // { id, cancelled }
let gradLab = null;

const post = (message, transfer = []) => self.postMessage(message, transfer);
const errorText = (err) => (err instanceof Error ? err.message : String(err));

/** Yields to the event loop (messages get handled) without the 4 ms clamp of setTimeout. */
function yieldToEvents() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

// ---- data -----------------------------------------------------------------------------------

async function boot(manifestUrl) {
  await init();
  const list = await loadManifest(manifestUrl);
  const meta = list.find((d) => d.id === DATASET);
  if (!meta) throw new Error(`the data manifest has no "${DATASET}" dataset`);
  return meta;
}

/** Loads the first `subset` training images and one chunk of test images (once). */
function ensureData(subset, jobId) {
  const next = loadQueue.then(() => loadData(subset, jobId));
  loadQueue = next.catch(() => {});
  return next;
}

async function loadData(subset, jobId) {
  const meta = await ready;
  const needed = Math.min(meta.train.length, Math.ceil(subset / meta.chunkSize));
  const newTrain = meta.train.slice(data.trainChunks, needed);
  const newTest = data.test ? [] : meta.test.slice(0, Math.ceil(LAB_TEST_IMAGES / meta.chunkSize));
  const total = newTrain.length + newTest.length;
  if (total === 0) return data;
  let done = 0;
  const report = () => post({ type: FromLab.DATA_PROGRESS, jobId, done: ++done, total });
  post({ type: FromLab.DATA_PROGRESS, jobId, done, total });
  const parse = (images, labels) => Dataset.fromIdx(images, labels);
  data.train = await appendChunks(data.train, newTrain, parse, report);
  data.trainChunks = needed;
  if (newTest.length > 0) data.test = await appendChunks(null, newTest, parse, report);
  return data;
}

// ---- jobs -----------------------------------------------------------------------------------

function beginJob(jobId) {
  if (job && !job.cancelled) {
    job.cancelled = true;
    post({ type: FromLab.CANCELLED, jobId: job.id });
  }
  job = { id: jobId, cancelled: false };
  return job;
}

/** Trains each query in turn, posting loss / epoch deltas and the time spent training. */
async function runQueries(current, { subset, runs }) {
  const { train, test } = await ensureData(subset, current.id);
  for (const { key, query } of runs) {
    if (current.cancelled) return;
    const trainer = new Trainer(query, train, test);
    try {
      post({ type: FromLab.RUN_STARTED, jobId: current.id, key, iterations: trainer.iterations, iterationsPerEpoch: trainer.iterationsPerEpoch });
      let steps = 1;
      let ms = 0;
      while (!trainer.finished && !current.cancelled) {
        const t0 = performance.now();
        const done = trainer.run(steps);
        const took = performance.now() - t0;
        ms += took;
        steps = Math.min(MAX_STEPS, Math.max(1, Math.round(0.5 * steps + (0.5 * done * SLICE_MS) / Math.max(took, 0.5))));
        const losses = trainer.takeLosses();
        const epochs = trainer.takeEpochs();
        post({
          type: FromLab.RUN_PROGRESS, jobId: current.id, key, iteration: trainer.iteration,
          firstIteration: trainer.iteration - losses.length + 1, losses, epochs, ms,
        }, [losses.buffer, epochs.buffer]);
        await yieldToEvents();
      }
      if (!current.cancelled) {
        post({ type: FromLab.RUN_DONE, jobId: current.id, key, iteration: trainer.iteration, ms, diverged: trainer.diverged });
      }
    } finally {
      trainer.free();
    }
  }
}

/** Times one backprop gradient, then the numerical one, parameter slice by parameter slice. */
async function timeGradients(current, { hidden, batch, seed, sample = 0 }) {
  const { train } = await ensureData(batch, current.id);
  gradLab?.free();
  gradLab = null;
  const lab = new GradientLab(train, hidden, batch, seed, sample);
  let repeats = 0;
  const b0 = performance.now();
  while (repeats < BACKPROP_MAX_REPEATS && (repeats === 0 || performance.now() - b0 < BACKPROP_MIN_MS)) {
    lab.backprop();
    repeats += 1;
  }
  const backpropMs = (performance.now() - b0) / repeats;
  post({ type: FromLab.GRAD_BACKPROP, jobId: current.id, parameterCount: lab.parameterCount, backpropMs, repeats });
  await yieldToEvents();
  let slice = 8;
  let ms = 0;
  const total = lab.numericalTotal;
  const counts = lab.numericalCounts;
  while (!lab.numericalFinished) {
    if (current.cancelled) {
      lab.free();
      return;
    }
    const t0 = performance.now();
    const before = lab.advanceNumerical(0);
    const done = lab.advanceNumerical(slice);
    const took = performance.now() - t0;
    ms += took;
    slice = Math.max(1, Math.round(0.5 * slice + (0.5 * Math.max(1, done - before) * SLICE_MS * 2) / Math.max(took, 0.5)));
    post({ type: FromLab.GRAD_PROGRESS, jobId: current.id, done, total, ms });
    await yieldToEvents();
  }
  gradLab = lab;
  const diffs = lab.compare('');
  post({ type: FromLab.GRAD_DONE, jobId: current.id, ms, diffs, counts }, [diffs.buffer]);
}

/** Trains the lesson's tiny network with the numerical gradient (and backprop beside it). */
async function trainNumerically(current, { seed }) {
  const [images] = numericalTrainingSetup();
  const { train } = await ensureData(images, current.id);
  const run = new NumericalTrainingRun(train, seed);
  try {
    let slice = 16;
    let ms = 0;
    const report = () => post({
      type: FromLab.NUMTRAIN_PROGRESS, jobId: current.id, stepsDone: run.stepsDone, steps: run.steps,
      stepProgress: run.stepProgress, parameterCount: run.parameterCount, ms, losses: run.losses(),
    });
    report();
    while (!run.finished) {
      if (current.cancelled) return;
      const t0 = performance.now();
      run.advance(slice);
      const took = performance.now() - t0;
      ms += took;
      slice = Math.max(1, Math.round(0.5 * slice + (0.5 * slice * SLICE_MS) / Math.max(took, 0.5)));
      report();
      await yieldToEvents();
    }
  } finally {
    run.free();
  }
}

async function startJob(jobId, work, msg) {
  const current = beginJob(jobId);
  try {
    await ready;
    await work(current, msg);
    if (!current.cancelled) post({ type: FromLab.JOB_DONE, jobId });
  } catch (err) {
    if (!current.cancelled) post({ type: FromLab.ERROR, jobId, message: errorText(err) });
  } finally {
    if (job === current) job = null;
  }
}

async function samplers({ jobId, subset, batch, seed }) {
  try {
    const { train } = await ensureData(subset, jobId);
    const rows = SAMPLERS.map(([sampler, sorted]) => {
      const stats = samplerStats(train, subset, sampler, batch, sorted, seed);
      return { sampler, sorted, coverage: stats[0], counts: Array.from(stats.subarray(1)) };
    });
    post({ type: FromLab.SAMPLERS, jobId, rows });
  } catch (err) {
    post({ type: FromLab.ERROR, jobId, message: errorText(err) });
  }
}

// ---- messages -------------------------------------------------------------------------------

const handlers = {
  [ToLab.INIT]: ({ manifestUrl }) => {
    ready = boot(manifestUrl);
    ready.then(() => post({ type: FromLab.READY }), (err) => post({ type: FromLab.ERROR, message: errorText(err) }));
  },
  [ToLab.SAMPLERS]: (msg) => samplers(msg),
  [ToLab.RUNS]: (msg) => startJob(msg.jobId, runQueries, msg),
  [ToLab.GRAD]: (msg) => startJob(msg.jobId, timeGradients, msg),
  [ToLab.NUMTRAIN]: (msg) => startJob(msg.jobId, trainNumerically, msg),
  [ToLab.GRAD_COMPARE]: ({ jobId, bugs }) => {
    if (!gradLab) return;
    const diffs = gradLab.compare(bugs);
    post({ type: FromLab.GRAD_DIFFS, jobId, bugs, diffs }, [diffs.buffer]);
  },
  [ToLab.CANCEL]: ({ jobId }) => {
    if (job && job.id === jobId && !job.cancelled) {
      job.cancelled = true;
      post({ type: FromLab.CANCELLED, jobId });
    }
  },
};

self.onmessage = (event) => {
  const handler = handlers[event.data.type];
  if (handler) handler(event.data);
};
