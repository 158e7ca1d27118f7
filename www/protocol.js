// The page ⇄ worker protocol, in one place (the worker is www/worker/core.js; the page's side
// is www/worker-client.js).
//
// Every message is a plain object with a `type` field. A message that starts or concerns a job
// carries the `jobId` the page chose (worker-client.js numbers them); every reply about a job
// carries that `jobId` and the job's `kind` (the ToWorker type that started it), so the page
// routes replies by fields, never by parsing ids. The page ignores replies of jobs it dropped (a
// PROGRESS already in flight when the learner pressed Reset, for example).
// Histories are never re-sent: PROGRESS / RUN_PROGRESS carry only the losses and epoch rows that
// are new since the previous one (deltas), as transferred typed arrays.
//
// One long job runs at a time in a worker instance (a training run, a lab's runs, a gradient
// timing); a new one replaces it (the old one answers CANCELLED). Control messages (PAUSE,
// SET_LR, CANCEL, …) and quick jobs (SAMPLERS, GRAD_COMPARE, GRAD_PROBE, EXPORT_MODEL, PARSE_MODEL) are
// answered between the slices of the long job, so a worker always answers within one slice.
// The training view and the lesson labs each have an instance of the same worker module, so a
// lab never interrupts training.

/** Page → worker. */
export const ToWorker = Object.freeze({
  /** { manifestUrl, module } — where public/data/manifest.json is, resolved against the page,
   *  and the page's compiled wasm (a WebAssembly.Module, or null: the worker then loads its
   *  own). Sent once per worker instance (again to a fresh one after a crash). */
  INIT: 'init',
  /** { jobId, dataset, subset, watch } — fetch the data a run would need, ahead of Start
   *  (answers: DATA_PROGRESS, then JOB_DONE; with watch, JOB_DONE carries the digits a run of
   *  this data watches, as WATCH's `sample`). */
  PRELOAD: 'preload',
  /** { jobId, query, dataset, subset, deferEvaluation } — a training run: load the data (if not
   *  loaded yet), build a Trainer, train until finished, diverged, paused or replaced. With
   *  deferEvaluation, epoch ends answer SNAPSHOT instead of evaluating here. */
  START: 'start',
  /** { jobId } — the page has shown the run's first reading (WATCH at iteration 0): the run
   *  trains from now on (or after FIRST_READING_WAIT_MS without it, in a hidden tab). */
  SHOWN: 'shown',
  /** { jobId } — stop the run between slices; the Trainer is kept. */
  PAUSE: 'pause',
  /** { jobId } — continue a paused run. */
  RESUME: 'resume',
  /** { jobId } — drop the run (Trainer freed). The loaded data stays. */
  RESET: 'reset',
  /** { jobId, lr } — change the learning rate; takes effect at the next step. Answered by LR_APPLIED. */
  SET_LR: 'set-lr',
  /** { jobId, files: [{ role, name, buffer }] } — the learner's own IDX files (raw or gzip); role
   *  is one of FILE_ROLES. Buffers are transferred. Answered by FILES_LOADED. */
  LOAD_FILES: 'load-files',
  /** { jobId, testAccuracy? } — the network of run `jobId` as it is now, as a model file
   *  (recording testAccuracy when the page has it for this iteration; else measured). Answered
   *  by MODEL_EXPORTED. */
  EXPORT_MODEL: 'export-model',
  /** { jobId, subset, batch, seed, dataset, testImages } — samplerStats for each of the
   *  wasm's samplerDraws (every sampler; sequential on class-sorted data). Answered by SAMPLERS. */
  SAMPLERS: 'samplers',
  /** { jobId, subset, dataset, testImages, runs: [{ key, query }] } — train each Trainer query
   *  in turn (on the first `subset` images of `dataset`, tested on `testImages` test images: the
   *  lab's setup from the wasm), timing each run. */
  RUNS: 'runs',
  /** { jobId, hidden, batch, seed, sample, dataset, testImages } — build a GradientLab, time
   *  backprop (for as long as the wasm's backpropTimingDone says), then the numerical gradient
   *  in slices: of every parameter (sample 0) or of `sample` random entries of each matrix. */
  GRAD: 'grad',
  /** { jobId, bugs } — compare(bugs) on the finished numerical gradient. Answered by GRAD_DIFFS. */
  GRAD_COMPARE: 'grad-compare',
  /** { jobId, networks: [{ hidden, batch }], seed } — time a few numerical partial derivatives
   *  of each network on random images, before any run. Answered by GRAD_PROBED per network. */
  GRAD_PROBE: 'grad-probe',
  /** { jobId, seed, dataset, testImages } — train the lesson's tiny network with the numerical gradient and, beside
   *  it, with backprop (NumericalTrainingRun), in slices. Answered by NUMTRAIN_PROGRESS. */
  NUMTRAIN: 'numtrain',
  /** { jobId } — stop that long job between slices (answered by CANCELLED). */
  CANCEL: 'cancel',
  /** { jobId, snapshot: Uint8Array, query, dataset, subset, iteration } — the epoch row of a
   *  SNAPSHOT, measured on the run's data (in a second worker, so training does not wait).
   *  Answered by EVALUATED. */
  EVALUATE: 'evaluate',
  /** { jobId, bytes: Uint8Array, fallbackName } — read a model file (.gradlab or .npz; the
   *  buffer is transferred), so a big file never blocks the page. Answered by MODEL_PARSED. */
  PARSE_MODEL: 'parse-model',
});

/** Worker → page. Every reply about a job has { jobId, kind } besides the fields listed. */
export const FromWorker = Object.freeze({
  /** { datasets: [{ id, name, trainCount, testCount, classNames }] } — wasm ready, manifest read. */
  READY: 'ready',
  /** { dataset, done, total } — chunks fetched (from Cache Storage or the network) so far. */
  DATA_PROGRESS: 'data-progress',
  /** { iterations, iterationsPerEpoch, seed, learningRate } — the Trainer of START exists. */
  STARTED: 'started',
  /** { iteration, firstIteration, losses: Float32Array, epochs: Float64Array, currentLr, wasmBytes }
   *  currentLr is the rate of the next step: the schedule's η(t) from the slider's η; wasmBytes
   *  the size of the worker's wasm memory now.
   *  losses[k] is the loss of iteration firstIteration + k (1-based); epochs is flattened rows
   *  [iteration, epoch, trainAccuracy, testAccuracy, ...] with accuracies in 0..1. */
  PROGRESS: 'progress',
  /** { sample, reading } — "watch it learn": `reading` (crate::watch::WatchReading: iteration,
   *  guesses, probabilities, correct, weightsRgba) is how the network reads the fixed test
   *  digits, at the start and after each evaluation made in this worker; `sample`
   *  (WatchSample: indices, labels, width, height, rgba) comes with the first one, else null. */
  WATCH: 'watch',
  /** { iteration } — an epoch ended: the Trainer is evaluating (in slices too). */
  EVALUATING: 'evaluating',
  /** { iteration, bytes: Uint8Array } — an epoch ended (deferEvaluation): the weights at that
   *  iteration as a model file (transferred), for EVALUATE in another worker. */
  SNAPSHOT: 'snapshot',
  /** { row: Float64Array, reading } — EVALUATE's epoch row [iteration, epoch, trainAccuracy,
   *  testAccuracy] and how the snapshot reads the watched digits (as in WATCH). */
  EVALUATED: 'evaluated',
  /** { iteration, currentLr } — the run is paused (answer to PAUSE); currentLr is the next step's η(t). */
  PAUSED: 'paused',
  /** { iteration } — the run continues (answer to RESUME). */
  RESUMED: 'resumed',
  /** { lr, iteration } — the learning rate actually applied (clamped) and from which step. */
  LR_APPLIED: 'lr-applied',
  /** { iteration } — all planned iterations are done. */
  FINISHED: 'finished',
  /** { iteration } — the loss became NaN or Infinity at `iteration`; training stopped. */
  DIVERGED: 'diverged',
  /** { trainCount, testCount, names } — the learner's files parsed; the data set `ownDataName()` is usable. */
  FILES_LOADED: 'files-loaded',
  /** { iteration, bytes: Uint8Array } — the model file asked for by EXPORT_MODEL (transferred);
   *  it records the layer sizes, activation, dataset and the test accuracy at `iteration`. */
  MODEL_EXPORTED: 'model-exported',
  /** { bytes: Uint8Array, name, info } — PARSE_MODEL's file as a .gradlab file (transferred),
   *  its name (`fallbackName` if the file has none) and model-store.js's info about it. */
  MODEL_PARSED: 'model-parsed',
  /** { rows: [{ sampler, sorted, coverage, counts: number[10] }] } */
  SAMPLERS: 'samplers',
  /** { key, iterations, iterationsPerEpoch } — one run of RUNS began. */
  RUN_STARTED: 'run-started',
  /** { key, firstIteration, losses: Float32Array, epochs: Float64Array, iteration, ms }
   *  deltas as in PROGRESS; `ms` is the run's training time so far. */
  RUN_PROGRESS: 'run-progress',
  /** { key, iteration, ms, diverged } — one run ended. */
  RUN_DONE: 'run-done',
  /** { parameterCount, backpropMs, repeats } — one backprop gradient, averaged over repeats
   *  (the wasm's backpropMeanMs). */
  GRAD_BACKPROP: 'grad-backprop',
  /** { done, total, ms } — parameters differentiated numerically so far, in ms. */
  GRAD_PROGRESS: 'grad-progress',
  /** { ms, diffs: Float64Array, counts: Uint32Array } — numerical gradient done;
   *  diffs = compare('') ([mean |diff|, relative error] per parameter), counts = entries
   *  differentiated of W1, b1, W2, b2. */
  GRAD_DONE: 'grad-done',
  /** { bugs, diffs: Float64Array } — answer to GRAD_COMPARE (as in GRAD_DONE). */
  GRAD_DIFFS: 'grad-diffs',
  /** { hidden, batch, derivatives, ms } — one network of GRAD_PROBE: `derivatives` partial
   *  derivatives took `ms` (then JOB_DONE after the last network). */
  GRAD_PROBED: 'grad-probed',
  /** { firstStep, losses: Float64Array, report: { stepsDone, steps, stepProgress,
   *  parameterCount, ms, gap } } — losses = the [numerical, backprop] pairs on the run's images
   *  since the last report (deltas, the first at step `firstStep`: 0 is the start); `report` is
   *  what numericalTrainingReadout reads (`ms`: the time spent computing so far; `gap`: the
   *  largest loss difference so far, undefined before the first step). */
  NUMTRAIN_PROGRESS: 'numtrain-progress',
  /** {} — the whole job is over (RUNS, GRAD, NUMTRAIN, PRELOAD; PRELOAD's may carry `sample`). */
  JOB_DONE: 'job-done',
  /** {} — the job stopped on CANCEL or because another job replaced it. */
  CANCELLED: 'cancelled',
  /** { message, kind, jobId? } — something failed (kind INIT: the worker could not boot; a job's
   *  kind: that job failed). The message names what failed (a file, a URL, a setting). The
   *  worker's state is kept; the page may simply send the job again (Retry). */
  ERROR: 'error',
  /** { message } — the wasm trapped: this worker instance is unusable. The page makes a fresh
   *  one (worker-client.js does, and reports ERROR to the open jobs). */
  CRASHED: 'crashed',
});

/** Replies after which a job has nothing more to say (worker-client.js forgets it). */
export const FINAL_REPLIES = Object.freeze(new Set([
  FromWorker.JOB_DONE, FromWorker.CANCELLED, FromWorker.ERROR, FromWorker.FINISHED, FromWorker.DIVERGED,
  FromWorker.SAMPLERS, FromWorker.GRAD_DIFFS, FromWorker.FILES_LOADED, FromWorker.MODEL_EXPORTED,
  FromWorker.MODEL_PARSED, FromWorker.EVALUATED,
]));

/** The four standard IDX files, by role. */
export const FILE_ROLES = Object.freeze(['trainImages', 'trainLabels', 'testImages', 'testLabels']);
