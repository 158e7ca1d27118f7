// Pieces shared by the lesson views: the URL hash with its teacher-mode `<key>_hide=1` flags,
// chart figures with Save PNG / Save CSV and a text alternative, log-scale sliders (the wasm
// maps positions to rates), the chart and slider pieces of the views' partials (their markup is
// in ../views/pieces/), selects filled from the wasm's lists, step tables and step runners.
// Nothing here computes a number shown: numbers are written by ../format.js, DOM helpers are in
// ../dom.js.

import { canvasPixel, logSliderPosition, logSliderValue } from '../pkg/gradlab.js';
import { t, translate } from '../i18n.js';
import { $, download, tableRow } from '../dom.js';
import { applyHidden, hiddenKeys, withFlags } from '../teacher-flags.js';
import { NARROW_ASPECT, fitChartCanvas, savePng } from '../chart-canvas.js';
import { fmt, fmtLr } from '../format.js';
import { piece } from './pieces.js';

const HASH_WRITE_DELAY_MS = 150;
const ALT_TABLE_MAX_ROWS = 40;

/** A <p> of `text`. */
function paragraph(text) {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

/** A number for a CSV cell: full precision, empty for an overflow (null). */
function csvCell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

// ───────────────────────────── URL hash ─────────────────────────────

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
    const fields = [...this.section.querySelectorAll('[data-key]')].map((el) => ({ keys: el.dataset.key.split(' '), el }));
    applyHidden(fields, this.hidden);
  }

  write(query) {
    clearTimeout(this.timer);
    this.timer = 0;
    if (this.section.hidden) return; // another route is showing: its hash is not ours
    const next = `#/${this.route}?${withFlags(query, this.hidden)}`;
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
  return logSliderValue(Number(position));
}

export function setLogSlider(slider, output, value) {
  slider.value = String(logSliderPosition(value));
  slider.setAttribute('aria-valuetext', fmtLr(value));
  if (output) output.textContent = fmtLr(value);
}

// ───────────────────────────── downloads ─────────────────────────────

/** data: { header: [...], rows: [[...], ...] } — numbers straight from the wasm's JSON. */
function saveCsv(data, name) {
  const lines = [data.header, ...data.rows].map((row) => row.map(csvCell).join(','));
  download(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }), `${name}.csv`);
}

// ───────────────────────────── chart figures ─────────────────────────────

/**
 * One chart (piece chart): a canvas that fills the figure's width, Save PNG / Save CSV buttons
 * (`data-save`, wired by ChartFigure), and a visually-hidden caption (summary + the numbers as a
 * table). `labelKey` is the i18n key of the canvas's label until describe() writes one.
 */
export function chartMarkup(id, { focusable = false, labelKey = '' } = {}) {
  return piece('chart', { id, tabindex: focusable ? '0' : '', labelAttr: labelKey ? `aria-label:${labelKey}` : '' });
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
    const table = document.createElement('table');
    const head = tableRow(data.header, { tag: 'th' });
    for (const th of head.cells) th.scope = 'col';
    table.createTHead().append(head);
    table.createTBody().append(...rows.map((r) => tableRow(r.map((v) => (typeof v === 'number' || v === null ? fmt(v) : String(v))))));
    const parts = [paragraph(summary), table];
    if (data.rows.length > rows.length) parts.push(paragraph(t('lesson.alt.more', { shown: rows.length, total: data.rows.length })));
    this.alt.replaceChildren(...parts);
    this.canvas.setAttribute('aria-label', summary);
  }

  /** Keeps the plot mapping a draw* call returned (also on the canvas, for tests and tools). */
  setMapping(mapping) {
    this.mapping = mapping;
    this.canvas.dataset.mapping = Array.from(mapping).join(',');
    return mapping;
  }

  /** Canvas pixel `[x, y]` of a pointer event (the wasm scales CSS pixels to canvas pixels). */
  pixelOf(event) {
    const { left, top, width, height } = this.canvas.getBoundingClientRect();
    return canvasPixel({
      clientX: event.clientX, clientY: event.clientY, left, top, cssWidth: width, cssHeight: height,
      canvasWidth: this.canvas.width, canvasHeight: this.canvas.height,
    });
  }
}

/**
 * A table of descent steps from the wasm's lines (lessons::gd::table_lines): one row per step
 * record (`cells(record)`), the previewed next update marked, a note where records are left out.
 */
export function fillStepRows(tbody, records, lines, steps, cells) {
  tbody.replaceChildren(...lines.map((line) => {
    if (line.kind === 'elided') {
      const tr = tableRow([t('lesson.elided', { n: line.count })], { className: 'elided' });
      tr.cells[0].colSpan = 99;
      return tr;
    }
    const row = cells(records[line.row]);
    if (line.next) row[0] = t('lesson.next', { n: steps });
    return tableRow(row, { className: line.next ? 'next' : '' });
  }));
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

/**
 * A slider on a log10 scale (piece log-slider): a learning rate by default (a lesson view's or
 * the training form's), or another log key such as the loss view's p; its view spans it over its
 * key's range (spanLogSlider in ../log-slider.js).
 * `key` marks the field for a lesson's key lookup (none in the form), `label` and `hint` are i18n
 * keys (an empty hint is written by the view), `after` is markup after the hint, whose ids
 * `describedBy` adds.
 */
export function logSliderMarkup(id, { key = 'lr', label = 'lesson.lr', hint = 'lesson.lr.hint', after = '', describedBy = '' } = {}) {
  return piece('log-slider', {
    id, key, label, hint, content: after, describedBy: [`${id}-hint`, describedBy].filter(Boolean).join(' '),
  });
}

/**
 * Run: adds one step every `intervalMs` until `shouldStop()` or `pressSteps()` more steps (the
 * wasm's number for the view); the Run button turns into Stop meanwhile.
 */
export class StepRunner {
  constructor(button, { onStep, shouldStop, pressSteps, intervalMs = 140 }) {
    Object.assign(this, { button, onStep, shouldStop, pressSteps, intervalMs });
    this.timer = 0; // the interval while running
    this.left = 0; // steps this press may still add
    button.addEventListener('click', () => (this.running ? this.stop() : this.start()));
  }

  get running() {
    return this.timer !== 0;
  }

  start() {
    this.left = this.pressSteps();
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

/**
 * Fills a <select> with the choices the wasm lists: `[value, label]` pairs written as they
 * are, or plain values translated by `<keyPrefix><value>`.
 */
/**
 * A chart's "logarithmic axis" checkbox (`box`, its note `note`): disabled, saying why, while
 * the chart's data goes below 0 (the chart is then linear, whatever the box says: see the
 * wasm's series::Options::log_y). The learner's choice is kept for when it applies again.
 */
export function offerLogAxis(box, note, usable) {
  box.disabled = !usable;
  note.textContent = usable ? '' : t('lesson.logY.negative');
}

export function fillChoices(select, choices, keyPrefix = '') {
  select.replaceChildren(...choices.map((c) => {
    const [value, label] = Array.isArray(c) ? c : [c, ''];
    const option = new Option(label, value);
    if (!label) option.dataset.i18n = `${keyPrefix}${value}`;
    return option;
  }));
  translate(select);
}
