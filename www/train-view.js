// The "Train on MNIST" view: buttons, status, progress, charts and the cycle diagram,
// driven by the worker's messages (protocol.js). Charts, the cycle diagram and the numbers are
// redrawn from one requestAnimationFrame loop, throttled, so the page never waits on training;
// messages only record what changed. Beside them, "watch it learn" (digit-grid.js) shows
// fixed test digits read by the network at each evaluation. A finished run (or a paused one, on "Keep this network")
// is kept in the browser (model-store.js) for the "Draw a digit" view.

import { FromWorker, ToWorker } from './protocol.js';
import { ownDataName, scheduleVaries } from './pkg/gradlab.js';
import { WorkerClient } from './worker-client.js';
import { language, onLanguageChange, t, tCount } from './i18n.js';
import { TrainControls } from './train-controls.js';
import { fmtFixed, fmtLr as formatLr, wholeNumber } from './format.js';
import { byId } from './dom.js';
import { Charts } from './charts.js';
import { CycleDiagram } from './cycle.js';
import { RunStats } from './run-stats.js';
import { WatchPanel } from './digit-grid.js';
import { readFiles, sortFiles, wireFilePicker } from './idx-files.js';
import { MAX_UNPINNED, generatedName, modelInfo, pinModel, saveModel } from './model-store.js';

const RUN_BUTTONS = ['start', 'pause', 'resume', 'reset'];
/** Which run buttons work in which state, its main one first; every other control is locked while a run is live. */
const BUTTONS = {
  booting: [],
  idle: ['start'],
  loading: ['reset'],
  training: ['pause', 'reset'],
  paused: ['resume', 'reset'],
  finished: ['start', 'reset'],
  diverged: ['start', 'reset'],
};
/** The message of a divergence is keyed by the cause Rust names (train::DivergenceCause::name). */
const DIVERGED_MESSAGE = (cause) => `diverged.msg.${cause}`;
const LOCKED_STATES = new Set(['booting', 'loading', 'training', 'paused']);
const KEEPABLE_STATES = new Set(['paused', 'finished']);


/** A failed job's kind → the error message's key (error.*). */
const ERROR_SCOPE = {
  [ToWorker.INIT]: 'boot',
  [ToWorker.PRELOAD]: 'data',
  [ToWorker.START]: 'run',
  [ToWorker.LOAD_FILES]: 'files',
  [ToWorker.EXPORT_MODEL]: 'export',
};

export class TrainView {
  constructor({ Curves, normalizeTrainQuery, trainKeySpecs, scheduleParameterKeys, trainRunLabel, Model, StepEstimate, watchWeightCount }) {
    this.Model = Model;
    this.trainRunLabel = trainRunLabel;
    this.StepEstimate = StepEstimate;
    this.watchWeightCount = watchWeightCount;
    this.state = 'booting';
    this.runId = 0;
    this.awaitingShown = false; // a run waits for its first reading to be shown (SHOWN)
    this.iteration = 0;
    this.iterations = 0;
    this.ownData = ownDataName(); // the data set id of the learner's own files
    this.datasetNames = new Map([[this.ownData, () => t('ctl.data.user')]]);
    this.testCounts = new Map();
    this.lrAck = null;
    this.divergedAt = null;
    this.divergenceCause = null;
    this.dataProgress = null;
    this.keeping = false; // an EXPORT_MODEL is on its way
    this.keptAt = null; // iteration of this run's last kept network
    this.kept = null; // { name } or { error } — what #keep-status says

    this.controls = new TrainControls(normalizeTrainQuery, trainKeySpecs(), scheduleParameterKeys, (lr) => this.lrChanged(lr));
    // Until a run names its loss, the chart's axis names the key table's default one (the controls show it now).
    this.charts = new Charts(Curves, byId('loss-chart'), byId('acc-chart'), byId('loss-chart-desc'), byId('acc-chart-desc'), this.controls.value('loss'));
    this.cycle = new CycleDiagram(byId('cycle'));
    this.stats = new RunStats();
    this.watch = new WatchPanel();
    this.retry = null; // what #error-retry does for the error shown
    this.evaluator = null; // a second worker instance, evaluating the run's epoch snapshots
    this.evaluations = new Map(); // EVALUATE jobId → runId
    this.evaluatorData = null; // { key: 'dataset/subset', jobId } the evaluation worker was last asked to load
    this.preloadJob = null; // { jobId, dataset, subset } of the training worker's last PRELOAD
    this.runRequest = null; // { query, dataset, subset } of the current run
    this.finishWhenEvaluated = false; // FINISHED came; 'finished' waits for the last epoch row
    this.worker = new WorkerClient('the training worker').subscribe((msg) => this.receive(msg));

    byId('train-form').addEventListener('submit', (event) => event.preventDefault());
    byId('train-form').addEventListener('change', () => this.renderEstimate());
    byId('start').addEventListener('click', () => this.start());
    byId('pause').addEventListener('click', () => this.send(ToWorker.PAUSE));
    byId('resume').addEventListener('click', () => this.send(ToWorker.RESUME));
    byId('reset').addEventListener('click', () => this.reset());
    byId('keep').addEventListener('click', () => this.keep({ pinned: true }));
    byId('overlay-keep').addEventListener('click', () => this.overlayKeep());
    byId('overlay-clear').addEventListener('click', () => this.overlayClear());
    byId('error-dismiss').addEventListener('click', () => this.showError(null));
    byId('error-retry').addEventListener('click', () => this.retryFailed());
    byId('batch').addEventListener('change', () => this.renderCycleText());
    byId('iters').addEventListener('change', () => this.stats.invalidate());
    byId('dataset').addEventListener('change', () => this.datasetChanged());
    byId('subset').addEventListener('change', () => this.preload());
    wireFilePicker(byId('file-input'), byId('drop-zone'), (files) => this.userFiles(files));
    onLanguageChange(() => this.languageChanged());

    this.setState('booting');
    this.renderCycleText();
    this.renderEstimate();
    requestAnimationFrame((now) => this.frame(now));
  }

  /** Read-only numbers for tests and curious learners (window.gradlab.state). */
  snapshot() {
    const last = this.charts.latestEpoch;
    return Object.freeze({
      status: this.state,
      iteration: this.iteration,
      iterations: this.iterations,
      lossCount: this.charts.lossCount,
      epochs: this.charts.epochCount,
      testAccuracy: last ? last.test : null,
      trainAccuracy: last ? last.train : null,
      stepsPerSec: this.stats.stepsPerSec(),
      chartDrawMs: this.charts.drawMs,
      data: this.dataProgress ? { ...this.dataProgress } : null,
      learningRate: this.lrAck ? this.lrAck.lr : this.controls.lr,
      workerWasmBytes: this.wasmBytes ?? null,
      query: this.controls.query(),
      language: language(),
      watch: this.watch.snapshot(),
    });
  }

  // ---- route ----------------------------------------------------------------------------------

  /** Called by the router with the hash query ('' when the hash is just #/train). */
  route(rawQuery) {
    if (rawQuery === null || rawQuery === '') {
      this.controls.writeHash();
      return;
    }
    const before = this.controls.lr;
    this.controls.loadFromHash(rawQuery);
    if (this.controls.lr !== before && this.runActive()) this.lrChanged(this.controls.lr);
    this.renderEstimate();
    this.renderCycleText(); // a link may set the batch size
  }

  // ---- worker ---------------------------------------------------------------------------------

  /** A message about the current run (the run's job id is `runId`). */
  send(type, extra = {}) {
    this.worker.send(type, { jobId: this.runId, ...extra });
  }

  receive(msg) {
    const handler = this.handlers[msg.type];
    if (!handler) return;
    const aboutRun = msg.kind === ToWorker.START || msg.kind === ToWorker.EXPORT_MODEL;
    if (aboutRun && msg.jobId !== this.runId) return;
    handler.call(this, msg);
  }

  /** Retry after a failure: the worker client starts a fresh worker if the old one was lost. */
  retryFailed() {
    const retry = this.retry;
    this.showError(null);
    retry?.();
  }

  handlers = {
    [FromWorker.READY]({ datasets }) {
      this.fillDatasets(datasets);
      if (this.state !== 'booting') return; // a fresh worker after a loss, taking a job already
      this.setState('idle');
      this.preload();
      // the default run's weight pictures, made before the learner presses Start
      const whenIdle = window.requestIdleCallback ?? setTimeout;
      whenIdle(() => this.watch.prepareWeights(this.watchWeightCount(Number(this.controls.value('hidden')))));
    },
    [FromWorker.DATA_PROGRESS]({ dataset, done, total }) {
      this.dataProgress = { dataset, done, total };
      this.stats.invalidate();
    },
    // The data is in the cache now: the evaluation worker can boot and load it from there
    // while the learner is still choosing, not in the busy first second of a run. The grid
    // shows the digits a run will watch (made now, not in the frame of the run's first reading).
    [FromWorker.JOB_DONE]({ kind, jobId, sample }) {
      if (kind !== ToWorker.PRELOAD || jobId !== this.preloadJob?.jobId || this.state !== 'idle') return;
      this.preloadEvaluator(this.preloadJob);
      if (sample) this.watch.preview(sample);
    },
    [FromWorker.STARTED]({ iterations, seed }) {
      this.iterations = iterations;
      // The evaluation worker has loaded the data while the page was idle, or loads it now, from
      // the cache the training worker has filled (not downloaded twice, and not parsed by both
      // workers at once while the page handles Start). Its answer is not awaited: a failure shows
      // up, with its cause, when the first evaluation asks for the data again.
      if (this.runRequest.dataset !== this.ownData) this.preloadEvaluator(this.runRequest);
      byId('seed-used').textContent = t('seed.used', { seed });
      byId('seed-used').dataset.seed = String(seed);
      this.stats.resetSpeed();
      this.setState('training');
    },
    [FromWorker.PROGRESS]({ iteration, firstIteration, losses, epochs, currentLr, wasmBytes }) {
      this.iteration = iteration;
      this.wasmBytes = wasmBytes;
      this.currentLr = currentLr;
      this.charts.addLosses(firstIteration, losses);
      this.charts.addEpochs(epochs);
      const now = performance.now();
      this.stats.sample(now, iteration);
      this.cycle.progress(now);
    },
    [FromWorker.WATCH]({ sample, reading }) {
      this.watch.show(sample, reading);
    },
    [FromWorker.EVALUATING]() {
      this.cycle.evaluating(performance.now());
    },
    // An epoch ended: its weights are evaluated in the second instance, training goes on.
    [FromWorker.SNAPSHOT]({ iteration, bytes }) {
      this.cycle.epochEvaluatedAside();
      const evaluator = this.evaluationWorker();
      const jobId = evaluator.newJobId();
      this.evaluations.set(jobId, this.runId);
      evaluator.send(ToWorker.EVALUATE, { jobId, snapshot: bytes, iteration, ...this.runRequest }, [bytes.buffer]);
    },
    [FromWorker.PAUSED]({ iteration, currentLr }) {
      if (this.state !== 'training') return; // the run ended before the pause arrived
      this.iteration = iteration;
      this.currentLr = currentLr; // the rate of the next step, as of the step paused at
      this.setState('paused');
    },
    [FromWorker.RESUMED]() {
      this.stats.resetSpeed();
      this.setState('training');
    },
    [FromWorker.LR_APPLIED]({ lr, iteration }) {
      this.lrAck = { lr, iteration };
      this.renderLrAck();
    },
    [FromWorker.FINISHED]({ iteration }) {
      this.iteration = iteration;
      this.finishWhenEvaluated = true;
      this.finishIfEvaluated();
      // Short epochs can leave evaluations behind the steps: the page says so until they are in,
      // with no speed or time left (the steps are done; "0 s left" would not be true), and
      // nothing left to pause (a keyboard user on Pause moves to Reset).
      if (this.finishWhenEvaluated) {
        if (document.activeElement === byId('pause')) byId('reset').focus({ preventScroll: true });
        byId('pause').disabled = true;
        this.renderStatus();
        this.stats.flush(performance.now(), () => this.statsView());
      }
    },
    [FromWorker.MODEL_EXPORTED]({ iteration, bytes }) {
      this.saveKept(bytes, iteration, this.keepPinned);
    },
    [FromWorker.DIVERGED]({ iteration, cause }) {
      this.iteration = iteration;
      this.divergedAt = iteration;
      this.divergenceCause = cause;
      this.setState('diverged');
    },
    [FromWorker.FILES_LOADED]({ trainCount, testCount }) {
      this.testCounts.set(this.ownData, testCount);
      this.addUserDatasetOption();
      byId('files-status').textContent = t('files.loaded', { train: trainCount, test: testCount });
      this.showError(null);
    },
    [FromWorker.ERROR]({ kind, message }) {
      const scope = ERROR_SCOPE[kind] ?? 'run';
      if (scope === 'export') {
        this.keeping = false;
        this.kept = { error: message };
        this.renderKeep();
        return;
      }
      if (scope === 'files') {
        byId('files-status').textContent = '';
        this.showError(t('error.files', { message }));
        return;
      }
      this.dataProgress = null; // no stale "Loading MNIST: 5 / 11 chunks"
      if (scope === 'run') this.setState(this.iteration > 0 ? 'finished' : 'idle');
      if (scope === 'boot') this.setState('booting');
      const retry = { boot: () => this.worker.ready, data: () => this.preload(), run: () => this.start() }[scope];
      this.showError(t(`error.${scope}`, { message }), retry);
    },
    // The worker was lost while no job was open: the next job (or Retry) starts a fresh one.
    [FromWorker.CRASHED]({ message }) {
      this.showError(t('error.run', { message }), () => this.worker.ready); // a run's own ERROR follows
    },
  };

  /** The second instance that evaluates the epochs' snapshots, started on first use. */
  evaluationWorker() {
    this.evaluator ??= new WorkerClient('the evaluation worker').subscribe((msg) => this.evaluated(msg));
    return this.evaluator;
  }

  /** The evaluation worker's answers: epoch rows of the current run go on the chart. */
  evaluated(msg) {
    // Its preload failed or the instance was lost: the next run asks it to load again.
    const preloadFailed = msg.type === FromWorker.ERROR && msg.jobId === this.evaluatorData?.jobId;
    const lost = msg.type === FromWorker.CRASHED || (msg.type === FromWorker.ERROR && msg.kind === ToWorker.INIT);
    if (preloadFailed || lost) this.evaluatorData = null;
    const runId = this.evaluations.get(msg.jobId);
    if (runId === undefined || (msg.type !== FromWorker.EVALUATED && msg.type !== FromWorker.ERROR)) return;
    this.evaluations.delete(msg.jobId);
    if (runId !== this.runId) return;
    if (msg.type === FromWorker.EVALUATED) {
      this.charts.addEpochs(msg.row);
      this.stats.invalidate(); // the accuracies beside the charts, also when no step follows (paused, diverged)
      this.watch.show(null, msg.reading);
    } else this.showError(t('error.run', { message: msg.message }));
    this.finishIfEvaluated();
  }

  /** A run is finished once its last epoch row is in, wherever it was measured. */
  finishIfEvaluated() {
    if (!this.finishWhenEvaluated || [...this.evaluations.values()].includes(this.runId)) return;
    this.finishWhenEvaluated = false;
    this.watch.flush(); // the grid shows the run's last reading as it is declared finished
    this.setState('finished');
    this.keep({ pinned: false }); // kept automatically: one of the last MAX_UNPINNED runs
  }

  // ---- actions --------------------------------------------------------------------------------

  /** The run's loss names the loss chart's axis and the cycle's loss stage. */
  showLoss(loss) {
    this.charts.loss = loss;
    const stage = document.querySelector('.stage[data-stage="loss"] small');
    stage.dataset.i18n = `cycle.loss.d.${loss}`;
    stage.textContent = t(stage.dataset.i18n);
  }

  /**
   * Start: the buttons change at once; the rest (the URL, clearing the last run, asking the
   * worker) is a task of its own. The click's task also restyles the page for the buttons' new
   * states, and doing it all in one task made it the longest of a run on a busy two-core
   * machine. A Reset or another Start before that task runs makes a new runId: it is dropped.
   */
  start() {
    this.runId = this.worker.newJobId();
    const runId = this.runId;
    this.setState('loading');
    setTimeout(() => {
      if (this.runId === runId && this.state === 'loading') this.requestRun();
    });
  }

  requestRun() {
    this.controls.writeHash();
    this.clearRun({ starting: true });
    this.lrAck = null;
    this.renderLrAck();
    this.iterations = Number(this.controls.value('iters'));
    this.showLoss(this.controls.value('loss'));
    this.setState('loading'); // again, for what clearRun cleared
    this.runRequest = {
      query: this.controls.query(),
      dataset: this.controls.value('data'),
      subset: Number(this.controls.value('subset')),
    };
    // The learner's own files live in the training worker only: those runs evaluate there.
    const deferEvaluation = this.runRequest.dataset !== this.ownData;
    this.send(ToWorker.START, { ...this.runRequest, deferEvaluation });
    this.awaitingShown = true; // the run's first reading, shown, lets it train (frame)
  }

  /** Has the evaluation worker load `dataset` (`subset` images), unless it is loading or has loaded it. */
  preloadEvaluator({ dataset, subset }) {
    const key = `${dataset}/${subset}`;
    if (this.evaluatorData?.key === key) return;
    const evaluator = this.evaluationWorker();
    this.evaluatorData = { key, jobId: evaluator.newJobId() };
    evaluator.send(ToWorker.PRELOAD, { jobId: this.evaluatorData.jobId, dataset, subset });
  }

  reset() {
    this.send(ToWorker.RESET);
    this.runId = this.worker.newJobId();
    this.clearRun();
    this.setState('idle');
  }

  /**
   * Asks the worker for the run's network as a model file; saveKept stores the answer. A run
   * kept automatically (unpinned) is pinned in place when the learner presses Keep.
   */
  keep({ pinned }) {
    if (!this.canKeep()) return;
    if (pinned && this.keptAt === this.iteration && this.kept?.pinned === false) {
      this.pinKept();
      return;
    }
    this.keeping = true;
    this.keepPinned = pinned;
    this.kept = null;
    this.renderKeep();
    // The last evaluation, if it measured this very iteration, saves measuring it again.
    this.send(ToWorker.EXPORT_MODEL, { testAccuracy: this.charts.testAccuracyAt(this.iteration) });
  }

  async pinKept() {
    const runId = this.runId;
    const kept = this.kept;
    this.keeping = true;
    this.renderKeep();
    try {
      await pinModel(kept.id);
      if (runId === this.runId) this.kept = { ...kept, pinned: true, dropped: [] };
    } catch (err) {
      if (runId === this.runId) this.kept = { ...kept, error: err?.message ?? String(err) };
    } finally {
      if (runId === this.runId) {
        this.keeping = false;
        this.renderKeep();
      }
    }
  }

  /** Keeps this run's curves on the charts, labelled by the settings that differ between runs. */
  overlayKeep() {
    if (this.charts.lossCount === 0) return;
    const count = this.charts.keepRun(this.trainRunLabel(this.controls.query()));
    byId('overlay-status').textContent = t('overlay.kept', { n: count });
    this.renderOverlay();
  }

  overlayClear() {
    this.charts.clearKept();
    byId('overlay-status').textContent = '';
    this.renderOverlay();
  }

  renderOverlay() {
    byId('overlay-keep').disabled = this.charts.lossCount === 0;
    byId('overlay-clear').disabled = this.charts.keptCount === 0;
  }

  canKeep() {
    return KEEPABLE_STATES.has(this.state) && !this.keeping && (this.keptAt !== this.iteration || this.kept?.pinned === false);
  }

  /** Names the exported file ("MNIST 784-50-10 sigmoid · 94.7% · 2026-11-28 03:12") and keeps it. */
  async saveKept(bytes, iteration, pinned) {
    const runId = this.runId;
    let model = null;
    try {
      model = this.Model.fromBytes(bytes);
      const info = modelInfo(model);
      model.name = generatedName(model);
      const saved = await saveModel({ name: model.name, bytes: model.toBytes(), info, source: 'train', pinned });
      if (runId !== this.runId) return;
      this.keptAt = iteration;
      this.kept = { id: saved.id, name: saved.name, pinned, dropped: saved.dropped };
    } catch (err) {
      if (runId === this.runId) this.kept = { error: err?.message ?? String(err) };
    } finally {
      model?.free();
      if (runId === this.runId) {
        this.keeping = false;
        this.renderKeep();
      }
    }
  }

  /** Fetches the selected data while the learner is still choosing, so Start is quick. */
  preload() {
    const dataset = this.controls.value('data');
    if (this.state !== 'idle') return;
    // the learner's own files: their digits come with the run
    if (dataset === this.ownData) {
      this.watch.preview(null);
      return;
    }
    this.preloadJob = { jobId: this.worker.newJobId(), dataset, subset: Number(this.controls.value('subset')) };
    this.worker.send(ToWorker.PRELOAD, { ...this.preloadJob, watch: true });
    // The evaluation worker boots (compiles its wasm) now too; it loads the data once the
    // training worker has put it in the cache (JOB_DONE), so nothing is downloaded twice.
    this.evaluationWorker();
  }

  datasetChanged() {
    const count = this.testCounts.get(byId('dataset').value);
    if (count !== undefined) byId('test-count').textContent = wholeNumber(count);
    this.preload();
  }

  lrChanged(lr) {
    if (this.runActive()) this.send(ToWorker.SET_LR, { lr });
  }

  runActive() {
    return this.state === 'loading' || this.state === 'training' || this.state === 'paused';
  }

  /** Forgets the last run; `starting`: a new one is on its way. */
  clearRun({ starting = false } = {}) {
    this.finishWhenEvaluated = false;
    this.iteration = 0;
    this.iterations = 0;
    this.divergedAt = null;
    this.divergenceCause = null;
    this.dataProgress = null;
    this.keeping = false;
    this.keptAt = null;
    this.kept = null;
    this.renderKeep();
    this.charts.clear();
    this.watch.clear({ starting });
    this.stats.resetSpeed();
    byId('seed-used').textContent = '';
    this.showError(null);
  }

  async userFiles(files) {
    const { byRole, unknown, missing } = sortFiles(files);
    const notes = [];
    if (unknown.length > 0) notes.push(t('files.unknown', { names: unknown.join(', ') }));
    if (missing.length > 0) {
      notes.unshift(t('files.missing', { names: missing.map((r) => t(`role.${r}`)).join(', ') }));
      this.showError(notes.join(' '));
      return;
    }
    byId('files-status').textContent = [t('files.reading', { n: Object.keys(byRole).length }), ...notes].join(' ');
    let payload;
    try {
      payload = await readFiles(byRole);
    } catch (err) {
      byId('files-status').textContent = '';
      this.showError(t('error.files', { message: err?.message ?? String(err) }));
      return;
    }
    this.worker.send(ToWorker.LOAD_FILES, { jobId: this.worker.newJobId(), files: payload }, payload.map((f) => f.buffer));
  }

  // ---- rendering ------------------------------------------------------------------------------

  setState(state) {
    this.state = state;
    const enabled = new Set(BUTTONS[state]);
    const onRunButton = RUN_BUTTONS.includes(document.activeElement?.id);
    for (const id of RUN_BUTTONS) byId(id).disabled = !enabled.has(id);
    // Focus on a run button follows the state's main button (Start → Pause → Resume …), so a
    // keyboard user is never left on a disabled button with focus fallen to the page body.
    // (The buttons sit side by side: no scrolling, which made each focus cost a layout. It
    // moves at once, not in the next frame: a keyboard user's next key must find it there.)
    if (onRunButton && BUTTONS[state].length > 0) byId(BUTTONS[state][0]).focus({ preventScroll: true });
    this.controls.setLocked(LOCKED_STATES.has(state));
    this.cycle.setRunning(state === 'training');
    if (state !== 'training') this.stats.resetSpeed();
    // A finished run's last accuracies appear with its status, not up to a render interval later.
    this.stats.flush(performance.now(), () => this.statsView());
    this.renderStatus();
    this.renderKeep();
  }

  renderKeep() {
    byId('keep').disabled = !this.canKeep();
    this.renderOverlay();
    const status = byId('keep-status');
    status.dataset.state = this.keeping ? 'saving' : this.kept?.error !== undefined ? 'error' : this.kept ? 'kept' : '';
    if (this.keeping) {
      status.textContent = t('keep.saving');
    } else if (this.kept?.error !== undefined) {
      status.textContent = t('keep.error', { message: this.kept.error });
    } else if (this.kept) {
      const link = document.createElement('a');
      link.href = '#/draw';
      link.textContent = t('keep.go');
      const done = t(this.kept.pinned ? 'keep.done' : 'keep.auto', { name: this.kept.name, max: MAX_UNPINNED });
      status.replaceChildren(`${done} `);
      if (this.kept.dropped.length) {
        const notice = document.createElement('span');
        notice.className = 'keep-dropped';
        const names = this.kept.dropped.map((m) => t('keep.dropped.name', { name: m.name })).join(', ');
        notice.textContent = t('keep.dropped', { names, max: MAX_UNPINNED });
        status.append(notice, ' ');
      }
      status.append(link);
    } else {
      status.textContent = '';
    }
  }

  renderStatus() {
    const status = byId('status');
    status.dataset.state = this.state === 'booting' ? 'loading' : this.state;
    const evaluating = this.state === 'training' && this.finishWhenEvaluated; // the last epochs' rows are coming
    status.textContent = t(evaluating ? 'status.evaluating' : `status.${this.state}`);
    const diverged = byId('diverged');
    diverged.hidden = this.divergedAt === null;
    diverged.textContent = this.divergedAt === null ? '' : t(DIVERGED_MESSAGE(this.divergenceCause), { i: this.divergedAt });
    diverged.dataset.cause = this.divergedAt === null ? '' : this.divergenceCause ?? '';
  }

  renderLrAck() {
    const ack = byId('lr-ack');
    if (!this.lrAck) {
      ack.textContent = '';
      delete ack.dataset.lr;
      return;
    }
    const lr = formatLr(this.lrAck.lr);
    ack.textContent = t('lr.ack', { lr, i: this.lrAck.iteration });
    ack.dataset.lr = lr;
  }

  /** A heavy configuration says what a step and an evaluation will cost before it starts. */
  renderEstimate() {
    // The test set's size once the dataset list or the files said it; until then the wasm assumes a full one.
    const estimate = new this.StepEstimate(this.controls.query(), this.testCounts.get(this.controls.value('data')));
    const box = byId('estimate');
    box.hidden = !estimate.heavy && estimate.fits;
    const values = {
      mb: wholeNumber(estimate.megabytes),
      step: fmtFixed(estimate.secondsPerStep, 1),
      evaluation: fmtFixed(estimate.secondsPerEvaluation, 1),
    };
    box.textContent = box.hidden ? '' : t(estimate.fits ? 'estimate.heavy' : 'estimate.refused', values);
    estimate.free();
  }

  renderCycleText() {
    const batch = this.controls.value('batch');
    byId('cycle-sample-d').textContent = tCount('cycle.sample.d', Number(batch), { batch });
  }

  /** Shows `message` (null hides it), with a Retry button when `retry` is given. */
  showError(message, retry = null) {
    byId('error').hidden = message === null;
    byId('error-text').textContent = message ?? '';
    this.retry = message === null ? null : retry;
    byId('error-retry').hidden = this.retry === null;
  }

  fillDatasets(list) {
    const select = byId('dataset');
    const wanted = select.dataset.wanted || select.value;
    delete select.dataset.wanted;
    select.replaceChildren(...list.map((d) => new Option(d.name, d.id)));
    for (const d of list) {
      this.datasetNames.set(d.id, () => d.name);
      this.testCounts.set(d.id, d.testCount);
    }
    if (list.some((d) => d.id === wanted)) select.value = wanted;
    this.controls.writeHash();
    this.datasetChanged();
  }

  addUserDatasetOption() {
    const select = byId('dataset');
    if (![...select.options].some((o) => o.value === this.ownData)) {
      const option = new Option(t('ctl.data.user'), this.ownData);
      option.dataset.i18n = 'ctl.data.user';
      select.add(option);
    }
    select.value = this.ownData;
    this.controls.writeHash();
    this.datasetChanged();
  }

  frame(now) {
    requestAnimationFrame((next) => this.frame(next)); // first, so one bad frame cannot stop the loop
    // The charts read their boxes' sizes, so they draw before anything in this frame writes to
    // the page: a read after a write would force a second layout of the page in the frame.
    const drew = this.charts.frame(now);
    this.cycle.frame(now);
    this.stats.frame(now, () => this.statsView());
    if (!drew) this.watch.frame(now); // a frame that drew a chart has done its share
    if (this.awaitingShown && this.watch.shows(0)) {
      // The run waits for this (SHOWN, protocol.js); a task posted here runs once the frame is
      // on screen.
      this.awaitingShown = false;
      const runId = this.runId;
      setTimeout(() => this.worker.send(ToWorker.SHOWN, { jobId: runId }), 0);
    }
  }

  /** What the numbers panel shows now (see run-stats.js). */
  statsView() {
    const idle = this.state === 'idle';
    const data = this.dataProgress;
    return {
      training: this.state === 'training' && !this.finishWhenEvaluated, // stepping (speed, time left)
      loading: this.state === 'loading',
      iteration: this.iteration,
      planned: idle ? Number(this.controls.value('iters')) : this.iterations,
      latestEpoch: this.charts.latestEpoch,
      lossCount: this.charts.lossCount,
      smoothedLoss: this.charts.lastSmoothedLoss,
      // η(t) is worth showing only when a schedule makes it differ from the slider (the wasm says when).
      currentLr: this.runActive() && scheduleVaries(this.controls.query()) ? this.currentLr : null,
      data,
      dataName: data ? this.datasetNames.get(data.dataset)?.() ?? data.dataset : '',
    };
  }

  languageChanged() {
    this.renderStatus();
    this.renderKeep();
    this.renderLrAck();
    this.renderCycleText();
    this.renderEstimate();
    const seed = byId('seed-used').dataset.seed;
    if (byId('seed-used').textContent) byId('seed-used').textContent = t('seed.used', { seed });
    this.charts.invalidate();
    this.stats.invalidate();
  }
}
