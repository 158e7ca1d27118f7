// Section 4.5 for real: the book's chapter-4 network learns with `numerical_gradient`. The lab
// worker trains the lesson's tiny network that way and, beside it, the same network with
// backpropagation on the same mini-batches (the wasm's NumericalTrainingRun); the two loss
// curves overlap. The measured time per step is projected to the book's setup by the wasm.

import { numericalTrainingSetup, projectedBookSeconds } from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import { FromLab, ToLab } from '../lab-client.js';
import { drawLineChart } from '../line-chart.js';
import { ChartFigure, chartMarkup, frameScheduler } from './chart-tools.js';
import { $ } from '../dom.js';
import { fmt, scientific } from '../format.js';
import { codeListing } from './code-listings.js';
import { duration } from '../format.js';
import { LabJob } from './lab-job.js';

const SEED = 42;

export const NUMERICAL_TRAINING_MARKUP = `
  <section class="lesson-part" id="nt" aria-labelledby="nt-title">
    <h2 id="nt-title" class="part-title" data-i18n="nt.title"></h2>
    <p class="intro" data-i18n="nt.intro"></p>
    <div class="lesson-grid">
      <section class="panel lesson-card controls-card" aria-labelledby="nt-controls">
        <h3 id="nt-controls" data-i18n="nt.controls"></h3>
        <p class="hint" id="nt-setup"></p>
        <div class="buttons left lab-buttons">
          <button type="button" id="nt-run" class="primary" data-i18n="nt.run"></button>
          <button type="button" id="nt-cancel" data-i18n="lab.cancel" disabled></button>
        </div>
        <progress id="nt-progress" max="1" value="0" aria-labelledby="nt-status"></progress>
        <p id="nt-status" class="status-text lab-status" aria-live="polite"></p>
        <dl class="readout stacked">
          <div><dt data-i18n="nt.perStep"></dt><dd id="nt-per-step">—</dd></div>
          <div><dt id="nt-book-label"></dt><dd id="nt-book">—</dd></div>
          <div><dt data-i18n="nt.gap"></dt><dd id="nt-gap">—</dd></div>
        </dl>
        <p class="explain" id="nt-explain"></p>
        ${codeListing('backprop', 'code.backprop')}
      </section>
      <div class="panel lesson-card chart-card" id="nt-card">${chartMarkup('nt-chart')}</div>
    </div>
  </section>`;

export class NumericalTraining {
  constructor(root) {
    this.root = root;
    const [images, hidden, batch, lr, steps, bookHidden, bookBatch, bookSteps] = numericalTrainingSetup();
    this.setup = { images, hidden, batch, lr, steps, bookHidden, bookBatch, bookSteps };
    this.progressMsg = null; // the last NUMTRAIN_PROGRESS
    this.job = new LabJob(root, 'nt', { clientName: 'numtrain', onMessage: (msg) => this.onMessage(msg), doneKey: 'nt.done' });
    this.chart = new ChartFigure(root, 'nt-chart', { aspect: 0.62, maxHeight: 420, filename: () => 'gradlab-numerical-training', csv: () => this.csv() });
    this.draw = frameScheduler(() => this.render());
    $(root, '#nt-run').addEventListener('click', () => this.start());
    new ResizeObserver(() => this.draw()).observe($(root, '#nt-card'));
    onLanguageChange(() => this.draw());
    this.draw();
  }

  start() {
    this.progressMsg = null;
    this.job.start((client, jobId) => client.send(ToLab.NUMTRAIN, { jobId, seed: SEED }));
    this.draw();
  }

  onMessage(msg) {
    if (msg.type !== FromLab.NUMTRAIN_PROGRESS) return;
    this.progressMsg = msg;
    const fraction = (msg.stepsDone + msg.stepProgress / msg.parameterCount) / msg.steps;
    this.job.progress(fraction, t('nt.status', {
      step: Math.min(msg.steps, msg.stepsDone + 1), steps: msg.steps, done: msg.stepProgress.toLocaleString(), total: msg.parameterCount.toLocaleString(),
    }));
    this.draw();
  }

  /** [[step, numerical loss, backprop loss], …] of the last report. */
  rows() {
    const losses = this.progressMsg?.losses ?? [];
    const rows = [];
    for (let k = 0; 2 * k + 1 < losses.length; k += 1) rows.push([k, losses[2 * k], losses[2 * k + 1]]);
    return rows;
  }

  render() {
    const s = this.setup;
    $(this.root, '#nt-setup').textContent = t('nt.setup', {
      hidden: s.hidden, images: s.images, batch: s.batch, lr: s.lr, steps: s.steps,
      params: (784 * s.hidden + s.hidden + s.hidden * 10 + 10).toLocaleString(),
    });
    $(this.root, '#nt-book-label').textContent = t('nt.book', { hidden: s.bookHidden, batch: s.bookBatch, steps: s.bookSteps.toLocaleString() });
    const msg = this.progressMsg;
    const rows = this.rows();
    const perStepMs = msg && msg.stepsDone > 0 ? msg.ms / msg.stepsDone : NaN;
    $(this.root, '#nt-per-step').textContent = Number.isFinite(perStepMs) ? duration(perStepMs) : '—';
    $(this.root, '#nt-book').textContent = Number.isFinite(perStepMs) ? duration(1000 * projectedBookSeconds(perStepMs / 1000)) : '—';
    const gap = rows.length > 1 ? Math.max(...rows.map((r) => Math.abs(r[1] - r[2]))) : NaN;
    const gapText = gap === 0 ? '0' : scientific(gap);
    $(this.root, '#nt-gap').textContent = Number.isFinite(gap) ? gapText : '—';
    $(this.root, '#nt-gap').dataset.value = Number.isFinite(gap) ? String(gap) : '';
    $(this.root, '#nt-explain').textContent = t('nt.explain');
    const chart = this.chart;
    if (!chart.fit()) return;
    drawLineChart(chart.canvas, {
      title: t('nt.chart', { images: s.images }),
      xLabel: t('nt.x'),
      yLabel: t('chart.loss.y'),
      xKind: 'integer',
      empty: t('nt.empty'),
      series: [
        { label: t('nt.numerical'), xs: rows.map((r) => r[0]), ys: rows.map((r) => r[1]), points: true },
        { label: t('nt.backprop'), xs: rows.map((r) => r[0]), ys: rows.map((r) => r[2]) },
      ],
    });
    chart.describe(rows.length > 1
      ? t('nt.alt', { steps: rows.length - 1, first: fmt(rows[0][1], 3), last: fmt(rows.at(-1)[1], 3), gap: gapText })
      : t('nt.empty'), this.csv());
  }

  csv() {
    return { header: [t('nt.x'), t('nt.numerical'), t('nt.backprop')], rows: this.rows() };
  }
}
