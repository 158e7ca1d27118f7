// Section 4, "Learning rate" (#/lr?lr&x0&steps&sched&gamma&every&k plus race&rx0&rx1&rr):
//   the rate lab   — the chosen η and the presets run side by side on x², each with its table,
//                    its loss curve and the diagnosis the wasm computes from the run itself;
//   schedules      — step, exponential and 1/t decay: η(t) and their effect on the same run;
//   optimizer race — SGD, Momentum, AdaGrad, RMSprop, Adam from one start on a 2-D function.
// The race's keys are not lesson keys of their own: they are clamped by the wasm through the
// 2-D view's keys (fn, x0, x1, norm), so a link can never carry an unchecked value.

import {
  checkpointTables, defaultRates, descend1dSchedule, drawContour, drawLrCurves, drawRaceLosses, drawScheduleRuns, drawSchedules,
  fn2dInfo, lrLab, mappingToData, normalizeLessonQuery, presetRates, race2d, raceRates, recommendedRates, scheduleRates,
  squareClosedForm, squareRegime,
} from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import {
  ChartFigure, LessonHash, chartMarkup, frameScheduler, fromLogSlider, lrSliderMarkup, parseQuery, setLogSlider, toQuery,
} from './chart-tools.js';
import { $, build, escapeHtml, fillRows } from '../dom.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { fmt, fmtLr, sub, term } from '../format.js';
import { MNIST_SHAPES_MARKUP, MnistShapes } from './lr-mnist.js';

const ROUTE = 'lr';
const SCHEDULES = ['constant', 'step', 'exp', 'inv'];
// The order of the wasm's Diagnosis::NAMES (drawLrCurves reads the labels in this order).
const DIAGNOSES = ['too-slow', 'good', 'oscillating', 'diverging', 'one-step'];
const SHAPES = ['too-slow', 'good', 'oscillating', 'diverging']; // the four shapes of a learning curve
const REGIMES = ['shrinks', 'lands', 'alternates', 'bounces', 'grows']; // of x² by its multiplier 1 − 2η
const OPTIMIZERS = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'];
const OPT_LABEL = { sgd: 'SGD', momentum: 'Momentum', adagrad: 'AdaGrad', rmsprop: 'RMSprop', adam: 'Adam' };
const FUNCTIONS_2D = ['bowl', 'elongated', 'saddle', 'rosenbrock', 'himmelblau'];
const HEAD_ROWS = 4; // steps 0…3 of each run, then its last step
const START_DIGITS = 2;

const round = (v, digits) => Number(v.toFixed(digits));
const pair = (p, d = 3) => (p ? `(${fmt(p[0], d)}, ${fmt(p[1], d)})` : '(∞, ∞)');

const MARKUP = `
  <header class="view-head">
    <h1><span class="num" aria-hidden="true">4</span> <span data-i18n="nav.lr">Learning rate</span></h1>
    <p class="intro" data-i18n="lr.intro"></p>
  </header>

  <section class="lesson-part" aria-labelledby="lr-lab-title">
    <h2 id="lr-lab-title" class="part-title" data-i18n="lr.lab.title"></h2>
    <div class="lesson-grid">
      <section class="panel lesson-card controls-card" aria-labelledby="lr-lab-controls">
        <h3 id="lr-lab-controls" class="visually-hidden" data-i18n="lr.lab.controls"></h3>
        ${lrSliderMarkup('lr-lr')}
        <div class="presets" role="group" data-key="lr" data-i18n-attr="aria-label:lr.presets">
          <span class="presets-label" data-i18n="lr.presets"></span>
          <div class="preset-buttons" id="lr-presets"></div>
        </div>
        <div class="field-row">
          <div class="field" data-key="x0">
            <label for="lr-x0" data-i18n="lr.x0"></label>
            <input id="lr-x0" type="number" step="0.1" min="-4" max="4">
          </div>
          <div class="field" data-key="steps">
            <label for="lr-steps" data-i18n="lesson.steps"></label>
            <input id="lr-steps" type="number" step="1" min="1" max="1000">
          </div>
        </div>
        <label class="check"><input type="checkbox" id="lr-logy" checked> <span data-i18n="lesson.logY"></span></label>
        <p class="explain" id="lr-verdict" aria-live="polite"></p>
      </section>
      <div class="panel lesson-card chart-card" id="lr-curves-card">
        ${chartMarkup('lr-curves')}
      </div>
    </div>
    <div class="run-cards" id="lr-cards"></div>
    <div class="lesson-row two">
      <section class="panel lesson-card explain-card">
        <h3 data-i18n="lr.shapes.title"></h3>
        <dl class="shapes">
          ${SHAPES.map((d) => `<div><dt><span class="diag" data-diag="${d}" data-i18n="lesson.diag.${d}"></span></dt><dd data-i18n="lr.shape.${d}"></dd></div>`).join('')}
        </dl>
        <p class="hint" id="lr-shapes-x2"></p>
      </section>
      <section class="panel lesson-card explain-card">
        <h3 data-i18n="lr.choose.title"></h3>
        <ol class="plain-list numbered">
          <li data-i18n="lr.choose.1"></li><li data-i18n="lr.choose.2"></li><li data-i18n="lr.choose.3"></li><li data-i18n="lr.choose.4"></li>
        </ol>
      </section>
    </div>
    <section class="panel lesson-card" aria-labelledby="lr-check-title" id="lr-checkpoints">
      <h3 id="lr-check-title" data-i18n="lr.check.title"></h3>
      <p class="hint" id="lr-check-intro"></p>
      <h4 class="regimes-title" data-i18n="lr.regimes.title"></h4>
      <ul class="plain-list regimes" id="lr-regimes"></ul>
      <div class="checkpoint-grid" id="lr-check-tables"></div>
    </section>
    <section class="panel lesson-card" aria-labelledby="lr-rec-title" id="lr-recommended">
      <h3 id="lr-rec-title" data-i18n="lr.rec.title"></h3>
      <p class="hint" data-i18n="lr.rec.intro"></p>
      <div class="table-scroll" role="group" tabindex="0" aria-labelledby="lr-rec-title">
        <table class="text-table rec-table" id="lr-rec-table">
          <thead><tr>
            <th scope="col" data-i18n="lr.rec.col.problem"></th>
            <th scope="col" data-i18n="lr.race.col.opt"></th>
            <th scope="col">η</th>
            <th scope="col" data-i18n="lr.rec.col.params"></th>
            <th scope="col" data-i18n="lr.rec.col.source"></th>
          </tr></thead>
          <tbody></tbody>
        </table>
      </div>
      <p class="hint" data-i18n="lr.rec.note"></p>
    </section>
  </section>

  ${MNIST_SHAPES_MARKUP}

  <section class="lesson-part" aria-labelledby="lr-sched-title">
    <h2 id="lr-sched-title" class="part-title" data-i18n="lr.sched.title"></h2>
    <p class="intro" data-i18n="lr.sched.intro"></p>
    <div class="lesson-row sched-row">
      <section class="panel lesson-card controls-card" aria-labelledby="lr-sched-controls">
        <h3 id="lr-sched-controls" data-i18n="lr.sched.controls"></h3>
        <p class="hint" id="lr-sched-lr0"></p>
        <div class="field" data-key="sched">
          <label for="lr-sched" data-i18n="lr.sched.which"></label>
          <select id="lr-sched">${SCHEDULES.map((s) => `<option value="${s}" data-i18n="lesson.sched.${s}"></option>`).join('')}</select>
        </div>
        <div class="field-row">
          <div class="field" data-key="gamma">
            <label for="lr-gamma" data-i18n="lr.gamma"></label>
            <input id="lr-gamma" type="number" step="0.05" min="0.01" max="1">
          </div>
          <div class="field" data-key="every">
            <label for="lr-every" data-i18n="lr.every"></label>
            <input id="lr-every" type="number" step="1" min="1" max="1000">
          </div>
        </div>
        <div class="field" data-key="k">
          <label for="lr-k" data-i18n="lr.k"></label>
          <input id="lr-k" type="number" step="0.01" min="0" max="1">
        </div>
        <ul class="plain-list formulas">
          <li><span data-i18n="lesson.sched.step"></span>: η₀ · γ<sup>⌊t / s⌋</sup></li>
          <li><span data-i18n="lesson.sched.exp"></span>: η₀ · e<sup>−kt</sup></li>
          <li><span data-i18n="lesson.sched.inv"></span>: η₀ / (1 + kt)</li>
        </ul>
      </section>
      <div class="panel lesson-card chart-card" id="lr-sched-card">${chartMarkup('lr-sched-chart')}</div>
      <div class="panel lesson-card chart-card">${chartMarkup('lr-sched-runs')}</div>
    </div>
    <section class="panel lesson-card" aria-labelledby="lr-sched-table-title">
      <h3 id="lr-sched-table-title" data-i18n="lr.sched.table"></h3>
      <div class="table-scroll" role="group" tabindex="0" aria-labelledby="lr-sched-table-title">
        <table class="num-table" id="lr-sched-table">
          <thead><tr>
            <th scope="col" data-i18n="lr.sched.col"></th>
            <th scope="col">η(0)</th>
            <th scope="col" id="lr-sched-last-head"></th>
            <th scope="col" id="lr-sched-x-head"></th>
            <th scope="col" id="lr-sched-f-head"></th>
            <th scope="col" data-i18n="lr.col.diag"></th>
          </tr></thead>
          <tbody></tbody>
        </table>
      </div>
    </section>
  </section>

  <section class="lesson-part" aria-labelledby="lr-race-title">
    <h2 id="lr-race-title" class="part-title" data-i18n="lr.race.title"></h2>
    <p class="intro" data-i18n="lr.race.intro"></p>
    <div class="lesson-grid">
      <section class="panel lesson-card controls-card" aria-labelledby="lr-race-controls">
        <h3 id="lr-race-controls" class="visually-hidden" data-i18n="lr.race.controls"></h3>
        <div class="field" data-key="race">
          <label for="lr-race-fn" data-i18n="lesson.function"></label>
          <select id="lr-race-fn">${FUNCTIONS_2D.map((f) => `<option value="${f}" data-i18n="lesson.fn.${f}"></option>`).join('')}</select>
        </div>
        <fieldset class="plain" data-key="rr">
          <legend class="small-legend" data-i18n="lr.race.rates"></legend>
          <label class="check"><input type="radio" name="lr-rr" value="0" id="lr-rr-0"> <span id="lr-rr-default-label"></span></label>
          <label class="check"><input type="radio" name="lr-rr" value="1" id="lr-rr-1"> <span data-i18n="lr.race.tuned"></span></label>
        </fieldset>
        <fieldset class="plain" data-key="rx0 rx1">
          <legend class="small-legend" data-i18n="gd2.start"></legend>
          <div class="field-row">
            <div class="field"><label for="lr-rx0">x₀</label><input id="lr-rx0" type="number" step="0.1" min="-10" max="10"></div>
            <div class="field"><label for="lr-rx1">x₁</label><input id="lr-rx1" type="number" step="0.1" min="-10" max="10"></div>
          </div>
          <p class="hint" data-i18n="lr.race.start.hint"></p>
        </fieldset>
        <div class="table-scroll" role="group" tabindex="0" aria-labelledby="lr-race-caption">
          <table class="num-table compact" id="lr-race-table">
            <caption id="lr-race-caption" class="visually-hidden" data-i18n="lr.race.table"></caption>
            <thead><tr>
              <th scope="col" data-i18n="lr.race.col.opt"></th>
              <th scope="col">η</th>
              <th scope="col" id="lr-race-loss-head"></th>
            </tr></thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
      <div class="panel lesson-card chart-card contour-card" id="lr-race-card">${chartMarkup('lr-race-chart', { focusable: true })}</div>
    </div>
    <div class="lesson-row two">
      <div class="panel lesson-card chart-card" id="lr-race-loss-card">
        ${chartMarkup('lr-race-loss')}
        <label class="check"><input type="checkbox" id="lr-race-logy" checked> <span data-i18n="lesson.logY"></span></label>
      </div>
      <section class="panel lesson-card explain-card">
        <h3 data-i18n="lr.race.about"></h3>
        <dl class="shapes">
          ${OPTIMIZERS.map((o) => `<div><dt>${OPT_LABEL[o]}</dt><dd data-i18n="lesson.opt.${o}"></dd></div>`).join('')}
        </dl>
      </section>
    </div>
  </section>`;

export class LrView {
  constructor(section) {
    this.section = section;
    build(section, MARKUP);
    this.hash = new LessonHash(ROUTE, section);
    this.state = this.normalize('');
    this.dirty = { lab: true, sched: true, race: true };
    this.lab = null; // lrLab JSON as last shown
    this.race = null; // race2d JSON as last shown
    this.raceMapping = null;
    this.presets = Array.from(presetRates());
    this.schedule = frameScheduler(() => this.render());
    this.charts = {
      curves: new ChartFigure(section, 'lr-curves', { aspect: 0.6, narrowAspect: 1.1, maxHeight: 460, filename: () => 'gradlab-learning-rates', csv: () => this.curvesCsv() }),
      sched: new ChartFigure(section, 'lr-sched-chart', { aspect: 0.72, maxHeight: 380, filename: () => 'gradlab-schedules', csv: () => this.schedCsv() }),
      schedRuns: new ChartFigure(section, 'lr-sched-runs', { aspect: 0.72, maxHeight: 380, filename: () => 'gradlab-schedule-runs', csv: () => this.schedRunsCsv() }),
      race: new ChartFigure(section, 'lr-race-chart', { aspect: 0.82, narrowAspect: 1.2, maxHeight: 640, filename: () => `gradlab-race-${this.state.race}`, csv: () => this.raceCsv() }),
      raceLoss: new ChartFigure(section, 'lr-race-loss', { aspect: 0.62, narrowAspect: 1.1, maxHeight: 420, filename: () => `gradlab-race-loss-${this.state.race}`, csv: () => this.raceLossCsv() }),
    };
    this.wire();
    this.mnistShapes = new MnistShapes(section);
    const observer = new ResizeObserver(() => this.touch('lab', 'sched', 'race'));
    for (const id of ['lr-curves-card', 'lr-sched-card', 'lr-race-card']) observer.observe($(section, `#${id}`));
    onPixelRatioChange(() => this.touch('lab', 'sched', 'race'));
    onLanguageChange(() => this.touch('lab', 'sched', 'race'));
    section.dataset.ready = '1';
  }

  // ---- state ------------------------------------------------------------------------------------

  /**
   * The lesson keys clamped by normalizeLessonQuery('lr'); the race keys clamped through the 2-D
   * view's keys (race ↔ fn, rx0/rx1 ↔ x0/x1, rr ↔ norm). A missing start is the function's own.
   */
  normalize(rawQuery) {
    const raw = parseQuery(rawQuery);
    const state = parseQuery(normalizeLessonQuery(ROUTE, rawQuery));
    const race = parseQuery(normalizeLessonQuery('gd2', toQuery({
      fn: raw.race ?? '', x0: raw.rx0 ?? '', x1: raw.rx1 ?? '', norm: raw.rr ?? '',
    })));
    const start = JSON.parse(fn2dInfo(race.fn)).start;
    return {
      ...state,
      race: race.fn,
      rx0: raw.rx0 === undefined ? String(start[0]) : race.x0,
      rx1: raw.rx1 === undefined ? String(start[1]) : race.x1,
      rr: race.norm,
    };
  }

  query() {
    return toQuery(this.state);
  }

  route(rawQuery) {
    if (rawQuery) {
      this.hash.readFlags(rawQuery);
      this.state = this.normalize(rawQuery);
    }
    this.hash.write(this.query());
    this.touch('lab', 'sched', 'race');
  }

  /** Changes some keys and marks the parts that depend on them. */
  set(partial, parts, { soon = false } = {}) {
    this.state = this.normalize(toQuery({ ...this.state, ...partial }));
    if (soon) this.hash.writeSoon(() => this.query());
    else this.hash.write(this.query());
    this.touch(...parts);
  }

  touch(...parts) {
    for (const p of parts) this.dirty[p] = true;
    this.schedule();
  }

  num(key) {
    return Number(this.state[key]);
  }

  wire() {
    const s = this.section;
    const slider = $(s, '#lr-lr');
    slider.addEventListener('input', () => this.set({ lr: fromLogSlider(slider.value) }, ['lab', 'sched'], { soon: true }));
    $(s, '#lr-presets').innerHTML = this.presets
      .map((r) => `<button type="button" class="small preset" data-lr="${r}" aria-pressed="false">${fmtLr(r)}</button>`).join('');
    for (const b of s.querySelectorAll('.preset')) {
      b.addEventListener('click', () => this.set({ lr: b.dataset.lr }, ['lab', 'sched']));
    }
    const number = (id, key, parts) => {
      const input = $(s, `#${id}`);
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
      const fn = $(s, '#lr-race-fn').value;
      const start = JSON.parse(fn2dInfo(fn)).start;
      this.set({ race: fn, rx0: start[0], rx1: start[1] }, ['race']);
    });
    for (const r of s.querySelectorAll('input[name="lr-rr"]')) {
      r.addEventListener('change', () => this.set({ rr: r.value }, ['race']));
    }
    const canvas = this.charts.race.canvas;
    canvas.addEventListener('click', (event) => {
      if (!this.raceMapping) return;
      const [px, py] = this.charts.race.pixelOf(event);
      const at = mappingToData(this.raceMapping, px, py);
      if (at.length === 2) this.set({ rx0: round(at[0], START_DIGITS), rx1: round(at[1], START_DIGITS) }, ['race']);
    });
  }

  // ---- render -----------------------------------------------------------------------------------

  render() {
    if (this.section.hidden) return; // the dirty parts wait for route()
    this.showControls();
    if (this.dirty.lab) this.dirty.lab = !this.renderLab();
    if (this.dirty.sched) this.dirty.sched = !this.renderSchedules();
    if (this.dirty.race) this.dirty.race = !this.renderRace();
  }

  showControls() {
    const s = this.section;
    const lr = this.num('lr');
    setLogSlider($(s, '#lr-lr'), $(s, '#lr-lr-value'), lr);
    for (const b of s.querySelectorAll('.preset')) b.setAttribute('aria-pressed', String(Number(b.dataset.lr) === lr));
    const show = (id, v) => {
      const input = $(s, `#${id}`);
      if (document.activeElement !== input) input.value = String(v);
    };
    show('lr-x0', this.state.x0);
    show('lr-steps', this.state.steps);
    show('lr-gamma', this.state.gamma);
    show('lr-every', this.state.every);
    show('lr-k', this.state.k);
    show('lr-rx0', this.state.rx0);
    show('lr-rx1', this.state.rx1);
    $(s, '#lr-sched').value = this.state.sched;
    $(s, '#lr-race-fn').value = this.state.race;
    $(s, `#lr-rr-${this.state.rr}`).checked = true;
  }

  /** The chosen rate first, then the presets it is not one of. */
  rates() {
    const lr = this.num('lr');
    return [lr, ...this.presets.filter((r) => r !== lr)];
  }

  diagnosisLabels() {
    return DIAGNOSES.map((d) => t(`lesson.diag.${d}`)).join('|');
  }

  renderLab() {
    const x0 = this.num('x0');
    const steps = this.num('steps');
    const rates = this.rates();
    this.lab = JSON.parse(lrLab(x0, new Float64Array(rates), steps));
    this.renderCards(steps);
    this.renderCheckpoints(x0);
    this.renderRecommended();
    const mine = this.lab[0];
    $(this.section, '#lr-verdict').textContent = t('lr.verdict', {
      lr: fmtLr(mine.lr), diag: t(`lesson.diag.${mine.diagnosis}`), text: t(`lr.shape.${mine.diagnosis}`),
    });
    const chart = this.charts.curves;
    if (!chart.fit()) return false;
    drawLrCurves(chart.canvas, x0, new Float64Array(rates), steps, $(this.section, '#lr-logy').checked,
      this.diagnosisLabels(), t('lr.curves.title', { x0: fmt(x0) }), t('lesson.iteration'), 'f(x) = x²');
    chart.describe(t('lr.curves.alt', {
      n: steps,
      runs: this.lab.map((r) => `η=${fmtLr(r.lr)} ${t(`lesson.diag.${r.diagnosis}`)}, f=${fmt(this.lastF(r, steps))}`).join('; '),
    }), this.summaryCsv());
    return true;
  }

  /** f after the last step; ∞ when the run diverged before it (overflow). */
  lastF(run, steps) {
    return run.fs.length > steps ? run.fs[steps] : null;
  }

  renderCards(steps) {
    const cards = [...this.lab].sort((a, b) => a.lr - b.lr).map((run) => {
      const mine = run.lr === this.num('lr');
      // Steps 0…3, then "…" and the last point (all of them when only one would be left out).
      const lastN = run.xs.length - 1;
      const shown = lastN - HEAD_ROWS <= 1
        ? Array.from({ length: lastN + 1 }, (_, i) => i)
        : [...Array.from({ length: HEAD_ROWS }, (_, i) => i), null, lastN];
      // x₀(1 − 2η)ⁿ beside the iterated xₙ: the closed form the multiplier gives.
      const closed = squareClosedForm(this.num('x0'), run.lr, steps);
      const rows = shown.map((i) => (i === null ? ['…', '', '', ''] : [String(i), fmt(run.xs[i]), fmt(closed[i]), fmt(run.fs[i])]));
      if (run.diverged && lastN < steps) rows.push([String(steps), '∞', fmt(closed[steps]), '∞']);
      const { multiplier, regime } = JSON.parse(squareRegime(run.lr));
      const first = run.steps[0];
      const update = first ? `x ← ${fmt(first.x)} − ${fmtLr(first.lr)} × ${term(first.dfx)} = ${fmt(first.xNext)}` : '';
      const note = run.diverged ? `<p class="diverged-note">${escapeHtml(t('lr.card.diverged', { n: lastN }))}</p>` : '';
      return `<article class="panel run-card${mine ? ' mine' : ''}" data-lr="${run.lr}" data-diagnosis="${run.diagnosis}">
        <header><strong class="eta">η = ${fmtLr(run.lr)}</strong>
          <span class="diag" data-diag="${run.diagnosis}">${escapeHtml(t(`lesson.diag.${run.diagnosis}`))}</span>
          ${mine ? `<span class="mine-tag">${escapeHtml(t('lr.card.mine'))}</span>` : ''}</header>
        <p class="formula small">${escapeHtml(update)}</p>
        <p class="multiplier" data-regime="${regime}"><strong>${escapeHtml(t('lr.card.multiplier', { r: fmt(multiplier, 6) }))}</strong>
          ${escapeHtml(t(`lesson.regime.short.${regime}`))}</p>
        <div class="card-table" role="group" tabindex="0" aria-label="η = ${fmtLr(run.lr)}"><table class="num-table compact"><thead><tr><th scope="col">${escapeHtml(t('lesson.col.step'))}</th><th scope="col">x</th><th scope="col" title="${escapeHtml(t('lr.card.closedTitle'))}">x₀rⁿ</th><th scope="col">f(x)</th></tr></thead>
        <tbody>${rows.map((r) => `<tr${r[1] === '∞' ? ' class="overflow"' : ''}>${r.map((c) => `<td${c === '∞' ? ` title="${escapeHtml(t('lesson.overflow'))}"` : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>
        ${note}
      </article>`;
    });
    $(this.section, '#lr-cards').innerHTML = cards.join('');
  }

  /** The chapter's checkpoint tables (§4.1): four fixed rates, every cell from the wasm. */
  renderCheckpoints(x0) {
    const { steps, runs } = JSON.parse(checkpointTables(x0));
    $(this.section, '#lr-check-intro').textContent = t('lr.check.intro', {
      x0: fmt(x0), rates: runs.map((r) => fmtLr(r.lr)).join(', '), steps: steps.join(', '),
    });
    const cell = (v) => (v === null ? '∞' : fmt(v, 6));
    $(this.section, '#lr-check-tables').innerHTML = runs.map((run) => `
      <figure class="checkpoint" data-lr="${run.lr}" data-regime="${run.regime}" tabindex="0">
        <figcaption><strong>η = ${fmtLr(run.lr)}</strong> · ${escapeHtml(t('lr.card.multiplier', { r: fmt(run.multiplier, 6) }))}
          · ${escapeHtml(t(`lesson.regime.short.${run.regime}`))}</figcaption>
        <table class="num-table compact">
          <thead><tr><th scope="col">n</th><th scope="col">xₙ</th><th scope="col">x₀(1 − 2η)ⁿ</th><th scope="col">f(xₙ)</th><th scope="col">${escapeHtml(t('lr.check.col.update'))}</th></tr></thead>
          <tbody>${run.rows.map((r) => `<tr data-step="${r.step}"><td>${r.step}</td><td>${cell(r.x)}</td><td>${cell(r.closedForm)}</td><td>${cell(r.fx)}</td><td>${cell(r.update)}</td></tr>`).join('')}</tbody>
        </table>
      </figure>`).join('');
  }

  /** Starting rates with their sources, and the limits x² itself gives (computed by the wasm). */
  renderRecommended() {
    const { rows, square } = JSON.parse(recommendedRates());
    const limits = { a: fmtLr(square.monotoneBelow), b: fmtLr(square.convergesBelow) };
    $(this.section, '#lr-shapes-x2').textContent = t('lr.shapes.x2', limits);
    $(this.section, '#lr-regimes').innerHTML = REGIMES
      .map((r) => `<li data-regime="${r}">${escapeHtml(t(`lesson.regime.${r}`, limits))}</li>`).join('');
    const sources = (ids) => ids.map((id) => t(`lr.src.${id}`)).join(t('lr.src.join'));
    const body = rows.map((r) => [t(`lr.rec.${r.id}`), r.label, fmtLr(r.lr), r.params || '—', sources(r.sources)]);
    body.push([t('lr.rec.square'), 'SGD', t('lr.rec.square.lr', { a: fmtLr(square.monotoneBelow), b: fmtLr(square.convergesBelow) }), '—',
      t('lr.rec.square.source', { c: fmt(square.curvature) })]);
    fillRows($(this.section, '#lr-rec-table tbody'), body);
  }

  renderSchedules() {
    const s = this.section;
    const [lr0, gamma, every, k, steps, x0] = ['lr', 'gamma', 'every', 'k', 'steps', 'x0'].map((key) => this.num(key));
    $(s, '#lr-sched-lr0').textContent = t('lr.sched.lr0', { lr: fmtLr(lr0), x0: fmt(x0), n: steps });
    $(s, '#lr-sched-last-head').textContent = `η(${steps - 1})`;
    $(s, '#lr-sched-x-head').textContent = `x${sub(steps)}`;
    $(s, '#lr-sched-f-head').textContent = `f(x${sub(steps)})`;
    const rows = SCHEDULES.map((kind) => {
      const rates = scheduleRates(kind, lr0, gamma, every, k, steps);
      const run = JSON.parse(descend1dSchedule('square', x0, kind, lr0, gamma, every, k, steps));
      const done = run.xs.length > steps;
      return [t(`lesson.sched.${kind}`), fmtLr(rates[0]), fmt(rates[steps - 1]), done ? fmt(run.xs[steps]) : '∞',
        done ? fmt(run.fs[steps]) : '∞', t(`lesson.diag.${run.diagnosis}`)];
    });
    fillRows($(s, '#lr-sched-table tbody'), rows, (_, i) => (SCHEDULES[i] === this.state.sched ? 'current' : ''));
    const labels = SCHEDULES.map((kind) => t(`lesson.sched.${kind}`)).join('|');
    const a = this.charts.sched;
    const b = this.charts.schedRuns;
    if (!a.fit() || !b.fit()) return false;
    drawSchedules(a.canvas, lr0, gamma, every, k, steps, labels, t('lr.sched.chart'), t('lesson.iteration'), 'η(t)');
    drawScheduleRuns(b.canvas, x0, lr0, gamma, every, k, steps, true, labels, t('lr.sched.runs'), t('lesson.iteration'), 'f(x) = x²');
    a.describe(t('lr.sched.alt', { lr: fmtLr(lr0), n: steps }), { header: [t('lr.sched.col'), 'η(0)', `η(${steps - 1})`], rows: rows.map((r) => r.slice(0, 3)) });
    b.describe(t('lr.sched.runsAlt', { n: steps }), { header: [t('lr.sched.col'), `x${sub(steps)}`, `f(x${sub(steps)})`], rows: rows.map((r) => [r[0], r[3], r[4]]) });
    return true;
  }

  raceEntrants() {
    const rates = JSON.parse(this.state.rr === '1' ? raceRates(this.state.race) : defaultRates());
    return OPTIMIZERS.map((o) => `${o}:${rates[o]}`).join(',');
  }

  renderRace() {
    const { race: fn } = this.state;
    const [x0, x1, steps] = [this.num('rx0'), this.num('rx1'), this.num('steps')];
    const entrants = this.raceEntrants();
    const usual = JSON.parse(defaultRates());
    $(this.section, '#lr-rr-default-label').textContent = t('lr.race.default', Object.fromEntries(OPTIMIZERS.map((o) => [o, fmtLr(usual[o])])));
    this.race = JSON.parse(race2d(fn, x0, x1, entrants, steps, false));
    const info = JSON.parse(fn2dInfo(fn));
    $(this.section, '#lr-race-loss-head').textContent = `f(x${sub(steps)})`;
    fillRows($(this.section, '#lr-race-table tbody'), this.race.map((r) => [
      OPT_LABEL[r.optimizer], fmtLr(r.lr), r.diverged ? t('lr.race.diverged', { n: r.points.length - 1 }) : fmt(r.losses[steps], 4),
    ]), (_, i) => (this.race[i].diverged ? 'overflow' : ''));
    const a = this.charts.race;
    const b = this.charts.raceLoss;
    if (!a.fit() || !b.fit()) return false;
    this.raceMapping = a.setMapping(drawContour(a.canvas, fn, x0, x1, entrants, steps, false, `f(x₀, x₁) = ${info.formula}`,
      'x₀', 'x₁', t('gd2.legend.negGrad'), t('lesson.kind.minimum'), t('lesson.kind.maximum'), t('lesson.kind.saddle')));
    drawRaceLosses(b.canvas, fn, x0, x1, entrants, steps, $(this.section, '#lr-race-logy').checked,
      t('lr.race.loss'), t('lesson.iteration'), 'f(x₀, x₁)');
    const summary = this.race.map((r) => `${r.label}: ${r.diverged ? t('lesson.diag.diverging') : `${pair(r.points[steps])}, f = ${fmt(r.losses[steps])}`}`).join('; ');
    a.describe(t('lr.race.alt', { f: info.formula, start: pair([x0, x1]), n: steps, runs: summary }), this.raceSummaryCsv());
    b.describe(t('lr.race.lossAlt', { n: steps, runs: summary }), this.raceSummaryCsv());
    return true;
  }

  // ---- CSV (the numbers behind each chart, straight from the wasm's JSON) -----------------------

  summaryCsv() {
    const steps = this.num('steps');
    return {
      header: ['η', t('lr.col.diag'), 'x_N', 'f(x_N)'],
      rows: this.lab.map((r) => [fmtLr(r.lr), t(`lesson.diag.${r.diagnosis}`), r.xs.length > steps ? r.xs[steps] : null, this.lastF(r, steps)]),
    };
  }

  curvesCsv() {
    const steps = this.num('steps');
    const header = ['iteration', ...this.lab.map((r) => `f(x) lr=${fmtLr(r.lr)} (${r.diagnosis})`)];
    const rows = Array.from({ length: steps + 1 }, (_, i) => [i, ...this.lab.map((r) => (i < r.fs.length ? r.fs[i] : null))]);
    return { header, rows };
  }

  schedCsv() {
    const [lr0, gamma, every, k, steps] = ['lr', 'gamma', 'every', 'k', 'steps'].map((key) => this.num(key));
    const columns = SCHEDULES.map((kind) => scheduleRates(kind, lr0, gamma, every, k, steps));
    return {
      header: ['t', ...SCHEDULES.map((kind) => `eta_${kind}`)],
      rows: Array.from({ length: steps }, (_, i) => [i, ...columns.map((c) => c[i])]),
    };
  }

  schedRunsCsv() {
    const [lr0, gamma, every, k, steps, x0] = ['lr', 'gamma', 'every', 'k', 'steps', 'x0'].map((key) => this.num(key));
    const runs = SCHEDULES.map((kind) => JSON.parse(descend1dSchedule('square', x0, kind, lr0, gamma, every, k, steps)));
    return {
      header: ['iteration', ...SCHEDULES.map((kind) => `f_${kind}`)],
      rows: Array.from({ length: steps + 1 }, (_, i) => [i, ...runs.map((r) => (i < r.fs.length ? r.fs[i] : null))]),
    };
  }

  raceSummaryCsv() {
    const steps = this.num('steps');
    return {
      header: [t('lr.race.col.opt'), 'η', 'x0', 'x1', 'f'],
      rows: this.race.map((r) => [OPT_LABEL[r.optimizer], r.lr, r.points[steps]?.[0] ?? null, r.points[steps]?.[1] ?? null, r.losses[steps] ?? null]),
    };
  }

  raceCsv() {
    const rows = [];
    for (const r of this.race) r.points.forEach((p, i) => rows.push([r.optimizer, r.lr, i, p?.[0] ?? null, p?.[1] ?? null, r.losses[i]]));
    return { header: ['optimizer', 'lr', 'step', 'x0', 'x1', 'f'], rows };
  }

  raceLossCsv() {
    const steps = this.num('steps');
    return {
      header: ['iteration', ...this.race.map((r) => r.optimizer)],
      rows: Array.from({ length: steps + 1 }, (_, i) => [i, ...this.race.map((r) => r.losses[i] ?? null)]),
    };
  }
}
