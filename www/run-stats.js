// The numbers beside the charts: iteration counter and progress bar, steps per second,
// time left, the latest accuracies and loss, and the data-loading bar. Rendered from
// requestAnimationFrame at most every RENDER_INTERVAL_MS, only when something changed.
// The wasm's Pace turns the clock readings into steps per second and the time left.

import { Pace } from './pkg/gradlab.js';
import { t } from './i18n.js';
import { fmt, fmtLr, formatLoss, percent, timeLeft, wholeNumber } from './format.js';
import { byId, setText } from './dom.js';

const RENDER_INTERVAL_MS = 100;
const SPEED_WINDOW_MS = 2000;
const NONE = '—';


export class RunStats {
  constructor() {
    this.pace = new Pace(SPEED_WINDOW_MS); // readings of recent progress messages
    this.dirty = true;
    this.lastRender = -Infinity;
  }

  /** Forget the speed history (new run, pause, resume: paused time must not count). */
  resetSpeed() {
    this.pace.reset();
    this.dirty = true;
  }

  sample(time, iteration) {
    this.pace.sample(time, iteration);
    this.dirty = true;
  }

  invalidate() {
    this.dirty = true;
  }

  /** Steps per second over the last SPEED_WINDOW_MS of progress messages, or null. */
  stepsPerSec() {
    return this.pace.stepsPerSecond() ?? null;
  }

  /** Renders now if anything changed: on a change of state, the numbers match the status shown. */
  flush(now, view) {
    this.lastRender = -Infinity;
    this.frame(now, view);
  }

  /** Call from requestAnimationFrame; `view()` returns what to show (only called when rendering). */
  frame(now, view) {
    if (!this.dirty || now - this.lastRender < RENDER_INTERVAL_MS) return;
    this.dirty = false;
    this.lastRender = now;
    this.pace.trim(now);
    render(view(), this.pace);
  }
}

/**
 * v: { training, iteration, planned, latestEpoch, lossCount, smoothedLoss, data, dataName, loading }
 */
function render(v, pace) {
  const progress = byId('progress');
  progress.max = Math.max(1, v.planned);
  progress.value = v.iteration;
  setText(byId('iter-count'), `${v.iteration} / ${v.planned}`);
  const speed = v.training ? pace.stepsPerSecond() : undefined;
  const left = v.training ? pace.secondsLeft(v.planned, v.iteration) : undefined;
  setText(byId('steps-per-sec'), speed === undefined ? NONE : wholeNumber(speed));
  setText(byId('eta'), left === undefined ? NONE : timeLeft(left));
  renderMetrics(v);
  renderData(v);
  const lrNow = byId('lr-now');
  lrNow.hidden = !Number.isFinite(v.currentLr);
  if (!lrNow.hidden) setText(lrNow, t('lr.now', { lr: fmtLr(v.currentLr) }));
}

function renderMetrics({ latestEpoch: last, lossCount, smoothedLoss }) {
  const testAcc = byId('test-acc');
  setText(testAcc, last ? percent(last.test) : NONE);
  if (last) testAcc.dataset.value = String(last.test);
  else delete testAcc.dataset.value;
  setText(byId('train-acc'), last ? percent(last.train) : NONE);
  // 10,000 iterations of 600 per epoch end at epoch 16.67: two decimals at most.
  setText(byId('epoch-count'), last ? fmt(last.epoch, 2) : NONE);
  setText(byId('loss-value'), lossCount > 0 ? formatLoss(smoothedLoss) : NONE);
}

function renderData({ data, dataName, loading }) {
  const box = byId('data-box');
  box.hidden = data === null || (data.done === data.total && !loading);
  if (box.hidden) return;
  const bar = byId('data-progress');
  bar.max = data.total;
  bar.value = data.done;
  byId('data-text').textContent = data.done < data.total
    ? t('data.loading', { name: dataName, done: data.done, total: data.total })
    : t('data.ready', { name: dataName });
}

