// Section 4, "Learning rate" (#/lr?lr&x0&steps&sched&gamma&every&k plus race&rx0&rx1&rr):
//   the rate lab   — the chosen η and the presets run side by side on x², each with its table,
//                    its loss curve and the diagnosis the wasm computes from the run itself;
//   schedules      — step, exponential and 1/t decay: η(t) and their effect on the same run;
//   optimizer race — SGD, Momentum, AdaGrad, RMSprop, Adam from one start on a 2-D function, at
//                    rates the wasm tuned for it (or the usual ones), each shown or hidden.
// The state is the canonical query; the wasm's model (lessons::lr) reads it (the race's keys
// clamped through the 2-D view's table), says what to show (lrShown) and applies the race's
// moves (lrMove). This file turns events into keys and moves, and the results into DOM.

import {
  checkpointTables, descentChoices, drawLrLab, drawLrRace, drawLrRaceLoss, drawLrSchedules, lrMove, lrQuery, lrShown,
  mappingToData, recommendedRates,
} from '../pkg/gradlab.js';
import { onLanguageChange, t, tCount } from '../i18n.js';
import { spanLogSlider, wireLogSliderKeys } from '../log-slider.js';
import {
  ChartFigure, LessonHash, fillChoices, frameScheduler, fromLogSlider, offerLogAxis, parseQuery, setLogSlider, toQuery,
} from './chart-tools.js';
import { $, build, fillRows } from '../dom.js';
import { lessonKeyRanges, spanNumber } from '../controls.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { fmt, fmtLr, fmtPair, sub, term } from '../format.js';
import { MNIST_SHAPES_MARKUP, MnistShapes } from './lr-mnist.js';
import { expandPartial, fromTemplate } from './partial.js';
import markup from '../views/lr.html?raw';

const ROUTE = 'lr';

/** `el` shows the text of `key`, and follows the page's language (data-i18n). */
function translated(el, key) {
  el.dataset.i18n = key;
  el.textContent = t(key);
}

export class LrView {
  constructor(section) {
    this.section = section;
    build(section, expandPartial(markup.replace('<div data-part="mnist-shapes"></div>', MNIST_SHAPES_MARKUP)));
    this.hash = new LessonHash(ROUTE, section);
    this.query = lrQuery('');
    this.shown = null; // lrShown as last rendered
    this.dirty = { lab: true, sched: true, race: true };
    this.raceMapping = null;
    this.schedule = frameScheduler(() => this.render());
    this.charts = {
      curves: new ChartFigure(section, 'lr-curves', { aspect: 0.6, narrowAspect: 1.1, maxHeight: 460, filename: () => 'gradlab-learning-rates', csv: () => this.shown.curvesCsv }),
      sched: new ChartFigure(section, 'lr-sched-chart', { aspect: 0.72, maxHeight: 380, filename: () => 'gradlab-schedules', csv: () => this.shown.scheduleCsv }),
      schedRuns: new ChartFigure(section, 'lr-sched-runs', { aspect: 0.72, maxHeight: 380, filename: () => 'gradlab-schedule-runs', csv: () => this.shown.scheduleRunsCsv }),
      race: new ChartFigure(section, 'lr-race-chart', { aspect: 0.82, narrowAspect: 1.2, maxHeight: 640, filename: () => `gradlab-race-${this.shown.race}`, csv: () => this.raceCsv() }),
      raceLoss: new ChartFigure(section, 'lr-race-loss', { aspect: 0.62, narrowAspect: 1.1, maxHeight: 420, filename: () => `gradlab-race-loss-${this.shown.race}`, csv: () => this.shown.raceLossCsv }),
    };
    this.fillLists(lrShown(this.query));
    this.wire();
    this.mnistShapes = new MnistShapes(section);
    const observer = new ResizeObserver(() => this.touch('lab', 'sched', 'race'));
    for (const id of ['lr-curves-card', 'lr-sched-card', 'lr-race-card']) observer.observe($(section, `#${id}`));
    onPixelRatioChange(() => this.touch('lab', 'sched', 'race'));
    onLanguageChange(() => this.touch('lab', 'sched', 'race'));
    section.dataset.ready = '1';
  }

  /** Presets, schedules, functions, optimizers and shapes: the lists come from the wasm. */
  fillLists(s) {
    fillChoices($(this.section, '#lr-sched'), s.schedules.map((r) => r.kind), 'lesson.sched.');
    $(this.section, '#lr-shapes').replaceChildren(...s.shapes.map((name) => {
      const div = fromTemplate(this.section, 'lr-shape');
      const diag = div.querySelector('.diag');
      diag.dataset.diag = name;
      translated(diag, `lesson.diag.${name}`);
      translated(div.querySelector('dd'), `lr.shape.${name}`);
      return div;
    }));
    // Each decaying schedule's η(t): its base, and its exponent (if any) raised.
    $(this.section, '#lr-sched-formulas').replaceChildren(...s.schedules.filter((r) => r.formula).map(({ kind, formula }) => {
      const li = fromTemplate(this.section, 'lr-sched-formula');
      translated(li.firstElementChild, `lesson.sched.${kind}`);
      li.append(formula.base);
      if (formula.power) li.append(Object.assign(document.createElement('sup'), { textContent: formula.power }));
      return li;
    }));
    fillChoices($(this.section, '#lr-race-fn'), descentChoices().functions2d, 'lesson.fn.');
    $(this.section, '#lr-presets').replaceChildren(...s.presets.map((r) => {
      const button = fromTemplate(this.section, 'lr-preset');
      button.dataset.lr = String(r);
      button.textContent = fmtLr(r);
      return button;
    }));
    const item = $(this.section, '#lr-opt-about-item');
    $(this.section, '#lr-opt-about').replaceChildren(...s.raceRows.map((r) => {
      const div = item.content.firstElementChild.cloneNode(true);
      div.querySelector('dt').textContent = r.label;
      div.querySelector('dd').dataset.i18n = `lesson.opt.${r.optimizer}`;
      div.querySelector('dd').textContent = t(`lesson.opt.${r.optimizer}`);
      return div;
    }));
  }

  // ---- state ------------------------------------------------------------------------------------

  route(rawQuery) {
    if (rawQuery) {
      this.hash.readFlags(rawQuery);
      this.query = lrQuery(rawQuery);
    }
    this.hash.write(this.query);
    this.touch('lab', 'sched', 'race');
  }

  /** Changes some keys (the wasm clamps them) and marks the parts that depend on them. */
  set(partial, parts, { soon = false } = {}) {
    this.commit(lrQuery(toQuery({ ...parseQuery(this.query), ...partial })), parts, { soon });
  }

  commit(query, parts, { soon = false } = {}) {
    this.query = query;
    if (soon) this.hash.writeSoon(() => this.query);
    else this.hash.write(this.query);
    this.touch(...parts);
  }

  touch(...parts) {
    for (const p of parts) this.dirty[p] = true;
    this.schedule();
  }

  wire() {
    const s = this.section;
    const slider = $(s, '#lr-lr');
    slider.addEventListener('input', () => this.set({ lr: fromLogSlider(slider.value) }, ['lab', 'sched'], { soon: true }));
    // Each input spans its key's range (the race's start: the ranges #/gd2's x0 and x1 clamp it
    // to, as lessons/lr.rs reads rx0/rx1 through the 2-D view's key table).
    const ranges = lessonKeyRanges(ROUTE);
    const lrRange = ranges.lr;
    spanLogSlider(slider, $(s, '#lr-lr-scale'), lrRange.min, lrRange.max);
    wireLogSliderKeys(slider, { ...lrRange, value: () => fromLogSlider(slider.value), set: (lr) => this.set({ lr }, ['lab', 'sched'], { soon: true }) });
    for (const b of s.querySelectorAll('.preset')) {
      b.addEventListener('click', () => this.set({ lr: b.dataset.lr }, ['lab', 'sched']));
    }
    const number = (id, key, parts) => {
      const input = spanNumber($(s, `#${id}`), ranges[key]);
      input.addEventListener('change', () => input.value !== '' && this.set({ [key]: input.value }, parts));
    };
    number('lr-x0', 'x0', ['lab', 'sched']);
    number('lr-steps', 'steps', ['lab', 'sched', 'race']);
    number('lr-gamma', 'gamma', ['sched']);
    number('lr-every', 'every', ['sched']);
    number('lr-k', 'k', ['sched']);
    number('lr-rx0', 'rx0', ['race']);
    number('lr-rx1', 'rx1', ['race']);
    $(s, '#lr-sched').addEventListener('change', () => this.set({ sched: $(s, '#lr-sched').value }, ['sched']));
    $(s, '#lr-logy').addEventListener('change', () => this.touch('lab'));
    $(s, '#lr-race-logy').addEventListener('change', () => this.touch('race'));
    $(s, '#lr-race-fn').addEventListener('change', () => {
      this.commit(lrMove(this.query, { move: 'function', name: $(s, '#lr-race-fn').value }), ['race']);
    });
    for (const r of s.querySelectorAll('input[name="lr-rr"]')) {
      r.addEventListener('change', () => this.set({ rr: r.value }, ['race']));
    }
    $(s, '#lr-race-table tbody').addEventListener('change', () => {
      const hidden = [...s.querySelectorAll('#lr-race-table .race-show')].filter((box) => !box.checked).map((box) => box.value);
      this.set({ hide: hidden.join(',') }, ['race']);
    });
    const canvas = this.charts.race.canvas;
    canvas.addEventListener('click', (event) => {
      if (!this.raceMapping) return;
      const [px, py] = this.charts.race.pixelOf(event);
      const at = mappingToData(this.raceMapping, px, py);
      if (at.length === 2) this.commit(lrMove(this.query, { move: 'startAt', x: at[0], y: at[1] }), ['race']);
    });
  }

  // ---- render -----------------------------------------------------------------------------------

  render() {
    if (this.section.hidden) return; // the dirty parts wait for route()
    this.shown = lrShown(this.query);
    this.showControls(this.shown);
    if (this.dirty.lab) this.dirty.lab = !this.renderLab(this.shown);
    if (this.dirty.sched) this.dirty.sched = !this.renderSchedules(this.shown);
    if (this.dirty.race) this.dirty.race = !this.renderRace(this.shown);
  }

  showControls(v) {
    const s = this.section;
    setLogSlider($(s, '#lr-lr'), $(s, '#lr-lr-value'), v.lr);
    for (const b of s.querySelectorAll('.preset')) b.setAttribute('aria-pressed', String(b.dataset.lr === String(v.lr)));
    const show = (id, value) => {
      const input = $(s, `#${id}`);
      if (document.activeElement !== input) input.value = String(value);
    };
    show('lr-x0', v.x0);
    show('lr-steps', v.steps);
    show('lr-gamma', v.gamma);
    show('lr-every', v.every);
    show('lr-k', v.k);
    show('lr-rx0', v.raceStart[0]);
    show('lr-rx1', v.raceStart[1]);
    $(s, '#lr-sched').value = v.schedule;
    $(s, '#lr-race-fn').value = v.race;
    $(s, `#lr-rr-${v.tuned ? 1 : 0}`).checked = true;
  }

  words() {
    return {
      iteration: t('lesson.iteration'),
      curvesTitle: t('lr.curves.title', { x0: fmt(this.shown.x0) }),
      diagnoses: this.shown.diagnoses.map((d) => t(`lesson.diag.${d}`)),
      schedules: this.shown.schedules.map((r) => t(`lesson.sched.${r.kind}`)),
      scheduleTitle: t('lr.sched.chart'),
      scheduleRunsTitle: t('lr.sched.runs'),
      raceLossTitle: t('lr.race.loss'),
      negGrad: t('gd2.legend.negGrad'),
      minimum: t('lesson.kind.minimum'),
      maximum: t('lesson.kind.maximum'),
      saddle: t('lesson.kind.saddle'),
    };
  }

  renderLab(v) {
    this.renderCards(v);
    this.renderCheckpoints(v.x0);
    this.renderRecommended(v);
    const mine = v.lab[0];
    $(this.section, '#lr-verdict').textContent = t('lr.verdict', {
      lr: fmtLr(mine.lr), diag: t(`lesson.diag.${mine.diagnosis}`), text: t(`lr.shape.${mine.diagnosis}`),
    });
    const chart = this.charts.curves;
    if (!chart.fit()) return false;
    drawLrLab(chart.canvas, this.query, $(this.section, '#lr-logy').checked, this.words());
    chart.describe(tCount('lr.curves.alt', v.steps, {
      n: v.steps,
      runs: v.lab.map((r) => `η=${fmtLr(r.lr)} ${t(`lesson.diag.${r.diagnosis}`)}, f=${fmt(r.fEnd)}`).join('; '),
    }), {
      header: ['η', t('lr.col.diag'), 'x_N', 'f(x_N)'],
      rows: v.lab.map((r) => [fmtLr(r.lr), t(`lesson.diag.${r.diagnosis}`), r.xEnd, r.fEnd]),
    });
    return true;
  }

  /** One card per rate, by increasing rate, from the card template of the partial. */
  renderCards(v) {
    const template = $(this.section, '#lr-card');
    const cards = v.cardOrder.map((i) => {
      const run = v.lab[i];
      const card = template.content.firstElementChild.cloneNode(true);
      card.classList.toggle('mine', run.mine);
      card.dataset.lr = String(run.lr);
      card.dataset.diagnosis = run.diagnosis;
      $(card, '.eta').textContent = `η = ${fmtLr(run.lr)}`;
      const diag = $(card, '.diag');
      diag.dataset.diag = run.diagnosis;
      diag.textContent = t(`lesson.diag.${run.diagnosis}`);
      if (run.mine) $(card, '.mine-tag').textContent = t('lr.card.mine');
      else $(card, '.mine-tag').remove();
      const first = run.first;
      $(card, '.formula').textContent = first ? `x ← ${fmt(first.x)} − ${fmtLr(first.lr)} × ${term(first.dfx)} = ${fmt(first.xNext)}` : '';
      const multiplier = $(card, '.multiplier');
      multiplier.dataset.regime = run.regime;
      $(multiplier, 'strong').textContent = t('lr.card.multiplier', { r: fmt(run.multiplier, 6) });
      $(multiplier, '.regime').textContent = t(`lesson.regime.short.${run.regime}`);
      $(card, '.card-table').setAttribute('aria-label', `η = ${fmtLr(run.lr)}`);
      $(card, 'th[data-i18n="lesson.col.step"]').textContent = t('lesson.col.step');
      $(card, 'th[title], th[data-i18n-attr]').title = t('lr.card.closedTitle');
      $(card, 'tbody').replaceChildren(...run.rows.map((r) => this.cardRow(r)));
      const note = $(card, '.diverged-note');
      if (run.divergedAfter == null) note.remove();
      else note.textContent = tCount('lr.card.diverged', run.divergedAfter, { n: run.divergedAfter });
      return card;
    });
    $(this.section, '#lr-cards').replaceChildren(...cards);
  }

  /**
   * One row of a run card: step, x, the closed form, f(x); "…" where steps are left out. A step
   * the run never took (it stopped at the bound: x and f are NaN) shows "—", explained; the
   * closed form still says where x would be.
   */
  cardRow(r) {
    const row = fromTemplate(this.section, 'lr-card-row');
    const notTaken = r.step != null && Number.isNaN(r.x);
    const cells = r.step == null ? ['…', '', '', ''] : [String(r.step), fmt(r.x), fmt(r.closedForm), fmt(r.fx)];
    row.classList.toggle('overflow', notTaken);
    row.querySelectorAll('td').forEach((td, i) => {
      td.textContent = cells[i];
      if (notTaken && (i === 1 || i === 3)) td.title = t('lesson.notTaken');
    });
    return row;
  }

  /** The chapter's checkpoint tables (§4.1): four fixed rates, every cell from the wasm. */
  renderCheckpoints(x0) {
    const { steps, runs } = checkpointTables(x0);
    $(this.section, '#lr-check-intro').textContent = t('lr.check.intro', {
      x0: fmt(x0), rates: runs.map((r) => fmtLr(r.lr)).join(', '), steps: steps.join(', '),
    });
    const cell = (v) => fmt(v, 6);
    $(this.section, '#lr-check-tables').replaceChildren(...runs.map((run) => {
      const figure = fromTemplate(this.section, 'lr-check-table');
      figure.dataset.lr = String(run.lr);
      figure.dataset.regime = run.regime;
      $(figure, '.eta').textContent = `η = ${fmtLr(run.lr)}`;
      $(figure, '.multiplier').textContent = t('lr.card.multiplier', { r: fmt(run.multiplier, 6) });
      $(figure, '.regime').textContent = t(`lesson.regime.short.${run.regime}`);
      $(figure, 'th[data-i18n]').textContent = t('lr.check.col.update');
      fillRows($(figure, 'tbody'), run.rows.map((r) => [String(r.step), cell(r.x), cell(r.closedForm), cell(r.fx), cell(r.update)]));
      return figure;
    }));
  }

  /** Starting rates with their sources, and the limits x² itself gives (computed by the wasm). */
  renderRecommended(v) {
    const { rows, square } = recommendedRates();
    const limits = { a: fmtLr(square.monotoneBelow), b: fmtLr(square.convergesBelow) };
    $(this.section, '#lr-shapes-x2').textContent = t('lr.shapes.x2', limits);
    $(this.section, '#lr-regimes').replaceChildren(...v.regimes.map((r) => {
      const item = document.createElement('li');
      item.dataset.regime = r;
      item.textContent = t(`lesson.regime.${r}`, limits);
      return item;
    }));
    const sources = (ids) => ids.map((id) => t(`lr.src.${id}`)).join(t('lr.src.join'));
    const body = rows.map((r) => [t(`lr.rec.${r.id}`), r.label, fmtLr(r.lr), r.params || '—', sources(r.sources)]);
    body.push([t('lr.rec.square'), 'SGD', t('lr.rec.square.lr', { a: fmtLr(square.monotoneBelow), b: fmtLr(square.convergesBelow) }), '—',
      t('lr.rec.square.source', { c: fmt(square.curvature) })]);
    fillRows($(this.section, '#lr-rec-table tbody'), body);
  }

  renderSchedules(v) {
    const s = this.section;
    const steps = v.steps;
    $(s, '#lr-sched-lr0').textContent = t('lr.sched.lr0', { lr: fmtLr(v.lr), x0: fmt(v.x0), n: steps });
    $(s, '#lr-sched-last-head').textContent = `η(${v.lastStep})`;
    $(s, '#lr-sched-x-head').textContent = `x${sub(steps)}`;
    $(s, '#lr-sched-f-head').textContent = `f(x${sub(steps)})`;
    const rows = v.schedules.map((r) => [
      t(`lesson.sched.${r.kind}`), fmtLr(r.first), fmt(r.last), fmt(r.xEnd), fmt(r.fEnd), t(`lesson.diag.${r.diagnosis}`),
    ]);
    fillRows($(s, '#lr-sched-table tbody'), rows, (_, i) => (v.schedules[i].current ? 'current' : ''));
    const a = this.charts.sched;
    const b = this.charts.schedRuns;
    if (!a.fit() || !b.fit()) return false;
    drawLrSchedules(a.canvas, b.canvas, this.query, this.words());
    a.describe(t('lr.sched.alt', { lr: fmtLr(v.lr), n: steps }), { header: [t('lr.sched.col'), 'η(0)', `η(${v.lastStep})`], rows: rows.map((r) => r.slice(0, 3)) });
    b.describe(t('lr.sched.runsAlt', { n: steps }), { header: [t('lr.sched.col'), `x${sub(steps)}`, `f(x${sub(steps)})`], rows: rows.map((r) => [r[0], r[3], r[4]]) });
    return true;
  }

  renderRace(v) {
    const steps = v.steps;
    const usual = v.usualRates.map(([, optimizer, lr]) => t('lr.race.default.rate', { optimizer, lr: fmtLr(lr) }));
    $(this.section, '#lr-rr-default-label').textContent = t('lr.race.default', { rates: usual.join(t('lr.race.default.join')) });
    $(this.section, '#lr-rr-why').textContent = t('lr.race.why', { min: fmtLr(v.tuning.min), max: fmtLr(v.tuning.max), steps: v.tuning.steps });
    $(this.section, '#lr-race-loss-head').textContent = `f(x${sub(steps)})`;
    $(this.section, '#lr-race-table tbody').replaceChildren(...v.raceRows.map((r) => this.raceRow(r)));
    offerLogAxis($(this.section, '#lr-race-logy'), $(this.section, '#lr-race-logy-note'), !v.raceLossBelowZero);
    const a = this.charts.race;
    const b = this.charts.raceLoss;
    if (!a.fit() || !b.fit()) return false;
    this.raceMapping = a.setMapping(drawLrRace(a.canvas, this.query, this.words()));
    drawLrRaceLoss(b.canvas, this.query, $(this.section, '#lr-race-logy').checked, this.words());
    const summary = v.raceRows.map((r) => `${r.label} η=${fmtLr(r.lr)}: ${r.divergedAfter != null ? t('lesson.diag.diverging') : `${fmtPair(r.pointEnd, 3)}, f = ${fmt(r.lossEnd)}`}`).join('; ');
    const table = {
      header: [t('lr.race.col.opt'), 'η', 'x0', 'x1', 'f'],
      rows: v.raceRows.map((r) => [r.label, r.lr, r.pointEnd[0], r.pointEnd[1], r.lossEnd]),
    };
    a.describe(t('lr.race.alt', { f: v.raceFormula, start: fmtPair(v.raceStart, 3), n: steps, runs: summary }), table);
    b.describe(t('lr.race.lossAlt', { n: steps, runs: summary }), table);
    return true;
  }

  /** A row of the race table: a box that shows or hides the optimizer's path, its rate, where it ends. */
  raceRow(r) {
    const tr = fromTemplate(this.section, 'lr-race-row');
    tr.dataset.optimizer = r.optimizer;
    tr.classList.toggle('overflow', r.divergedAfter != null);
    tr.classList.toggle('hidden-path', !r.drawn);
    const box = $(tr, '.race-show');
    box.value = r.optimizer;
    box.checked = r.drawn;
    $(tr, '.name').textContent = r.label;
    $(tr, '.lr').textContent = fmtLr(r.lr);
    $(tr, '.end').textContent = r.divergedAfter != null ? tCount('lr.race.diverged', r.divergedAfter, { n: r.divergedAfter }) : fmt(r.lossEnd, 4);
    return tr;
  }

  /** The race's trajectories, one row per point: [optimizer, lr, step, x0, x1, f]. */
  raceCsv() {
    const { header, rows } = this.shown.raceCsv;
    return { header, rows: rows.map(([name, numbers]) => [name, ...numbers]) };
  }
}
