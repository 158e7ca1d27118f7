// Section 1, "The learning cycle" (#/cycle): the seven steps of learning, each tied to the code
// that does it in the training view, and "learning = finding the weights that minimize the
// loss", shown as a descent into one of the valleys of a loss landscape. The runs, where they
// end and the chart are the wasm's (lessons::cycle: cycleShown, drawCycle).

import { cycleShown, drawCycle } from '../pkg/gradlab.js';
import { onLanguageChange, t, translate } from '../i18n.js';
import { ChartFigure, frameScheduler, lessonMarkup } from './chart-tools.js';
import { $, build } from '../dom.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { fmt } from '../format.js';
import markup from '../views/cycle.html?raw';

// The stages of the cycle, in order: each has title, what and code texts in the locales.
const STAGES = ['sample', 'forward', 'loss', 'gradient', 'update', 'repeat', 'evaluate'];

export class CycleView {
  constructor(section) {
    this.section = section;
    build(section, lessonMarkup(markup));
    this.fillStages();
    this.shown = cycleShown();
    this.chart = new ChartFigure(section, 'cycle1-landscape', {
      aspect: 0.6,
      maxHeight: 420,
      filename: () => 'gradlab-loss-landscape',
      csv: () => this.shown.csv,
    });
    this.schedule = frameScheduler(() => this.render());
    new ResizeObserver(() => this.schedule()).observe($(section, '.chart-card'));
    onPixelRatioChange(() => this.schedule());
    onLanguageChange(() => this.schedule());
    section.dataset.ready = '1';
  }

  /** One list item per stage, cloned from the partial's template. */
  fillStages() {
    const template = $(this.section, '#cycle1-step');
    const list = $(this.section, '.cycle1-steps');
    list.replaceChildren(...STAGES.map((stage, i) => {
      const li = template.content.firstElementChild.cloneNode(true);
      li.dataset.stage = stage;
      $(li, '.num').textContent = String(i + 1);
      $(li, 'h3').dataset.i18n = `cycle1.${stage}.title`;
      $(li, 'p').dataset.i18n = `cycle1.${stage}.what`;
      $(li, '.code').dataset.i18n = `cycle1.${stage}.code`;
      return li;
    }));
    translate(list);
  }

  route() {
    this.schedule();
  }

  render() {
    if (!this.chart.fit()) return;
    drawCycle(this.chart.canvas, {
      title: t('cycle1.chart.title'), x: t('cycle1.chart.x'), y: t('cycle1.chart.y'),
      curve: t('cycle1.chart.curve'), iterates: t('cycle1.chart.iterates'), tangent: t('cycle1.chart.tangent'),
    });
    const ends = this.shown.ends.map((e) => t('cycle1.end', { x0: fmt(e.x0, 2), steps: e.steps, x: fmt(e.x, 3), f: fmt(e.f, 3) }));
    $(this.section, '#cycle1-ends').replaceChildren(...ends.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }));
    this.chart.describe(`${t('cycle1.chart.title')}. ${ends.join(' ')}`);
  }
}
