// Section 1, "The learning cycle" (#/cycle): the seven steps of learning, each tied to the code
// that does it in the training view, and "learning = finding the weights that minimize the
// loss", shown as a descent into one of the valleys of a loss landscape drawn by the wasm.

import { descend1d, drawFunction1d } from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import { ChartFigure, chartMarkup, frameScheduler } from './chart-tools.js';
import { $, build } from '../dom.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { fmt } from '../format.js';

// The landscape: f(x) = x⁴ − 3x² + x has a deep valley (global minimum) and a shallower one.
// Two starts, one on each side of the hill, end in different valleys.
const LANDSCAPE = 'twomin';
const STARTS = [-2.0, 1.9];
const LR = 0.02;
const STEPS = 40;
const STEPS_OF_CYCLE = ['sample', 'forward', 'loss', 'gradient', 'update', 'repeat', 'evaluate'];

const MARKUP = `
  <header class="view-head">
    <h1 id="cycle-title"><span class="num" aria-hidden="true">1</span> <span data-i18n="nav.cycle">Learning cycle</span></h1>
    <p class="intro" data-i18n="cycle1.intro"></p>
  </header>
  <section class="panel lesson-card cycle1-panel" aria-labelledby="cycle1-steps-title">
    <h2 id="cycle1-steps-title" data-i18n="cycle1.steps.title"></h2>
    <ol class="cycle1-steps">
      ${STEPS_OF_CYCLE.map((s, i) => `
        <li class="cycle1-step" data-stage="${s}">
          <span class="num" aria-hidden="true">${i + 1}</span>
          <h3 data-i18n="cycle1.${s}.title"></h3>
          <p data-i18n="cycle1.${s}.what"></p>
          <p class="code" data-i18n="cycle1.${s}.code"></p>
        </li>`).join('')}
    </ol>
    <p><a class="button-like primary" href="#/train" data-i18n="cycle1.go"></a></p>
  </section>
  <div class="lesson-grid">
    <section class="panel lesson-card" aria-labelledby="cycle1-essence-title">
      <h2 id="cycle1-essence-title" data-i18n="cycle1.essence.title"></h2>
      <p class="essence" data-i18n="cycle1.essence"></p>
      <p data-i18n="cycle1.landscape.text"></p>
      <ul id="cycle1-ends" class="cycle1-ends"></ul>
    </section>
    <section class="panel chart-card" aria-labelledby="cycle1-chart-title">
      <h2 id="cycle1-chart-title" class="visually-hidden" data-i18n="cycle1.chart.title"></h2>
      ${chartMarkup('cycle1-landscape')}
    </section>
  </div>`;

export class CycleView {
  constructor(section) {
    this.section = section;
    build(section, MARKUP);
    this.chart = new ChartFigure(section, 'cycle1-landscape', {
      aspect: 0.6,
      maxHeight: 420,
      filename: () => 'gradlab-loss-landscape',
      csv: () => this.csv(),
    });
    this.runs = STARTS.map((x0) => JSON.parse(descend1d(LANDSCAPE, x0, LR, STEPS)));
    this.schedule = frameScheduler(() => this.render());
    new ResizeObserver(() => this.schedule()).observe($(section, '.chart-card'));
    onPixelRatioChange(() => this.schedule());
    onLanguageChange(() => this.schedule());
    section.dataset.ready = '1';
  }

  route() {
    this.schedule();
  }

  render() {
    if (!this.chart.fit()) return;
    // The first start's descent is drawn on the curve; the other one is listed beside it.
    drawFunction1d(this.chart.canvas, LANDSCAPE, STARTS[0], LR, STEPS,
      t('cycle1.chart.title'), t('cycle1.chart.x'), t('cycle1.chart.y'),
      t('cycle1.chart.curve'), t('cycle1.chart.iterates'), t('cycle1.chart.tangent'));
    const ends = this.runs.map((run, i) => {
      const x = run.xs[run.xs.length - 1];
      const f = run.fs[run.fs.length - 1];
      return t('cycle1.end', { x0: fmt(STARTS[i], 2), steps: STEPS, x: fmt(x, 3), f: fmt(f, 3) });
    });
    $(this.section, '#cycle1-ends').replaceChildren(...ends.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }));
    this.chart.describe(`${t('cycle1.chart.title')}. ${ends.join(' ')}`);
  }

  csv() {
    const header = ['start', 'step', 'x', 'f(x)'];
    const rows = this.runs.flatMap((run, i) => run.xs.map((x, k) => [STARTS[i], k, x, run.fs[k]]));
    return { header, rows };
  }
}
