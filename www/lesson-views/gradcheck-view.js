// Section 6, "Numerical differentiation vs backpropagation" (#/backprop?hidden&batch&bugs&fn&x):
//   timing        — one backprop gradient and one numerical gradient (2 forward passes per
//                   parameter) of a 784-hidden-10 network on a real batch, measured in the lab
//                   worker, with the ratio and what 10,000 iterations would cost with each;
//   gradient check — mean |backprop − numerical| (the book's number) and the relative error
//                   (the verdict's, scale-free) for W1, b1, W2, b2, on the timing run's full
//                   numerical gradient or a quick random sample, and switches that inject the
//                   three typical bugs (compare(bugs), instant);
//   step size h   — forward and central difference errors against h on a log-log chart;
//   chain rule    — f(x) = (2x + 3)² as a computational graph with forward and backward values.

import {
  bookStepSize, chainRule, gradientVerdict, gradientVerdictThresholds, mnistParameterCount, mnistParameterShapes, normalizeLessonQuery,
  stepSizeErrors, stepSizeHighlights,
} from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import { ChartFigure, LessonHash, chartMarkup, frameScheduler, parseQuery, toQuery } from './chart-tools.js';
import { $, build, escapeHtml } from '../dom.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { fmt, scientific } from '../format.js';
import { drawLineChart } from '../line-chart.js';
import { FromLab, ToLab, labClient } from '../lab-client.js';
import { showFailure } from './lab-job.js';
import { codeListing } from './code-listings.js';
import { duration } from '../format.js';
import { NUMERICAL_TRAINING_MARKUP, NumericalTraining } from './numerical-training.js';

const ROUTE = 'backprop';
const BUGS = ['no-batch-division', 'transposed-weight-gradient', 'sigmoid-derivative-on-input'];
const PARAMS = ['W1', 'b1', 'W2', 'b2'];
const VERDICTS = ['perfect', 'probably-fine', 'check', 'bug'];
const HIDDEN = ['10', '50'];
const BATCHES = ['10', '100'];
const FUNCTIONS = ['sin', 'exp', 'cube'];
const TRAINING_ITERATIONS = 10000;
const SEED = 42;
/** Entries of each matrix that the quick check differentiates (all of a smaller one). */
const QUICK_SAMPLE = 400;

/** The view's keys, clamped by the wasm's key table: a link never carries a value the controls cannot show. */
function normalize(rawQuery) {
  return parseQuery(normalizeLessonQuery(ROUTE, rawQuery));
}

const MARKUP = `
  <header class="view-head">
    <h1><span class="num" aria-hidden="true">6</span> <span data-i18n="nav.backprop">Numerical diff vs backprop</span></h1>
    <p class="intro" data-i18n="gc.intro"></p>
  </header>

  <section class="lesson-part" aria-labelledby="gc-time-title">
    <h2 id="gc-time-title" class="part-title" data-i18n="gc.time.title"></h2>
    <p class="intro" data-i18n="gc.time.intro"></p>
    <div class="lesson-grid">
      <section class="panel lesson-card controls-card" aria-labelledby="gc-time-controls">
        <h3 id="gc-time-controls" class="visually-hidden" data-i18n="gc.time.controls"></h3>
        <div class="presets" role="group" data-i18n-attr="aria-label:gc.presets">
          <span class="presets-label" data-i18n="gc.presets"></span>
          <div class="preset-buttons">
            <button type="button" class="small preset" id="gc-book" data-hidden="50" data-batch="100" data-i18n="gc.preset.book"></button>
            <button type="button" class="small preset" id="gc-small" data-hidden="10" data-batch="10" data-i18n="gc.preset.small"></button>
          </div>
        </div>
        <div class="field-row">
          <div class="field">
            <label for="gc-hidden" data-i18n="gc.hidden"></label>
            <select id="gc-hidden">${HIDDEN.map((h) => `<option value="${h}">${h}</option>`).join('')}</select>
          </div>
          <div class="field">
            <label for="gc-batch" data-i18n="gc.batch"></label>
            <select id="gc-batch">${BATCHES.map((b) => `<option value="${b}">${b}</option>`).join('')}</select>
          </div>
        </div>
        <p class="hint" id="gc-size-note"></p>
        <div class="buttons left lab-buttons">
          <button type="button" id="gc-run" class="primary" data-i18n="gc.run"></button>
          <button type="button" id="gc-cancel" data-i18n="lab.cancel" disabled></button>
        </div>
        <progress id="gc-progress" value="0" max="1" aria-labelledby="gc-status"></progress>
        <p id="gc-status" class="status-text lab-status" aria-live="polite"></p>
        ${codeListing('numerical', 'code.numerical')}
      </section>
      <section class="panel lesson-card" aria-labelledby="gc-result-title">
        <h3 id="gc-result-title" data-i18n="gc.result.title"></h3>
        <dl class="readout timing">
          <div><dt data-i18n="gc.params"></dt><dd id="gc-params">—</dd></div>
          <div><dt data-i18n="gc.backprop"></dt><dd id="gc-bp">—</dd></div>
          <div><dt data-i18n="gc.numerical"></dt><dd id="gc-num">—</dd></div>
          <div class="ratio-box"><dt data-i18n="gc.ratio"></dt><dd id="gc-ratio">—</dd></div>
        </dl>
        <div class="race-bars" id="gc-race" aria-hidden="true">
          <div class="race-row"><span data-i18n="gc.backprop"></span><span class="race-track"><span class="race-bar bp" id="gc-bar-bp"></span></span></div>
          <div class="race-row"><span data-i18n="gc.numerical"></span><span class="race-track"><span class="race-bar num" id="gc-bar-num"></span></span></div>
        </div>
        <p class="hint race-note" id="gc-race-note"></p>
        <div class="table-scroll" role="group" tabindex="0" aria-labelledby="gc-sim-caption">
          <table class="num-table" id="gc-sim">
            <caption id="gc-sim-caption" data-i18n="gc.sim.caption"></caption>
            <thead><tr><th scope="col" data-i18n="gc.sim.method"></th><th scope="col" data-i18n="gc.sim.one"></th><th scope="col" id="gc-sim-many"></th><th scope="col" data-i18n="gc.sim.verdict"></th></tr></thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
    </div>
  </section>

  <section class="lesson-part" aria-labelledby="gc-check-title">
    <h2 id="gc-check-title" class="part-title" data-i18n="gc.check.title"></h2>
    <p class="intro" data-i18n="gc.check.intro"></p>
    <div class="lesson-grid">
      <section class="panel lesson-card controls-card" aria-labelledby="gc-bugs-title">
        <h3 id="gc-bugs-title" data-i18n="gc.bugs.title"></h3>
        ${BUGS.map((b) => `<label class="check bug-switch"><input type="checkbox" id="gc-bug-${b}" value="${b}"> <span data-i18n="gc.bug.${b}"></span></label>`).join('')}
        <p class="hint" data-i18n="gc.bugs.hint"></p>
        <ul class="plain-list thresholds">
          ${VERDICTS.map((v) => `<li><span class="verdict-chip" data-verdict="${v}" data-i18n="gc.verdict.${v}"></span> <span class="threshold" data-verdict="${v}"></span></li>`).join('')}
        </ul>
        <p class="hint" data-i18n="gc.rel.explain"></p>
        <div class="buttons left lab-buttons">
          <button type="button" id="gc-quick" class="primary"></button>
        </div>
        <progress id="gc-quick-progress" value="0" max="1" aria-labelledby="gc-quick-status"></progress>
        <p id="gc-quick-status" class="status-text lab-status" aria-live="polite"></p>
        <p class="hint" data-i18n="gc.quick.hint"></p>
        ${codeListing('check', 'code.check')}
      </section>
      <section class="panel lesson-card" aria-labelledby="gc-table-title">
        <h3 id="gc-table-title" data-i18n="gc.table.title"></h3>
        <p class="hint" id="gc-check-note" aria-live="polite"></p>
        <div class="table-scroll" role="group" tabindex="0" aria-labelledby="gc-table-title">
          <table class="num-table check-table" id="gc-check">
            <thead><tr><th scope="col" data-i18n="gc.col.param"></th><th scope="col" data-i18n="gc.col.shape"></th><th scope="col" data-i18n="gc.col.diff"></th><th scope="col" data-i18n="gc.col.rel"></th><th scope="col" data-i18n="gc.col.verdict"></th></tr></thead>
            <tbody>${PARAMS.map((p) => `<tr data-param="${p}"><th scope="row">${p}</th><td class="shape"></td><td class="diff">—</td><td class="rel">—</td><td class="verdict">—</td></tr>`).join('')}</tbody>
          </table>
        </div>
        <div class="bug-explain" id="gc-bug-explain"></div>
      </section>
    </div>
  </section>

  ${NUMERICAL_TRAINING_MARKUP}

  <section class="lesson-part" aria-labelledby="gc-h-title">
    <h2 id="gc-h-title" class="part-title" data-i18n="gc.h.title"></h2>
    <p class="intro" data-i18n="gc.h.intro"></p>
    <div class="lesson-grid">
      <div class="panel lesson-card controls-card">
        <h3 id="gc-h-controls" class="visually-hidden" data-i18n="gc.h.title"></h3>
        <div class="field">
          <label for="gc-fn" data-i18n="gc.h.fn"></label>
          <select id="gc-fn">${FUNCTIONS.map((f) => `<option value="${f}" data-i18n="gc.fn.${f}"></option>`).join('')}</select>
        </div>
        <p class="formula small" data-i18n="gc.h.forward"></p>
        <p class="formula small" data-i18n="gc.h.central"></p>
        <dl class="readout stacked">
          <div><dt data-i18n="gc.h.atBook"></dt><dd id="gc-h-book">—</dd></div>
          <div><dt data-i18n="gc.h.best"></dt><dd id="gc-h-best">—</dd></div>
        </dl>
        <p class="explain" id="gc-h-explain"></p>
      </div>
      <div class="panel lesson-card chart-card" id="gc-h-card">${chartMarkup('gc-h-chart')}</div>
    </div>
  </section>

  <section class="lesson-part" aria-labelledby="gc-chain-title">
    <h2 id="gc-chain-title" class="part-title" data-i18n="gc.chain.title"></h2>
    <p class="intro" data-i18n="gc.chain.intro"></p>
    <div class="lesson-grid">
      <div class="panel lesson-card controls-card">
        <h3 id="gc-chain-controls" class="visually-hidden" data-i18n="gc.chain.title"></h3>
        <div class="field">
          <label for="gc-x" data-i18n="gc.chain.x"></label>
          <input id="gc-x" type="number" step="0.5" min="-100" max="100">
        </div>
        <ol class="plain-list numbered chain-steps" id="gc-chain-steps"></ol>
      </div>
      <figure class="panel lesson-card chain-card">
        <div id="gc-graph" class="chain-graph"></div>
        <figcaption class="hint" id="gc-graph-caption"></figcaption>
      </figure>
    </div>
  </section>`;

export class GradcheckView {
  constructor(section) {
    this.section = section;
    build(section, MARKUP);
    this.hash = new LessonHash(ROUTE, section);
    this.state = normalize('');
    this.lab = null;
    this.job = null; // { id, hidden, batch, params, backpropMs, numericalMs, done, total, finished }
    this.result = null; // the last full timing, kept while a new one runs
    this.checked = null; // what the last finished numerical gradient covered: { hidden, batch, counts }
    this.diffs = null; // { bugs, values: [mean |diff|, relative error] × W1, b1, W2, b2 }
    this.hRows = null;
    this.schedule = frameScheduler(() => this.render());
    this.hChart = new ChartFigure(section, 'gc-h-chart', { aspect: 0.62, maxHeight: 440, filename: () => `gradlab-step-size-${this.state.fn}`, csv: () => this.hCsv() });
    this.wire();
    new ResizeObserver(() => this.schedule()).observe($(section, '#gc-h-card'));
    onPixelRatioChange(() => this.schedule());
    onLanguageChange(() => this.schedule());
    this.numericalTraining = new NumericalTraining(section);
    section.dataset.ready = '1';
  }

  route(rawQuery) {
    if (rawQuery) this.state = normalize(rawQuery);
    this.hash.write(toQuery(this.state));
    this.ensureLab();
    this.requestDiffs();
    this.schedule();
  }

  set(partial) {
    const bugsBefore = this.state.bugs;
    this.state = normalize(toQuery({ ...this.state, ...partial }));
    this.hash.write(toQuery(this.state));
    if (this.state.bugs !== bugsBefore) this.requestDiffs();
    this.schedule();
  }

  ensureLab() {
    if (this.lab) return;
    this.lab = labClient('gc', (msg) => this.receive(msg));
    this.lab.ready.catch((err) => this.status(t('lab.error', { message: err.message })));
  }

  wire() {
    const s = this.section;
    for (const id of ['gc-hidden', 'gc-batch']) {
      $(s, `#${id}`).addEventListener('change', (e) => this.set({ [id.slice(3)]: e.target.value }));
    }
    for (const b of s.querySelectorAll('.preset')) b.addEventListener('click', () => this.set({ hidden: b.dataset.hidden, batch: b.dataset.batch }));
    for (const bug of BUGS) {
      $(s, `#gc-bug-${bug}`).addEventListener('change', () => {
        this.set({ bugs: BUGS.filter((b) => $(s, `#gc-bug-${b}`).checked).join(',') });
      });
    }
    $(s, '#gc-fn').addEventListener('change', (e) => this.set({ fn: e.target.value }));
    $(s, '#gc-x').addEventListener('input', (e) => e.target.value !== '' && Number.isFinite(Number(e.target.value)) && this.set({ x: e.target.value }));
    $(s, '#gc-run').addEventListener('click', () => this.start(0));
    $(s, '#gc-quick').addEventListener('click', () => this.start(QUICK_SAMPLE));
    $(s, '#gc-cancel').addEventListener('click', () => this.job && !this.job.over && this.lab.send(ToLab.CANCEL, { jobId: this.job.id }));
  }

  // ---- the lab worker -------------------------------------------------------------------------

  /** sample = 0: time backprop and the whole numerical gradient; else check a sample of each matrix. */
  start(sample) {
    this.ensureLab();
    const hidden = Number(this.state.hidden);
    const batch = Number(this.state.batch);
    this.job = { id: this.lab.newJobId(), hidden, batch, sample, params: 0, backpropMs: NaN, numericalMs: 0, done: 0, total: 0, over: false, finished: false };
    this.lab.send(ToLab.GRAD, { jobId: this.job.id, hidden, batch, seed: SEED, sample });
    this.buttons(true);
    this.progress(0);
    this.status(t('lab.loading'));
    this.schedule();
  }

  requestDiffs() {
    if (!this.checked) return;
    this.lab.send(ToLab.GRAD_COMPARE, { jobId: this.lab.newJobId(), bugs: this.state.bugs });
  }

  receive(msg) {
    if (msg.type === FromLab.GRAD_DIFFS) {
      this.diffs = { bugs: msg.bugs, values: Array.from(msg.diffs) };
      this.schedule();
      return;
    }
    const job = this.job;
    if (!job || msg.jobId !== job.id) {
      if (msg.type === FromLab.ERROR && !msg.jobId) this.status(t('lab.error', { message: msg.message }));
      return;
    }
    switch (msg.type) {
      case FromLab.DATA_PROGRESS:
        this.status(t('lab.data', { done: msg.done, total: msg.total }));
        break;
      case FromLab.GRAD_BACKPROP:
        Object.assign(job, { params: msg.parameterCount, backpropMs: msg.backpropMs, repeats: msg.repeats });
        if (!job.sample) this.result = job;
        this.status(t('gc.status.numerical', { done: 0, total: msg.parameterCount.toLocaleString() }));
        break;
      case FromLab.GRAD_PROGRESS:
        Object.assign(job, { done: msg.done, total: msg.total, numericalMs: msg.ms });
        this.progress(msg.done / msg.total);
        this.status(t('gc.status.numerical', { done: msg.done.toLocaleString(), total: msg.total.toLocaleString() })
          + t('gc.status.eta', { eta: duration((msg.ms / Math.max(1, msg.done)) * (msg.total - msg.done)) }));
        break;
      case FromLab.GRAD_DONE:
        Object.assign(job, { numericalMs: msg.ms, finished: true, done: job.total });
        this.checked = { hidden: job.hidden, batch: job.batch, counts: Array.from(msg.counts), params: job.params };
        this.diffs = { bugs: '', values: Array.from(msg.diffs) };
        this.progress(1);
        this.requestDiffs();
        break;
      case FromLab.JOB_DONE:
        job.over = true;
        this.buttons(false);
        this.status(job.sample ? t('gc.status.checked') : t('gc.status.done', { ratio: fmt(job.numericalMs / job.backpropMs, 0) }));
        break;
      case FromLab.CANCELLED:
        job.over = true;
        this.buttons(false);
        this.status(t('lab.cancelled'));
        break;
      case FromLab.ERROR:
        job.over = true;
        this.buttons(false);
        showFailure($(this.section, job.sample ? '#gc-quick-status' : '#gc-status'), t('lab.error', { message: msg.message }), () => this.start(job.sample));
        break;
      default:
        return;
    }
    this.schedule();
  }

  buttons(running) {
    $(this.section, '#gc-run').disabled = running;
    $(this.section, '#gc-quick').disabled = running;
    $(this.section, '#gc-cancel').disabled = !running;
  }

  /** The timing run reports beside its button, the quick check beside its own. */
  progress(v) {
    $(this.section, this.job?.sample ? '#gc-quick-progress' : '#gc-progress').value = v;
  }

  status(text) {
    $(this.section, this.job?.sample ? '#gc-quick-status' : '#gc-status').textContent = text;
  }

  // ---- render ---------------------------------------------------------------------------------

  render() {
    this.showControls();
    this.renderTiming();
    this.renderCheck();
    this.renderStepSize();
    this.renderChain();
  }

  showControls() {
    const s = this.section;
    const st = this.state;
    $(s, '#gc-hidden').value = st.hidden;
    $(s, '#gc-batch').value = st.batch;
    for (const b of s.querySelectorAll('.preset')) b.setAttribute('aria-pressed', String(b.dataset.hidden === st.hidden && b.dataset.batch === st.batch));
    const bugs = st.bugs.split(',');
    for (const bug of BUGS) $(s, `#gc-bug-${bug}`).checked = bugs.includes(bug);
    $(s, '#gc-fn').value = st.fn;
    const x = $(s, '#gc-x');
    if (document.activeElement !== x) x.value = st.x;
    const h = Number(st.hidden);
    const params = mnistParameterCount(h); // before a timing run reports its network's count
    $(s, '#gc-size-note').textContent = t('gc.size.note', { params: params.toLocaleString(), passes: (2 * params).toLocaleString(), batch: st.batch });
  }

  renderTiming() {
    const s = this.section;
    const r = this.result;
    const running = this.job && !this.job.over;
    $(s, '#gc-params').textContent = r ? r.params.toLocaleString() : '—';
    $(s, '#gc-bp').textContent = r && Number.isFinite(r.backpropMs) ? duration(r.backpropMs) : '—';
    $(s, '#gc-num').textContent = r && r.numericalMs > 0 ? `${duration(r.numericalMs)}${r.finished ? '' : ` (${fmt((100 * r.done) / Math.max(1, r.total), 0)} %)`}` : '—';
    const ratioEl = $(s, '#gc-ratio');
    const ratio = r?.finished ? r.numericalMs / r.backpropMs : NaN;
    ratioEl.textContent = Number.isFinite(ratio) ? `${Math.round(ratio).toLocaleString()} ×` : '—';
    ratioEl.dataset.ratio = Number.isFinite(ratio) ? String(ratio) : '';
    // the two bars on a log scale: 1 µs … the numerical time
    const numMs = r && r.numericalMs > 0 ? (r.finished ? r.numericalMs : (r.numericalMs / Math.max(1, r.done)) * r.total) : NaN;
    const scale = (ms) => (Number.isFinite(ms) && Number.isFinite(numMs) ? Math.max(2, (100 * Math.log10(ms * 1000)) / Math.log10(numMs * 1000)) : 0);
    $(s, '#gc-bar-bp').style.width = `${scale(r?.backpropMs)}%`;
    $(s, '#gc-bar-num').style.width = `${r?.finished ? 100 : scale(r?.numericalMs)}%`;
    $(s, '#gc-race').classList.toggle('running', Boolean(running));
    $(s, '#gc-race-note').textContent = Number.isFinite(ratio) ? t('gc.race.note', { ratio: Math.round(ratio).toLocaleString() }) : '';
    $(s, '#gc-sim-many').textContent = t('gc.sim.many', { n: TRAINING_ITERATIONS.toLocaleString() });
    const rows = r ? [
      [t('gc.numerical'), r.finished ? duration(r.numericalMs) : '…', r.finished ? duration(r.numericalMs * TRAINING_ITERATIONS) : '…', t('gc.sim.numVerdict')],
      [t('gc.backprop'), duration(r.backpropMs), duration(r.backpropMs * TRAINING_ITERATIONS), t('gc.sim.bpVerdict')],
    ] : [];
    $(s, '#gc-sim tbody').innerHTML = rows.map((cells) => `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('');
  }

  renderCheck() {
    const s = this.section;
    const checked = this.checked;
    const hidden = checked?.hidden ?? Number(this.state.hidden);
    const d = this.diffs && this.diffs.bugs === this.state.bugs ? this.diffs.values : null;
    const shapes = mnistParameterShapes(hidden);
    for (const [i, p] of PARAMS.entries()) {
      const row = $(s, `#gc-check tr[data-param="${p}"]`);
      row.querySelector('.shape').textContent = shapes[i];
      const [meanAbs, relative] = d ? [d[2 * i], d[2 * i + 1]] : [NaN, NaN];
      const verdict = d ? gradientVerdict(relative) : '';
      row.className = verdict ? `verdict-${verdict}` : '';
      row.dataset.verdict = verdict;
      row.querySelector('.diff').textContent = d ? scientific(meanAbs) : '—';
      row.querySelector('.rel').textContent = d ? scientific(relative) : '—';
      row.querySelector('.verdict').innerHTML = verdict
        ? `<span class="verdict-chip" data-verdict="${verdict}">${escapeHtml(t(`gc.verdict.${verdict}`))}</span>` : '—';
    }
    const bounds = Array.from(gradientVerdictThresholds());
    for (const el of s.querySelectorAll('.threshold')) {
      const i = VERDICTS.indexOf(el.dataset.verdict);
      el.textContent = t(`gc.threshold.${el.dataset.verdict}`, { v: scientific(bounds[Math.min(i, bounds.length - 1)]) });
    }
    $(s, '#gc-quick').textContent = t('gc.quick', { n: QUICK_SAMPLE });
    const note = $(s, '#gc-check-note');
    if (!checked) note.textContent = t('gc.check.wait');
    else {
      const [w1, b1, w2, b2] = checked.counts;
      const n = w1 + b1 + w2 + b2;
      const coverage = n === checked.params
        ? t('gc.coverage.all', { n: n.toLocaleString() })
        : t('gc.coverage.sample', { n: n.toLocaleString(), total: checked.params.toLocaleString(), w1, b1, w2, b2 });
      note.textContent = t('gc.check.on', { hidden: checked.hidden, batch: checked.batch, coverage });
    }
    const bugs = this.state.bugs ? this.state.bugs.split(',') : [];
    $(s, '#gc-bug-explain').innerHTML = bugs.map((b) => `
      <div class="bug-code"><strong>${escapeHtml(t(`gc.bug.${b}`))}</strong>
        <pre><code><span class="wrong">${escapeHtml(t(`gc.code.${b}.wrong`))}</span>\n<span class="right">${escapeHtml(t(`gc.code.${b}.right`))}</span></code></pre>
        <p class="hint">${escapeHtml(t(`gc.why.${b}`))}</p></div>`).join('');
  }

  renderStepSize() {
    const s = this.section;
    const flat = stepSizeErrors(this.state.fn);
    const rows = [];
    for (let k = 0; k + 2 < flat.length; k += 3) rows.push([flat[k], flat[k + 1], flat[k + 2]]);
    this.hRows = rows;
    const picked = stepSizeHighlights(this.state.fn);
    const [nearest, bestC, bestF] = [rows[picked.book], rows[picked.bestCentral], rows[picked.bestForward]];
    picked.free();
    $(s, '#gc-h-book').textContent = t('gc.h.errs', { f: scientific(nearest[1]), c: scientific(nearest[2]) });
    $(s, '#gc-h-best').textContent = t('gc.h.bestVals', { hc: scientific(bestC[0]), c: scientific(bestC[2]), hf: scientific(bestF[0]), f: scientific(bestF[1]) });
    $(s, '#gc-h-explain').textContent = t('gc.h.explain', { small: scientific(rows[0][2]), big: scientific(rows.at(-1)[2]) });
    const chart = this.hChart;
    if (!chart.fit()) return;
    drawLineChart(chart.canvas, {
      title: t('gc.h.chart', { fn: t(`gc.fn.${this.state.fn}`) }),
      xLabel: t('gc.h.xlabel'),
      yLabel: t('gc.h.ylabel'),
      series: [
        { label: t('gc.h.fwd'), xs: rows.map((r) => r[0]), ys: rows.map((r) => r[1]), points: true },
        { label: t('gc.h.ctr'), xs: rows.map((r) => r[0]), ys: rows.map((r) => r[2]), points: true },
      ],
      logX: true,
      logY: true,
      marks: [{ x: bookStepSize(), label: 'h = 10⁻⁴' }],
    });
    chart.describe(t('gc.h.alt', { fn: t(`gc.fn.${this.state.fn}`), hc: scientific(bestC[0]), c: scientific(bestC[2]) }), this.hCsv());
  }

  hCsv() {
    return { header: ['h', t('gc.h.fwd'), t('gc.h.ctr')], rows: (this.hRows ?? []).map((r) => [...r]) };
  }

  renderChain() {
    const s = this.section;
    const x = Number(this.state.x);
    const [u, f, dfdu, dudx, dfdx] = chainRule(x);
    const v = (n) => escapeHtml(fmt(n, 4));
    $(s, '#gc-graph').innerHTML = `
      <svg viewBox="0 0 760 250" role="img" aria-labelledby="gc-graph-title" class="chain-svg">
        <title id="gc-graph-title">${escapeHtml(t('gc.chain.alt', { x: fmt(x), u: fmt(u), f: fmt(f), dfdu: fmt(dfdu), dudx: fmt(dudx), dfdx: fmt(dfdx) }))}</title>
        <defs>
          <marker id="gc-arrow-f" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#2456d6"/></marker>
          <marker id="gc-arrow-b" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#b42318"/></marker>
        </defs>
        <text x="380" y="22" class="lane f" text-anchor="middle">${escapeHtml(t('gc.chain.forward'))} →</text>
        <g class="node var"><circle cx="70" cy="120" r="34"/><text x="70" y="126" text-anchor="middle">x</text></g>
        <g class="node op"><rect x="230" y="88" width="120" height="64" rx="12"/><text x="290" y="126" text-anchor="middle">2x + 3</text></g>
        <g class="node var"><circle cx="450" cy="120" r="34"/><text x="450" y="126" text-anchor="middle">u</text></g>
        <g class="node op"><rect x="560" y="88" width="80" height="64" rx="12"/><text x="600" y="126" text-anchor="middle">( )²</text></g>
        <g class="node out"><circle cx="715" cy="120" r="30"/><text x="715" y="126" text-anchor="middle">f</text></g>
        <line x1="104" y1="108" x2="226" y2="108" class="fwd" marker-end="url(#gc-arrow-f)"/>
        <line x1="354" y1="108" x2="414" y2="108" class="fwd" marker-end="url(#gc-arrow-f)"/>
        <line x1="484" y1="108" x2="556" y2="108" class="fwd" marker-end="url(#gc-arrow-f)"/>
        <line x1="644" y1="108" x2="683" y2="108" class="fwd" marker-end="url(#gc-arrow-f)"/>
        <text x="165" y="98" class="val f" text-anchor="middle">x = ${v(x)}</text>
        <text x="450" y="72" class="val f" text-anchor="middle">u = ${v(u)}</text>
        <text x="715" y="78" class="val f" text-anchor="middle">f = ${v(f)}</text>
        <line x1="683" y1="134" x2="644" y2="134" class="bwd" marker-end="url(#gc-arrow-b)"/>
        <line x1="556" y1="134" x2="484" y2="134" class="bwd" marker-end="url(#gc-arrow-b)"/>
        <line x1="414" y1="134" x2="354" y2="134" class="bwd" marker-end="url(#gc-arrow-b)"/>
        <line x1="226" y1="134" x2="104" y2="134" class="bwd" marker-end="url(#gc-arrow-b)"/>
        <text x="715" y="172" class="val b" text-anchor="middle">∂f/∂f = 1</text>
        <text x="600" y="176" class="val b" text-anchor="middle">× 2u</text>
        <text x="450" y="176" class="val b" text-anchor="middle">∂f/∂u = ${v(dfdu)}</text>
        <text x="290" y="176" class="val b" text-anchor="middle">× ∂u/∂x = ${v(dudx)}</text>
        <text x="70" y="176" class="val b" text-anchor="middle">∂f/∂x = ${v(dfdx)}</text>
        <text x="380" y="232" class="lane b" text-anchor="middle">← ${escapeHtml(t('gc.chain.backward'))}</text>
      </svg>`;
    $(s, '#gc-graph-caption').textContent = t('gc.chain.caption');
    $(s, '#gc-chain-steps').innerHTML = [
      t('gc.chain.s1', { x: fmt(x), u: fmt(u) }),
      t('gc.chain.s2', { u: fmt(u), f: fmt(f) }),
      t('gc.chain.s3', { u: fmt(u), dfdu: fmt(dfdu), dudx: fmt(dudx) }),
      t('gc.chain.s4', { dfdu: fmt(dfdu), dudx: fmt(dudx), dfdx: fmt(dfdx) }),
      t('gc.chain.s5', { x: fmt(x), dfdx: fmt(dfdx) }),
    ].map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  }
}
