// The worker: one module, instantiated once for the training view and once for the lesson labs
// (so a lab never interrupts training). It owns the wasm instance, the datasets (parsed once per
// instance, ./data.js) and the jobs: one long job at a time (a training run, a lab's runs, a
// gradient timing), which a new one replaces, and quick jobs answered between its slices. Long
// jobs advance in slices through `sliced` (./runtime.js), the one slicing loop, which yields
// to the event loop in between so PAUSE, SET_LR, CANCEL and the quick jobs get through.
// Failures are reported once, here: a job's error as ERROR with what failed; a wasm trap as
// CRASHED (the page then makes a fresh worker). The messages are documented in protocol.js.

import init, { watchSample } from '../pkg/gradlab.js';
import { wasmUrl } from '../wasm-build.js';
import { FromWorker, ToWorker } from '../protocol.js';
import { Job, boot, data, ensureData, errorText, post } from './runtime.js';
import { trainHandlers } from './train-job.js';
import { labHandlers } from './lab-jobs.js';
import { modelHandlers } from './model-job.js';

let longJob = null; // the long job running (or paused)
let longQueue = Promise.resolve(); // a long job starts once the one it replaces has stopped

/** A wasm trap leaves the instance unusable: the page is told to make a fresh worker. */
function isTrap(err) {
  return err instanceof WebAssembly.RuntimeError;
}

function fail(job, err) {
  if (isTrap(err)) {
    post({ type: FromWorker.CRASHED, message: `the computation stopped in the wasm (${errorText(err)})` });
    return;
  }
  job.reply(FromWorker.ERROR, { message: errorText(err) });
}

/**
 * Starts a long job, replacing the one running: `work(job, msg)` resolves when it is over. A job
 * that is over (done, finished or failed: it has had its final reply) is not cancelled again.
 */
function startLong(msg, work, { doneReply = FromWorker.JOB_DONE } = {}) {
  const job = new Job(msg);
  const previous = longJob;
  if (previous && !previous.cancelled && !previous.over) {
    previous.cancel();
    previous.reply(FromWorker.CANCELLED);
  }
  longJob = job;
  longQueue = longQueue.then(async () => {
    if (job.cancelled) return;
    try {
      await boot.done;
      await work(job, msg);
      if (!job.cancelled && doneReply) job.reply(doneReply);
    } catch (err) {
      if (!job.cancelled) fail(job, err);
    }
    job.over = true;
  });
  return job;
}

/** Runs a quick job at once (between slices of the long one). */
async function runQuick(msg, work) {
  const job = new Job(msg);
  try {
    await boot.done;
    await work(job, msg);
  } catch (err) {
    fail(job, err);
  }
}

/** The long job with id `jobId`, if it is the one running. */
function longJobWithId(jobId) {
  return longJob && longJob.id === jobId && !longJob.cancelled && !longJob.over ? longJob : null;
}

const handlers = {
  [ToWorker.INIT]: (msg) => {
    const wasm = init({ module_or_path: msg.module ?? wasmUrl }).then(
      (exports) => {
        boot.memory = exports.memory;
      },
      (err) => {
        throw new Error(`could not load the wasm module (${wasmUrl.pathname.split('/').pop()}): ${errorText(err)}`);
      },
    );
    boot.done = wasm.then(() => data.boot(msg.manifestUrl));
    boot.done.then(
      (datasets) => post({ type: FromWorker.READY, datasets }),
      (err) => post({ type: FromWorker.ERROR, kind: ToWorker.INIT, message: errorText(err) }),
    );
  },
  [ToWorker.CANCEL]: ({ jobId }) => {
    const job = longJobWithId(jobId);
    if (!job) return;
    job.cancel();
    job.reply(FromWorker.CANCELLED);
  },
  [ToWorker.LOAD_FILES]: (msg) => runQuick(msg, async (job, { files }) => {
    job.reply(FromWorker.FILES_LOADED, data.loadUserFiles(files));
  }),
  [ToWorker.PRELOAD]: (msg) => runQuick(msg, async (job, { dataset, subset, watch = false }) => {
    const entry = await ensureData(job, dataset, subset, Infinity);
    // the digits a run of this data watches, for the page to show before Start
    const sample = watch ? watchSample(entry.test) : null;
    job.reply(FromWorker.JOB_DONE, sample ? { sample } : {}, sample ? [sample.rgba.buffer] : []);
  }),
  ...trainHandlers({ startLong, runQuick, longJobWithId }),
  ...labHandlers({ startLong, runQuick }),
  ...modelHandlers({ runQuick }),
};

self.onmessage = (event) => {
  const handler = handlers[event.data.type];
  if (handler) handler(event.data);
};

// Anything thrown outside a job (a bug) still reaches the page: as the worker's `error` event.
self.addEventListener('unhandledrejection', (event) => {
  if (isTrap(event.reason)) {
    event.preventDefault();
    post({ type: FromWorker.CRASHED, message: `the computation stopped in the wasm (${errorText(event.reason)})` });
  }
});
