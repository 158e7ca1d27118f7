// Section 5, "Mini-batch" (#/minibatch?subset&epochs&act&lr&sizes&x&logy&sbatch&sseed):
//   batch sizes — the same 784-50-10 network trained on real MNIST with batch sizes 1, 32, 128,
//                 512 and the whole subset, for the same number of epochs; loss curves overlaid
//                 against iterations, epochs or seconds (trained in the lab worker, www/worker/);
//   sampling    — what one drawn batch holds and how much of the data one epoch sees, for each
//                 sampler (samplerStats), and a run on class-sorted data, in order vs shuffled.
// Every number comes from the wasm or from the clock; this file keeps the state and the DOM.

import {
  batchLearningRate, batchVerdict, iterationsPerEpoch, normalizeLessonQuery, secondsAtIterations,
} from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import { ChartFigure, LessonHash, chartMarkup, frameScheduler, parseQuery, toQuery } from './chart-tools.js';
import { $, build, escapeHtml } from '../dom.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { fmt } from '../format.js';
import { drawLineChart } from '../line-chart.js';
import { FromLab, ToLab, labClient } from '../lab-client.js';
import { showFailure } from './lab-job.js';

const ROUTE = 'minibatch';
const BOOK_TRAIN = 60000;
const SIZES = ['1', '32', '128', '512', 'all'];
const SUBSETS = ['1000', '10000'];
const X_AXES = ['iter', 'epoch', 'time'];
const ACTS = { relu: 'he', sigmoid: 'xavier' }; // activation → the init that suits it
const SAMPLER_ORDER = ['choice', 'shuffle', 'weighted', 'sequential'];
const BIAS_BATCH = 100;
const X_KIND = { iter: 'integer', epoch: 'integer', time: 'seconds' }; // how each x axis is ticked
const RUN_SEED = 42;

/** The view's keys, clamped by the wasm's key table: a link never carries a value the controls cannot show. */
function normalize(rawQuery) {
  return parseQuery(normalizeLessonQuery(ROUTE, rawQuery));
}

const MARKUP = `
  <header class="view-head">
    <h1><span class="num" aria-hidden="true">5</span> <span data-i18n="nav.minibatch">Mini-batch</span></h1>
    <p class="intro" data-i18n="mb.intro"></p>
  </header>

  <section class="lesson-part" aria-labelledby="mb-size-title">
    <h2 id="mb-size-title" class="part-title" data-i18n="mb.size.title"></h2>
    <p class="intro" data-i18n="mb.size.intro"></p>
    <div class="lesson-grid">
      <section class="panel lesson-card controls-card" aria-labelledby="mb-size-controls">
        <h3 id="mb-size-controls" class="visually-hidden" data-i18n="mb.size.controls"></h3>
        <fieldset class="plain">
          <legend class="small-legend" data-i18n="mb.sizes"></legend>
          <div class="lab-checks" id="mb-sizes">
            ${SIZES.map((s) => `<label class="check"><input type="checkbox" value="${s}" id="mb-size-${s}"> <span data-size="${s}"></span></label>`).join('')}
          </div>
        </fieldset>
        <div class="field-row">
          <div class="field">
            <label for="mb-subset" data-i18n="mb.subset"></label>
            <select id="mb-subset">${SUBSETS.map((s) => `<option value="${s}">${Number(s).toLocaleString('en')}</option>`).join('')}</select>
          </div>
          <div class="field">
            <label for="mb-epochs" data-i18n="mb.epochs"></label>
            <input id="mb-epochs" type="number" min="1" max="10" step="1" inputmode="numeric">
          </div>
        </div>
        <div class="field-row">
          <div class="field">
            <label for="mb-act" data-i18n="mb.act"></label>
            <select id="mb-act"><option value="relu" data-i18n="mb.act.relu"></option><option value="sigmoid" data-i18n="mb.act.sigmoid"></option></select>
          </div>
          <div class="field">
            <label for="mb-lr" data-i18n="lesson.lr"></label>
            <input id="mb-lr" type="number" min="0.001" max="2" step="0.01">
          </div>
        </div>
        <label class="check"><input type="checkbox" id="mb-scale" aria-describedby="mb-scale-hint"> <span data-i18n="mb.scale"></span></label>
        <p class="hint" id="mb-scale-hint" data-i18n="mb.scale.hint"></p>
        <div class="buttons left lab-buttons">
          <button type="button" id="mb-run" class="primary" data-i18n="mb.run"></button>
          <button type="button" id="mb-cancel" data-i18n="lab.cancel" disabled></button>
        </div>
        <progress id="mb-progress" value="0" max="1" aria-labelledby="mb-status"></progress>
        <p id="mb-status" class="status-text lab-status" aria-live="polite"></p>
      </section>
      <div class="panel lesson-card chart-card" id="mb-chart-card">
        <div class="lab-toolbar">
          <div class="seg" role="radiogroup" data-i18n-attr="aria-label:mb.x">
            ${X_AXES.map((x) => `<label class="seg-item"><input type="radio" name="mb-x" value="${x}" id="mb-x-${x}"><span data-i18n="mb.x.${x}"></span></label>`).join('')}
          </div>
          <label class="check"><input type="checkbox" id="mb-logy"> <span data-i18n="lesson.logY"></span></label>
        </div>
        ${chartMarkup('mb-chart')}
      </div>
    </div>
    <section class="panel lesson-card" aria-labelledby="mb-table-title">
      <h3 id="mb-table-title" data-i18n="mb.table.title"></h3>
      <div class="table-scroll" role="group" tabindex="0" aria-labelledby="mb-table-title">
        <table class="num-table" id="mb-table">
          <thead><tr>
            <th scope="col" data-i18n="mb.col.batch"></th>
            <th scope="col">η</th>
            <th scope="col" id="mb-col-ipe"></th>
            <th scope="col" data-i18n="mb.col.book"></th>
            <th scope="col" data-i18n="mb.col.updates"></th>
            <th scope="col" data-i18n="mb.col.seconds"></th>
            <th scope="col" data-i18n="mb.col.msPer"></th>
            <th scope="col" data-i18n="mb.col.testAcc"></th>
            <th scope="col" data-i18n="mb.col.state"></th>
          </tr></thead>
          <tbody></tbody>
        </table>
      </div>
      <p class="explain" id="mb-verdict"></p>
    </section>
    <div class="lesson-row three">
      <section class="panel lesson-card explain-card"><h3 data-i18n="mb.read.iter.t"></h3><p data-i18n="mb.read.iter"></p></section>
      <section class="panel lesson-card explain-card"><h3 data-i18n="mb.read.epoch.t"></h3><p data-i18n="mb.read.epoch"></p></section>
      <section class="panel lesson-card explain-card"><h3 data-i18n="mb.read.time.t"></h3><p data-i18n="mb.read.time"></p></section>
    </div>
  </section>

  <section class="lesson-part" aria-labelledby="mb-sample-title">
    <h2 id="mb-sample-title" class="part-title" data-i18n="mb.sample.title"></h2>
    <p class="intro" data-i18n="mb.sample.intro"></p>
    <div class="lab-bar panel">
      <div class="field">
        <label for="mb-sbatch" data-i18n="mb.sbatch"></label>
        <input id="mb-sbatch" type="number" min="10" max="1000" step="10" inputmode="numeric">
      </div>
      <button type="button" id="mb-redraw" data-i18n="mb.redraw"></button>
      <p class="hint" id="mb-sample-note" aria-live="polite"></p>
    </div>
    <div class="sampler-cards" id="mb-samplers">
      ${SAMPLER_ORDER.map((s) => `
        <article class="panel sampler-card" data-sampler="${s}">
          <h3 data-i18n="mb.sampler.${s}"></h3>
          <p class="code-line"><code data-i18n="mb.sampler.${s}.code"></code></p>
          <p class="coverage"><strong class="coverage-value">—</strong> <span data-i18n="mb.coverage"></span></p>
          <figure class="hist">
            <ol class="hist-bars" aria-hidden="true"></ol>
            <figcaption class="hist-caption"></figcaption>
          </figure>
          <p class="hint" data-i18n="mb.sampler.${s}.note"></p>
        </article>`).join('')}
    </div>

    <h3 class="sub-title" data-i18n="mb.bias.title"></h3>
    <p class="intro" data-i18n="mb.bias.intro"></p>
    <div class="lesson-grid">
      <section class="panel lesson-card controls-card" aria-labelledby="mb-bias-controls">
        <h3 id="mb-bias-controls" class="visually-hidden" data-i18n="mb.bias.title"></h3>
        <p class="hint" id="mb-bias-setup"></p>
        <div class="buttons left lab-buttons">
          <button type="button" id="mb-bias-run" class="primary" data-i18n="mb.bias.run"></button>
          <button type="button" id="mb-bias-cancel" data-i18n="lab.cancel" disabled></button>
        </div>
        <progress id="mb-bias-progress" value="0" max="1" aria-labelledby="mb-bias-status"></progress>
        <p id="mb-bias-status" class="status-text lab-status" aria-live="polite"></p>
        <div class="table-scroll" role="group" tabindex="0" aria-labelledby="mb-bias-caption">
          <table class="num-table compact" id="mb-bias-table">
            <caption id="mb-bias-caption" class="visually-hidden" data-i18n="mb.bias.table"></caption>
            <thead><tr><th scope="col" data-i18n="mb.col.epoch"></th><th scope="col" data-i18n="mb.bias.seq"></th><th scope="col" data-i18n="mb.bias.shuf"></th></tr></thead>
            <tbody></tbody>
          </table>
        </div>
        <p class="explain" id="mb-bias-verdict"></p>
      </section>
      <div class="panel lesson-card chart-card" id="mb-bias-card">${chartMarkup('mb-bias-chart')}</div>
    </div>
  </section>`;

/** One training run as the page knows it: losses, epoch rows, and (iteration, ms) checkpoints. */
function emptyRun(key, label) {
  return { key, label, losses: [], epochs: [], clock: [[0, 0]], iterations: 0, ipe: 1, iteration: 0, ms: 0, state: 'waiting' };
}

export class MinibatchView {
  constructor(section) {
    this.section = section;
    build(section, MARKUP);
    this.hash = new LessonHash(ROUTE, section);
    this.state = normalize('');
    this.lab = null; // the worker client, started on first show
    this.sizeJob = null;
    this.biasJob = null;
    this.sizeRuns = [];
    this.biasRuns = [];
    this.samplerRows = null;
    this.schedule = frameScheduler(() => this.render());
    this.charts = {
      size: new ChartFigure(section, 'mb-chart', { aspect: 0.58, narrowAspect: 1.1, maxHeight: 460, filename: () => 'gradlab-batch-sizes', csv: () => this.runsCsv(this.sizeRuns) }),
      bias: new ChartFigure(section, 'mb-bias-chart', { aspect: 0.5, maxHeight: 380, filename: () => 'gradlab-sorted-data', csv: () => this.runsCsv(this.biasRuns) }),
    };
    this.wire();
    new ResizeObserver(() => this.schedule()).observe($(section, '#mb-chart-card'));
    onPixelRatioChange(() => this.schedule());
    onLanguageChange(() => this.schedule());
    section.dataset.ready = '1';
  }

  // ---- state ------------------------------------------------------------------------------------

  route(rawQuery) {
    const before = this.state;
    if (rawQuery) this.state = normalize(rawQuery);
    this.hash.write(toQuery(this.state));
    this.ensureLab();
    if (!this.samplerRows || before.subset !== this.state.subset || before.sbatch !== this.state.sbatch || before.sseed !== this.state.sseed) this.requestSamplers();
    this.schedule();
  }

  set(partial) {
    const before = this.state;
    this.state = normalize(toQuery({ ...this.state, ...partial }));
    this.hash.write(toQuery(this.state));
    if (before.subset !== this.state.subset || before.sbatch !== this.state.sbatch || before.sseed !== this.state.sseed) this.requestSamplers();
    this.schedule();
  }

  sizes() {
    return this.state.sizes.split(',');
  }

  batchOf(size) {
    return size === 'all' ? Number(this.state.subset) : Number(size);
  }

  sizeLabel(size) {
    return size === 'all' ? t('mb.size.all', { n: Number(this.state.subset).toLocaleString() }) : t('mb.size.n', { n: size });
  }

  ensureLab() {
    if (this.lab) return;
    this.lab = labClient('mb', (msg) => this.receive(msg));
    this.lab.ready.catch((err) => this.status('mb-status', t('lab.error', { message: err.message })));
  }

  wire() {
    const s = this.section;
    for (const box of s.querySelectorAll('#mb-sizes input')) {
      box.addEventListener('change', () => {
        const chosen = [...s.querySelectorAll('#mb-sizes input:checked')].map((b) => b.value);
        if (chosen.length === 0) box.checked = true;
        else this.set({ sizes: chosen.join(',') });
      });
    }
    const onChange = (id, key) => $(s, `#${id}`).addEventListener('change', (e) => e.target.value !== '' && this.set({ [key]: e.target.value }));
    onChange('mb-subset', 'subset');
    onChange('mb-epochs', 'epochs');
    onChange('mb-act', 'act');
    onChange('mb-lr', 'lr');
    onChange('mb-sbatch', 'sbatch');
    for (const r of s.querySelectorAll('input[name="mb-x"]')) r.addEventListener('change', () => this.set({ x: r.value }));
    $(s, '#mb-logy').addEventListener('change', (e) => this.set({ logy: e.target.checked ? '1' : '0' }));
    $(s, '#mb-scale').addEventListener('change', (e) => this.set({ scale: e.target.checked ? '1' : '0' }));
    $(s, '#mb-redraw').addEventListener('click', () => this.set({ sseed: String((Number(this.state.sseed) % 99999) + 1) }));
    $(s, '#mb-run').addEventListener('click', () => this.startSizes());
    $(s, '#mb-cancel').addEventListener('click', () => this.cancel(this.sizeJob));
    $(s, '#mb-bias-run').addEventListener('click', () => this.startBias());
    $(s, '#mb-bias-cancel').addEventListener('click', () => this.cancel(this.biasJob));
  }

  // ---- jobs ---------------------------------------------------------------------------------------

  /** The rate a batch size trains at: the one η, or η · batch / 100 when scaling (the wasm's rule). */
  lrOf(batch) {
    return batchLearningRate(Number(this.state.lr), batch, this.state.scale === '1');
  }

  /** The η the next run of this size would use, and the one its last run used if different. */
  lrCell(batch, run) {
    const planned = this.lrOf(batch);
    return run?.lr !== undefined && run.lr !== planned ? `${fmt(planned)} ${t('mb.ranAt', { lr: fmt(run.lr) })}` : fmt(planned);
  }

  query(batch, iters, extra = '', lr = this.state.lr) {
    const { subset, act } = this.state;
    return `data=mnist&subset=${subset}&hidden=50&act=${act}&init=${ACTS[act]}&lr=${lr}&batch=${batch}&iters=${iters}&seed=${RUN_SEED}&sampler=choice${extra}`;
  }

  startSizes() {
    this.ensureLab();
    if (!this.samplerRows) this.requestSamplers(); // they failed with the worker, if it was lost
    const subset = Number(this.state.subset);
    const epochs = Number(this.state.epochs);
    const scaled = this.state.scale === '1';
    this.sizeRuns = this.sizes().map((size) => {
      const lr = this.lrOf(this.batchOf(size));
      return { ...emptyRun(size, scaled ? `${this.sizeLabel(size)}, η = ${fmt(lr)}` : this.sizeLabel(size)), lr };
    });
    const runs = this.sizes().map((size) => {
      const batch = this.batchOf(size);
      return { key: size, query: this.query(batch, epochs * iterationsPerEpoch(subset, batch), '', this.lrOf(batch)) };
    });
    this.sizeJob = { id: this.lab.newJobId(), kind: 'size', runs: this.sizeRuns, started: this.state };
    this.lab.send(ToLab.RUNS, { jobId: this.sizeJob.id, subset, runs });
    this.jobButtons('mb', true);
    this.status('mb-status', t('lab.loading'));
    this.schedule();
  }

  startBias() {
    this.ensureLab();
    const subset = Number(this.state.subset);
    const iters = Number(this.state.epochs) * iterationsPerEpoch(subset, BIAS_BATCH);
    this.biasRuns = [emptyRun('sequential', t('mb.bias.seq')), emptyRun('shuffle', t('mb.bias.shuf'))];
    const runs = this.biasRuns.map((r) => ({ key: r.key, query: this.query(BIAS_BATCH, iters, `&sorted=1`).replace('sampler=choice', `sampler=${r.key}`) }));
    this.biasJob = { id: this.lab.newJobId(), kind: 'bias', runs: this.biasRuns };
    this.lab.send(ToLab.RUNS, { jobId: this.biasJob.id, subset, runs });
    this.jobButtons('mb-bias', true);
    this.status('mb-bias-status', t('lab.loading'));
    this.schedule();
  }

  cancel(job) {
    if (job && !job.over) this.lab.send(ToLab.CANCEL, { jobId: job.id });
  }

  requestSamplers() {
    this.ensureLab();
    this.samplerJob = this.lab.newJobId();
    const { subset, sbatch, sseed } = this.state;
    this.lab.send(ToLab.SAMPLERS, { jobId: this.samplerJob, subset: Number(subset), batch: Number(sbatch), seed: Number(sseed) });
  }

  jobOf(jobId) {
    if (this.sizeJob?.id === jobId) return this.sizeJob;
    if (this.biasJob?.id === jobId) return this.biasJob;
    return null;
  }

  receive(msg) {
    if (msg.type === FromLab.SAMPLERS) {
      if (msg.jobId === this.samplerJob) this.showSamplers(msg.rows);
      return;
    }
    const job = this.jobOf(msg.jobId);
    if (msg.type === FromLab.ERROR && !job) {
      this.status('mb-status', t('lab.error', { message: msg.message }));
      return;
    }
    if (!job) return;
    const prefix = job.kind === 'size' ? 'mb' : 'mb-bias';
    const run = job.runs.find((r) => r.key === msg.key);
    switch (msg.type) {
      case FromLab.DATA_PROGRESS:
        this.status(`${prefix}-status`, t('lab.data', { done: msg.done, total: msg.total }));
        this.progress(prefix, msg.total ? msg.done / msg.total : 0);
        break;
      case FromLab.RUN_STARTED:
        Object.assign(run, { iterations: msg.iterations, ipe: msg.iterationsPerEpoch, state: 'running' });
        break;
      case FromLab.RUN_PROGRESS:
        for (const v of msg.losses) run.losses.push(v);
        for (let k = 0; k + 3 < msg.epochs.length; k += 4) run.epochs.push(Array.from(msg.epochs.subarray(k, k + 4)));
        run.iteration = msg.iteration;
        run.ms = msg.ms;
        run.clock.push([msg.iteration, msg.ms]);
        this.jobProgress(job, prefix);
        break;
      case FromLab.RUN_DONE:
        Object.assign(run, { state: msg.diverged ? 'diverged' : 'done', ms: msg.ms });
        break;
      case FromLab.JOB_DONE:
        job.over = true;
        this.jobButtons(prefix, false);
        this.progress(prefix, 1);
        this.status(`${prefix}-status`, t('lab.done'));
        break;
      case FromLab.CANCELLED:
        job.over = true;
        for (const r of job.runs) if (r.state !== 'done' && r.state !== 'diverged') r.state = 'cancelled';
        this.jobButtons(prefix, false);
        this.status(`${prefix}-status`, t('lab.cancelled'));
        break;
      case FromLab.ERROR:
        job.over = true;
        this.jobButtons(prefix, false);
        showFailure($(this.section, `#${prefix}-status`), t('lab.error', { message: msg.message }), () => (job.kind === 'size' ? this.startSizes() : this.startBias()));
        break;
      default:
        return;
    }
    this.schedule();
  }

  jobProgress(job, prefix) {
    const n = job.runs.length;
    const finished = job.runs.filter((r) => r.state === 'done' || r.state === 'diverged').length;
    const current = job.runs.find((r) => r.state === 'running');
    const part = current && current.iterations ? current.iteration / current.iterations : 0;
    this.progress(prefix, (finished + part) / n);
    if (current) {
      this.status(`${prefix}-status`, t('lab.running', { label: current.label, i: current.iteration.toLocaleString(), n: current.iterations.toLocaleString() }));
    }
  }

  jobButtons(prefix, running) {
    $(this.section, `#${prefix}-run`).disabled = running;
    $(this.section, `#${prefix}-cancel`).disabled = !running;
  }

  progress(prefix, value) {
    $(this.section, `#${prefix}-progress`).value = Math.max(0, Math.min(1, value));
  }

  status(id, text) {
    $(this.section, `#${id}`).textContent = text;
  }

  // ---- render -------------------------------------------------------------------------------------

  render() {
    this.showControls();
    this.renderTable();
    this.renderSizeChart();
    this.renderBias();
    if (this.samplerRows) this.showSamplers(this.samplerRows);
  }

  showControls() {
    const s = this.section;
    const st = this.state;
    for (const box of s.querySelectorAll('#mb-sizes input')) box.checked = this.sizes().includes(box.value);
    for (const span of s.querySelectorAll('#mb-sizes [data-size]')) span.textContent = this.sizeLabel(span.dataset.size);
    const show = (id, v) => {
      const el = $(s, `#${id}`);
      if (document.activeElement !== el) el.value = v;
    };
    show('mb-subset', st.subset);
    show('mb-epochs', st.epochs);
    show('mb-act', st.act);
    show('mb-lr', st.lr);
    show('mb-sbatch', st.sbatch);
    $(s, `#mb-x-${st.x}`).checked = true;
    $(s, '#mb-logy').checked = st.logy === '1';
    $(s, '#mb-scale').checked = st.scale === '1';
    $(s, '#mb-col-ipe').textContent = t('mb.col.ipe', { n: Number(st.subset).toLocaleString() });
    $(s, '#mb-bias-setup').textContent = t('mb.bias.setup', {
      n: Number(st.subset).toLocaleString(), batch: BIAS_BATCH, epochs: st.epochs, ipe: iterationsPerEpoch(Number(st.subset), BIAS_BATCH),
    });
  }

  /** One row per chosen batch size: updates per epoch from the wasm, then what the run measured. */
  renderTable() {
    const subset = Number(this.state.subset);
    const rows = this.sizes().map((size) => {
      const batch = this.batchOf(size);
      const run = this.sizeRuns.find((r) => r.key === size);
      const last = run?.epochs.at(-1);
      const measured = run && run.iteration > 0;
      return `<tr data-size="${size}">
        <th scope="row">${escapeHtml(this.sizeLabel(size))}${size === 'all' ? `<br><span class="hint full-batch-note">${escapeHtml(t('mb.size.allNote'))}</span>` : ''}</th>
        <td class="lr">${escapeHtml(this.lrCell(batch, run))}</td>
        <td>${iterationsPerEpoch(subset, batch).toLocaleString()}</td>
        <td>${size === 'all' ? '1' : iterationsPerEpoch(BOOK_TRAIN, batch).toLocaleString()}</td>
        <td>${measured ? run.iteration.toLocaleString() : '—'}</td>
        <td>${measured ? fmt(run.ms / 1000, 2) : '—'}</td>
        <td>${measured ? fmt(run.ms / run.iteration, 3) : '—'}</td>
        <td>${last ? `${fmt(100 * last[3], 1)} %` : '—'}</td>
        <td>${run ? escapeHtml(t(`lab.state.${run.state}`)) : '—'}</td>
      </tr>`;
    });
    $(this.section, '#mb-table tbody').innerHTML = rows.join('');
    const done = this.sizeRuns.filter((r) => r.state === 'done' && r.iteration > 0);
    const verdict = $(this.section, '#mb-verdict');
    const picked = batchVerdict(
      Uint32Array.from(done, (r) => r.iteration),
      Float64Array.from(done, (r) => r.ms),
      Float64Array.from(done, (r) => (r.epochs.length ? r.epochs.at(-1)[3] : NaN)),
    );
    if (picked) {
      const [fastest, slowest] = [done[picked.fastest], done[picked.slowest]];
      const best = picked.best === undefined ? null : done[picked.best];
      picked.free();
      verdict.textContent = t('mb.verdict', {
        fast: fastest.label, fastMs: fmt(fastest.ms / fastest.iteration, 3), slow: slowest.label, slowMs: fmt(slowest.ms / slowest.iteration, 3),
        best: best ? best.label : '—', acc: best ? fmt(100 * best.epochs.at(-1)[3], 1) : '—', epochs: this.state.epochs,
      });
    } else {
      verdict.textContent = t('mb.verdict.none');
    }
  }

  /** x of loss number i (1-based iteration) on the chosen axis; time interpolates the worker's clock (in the wasm). */
  xsOf(run, axis) {
    const n = run.losses.length;
    if (axis === 'time') return secondsAtIterations(Float64Array.from(run.clock.flat()), n);
    const xs = new Float64Array(n);
    if (axis === 'iter') for (let i = 0; i < n; i += 1) xs[i] = i + 1;
    else for (let i = 0; i < n; i += 1) xs[i] = (i + 1) / run.ipe;
    return xs;
  }

  renderSizeChart() {
    const chart = this.charts.size;
    if (!chart.fit()) return;
    const axis = this.state.x;
    // Each run's moving average over a faint band of its raw losses: batch 1's noise shows as a
    // wide band without hiding the other curves.
    const series = this.sizeRuns.map((run) => ({
      label: run.label, xs: this.xsOf(run, axis), ys: run.losses, smooth: true,
    }));
    drawLineChart(chart.canvas, {
      title: t('mb.chart.title', { n: Number(this.state.subset).toLocaleString() }),
      xLabel: t(`mb.axis.${axis}`),
      yLabel: t('mb.axis.loss'),
      series,
      xKind: X_KIND[axis],
      logY: this.state.logy === '1',
      empty: t('mb.chart.empty'),
    });
    const summary = this.sizeRuns.length
      ? t('mb.chart.alt', { axis: t(`mb.axis.${axis}`), runs: this.sizeRuns.map((r) => `${r.label}: ${r.iteration} × , ${fmt(r.ms / 1000, 2)} s, ${r.losses.length ? fmt(r.losses.at(-1), 3) : '—'}`).join('; ') })
      : t('mb.chart.empty');
    chart.describe(summary, this.summaryCsv(this.sizeRuns));
  }

  renderBias() {
    const s = this.section;
    const [seq, shuf] = this.biasRuns;
    const rows = [];
    if (seq) {
      const count = Math.max(seq.epochs.length, shuf.epochs.length);
      for (let k = 0; k < count; k += 1) {
        const a = seq.epochs[k];
        const b = shuf.epochs[k];
        rows.push(`<tr><td>${fmt((a ?? b)[1], 2)}</td><td>${a ? `${fmt(100 * a[3], 1)} %` : '—'}</td><td>${b ? `${fmt(100 * b[3], 1)} %` : '—'}</td></tr>`);
      }
    }
    $(s, '#mb-bias-table tbody').innerHTML = rows.join('');
    const verdict = $(s, '#mb-bias-verdict');
    if (seq?.epochs.length && shuf?.epochs.length && seq.state === 'done' && shuf.state === 'done') {
      verdict.textContent = t('mb.bias.verdict', { seq: fmt(100 * seq.epochs.at(-1)[3], 1), shuf: fmt(100 * shuf.epochs.at(-1)[3], 1) });
    } else {
      verdict.textContent = '';
    }
    const chart = this.charts.bias;
    if (!chart.fit()) return;
    drawLineChart(chart.canvas, {
      title: t('mb.bias.chart'),
      xLabel: t('mb.axis.iter'),
      yLabel: t('mb.axis.loss'),
      series: this.biasRuns.map((r) => ({ label: r.label, xs: this.xsOf(r, 'iter'), ys: r.losses, smooth: true })),
      xKind: 'integer',
      empty: t('mb.chart.empty'),
    });
    chart.describe(this.biasRuns.length ? t('mb.bias.alt', { runs: this.biasRuns.map((r) => `${r.label}: ${r.epochs.length ? `${fmt(100 * r.epochs.at(-1)[3], 1)} %` : '—'}`).join('; ') }) : t('mb.chart.empty'), this.summaryCsv(this.biasRuns));
  }

  showSamplers(rows) {
    this.samplerRows = rows;
    const s = this.section;
    for (const row of rows) {
      const card = $(s, `.sampler-card[data-sampler="${row.sampler}"]`);
      const max = Math.max(1, ...row.counts);
      card.querySelector('.coverage-value').textContent = `${fmt(100 * row.coverage, 1)} %`;
      card.dataset.coverage = String(row.coverage);
      card.querySelector('.hist-bars').innerHTML = row.counts
        .map((c, digit) => `<li><span class="hist-value">${c}</span><span class="hist-track"><span class="hist-bar"></span></span><span class="hist-label">${digit}</span></li>`)
        .join('');
      // Heights through the CSSOM: the CSP (style-src 'self') refuses style="" in markup.
      card.querySelectorAll('.hist-bar').forEach((bar, digit) => { bar.style.height = `${(100 * row.counts[digit]) / max}%`; });
      card.querySelector('.hist-caption').textContent = t('mb.hist.caption', {
        batch: this.state.sbatch, counts: row.counts.map((c, d) => `${d}: ${c}`).join(', '),
      });
    }
    $(s, '#mb-sample-note').textContent = t('mb.sample.note', { n: Number(this.state.subset).toLocaleString(), seed: this.state.sseed });
  }

  // ---- text alternatives / CSV ------------------------------------------------------------------

  summaryCsv(runs) {
    return {
      header: [t('mb.col.batch'), t('mb.col.updates'), t('mb.col.seconds'), t('mb.axis.loss'), t('mb.col.testAcc')],
      rows: runs.map((r) => [r.label, r.iteration, r.ms / 1000, r.losses.length ? r.losses.at(-1) : null, r.epochs.length ? r.epochs.at(-1)[3] : null]),
    };
  }

  runsCsv(runs) {
    const rows = [];
    for (const r of runs) {
      const secs = this.xsOf(r, 'time');
      r.losses.forEach((loss, i) => rows.push([r.label, i + 1, (i + 1) / r.ipe, secs[i], loss]));
    }
    return { header: ['run', 'iteration', 'epoch', 'seconds', 'loss'], rows };
  }
}
