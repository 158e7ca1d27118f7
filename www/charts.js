// The loss and accuracy charts of the training view: the wasm Curves object keeps the history
// (the current run and the runs kept for comparison), answers the numbers shown beside the
// charts, and draws with plotters.
//
// Data arrives as deltas (addLosses / addEpochs) and only marks the charts dirty; drawing happens
// in requestAnimationFrame, at most MAX_DRAWS_PER_SEC times a second and only after new data,
// so the page stays responsive however fast the worker trains.

import { t } from './i18n.js';
import { formatLoss, percent } from './format.js';
import { download } from './dom.js';
import { fitChartCanvas, onPixelRatioChange, savePng } from './chart-canvas.js';

const MAX_DRAWS_PER_SEC = 10;
const DRAW_INTERVAL_MS = 1000 / MAX_DRAWS_PER_SEC;
// If drawing gets slow (long histories), wait this many draw-times between draws, so the
// page keeps most of each second for the learner.
const DRAW_BUDGET_FACTOR = 4;
const ALT_TEXT_INTERVAL_MS = 1000;
const CHART_SIZE = { aspect: 0.7, maxHeight: 400 }; // height / width, and at most (CSS px)

export class Charts {
  constructor(Curves, lossCanvas, accCanvas, lossDesc, accDesc) {
    this.curves = new Curves();
    this.lossCanvas = lossCanvas;
    this.accCanvas = accCanvas;
    this.lossDesc = lossDesc;
    this.accDesc = accDesc;
    this.dirty = true;
    this.lastDraw = -Infinity;
    this.drawMs = 0; // how long the last draw of both charts took
    this.lastAlt = -Infinity;
    new ResizeObserver(() => this.invalidate()).observe(lossCanvas.parentElement);
    onPixelRatioChange(() => this.invalidate());
    this.wireSaving(lossCanvas, 'gradlab-loss', () => this.curves.lossCsv());
    this.wireSaving(accCanvas, 'gradlab-accuracy', () => this.curves.accuracyCsv());
  }

  /** Save PNG / Save CSV under a chart (the CSV is the history the wasm keeps). */
  wireSaving(canvas, name, csv) {
    document.getElementById(`${canvas.id}-png`).addEventListener('click', () => savePng(canvas, name));
    document.getElementById(`${canvas.id}-csv`).addEventListener('click', () => {
      download(new Blob([csv()], { type: 'text/csv' }), `${name}.csv`);
    });
  }

  /** The current run as the wasm sums it up (RunSummary), or undefined before any data. */
  get run() {
    return this.curves.current();
  }

  get lossCount() {
    return this.run?.lossCount ?? 0;
  }

  get epochCount() {
    return this.run?.epochCount ?? 0;
  }

  get lastSmoothedLoss() {
    return this.run?.lastSmoothed ?? NaN;
  }

  /** { epoch, train, test } of the last evaluation, or null. */
  get latestEpoch() {
    const run = this.run;
    return run?.epochCount ? { epoch: run.epoch, train: run.trainAccuracy, test: run.testAccuracy } : null;
  }

  addLosses(firstIteration, losses) {
    if (losses.length === 0) return;
    this.curves.pushLosses(firstIteration, losses);
    this.dirty = true;
  }

  /** rows: flattened [iteration, epoch, trainAccuracy, testAccuracy, ...]. */
  addEpochs(rows) {
    if (rows.length === 0) return;
    this.curves.pushEpochs(rows);
    this.dirty = true;
  }

  /** Keeps the current curves, labelled, drawn under every later run until clearKept(). */
  keepRun(label) {
    const count = this.curves.keepRun(label);
    this.invalidate();
    return count;
  }

  clearKept() {
    this.curves.clearKept();
    this.invalidate();
  }

  get keptCount() {
    return this.curves.keptCount;
  }

  clear() {
    this.curves.clear();
    this.invalidate();
  }

  /** Forces a redraw (language switch, resize, clear). */
  invalidate() {
    this.dirty = true;
    this.lastAlt = -Infinity;
  }

  /** Call from requestAnimationFrame; draws if there is something new and enough time passed. */
  frame(now) {
    const interval = Math.max(DRAW_INTERVAL_MS, DRAW_BUDGET_FACTOR * this.drawMs);
    if (!this.dirty || now - this.lastDraw < interval) return;
    this.dirty = false;
    this.lastDraw = now;
    const start = performance.now();
    fitChartCanvas(this.lossCanvas, CHART_SIZE);
    fitChartCanvas(this.accCanvas, CHART_SIZE);
    this.curves.drawLoss(this.lossCanvas, {
      title: t('chart.loss.title'), x: t('chart.loss.x'), y: t(`chart.loss.y.${this.loss ?? 'cee'}`),
      series: [t('chart.loss.raw'), t('chart.loss.smooth')],
    });
    this.curves.drawAccuracy(this.accCanvas, {
      title: t('chart.acc.title'), x: t('chart.acc.x'), y: t('chart.acc.y'), series: [t('chart.acc.train'), t('chart.acc.test')],
    });
    this.drawMs = performance.now() - start;
    if (now - this.lastAlt >= ALT_TEXT_INTERVAL_MS) {
      this.lastAlt = now;
      this.describe();
    }
  }

  /** Text alternatives with the latest numbers, for screen readers. */
  describe() {
    const run = this.run;
    const lossText = run?.lossCount ? t('chart.loss.alt', { n: run.lossCount, loss: formatLoss(run.lastSmoothed) }) : t('chart.loss.empty');
    const accText = run?.epochCount
      ? t('chart.acc.alt', { n: run.epochCount, train: percent(run.trainAccuracy), test: percent(run.testAccuracy) })
      : t('chart.acc.empty');
    setText(this.lossDesc, lossText);
    setText(this.accDesc, accText);
    this.lossCanvas.setAttribute('aria-label', `${t('chart.loss.title')}. ${lossText}`);
    this.accCanvas.setAttribute('aria-label', `${t('chart.acc.title')}. ${accText}`);
  }
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
