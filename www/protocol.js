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
  /** { runId, iteration, firstIteration, losses: Float32Array, epochs: Float64Array }
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
  /** { runId, iteration } — the loss became NaN or Infinity at `iteration`; training stopped. */
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
