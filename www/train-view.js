// The "Train on MNIST" view: buttons, status, progress, charts and the cycle diagram,
// driven by the worker's messages (protocol.js). Charts, the cycle diagram and the numbers are
// redrawn from one requestAnimationFrame loop, throttled, so the page never waits on training;
// messages only record what changed. A finished run (or a paused one, on "Keep this network")
// is kept in the browser (model-store.js) for the "Draw a digit" view.

import { FromWorker, ToWorker, USER_DATASET } from './protocol.js';
import { language, onLanguageChange, t } from './i18n.js';
import { TrainControls } from './train-controls.js';
import { fmtLr as formatLr } from './format.js';
import { byId } from './dom.js';
import { Charts } from './charts.js';
import { CycleDiagram } from './cycle.js';
import { RunStats } from './run-stats.js';
import { readFiles, sortFiles, wireFilePicker } from './idx-files.js';
import { generatedName, modelInfo, saveModel } from './model-store.js';

const MANIFEST_PATH = './data/manifest.json';

/** Which buttons work in which state; every other control is locked while a run is live. */
const BUTTONS = {
  booting: [],
  idle: ['start'],
  loading: ['reset'],
  training: ['pause', 'reset'],
  paused: ['resume', 'reset'],
  finished: ['start', 'reset'],
  diverged: ['start', 'reset'],
};
const LOCKED_STATES = new Set(['booting', 'loading', 'training', 'paused']);
const KEEPABLE_STATES = new Set(['paused', 'finished']);


export class TrainView {
  constructor({ Curves, normalizeTrainQuery, trainKeySpecs, scheduleParameterKeys, Model }) {
    this.Model = Model;
    this.state = 'booting';
    this.runId = 0;
    this.iteration = 0;
    this.iterations = 0;
    this.datasetNames = new Map([[USER_DATASET, () => t('ctl.data.user')]]);
    this.testCounts = new Map();
    this.lrAck = null;
    this.divergedAt = null;
    this.dataProgress = null;
    this.keeping = false; // an EXPORT_MODEL is on its way
    this.keptAt = null; // iteration of this run's last kept network
    this.kept = null; // { name } or { error } — what #keep-status says

    this.controls = new TrainControls(normalizeTrainQuery, trainKeySpecs(), scheduleParameterKeys, (lr) => this.lrChanged(lr));
    this.charts = new Charts(Curves, byId('loss-chart'), byId('acc-chart'), byId('loss-chart-desc'), byId('acc-chart-desc'));
    this.cycle = new CycleDiagram(byId('cycle'));
    this.stats = new RunStats();
    this.worker = this.startWorker();

    byId('train-form').addEventListener('submit', (event) => event.preventDefault());
    byId('start').addEventListener('click', () => this.start());
    byId('pause').addEventListener('click', () => this.send(ToWorker.PAUSE));
    byId('resume').addEventListener('click', () => this.send(ToWorker.RESUME));
    byId('reset').addEventListener('click', () => this.reset());
    byId('keep').addEventListener('click', () => this.keep());
    byId('overlay-keep').addEventListener('click', () => this.overlayKeep());
    byId('overlay-clear').addEventListener('click', () => this.overlayClear());
    byId('error-dismiss').addEventListener('click', () => this.showError(null));
    byId('batch').addEventListener('change', () => this.renderCycleText());
    byId('iters').addEventListener('change', () => this.stats.invalidate());
    byId('dataset').addEventListener('change', () => this.datasetChanged());
    byId('subset').addEventListener('change', () => this.preload());
    wireFilePicker(byId('file-input'), byId('drop-zone'), (files) => this.userFiles(files));
    onLanguageChange(() => this.languageChanged());

    this.setState('booting');
    this.renderCycleText();
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
      query: this.controls.query(),
      language: language(),
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
  }

  // ---- worker ---------------------------------------------------------------------------------

  startWorker() {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      this.showError(t('error.boot', { message: event.message || 'worker failed to load' }));
    };
    worker.postMessage({ type: ToWorker.INIT, manifestUrl: new URL(MANIFEST_PATH, document.baseURI).href });
    return worker;
  }

  send(type, extra = {}) {
    this.worker.postMessage({ type, runId: this.runId, ...extra });
  }

  receive(msg) {
    const handler = this.handlers[msg.type];
    if (!handler) return;
    if ('runId' in msg && msg.runId !== this.runId && msg.type !== FromWorker.ERROR) return;
    handler.call(this, msg);
  }

  handlers = {
    [FromWorker.READY]({ datasets }) {
      this.fillDatasets(datasets);
      this.setState('idle');
      this.preload();
    },
    [FromWorker.DATA_PROGRESS]({ dataset, done, total }) {
      this.dataProgress = { dataset, done, total };
      this.stats.invalidate();
    },
    [FromWorker.STARTED]({ iterations, seed }) {
      this.iterations = iterations;
      byId('seed-used').textContent = t('seed.used', { seed });
      byId('seed-used').dataset.seed = String(seed);
      this.stats.resetSpeed();
      this.setState('training');
    },
    [FromWorker.PROGRESS]({ iteration, firstIteration, losses, epochs, currentLr }) {
      this.iteration = iteration;
      this.currentLr = currentLr;
      this.charts.addLosses(firstIteration, losses);
      this.charts.addEpochs(epochs);
      const now = performance.now();
      this.stats.sample(now, iteration);
      this.cycle.progress(now);
    },
    [FromWorker.EVALUATING]() {
      this.cycle.evaluating(performance.now());
    },
    [FromWorker.PAUSED]({ iteration }) {
      if (this.state !== 'training') return; // the run ended before the pause arrived
      this.iteration = iteration;
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
      this.setState('finished');
      this.keep();
    },
    [FromWorker.MODEL_EXPORTED]({ iteration, bytes }) {
      this.saveKept(bytes, iteration);
    },
    [FromWorker.DIVERGED]({ iteration }) {
      this.iteration = iteration;
      this.divergedAt = iteration;
      this.setState('diverged');
    },
    [FromWorker.FILES_LOADED]({ trainCount, testCount }) {
      this.testCounts.set(USER_DATASET, testCount);
      this.addUserDatasetOption();
      byId('files-status').textContent = t('files.loaded', { train: trainCount, test: testCount });
      this.showError(null);
    },
    [FromWorker.ERROR]({ scope, message, runId }) {
      if (scope === 'export') {
        if (runId !== this.runId) return;
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
      this.showError(t(`error.${scope}`, { message }));
      if (scope === 'run' && runId === this.runId) this.setState(this.iteration > 0 ? 'finished' : 'idle');
      if (scope === 'boot') this.setState('booting');
    },
  };

  // ---- actions --------------------------------------------------------------------------------

  /** The run's loss names the loss chart's axis and the cycle's loss stage. */
  showLoss(loss) {
    this.charts.loss = loss;
    const stage = document.querySelector('.stage[data-stage="loss"] small');
    stage.dataset.i18n = `cycle.loss.d.${loss}`;
    stage.textContent = t(stage.dataset.i18n);
  }

  start() {
    this.controls.writeHash();
    this.runId += 1;
    this.clearRun();
    this.lrAck = null;
    this.renderLrAck();
    this.iterations = Number(this.controls.value('iters'));
    this.showLoss(this.controls.value('loss'));
    this.setState('loading');
    this.send(ToWorker.START, {
      query: this.controls.query(),
      dataset: this.controls.value('data'),
      subset: Number(this.controls.value('subset')),
    });
  }

  reset() {
    this.send(ToWorker.RESET);
    this.runId += 1;
    this.clearRun();
    this.setState('idle');
  }

  /** Asks the worker for the run's network as a model file; saveKept stores the answer. */
  keep() {
    if (!this.canKeep()) return;
    this.keeping = true;
    this.kept = null;
    this.renderKeep();
    this.send(ToWorker.EXPORT_MODEL);
  }

  /** Keeps this run's curves on the charts, labelled by the settings that differ between runs. */
  overlayKeep() {
    if (this.charts.lossCount === 0) return;
    const q = new URLSearchParams(this.controls.query());
    const parts = [`η=${q.get('lr')}`, q.get('opt'), `batch ${q.get('batch')}`, q.get('act'), `h=${q.get('hidden')}`];
    if (q.get('sched') !== 'constant') parts.push(q.get('sched'));
    const count = this.charts.keepRun(parts.join(' '));
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
    return KEEPABLE_STATES.has(this.state) && !this.keeping && this.keptAt !== this.iteration;
  }

  /** Names the exported file ("MNIST 784-50-10 sigmoid · 94.7% · 2026-11-28 03:12") and keeps it. */
  async saveKept(bytes, iteration) {
    const runId = this.runId;
    let model = null;
    try {
      model = this.Model.fromBytes(bytes);
      const info = modelInfo(model);
      model.name = generatedName(info);
      const saved = await saveModel({ name: model.name, bytes: model.toBytes(), info, source: 'train' });
      if (runId !== this.runId) return;
      this.keptAt = iteration;
      this.kept = { name: saved.name };
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
    if (this.state !== 'idle' || dataset === USER_DATASET) return;
    this.worker.postMessage({ type: ToWorker.PRELOAD, dataset, subset: Number(this.controls.value('subset')) });
  }

  datasetChanged() {
    const count = this.testCounts.get(byId('dataset').value);
    if (count !== undefined) byId('test-count').textContent = count.toLocaleString('en');
    this.preload();
  }

  lrChanged(lr) {
    if (this.runActive()) this.send(ToWorker.SET_LR, { lr });
  }

  runActive() {
    return this.state === 'loading' || this.state === 'training' || this.state === 'paused';
  }

  clearRun() {
    this.iteration = 0;
    this.iterations = 0;
    this.divergedAt = null;
    this.dataProgress = null;
    this.keeping = false;
    this.keptAt = null;
    this.kept = null;
    this.renderKeep();
    this.charts.clear();
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
    byId('files-status').textContent = [t('files.reading', { n: 4 }), ...notes].join(' ');
    let payload;
    try {
      payload = await readFiles(byRole);
    } catch (err) {
      byId('files-status').textContent = '';
      this.showError(t('error.files', { message: err?.message ?? String(err) }));
      return;
    }
    this.worker.postMessage({ type: ToWorker.LOAD_FILES, files: payload }, payload.map((f) => f.buffer));
  }

  // ---- rendering ------------------------------------------------------------------------------

  setState(state) {
    this.state = state;
    const enabled = new Set(BUTTONS[state]);
    for (const id of ['start', 'pause', 'resume', 'reset']) byId(id).disabled = !enabled.has(id);
    this.controls.setLocked(LOCKED_STATES.has(state));
    this.cycle.setRunning(state === 'training');
    if (state !== 'training') this.stats.resetSpeed();
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
      status.replaceChildren(`${t('keep.done', { name: this.kept.name })} `, link);
    } else {
      status.textContent = '';
    }
  }

  renderStatus() {
    const status = byId('status');
    status.dataset.state = this.state === 'booting' ? 'loading' : this.state;
    status.textContent = t(`status.${this.state}`);
    const diverged = byId('diverged');
    diverged.hidden = this.divergedAt === null;
    diverged.textContent = this.divergedAt === null ? '' : t('diverged.msg', { i: this.divergedAt });
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

  renderCycleText() {
    const batch = this.controls.value('batch');
    byId('cycle-sample-d').textContent = t('cycle.sample.d', { batch });
  }

  showError(message) {
    byId('error').hidden = message === null;
    byId('error-text').textContent = message ?? '';
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
    if (![...select.options].some((o) => o.value === USER_DATASET)) {
      const option = new Option(t('ctl.data.user'), USER_DATASET);
      option.dataset.i18n = 'ctl.data.user';
      select.add(option);
    }
    select.value = USER_DATASET;
    this.controls.writeHash();
    this.datasetChanged();
  }

  frame(now) {
    requestAnimationFrame((next) => this.frame(next)); // first, so one bad frame cannot stop the loop
    this.cycle.frame(now);
    this.charts.frame(now);
    this.stats.frame(now, () => this.statsView());
  }

  /** What the numbers panel shows now (see run-stats.js). */
  statsView() {
    const idle = this.state === 'idle';
    const data = this.dataProgress;
    return {
      training: this.state === 'training',
      loading: this.state === 'loading',
      iteration: this.iteration,
      planned: idle ? Number(this.controls.value('iters')) : this.iterations,
      latestEpoch: this.charts.latestEpoch,
      lossCount: this.charts.lossCount,
      smoothedLoss: this.charts.lastSmoothedLoss,
      // η(t) is worth showing only when a schedule makes it differ from the slider.
      currentLr: this.runActive() && this.controls.value('sched') !== 'constant' ? this.currentLr : null,
      data,
      dataName: data ? this.datasetNames.get(data.dataset)?.() ?? data.dataset : '',
    };
  }

  languageChanged() {
    this.renderStatus();
    this.renderKeep();
    this.renderLrAck();
    this.renderCycleText();
    const seed = byId('seed-used').dataset.seed;
    if (byId('seed-used').textContent) byId('seed-used').textContent = t('seed.used', { seed });
    this.charts.invalidate();
    this.stats.invalidate();
  }
}
