// Section 5, "Mini-batch" (#/minibatch?subset&epochs&act&lr&sizes&x&logy&sbatch&sseed&scale):
//   batch sizes — the same 784-50-10 network trained on real MNIST with batch sizes 1, 32, 128,
//                 512 and the whole subset, for the same number of epochs; loss curves overlaid
//                 against iterations, epochs or seconds (trained in the lab worker, www/worker/);
//   sampling    — what one drawn batch holds and how much of the data one epoch sees, for each
//                 sampler (samplerStats), and a run on class-sorted data, in order vs shuffled.
// The runs, rates and queries come from the wasm's minibatchPlan; the runs' histories live in
// two wasm Curves (sizes, sorted data) that also draw them and name the verdict's runs. Each
// of the two is a LabJob (./lab-job.js: buttons, progress, status, cancel, Retry); the sampler
// cards are a request of their own. This file keeps the URL state and the DOM.

import markup from '../views/minibatch.html?raw';
import {
  Curves, batchVerdict, biasVerdict, lessonKeySpecs, minibatchPlan, nextSamplerSeed, normalizeLessonQuery, samplerCard, samplerNames,
} from '../pkg/gradlab.js';
import { onLanguageChange, t, translate } from '../i18n.js';
import { ChartFigure, LessonHash, frameScheduler, parseQuery, toQuery } from './chart-tools.js';
import { expandPartial, fromTemplate } from './partial.js';
import { $, build } from '../dom.js';
import { controlValue, setControl, setUpControl } from '../controls.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { duration, fmt, percent, wholeNumber } from '../format.js';
import { FromLab, ToLab, labClient } from '../lab-client.js';
import { LabJob, showFailure } from './lab-job.js';

const ROUTE = 'minibatch';
const NONE = '—';
const SMOOTH = { smooth: true }; // each run's moving average over a faint band of its raw losses

/** The view's keys, clamped by the wasm's key table: a link never carries a value the controls cannot show. */
function normalize(rawQuery) {
  return parseQuery(normalizeLessonQuery(ROUTE, rawQuery));
}

/** A test accuracy (a fraction, from the wasm) as a percentage with one decimal, or — when there is none. */
const percentCell = (fraction) => (fraction === undefined ? NONE : percent(fraction, 1));

export class MinibatchView {
  constructor(section) {
    this.section = section;
    build(section, expandPartial(markup));
    this.specs = Object.fromEntries(lessonKeySpecs(ROUTE).map((k) => [k.name, k]));
    this.buildControls();
    translate(section);
    this.hash = new LessonHash(ROUTE, section);
    this.state = normalize('');
    this.plan = minibatchPlan(toQuery(this.state));
    this.lab = null; // the worker client of the sampler cards, started on first show
    this.sizeRuns = new Curves();
    this.biasRuns = new Curves();
    this.sizeJob = this.runsJob('mb', this.sizeRuns, () => this.startSizes());
    this.biasJob = this.runsJob('mb-bias', this.biasRuns, () => this.startBias());
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

  /**
   * The controls from the wasm's key table: the key `k` whose control is one input or select,
   * #mb-k, is set up from its spec like the training form's (../controls.js); the batch sizes
   * and the x axis are groups built from templates; the sampler cards.
   */
  buildControls() {
    const s = this.section;
    /** [{ key, el }]: the keys with an input or select of their own. */
    this.controls = Object.values(this.specs).flatMap((spec) => {
      const el = $(s, `#mb-${spec.name}`);
      return el?.matches('input, select') ? [{ key: spec.name, el: setUpControl(el, spec) }] : [];
    });
    const { sizes, x } = this.specs;
    $(s, '#mb-sizes').append(...sizes.options.map((size) => {
      const item = fromTemplate(s, 'mb-size-check');
      Object.assign($(item, 'input'), { value: size, id: `mb-size-${size}` });
      $(item, 'span').dataset.size = size;
      return item;
    }));
    $(s, '#mb-x').append(...x.options.map((axis) => {
      const item = fromTemplate(s, 'mb-x-item');
      Object.assign($(item, 'input'), { value: axis, id: `mb-x-${axis}` });
      $(item, 'span').dataset.i18n = `mb.x.${axis}`;
      return item;
    }));
    $(s, '#mb-samplers').append(...samplerNames().map((name) => {
      const card = fromTemplate(s, 'mb-sampler-card');
      card.dataset.sampler = name;
      $(card, 'h3').dataset.i18n = `mb.sampler.${name}`;
      $(card, 'code').dataset.i18n = `mb.sampler.${name}.code`;
      $(card, 'p.hint').dataset.i18n = `mb.sampler.${name}.note`;
      return card;
    }));
  }

  // ---- state ------------------------------------------------------------------------------------

  route(rawQuery) {
    this.update(rawQuery ? normalize(rawQuery) : this.state, !this.samplerRows);
    this.ensureLab();
  }

  set(partial) {
    this.update(normalize(toQuery({ ...this.state, ...partial })), false);
  }

  /** New settings: the hash, the plan of the runs, and the sampler cards if their data changed. */
  update(state, samplersWanted) {
    const before = this.plan.samplers;
    this.state = state;
    this.hash.write(toQuery(state));
    this.plan = minibatchPlan(toQuery(state));
    // The cards are drawn again when what they are drawn from changes (the plan's, the wasm's).
    const samplersChanged = Object.keys(before).some((k) => before[k] !== this.plan.samplers[k]);
    if (samplersWanted || samplersChanged) this.requestSamplers();
    this.schedule();
  }

  sizeLabel(size) {
    return size === 'all' ? t('mb.size.all', { n: wholeNumber(Number(this.state.subset)) }) : t('mb.size.n', { n: size });
  }

  ensureLab() {
    if (this.lab) return;
    this.lab = labClient('mb-samplers', (msg) => this.receive(msg));
    this.lab.ready.catch((err) => {
      $(this.section, '#mb-status').textContent = t('lab.error', { message: err.message });
    });
  }

  wire() {
    const s = this.section;
    for (const box of s.querySelectorAll('#mb-sizes input')) {
      box.addEventListener('change', () => {
        const chosen = [...s.querySelectorAll('#mb-sizes input:checked')].map((b) => b.value);
        if (chosen.length === 0 && !this.specs.sizes.allowEmpty) box.checked = true; // the wasm's key table: no empty set
        else this.set({ sizes: chosen.join(',') });
      });
    }
    for (const { key, el } of this.controls) {
      el.addEventListener('change', () => {
        const value = controlValue(el);
        if (value !== '') this.set({ [key]: value }); // an emptied number keeps the last value
      });
    }
    for (const r of s.querySelectorAll('input[name="mb-x"]')) r.addEventListener('change', () => this.set({ x: r.value }));
    $(s, '#mb-redraw').addEventListener('click', () => this.set({ sseed: String(nextSamplerSeed(Number(this.state.sseed))) }));
    $(s, '#mb-run').addEventListener('click', () => this.startSizes());
    $(s, '#mb-bias-run').addEventListener('click', () => this.startBias());
  }

  // ---- jobs ---------------------------------------------------------------------------------------

  /**
   * The lab job of panel `prefix` whose runs' histories go to `curves`; its status line names
   * the run in progress, and a failure's Retry sets the runs up again (`restart`).
   */
  runsJob(prefix, curves, restart) {
    return new LabJob(this.section, prefix, {
      clientName: prefix, curves, doneKey: 'lab.done', retry: restart,
      onMessage: (msg) => this.onRunMessage(curves, msg),
      progressText: () => {
        const current = curves.summaries().find((r) => r.state === 'running');
        return current ? t('lab.running', { label: current.label, i: wholeNumber(current.iteration), n: wholeNumber(current.planned) }) : '';
      },
    });
  }

  startSizes() {
    this.ensureLab();
    if (!this.samplerRows) this.requestSamplers(); // they failed with the worker, if it was lost
    const plan = this.plan;
    const scaled = this.state.scale === '1';
    this.sizeRuns.clear();
    for (const run of plan.sizes) {
      const label = scaled ? `${this.sizeLabel(run.key)}, η = ${fmt(run.learningRate)}` : this.sizeLabel(run.key);
      this.sizeRuns.addRun({ key: run.key, label, learningRate: run.learningRate, iterationsPerEpoch: run.iterationsPerEpoch, style: SMOOTH });
    }
    this.sizeJob.startRuns({ runs: plan.sizes, setup: plan });
    this.schedule();
  }

  startBias() {
    this.biasRuns.clear();
    for (const run of this.plan.bias) {
      this.biasRuns.addRun({ key: run.key, label: t(run.key === 'shuffle' ? 'mb.bias.shuf' : 'mb.bias.seq'), style: SMOOTH });
    }
    this.biasJob.startRuns({ runs: this.plan.bias, setup: this.plan });
    this.schedule();
  }

  /** A run's start and end (the LabJob adds its progress to `curves` and handles the rest). */
  onRunMessage(curves, msg) {
    if (msg.type === FromLab.RUN_STARTED) curves.beginRun(msg.key, msg.iterations, msg.iterationsPerEpoch);
    else if (msg.type === FromLab.RUN_DONE) curves.finishRun(msg.key, msg.diverged ? 'diverged' : 'done', msg.ms);
    this.schedule();
  }

  requestSamplers() {
    this.ensureLab();
    this.samplerJob = this.lab.newJobId();
    const { samplers, dataset, testImages } = this.plan;
    this.lab.send(ToLab.SAMPLERS, { jobId: this.samplerJob, ...samplers, dataset, testImages });
  }

  /** The sampler cards' replies, and failures of the worker itself (a run's own go to its LabJob). */
  receive(msg) {
    if (msg.type === FromLab.SAMPLERS) {
      if (msg.jobId === this.samplerJob) this.showSamplers(msg.rows);
    } else if (msg.type === FromLab.ERROR) {
      // A run's failure already shown keeps its Retry (a run asks for the table again);
      // otherwise this failure gets one of its own.
      const status = $(this.section, '#mb-status');
      if (!status.querySelector('button.retry')) showFailure(status, t('lab.error', { message: msg.message }), () => this.requestSamplers());
    }
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
    const sizes = st.sizes.split(',');
    for (const box of s.querySelectorAll('#mb-sizes input')) box.checked = sizes.includes(box.value);
    for (const span of s.querySelectorAll('#mb-sizes [data-size]')) span.textContent = this.sizeLabel(span.dataset.size);
    for (const { key, el } of this.controls) {
      if (el.type === 'checkbox' || document.activeElement !== el) setControl(el, st[key]); // a number being typed stays
    }
    $(s, `#mb-x-${st.x}`).checked = true;
    $(s, '#mb-col-ipe').textContent = t('mb.col.ipe', { n: wholeNumber(this.plan.subset) });
    $(s, '#mb-bias-setup').textContent = t('mb.bias.setup', {
      n: wholeNumber(this.plan.subset), batch: this.plan.biasBatch, epochs: this.plan.epochs, ipe: this.plan.biasIterationsPerEpoch,
    });
  }

  /** One row per chosen batch size: updates per epoch from the plan, then what its run measured. */
  renderTable() {
    const runs = new Map(this.sizeRuns.summaries().map((r) => [r.key, r]));
    $(this.section, '#mb-table tbody').replaceChildren(...this.plan.sizes.map((size) => this.sizeRow(size, runs.get(size.key))));
    const verdict = $(this.section, '#mb-verdict');
    const picked = batchVerdict(this.sizeRuns); // run keys, or undefined
    if (picked) {
      const [fastest, slowest] = [runs.get(picked.fastest), runs.get(picked.slowest)];
      const best = picked.best === undefined ? null : runs.get(picked.best);
      verdict.textContent = t('mb.verdict', {
        fast: fastest.label, fastMs: fmt(fastest.msPerUpdate, 3), slow: slowest.label, slowMs: fmt(slowest.msPerUpdate, 3),
        best: best ? best.label : NONE, acc: best ? percent(best.testAccuracy, 1) : NONE, epochs: this.plan.epochs,
      });
    } else {
      verdict.textContent = t('mb.verdict.none');
    }
  }

  sizeRow(size, run) {
    const tr = fromTemplate(this.section, 'mb-size-row');
    const cell = (cls, text) => {
      $(tr, `.${cls}`).textContent = text;
    };
    const measured = run && run.iteration > 0;
    tr.dataset.size = size.key;
    cell('name', this.sizeLabel(size.key));
    if (size.key === 'all') cell('full-batch-note', t('mb.size.allNote'));
    else for (const el of tr.querySelectorAll('.full-only')) el.remove();
    // The η the next run of this size would use, and the one its last run used if different.
    const ranAt = run?.learningRate !== undefined && run.learningRate !== size.learningRate;
    cell('lr', ranAt ? `${fmt(size.learningRate)} ${t('mb.ranAt', { lr: fmt(run.learningRate) })}` : fmt(size.learningRate));
    cell('ipe', wholeNumber(size.iterationsPerEpoch));
    cell('book', wholeNumber(size.bookIterationsPerEpoch));
    cell('updates', measured ? wholeNumber(run.iteration) : NONE);
    cell('seconds', measured ? fmt(run.seconds, 2) : NONE);
    cell('ms', measured ? fmt(run.msPerUpdate, 3) : NONE);
    cell('acc', percentCell(run?.testAccuracy));
    cell('state', run ? t(`lab.state.${run.state}`) : NONE);
    return tr;
  }

  renderSizeChart() {
    const chart = this.charts.size;
    if (!chart.fit()) return;
    const axis = this.state.x;
    this.sizeRuns.drawLines(chart.canvas, {
      title: t('mb.chart.title', { n: wholeNumber(this.plan.subset) }), xLabel: t(`mb.axis.${axis}`), yLabel: t('mb.axis.loss'),
      values: 'loss', x: axis, logY: this.state.logy === '1', meanOf: t('chart.meanOf'), empty: t('mb.chart.empty'),
    });
    const runs = this.sizeRuns.summaries();
    const summary = runs.length
      ? t('mb.chart.alt', {
        axis: t(`mb.axis.${axis}`),
        runs: runs.map((r) => `${r.label}: ${wholeNumber(r.iteration)}, ${duration(1000 * r.seconds)}, ${r.lastLoss === undefined ? NONE : fmt(r.lastLoss, 3)}`).join('; '),
      })
      : t('mb.chart.empty');
    chart.describe(summary, this.summaryCsv(runs));
  }

  renderBias() {
    const s = this.section;
    $(s, '#mb-bias-table tbody').replaceChildren(...this.biasRuns.table('test-fraction', 'epoch').map(([epoch, seq, shuf]) => {
      const tr = fromTemplate(s, 'mb-bias-row');
      $(tr, '.epoch').textContent = fmt(epoch, 2);
      $(tr, '.seq').textContent = percentCell(seq ?? undefined);
      $(tr, '.shuf').textContent = percentCell(shuf ?? undefined);
      return tr;
    }));
    const runs = this.biasRuns.summaries();
    const verdict = biasVerdict(this.biasRuns); // { sequential, shuffle } test percents once both finished
    $(s, '#mb-bias-verdict').textContent = verdict
      ? t('mb.bias.verdict', { seq: percent(verdict.sequential, 1), shuf: percent(verdict.shuffle, 1) })
      : '';
    const chart = this.charts.bias;
    if (!chart.fit()) return;
    this.biasRuns.drawLines(chart.canvas, {
      title: t('mb.bias.chart'), xLabel: t('mb.axis.iter'), yLabel: t('mb.axis.loss'), values: 'loss', x: 'iter',
      meanOf: t('chart.meanOf'), empty: t('mb.chart.empty'),
    });
    chart.describe(runs.length
      ? t('mb.bias.alt', { runs: runs.map((r) => `${r.label}: ${percentCell(r.testAccuracy)}`).join('; ') })
      : t('mb.chart.empty'), this.summaryCsv(runs, t('mb.col.order')));
  }

  showSamplers(rows) {
    this.samplerRows = rows;
    const s = this.section;
    for (const row of rows) {
      const card = $(s, `.sampler-card[data-sampler="${row.sampler}"]`);
      const shown = samplerCard(Float64Array.from(row.counts));
      $(card, '.coverage-value').textContent = percent(row.coverage, 1);
      card.dataset.coverage = String(row.coverage);
      $(card, '.hist-bars').replaceChildren(...row.counts.map((count, digit) => {
        const bar = fromTemplate(s, 'mb-hist-bar');
        $(bar, '.hist-value').textContent = count;
        $(bar, '.hist-bar').style.height = `${shown.barPercents[digit]}%`;
        $(bar, '.hist-label').textContent = digit;
        return bar;
      }));
      $(card, '.hist-caption').textContent = t('mb.hist.caption', {
        batch: this.state.sbatch, counts: row.counts.map((c, d) => `${d}: ${c}`).join(', '),
      });
    }
    $(s, '#mb-sample-note').textContent = t('mb.sample.note', { n: wholeNumber(Number(this.state.subset)), seed: this.state.sseed });
  }

  // ---- text alternatives / CSV ------------------------------------------------------------------

  /** The runs' table for a chart's text alternative; `runHeader` names what tells them apart. */
  summaryCsv(runs, runHeader = t('mb.col.batch')) {
    return {
      header: [runHeader, t('mb.col.updates'), t('mb.col.seconds'), t('mb.axis.loss'), t('mb.col.testAcc')],
      // the accuracy as the visible tables write it (a percentage), not as a fraction
      rows: runs.map((r) => [r.label, r.iteration, r.seconds, r.lastLoss ?? null, percentCell(r.testAccuracy ?? undefined)]),
    };
  }

  runsCsv(curves) {
    return { header: ['run', 'iteration', 'epoch', 'seconds', 'loss'], rows: curves.lossRows() };
  }
}
