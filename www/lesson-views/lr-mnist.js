// Section 4.3 on real data: the four shapes of a learning curve, produced by four MNIST runs in
// the lab worker that differ only in the learning rate. Each run's shape is recognised by the
// wasm (diagnoseCurve) from its own losses; the curves are drawn on shared axes by Curves
// (finished runs are kept and overlaid, labelled η and shape).

import { Curves, diagnoseCurve, shapeRuns } from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import { FromLab, ToLab, labClient } from '../lab-client.js';
import { showFailure } from './lab-job.js';
import { frameScheduler } from './chart-tools.js';
import { $, escapeHtml } from '../dom.js';
import { fitChartCanvas, onPixelRatioChange } from '../chart-canvas.js';
import { fmt } from '../format.js';


export const MNIST_SHAPES_MARKUP = `
  <section class="lesson-part" id="lr-mnist" aria-labelledby="lr-mnist-title">
    <h2 id="lr-mnist-title" class="part-title" data-i18n="lr.mnist.title"></h2>
    <p class="intro" data-i18n="lr.mnist.intro"></p>
    <div class="lesson-row">
      <section class="panel lesson-card controls-card" aria-labelledby="lr-mnist-controls">
        <h3 id="lr-mnist-controls" data-i18n="lr.mnist.controls"></h3>
        <p class="hint" id="lr-mnist-setup"></p>
        <div class="button-row">
          <button type="button" id="lr-mnist-run" class="primary" data-i18n="lr.mnist.run"></button>
          <button type="button" id="lr-mnist-cancel" data-i18n="lr.mnist.cancel" disabled></button>
        </div>
        <progress id="lr-mnist-progress" max="1" value="0" aria-labelledby="lr-mnist-status"></progress>
        <p id="lr-mnist-status" class="hint" aria-live="polite"></p>
        <div class="table-scroll" role="group" tabindex="0" aria-labelledby="lr-mnist-controls">
          <table class="data-table compact">
            <thead><tr><th scope="col">η</th><th scope="col" data-i18n="lr.mnist.shape"></th><th scope="col" data-i18n="lr.mnist.lastLoss"></th><th scope="col" data-i18n="lr.mnist.testAcc"></th></tr></thead>
            <tbody id="lr-mnist-rows"></tbody>
          </table>
        </div>
      </section>
      <div class="panel lesson-card chart-card" id="lr-mnist-card">
        <figure class="lesson-chart">
          <div class="lesson-canvas-box"><canvas id="lr-mnist-chart" role="img" aria-describedby="lr-mnist-alt"></canvas></div>
          <figcaption id="lr-mnist-alt" class="hint"></figcaption>
        </figure>
      </div>
    </div>
  </section>`;

export class MnistShapes {
  constructor(root) {
    this.root = root;
    this.runs = JSON.parse(shapeRuns());
    this.curves = new Curves();
    this.results = new Map(); // lr → { shape, lastLoss, testAcc }
    this.current = null; // { lr, losses: number[], iterations }
    this.jobId = null;
    this.client = null;
    this.canvas = $(root, '#lr-mnist-chart');
    this.draw = frameScheduler(() => this.render());
    $(root, '#lr-mnist-run').addEventListener('click', () => this.start());
    $(root, '#lr-mnist-cancel').addEventListener('click', () => this.cancel());
    new ResizeObserver(() => this.draw()).observe($(root, '#lr-mnist-card'));
    onPixelRatioChange(() => this.draw());
    onLanguageChange(() => this.renderAll());
    this.renderAll();
  }

  start() {
    this.client ??= labClient('lrshape', (msg) => this.onMessage(msg));
    this.curves.clearKept();
    this.curves.clear();
    this.results.clear();
    this.jobId = this.client.newJobId();
    this.setRunning(true);
    this.status(t('lr.mnist.loading'));
    const runs = this.runs.map((r) => ({ key: String(r.lr), query: r.query }));
    this.client.ready
      .then(() => this.client.send(ToLab.RUNS, { jobId: this.jobId, subset: Number(new URLSearchParams(this.runs[0].query).get('subset')), runs }))
      .catch((err) => this.fail(err.message));
    this.renderAll();
  }

  cancel() {
    if (this.jobId) this.client.send(ToLab.CANCEL, { jobId: this.jobId });
  }

  onMessage(msg) {
    if (msg.jobId !== this.jobId) return;
    switch (msg.type) {
      case FromLab.DATA_PROGRESS:
        this.progress(msg.done / Math.max(1, msg.total), t('lr.mnist.loading'));
        break;
      case FromLab.RUN_STARTED:
        this.current = { lr: Number(msg.key), losses: [], iterations: msg.iterations, testAcc: NaN };
        this.curves.clear();
        break;
      case FromLab.RUN_PROGRESS:
        this.curves.pushLosses(msg.firstIteration, msg.losses);
        this.current.losses.push(...msg.losses);
        if (msg.epochs.length >= 4) this.current.testAcc = msg.epochs[msg.epochs.length - 1];
        this.progress(this.overallProgress(msg.iteration), t('lr.mnist.running', { lr: msg.key }));
        this.draw();
        break;
      case FromLab.RUN_DONE:
        this.finishRun(msg.diverged);
        break;
      case FromLab.JOB_DONE:
        this.setRunning(false);
        this.progress(1, t('lr.mnist.done'));
        break;
      case FromLab.CANCELLED:
        this.setRunning(false);
        this.status(t('lr.mnist.cancelled'));
        break;
      case FromLab.ERROR:
        this.fail(msg.message);
        break;
      default:
    }
  }

  /** The run's shape comes from its own losses; its curve joins the kept ones. */
  finishRun(diverged) {
    const run = this.current;
    const shape = diagnoseCurve(Float32Array.from(run.losses), diverged);
    const finite = run.losses.filter(Number.isFinite);
    this.results.set(run.lr, { shape, lastLoss: finite.length > 0 ? finite[finite.length - 1] : Infinity, stoppedAt: diverged ? run.losses.length : null, testAcc: run.testAcc });
    this.curves.keepRun(`η=${run.lr}: ${t(`lesson.diag.${shape}`)}`);
    this.curves.clear();
    this.current = null;
    this.renderAll();
  }

  overallProgress(iteration) {
    const done = this.results.size;
    const within = this.current ? iteration / Math.max(1, this.current.iterations) : 0;
    return (done + within) / this.runs.length;
  }

  setRunning(running) {
    $(this.root, '#lr-mnist-run').disabled = running;
    $(this.root, '#lr-mnist-cancel').disabled = !running;
  }

  progress(fraction, text) {
    $(this.root, '#lr-mnist-progress').value = fraction;
    this.status(text);
  }

  status(text) {
    $(this.root, '#lr-mnist-status').textContent = text;
  }

  fail(message) {
    this.setRunning(false);
    showFailure($(this.root, '#lr-mnist-status'), t('lr.mnist.error', { message }), () => this.start());
  }

  /** The settings shared by the four runs, read from the queries the wasm made. */
  setup() {
    const q = new URLSearchParams(this.runs[0].query);
    return {
      hidden: q.get('hidden'), act: q.get('act'), init: q.get('init'), subset: Number(q.get('subset')).toLocaleString('en'),
      batch: q.get('batch'), iters: q.get('iters'), seed: q.get('seed'), rates: this.runs.map((r) => r.lr).join(', '),
    };
  }

  renderAll() {
    $(this.root, '#lr-mnist-setup').textContent = t('lr.mnist.setup', this.setup());
    const rows = this.runs.map((r) => {
      const res = this.results.get(r.lr);
      const shape = res ? `<span class="diag" data-diag="${res.shape}">${escapeHtml(t(`lesson.diag.${res.shape}`))}</span>` : '–';
      const stopped = res?.stoppedAt ? ` ${escapeHtml(t('lr.mnist.stopped', { n: res.stoppedAt }))}` : '';
      const loss = res ? `${Number.isFinite(res.lastLoss) ? fmt(res.lastLoss, 3) : '∞'}${stopped}` : '–';
      const acc = res && Number.isFinite(res.testAcc) ? `${(100 * res.testAcc).toFixed(1)}%` : '–';
      return `<tr data-lr="${r.lr}" data-shape="${res?.shape ?? ''}"><td>${r.lr}</td><td>${shape}</td><td>${loss}</td><td>${acc}</td></tr>`;
    });
    $(this.root, '#lr-mnist-rows').innerHTML = rows.join('');
    const done = [...this.results].map(([lr, r]) => `η=${lr}: ${t(`lesson.diag.${r.shape}`)}`).join('; ');
    $(this.root, '#lr-mnist-alt').textContent = done ? t('lr.mnist.alt', { runs: done }) : t('lr.mnist.empty');
    this.draw();
  }

  render() {
    if (!fitChartCanvas(this.canvas, { aspect: 0.62, maxHeight: 420 })) return;
    this.curves.drawLoss(this.canvas, t('lr.mnist.chart'), t('chart.loss.x'), t('chart.loss.y'),
      t('chart.loss.raw'), t('chart.loss.smooth'));
    this.canvas.setAttribute('aria-label', `${t('lr.mnist.chart')}. ${$(this.root, '#lr-mnist-alt').textContent}`);
  }
}
