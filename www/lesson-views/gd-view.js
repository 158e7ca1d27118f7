// Section 3, "Gradient descent": two routes with tabs between them.
//   #/gd1?fn&x0&lr&steps            — a curve f(x), its iterates and tangent, each update written out
//   #/gd2?fn&x0&x1&lr&steps&opt&norm — a contour plot with the −∇f field, a trajectory started by a
//                                      click, the gradient at the current point, the loss per step
// The state is the canonical query. The wasm's models (lessons::gd) say what to show for it
// (descent1dShown / descent2dShown) and apply the learner's moves (descent1dMove / descent2dMove:
// step with the stop rule, reset, a new function or optimizer, a start picked on the plot, an
// arrow key); this file turns DOM events into moves and the results into DOM.

import {
  descent1dMove, descent1dShown, descent2dMove, descent2dShown, descentChoices, drawDescent1d, drawDescent2d,
  drawDescent2dLoss, mappingToData, normalizeLessonQuery,
} from '../pkg/gradlab.js';
import { onLanguageChange, t, tCount } from '../i18n.js';
import { spanLogSlider, wireLogSliderKeys } from '../log-slider.js';
import {
  ChartFigure, LessonHash, StepRunner, fillChoices, fillStepRows, frameScheduler, fromLogSlider, offerLogAxis, parseQuery,
  setLogSlider, toQuery,
} from './chart-tools.js';
import { $, build, fillRows } from '../dom.js';
import { lessonKeyRanges, spanNumber } from '../controls.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { expandPartial } from './partial.js';
import { fmt, fmtLr, fmtPair, sub, term } from '../format.js';
import head from '../views/gd-head.html?raw';
import markup1d from '../views/gd1.html?raw';
import markup2d from '../views/gd2.html?raw';

// A Run press adds a step every intervalMs, at most progress.runSteps of them (the wasm's number).
const RUN_1D = { intervalMs: 160 };
const RUN_2D = { intervalMs: 110 };
const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

/** Shared plumbing of both routes: the state as a canonical query, moves, hash, render scheduling. */
class DescentBase {
  constructor(section, route, markup, { shown, move, run }) {
    this.section = section;
    this.routeName = route;
    this.shownOf = shown;
    this.moveOf = move;
    build(section, expandPartial(head + markup));
    $(section, `.tabs a[href="#/${route}"]`).setAttribute('aria-current', 'page');
    this.choices = descentChoices();
    this.hash = new LessonHash(route, section);
    this.query = normalizeLessonQuery(route, '');
    this.ranges = lessonKeyRanges(route); // each key's { min, max } (the inputs' ranges)
    this.shown = null; // what was last rendered
    this.schedule = frameScheduler(() => this.render());
    onLanguageChange(() => this.schedule());
    const prefix = route;
    $(section, `#${prefix}-step`).addEventListener('click', () => this.move({ move: 'step' }));
    $(section, `#${prefix}-reset`).addEventListener('click', () => {
      this.runner.stop();
      this.move({ move: 'reset' });
    });
    this.runner = new StepRunner($(section, `#${prefix}-run`), {
      ...run,
      onStep: () => {
        this.move({ move: 'step' });
        this.paused = this.runner.left === 0; // the runner's last step of this press
      },
      shouldStop: () => this.section.hidden || !this.ownsHash() || this.finished(),
      pressSteps: () => this.shownOf(this.query).progress.runSteps,
    });
    this.paused = false;
    this.lrSlider = $(section, `#${prefix}-lr`);
    this.lrSlider.addEventListener('input', () => this.set({ lr: fromLogSlider(this.lrSlider.value) }, { soon: true }));
    const lrRange = this.ranges.lr;
    spanLogSlider(this.lrSlider, $(section, `#${prefix}-lr-scale`), lrRange.min, lrRange.max);
    wireLogSliderKeys(this.lrSlider, { ...lrRange, value: () => fromLogSlider(this.lrSlider.value), set: (lr) => this.set({ lr }, { soon: true }) });
  }

  route(rawQuery) {
    if (rawQuery) {
      this.hash.readFlags(rawQuery);
      this.query = normalizeLessonQuery(this.routeName, rawQuery);
    }
    this.hash.write(this.query);
    this.schedule();
  }

  /** Changes some keys; the wasm clamps them; the hash follows. */
  set(partial, options) {
    this.commit(normalizeLessonQuery(this.routeName, toQuery({ ...parseQuery(this.query), ...partial })), options);
  }

  /** A move of the wasm's model (see lessons::gd::Move). */
  move(m, options) {
    this.paused = false;
    this.commit(this.moveOf(this.query, m), options);
  }

  /** Whether the address still shows this route: a step of a running animation can land after
   *  the learner followed a link, and must not write the old route back over the new one. */
  ownsHash() {
    return location.hash.split('?')[0] === `#/${this.routeName}`;
  }

  commit(query, { soon = false } = {}) {
    if (!this.ownsHash()) {
      this.runner.stop();
      return;
    }
    this.query = query;
    if (soon) this.hash.writeSoon(() => this.query);
    else this.hash.write(this.query);
    this.schedule();
  }

  /** The wasm's stop rule for the state on screen; a state not drawn yet may still step. */
  finished() {
    return this.shown !== null && this.shown.query === this.query && this.shown.progress.finished;
  }

  /** Number inputs commit on change (Enter or leaving the field); the wasm clamps them. */
  wireNumber(id, key) {
    const input = spanNumber($(this.section, `#${id}`), this.ranges[key]);
    input.addEventListener('change', () => {
      if (input.value !== '') this.set({ [key]: input.value });
    });
    // While focused the field keeps what is typed; on leaving it shows the value in use (an
    // out-of-range 99 becomes the range's end, 4, that the run starts from).
    input.addEventListener('blur', () => this.schedule());
    return input;
  }

  showNumber(input, value) {
    if (document.activeElement !== input) input.value = String(value);
  }

  /** The controls every route shows the same way. */
  showCommon(s) {
    this.shown = s;
    const p = s.progress;
    setLogSlider(this.lrSlider, $(this.section, `#${this.routeName}-lr-value`), s.lr);
    $(this.section, `#${this.routeName}-steps`).textContent = String(p.steps);
    $(this.section, `#${this.routeName}-step`).disabled = p.finished;
    $(this.section, `#${this.routeName}-stop`).textContent = this.stopText(p);
    const box = $(this.section, `#${this.routeName}-diverged`);
    box.hidden = p.divergedAfter == null;
    if (!box.hidden) box.textContent = tCount(this.routeName === 'gd1' ? 'lesson.diverged' : 'lesson.diverged2', p.divergedAfter, { n: p.divergedAfter });
  }

  /** Why stepping stopped (the wasm's stop rule), or that Run paused before it did. */
  stopText(p) {
    const stop = p.stop;
    if (!stop) return this.paused ? tCount('lesson.stopped.paused', p.taken, { n: p.taken }) : '';
    return tCount(`lesson.stopped.${stop.kind}`, p.taken, {
      n: p.taken, u: fmt(stop.update ?? 0, 3), below: fmt(stop.below ?? 0), bound: fmt(stop.bound ?? 0), limit: stop.limit,
    });
  }

  /** The table of steps, the next update previewed, scrolled to the end. */
  showSteps(s, cells) {
    fillStepRows($(this.section, `#${this.routeName}-table tbody`), s.rows, s.progress.lines, s.progress.steps, cells);
    const box = $(this.section, `#${this.routeName}-table-box`);
    box.scrollTop = box.scrollHeight;
  }
}

// ───────────────────────────── 1-D ─────────────────────────────

export class Descent1dView extends DescentBase {
  constructor(section) {
    super(section, 'gd1', markup1d, { shown: descent1dShown, move: descent1dMove, run: RUN_1D });
    this.mapping = null;
    this.dragging = false;
    this.chart = new ChartFigure(section, 'gd1-chart', {
      aspect: 0.62,
      maxHeight: 500,
      filename: () => `gradlab-descent-1d-${this.shown.function}`,
      csv: () => this.shown.csv,
    });
    this.fnSelect = $(section, '#gd1-fn');
    fillChoices(this.fnSelect, this.choices.functions1d, 'lesson.fn.');
    this.fnSelect.addEventListener('change', () => {
      this.runner.stop();
      this.move({ move: 'function', name: this.fnSelect.value });
    });
    this.x0Input = this.wireNumber('gd1-x0', 'x0');
    this.wirePlot();
    new ResizeObserver(() => this.schedule()).observe($(section, '.chart-card'));
    onPixelRatioChange(() => this.schedule());
    section.dataset.ready = '1';
  }

  /** Drag (or click) on the plot moves the start; arrow keys nudge it. */
  wirePlot() {
    const canvas = this.chart.canvas;
    const moveTo = (event) => {
      if (!this.mapping) return;
      const [px, py] = this.chart.pixelOf(event);
      const at = mappingToData(this.mapping, px, py);
      if (at.length === 2) this.move({ move: 'startAt', x: at[0] }, { soon: true });
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
      this.hash.write(this.query);
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('keydown', (event) => {
      const dir = ARROWS[event.key];
      if (!dir || dir[0] === 0) return;
      event.preventDefault();
      this.move({ move: 'nudge', dx: dir[0] });
    });
  }

  render() {
    if (this.section.hidden) return; // route() renders when the view shows again
    const s = this.shownOf(this.query);
    this.showCommon(s);
    this.fnSelect.value = s.function;
    this.showNumber(this.x0Input, s.x0);
    this.renderClosedForm(s);
    const closed = s.closedForm;
    this.showSteps(s, (r) => [
      String(r.step), fmt(r.x), ...(closed ? [fmt(closed.xs[r.step])] : []), fmt(r.fx), fmt(r.dfx),
      `x ← ${fmt(r.x)} − ${fmtLr(r.lr)} × ${term(r.dfx)} = ${fmt(r.xNext)}`,
    ]);
    $(this.section, '#gd1-status').textContent = tCount('gd1.status', s.progress.taken, { n: s.progress.taken, x: fmt(s.x), fx: fmt(s.fx), dfx: fmt(s.slope) });
    $(this.section, '#gd1-critical').replaceChildren(...s.criticalPoints.map((c) => Object.assign(document.createElement('li'), {
      textContent: t('gd1.critical', { kind: t(`lesson.kind.${c.kind}`), x: fmt(c.x), f: fmt(c.f), c: fmt(c.curvature, 3) }),
    })));
    if (!this.chart.fit()) return;
    this.mapping = this.chart.setMapping(drawDescent1d(this.chart.canvas, this.query, {
      title: t(`lesson.fn.${s.function}`), iterates: t('gd1.chart.iterates'), tangent: t('gd1.chart.tangent'),
    }));
    this.chart.describe(tCount('gd1.chart.alt', s.progress.taken, { f: s.formula, x0: fmt(s.x0), lr: fmtLr(s.lr), n: s.progress.taken, x: fmt(s.x), fx: fmt(s.fx) }));
  }

  /** On x² the whole run is xₙ = x₀(1 − 2η)ⁿ: the multiplier and what it does. */
  renderClosedForm(s) {
    const c = s.closedForm;
    $(this.section, '#gd1-closed').hidden = !c;
    $(this.section, '#gd1-closed-head').hidden = !c;
    if (!c) return;
    $(this.section, '#gd1-multiplier').textContent = t('lesson.multiplier', { lr: fmtLr(s.lr), r: fmt(c.multiplier, 6) });
    const el = $(this.section, '#gd1-regime');
    el.dataset.regime = c.regime;
    el.textContent = t(`lesson.regime.${c.regime}`, { a: fmtLr(c.monotoneBelow), b: fmtLr(c.convergesBelow) });
  }
}

// ───────────────────────────── 2-D ─────────────────────────────

export class Descent2dView extends DescentBase {
  constructor(section) {
    super(section, 'gd2', markup2d, { shown: descent2dShown, move: descent2dMove, run: RUN_2D });
    this.mapping = null;
    this.noteRate = false; // a new function or optimizer says which rate it took
    this.contour = new ChartFigure(section, 'gd2-chart', {
      aspect: 0.82,
      narrowAspect: 1.2,
      maxHeight: 640,
      filename: () => `gradlab-descent-2d-${this.shown.function}`,
      csv: () => this.shown.trajectoryCsv,
    });
    this.loss = new ChartFigure(section, 'gd2-loss', {
      aspect: 0.72,
      maxHeight: 380,
      filename: () => `gradlab-descent-2d-loss-${this.shown.function}`,
      csv: () => this.shown.lossCsv,
    });
    this.fnSelect = $(section, '#gd2-fn');
    fillChoices(this.fnSelect, this.choices.functions2d, 'lesson.fn.');
    this.optSelect = $(section, '#gd2-opt');
    fillChoices(this.optSelect, this.choices.optimizers);
    for (const [select, kind] of [[this.fnSelect, 'function'], [this.optSelect, 'optimizer']]) {
      select.addEventListener('change', () => {
        this.runner.stop();
        this.noteRate = true;
        this.move({ move: kind, name: select.value });
      });
    }
    this.x0Input = this.wireNumber('gd2-x0', 'x0');
    this.x1Input = this.wireNumber('gd2-x1', 'x1');
    this.lrSlider.addEventListener('input', () => this.note(''));
    this.normBox = $(section, '#gd2-norm');
    this.normBox.addEventListener('change', () => this.set({ norm: this.normBox.checked ? 1 : 0 }));
    this.logY = $(section, '#gd2-logy');
    this.logY.addEventListener('change', () => this.schedule());
    this.wirePlot();
    const observer = new ResizeObserver(() => this.schedule());
    observer.observe($(section, '.gd2-chart-card'));
    observer.observe($(section, '.loss-card'));
    onPixelRatioChange(() => this.schedule());
    section.dataset.ready = '1';
  }

  note(text) {
    $(this.section, '#gd2-lr-note').textContent = text;
    if (!text) this.notedSetting = null;
  }

  /** A click on the contour plot starts a new trajectory there and runs it. */
  wirePlot() {
    const canvas = this.contour.canvas;
    canvas.addEventListener('click', (event) => {
      if (!this.mapping) return;
      const [px, py] = this.contour.pixelOf(event);
      const at = mappingToData(this.mapping, px, py);
      if (at.length === 2) this.runFrom({ move: 'startAt', x: at[0], y: at[1] });
    });
    canvas.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.runFrom({ move: 'reset' });
        return;
      }
      const dir = ARROWS[event.key];
      if (!dir) return;
      event.preventDefault();
      this.move({ move: 'nudge', dx: dir[0], dy: dir[1] });
    });
  }

  runFrom(m) {
    this.runner.stop();
    this.move(m);
    this.runner.start();
  }

  render() {
    if (this.section.hidden) return;
    const s = this.shownOf(this.query);
    this.showCommon(s);
    this.fnSelect.value = s.function;
    this.optSelect.value = s.optimizer;
    this.normBox.checked = s.normalized;
    this.showNumber(this.x0Input, s.start[0]);
    this.showNumber(this.x1Input, s.start[1]);
    // The note says which rate a new optimizer took: true while that rate and optimizer stay.
    // (Written again at each render, so it follows the language.)
    const setting = `${s.lr} ${s.optimizer}`;
    if (this.noteRate) this.notedSetting = setting;
    this.note(this.notedSetting === setting ? t('gd2.lr.note', { lr: fmtLr(s.lr), opt: s.optimizerLabel }) : '');
    this.noteRate = false;
    this.renderHere(s);
    this.showSteps(s, (r) => [String(r.step), fmtPair(r.x), fmt(r.fx), fmtPair(r.grad), fmt(r.norm), fmtPair(r.update)]);
    fillRows($(this.section, '#gd2-crit tbody'), s.criticalPoints.map((c) => [
      t(`lesson.kind.${c.kind}`), fmtPair(c.x, 3), fmt(c.f, 3), `${fmt(c.eigenvalues[0], 2)}, ${fmt(c.eigenvalues[1], 2)}`,
    ]), (cells, i) => `kind-${s.criticalPoints[i].kind}`);

    if (this.contour.fit()) {
      this.mapping = this.contour.setMapping(drawDescent2d(this.contour.canvas, this.query, {
        negGrad: t('gd2.legend.negGrad'), minimum: t('lesson.kind.minimum'), maximum: t('lesson.kind.maximum'), saddle: t('lesson.kind.saddle'),
      }));
      this.contour.describe(tCount('gd2.chart.alt', s.progress.taken, {
        f: s.formula, start: fmtPair(s.start), n: s.progress.taken, end: fmtPair(s.here.x), loss: fmt(s.here.fx),
        crit: s.criticalPoints.map((c) => `${t(`lesson.kind.${c.kind}`)} ${fmtPair(c.x, 3)}`).join('; '),
      }));
    }
    offerLogAxis(this.logY, $(this.section, '#gd2-logy-note'), !s.lossBelowZero);
    if (this.loss.fit()) {
      drawDescent2dLoss(this.loss.canvas, this.query, this.logY.checked, { title: t('gd2.loss.title'), x: t('lesson.iteration'), y: t('gd2.loss.y') });
      this.loss.describe(tCount('gd2.loss.alt', s.progress.taken, { n: s.progress.taken, first: fmt(s.firstLoss), last: fmt(s.here.fx) }));
    }
  }

  /** Where the run stands, ∇f there, and the next update written out. */
  renderHere(s) {
    $(this.section, '#gd2-point').textContent = `x${sub(s.progress.taken)} = ${fmtPair(s.here.x)}`;
    $(this.section, '#gd2-f').textContent = fmt(s.here.fx);
    $(this.section, '#gd2-grad').textContent = fmtPair(s.here.grad);
    $(this.section, '#gd2-norm-value').textContent = fmt(s.here.norm);
    const next = s.next;
    const el = $(this.section, '#gd2-update');
    if (!next) {
      el.textContent = '—';
    } else if (s.plainDescent) {
      const lr = fmtLr(next.lr);
      const line = (i) => `x${sub(i)} ← ${fmt(next.x[i])} − ${lr} × ${term(next.grad[i])} = ${fmt(next.xNext[i])}`;
      el.replaceChildren(line(0), document.createElement('br'), line(1)); // one coordinate a line
    } else {
      el.textContent = `x ← ${fmtPair(next.x)} + ${fmtPair(next.update)} = ${fmtPair(next.xNext)}`;
    }
  }
}
