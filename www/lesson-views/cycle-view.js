// Section 1, "The learning cycle" (#/cycle?x0=…): the seven steps of learning, each tied to the
// code that does it, walked through one at a time with Step / Previous / Reset; and "learning =
// finding the weights that minimize the loss", shown as descents into the valleys of a loss
// landscape: two fixed starts, and one the learner adds by a click on the chart or by typing x.
// The runs, where they end, their colours and the click → x mapping are the wasm's
// (lessons::cycle through cycleShown, drawCycle, cycleStartAt). This file keeps the hash and
// the DOM. It never loads MNIST: nothing here needs the data.

import { cycleNextStage, cyclePreviousStage, cycleShown, cycleStartAt, drawCycle } from '../pkg/gradlab.js';
import { onLanguageChange, t, tCount } from '../i18n.js';
import { ChartFigure, LessonHash, frameScheduler } from './chart-tools.js';
import { $, build } from '../dom.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { fmt, wholeNumber } from '../format.js';
import { expandPartial } from './partial.js';
import markup from '../views/cycle.html?raw';

const ROUTE = 'cycle';

export class CycleView {
  constructor(section) {
    this.section = section;
    build(section, expandPartial(markup));
    this.hash = new LessonHash(ROUTE, section);
    this.shown = cycleShown('');
    this.stage = null; // the index of the lit stage; none: every stage shows its explanation
    this.fillStages();
    this.chart = new ChartFigure(section, 'cycle1-landscape', {
      aspect: 0.6,
      maxHeight: 420,
      filename: () => 'gradlab-loss-landscape',
      csv: () => this.shown.csv,
    });
    this.wire();
    this.schedule = frameScheduler(() => this.render());
    new ResizeObserver(() => this.schedule()).observe($(section, '.chart-card'));
    onPixelRatioChange(() => this.schedule());
    onLanguageChange(() => {
      this.stageTexts();
      this.schedule();
    });
    section.dataset.ready = '1';
  }

  /** One list item per stage (the wasm's, in order; each has title, what and code texts in the locales). */
  fillStages() {
    const template = $(this.section, '#cycle1-step');
    const list = $(this.section, '.cycle1-steps');
    list.replaceChildren(...this.shown.stages.map(({ name, number }) => {
      const li = template.content.firstElementChild.cloneNode(true);
      li.dataset.stage = name;
      $(li, '.num').textContent = String(number);
      return li;
    }));
    this.stageTexts();
  }

  /** The texts with numbers: the stages (the first counts the book's mini-batch), the start's range. */
  stageTexts() {
    const { bookBatch, bookImages, domain: [min, max] } = this.shown;
    Object.assign($(this.section, '#cycle1-x0'), { min, max });
    $(this.section, '#cycle1-add-hint').textContent = t('cycle1.add.hint', { min: fmt(min, 2), max: fmt(max, 2) });
    const counts = { batch: wholeNumber(bookBatch), images: wholeNumber(bookImages) };
    for (const li of this.section.querySelectorAll('.cycle1-step')) {
      const key = `cycle1.${li.dataset.stage}`;
      $(li, 'h3').textContent = t(`${key}.title`);
      $(li, 'p').textContent = li.dataset.stage === 'sample' ? tCount(`${key}.what`, bookBatch, counts) : t(`${key}.what`);
      $(li, '.code').textContent = t(`${key}.code`, counts);
    }
    this.showStage();
  }

  wire() {
    const s = this.section;
    $(s, '#cycle1-walk-step').addEventListener('click', () => this.walk(cycleNextStage(this.stage)));
    $(s, '#cycle1-walk-prev').addEventListener('click', () => this.walk(cyclePreviousStage(this.stage)));
    $(s, '#cycle1-walk-reset').addEventListener('click', () => this.walk(null));
    this.chart.canvas.classList.add('cycle1-clickable');
    this.chart.canvas.addEventListener('click', (e) => {
      if (!this.chart.mapping) return;
      const [px, py] = this.chart.pixelOf(e);
      const query = cycleStartAt(this.chart.mapping, px, py);
      if (query) this.set(query);
    });
    $(s, '#cycle1-add').addEventListener('click', () => this.addTyped());
    $(s, '#cycle1-x0').addEventListener('keydown', (e) => {
      if (e.key === 'Enter') $(s, '#cycle1-add').click();
    });
    $(s, '#cycle1-remove').addEventListener('click', () => {
      this.set('');
      $(s, '#cycle1-add').focus(); // the Remove button hides itself
    });
  }

  /** Adds the typed start; a start off the chart (or no number) is refused with a message. */
  addTyped() {
    const input = $(this.section, '#cycle1-x0');
    const { badInput, rangeUnderflow, rangeOverflow } = input.validity; // min and max are the wasm's domain
    const bad = input.value === '' || badInput || rangeUnderflow || rangeOverflow;
    if (!bad) {
      this.set(`x0=${input.value}`);
      return;
    }
    const [min, max] = this.shown.domain;
    $(this.section, '#cycle1-add-error').textContent = t('cycle1.add.bad', { min: fmt(min, 2), max: fmt(max, 2) });
    input.setAttribute('aria-invalid', 'true');
  }

  // ---- the walk through the stages ------------------------------------------------------------

  walk(stage) {
    this.stage = stage;
    this.showStage();
  }

  /** The current stage lit (aria-current="step") with its explanation; the others by title only. */
  showStage() {
    const walking = this.stage !== null;
    this.section.querySelector('.cycle1-steps').classList.toggle('walking', walking);
    for (const [i, li] of [...this.section.querySelectorAll('.cycle1-step')].entries()) {
      const current = i === this.stage;
      li.classList.toggle('current', current);
      if (current) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    }
    const { stages } = this.shown;
    const lit = walking ? stages[this.stage] : null;
    $(this.section, '#cycle1-now').textContent = lit
      ? t('cycle1.walk.now', { n: lit.number, total: stages.length, title: t(`cycle1.${lit.name}.title`) })
      : '';
  }

  // ---- the landscape ----------------------------------------------------------------------------

  route(rawQuery) {
    this.set(rawQuery || this.shown.query);
  }

  /** A new query (the learner's start or none): normalized by the wasm, written to the hash. */
  set(query) {
    this.shown = cycleShown(query);
    $(this.section, '#cycle1-add-error').textContent = '';
    $(this.section, '#cycle1-x0').setAttribute('aria-invalid', 'false');
    const canonical = this.shown.query;
    if (canonical) this.hash.write(canonical);
    else if (!this.section.hidden && location.hash.startsWith(`#/${ROUTE}?`)) history.replaceState(null, '', `#/${ROUTE}`);
    const added = this.shown.ends.find((e) => e.added);
    $(this.section, '#cycle1-remove').hidden = !added;
    if (added) $(this.section, '#cycle1-x0').value = String(added.x0);
    this.schedule();
  }

  /** "From x = −2 …" for each end; the learner's start is said to be theirs. */
  endTexts() {
    return this.shown.ends.map((e) => t(e.added ? 'cycle1.end.added' : 'cycle1.end', {
      x0: fmt(e.x0, 2), steps: e.steps, x: fmt(e.x, 3), f: fmt(e.f, 3),
    }));
  }

  render() {
    const ends = this.endTexts();
    $(this.section, '#cycle1-ends').replaceChildren(...this.shown.ends.map((e, i) => {
      const li = $(this.section, '#cycle1-end').content.firstElementChild.cloneNode(true);
      const swatch = $(li, '.cycle1-swatch');
      swatch.classList.add(`marker-${e.marker}`);
      swatch.style.setProperty('--swatch', e.color); // CSSOM: the colour the chart gives this start
      $(li, '.cycle1-end-text').textContent = ends[i];
      li.classList.toggle('added', e.added);
      return li;
    }));
    if (!this.chart.fit()) return;
    this.chart.setMapping(drawCycle(this.chart.canvas, this.shown.query, {
      title: t('cycle1.chart.title'), x: t('cycle1.chart.x'), y: t('cycle1.chart.y'), curve: t('cycle1.chart.curve'),
      starts: this.shown.ends.map((e) => t(e.added ? 'cycle1.chart.added' : 'cycle1.chart.start', { x0: fmt(e.x0, 2) })),
    }));
    this.chart.describe(`${t('cycle1.chart.title')}. ${ends.join(' ')}`);
  }
}
