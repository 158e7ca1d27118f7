// Pieces shared by the lesson views (sections 2, 3, 4): number display, the URL hash with its
// teacher-mode `<key>_hide=1` flags, chart figures with Save PNG / Save CSV and a text
// alternative, and log-scale sliders. No numbers are computed here: values come from the wasm
// and are only formatted.

import { t, translate } from '../i18n.js';

const HASH_WRITE_DELAY_MS = 150;
const MINUS = '\u2212';
const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
const ALT_TABLE_MAX_ROWS = 40;
const MIN_CANVAS_WIDTH = 280;
// A chart is never shorter than this (CSS px), so a phone still shows a readable plot.
export const MIN_CHART_HEIGHT = 260;
// Below this width (CSS px) a chart is taller than its aspect says (at least NARROW_ASPECT ×
// its width): its legend goes under the plot, and the plot keeps a readable height.
const NARROW_WIDTH = 560;
const NARROW_ASPECT = 0.95;

export const $ = (root, selector) => root.querySelector(selector);

// ───────────────────────────── numbers as text ─────────────────────────────

/**
 * A number for people: `decimals` places without trailing zeros, a true minus sign, ×10ⁿ for
 * very large or very small values, and ∞ for a value the wasm sent as null (an overflow).
 */
export function fmt(v, decimals = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 10 ** -decimals)) return scientific(v);
  let s = String(Number(v.toFixed(decimals)));
  if (s === '-0') s = '0';
  return s.replace('-', MINUS);
}

/** Exactly `decimals` places (a table column of losses): 0.405, 2.303, 0.000 — never ×10ⁿ. */
export function fmtFixed(v, decimals = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '∞';
  let s = v.toFixed(decimals);
  if (Number(s) === 0) s = s.replace('-', '');
  return s.replace('-', MINUS);
}

/** 3 significant digits as 5.52 × 10¹³. */
export function scientific(v) {
  const [mantissa, exponent] = v.toExponential(2).split('e');
  const m = String(Number(mantissa)).replace('-', MINUS);
  const e = String(Number(exponent)).split('').map((c) => SUPERSCRIPT[c]).join('');
  return `${m} × 10${e}`;
}

/** A number inside a formula: negative values in parentheses, "(−6)". */
export function term(v, decimals = 4) {
  const s = fmt(v, decimals);
  return s.startsWith(MINUS) ? `(${s})` : s;
}

const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';

/** An index as a subscript: 30 → ₃₀. */
export function sub(n) {
  return String(n).split('').map((d) => SUBSCRIPT[Number(d)] ?? d).join('');
}

/** A learning rate as people write it: 0.1, 0.003, 1.01, 10. */
export function fmtLr(lr) {
  return String(Number(Number(lr).toPrecision(4)));
}

/** A number for a CSV cell: full precision, empty for an overflow (null). */
function csvCell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

// ───────────────────────────── URL hash ─────────────────────────────

/** Keys hidden by `<key>_hide=1` in a raw query. */
export function hiddenKeys(rawQuery) {
  const hidden = new Set();
  for (const pair of (rawQuery ?? '').split('&')) {
    const m = /^([\w-]+)_hide=1$/.exec(pair.trim());
    if (m) hidden.add(m[1]);
  }
  return hidden;
}

/** Shows or hides every `[data-key]` control wrapper of `root` by the teacher's flags. */
export function applyHidden(root, hidden) {
  for (const el of root.querySelectorAll('[data-key]')) {
    el.hidden = el.dataset.key.split(' ').some((k) => hidden.has(k));
  }
}

/**
 * The hash of one lesson route: `#/<route>?<canonical query>` plus the teacher's `_hide`
 * flags, written with history.replaceState (batched while a slider moves).
 */
export class LessonHash {
  constructor(route, section) {
    this.route = route;
    this.section = section;
    this.hidden = new Set();
    this.timer = 0;
  }

  /** Remembers the `_hide` flags of a query that came from a link. */
  readFlags(rawQuery) {
    this.hidden = hiddenKeys(rawQuery);
    applyHidden(this.section, this.hidden);
  }

  write(query) {
    clearTimeout(this.timer);
    this.timer = 0;
    if (this.section.hidden) return; // another route is showing: its hash is not ours
    const flags = [...this.hidden].map((k) => `&${k}_hide=1`).join('');
    const next = `#/${this.route}?${query}${flags}`;
    if (location.hash !== next) history.replaceState(null, '', next);
  }

  /** Chrome throttles rapid replaceState calls, so slider moves write at most every 150 ms. */
  writeSoon(queryFn) {
    if (this.timer) return;
    this.timer = setTimeout(() => this.write(queryFn()), HASH_WRITE_DELAY_MS);
  }
}

/** A canonical query string → { key: value } (values stay strings). */
export function parseQuery(query) {
  return Object.fromEntries(new URLSearchParams(query));
}

export function toQuery(values) {
  return Object.entries(values).map(([k, v]) => `${k}=${v}`).join('&');
}

// ───────────────────────────── log-scale sliders ─────────────────────────────

/** The value a log10 slider position stands for, rounded to 2 significant digits (0.1, 0.32, 2). */
export function fromLogSlider(position) {
  return Number((10 ** Number(position)).toPrecision(2));
}

export function setLogSlider(slider, output, value) {
  slider.value = String(Math.log10(value));
  slider.setAttribute('aria-valuetext', fmtLr(value));
  if (output) output.textContent = fmtLr(value);
}

// ───────────────────────────── downloads ─────────────────────────────

export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function savePng(canvas, name) {
  canvas.toBlob((blob) => {
    if (blob) download(blob, `${name}.png`);
  }, 'image/png');
}

/** data: { header: [...], rows: [[...], ...] } — numbers straight from the wasm's JSON. */
export function saveCsv(data, name) {
  const lines = [data.header, ...data.rows].map((row) => row.map(csvCell).join(','));
  download(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }), `${name}.csv`);
}

// ───────────────────────────── chart figures ─────────────────────────────

/**
 * The markup of one chart: a canvas that fills the figure's width, Save PNG / Save CSV
 * buttons, and a visually-hidden caption (summary + the numbers as a table).
 */
export function chartMarkup(id, { focusable = false, labelKey = '' } = {}) {
  const tab = focusable ? ' tabindex="0"' : '';
  const label = labelKey ? ` data-i18n-attr="aria-label:${labelKey}"` : '';
  return `
    <figure class="lesson-chart" data-chart="${id}">
      <div class="lesson-canvas-box"><canvas id="${id}" role="img"${tab}${label} aria-describedby="${id}-alt"></canvas></div>
      <div class="chart-tools">
        <button type="button" class="small" data-save="png" data-i18n="lesson.savePng">Save PNG</button>
        <button type="button" class="small" data-save="csv" data-i18n="lesson.saveCsv">Save CSV</button>
      </div>
      <figcaption id="${id}-alt" class="visually-hidden"></figcaption>
    </figure>`;
}

// ───────────────────────────── canvases at device resolution ─────────────────────────────

/** Canvas pixels per CSS pixel on this screen (2 on most phones and retina laptops). */
export function pixelRatio() {
  return window.devicePixelRatio || 1;
}

/**
 * Sizes a chart canvas from the width its box gives it: `width` × `height` CSS pixels (height
 * from `aspect`, within MIN_CHART_HEIGHT…maxHeight) with a bitmap of that size × the pixel
 * ratio, so the wasm draws at device resolution (it reads the ratio from canvas.width over the
 * CSS width). Returns false when the box is not laid out (a hidden view).
 */
export function fitChartCanvas(canvas, { aspect = 0.62, maxHeight = 520, narrowAspect = Math.max(aspect, NARROW_ASPECT) } = {}) {
  const box = canvas.parentElement.clientWidth;
  if (box === 0) return false;
  const width = Math.max(MIN_CANVAS_WIDTH, Math.round(box));
  const ratio = width < NARROW_WIDTH ? narrowAspect : aspect;
  const height = Math.round(Math.max(MIN_CHART_HEIGHT, Math.min(maxHeight, width * ratio)));
  const dpr = pixelRatio();
  const [w, h] = [Math.round(width * dpr), Math.round(height * dpr)];
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return true;
}

/**
 * Calls `callback` whenever the pixel ratio changes (the window moved to another screen, or the
 * page was zoomed), so charts are redrawn at the new resolution.
 */
export function onPixelRatioChange(callback) {
  let query = null;
  const listen = () => {
    query?.removeEventListener('change', changed);
    query = matchMedia(`(resolution: ${pixelRatio()}dppx)`);
    query.addEventListener('change', changed);
  };
  function changed() {
    listen();
    callback();
  }
  listen();
}

/**
 * One chart of a view: sizing (canvas pixels follow the laid-out width and the screen's pixel
 * ratio), saving, and its text alternative. `csv()` returns the numbers behind the chart as it
 * was last drawn. `narrowAspect` is the height / width on a narrow (phone) layout, where the
 * legend goes under the plot.
 */
export class ChartFigure {
  constructor(root, id, { aspect = 0.62, narrowAspect = Math.max(aspect, NARROW_ASPECT), maxHeight = 520, csv, filename }) {
    this.canvas = $(root, `#${id}`);
    this.alt = $(root, `#${id}-alt`);
    this.aspect = aspect;
    this.narrowAspect = narrowAspect;
    this.maxHeight = maxHeight;
    this.csv = csv;
    this.filename = filename;
    const figure = this.canvas.closest('figure');
    figure.querySelector('[data-save="png"]').addEventListener('click', () => savePng(this.canvas, this.filename()));
    figure.querySelector('[data-save="csv"]').addEventListener('click', () => saveCsv(this.csv(), this.filename()));
  }

  /** Sets the canvas size from its box; returns false when the view is not laid out. */
  fit() {
    return fitChartCanvas(this.canvas, { aspect: this.aspect, narrowAspect: this.narrowAspect, maxHeight: this.maxHeight });
  }

  /** The text alternative: a sentence and the numbers (first rows; Save CSV has them all). */
  describe(summary, data = this.csv()) {
    const rows = data.rows.slice(0, ALT_TABLE_MAX_ROWS);
    const more = data.rows.length > rows.length
      ? `<p>${escapeHtml(t('lesson.alt.more', { shown: rows.length, total: data.rows.length }))}</p>` : '';
    this.alt.innerHTML = `<p>${escapeHtml(summary)}</p>
      <table><thead><tr>${data.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
      <tbody>${rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(typeof v === 'number' || v === null ? fmt(v) : String(v))}</td>`).join('')}</tr>`).join('')}</tbody></table>${more}`;
    this.canvas.setAttribute('aria-label', summary);
  }

  /** Keeps the plot mapping a draw* call returned (also on the canvas, for tests and tools). */
  setMapping(mapping) {
    this.mapping = mapping;
    this.canvas.dataset.mapping = Array.from(mapping).join(',');
    return mapping;
  }

  /** Canvas pixel of a pointer event (CSS pixels × canvas pixels per CSS pixel). */
  pixelOf(event) {
    const rect = this.canvas.getBoundingClientRect();
    return [
      (event.clientX - rect.left) * (this.canvas.width / rect.width),
      (event.clientY - rect.top) * (this.canvas.height / rect.height),
    ];
  }
}

// ───────────────────────────── small DOM helpers ─────────────────────────────

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Builds a view's markup into its section once, translated. */
export function build(section, markup) {
  section.innerHTML = markup;
  translate(section);
}

/** Rows of a <tbody> from arrays of cell texts; `cls(row, i)` may add a class to a row. */
export function fillRows(tbody, rows, cls = () => '') {
  tbody.innerHTML = rows
    .map((cells, i) => `<tr class="${cls(cells, i)}">${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('');
}

const STEP_TABLE_HEAD = 10;
const STEP_TABLE_TAIL = 60;

/**
 * A table of descent steps: one row per step record (`cells(record)`), the record at index
 * `steps` marked as the next update, and the middle of a long run elided (Save CSV has it all).
 */
export function fillStepRows(tbody, records, steps, cells) {
  const n = records.length;
  const keep = (i) => n <= STEP_TABLE_HEAD + STEP_TABLE_TAIL || i < STEP_TABLE_HEAD || i >= n - STEP_TABLE_TAIL;
  const html = [];
  records.forEach((r, i) => {
    if (!keep(i)) {
      if (i === STEP_TABLE_HEAD) html.push(`<tr class="elided"><td colspan="99">${escapeHtml(t('lesson.elided', { n: n - STEP_TABLE_HEAD - STEP_TABLE_TAIL }))}</td></tr>`);
      return;
    }
    const row = cells(r);
    if (i >= steps) row[0] = t('lesson.next', { n: steps });
    html.push(`<tr class="${i >= steps ? 'next' : ''}">${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
  });
  tbody.innerHTML = html.join('');
}

/** Coalesces many "something changed" calls into one render per animation frame. */
export function frameScheduler(render) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      render();
    });
  };
}

/** The learning-rate slider of a lesson view: log10 scale from 0.0001 to 10. */
export function lrSliderMarkup(id, key = 'lr') {
  return `
    <div class="field" data-key="${key}">
      <div class="label-row">
        <label for="${id}" data-i18n="lesson.lr">Learning rate η</label>
        <output id="${id}-value" for="${id}" class="lr-value"></output>
      </div>
      <input id="${id}" type="range" min="-4" max="1" step="0.01" aria-describedby="${id}-hint">
      <div class="scale" aria-hidden="true"><span>0.0001</span><span>0.001</span><span>0.01</span><span>0.1</span><span>1</span><span>10</span></div>
      <p id="${id}-hint" class="hint" data-i18n="lesson.lr.hint"></p>
    </div>`;
}

/** Step / Run / Reset: the buttons of a descent that grows one step at a time. */
export function stepButtonsMarkup(prefix) {
  return `
    <div class="buttons left step-buttons" data-key="steps">
      <button type="button" id="${prefix}-step" class="primary" data-i18n="lesson.step">Step</button>
      <button type="button" id="${prefix}-run" data-i18n="lesson.run">Run</button>
      <button type="button" id="${prefix}-reset" data-i18n="lesson.reset">Reset</button>
    </div>`;
}

/**
 * Run: adds one step every `intervalMs` until `shouldStop()` or `maxSteps` more steps; the Run
 * button turns into Stop meanwhile.
 */
export class StepRunner {
  constructor(button, { onStep, shouldStop, intervalMs = 140, maxSteps = 60 }) {
    this.button = button;
    this.onStep = onStep;
    this.shouldStop = shouldStop;
    this.intervalMs = intervalMs;
    this.maxSteps = maxSteps;
    this.timer = 0;
    this.left = 0;
    button.addEventListener('click', () => (this.running ? this.stop() : this.start()));
  }

  get running() {
    return this.timer !== 0;
  }

  start() {
    this.left = this.maxSteps;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.label();
  }

  tick() {
    if (this.left <= 0 || this.shouldStop()) {
      this.stop();
      return;
    }
    this.left -= 1;
    this.onStep();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = 0;
    this.label();
  }

  label() {
    this.button.textContent = t(this.running ? 'lesson.stop' : 'lesson.run');
    this.button.setAttribute('aria-pressed', String(this.running));
  }
}
