// Section 4.3 on real data: the shapes of a learning curve, produced by MNIST runs in the lab
// worker that differ only in the learning rate (the wasm's shapeLab). The runs live in one wasm
// Curves: each finished run is kept, labelled η and the shape the wasm recognises from its own
// losses and test accuracy (Curves.shape), and drawn under the next one.

import markup from '../views/lr-mnist.html?raw';
import { Curves, shapeLab } from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import { FromLab } from '../lab-client.js';
import { LabJob, wireLabPanel } from './lab-job.js';
import { frameScheduler } from './chart-tools.js';
import { fromTemplate } from './partial.js';
import { $ } from '../dom.js';
import { fitChartCanvas, onPixelRatioChange } from '../chart-canvas.js';
import { fmt, percent, wholeNumber } from '../format.js';

export const MNIST_SHAPES_MARKUP = markup;
const NONE = '–';

export class MnistShapes {
  constructor(root) {
    this.root = root;
    this.lab = shapeLab(); // { runs: [{ key, query, learningRate }], setup, chance: { loss, accuracy } }
    this.curves = new Curves();
    this.shapes = new Map(); // run key → the shape of its finished curve
    this.job = new LabJob(root, 'lr-mnist', {
      clientName: 'lrshape', onMessage: (msg) => this.onMessage(msg), doneKey: 'lr.mnist.done',
      curves: this.curves, progressText: (msg) => t('lr.mnist.running', { lr: msg.key }),
    });
    this.canvas = $(root, '#lr-mnist-chart');
    this.draw = frameScheduler(() => this.render());
    wireLabPanel(root, 'lr-mnist', { start: () => this.start(), draw: () => this.draw() });
    onPixelRatioChange(() => this.draw());
    onLanguageChange(() => this.renderAll());
    this.renderAll();
  }

  start() {
    this.curves.clearKept();
    this.curves.clear();
    this.shapes.clear();
    this.job.startRuns(this.lab);
    this.renderAll();
  }

  /** A run's start and end (lab-job.js adds its progress to the curves and handles the rest). */
  onMessage(msg) {
    if (msg.type === FromLab.RUN_STARTED) {
      this.curves.clear();
      this.curves.startRun({ key: msg.key, label: `η=${msg.key}`, planned: msg.iterations, iterationsPerEpoch: msg.iterationsPerEpoch });
    } else if (msg.type === FromLab.RUN_DONE) {
      this.finishRun(msg.key, msg.diverged);
    } else {
      this.draw();
    }
  }

  /** The run's shape comes from its own losses; its curve joins the kept ones. */
  finishRun(key, diverged) {
    this.curves.finishRun(key, diverged ? 'diverged' : 'done');
    const shape = this.curves.shape(key);
    this.shapes.set(key, shape);
    this.curves.keepRun(`η=${key}: ${t(`lesson.diag.${shape}`)}`);
    this.curves.clear();
    this.renderAll();
  }

  renderAll() {
    const s = this.lab.setup;
    $(this.root, '#lr-mnist-setup').textContent = t('lr.mnist.setup', {
      hidden: s.hidden, act: s.activation, init: s.init, subset: wholeNumber(s.subset), batch: s.batch, iters: s.iterations, seed: s.seed,
      rates: this.lab.runs.map((r) => r.key).join(', '),
    });
    const { chance } = this.lab;
    $(this.root, '#lr-mnist-chance').textContent = t('lr.mnist.chance', { loss: fmt(chance.loss, 3), acc: percent(chance.accuracy, 0) });
    const finished = new Map(this.curves.summaries().filter((r) => r.kept).map((r) => [r.key, r]));
    $(this.root, '#lr-mnist-rows').replaceChildren(...this.lab.runs.map(({ key }) => this.row(key, finished.get(key))));
    const done = [...finished.keys()].map((key) => `η=${key}: ${t(`lesson.diag.${this.shapes.get(key)}`)}`).join('; ');
    $(this.root, '#lr-mnist-alt').textContent = done ? t('lr.mnist.alt', { runs: done }) : t('lr.mnist.empty');
    this.draw();
  }

  /** The table row of run `key`, with its summary once it has finished. */
  row(key, run) {
    const tr = fromTemplate(this.root, 'lr-mnist-row');
    const shape = run ? this.shapes.get(key) : '';
    tr.dataset.lr = key;
    tr.dataset.shape = shape;
    $(tr, '.lr').textContent = key;
    if (shape) {
      const chip = document.createElement('span');
      chip.className = 'diag';
      chip.dataset.diag = shape;
      chip.textContent = t(`lesson.diag.${shape}`);
      $(tr, '.shape').append(chip);
    } else {
      $(tr, '.shape').textContent = NONE;
    }
    const stopped = run?.stoppedAt ? ` ${t('lr.mnist.stopped', { n: run.stoppedAt })}` : '';
    $(tr, '.loss').textContent = run ? `${fmt(run.lastFiniteLoss ?? Infinity, 3)}${stopped}` : NONE;
    $(tr, '.acc').textContent = run?.testAccuracy === undefined ? NONE : percent(run.testAccuracy, 1);
    return tr;
  }

  render() {
    if (!fitChartCanvas(this.canvas, { aspect: 0.62, maxHeight: 420 })) return;
    this.curves.drawLoss(this.canvas, {
      title: t('lr.mnist.chart'), x: t('chart.loss.x'), y: t('chart.loss.y'), series: [t('chart.loss.raw'), t('chart.loss.smooth')],
    });
    this.canvas.setAttribute('aria-label', `${t('lr.mnist.chart')}. ${$(this.root, '#lr-mnist-alt').textContent}`);
  }
}
