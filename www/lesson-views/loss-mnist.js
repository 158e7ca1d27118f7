// Section 2 on real data: the same MNIST run twice in the lab worker, once minimising
// cross-entropy and once the squared error after softmax (the wasm's lossRuns: same network,
// seed, rate and batches). Their test accuracies, measured by the trainer at each epoch, are
// overlaid, so "cross-entropy learns faster for classification" is seen rather than argued.

import { lossRuns } from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import { FromLab, ToLab } from '../lab-client.js';
import { drawLineChart } from '../line-chart.js';
import { ChartFigure, chartMarkup, frameScheduler } from './chart-tools.js';
import { $, escapeHtml } from '../dom.js';
import { fmt } from '../format.js';
import { LabJob } from './lab-job.js';

export const LOSS_MNIST_MARKUP = `
  <section class="lesson-part" id="loss-mnist" aria-labelledby="loss-mnist-title">
    <h2 id="loss-mnist-title" class="part-title" data-i18n="loss.mnist.title"></h2>
    <p class="intro" data-i18n="loss.mnist.intro"></p>
    <div class="lesson-grid">
      <section class="panel lesson-card controls-card" aria-labelledby="loss-mnist-controls">
        <h3 id="loss-mnist-controls" data-i18n="loss.mnist.controls"></h3>
        <p class="hint" id="loss-mnist-setup"></p>
        <div class="buttons left lab-buttons">
          <button type="button" id="loss-mnist-run" class="primary" data-i18n="loss.mnist.run"></button>
          <button type="button" id="loss-mnist-cancel" data-i18n="lab.cancel" disabled></button>
        </div>
        <progress id="loss-mnist-progress" max="1" value="0" aria-labelledby="loss-mnist-status"></progress>
        <p id="loss-mnist-status" class="status-text lab-status" aria-live="polite"></p>
        <div class="table-scroll" role="group" tabindex="0" aria-labelledby="loss-mnist-controls">
          <table class="num-table" id="loss-mnist-table">
            <thead><tr><th scope="col" data-i18n="loss.mnist.col.loss"></th><th scope="col" data-i18n="loss.mnist.col.first"></th><th scope="col" data-i18n="loss.mnist.col.last"></th><th scope="col" data-i18n="loss.mnist.col.acc"></th></tr></thead>
            <tbody></tbody>
          </table>
        </div>
        <p class="explain" id="loss-mnist-verdict" aria-live="polite"></p>
      </section>
      <div class="panel lesson-card chart-card" id="loss-mnist-card">${chartMarkup('loss-mnist-chart')}</div>
    </div>
  </section>`;

export class LossMnist {
  constructor(root) {
    this.root = root;
    this.runs = JSON.parse(lossRuns()); // [{ loss, query }]
    this.results = new Map(); // loss → { losses: number[], epochs: [iteration, accuracy][], iterations, done }
    this.job = new LabJob(root, 'loss-mnist', { clientName: 'losscmp', onMessage: (msg) => this.onMessage(msg), doneKey: 'loss.mnist.done' });
    this.chart = new ChartFigure(root, 'loss-mnist-chart', {
      aspect: 0.62, maxHeight: 420, filename: () => 'gradlab-cross-entropy-vs-squared-error', csv: () => this.csv(),
    });
    this.draw = frameScheduler(() => this.render());
    $(root, '#loss-mnist-run').addEventListener('click', () => this.start());
    new ResizeObserver(() => this.draw()).observe($(root, '#loss-mnist-card'));
    onLanguageChange(() => this.draw());
    this.draw();
  }

  start() {
    this.results.clear();
    const subset = Number(new URLSearchParams(this.runs[0].query).get('subset'));
    const runs = this.runs.map((r) => ({ key: r.loss, query: r.query }));
    this.job.start((client, jobId) => client.send(ToLab.RUNS, { jobId, subset, runs }));
    this.draw();
  }

  onMessage(msg) {
    switch (msg.type) {
      case FromLab.RUN_STARTED:
        this.results.set(msg.key, { losses: [], epochs: [], iterations: msg.iterations, done: false });
        break;
      case FromLab.RUN_PROGRESS: {
        const run = this.results.get(msg.key);
        run.losses.push(...msg.losses);
        // epochs come as flat records of 4: [iteration, epoch, train accuracy, test accuracy]
        for (let i = 0; i + 3 < msg.epochs.length; i += 4) run.epochs.push([msg.epochs[i], msg.epochs[i + 3]]);
        const index = this.runs.findIndex((r) => r.loss === msg.key);
        this.job.progress((index + msg.iteration / run.iterations) / this.runs.length, t('loss.mnist.running', { loss: t(`lossfn.${msg.key}`) }));
        this.draw();
        break;
      }
      case FromLab.RUN_DONE:
        this.results.get(msg.key).done = true;
        this.draw();
        break;
      default:
    }
  }

  render() {
    const q = new URLSearchParams(this.runs[0].query);
    $(this.root, '#loss-mnist-setup').textContent = t('loss.mnist.setup', {
      hidden: q.get('hidden'), subset: Number(q.get('subset')).toLocaleString(), lr: q.get('lr'), batch: q.get('batch'),
      iters: Number(q.get('iters')).toLocaleString(), seed: q.get('seed'),
    });
    const rows = this.runs.map(({ loss }) => {
      const run = this.results.get(loss);
      const acc = run?.epochs.at(-1);
      return `<tr data-loss="${loss}" data-done="${run?.done ? 1 : 0}">
        <th scope="row">${escapeHtml(t(`lossfn.${loss}`))}</th>
        <td>${run?.losses.length ? fmt(run.losses[0], 3) : '—'}</td>
        <td>${run?.losses.length ? fmt(run.losses.at(-1), 3) : '—'}</td>
        <td>${acc ? `${fmt(100 * acc[1], 1)} %` : '—'}</td></tr>`;
    });
    $(this.root, '#loss-mnist-table tbody').innerHTML = rows.join('');
    const [ce, sse] = this.runs.map((r) => this.results.get(r.loss));
    $(this.root, '#loss-mnist-verdict').textContent = ce?.done && sse?.done
      ? t('loss.mnist.verdict', { ce: fmt(100 * ce.epochs.at(-1)[1], 1), sse: fmt(100 * sse.epochs.at(-1)[1], 1), iters: Number(q.get('iters')).toLocaleString() })
      : t('loss.mnist.why');
    const chart = this.chart;
    if (!chart.fit()) return;
    const series = this.runs.filter((r) => this.results.has(r.loss)).map(({ loss }) => {
      const { epochs } = this.results.get(loss);
      return { label: t(`lossfn.${loss}`), xs: epochs.map((e) => e[0]), ys: epochs.map((e) => 100 * e[1]), points: true };
    });
    drawLineChart(chart.canvas, {
      title: t('loss.mnist.chart'), xLabel: t('chart.loss.x'), yLabel: t('loss.mnist.acc'), series, yRange: [0, 100], xKind: 'integer', empty: t('loss.mnist.empty'),
    });
    const summary = series.length
      ? series.map((s) => `${s.label}: ${s.ys.length ? `${fmt(s.ys.at(-1), 1)} %` : '—'}`).join('; ')
      : t('loss.mnist.empty');
    chart.describe(`${t('loss.mnist.chart')}. ${summary}`, this.csv());
  }

  csv() {
    const header = [t('chart.loss.x'), ...this.runs.map((r) => `${t(`lossfn.${r.loss}`)} (%)`)];
    const byIteration = new Map();
    this.runs.forEach(({ loss }, k) => {
      for (const [it, acc] of this.results.get(loss)?.epochs ?? []) {
        if (!byIteration.has(it)) byIteration.set(it, this.runs.map(() => null));
        byIteration.get(it)[k] = 100 * acc;
      }
    });
    const rows = [...byIteration].sort((a, b) => a[0] - b[0]).map(([it, accs]) => [it, ...accs]);
    return { header, rows };
  }
}
