// Section 2, "Loss functions" (#/loss?p=…): sum of squared errors vs cross-entropy as the
// probability p of the correct class moves; the table of both at 0.1 … 1.0; the worked example
// with an editable prediction; the slope of each loss at p; which loss for which problem.
// Every number shown comes from the wasm (lossAt, lossTable, lossWorkedExample).

import { drawLossCurves, lossAt, lossScoreSlopes, lossSseSpread, lossTable, lossWorkedExample, normalizeLessonQuery } from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import { LOSS_MNIST_MARKUP, LossMnist } from './loss-mnist.js';
import { ChartFigure, LessonHash, chartMarkup, frameScheduler, parseQuery, setLogSlider } from './chart-tools.js';
import { $, build, fillRows } from '../dom.js';
import { onPixelRatioChange } from '../chart-canvas.js';
import { fmt, fmtFixed, sub, term } from '../format.js';

const ROUTE = 'loss';
const DEFAULT_Y = [0.7, 0.2, 0.1];
const DEFAULT_CORRECT = 0;
const MIN_CLASSES = 2;
const MAX_CLASSES = 10;
const P_DIGITS = 3;
const CLASSES = 10; // the score slopes are shown for MNIST's ten classes
// The p values behind the chart's CSV: 0.001, then 0.01 … 1 (the chart's own curve is drawn in Rust).
const CSV_P = [0.001, ...Array.from({ length: 100 }, (_, i) => (i + 1) / 100)];
const PROBLEMS = ['binary', 'multiclass', 'regression', 'multilabel'];

const MARKUP = `
  <header class="view-head">
    <h1 id="loss-title"><span class="num" aria-hidden="true">2</span> <span data-i18n="nav.loss">Loss functions</span></h1>
    <p class="intro" data-i18n="loss.intro"></p>
  </header>
  <div class="lesson-grid">
    <section class="panel lesson-card" aria-labelledby="loss-p-title">
      <h2 id="loss-p-title" data-i18n="loss.p.title"></h2>
      <div class="field" data-key="p">
        <div class="label-row">
          <label for="loss-p" data-i18n="loss.p.label"></label>
          <output id="loss-p-value" for="loss-p" class="lr-value"></output>
        </div>
        <input id="loss-p" type="range" min="-3" max="0" step="0.01" aria-describedby="loss-p-hint">
        <div class="scale" aria-hidden="true"><span>0.001</span><span>0.01</span><span>0.1</span><span>1</span></div>
        <p id="loss-p-hint" class="hint" data-i18n="loss.p.hint"></p>
      </div>
      <dl class="readout">
        <div><dt data-i18n="loss.sse.short"></dt><dd id="loss-sse"></dd></div>
        <div><dt data-i18n="loss.ce.short"></dt><dd id="loss-ce"></dd></div>
        <div><dt data-i18n="loss.ratio.short"></dt><dd id="loss-ratio"></dd></div>
      </dl>
      <h3 data-i18n="loss.grad.title"></h3>
      <dl class="readout grads">
        <div><dt data-i18n="loss.grad.sse"></dt><dd id="loss-dsse"></dd></div>
        <div><dt data-i18n="loss.grad.ce"></dt><dd id="loss-dce"></dd></div>
      </dl>
      <p class="explain" id="loss-grad-why"></p>
      <h3 id="loss-score-title"></h3>
      <dl class="readout grads">
        <div><dt data-i18n="loss.score.sse"></dt><dd id="loss-score-sse"></dd></div>
        <div><dt data-i18n="loss.score.ce"></dt><dd id="loss-score-ce"></dd></div>
      </dl>
      <p class="explain" id="loss-score-why"></p>
    </section>
    <div class="panel lesson-card chart-card">
      ${chartMarkup('loss-curves')}
    </div>
  </div>

  <div class="lesson-row two">
    <section class="panel lesson-card formula-card">
      <h2 data-i18n="loss.sse.name"></h2>
      <p class="formula">E = ½ Σ<sub>k</sub> (y<sub>k</sub> − t<sub>k</sub>)²</p>
      <ul class="plain-list">
        <li data-i18n="loss.sse.f1"></li><li data-i18n="loss.sse.f2"></li><li data-i18n="loss.sse.f3"></li>
      </ul>
    </section>
    <section class="panel lesson-card formula-card">
      <h2 data-i18n="loss.ce.name"></h2>
      <p class="formula">E = −Σ<sub>k</sub> t<sub>k</sub> log y<sub>k</sub></p>
      <ul class="plain-list">
        <li data-i18n="loss.ce.f1"></li><li data-i18n="loss.ce.f2"></li><li data-i18n="loss.ce.f3"></li>
      </ul>
    </section>
  </div>

  <div class="lesson-row two">
    <section class="panel lesson-card" aria-labelledby="loss-table-title">
      <h2 id="loss-table-title" data-i18n="loss.table.title"></h2>
      <p class="hint" data-i18n="loss.table.hint"></p>
      <div class="table-scroll" role="group" tabindex="0" aria-labelledby="loss-table-title">
        <table class="num-table" id="loss-table">
          <thead><tr>
            <th scope="col" data-i18n="loss.col.p"></th>
            <th scope="col" data-i18n="loss.sse.short"></th>
            <th scope="col" data-i18n="loss.ce.short"></th>
            <th scope="col" data-i18n="loss.ratio"></th>
            <th scope="col" id="loss-col-spread"></th>
          </tr></thead>
          <tbody></tbody>
        </table>
      </div>
      <p class="explain" data-i18n="loss.table.note"></p>
    </section>

    <section class="panel lesson-card" aria-labelledby="loss-ex-title">
      <h2 id="loss-ex-title" data-i18n="loss.ex.title"></h2>
      <p class="hint" data-i18n="loss.ex.hint"></p>
      <div class="table-scroll" role="group" tabindex="0" aria-labelledby="loss-ex-title">
        <table class="num-table" id="loss-ex">
          <thead><tr>
            <th scope="col">k</th>
            <th scope="col" data-i18n="loss.ex.y"></th>
            <th scope="col" data-i18n="loss.ex.t"></th>
            <th scope="col">(y<sub>k</sub> − t<sub>k</sub>)²</th>
            <th scope="col">−t<sub>k</sub> log y<sub>k</sub></th>
          </tr></thead>
          <tbody></tbody>
          <tfoot><tr>
            <th scope="row" colspan="3">E</th>
            <td id="loss-ex-sse"></td>
            <td id="loss-ex-ce"></td>
          </tr></tfoot>
        </table>
      </div>
      <div class="buttons left">
        <button type="button" id="loss-ex-add" class="small" data-i18n="loss.ex.add"></button>
        <button type="button" id="loss-ex-remove" class="small" data-i18n="loss.ex.remove"></button>
        <button type="button" id="loss-ex-reset" class="small" data-i18n="loss.ex.reset"></button>
      </div>
      <p class="explain" id="loss-ex-sum" aria-live="polite"></p>
    </section>
  </div>

  <section class="panel lesson-card" aria-labelledby="loss-which-title">
    <h2 id="loss-which-title" data-i18n="loss.which.title"></h2>
    <div class="table-scroll" role="group" tabindex="0" aria-labelledby="loss-which-title">
      <table class="text-table">
        <thead><tr>
          <th scope="col" data-i18n="loss.which.problem"></th>
          <th scope="col" data-i18n="loss.which.loss"></th>
          <th scope="col" data-i18n="loss.which.act"></th>
          <th scope="col" data-i18n="loss.which.example"></th>
        </tr></thead>
        <tbody>
          ${PROBLEMS.map((k) => `<tr>
            <th scope="row" data-i18n="loss.which.${k}"></th>
            <td data-i18n="loss.which.${k}.loss"></td>
            <td data-i18n="loss.which.${k}.act"></td>
            <td data-i18n="loss.which.${k}.example"></td>
          </tr>`).join('')}
        </tbody>
      </table>
    </div>
  </section>
  ${LOSS_MNIST_MARKUP}`;

export class LossView {
  constructor(section) {
    this.section = section;
    build(section, MARKUP);
    this.hash = new LessonHash(ROUTE, section);
    this.p = Number(parseQuery(normalizeLessonQuery(ROUTE, '')).p);
    this.y = [...DEFAULT_Y];
    this.correct = DEFAULT_CORRECT;
    this.point = null; // lossAt(p) as last shown
    this.chart = new ChartFigure(section, 'loss-curves', {
      aspect: 0.7,
      maxHeight: 460,
      filename: () => 'gradlab-losses',
      csv: () => this.chartCsv(),
    });
    this.schedule = frameScheduler(() => this.render());
    this.slider = $(section, '#loss-p');
    this.slider.addEventListener('input', () => this.pMoved());
    $(section, '#loss-ex-add').addEventListener('click', () => this.resize(1));
    $(section, '#loss-ex-remove').addEventListener('click', () => this.resize(-1));
    $(section, '#loss-ex-reset').addEventListener('click', () => this.resetExample());
    new ResizeObserver(() => this.schedule()).observe($(section, '.chart-card'));
    onPixelRatioChange(() => this.schedule());
    onLanguageChange(() => {
      this.renderTable();
      this.renderExample();
      this.schedule();
    });
    this.renderTable();
    this.renderExample();
    this.mnist = new LossMnist(section);
    section.dataset.ready = '1';
  }

  /** Router: the raw query of #/loss (empty when the nav link was clicked). */
  route(rawQuery) {
    if (rawQuery) {
      this.hash.readFlags(rawQuery);
      this.p = Number(parseQuery(normalizeLessonQuery(ROUTE, rawQuery)).p);
    }
    this.hash.write(this.query());
    this.schedule();
  }

  query() {
    return normalizeLessonQuery(ROUTE, `p=${this.p}`);
  }

  pMoved() {
    const p = Number((10 ** Number(this.slider.value)).toPrecision(P_DIGITS));
    this.p = Number(parseQuery(normalizeLessonQuery(ROUTE, `p=${p}`)).p);
    this.hash.writeSoon(() => this.query());
    this.schedule();
  }

  render() {
    if (this.section.hidden) return;
    const [p, sse, ce, ratio, dsse, dce] = lossAt(this.p);
    this.point = { p, sse, ce, ratio, dsse, dce };
    setLogSlider(this.slider, $(this.section, '#loss-p-value'), p);
    this.slider.setAttribute('aria-valuetext', fmt(p, P_DIGITS));
    $(this.section, '#loss-p-value').textContent = fmt(p, P_DIGITS);
    $(this.section, '#loss-sse').textContent = fmtFixed(sse, 3);
    $(this.section, '#loss-ce').textContent = fmtFixed(ce, 3);
    $(this.section, '#loss-ratio').textContent = Number.isFinite(ratio) ? `${fmt(ratio, 1)}×` : t('loss.ratio.none');
    $(this.section, '#loss-dsse').textContent = `p − 1 = ${fmt(dsse, 3)}`;
    $(this.section, '#loss-dce').textContent = `−1/p = ${fmt(dce, 3)}`;
    $(this.section, '#loss-grad-why').textContent = t('loss.grad.why', { p: fmt(p, P_DIGITS), dsse: fmt(dsse, 3), dce: fmt(dce, 3) });
    this.renderScoreSlopes(p);
    for (const row of this.section.querySelectorAll('#loss-table tbody tr')) {
      row.classList.toggle('current', Number(row.dataset.p) === p);
    }
    if (!this.chart.fit()) return;
    drawLossCurves(this.chart.canvas, p, t('loss.chart.title'), t('loss.chart.x'), t('loss.chart.y'),
      t('loss.sse.short'), t('loss.ce.short'));
    this.chart.describe(t('loss.chart.alt', { p: fmt(p, P_DIGITS), sse: fmtFixed(sse, 3), ce: fmtFixed(ce, 3) }), this.pointCsv());
  }

  /** The slopes with respect to the correct class's score, through softmax (the wasm sums them). */
  renderScoreSlopes(p) {
    const [, ce, sse, ratio] = lossScoreSlopes(p, CLASSES);
    $(this.section, '#loss-score-title').textContent = t('loss.score.title', { k: CLASSES, others: CLASSES - 1 });
    $(this.section, '#loss-score-sse').textContent = fmt(sse, 4);
    $(this.section, '#loss-score-ce').textContent = `p − 1 = ${fmt(ce, 3)}`;
    $(this.section, '#loss-score-why').textContent = Number.isFinite(ratio)
      ? t('loss.score.why', { p: fmt(p, P_DIGITS), ce: fmt(ce, 3), sse: fmt(sse, 4), ratio: fmt(ratio, 1) })
      : t('loss.score.zero');
  }

  /** The chart's text alternative: the marked point and the table rows. */
  pointCsv() {
    const rows = JSON.parse(lossTable()).map((r) => [r.p, r.sse, r.ce]);
    const { p, sse, ce } = this.point;
    return { header: [t('loss.col.p'), t('loss.sse.short'), t('loss.ce.short')], rows: [[p, sse, ce], ...rows] };
  }

  chartCsv() {
    const rows = CSV_P.map((p) => Array.from(lossAt(p)));
    return { header: ['p', 'sse', 'cross_entropy', 'ratio_ce_over_sse', 'dsse_dy', 'dce_dy'], rows };
  }

  renderTable() {
    const rows = JSON.parse(lossTable());
    const tbody = $(this.section, '#loss-table tbody');
    // Last column: the squared error if the rest were spread over the other classes instead.
    $(this.section, '#loss-col-spread').textContent = t('loss.col.spread', { others: CLASSES - 1 });
    fillRows(tbody, rows.map((r) => [fmtFixed(r.p, 1), fmtFixed(r.sse, 3), fmtFixed(r.ce, 3),
      r.ratio === null ? t('loss.ratio.none') : `${fmt(r.ratio, 1)}×`, fmtFixed(lossSseSpread(r.p, CLASSES), 3)]));
    [...tbody.rows].forEach((tr, i) => {
      tr.dataset.p = String(rows[i].p);
      tr.classList.toggle('current', rows[i].p === this.p);
    });
  }

  // ---- worked example -------------------------------------------------------------------------

  resize(delta) {
    const n = Math.min(MAX_CLASSES, Math.max(MIN_CLASSES, this.y.length + delta));
    while (this.y.length < n) this.y.push(0);
    this.y.length = n;
    this.correct = Math.min(this.correct, n - 1);
    this.renderExample();
  }

  resetExample() {
    this.y = [...DEFAULT_Y];
    this.correct = DEFAULT_CORRECT;
    this.renderExample();
  }

  /** Rebuilds the rows (inputs) of the worked example, then fills in the numbers. */
  renderExample() {
    const tbody = $(this.section, '#loss-ex tbody');
    tbody.innerHTML = this.y.map((y, k) => `<tr>
      <th scope="row">${k}</th>
      <td><input type="number" class="y-input" min="0" max="1" step="0.01" value="${y}"
        aria-label="${t('loss.ex.yk', { k })}" data-k="${k}"></td>
      <td><label class="onehot"><input type="radio" name="loss-correct" value="${k}" ${k === this.correct ? 'checked' : ''}>
        <span class="visually-hidden">${t('loss.ex.correctk', { k })}</span><span class="t-value" aria-hidden="true"></span></label></td>
      <td class="sq"></td><td class="ce"></td></tr>`).join('');
    for (const input of tbody.querySelectorAll('.y-input')) {
      input.addEventListener('input', () => {
        const v = Number(input.value);
        if (input.value !== '' && Number.isFinite(v)) this.y[Number(input.dataset.k)] = Math.min(1, Math.max(0, v));
        this.renderExampleNumbers();
      });
      input.addEventListener('change', () => {
        input.value = String(this.y[Number(input.dataset.k)]);
      });
    }
    for (const radio of tbody.querySelectorAll('input[type="radio"]')) {
      radio.addEventListener('change', () => {
        this.correct = Number(radio.value);
        this.renderExampleNumbers();
      });
    }
    $(this.section, '#loss-ex-add').disabled = this.y.length >= MAX_CLASSES;
    $(this.section, '#loss-ex-remove').disabled = this.y.length <= MIN_CLASSES;
    this.renderExampleNumbers();
  }

  renderExampleNumbers() {
    const target = this.y.map((_, k) => (k === this.correct ? 1 : 0));
    const ex = JSON.parse(lossWorkedExample(new Float64Array(this.y), new Float64Array(target)));
    const rows = $(this.section, '#loss-ex tbody').rows;
    ex.terms.forEach((termK, k) => {
      rows[k].querySelector('.t-value').textContent = fmt(termK.t, 0);
      rows[k].querySelector('.sq').textContent = fmt(termK.squaredError, 3);
      rows[k].querySelector('.ce').textContent = fmt(termK.crossEntropy, 3);
      rows[k].classList.toggle('current', termK.t === 1);
    });
    $(this.section, '#loss-ex-sse').textContent = `½ Σ = ${fmt(ex.sse, 3)}`;
    $(this.section, '#loss-ex-ce').textContent = `Σ = ${fmt(ex.ce, 3)}`;
    const yc = ex.terms[this.correct].y;
    $(this.section, '#loss-ex-sum').textContent = t('loss.ex.result', {
      sse: fmt(ex.sse, 3), ce: fmt(ex.ce, 3), y: term(yc, 3), k: sub(this.correct),
    });
  }
}
