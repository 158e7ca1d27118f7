// The "Train on MNIST" view: buttons, status, progress, charts and the cycle diagram,
// driven by the worker's messages (protocol.js). All DOM updates happen in one
// requestAnimationFrame loop, throttled, so the page never waits on training.

import { FromWorker, ToWorker, USER_DATASET } from './protocol.js';
import { language, onLanguageChange, t } from './i18n.js';
import { TrainControls, formatLr } from './train-controls.js';
import { Charts, formatLoss, formatPercent } from './charts.js';
import { CycleDiagram } from './cycle.js';
import { readFiles, sortFiles, wireFilePicker } from './idx-files.js';

const STATS_INTERVAL_MS = 100;
const SPEED_WINDOW_MS = 2000;
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

const $ = (id) => document.getElementById(id);

export class TrainView {
  constructor({ Curves, normalizeTrainQuery }) {
    this.state = 'booting';
    this.runId = 0;
    this.iteration = 0;
    this.iterations = 0;
    this.speedSamples = [];
    this.statsDirty = true;
    this.lastStats = -Infinity;
    this.datasetNames = new Map([[USER_DATASET, () => t('ctl.data.user')]]);
    this.testCounts = new Map();
    this.lrAck = null;
    this.divergedAt = null;
    this.dataProgress = null;
    this.error = null;

    this.controls = new TrainControls(normalizeTrainQuery, (lr) => this.lrChanged(lr));
    this.charts = new Charts(Curves, $('loss-chart'), $('acc-chart'), $('loss-chart-desc'), $('acc-chart-desc'));
    this.cycle = new CycleDiagram($('cycle'));
    this.worker = this.startWorker();

    $('train-form').addEventListener('submit', (event) => event.preventDefault());
    $('start').addEventListener('click', () => this.start());
    $('pause').addEventListener('click', () => this.send(ToWorker.PAUSE));
    $('resume').addEventListener('click', () => this.send(ToWorker.RESUME));
    $('reset').addEventListener('click', () => this.reset());
    $('error-dismiss').addEventListener('click', () => this.showError(null));
    $('batch').addEventListener('change', () => this.renderCycleText());
    $('iters').addEventListener('change', () => { this.statsDirty = true; });
    $('dataset').addEventListener('change', () => this.datasetChanged());
    $('subset').addEventListener('change', () => this.preload());
    wireFilePicker($('file-input'), $('drop-zone'), (files) => this.userFiles(files));
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
      epochs: this.charts.epochs.length,
      testAccuracy: last ? last.test : null,
      trainAccuracy: last ? last.train : null,
      stepsPerSec: this.stepsPerSec(),
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
      this.statsDirty = true;
    },
    [FromWorker.STARTED]({ iterations, seed }) {
      this.iterations = iterations;
      $('seed-used').textContent = t('seed.used', { seed });
      $('seed-used').dataset.seed = String(seed);
      this.resetSpeed();
      this.setState('training');
    },
    [FromWorker.PROGRESS]({ iteration, firstIteration, losses, epochs }) {
      this.iteration = iteration;
      this.charts.addLosses(firstIteration, losses);
      this.charts.addEpochs(epochs);
      this.speedSamples.push({ time: performance.now(), iteration });
      this.statsDirty = true;
    },
    [FromWorker.EVALUATING]() {
      this.cycle.evaluating(performance.now());
    },
    [FromWorker.PAUSED]({ iteration }) {
      this.iteration = iteration;
      this.setState('paused');
    },
    [FromWorker.RESUMED]() {
      this.resetSpeed();
      this.setState('training');
    },
    [FromWorker.LR_APPLIED]({ lr, iteration }) {
      this.lrAck = { lr, iteration };
      this.renderLrAck();
    },
    [FromWorker.FINISHED]({ iteration }) {
      this.iteration = iteration;
      this.setState('finished');
    },
    [FromWorker.DIVERGED]({ iteration }) {
      this.iteration = iteration;
      this.divergedAt = iteration;
      this.setState('diverged');
    },
    [FromWorker.FILES_LOADED]({ trainCount, testCount }) {
      this.testCounts.set(USER_DATASET, testCount);
      this.addUserDatasetOption();
      $('files-status').textContent = t('files.loaded', { train: trainCount, test: testCount });
      this.showError(null);
    },
    [FromWorker.ERROR]({ scope, message, runId }) {
      if (scope === 'files') {
        $('files-status').textContent = '';
        this.showError(t('error.files', { message }));
        return;
      }
      this.showError(t(`error.${scope}`, { message }));
      if (scope === 'run' && runId === this.runId) this.setState(this.iteration > 0 ? 'finished' : 'idle');
      if (scope === 'boot') this.setState('booting');
    },
  };

  // ---- actions --------------------------------------------------------------------------------

  start() {
    this.controls.writeHash();
    this.runId += 1;
    this.clearRun();
    this.lrAck = null;
    this.renderLrAck();
    this.iterations = Number(this.controls.value('iters'));
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

  /** Fetches the selected data while the learner is still choosing, so Start is quick. */
  preload() {
    const dataset = this.controls.value('data');
    if (this.state !== 'idle' || dataset === USER_DATASET) return;
    this.worker.postMessage({ type: ToWorker.PRELOAD, dataset, subset: Number(this.controls.value('subset')) });
  }

  datasetChanged() {
    const count = this.testCounts.get($('dataset').value);
    if (count !== undefined) $('test-count').textContent = count.toLocaleString('en');
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
    this.charts.clear();
    this.resetSpeed();
    $('seed-used').textContent = '';
    this.statsDirty = true;
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
    $('files-status').textContent = [t('files.reading', { n: 4 }), ...notes].join(' ');
    const payload = await readFiles(byRole);
    this.worker.postMessage({ type: ToWorker.LOAD_FILES, files: payload }, payload.map((f) => f.buffer));
  }

  // ---- rendering ------------------------------------------------------------------------------

  setState(state) {
    this.state = state;
    const enabled = new Set(BUTTONS[state]);
    for (const id of ['start', 'pause', 'resume', 'reset']) $(id).disabled = !enabled.has(id);
    this.controls.setLocked(LOCKED_STATES.has(state));
    this.cycle.setRunning(state === 'training');
    if (state !== 'training') this.speedSamples = [];
    this.renderStatus();
    this.statsDirty = true;
  }

  renderStatus() {
    const status = $('status');
    status.dataset.state = this.state === 'booting' ? 'loading' : this.state;
    status.textContent = t(`status.${this.state}`);
    const diverged = $('diverged');
    diverged.hidden = this.divergedAt === null;
    diverged.textContent = this.divergedAt === null ? '' : t('diverged.msg', { i: this.divergedAt });
  }

  renderLrAck() {
    const ack = $('lr-ack');
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
    $('cycle-sample-d').textContent = t('cycle.sample.d', { batch });
  }

  showError(message) {
    this.error = message;
    $('error').hidden = message === null;
    $('error-text').textContent = message ?? '';
  }

  fillDatasets(list) {
    const select = $('dataset');
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
    const select = $('dataset');
    if (![...select.options].some((o) => o.value === USER_DATASET)) {
      const option = new Option(t('ctl.data.user'), USER_DATASET);
      option.dataset.i18n = 'ctl.data.user';
      select.add(option);
    }
    select.value = USER_DATASET;
    this.controls.writeHash();
    this.datasetChanged();
  }

  resetSpeed() {
    this.speedSamples = [];
  }

  /** Steps per second over the last SPEED_WINDOW_MS of progress messages. */
  stepsPerSec() {
    const s = this.speedSamples;
    if (s.length < 2) return null;
    const first = s[0];
    const last = s[s.length - 1];
    const ms = last.time - first.time;
    return ms > 0 ? ((last.iteration - first.iteration) * 1000) / ms : null;
  }

  trimSpeedSamples(now) {
    const s = this.speedSamples;
    while (s.length > 2 && now - s[1].time > SPEED_WINDOW_MS) s.shift();
  }

  frame(now) {
    this.cycle.frame(now);
    this.charts.frame(now);
    if (this.statsDirty && now - this.lastStats >= STATS_INTERVAL_MS) {
      this.statsDirty = false;
      this.lastStats = now;
      this.trimSpeedSamples(now);
      this.renderStats();
    }
    requestAnimationFrame((next) => this.frame(next));
  }

  renderStats() {
    const progress = $('progress');
    const planned = this.state === 'idle' ? Number(this.controls.value('iters')) : this.iterations;
    progress.max = Math.max(1, planned);
    progress.value = this.iteration;
    $('iter-count').textContent = `${this.iteration} / ${planned}`;
    const sps = this.state === 'training' ? this.stepsPerSec() : null;
    $('steps-per-sec').textContent = sps === null ? '—' : Math.round(sps).toLocaleString(language());
    $('eta').textContent = sps ? formatDuration((this.iterations - this.iteration) / sps) : '—';
    this.renderMetrics();
    this.renderDataProgress();
  }

  renderMetrics() {
    const last = this.charts.latestEpoch;
    const testAcc = $('test-acc');
    testAcc.textContent = last ? formatPercent(last.test) : '—';
    if (last) testAcc.dataset.value = String(last.test);
    else delete testAcc.dataset.value;
    $('train-acc').textContent = last ? formatPercent(last.train) : '—';
    $('epoch-count').textContent = last ? String(last.epoch) : '—';
    const loss = this.charts.lastSmoothedLoss;
    $('loss-value').textContent = this.charts.lossCount > 0 ? formatLoss(loss) : '—';
  }

  renderDataProgress() {
    const box = $('data-box');
    const p = this.dataProgress;
    box.hidden = p === null || (p.done === p.total && this.state !== 'loading');
    if (box.hidden) return;
    const bar = $('data-progress');
    bar.max = p.total;
    bar.value = p.done;
    const name = this.datasetNames.get(p.dataset)?.() ?? p.dataset;
    $('data-text').textContent = p.done < p.total
      ? t('data.loading', { name, done: p.done, total: p.total })
      : t('data.ready', { name });
  }

  languageChanged() {
    this.renderStatus();
    this.renderLrAck();
    this.renderCycleText();
    const seed = $('seed-used').dataset.seed;
    if ($('seed-used').textContent) $('seed-used').textContent = t('seed.used', { seed });
    this.charts.invalidate();
    this.statsDirty = true;
  }
}

/** "1 min 05 s", "42 s" — rough, for the time-left display. */
function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
