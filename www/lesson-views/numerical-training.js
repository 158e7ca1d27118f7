// Section 4.5 for real: the book's chapter-4 network learns with `numerical_gradient`. The lab
// worker trains the lesson's tiny network that way and, beside it, the same network with
// backpropagation on the same mini-batches (the wasm's NumericalTrainingRun); the two loss
// curves, two runs of one wasm Curves, overlap: each report brings the losses since the last one,
// and the history is kept there alone. The wasm turns each report into what the panel shows
// (numericalTrainingReadout), the book's projected time included.

import markup from '../views/numerical-training.html?raw';
import { Curves, numericalTrainingReadout, numericalTrainingSetups } from '../pkg/gradlab.js';
import { t } from '../i18n.js';
import { FromLab, ToLab } from '../lab-client.js';
import { ChartFigure, frameScheduler } from './chart-tools.js';
import { expandPartial } from './partial.js';
import { $ } from '../dom.js';
import { duration, fmt, scientific, wholeNumber } from '../format.js';
import { LabJob, wireLabPanel } from './lab-job.js';

export const NUMERICAL_TRAINING_MARKUP = expandPartial(markup);
const NONE = '—';

export class NumericalTraining {
  constructor(root) {
    this.root = root;
    this.setup = numericalTrainingSetups(); // { lesson, seed, parameters, book, runs, dataset, testImages }
    this.curves = new Curves();
    this.readout = null; // what the last report means (numericalTrainingReadout)
    this.job = new LabJob(root, 'nt', { clientName: 'numtrain', onMessage: (msg) => this.onMessage(msg), doneKey: 'nt.done' });
    this.chart = new ChartFigure(root, 'nt-chart', { aspect: 0.62, maxHeight: 420, filename: () => 'gradlab-numerical-training', csv: () => this.csv() });
    this.draw = frameScheduler(() => this.render());
    wireLabPanel(root, 'nt', { start: () => this.start(), draw: this.draw });
  }

  start() {
    this.readout = null;
    const steps = this.setup.lesson.steps;
    for (const key of this.setup.runs) { // in the order of the worker's loss pairs
      this.curves.startRun({ key, planned: steps, firstIteration: 0, style: { dots: key === 'numerical' } });
    }
    const { seed, dataset, testImages } = this.setup;
    this.job.start((client, jobId) => client.send(ToLab.NUMTRAIN, { jobId, seed, dataset, testImages }));
    this.draw();
  }

  onMessage(msg) {
    if (msg.type !== FromLab.NUMTRAIN_PROGRESS) return;
    this.curves.pushColumns(this.setup.runs, msg.firstStep, msg.losses);
    const { report } = msg;
    this.readout = numericalTrainingReadout(report);
    this.job.progress(this.readout.fraction, t('nt.status', {
      step: this.readout.step, steps: report.steps, done: wholeNumber(report.stepProgress), total: wholeNumber(report.parameterCount),
    }));
    this.draw();
  }

  render() {
    const { lesson: s, parameters, book } = this.setup;
    $(this.root, '#nt-setup').textContent = t('nt.setup', {
      hidden: s.hidden, images: s.images, batch: s.batch, lr: s.lr, steps: s.steps, params: wholeNumber(parameters),
    });
    $(this.root, '#nt-book-label').textContent = t('nt.book', { hidden: book.hidden, batch: book.batch, steps: wholeNumber(book.steps) });
    const r = this.readout;
    $(this.root, '#nt-per-step').textContent = r?.msPerStep === undefined ? NONE : duration(r.msPerStep);
    $(this.root, '#nt-book').textContent = r?.bookMs === undefined ? NONE : duration(r.bookMs);
    const gap = r?.gap;
    const gapText = gap === undefined ? NONE : gap === 0 ? '0' : scientific(gap);
    $(this.root, '#nt-gap').textContent = gapText;
    $(this.root, '#nt-gap').dataset.value = gap === undefined ? '' : String(gap);
    const chart = this.chart;
    if (!chart.fit()) return;
    this.curves.drawLines(chart.canvas, {
      title: t('nt.chart', { images: s.images }), xLabel: t('nt.x'), yLabel: t('chart.loss.y'), values: 'loss', x: 'iter', empty: t('nt.empty'),
      labels: Object.fromEntries(this.setup.runs.map((key) => [key, t(`nt.${key}`)])),
    });
    const numerical = this.curves.summaries().find((run) => run.key === 'numerical');
    chart.describe(gap !== undefined && numerical
      ? t('nt.alt', { steps: numerical.iteration, first: fmt(numerical.firstLoss, 3), last: fmt(numerical.lastLoss, 3), gap: gapText })
      : t('nt.empty'), this.csv());
  }

  csv() {
    return { header: [t('nt.x'), t('nt.numerical'), t('nt.backprop')], rows: this.curves.table('loss') };
  }
}
