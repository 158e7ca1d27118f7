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
// The wasm gives every number, list and verdict (timingReadout, checkRows, stepSizeStudy, …);
// this file measures nothing but keeps the URL state, the worker's job and the DOM.

import markup from '../views/gradcheck.html?raw';
import {
  chainRule, checkCoverage, checkRows, drawStepSizes, expectedNumericalMs, gradcheckLesson, lessonKeySpecs, networkSize,
  normalizeLessonQuery, stepSizeStudy, timingReadout,
} from '../pkg/gradlab.js';
import { onLanguageChange, t, translate } from '../i18n.js';
import { ChartFigure, LessonHash, frameScheduler, parseQuery, toQuery } from './chart-tools.js';
import { expandPartial, fromTemplate } from './partial.js';
import { $, build } from '../dom.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { duration, fmt, percent, scientific, term, wholeNumber } from '../format.js';
import { FromLab, ToLab, labClient } from '../lab-client.js';
import { showFailure } from './lab-job.js';
import { NUMERICAL_TRAINING_MARKUP, NumericalTraining } from './numerical-training.js';

const ROUTE = 'backprop';
const NONE = '—';

/** The view's keys, clamped by the wasm's key table: a link never carries a value the controls cannot show. */
function normalize(rawQuery) {
  return parseQuery(normalizeLessonQuery(ROUTE, rawQuery));
}

/** A network of the timing panel as the probes' map keys it. */
const networkKey = ({ hidden, batch }) => `${hidden}/${batch}`;

/** What the timing panel shows of a job so far (the wasm's timingReadout). */
function timingOf({ backpropMs, numericalMs, done, total, finished }) {
  return timingReadout({ backpropMs, numericalMs, done, total, finished });
}

export class GradcheckView {
  constructor(section) {
    this.section = section;
    build(section, expandPartial(markup).replace('<div id="gc-numerical-training"></div>', NUMERICAL_TRAINING_MARKUP));
    this.lesson = gradcheckLesson(); // { bugs, presets, quickSample, trainingIterations, thresholds, seed, bookH, dataset, testImages }
    this.buildControls();
    translate(section);
    this.hash = new LessonHash(ROUTE, section);
    this.state = normalize('');
    this.lab = null;
    this.job = null; // { id, hidden, batch, sample, params, backpropMs, numericalMs, done, total, over, finished }
    this.result = null; // the last full timing, kept while a new one runs
    this.checked = null; // what the last finished numerical gradient covered: { hidden, batch, counts, params }
    this.diffs = null; // { bugs, values: [mean |diff|, relative error] × W1, b1, W2, b2 }
    this.probes = new Map(); // networkKey → { hidden, batch, derivatives, ms }: the speed measured before a run
    this.probeId = null; // the probe job in flight
    this.probeError = null;
    this.study = null; // the step-size study of the chosen function
    this.schedule = frameScheduler(() => this.render());
    this.hChart = new ChartFigure(section, 'gc-h-chart', { aspect: 0.62, maxHeight: 440, filename: () => `gradlab-step-size-${this.state.fn}`, csv: () => this.hCsv() });
    this.wire();
    new ResizeObserver(() => this.schedule()).observe($(section, '#gc-h-card'));
    onPixelRatioChange(() => this.schedule());
    onLanguageChange(() => this.schedule());
    this.numericalTraining = new NumericalTraining(section);
    section.dataset.ready = '1';
  }

  /** Choices of the controls from the wasm's key table; presets, bug switches and the verdict scale. */
  buildControls() {
    const s = this.section;
    const specs = Object.fromEntries(lessonKeySpecs(ROUTE).map((k) => [k.name, k]));
    $(s, '#gc-hidden').append(...specs.hidden.options.map((h) => new Option(h, h)));
    $(s, '#gc-batch').append(...specs.batch.options.map((b) => new Option(b, b)));
    $(s, '#gc-fn').append(...specs.fn.options.map((f) => new Option('', f)));
    for (const o of $(s, '#gc-fn').options) o.dataset.i18n = `gc.fn.${o.value}`;
    Object.assign($(s, '#gc-x'), { min: specs.x.min, max: specs.x.max });
    $(s, '#gc-presets').append(...this.lesson.presets.map(({ name, hidden, batch }) => {
      const button = fromTemplate(s, 'gc-preset');
      button.id = `gc-${name}`;
      Object.assign(button.dataset, { hidden, batch });
      Object.assign($(button, '.preset-name').dataset, { i18n: `gc.preset.${name}`, hidden, batch }); // its {hidden}, {batch}
      return button;
    }));
    $(s, '#gc-bugs').append(...this.lesson.bugs.map((bug) => {
      const item = fromTemplate(s, 'gc-bug-switch');
      Object.assign($(item, 'input'), { id: `gc-bug-${bug}`, value: bug });
      $(item, 'span').dataset.i18n = `gc.bug.${bug}`;
      return item;
    }));
    $(s, '#gc-thresholds').append(...this.lesson.thresholds.map(({ verdict }) => {
      const item = fromTemplate(s, 'gc-threshold');
      for (const el of item.querySelectorAll('span')) el.dataset.verdict = verdict;
      $(item, '.verdict-chip').dataset.i18n = `gc.verdict.${verdict}`;
      return item;
    }));
  }

  route(rawQuery) {
    if (rawQuery) this.state = normalize(rawQuery);
    this.hash.write(toQuery(this.state));
    this.ensureLab();
    this.probeSpeed();
    this.requestDiffs();
    this.schedule();
  }

  set(partial) {
    const bugsBefore = this.state.bugs;
    this.state = normalize(toQuery({ ...this.state, ...partial }));
    this.hash.write(toQuery(this.state));
    if (this.state.bugs !== bugsBefore) this.requestDiffs();
    this.probeSpeed();
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
    for (const box of s.querySelectorAll('#gc-bugs input')) {
      box.addEventListener('change', () => {
        this.set({ bugs: [...s.querySelectorAll('#gc-bugs input:checked')].map((b) => b.value).join(',') });
      });
    }
    $(s, '#gc-fn').addEventListener('change', (e) => this.set({ fn: e.target.value }));
    $(s, '#gc-x').addEventListener('input', (e) => e.target.value !== '' && Number.isFinite(Number(e.target.value)) && this.set({ x: e.target.value }));
    $(s, '#gc-run').addEventListener('click', () => this.start(0));
    $(s, '#gc-quick').addEventListener('click', () => this.start(this.lesson.quickSample));
    $(s, '#gc-cancel').addEventListener('click', () => this.job && !this.job.over && this.lab.send(ToLab.CANCEL, { jobId: this.job.id }));
  }

  // ---- the lab worker -------------------------------------------------------------------------

  /** sample = 0: time backprop and the whole numerical gradient; else check a sample of each matrix. */
  start(sample) {
    this.ensureLab();
    const hidden = Number(this.state.hidden);
    const batch = Number(this.state.batch);
    this.job = { id: this.lab.newJobId(), hidden, batch, sample, params: 0, backpropMs: NaN, numericalMs: 0, done: 0, total: 0, over: false, finished: false };
    const { seed, dataset, testImages } = this.lesson;
    this.lab.send(ToLab.GRAD, { jobId: this.job.id, hidden, batch, seed, sample, dataset, testImages });
    this.buttons(true);
    this.progress(0);
    this.status(t('lab.loading'));
    this.schedule();
  }

  /**
   * Times a few partial derivatives of the chosen network and of each preset's (once each, one
   * probe at a time), so each states its expected duration before it runs.
   */
  probeSpeed() {
    if (this.probeId) return;
    const networks = [];
    for (const { hidden, batch } of [this.state, ...this.lesson.presets]) {
      const network = { hidden: Number(hidden), batch: Number(batch) };
      if (!this.probes.has(networkKey(network)) && !networks.some((n) => networkKey(n) === networkKey(network))) networks.push(network);
    }
    if (!networks.length) return;
    this.probeId = this.lab.newJobId();
    this.lab.send(ToLab.GRAD_PROBE, { jobId: this.probeId, networks, seed: this.lesson.seed });
  }

  probeReply(msg) {
    if (msg.type === FromLab.GRAD_PROBED) this.probes.set(networkKey(msg), msg);
    else if (msg.type === FromLab.JOB_DONE || msg.type === FromLab.ERROR) {
      this.probeId = null;
      this.probeError = msg.type === FromLab.ERROR ? msg.message : null;
      if (!this.probeError) this.probeSpeed(); // a network chosen while the probe ran
    }
    this.schedule();
  }

  /** The whole numerical gradient of `network` at its probe's speed (the wasm's rule), in ms. */
  expectedMs(network) {
    const probe = this.probes.get(networkKey(network));
    return probe && expectedNumericalMs({ hidden: probe.hidden, batch: probe.batch, derivatives: probe.derivatives, ms: probe.ms });
  }

  requestDiffs() {
    if (!this.checked) return;
    this.lab.send(ToLab.GRAD_COMPARE, { jobId: this.lab.newJobId(), bugs: this.state.bugs });
  }

  receive(msg) {
    if (this.probeId && msg.jobId === this.probeId) {
      this.probeReply(msg);
      return;
    }
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
        this.status(t('gc.status.numerical', { done: 0, total: wholeNumber(msg.parameterCount) }));
        break;
      case FromLab.GRAD_PROGRESS:
        Object.assign(job, { done: msg.done, total: msg.total, numericalMs: msg.ms });
        this.progress(timingOf(job).doneFraction);
        this.status(t('gc.status.numerical', { done: wholeNumber(msg.done), total: wholeNumber(msg.total) })
          + t('gc.status.eta', { eta: duration(timingOf(job).etaMs ?? 0) }));
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
        this.status(job.sample ? t('gc.status.checked') : t('gc.status.done', { ratio: wholeNumber(timingOf(job).ratio) }));
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
    for (const box of s.querySelectorAll('#gc-bugs input')) box.checked = bugs.includes(box.value);
    $(s, '#gc-fn').value = st.fn;
    const x = $(s, '#gc-x');
    if (document.activeElement !== x) x.value = st.x;
    const size = networkSize(Number(st.hidden)); // before a timing run reports its network's count
    $(s, '#gc-size-note').textContent = t('gc.size.note', { params: wholeNumber(size.parameters), passes: wholeNumber(size.passes), batch: st.batch });
    this.showExpected();
  }

  /** The expected duration of the chosen network and on each preset's button, once probed. */
  showExpected() {
    const s = this.section;
    const ms = this.expectedMs(this.state);
    const note = $(s, '#gc-expected');
    note.dataset.ms = ms ?? '';
    if (ms !== undefined) note.textContent = t('gc.expected', { duration: duration(ms), n: this.probes.get(networkKey(this.state)).derivatives });
    else note.textContent = this.probeError ? t('gc.expected.failed', { message: this.probeError }) : t('gc.expected.wait');
    for (const b of s.querySelectorAll('.preset')) {
      const presetMs = this.expectedMs(b.dataset);
      b.dataset.expectedMs = presetMs ?? '';
      $(b, '.preset-time').textContent = presetMs === undefined ? '' : t('gc.preset.time', { duration: duration(presetMs) });
    }
  }

  renderTiming() {
    const s = this.section;
    const r = this.result;
    const shown = r ? timingOf(r) : null;
    $(s, '#gc-params').textContent = r ? wholeNumber(r.params) : NONE;
    $(s, '#gc-bp').textContent = r && Number.isFinite(r.backpropMs) ? duration(r.backpropMs) : NONE;
    $(s, '#gc-num').textContent = r && r.numericalMs > 0 ? `${duration(r.numericalMs)}${r.finished ? '' : ` (${percent(shown.doneFraction, 0)})`}` : NONE;
    const ratio = shown?.ratio;
    $(s, '#gc-ratio').textContent = ratio === undefined ? NONE : `${wholeNumber(ratio)} ×`;
    $(s, '#gc-ratio').dataset.ratio = ratio === undefined ? '' : String(ratio);
    // CSSOM widths, not style attributes: allowed under a strict style-src.
    $(s, '#gc-bar-bp').style.width = `${shown?.backpropBar ?? 0}%`;
    $(s, '#gc-bar-num').style.width = `${shown?.numericalBar ?? 0}%`;
    $(s, '#gc-race').classList.toggle('running', Boolean(this.job && !this.job.over));
    $(s, '#gc-race-note').textContent = ratio === undefined ? '' : t('gc.race.note', { ratio: wholeNumber(ratio) });
    $(s, '#gc-sim-many').textContent = t('gc.sim.many', { n: wholeNumber(this.lesson.trainingIterations) });
    const rows = shown ? [
      ['gc.numerical', r.finished ? duration(r.numericalMs) : '…', shown.trainingNumericalMs === undefined ? '…' : duration(shown.trainingNumericalMs), 'gc.sim.numVerdict'],
      ['gc.backprop', duration(r.backpropMs), duration(shown.trainingBackpropMs ?? NaN), 'gc.sim.bpVerdict'],
    ] : [];
    $(s, '#gc-sim tbody').replaceChildren(...rows.map(([method, one, many, verdict]) => {
      const tr = fromTemplate(s, 'gc-sim-row');
      $(tr, 'th').textContent = t(method);
      $(tr, '.one').textContent = one;
      $(tr, '.many').textContent = many;
      $(tr, '.verdict').textContent = t(verdict);
      return tr;
    }));
  }

  renderCheck() {
    const s = this.section;
    const checked = this.checked;
    const hidden = checked?.hidden ?? Number(this.state.hidden);
    const diffs = this.diffs && this.diffs.bugs === this.state.bugs ? this.diffs.values : [];
    $(s, '#gc-check tbody').replaceChildren(...checkRows(hidden, Float64Array.from(diffs)).map((row) => this.checkRow(row)));
    for (const el of s.querySelectorAll('.threshold')) {
      const { bound } = this.lesson.thresholds.find((th) => th.verdict === el.dataset.verdict);
      el.textContent = t(`gc.threshold.${el.dataset.verdict}`, { v: scientific(bound) });
    }
    $(s, '#gc-quick').textContent = t('gc.quick', { n: this.lesson.quickSample });
    const note = $(s, '#gc-check-note');
    if (!checked) note.textContent = t('gc.check.wait');
    else {
      const [w1, b1, w2, b2] = checked.counts;
      const cover = checkCoverage(Uint32Array.from(checked.counts), checked.params);
      const coverage = cover.all
        ? t('gc.coverage.all', { n: wholeNumber(cover.checked) })
        : t('gc.coverage.sample', { n: wholeNumber(cover.checked), total: wholeNumber(checked.params), w1, b1, w2, b2 });
      note.textContent = t('gc.check.on', { hidden: checked.hidden, batch: checked.batch, coverage });
    }
    const bugs = this.state.bugs ? this.state.bugs.split(',') : [];
    $(s, '#gc-bug-explain').replaceChildren(...bugs.map((b) => {
      const item = fromTemplate(s, 'gc-bug-code');
      $(item, 'strong').textContent = t(`gc.bug.${b}`);
      $(item, '.wrong').textContent = t(`gc.code.${b}.wrong`);
      $(item, '.right').textContent = t(`gc.code.${b}.right`);
      $(item, 'p.hint').textContent = t(`gc.why.${b}`);
      return item;
    }));
  }

  /** One parameter's row: its shape, and once compared its differences and verdict chip. */
  checkRow({ param, shape, meanAbs, relative, verdict }) {
    const tr = fromTemplate(this.section, 'gc-check-row');
    tr.dataset.param = param;
    tr.dataset.verdict = verdict ?? '';
    tr.className = verdict ? `verdict-${verdict}` : '';
    $(tr, 'th').textContent = param;
    $(tr, '.shape').textContent = shape;
    if (!verdict) return tr;
    $(tr, '.diff').textContent = scientific(meanAbs);
    $(tr, '.rel').textContent = scientific(relative);
    const chip = document.createElement('span');
    chip.className = 'verdict-chip';
    chip.dataset.verdict = verdict;
    chip.textContent = t(`gc.verdict.${verdict}`);
    $(tr, '.verdict').replaceChildren(chip);
    return tr;
  }

  renderStepSize() {
    const s = this.section;
    const study = stepSizeStudy(this.state.fn);
    this.study = study;
    const { book, bestCentral: c, bestForward: f } = study;
    $(s, '#gc-h-book').textContent = t('gc.h.errs', { f: scientific(book.forward), c: scientific(book.central) });
    $(s, '#gc-h-best').textContent = t('gc.h.bestVals', {
      hc: scientific(c.h), c: scientific(c.central), hf: scientific(f.h), f: scientific(f.forward),
    });
    $(s, '#gc-h-explain').textContent = t('gc.h.explain', { small: scientific(study.smallestH.central), big: scientific(study.largestH.central) });
    const chart = this.hChart;
    if (!chart.fit()) return;
    drawStepSizes(chart.canvas, this.state.fn, {
      title: t('gc.h.chart', { fn: t(`gc.fn.${this.state.fn}`) }), xLabel: t('gc.h.xlabel'), yLabel: t('gc.h.ylabel'),
      forward: t('gc.h.fwd'), central: t('gc.h.ctr'), mark: `h = ${scientific(this.lesson.bookH)}`,
    });
    chart.describe(t('gc.h.alt', { fn: t(`gc.fn.${this.state.fn}`), hc: scientific(c.h), c: scientific(c.central) }), this.hCsv());
  }

  hCsv() {
    return { header: ['h', t('gc.h.fwd'), t('gc.h.ctr')], rows: this.study?.rows ?? [] };
  }

  renderChain() {
    const s = this.section;
    const x = Number(this.state.x);
    const values = { x, ...chainRule(x) }; // { x, u, f, dfdu, dudx, dfdx }
    for (const el of s.querySelectorAll('#gc-graph [data-value]')) el.textContent = fmt(values[el.dataset.value], 4);
    const text = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, fmt(v)]));
    text.xTerm = term(x); // inside "2 × x + 3": a negative x in parentheses
    $(s, '#gc-graph-title').textContent = t('gc.chain.alt', text);
    $(s, '#gc-chain-steps').replaceChildren(...['s1', 's2', 's3', 's4', 's5'].map((step) => {
      const li = document.createElement('li');
      li.textContent = t(`gc.chain.${step}`, text);
      return li;
    }));
  }
}
