// The loss and accuracy charts: the wasm Curves object keeps the history and draws with plotters.
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
    this.epochs = [];
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

  get lossCount() {
    return this.curves.lossCount;
  }

  get lastSmoothedLoss() {
    return this.curves.lastSmoothedLoss;
  }

  get latestEpoch() {
    return this.epochs.length > 0 ? this.epochs[this.epochs.length - 1] : null;
  }

  addLosses(firstIteration, losses) {
    if (losses.length === 0) return;
    this.curves.pushLosses(firstIteration, losses);
    this.dirty = true;
  }

  /** rows: flattened [iteration, epoch, trainAccuracy, testAccuracy, ...]. */
  addEpochs(rows) {
    for (let k = 0; k + 3 < rows.length; k += 4) {
      const row = { iteration: rows[k], epoch: rows[k + 1], train: rows[k + 2], test: rows[k + 3] };
      this.curves.pushEpoch(row.iteration, row.epoch, row.train, row.test);
      this.epochs.push(row);
      this.dirty = true;
    }
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
    this.epochs = [];
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
    this.curves.drawLoss(this.lossCanvas, t('chart.loss.title'), t('chart.loss.x'), t(`chart.loss.y.${this.loss ?? 'cee'}`),
      t('chart.loss.raw'), t('chart.loss.smooth'));
    this.curves.drawAccuracy(this.accCanvas, t('chart.acc.title'), t('chart.acc.x'), t('chart.acc.y'),
      t('chart.acc.train'), t('chart.acc.test'));
    this.drawMs = performance.now() - start;
    if (now - this.lastAlt >= ALT_TEXT_INTERVAL_MS) {
      this.lastAlt = now;
      this.describe();
    }
  }

  /** Text alternatives with the latest numbers, for screen readers. */
  describe() {
    const n = this.curves.lossCount;
    const loss = this.curves.lastSmoothedLoss;
    const lossText = n === 0 ? t('chart.loss.empty') : t('chart.loss.alt', { n, loss: formatLoss(loss) });
    const last = this.latestEpoch;
    const accText = last === null
      ? t('chart.acc.empty')
      : t('chart.acc.alt', { n: this.epochs.length, train: percent(last.train), test: percent(last.test) });
    setText(this.lossDesc, lossText);
    setText(this.accDesc, accText);
    this.lossCanvas.setAttribute('aria-label', `${t('chart.loss.title')}. ${lossText}`);
    this.accCanvas.setAttribute('aria-label', `${t('chart.acc.title')}. ${accText}`);
  }
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
