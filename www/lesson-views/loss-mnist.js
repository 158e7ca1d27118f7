// Section 2 on real data: the same MNIST run twice in the lab worker, once minimising
// cross-entropy and once the squared error after softmax (the wasm's lossLab: same network,
// seed, rate and batches). Both runs live in one wasm Curves; their test accuracies, measured
// by the trainer at each epoch, are overlaid, so "cross-entropy learns faster for
// classification" is seen rather than argued.

import markup from '../views/loss-mnist.html?raw';
import { Curves, lossLab, lossRunsFinished, lossVerdict } from '../pkg/gradlab.js';
import { t } from '../i18n.js';
import { FromLab } from '../lab-client.js';
import { ChartFigure, frameScheduler } from './chart-tools.js';
import { expandPartial, fromTemplate } from './partial.js';
import { $ } from '../dom.js';
import { fmt, percent, wholeNumber } from '../format.js';
import { LabJob, wireLabPanel } from './lab-job.js';

export const LOSS_MNIST_MARKUP = expandPartial(markup);
const NONE = '—';

export class LossMnist {
  constructor(root) {
    this.root = root;
    this.lab = lossLab(); // { runs: [{ key: 'cee' | 'sse', query }], setup }
    this.curves = new Curves();
    this.job = new LabJob(root, 'loss-mnist', {
      clientName: 'losscmp', onMessage: (msg) => this.onMessage(msg), doneKey: 'loss.mnist.done',
      curves: this.curves, progressText: (msg) => t('loss.mnist.running', { loss: t(`lossfn.${msg.key}`) }),
    });
    this.chart = new ChartFigure(root, 'loss-mnist-chart', {
      aspect: 0.62, maxHeight: 420, filename: () => 'gradlab-cross-entropy-vs-squared-error', csv: () => this.csv(),
    });
    this.draw = frameScheduler(() => this.render());
    wireLabPanel(root, 'loss-mnist', { start: () => this.start(), draw: this.draw });
  }

  start() {
    this.curves.clear();
    this.job.startRuns(this.lab);
    this.draw();
  }

  /** A run's start and end (the job adds its progress to the curves and handles the rest). */
  onMessage(msg) {
    if (msg.type === FromLab.RUN_STARTED) {
      this.curves.startRun({ key: msg.key, planned: msg.iterations, iterationsPerEpoch: msg.iterationsPerEpoch, style: { dots: true } });
    } else if (msg.type === FromLab.RUN_DONE) {
      this.curves.finishRun(msg.key, msg.diverged ? 'diverged' : 'done');
    }
    this.draw();
  }

  render() {
    const s = this.lab.setup;
    $(this.root, '#loss-mnist-setup').textContent = t('loss.mnist.setup', {
      hidden: s.hidden, subset: wholeNumber(s.subset), lr: s.learningRate, batch: s.batch, iters: wholeNumber(s.iterations), seed: s.seed,
    });
    const runs = new Map(this.curves.summaries().map((r) => [r.key, r]));
    const finished = new Set(lossRunsFinished(this.curves)); // keys of the runs that ran to their end
    $(this.root, '#loss-mnist-table tbody').replaceChildren(...this.lab.runs.map(({ key }) => this.row(key, runs.get(key), finished.has(key))));
    const verdict = lossVerdict(this.curves); // { cee, sse } test percents once both finished
    $(this.root, '#loss-mnist-verdict').textContent = verdict
      ? t('loss.mnist.verdict', { ce: percent(verdict.cee, 1), sse: percent(verdict.sse, 1), iters: wholeNumber(s.iterations) })
      : t('loss.mnist.why');
    const chart = this.chart;
    if (!chart.fit()) return;
    this.curves.drawLines(chart.canvas, {
      title: t('loss.mnist.chart'), xLabel: t('chart.loss.x'), yLabel: t('loss.mnist.acc'), values: 'test-accuracy', x: 'iter',
      empty: t('loss.mnist.empty'), labels: Object.fromEntries(this.lab.runs.map(({ key }) => [key, t(`lossfn.${key}`)])),
    });
    const summary = runs.size
      ? [...runs.values()].map((r) => `${t(`lossfn.${r.key}`)}: ${r.testAccuracy === undefined ? NONE : percent(r.testAccuracy, 1)}`).join('; ')
      : t('loss.mnist.empty');
    chart.describe(`${t('loss.mnist.chart')}. ${summary}`, this.csv());
  }

  /** The table row of the run minimising `key` (`finished` once it ran to its end). */
  row(key, run, finished) {
    const tr = fromTemplate(this.root, 'loss-mnist-row');
    tr.dataset.loss = key;
    tr.dataset.done = finished ? '1' : '0';
    $(tr, '.name').textContent = t(`lossfn.${key}`);
    $(tr, '.first').textContent = run?.firstLoss === undefined ? NONE : fmt(run.firstLoss, 3);
    $(tr, '.last').textContent = run?.lastLoss === undefined ? NONE : fmt(run.lastLoss, 3);
    $(tr, '.acc').textContent = run?.testAccuracy === undefined ? NONE : percent(run.testAccuracy, 1);
    return tr;
  }

  csv() {
    const header = [t('chart.loss.x'), ...this.lab.runs.map(({ key }) => `${t(`lossfn.${key}`)} (%)`)];
    return { header, rows: this.curves.table('test-accuracy') };
  }
}
