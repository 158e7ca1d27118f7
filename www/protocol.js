// The page ⇄ worker protocol, in one place.
//
// Every message is a plain object with a `type` field. Messages about a training run carry the
// `runId` the page chose when it sent START; the page ignores run messages whose runId is not the
// current one (a PROGRESS already in flight when the learner pressed Reset, for example).
// Histories are never re-sent: PROGRESS carries only the losses and epoch rows that are new since
// the previous PROGRESS (deltas), as transferred typed arrays.

/** Page → worker. */
export const ToWorker = Object.freeze({
  /** { manifestUrl } — where public/data/manifest.json is, resolved against the page. Sent once. */
  INIT: 'init',
  /** { dataset, subset } — fetch the data a run would need, ahead of Start (answers: DATA_PROGRESS). */
  PRELOAD: 'preload',
  /** { runId, query, dataset, subset } — load the data (if not loaded yet), build a Trainer, train. */
  START: 'start',
  /** { runId } — stop between slices; the Trainer is kept. */
  PAUSE: 'pause',
  /** { runId } — continue a paused run. */
  RESUME: 'resume',
  /** { runId } — drop the run (Trainer freed). The loaded data stays. */
  RESET: 'reset',
  /** { runId, lr } — change the learning rate; takes effect at the next step. Answered by LR_APPLIED. */
  SET_LR: 'set-lr',
  /** { files: [{ role, name, buffer }] } — the learner's own IDX files (raw or gzip); role is one of
   *  'trainImages' | 'trainLabels' | 'testImages' | 'testLabels'. Buffers are transferred. */
  LOAD_FILES: 'load-files',
  /** { runId } — the network of the run as it is now, as a model file. Answered by MODEL_EXPORTED
   *  (or ERROR with scope 'export'). */
  EXPORT_MODEL: 'export-model',
});

/** Worker → page. */
export const FromWorker = Object.freeze({
  /** { datasets: [{ id, name, trainCount, testCount, classNames }] } — wasm ready, manifest read. */
  READY: 'ready',
  /** { dataset, done, total } — chunks fetched (from Cache Storage or the network) so far. */
  DATA_PROGRESS: 'data-progress',
  /** { runId, iterations, iterationsPerEpoch, seed, learningRate } — the Trainer exists. */
  STARTED: 'started',
  /** { runId, iteration, firstIteration, losses: Float32Array, epochs: Float64Array, currentLr }
   *  currentLr is the rate of the next step: the schedule's η(t) from the slider's η.
   *  losses[k] is the loss of iteration firstIteration + k (1-based); epochs is flattened rows
   *  [iteration, epoch, trainAccuracy, testAccuracy, ...] with accuracies in 0..1. */
  PROGRESS: 'progress',
  /** { runId, iteration } — the next step ends an epoch: the Trainer is about to evaluate. */
  EVALUATING: 'evaluating',
  /** { runId, iteration } — the run is paused (answer to PAUSE). */
  PAUSED: 'paused',
  /** { runId, iteration } — the run continues (answer to RESUME). */
  RESUMED: 'resumed',
  /** { runId, lr, iteration } — the learning rate actually applied (clamped) and from which step. */
  LR_APPLIED: 'lr-applied',
  /** { runId, iteration } — all planned iterations are done. */
  FINISHED: 'finished',
  /** { runId, iteration, cause } — the loss became NaN or Infinity at `iteration`; training stopped.
   *  `cause` (Rust's DivergenceCause): 'unscaled-inputs', 'backprop-bug' or 'learning-rate'. */
  DIVERGED: 'diverged',
  /** { trainCount, testCount, names } — the learner's files parsed; dataset 'custom' is usable. */
  FILES_LOADED: 'files-loaded',
  /** { runId, iteration, bytes: Uint8Array } — the model file asked for by EXPORT_MODEL (transferred);
   *  it records the layer sizes, activation, dataset and the test accuracy at `iteration`. */
  MODEL_EXPORTED: 'model-exported',
  /** { scope: 'boot' | 'data' | 'run' | 'files' | 'export', message, runId? } — something failed; state is kept. */
  ERROR: 'error',
});

/** Dataset id used for the learner's own files. */
export const USER_DATASET = 'custom';

/** The four standard IDX files, by role. */
export const FILE_ROLES = Object.freeze(['trainImages', 'trainLabels', 'testImages', 'testLabels']);

// ---- the lesson lab worker (www/lab-worker.js): sections 5 and 6 ----------------------------
// One job runs at a time (a batch-size comparison, a sorted-data run, a gradient timing); each
// carries the `jobId` the page chose; a new job replaces the one running (which answers
// CANCELLED). SAMPLERS and GRAD_COMPARE are answered at once, between slices of a running job.

/** Page → lab worker. */
export const ToLab = Object.freeze({
  /** { manifestUrl } — sent once. */
  INIT: 'init',
  /** { jobId, subset, batch, seed } — samplerStats for choice / shuffle / weighted, and
   *  sequential on class-sorted data. Answered by SAMPLERS. */
  SAMPLERS: 'samplers',
  /** { jobId, subset, runs: [{ key, query }] } — train each Trainer query in turn (on the first
   *  `subset` MNIST images, tested on LAB_TEST_IMAGES test images), timing each run. */
  RUNS: 'runs',
  /** { jobId, hidden, batch, seed, sample } — build a GradientLab, time backprop, then the
   *  numerical gradient in slices: of every parameter (sample 0) or of `sample` random entries
   *  of each matrix. */
  GRAD: 'grad',
  /** { jobId, bugs } — compare(bugs) on the finished numerical gradient. Answered by GRAD_DIFFS. */
  GRAD_COMPARE: 'grad-compare',
  /** { jobId, seed } — train the lesson's tiny network with the numerical gradient and, beside
   *  it, with backprop (NumericalTrainingRun), in slices. Answered by NUMTRAIN_PROGRESS. */
  NUMTRAIN: 'numtrain',
  /** { jobId } — stop that job between slices. */
  CANCEL: 'cancel',
});

/** Lab worker → page. */
export const FromLab = Object.freeze({
  /** {} — wasm ready, manifest read. */
  READY: 'ready',
  /** { jobId, done, total } — data chunks loaded so far for that job. */
  DATA_PROGRESS: 'data-progress',
  /** { jobId, rows: [{ sampler, sorted, coverage, counts: number[10] }] } */
  SAMPLERS: 'samplers',
  /** { jobId, key, iterations, iterationsPerEpoch } — one run of RUNS began. */
  RUN_STARTED: 'run-started',
  /** { jobId, key, firstIteration, losses: Float32Array, epochs: Float64Array, iteration, ms }
   *  deltas as in the training worker's PROGRESS; `ms` is the run's training time so far. */
  RUN_PROGRESS: 'run-progress',
  /** { jobId, key, iteration, ms, diverged } — one run ended. */
  RUN_DONE: 'run-done',
  /** { jobId, parameterCount, backpropMs, repeats } — one backprop gradient, averaged over repeats. */
  GRAD_BACKPROP: 'grad-backprop',
  /** { jobId, done, total, ms } — parameters differentiated numerically so far, in ms. */
  GRAD_PROGRESS: 'grad-progress',
  /** { jobId, ms, diffs: Float64Array, counts: Uint32Array } — numerical gradient done;
   *  diffs = compare('') ([mean |diff|, relative error] per parameter), counts = entries
   *  differentiated of W1, b1, W2, b2. */
  GRAD_DONE: 'grad-done',
  /** { jobId, bugs, diffs: Float64Array } — answer to GRAD_COMPARE (as in GRAD_DONE). */
  GRAD_DIFFS: 'grad-diffs',
  /** { jobId, stepsDone, steps, stepProgress, parameterCount, ms, losses: Float64Array } —
   *  losses = [numerical, backprop] pairs on the run's images, at the start and after each step;
   *  `ms` is the time spent computing so far. */
  NUMTRAIN_PROGRESS: 'numtrain-progress',
  /** { jobId } — the whole job is over. */
  JOB_DONE: 'job-done',
  /** { jobId } — the job stopped on CANCEL or because another job replaced it. */
  CANCELLED: 'cancelled',
  /** { jobId?, message } */
  ERROR: 'error',
});

/** Test images the lab's runs are evaluated on (one data chunk: cheap enough to test every epoch). */
export const LAB_TEST_IMAGES = 1000;
