// Section 4.2, "Loss functions" (#/loss?p=…): sum of squared errors vs cross-entropy as the
// probability p of the correct class moves; the table of both at 0.1 … 1.0; the worked example
// with an editable prediction; the slope of each loss at p; which loss for which problem.
// The state is the canonical query; the wasm's model (lessons::losses) says what to show for it
// (lossShown) and checks the worked example (lossExampleShown); this file turns events into
// calls and the results into DOM.

import {
  drawLossCurves, lossCsvPoints, lossExampleDefault, lossExampleResize, lossExampleShown, lossShown, lossSliderQuery,
  normalizeLessonQuery,
} from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import { LOSS_MNIST_MARKUP, LossMnist } from './loss-mnist.js';
import { ChartFigure, LessonHash, frameScheduler } from './chart-tools.js';
import { expandPartial, fromTemplate } from './partial.js';
import { $, build, fillRows } from '../dom.js';
import { lessonKeyRanges, spanNumber } from '../controls.js';
import { spanLogSlider } from '../log-slider.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { fmt, fmtFixed, sub, term } from '../format.js';
import markup from '../views/loss.html?raw';

const ROUTE = 'loss';
const P_DIGITS = 3;

export class LossView {
  constructor(section) {
    this.section = section;
    build(section, expandPartial(markup) + LOSS_MNIST_MARKUP);
    this.hash = new LessonHash(ROUTE, section);
    this.query = normalizeLessonQuery(ROUTE, '');
    this.shown = null; // lossShown(query) as last rendered
    this.example = lossExampleDefault();
    this.chart = new ChartFigure(section, 'loss-curves', {
      aspect: 0.7,
      maxHeight: 460,
      filename: () => 'gradlab-losses',
      csv: () => this.chartCsv(),
    });
    this.schedule = frameScheduler(() => this.render());
    this.slider = $(section, '#loss-p');
    const p = lessonKeyRanges(ROUTE).p; // the slider spans log10 of p's range, a tick a decade
    spanLogSlider(this.slider, $(section, '#loss-p-scale'), p.min, p.max);
    this.slider.addEventListener('input', () => this.pMoved());
    $(section, '#loss-ex-add').addEventListener('click', () => this.setExample(lossExampleResize(this.example, true)));
    $(section, '#loss-ex-remove').addEventListener('click', () => this.setExample(lossExampleResize(this.example, false)));
    $(section, '#loss-ex-reset').addEventListener('click', () => this.setExample(lossExampleDefault()));
    new ResizeObserver(() => this.schedule()).observe($(section, '.chart-card'));
    onPixelRatioChange(() => this.schedule());
    onLanguageChange(() => {
      this.renderExample();
      this.schedule();
    });
    this.renderExample();
    this.mnist = new LossMnist(section);
    section.dataset.ready = '1';
  }

  /** Router: the raw query of #/loss (empty when the nav link was clicked). */
  route(rawQuery) {
    if (rawQuery) {
      this.hash.readFlags(rawQuery);
      this.query = normalizeLessonQuery(ROUTE, rawQuery);
    }
    this.hash.write(this.query);
    this.schedule();
  }

  pMoved() {
    this.query = lossSliderQuery(Number(this.slider.value));
    this.hash.writeSoon(() => this.query);
    this.schedule();
  }

  render() {
    if (this.section.hidden) return;
    const v = lossShown(this.query);
    this.shown = v;
    const { p, sse, ce, ratio, dsse, dce } = v.at;
    const s = this.section;
    this.slider.value = String(v.slider);
    this.slider.setAttribute('aria-valuetext', fmt(p, P_DIGITS));
    $(s, '#loss-p-value').textContent = fmt(p, P_DIGITS);
    $(s, '#loss-sse').textContent = fmtFixed(sse, 3);
    $(s, '#loss-ce').textContent = fmtFixed(ce, 3);
    $(s, '#loss-ratio').textContent = ratioText(ratio);
    $(s, '#loss-dsse').textContent = `p − 1 = ${fmt(dsse, 3)}`;
    $(s, '#loss-dce').textContent = `−1/p = ${fmt(dce, 3)}`;
    $(s, '#loss-grad-why').textContent = t('loss.grad.why', { p: fmt(p, P_DIGITS), dsse: fmt(dsse, 3), dce: fmt(dce, 3) });
    this.renderScoreSlopes(v);
    this.renderTable(v);
    if (!this.chart.fit()) return;
    drawLossCurves(this.chart.canvas, this.query, {
      title: t('loss.chart.title'), x: t('loss.chart.x'), y: t('loss.chart.y'), sse: t('loss.sse.short'), ce: t('loss.ce.short'),
    });
    this.chart.describe(t('loss.chart.alt', { p: fmt(p, P_DIGITS), sse: fmtFixed(sse, 3), ce: fmtFixed(ce, 3) }), this.pointCsv());
  }

  /** The slopes with respect to the correct class's score, through softmax (the wasm sums them). */
  renderScoreSlopes({ at, score, others }) {
    const s = this.section;
    $(s, '#loss-score-title').textContent = t('loss.score.title', { k: score.classes, others });
    $(s, '#loss-score-sse').textContent = fmt(score.sse, 4);
    $(s, '#loss-score-ce').textContent = `p − 1 = ${fmt(score.ce, 3)}`;
    $(s, '#loss-score-why').textContent = score.ratio == null
      ? t('loss.score.zero')
      : t('loss.score.why', { p: fmt(at.p, P_DIGITS), ce: fmt(score.ce, 3), sse: fmt(score.sse, 4), ratio: fmt(score.ratio, 1) });
  }

  renderTable({ table, others }) {
    const tbody = $(this.section, '#loss-table tbody');
    // Last column: the squared error if the rest were spread over the other classes instead.
    $(this.section, '#loss-col-spread').textContent = t('loss.col.spread', { others });
    fillRows(tbody, table.map((r) => [fmtFixed(r.p, 1), fmtFixed(r.sse, 3), fmtFixed(r.ce, 3), ratioText(r.ratio), fmtFixed(r.spread, 3)]),
      (_, i) => (table[i].current ? 'current' : ''));
  }

  /** The chart's text alternative: the marked point and the table rows. */
  pointCsv() {
    const { at, table } = this.shown;
    return { header: [t('loss.col.p'), t('loss.sse.short'), t('loss.ce.short')], rows: [at, ...table].map((r) => [r.p, r.sse, r.ce]) };
  }

  chartCsv() {
    const rows = lossCsvPoints().map((r) => [r.p, r.sse, r.ce, r.ratio, r.dsse, r.dce]);
    return { header: ['p', 'sse', 'cross_entropy', 'ratio_ce_over_sse', 'dsse_dy', 'dce_dy'], rows };
  }

  // ---- worked example -------------------------------------------------------------------------

  setExample(example) {
    this.example = example;
    this.renderExample();
  }

  /** Rebuilds the rows (inputs) of the worked example, then fills in the numbers. */
  renderExample() {
    const tbody = $(this.section, '#loss-ex tbody');
    tbody.replaceChildren(...this.example.y.map((y, k) => this.exampleRow(y, k)));
    this.renderExampleNumbers();
  }

  exampleRow(y, k) {
    const tr = fromTemplate(this.section, 'loss-ex-row');
    $(tr, '.k').textContent = String(k);
    const input = $(tr, '.y-input');
    input.value = String(y);
    input.setAttribute('aria-label', t('loss.ex.yk', { k }));
    input.addEventListener('input', () => {
      // An empty or half-typed field keeps the last value; the wasm checks the rest.
      if (input.value !== '' && !Number.isNaN(input.valueAsNumber)) this.example.y[k] = input.valueAsNumber;
      this.renderExampleNumbers();
    });
    const radio = $(tr, 'input[type="radio"]');
    radio.value = String(k);
    radio.checked = k === this.example.correct;
    radio.addEventListener('change', () => {
      this.example.correct = k;
      this.renderExampleNumbers();
    });
    $(tr, '.visually-hidden').textContent = t('loss.ex.correctk', { k });
    return tr;
  }

  renderExampleNumbers() {
    const s = this.section;
    const v = lossExampleShown(this.example);
    const rows = $(s, '#loss-ex tbody').rows;
    const [min, max] = v.yRange; // what a y may be (lessons/losses.rs)
    v.example.terms.forEach((termK, k) => {
      spanNumber(rows[k].querySelector('.y-input'), { min, max });
      rows[k].querySelector('.t-value').textContent = fmt(termK.t, 0);
      rows[k].querySelector('.sq').textContent = fmt(termK.squaredError, 3);
      rows[k].querySelector('.ce').textContent = fmt(termK.crossEntropy, 3);
      rows[k].classList.toggle('current', k === v.correct);
    });
    $(s, '#loss-ex-add').disabled = !v.canAdd;
    $(s, '#loss-ex-remove').disabled = !v.canRemove;
    $(s, '#loss-ex-sse').textContent = `½ Σ = ${fmt(v.example.sse, 3)}`;
    $(s, '#loss-ex-ce').textContent = `Σ = ${fmt(v.example.ce, 3)}`;
    $(s, '#loss-ex-sum').textContent = t('loss.ex.result', {
      sse: fmt(v.example.sse, 3), ce: fmt(v.example.ce, 3), y: term(v.yCorrect, 3), k: sub(v.correct),
    });
    const problem = $(s, '#loss-ex-problem');
    problem.hidden = !v.problem;
    problem.textContent = v.problem ? problemText(v.problem) : '';
    $(s, '#loss-ex-delta').hidden = !v.deltaShows;
  }
}

/** CE ÷ SSE, or "both 0" where the wasm sends none (p = 1). */
function ratioText(ratio) {
  return ratio == null ? t('loss.ratio.none') : `${fmt(ratio, 1)}×`;
}

/** What is wrong with the prediction, as the wasm found it. */
function problemText(problem) {
  return problem.kind === 'outOfRange'
    ? t('loss.ex.problem.outOfRange', { k: sub(problem.k), y: fmt(problem.value, 3) })
    : t('loss.ex.problem.sum', { sum: fmt(problem.sum, 3) });
}
