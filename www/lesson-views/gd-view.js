// Section 3, "Gradient descent": two routes with tabs between them.
//   #/gd1?fn&x0&lr&steps            — a curve f(x), its iterates and tangent, each update written out
//   #/gd2?fn&x0&x1&lr&steps&opt&norm — a contour plot with the −∇f field, a trajectory started by a
//                                      click, the gradient at the current point, the loss per step
// The runs are recomputed by the wasm from the state on every change ("Step" is steps + 1), one
// step further than shown so the next update can be previewed.

import {
  descend1d, drawContour, drawFunction1d, drawRaceLosses, fn1dInfo, fn2dInfo, gradient2d, mappingToData,
  normalizeLessonQuery, race2d, raceRates, recommendedRates, squareClosedForm, squareRegime,
} from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import {
  ChartFigure, LessonHash, StepRunner, chartMarkup, fillStepRows, frameScheduler, fromLogSlider, lrSliderMarkup, parseQuery, setLogSlider, stepButtonsMarkup, toQuery,
} from './chart-tools.js';
import { $, build, escapeHtml, fillRows } from '../dom.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { fmt, fmtLr, sub, term } from '../format.js';

/**
 * Whether stepping on shows nothing new, by the wasm's stop rule (`finished` of the run
 * rendered for `runShown` steps). A step taken but not yet rendered counts as finished, so a
 * runner ticking faster than frames waits for the render.
 */
function runFinished(run, runShown, shown) {
  if (!run) return false;
  return shown === runShown ? run.finished : shown > runShown;
}

const FUNCTIONS_1D = ['square', 'twomin'];
const FUNCTIONS_2D = ['bowl', 'elongated', 'saddle', 'rosenbrock', 'himmelblau'];
const OPTIMIZERS = { sgd: 'SGD', momentum: 'Momentum', adagrad: 'AdaGrad', rmsprop: 'RMSprop', adam: 'Adam' };
const START_DIGITS = 2; // a start point set on a plot is rounded to 0.01
const NUDGE_1D = 0.1;
const NUDGE_2D_FRACTION = 1 / 40; // of the domain's width, per arrow key
const RUN_1D = { intervalMs: 160, maxSteps: 50 };
const RUN_2D = { intervalMs: 110, maxSteps: 150 };

const round = (v, digits) => Number(v.toFixed(digits));
const pair = (p, d = 4) => (p ? `(${fmt(p[0], d)}, ${fmt(p[1], d)})` : '(∞, ∞)');

function headMarkup(which) {
  const tab = (route, key) => `<a href="#/${route}" class="tab" ${route === which ? 'aria-current="page"' : ''} data-i18n="${key}"></a>`;
  return `
    <header class="view-head">
      <h1><span class="num" aria-hidden="true">3</span> <span data-i18n="nav.descent">Gradient descent</span></h1>
      <p class="intro" data-i18n="gd.intro"></p>
      <nav class="tabs" data-i18n-attr="aria-label:gd.tabs">${tab('gd1', 'gd.tab1')}${tab('gd2', 'gd.tab2')}</nav>
    </header>`;
}

/** Shared plumbing of both routes: the state as a canonical query, hash, render scheduling. */
class DescentBase {
  constructor(section, route, markup) {
    this.section = section;
    this.routeName = route;
    build(section, markup);
    this.hash = new LessonHash(route, section);
    this.state = parseQuery(normalizeLessonQuery(route, ''));
    this.schedule = frameScheduler(() => this.render());
    onLanguageChange(() => this.schedule());
  }

  route(rawQuery) {
    if (rawQuery) {
      this.hash.readFlags(rawQuery);
      this.state = parseQuery(normalizeLessonQuery(this.routeName, rawQuery));
    }
    this.hash.write(this.query());
    this.schedule();
  }

  query() {
    return toQuery(this.state);
  }

  /** Changes some keys; the wasm clamps them; the hash follows. */
  set(partial, { soon = false } = {}) {
    this.state = parseQuery(normalizeLessonQuery(this.routeName, toQuery({ ...this.state, ...partial })));
    if (soon) this.hash.writeSoon(() => this.query());
    else this.hash.write(this.query());
    this.schedule();
  }

  num(key) {
    return Number(this.state[key]);
  }

  wireLr(id) {
    const slider = $(this.section, `#${id}`);
    slider.addEventListener('input', () => this.set({ lr: fromLogSlider(slider.value) }, { soon: true }));
    return slider;
  }

  /** Number inputs commit on change (Enter or leaving the field); the wasm clamps them. */
  wireNumber(id, key) {
    const input = $(this.section, `#${id}`);
    input.addEventListener('change', () => {
      if (input.value !== '') this.set({ [key]: input.value });
    });
    return input;
  }

  showNumber(input, value) {
    if (document.activeElement !== input) input.value = String(value);
  }
}

// ───────────────────────────── 1-D ─────────────────────────────

const MARKUP_1D = `${headMarkup('gd1')}
  <div class="lesson-grid">
    <section class="panel lesson-card controls-card" aria-labelledby="gd1-controls-title">
      <h2 id="gd1-controls-title" data-i18n="gd1.controls"></h2>
      <div class="field" data-key="fn">
        <label for="gd1-fn" data-i18n="lesson.function"></label>
        <select id="gd1-fn">${FUNCTIONS_1D.map((f) => `<option value="${f}" data-i18n="lesson.fn.${f}"></option>`).join('')}</select>
      </div>
      <div class="field" data-key="x0">
        <label for="gd1-x0" data-i18n="gd1.x0"></label>
        <input id="gd1-x0" type="number" step="0.1" min="-4" max="4" aria-describedby="gd1-x0-hint">
        <p id="gd1-x0-hint" class="hint" data-i18n="gd1.x0.hint"></p>
      </div>
      ${lrSliderMarkup('gd1-lr')}
      ${stepButtonsMarkup('gd1')}
      <p class="step-count"><span data-i18n="lesson.steps"></span> <strong id="gd1-steps"></strong></p>
      <p id="gd1-status" class="status-text" aria-live="polite"></p>
      <div id="gd1-diverged" class="alert warn" role="alert" hidden></div>
    </section>
    <div class="panel lesson-card chart-card">
      ${chartMarkup('gd1-chart', { focusable: true })}
      <p class="hint" data-i18n="gd1.chart.hint"></p>
    </div>
  </div>
  <div class="lesson-row wide-left">
    <section class="panel lesson-card" aria-labelledby="gd1-table-title">
      <h2 id="gd1-table-title" data-i18n="gd1.table.title"></h2>
      <p class="formula">x ← x − η f′(x)</p>
      <div class="closed-form" id="gd1-closed" aria-live="polite">
        <p class="formula small" id="gd1-multiplier"></p>
        <p class="regime-text" id="gd1-regime"></p>
      </div>
      <div class="table-scroll tall" id="gd1-table-box" role="group" tabindex="0" aria-labelledby="gd1-table-title">
        <table class="num-table" id="gd1-table">
          <thead><tr>
            <th scope="col" data-i18n="lesson.col.step"></th>
            <th scope="col">x</th>
            <th scope="col" id="gd1-closed-head" data-i18n="gd1.col.closed"></th>
            <th scope="col">f(x)</th>
            <th scope="col">f′(x)</th>
            <th scope="col" data-i18n="gd1.col.update"></th>
          </tr></thead>
          <tbody></tbody>
        </table>
      </div>
    </section>
    <section class="panel lesson-card explain-card" aria-labelledby="gd1-why-title">
      <h2 id="gd1-why-title" data-i18n="gd1.why.title"></h2>
      <p data-i18n="gd1.why.1"></p>
      <p data-i18n="gd1.why.2"></p>
      <p data-i18n="gd1.why.3"></p>
      <h3 data-i18n="lesson.critical"></h3>
      <ul class="plain-list" id="gd1-critical"></ul>
    </section>
  </div>`;

export class Descent1dView extends DescentBase {
  constructor(section) {
    super(section, 'gd1', MARKUP_1D);
    this.run = null;
    this.closedForm = null; // x₀(1 − 2η)ⁿ on x², null on other functions
    this.mapping = null;
    this.dragging = false;
    this.chart = new ChartFigure(section, 'gd1-chart', {
      aspect: 0.62,
      maxHeight: 500,
      filename: () => `gradlab-descent-1d-${this.state.fn}`,
      csv: () => this.csv(),
    });
    this.fnSelect = $(section, '#gd1-fn');
    this.fnSelect.addEventListener('change', () => {
      this.runner.stop();
      this.set({ fn: this.fnSelect.value, x0: JSON.parse(fn1dInfo(this.fnSelect.value)).start, steps: 0 });
    });
    this.x0Input = this.wireNumber('gd1-x0', 'x0');
    this.lrSlider = this.wireLr('gd1-lr');
    $(section, '#gd1-step').addEventListener('click', () => this.step());
    $(section, '#gd1-reset').addEventListener('click', () => {
      this.runner.stop();
      this.set({ steps: 0 });
    });
    this.runner = new StepRunner($(section, '#gd1-run'), {
      ...RUN_1D,
      onStep: () => this.step(),
      shouldStop: () => this.section.hidden || this.finished(),
    });
    this.wirePlot();
    new ResizeObserver(() => this.schedule()).observe($(section, '.chart-card'));
    onPixelRatioChange(() => this.schedule());
    section.dataset.ready = '1';
  }

  step() {
    if (!this.finished()) this.set({ steps: this.num('steps') + 1 });
  }

  /** Diverged, converged, or at the last step a link can hold: the wasm's rule for the run shown. */
  finished() {
    return runFinished(this.run, this.runShown, this.num('steps'));
  }

  /** Drag (or click) on the plot moves the start; arrow keys nudge it. */
  wirePlot() {
    const canvas = this.chart.canvas;
    const moveTo = (event) => {
      if (!this.mapping) return;
      const [px, py] = this.chart.pixelOf(event);
      const at = mappingToData(this.mapping, px, py);
      if (at.length === 2) this.set({ x0: round(at[0], START_DIGITS) }, { soon: true });
    };
    canvas.addEventListener('pointerdown', (event) => {
      this.dragging = true;
      canvas.setPointerCapture(event.pointerId);
      moveTo(event);
    });
    canvas.addEventListener('pointermove', (event) => this.dragging && moveTo(event));
    const end = () => {
      if (!this.dragging) return;
      this.dragging = false;
      this.hash.write(this.query());
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('keydown', (event) => {
      const d = { ArrowLeft: -NUDGE_1D, ArrowRight: NUDGE_1D }[event.key];
      if (d === undefined) return;
      event.preventDefault();
      this.set({ x0: round(this.num('x0') + d, START_DIGITS) });
    });
  }

  render() {
    if (this.section.hidden) return; // route() renders when the view shows again
    const { fn } = this.state;
    const x0 = this.num('x0');
    const lr = this.num('lr');
    const steps = this.num('steps');
    const info = JSON.parse(fn1dInfo(fn));
    // One step more than shown: its record is the next update, previewed in the table.
    const run = JSON.parse(descend1d(fn, x0, lr, steps + 1));
    this.run = run;
    this.runShown = steps;
    this.fnSelect.value = fn;
    this.showNumber(this.x0Input, x0);
    setLogSlider(this.lrSlider, $(this.section, '#gd1-lr-value'), lr);
    $(this.section, '#gd1-steps').textContent = String(steps);
    $(this.section, '#gd1-step').disabled = this.finished();
    this.closedForm = fn === 'square' ? squareClosedForm(x0, lr, steps + 1) : null;
    this.renderClosedForm(fn, lr);
    this.renderTable(run, steps);
    this.renderStatus(run, steps);
    this.renderCritical(info);
    if (!this.chart.fit()) return;
    const f = t(`lesson.fn.${fn}`);
    this.mapping = this.chart.setMapping(drawFunction1d(this.chart.canvas, fn, x0, lr, steps, f, 'x', 'f(x)', `f(x) = ${info.formula}`,
      t('gd1.chart.iterates'), t('gd1.chart.tangent')));
    this.chart.describe(t('gd1.chart.alt', {
      f: info.formula, x0: fmt(x0), lr: fmtLr(lr), n: this.shownSteps(run, steps),
      x: fmt(this.current(run, steps).x), fx: fmt(this.current(run, steps).fx),
    }));
  }

  /** Steps actually taken (a diverged run stops early). */
  shownSteps(run, steps) {
    return Math.min(steps, run.xs.length - 1);
  }

  current(run, steps) {
    const n = this.shownSteps(run, steps);
    return { n, x: run.xs[n], fx: run.fs[n] };
  }

  /** On x² the whole run is xₙ = x₀(1 − 2η)ⁿ: the multiplier and what it does, from the wasm. */
  renderClosedForm(fn, lr) {
    const square = fn === 'square';
    $(this.section, '#gd1-closed').hidden = !square;
    $(this.section, '#gd1-closed-head').hidden = !square;
    if (!square) return;
    const { multiplier, regime } = JSON.parse(squareRegime(lr));
    const limits = JSON.parse(recommendedRates()).square;
    $(this.section, '#gd1-multiplier').textContent = t('lesson.multiplier', { lr: fmtLr(lr), r: fmt(multiplier, 6) });
    const el = $(this.section, '#gd1-regime');
    el.dataset.regime = regime;
    el.textContent = t(`lesson.regime.${regime}`, { a: fmtLr(limits.monotoneBelow), b: fmtLr(limits.convergesBelow) });
  }

  renderTable(run, steps) {
    const closed = this.closedForm;
    fillStepRows($(this.section, '#gd1-table tbody'), run.steps, steps, (s) => [
      String(s.step), fmt(s.x), ...(closed ? [fmt(closed[s.step])] : []), fmt(s.fx), fmt(s.dfx),
      `x ← ${fmt(s.x)} − ${fmtLr(s.lr)} × ${term(s.dfx)} = ${fmt(s.xNext)}`,
    ]);
    const box = $(this.section, '#gd1-table-box');
    box.scrollTop = box.scrollHeight;
  }

  renderStatus(run, steps) {
    const cur = this.current(run, steps);
    const next = run.steps[cur.n];
    $(this.section, '#gd1-status').textContent = t('gd1.status', {
      n: cur.n, x: fmt(cur.x), fx: fmt(cur.fx), dfx: next ? fmt(next.dfx) : '∞',
    });
    const box = $(this.section, '#gd1-diverged');
    const stopped = run.divergedAt !== null && run.divergedAt < steps;
    box.hidden = !stopped;
    if (stopped) box.textContent = t('lesson.diverged', { n: run.xs.length - 1 });
  }

  renderCritical(info) {
    $(this.section, '#gd1-critical').innerHTML = info.criticalPoints.map((c) => `<li>${escapeHtml(t('gd1.critical', {
      kind: t(`lesson.kind.${c.kind}`), x: fmt(c.x), f: fmt(c.f), c: fmt(c.curvature, 3),
    }))}</li>`).join('');
  }

  csv() {
    const run = this.run;
    const closed = this.closedForm;
    const rows = run.steps.slice(0, this.num('steps'))
      .map((s) => [s.step, s.lr, s.x, ...(closed ? [closed[s.step]] : []), s.fx, s.dfx, s.update, s.xNext]);
    const header = ['step', 'lr', 'x', ...(closed ? ['x0*(1-2*lr)^step'] : []), 'f(x)', "f'(x)", 'update', 'x_next'];
    return { header, rows };
  }
}

// ───────────────────────────── 2-D ─────────────────────────────

const MARKUP_2D = `${headMarkup('gd2')}
  <div class="lesson-grid">
    <section class="panel lesson-card controls-card" aria-labelledby="gd2-controls-title">
      <h2 id="gd2-controls-title" data-i18n="gd2.controls"></h2>
      <div class="field" data-key="fn">
        <label for="gd2-fn" data-i18n="lesson.function"></label>
        <select id="gd2-fn">${FUNCTIONS_2D.map((f) => `<option value="${f}" data-i18n="lesson.fn.${f}"></option>`).join('')}</select>
      </div>
      <div class="field" data-key="opt">
        <label for="gd2-opt" data-i18n="gd2.opt"></label>
        <select id="gd2-opt">${Object.entries(OPTIMIZERS).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select>
      </div>
      ${lrSliderMarkup('gd2-lr')}
      <p id="gd2-lr-note" class="hint" aria-live="polite"></p>
      <fieldset class="plain" data-key="x0 x1">
        <legend class="small-legend" data-i18n="gd2.start"></legend>
        <div class="field-row">
          <div class="field"><label for="gd2-x0">x₀</label><input id="gd2-x0" type="number" step="0.1" min="-10" max="10"></div>
          <div class="field"><label for="gd2-x1">x₁</label><input id="gd2-x1" type="number" step="0.1" min="-10" max="10"></div>
        </div>
        <p class="hint" data-i18n="gd2.start.hint"></p>
      </fieldset>
      <label class="check" data-key="norm"><input type="checkbox" id="gd2-norm"> <span data-i18n="gd2.norm"></span></label>
      ${stepButtonsMarkup('gd2')}
      <p class="step-count"><span data-i18n="lesson.steps"></span> <strong id="gd2-steps"></strong></p>
      <div id="gd2-diverged" class="alert warn" role="alert" hidden></div>
    </section>
    <div class="panel lesson-card chart-card contour-card">
      ${chartMarkup('gd2-chart', { focusable: true })}
      <p class="hint" data-i18n="gd2.chart.hint"></p>
    </div>
  </div>
  <div class="lesson-row three">
    <section class="panel lesson-card" aria-labelledby="gd2-here-title">
      <h2 id="gd2-here-title" data-i18n="gd2.here"></h2>
      <dl class="readout stacked">
        <div><dt data-i18n="gd2.point"></dt><dd id="gd2-point"></dd></div>
        <div><dt>f(x₀, x₁)</dt><dd id="gd2-f"></dd></div>
        <div><dt>∇f = (∂f/∂x₀, ∂f/∂x₁)</dt><dd id="gd2-grad"></dd></div>
        <div><dt>‖∇f‖</dt><dd id="gd2-norm-value"></dd></div>
      </dl>
      <h3 data-i18n="gd2.nextUpdate"></h3>
      <p class="formula small" id="gd2-update"></p>
      <p class="hint" data-i18n="gd2.here.hint"></p>
    </section>
    <div class="panel lesson-card chart-card loss-card">
      ${chartMarkup('gd2-loss')}
      <label class="check"><input type="checkbox" id="gd2-logy" checked> <span data-i18n="lesson.logY"></span></label>
    </div>
    <section class="panel lesson-card explain-card" aria-labelledby="gd2-why-title">
      <h2 id="gd2-why-title" data-i18n="gd2.why.title"></h2>
      <p data-i18n="gd2.why.1"></p>
      <p data-i18n="gd2.why.2"></p>
      <p data-i18n="gd2.why.3"></p>
      <p data-i18n="gd2.why.4"></p>
    </section>
  </div>
  <div class="lesson-row crit-row">
    <section class="panel lesson-card" aria-labelledby="gd2-crit-title">
      <h2 id="gd2-crit-title" data-i18n="lesson.critical"></h2>
      <p class="hint" data-i18n="gd2.crit.hint"></p>
      <div class="table-scroll" role="group" tabindex="0" aria-labelledby="gd2-crit-title">
        <table class="num-table compact" id="gd2-crit">
          <thead><tr>
            <th scope="col" data-i18n="gd2.col.kind"></th>
            <th scope="col">(x₀, x₁)</th>
            <th scope="col">f</th>
            <th scope="col" data-i18n="gd2.col.eig"></th>
          </tr></thead>
          <tbody></tbody>
        </table>
      </div>
    </section>
    <section class="panel lesson-card" aria-labelledby="gd2-table-title">
      <h2 id="gd2-table-title" data-i18n="gd2.table.title"></h2>
      <div class="table-scroll tall" id="gd2-table-box" role="group" tabindex="0" aria-labelledby="gd2-table-title">
        <table class="num-table compact" id="gd2-table">
          <thead><tr>
            <th scope="col" data-i18n="lesson.col.step"></th>
            <th scope="col">(x₀, x₁)</th>
            <th scope="col">f</th>
            <th scope="col">∇f</th>
            <th scope="col">‖∇f‖</th>
            <th scope="col" data-i18n="gd2.col.update"></th>
          </tr></thead>
          <tbody></tbody>
        </table>
      </div>
    </section>
  </div>`;

export class Descent2dView extends DescentBase {
  constructor(section) {
    super(section, 'gd2', MARKUP_2D);
    this.run = null;
    this.info = null;
    this.mapping = null;
    this.lrNote = '';
    this.contour = new ChartFigure(section, 'gd2-chart', {
      aspect: 0.82,
      narrowAspect: 1.2,
      maxHeight: 640,
      filename: () => `gradlab-descent-2d-${this.state.fn}`,
      csv: () => this.trajectoryCsv(),
    });
    this.loss = new ChartFigure(section, 'gd2-loss', {
      aspect: 0.72,
      maxHeight: 380,
      filename: () => `gradlab-descent-2d-loss-${this.state.fn}`,
      csv: () => this.lossCsv(),
    });
    this.fnSelect = $(section, '#gd2-fn');
    this.fnSelect.addEventListener('change', () => this.changeFunction(this.fnSelect.value, this.state.opt));
    this.optSelect = $(section, '#gd2-opt');
    this.optSelect.addEventListener('change', () => this.changeFunction(this.state.fn, this.optSelect.value));
    this.x0Input = this.wireNumber('gd2-x0', 'x0');
    this.x1Input = this.wireNumber('gd2-x1', 'x1');
    this.lrSlider = this.wireLr('gd2-lr');
    this.lrSlider.addEventListener('input', () => this.note(''));
    this.normBox = $(section, '#gd2-norm');
    this.normBox.addEventListener('change', () => this.set({ norm: this.normBox.checked ? 1 : 0 }));
    this.logY = $(section, '#gd2-logy');
    this.logY.addEventListener('change', () => this.schedule());
    $(section, '#gd2-step').addEventListener('click', () => this.step());
    $(section, '#gd2-reset').addEventListener('click', () => {
      this.runner.stop();
      this.set({ steps: 0 });
    });
    this.runner = new StepRunner($(section, '#gd2-run'), {
      ...RUN_2D,
      onStep: () => this.step(),
      shouldStop: () => this.section.hidden || this.finished(),
    });
    this.wirePlot();
    const observer = new ResizeObserver(() => this.schedule());
    observer.observe($(section, '.contour-card'));
    observer.observe($(section, '.loss-card'));
    onPixelRatioChange(() => this.schedule());
    section.dataset.ready = '1';
  }

  /** A new function or optimizer starts over from the function's start with a rate that suits it. */
  changeFunction(fn, opt) {
    this.runner.stop();
    const info = JSON.parse(fn2dInfo(fn));
    const lr = JSON.parse(raceRates(fn))[opt];
    this.set({ fn, opt, x0: info.start[0], x1: info.start[1], lr, steps: 0 });
    this.note(t('gd2.lr.note', { lr: fmtLr(lr), opt: OPTIMIZERS[opt] }));
  }

  note(text) {
    this.lrNote = text;
    $(this.section, '#gd2-lr-note').textContent = text;
  }

  step() {
    if (!this.finished()) this.set({ steps: this.num('steps') + 1 });
  }

  finished() {
    return runFinished(this.run, this.runShown, this.num('steps'));
  }

  /** A click on the contour plot starts a new trajectory there and runs it. */
  wirePlot() {
    const canvas = this.contour.canvas;
    canvas.addEventListener('click', (event) => {
      if (!this.mapping) return;
      const [px, py] = this.contour.pixelOf(event);
      const at = mappingToData(this.mapping, px, py);
      if (at.length !== 2) return;
      this.startAt(round(at[0], START_DIGITS), round(at[1], START_DIGITS));
    });
    canvas.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.startAt(this.num('x0'), this.num('x1'));
        return;
      }
      const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[event.key];
      if (!dir || !this.info) return;
      event.preventDefault();
      const d = this.info.domain;
      const dx = (d.x0[1] - d.x0[0]) * NUDGE_2D_FRACTION;
      const dy = (d.x1[1] - d.x1[0]) * NUDGE_2D_FRACTION;
      this.set({ x0: round(this.num('x0') + dir[0] * dx, START_DIGITS), x1: round(this.num('x1') + dir[1] * dy, START_DIGITS), steps: 0 });
    });
  }

  startAt(x0, x1) {
    this.runner.stop();
    this.set({ x0, x1, steps: 0 });
    this.run = null; // the next render computes the new run before the runner asks
    this.runner.start();
  }

  entrant() {
    return `${this.state.opt}:${this.state.lr}`;
  }

  render() {
    if (this.section.hidden) return;
    const { fn, opt } = this.state;
    const [x0, x1, lr, steps] = [this.num('x0'), this.num('x1'), this.num('lr'), this.num('steps')];
    const normalized = this.num('norm') === 1;
    this.info = JSON.parse(fn2dInfo(fn));
    const [run] = JSON.parse(race2d(fn, x0, x1, this.entrant(), steps + 1, true));
    this.run = run;
    this.runShown = steps;
    this.fnSelect.value = fn;
    this.optSelect.value = opt;
    this.normBox.checked = normalized;
    this.showNumber(this.x0Input, x0);
    this.showNumber(this.x1Input, x1);
    setLogSlider(this.lrSlider, $(this.section, '#gd2-lr-value'), lr);
    $(this.section, '#gd2-steps').textContent = String(steps);
    $(this.section, '#gd2-step').disabled = this.finished();
    const n = Math.min(steps, run.points.length - 1);
    this.renderHere(run, n);
    this.renderTable(run, steps);
    this.renderCritical();
    const box = $(this.section, '#gd2-diverged');
    const stopped = run.divergedAt !== null && run.divergedAt < steps;
    box.hidden = !stopped;
    if (stopped) box.textContent = t('lesson.diverged2', { n: run.points.length - 1 });

    if (this.contour.fit()) {
      this.mapping = this.contour.setMapping(drawContour(this.contour.canvas, fn, x0, x1, this.entrant(), steps, normalized,
        `f(x₀, x₁) = ${this.info.formula}`, 'x₀', 'x₁', t('gd2.legend.negGrad'),
        t('lesson.kind.minimum'), t('lesson.kind.maximum'), t('lesson.kind.saddle')));
      const last = run.points[n];
      this.contour.describe(t('gd2.chart.alt', {
        f: this.info.formula, start: pair([x0, x1]), n, end: pair(last), loss: fmt(run.losses[n]),
        crit: this.info.criticalPoints.map((c) => `${t(`lesson.kind.${c.kind}`)} ${pair(c.x, 3)}`).join('; '),
      }));
    }
    if (this.loss.fit()) {
      drawRaceLosses(this.loss.canvas, fn, x0, x1, this.entrant(), steps, this.logY.checked,
        t('gd2.loss.title'), t('lesson.iteration'), t('gd2.loss.y'));
      this.loss.describe(t('gd2.loss.alt', { n, first: fmt(run.losses[0]), last: fmt(run.losses[n]) }));
    }
  }

  renderHere(run, n) {
    const p = run.points[n];
    const [f, g0, g1, norm] = p ? gradient2d(this.state.fn, p[0], p[1]) : [null, null, null, null];
    $(this.section, '#gd2-point').textContent = `x${sub(n)} = ${pair(p)}`;
    $(this.section, '#gd2-f').textContent = fmt(f);
    $(this.section, '#gd2-grad').textContent = pair(p ? [g0, g1] : null);
    $(this.section, '#gd2-norm-value').textContent = fmt(norm);
    const next = run.steps[n];
    const el = $(this.section, '#gd2-update');
    if (!next) {
      el.textContent = '—';
    } else if (this.state.opt === 'sgd') {
      const lr = fmtLr(next.lr);
      el.innerHTML = [0, 1].map((i) => escapeHtml(
        `x${sub(i)} ← ${fmt(next.x[i])} − ${lr} × ${term(next.grad[i])} = ${fmt(next.xNext[i])}`,
      )).join('<br>');
    } else {
      el.textContent = `x ← ${pair(next.x)} + ${pair(next.update)} = ${pair(next.xNext)}`;
    }
  }

  renderTable(run, steps) {
    fillStepRows($(this.section, '#gd2-table tbody'), run.steps, steps,
      (s) => [String(s.step), pair(s.x), fmt(s.fx), pair(s.grad), fmt(s.norm), pair(s.update)]);
    const box = $(this.section, '#gd2-table-box');
    box.scrollTop = box.scrollHeight;
  }

  renderCritical() {
    fillRows($(this.section, '#gd2-crit tbody'), this.info.criticalPoints.map((c) => [
      t(`lesson.kind.${c.kind}`), pair(c.x, 3), fmt(c.f, 3), `${fmt(c.eigenvalues[0], 2)}, ${fmt(c.eigenvalues[1], 2)}`,
    ]), (cells, i) => `kind-${this.info.criticalPoints[i].kind}`);
  }

  /** One row per point of the trajectory: where it is, f, ∇f there, and the update taken from it. */
  trajectoryCsv() {
    const n = Math.min(this.num('steps'), this.run.points.length - 1);
    const rows = this.run.steps.slice(0, n + 1)
      .map((s) => [s.step, s.x[0], s.x[1], s.fx, s.grad[0], s.grad[1], s.norm, s.update[0], s.update[1]]);
    if (rows.length === n) { // a diverged run has no record from its last point
      const last = this.run.points[n];
      rows.push([n, last?.[0] ?? null, last?.[1] ?? null, this.run.losses[n], null, null, null, null, null]);
    }
    return { header: ['step', 'x0', 'x1', 'f', 'df_dx0', 'df_dx1', 'grad_norm', 'update_x0', 'update_x1'], rows };
  }

  lossCsv() {
    const n = Math.min(this.num('steps'), this.run.losses.length - 1);
    return { header: ['iteration', 'loss'], rows: this.run.losses.slice(0, n + 1).map((v, i) => [i, v]) };
  }
}
