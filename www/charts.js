// The loss and accuracy charts of the training view: the wasm Curves object keeps the history
// (the current run and the runs kept for comparison), answers the numbers shown beside the
// charts, and draws with plotters.
//
// Data arrives as deltas (addLosses / addEpochs) and only marks the chart it changes dirty;
// drawing happens in requestAnimationFrame, at most MAX_DRAWS_PER_SEC times a second and only
// after new data, one chart per frame, so the page stays responsive however fast the worker
// trains: the loss chart changes at every progress message, the accuracy chart only when an
// evaluation arrives.

import { t } from './i18n.js';
import { formatLoss, percent } from './format.js';
import { download, setAttr, setText } from './dom.js';
import { fitChartCanvas, onPixelRatioChange, savePng } from './chart-canvas.js';

const MAX_DRAWS_PER_SEC = 10;
const DRAW_INTERVAL_MS = 1000 / MAX_DRAWS_PER_SEC;
// If drawing gets slow (long histories), wait this many draw-times between draws, so the
// page keeps most of each second for the learner.
const DRAW_BUDGET_FACTOR = 4;
const CHARTS = ['loss', 'accuracy'];
const ALT_TEXT_INTERVAL_MS = 1000;
const CHART_SIZE = { aspect: 0.7, maxHeight: 400 }; // height / width, and at most (CSS px)
// A few made-up points for warmUp (never shown): enough for every part of both charts.
const WARM_UP_LOSSES = [2.3, 2.2, 2.0, 1.9];
const WARM_UP_EPOCHS = [2, 1, 0.5, 0.5, 4, 2, 0.7, 0.7]; // [iteration, epoch, train, test] rows

export class Charts {
  /** `loss` names the loss chart's y axis (a choice of the loss key: the run's, or its default before one). */
  constructor(Curves, lossCanvas, accCanvas, lossDesc, accDesc, loss) {
    this.Curves = Curves;
    this.loss = loss;
    this.curves = new Curves();
    this.lossCanvas = lossCanvas;
    this.accCanvas = accCanvas;
    this.lossDesc = lossDesc;
    this.accDesc = accDesc;
    this.dirty = { loss: true, accuracy: true };
    this.lastDraw = { loss: -Infinity, accuracy: -Infinity };
    this.drawMs = 0; // how long the last chart drawn took
    this.lastAlt = -Infinity;
    this.altDirty = true; // the text alternatives lag the data (see frame)
    // Each canvas's box width as last laid out, kept here (a ResizeObserver runs after layout):
    // a chart drawn in a frame then never reads it from the page, which the messages handled
    // since the last frame have usually changed, and which would force a layout mid-frame.
    this.boxWidths = new Map();
    const boxes = new ResizeObserver((entries) => {
      for (const { target } of entries) this.boxWidths.set(target, target.clientWidth);
      this.invalidate();
    });
    for (const canvas of [lossCanvas, accCanvas]) boxes.observe(canvas.parentElement);
    onPixelRatioChange(() => this.invalidate());
    this.wireSaving(lossCanvas, 'gradlab-loss', () => this.curves.lossCsv());
    this.wireSaving(accCanvas, 'gradlab-accuracy', () => this.curves.accuracyCsv());
    const whenIdle = window.requestIdleCallback ?? setTimeout;
    whenIdle(() => this.warmUp((curves, canvas) => this.drawLoss(curves, canvas)));
    whenIdle(() => this.warmUp((curves, canvas) => this.drawAccuracy(curves, canvas)));
  }

  /**
   * Draws a chart once (`draw`), with made-up points, on a canvas never shown, while the page is
   * idle: the browser compiles each wasm function at its first call, and the first draws of a
   * run would otherwise pay for it in one long frame (about 20 ms on a 2-core machine). One
   * chart per idle callback: both at once took about 50 ms, a long task of its own.
   */
  warmUp(draw) {
    const curves = new this.Curves();
    try {
      curves.pushLosses(0, new Float32Array(WARM_UP_LOSSES));
      curves.pushEpochs(new Float64Array(WARM_UP_EPOCHS));
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [this.lossCanvas.width, this.lossCanvas.height];
      draw(curves, canvas);
    } finally {
      curves.free();
    }
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

  /** The current run's test accuracy at `iteration` if its last evaluation measured it there, else undefined. */
  testAccuracyAt(iteration) {
    return this.curves.testAccuracyAt(iteration);
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
    this.dirty.loss = true;
    this.altDirty = true;
  }

  /** rows: flattened [iteration, epoch, trainAccuracy, testAccuracy, ...]. */
  addEpochs(rows) {
    if (rows.length === 0) return;
    this.curves.pushEpochs(rows);
    this.dirty.accuracy = true;
    this.altDirty = true;
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
    this.dirty.loss = true;
    this.dirty.accuracy = true;
    this.altDirty = true;
    this.lastAlt = -Infinity;
  }

  /**
   * Call from requestAnimationFrame, before anything writes to the page in that frame (reading
   * the canvas boxes then needs no fresh layout). Draws at most one chart a frame: of those
   * with something new and not drawn for an interval, the one waiting longest. The text
   * alternatives follow the data at most once an ALT_TEXT_INTERVAL_MS, in a frame of their own
   * if need be, so the last numbers of a run are described too. Returns whether it drew.
   */
  frame(now) {
    const drew = this.drawDue(now);
    if (this.altDirty && now - this.lastAlt >= ALT_TEXT_INTERVAL_MS) {
      this.lastAlt = now;
      this.altDirty = false;
      this.describe();
    }
    return drew;
  }

  /** Draws the chart due (see frame); returns whether it drew. */
  drawDue(now) {
    const interval = Math.max(DRAW_INTERVAL_MS, DRAW_BUDGET_FACTOR * this.drawMs);
    const due = CHARTS.filter((c) => this.dirty[c] && now - this.lastDraw[c] >= interval);
    if (due.length === 0) return false;
    const chart = due.reduce((a, b) => (this.lastDraw[b] < this.lastDraw[a] ? b : a)); // the one waiting longest
    this.dirty[chart] = false;
    this.lastDraw[chart] = now;
    const start = performance.now();
    const canvas = chart === 'loss' ? this.lossCanvas : this.accCanvas;
    fitChartCanvas(canvas, { ...CHART_SIZE, boxWidth: this.boxWidths.get(canvas.parentElement) });
    if (chart === 'loss') this.drawLoss(this.curves, canvas);
    else this.drawAccuracy(this.curves, canvas);
    this.drawMs = performance.now() - start;
    return true;
  }

  drawLoss(curves, canvas) {
    curves.drawLoss(canvas, {
      title: t('chart.loss.title'), x: t('chart.loss.x'), y: t(`chart.loss.y.${this.loss}`),
      series: [t('chart.loss.raw'), t('chart.loss.smooth')],
    });
  }

  drawAccuracy(curves, canvas) {
    curves.drawAccuracy(canvas, {
      title: t('chart.acc.title'), x: t('chart.acc.x'), y: t('chart.acc.y'), series: [t('chart.acc.train'), t('chart.acc.test')],
    });
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
    setAttr(this.lossCanvas, 'aria-label', `${t('chart.loss.title')}. ${lossText}`);
    setAttr(this.accCanvas, 'aria-label', `${t('chart.acc.title')}. ${accText}`);
  }
}
