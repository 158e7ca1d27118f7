// "Watch it learn" in the training view: 50 fixed test digits with the network's current guess
// under each (mistakes marked ✗ and outlined), the ten probabilities of the digit chosen, and
// the first layer's weights as pictures. Rust computes every number and pixel (crate/watch.rs);
// this file puts them on canvases (the digits: one image for the whole grid) and in the DOM.
// The digits are shown before a run (preview: the data's digits, known once it is loaded) and
// kept from run to run while they stay the same, so a run's first reading only fills in guesses.
// A reading arrives at the start of a run and after each evaluation (WATCH / EVALUATED,
// protocol.js); it is shown from the view's requestAnimationFrame loop (frame), at most every
// SHOW_INTERVAL_MS and a few pictures or ten guesses a frame, so no message or frame does it
// all at once.

import { language, t, onLanguageChange } from './i18n.js';
import { byId, setAttr, setText } from './dom.js';
import { percent, wholeNumber } from './format.js';

/**
 * Puts one RGBA picture (`rgba` bytes from `offset`) on `canvas`. The size is set only when it
 * differs: setting it, even to the same value, gives the canvas a new bitmap and a relayout.
 */
function paint(canvas, rgba, offset, width, height) {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const bytes = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset + offset, width * height * 4);
  canvas.getContext('2d').putImageData(new ImageData(bytes, width, height), 0, 0);
}

/** Small runs evaluate many times a second; a reading at most this often is plenty to watch. */
const SHOW_INTERVAL_MS = 200;
/** Pictures painted in one piece of work: a new canvas's first paint also creates its bitmap. */
const PICTURES_PER_PIECE = 10;
/** Pieces of work done in one frame at most, once this much time has gone (ms). */
const FRAME_BUDGET_MS = 6;
/**
 * Digits whose new guess is written in one frame: each changed cell is styled and laid out
 * again after the script, and all fifty in one frame (as after the first epoch, when most
 * guesses change) made it the longest frame of a run's first second on a busy machine.
 */
const DIGITS_PER_FRAME = 10;
/** What a piece of work returns when the rest must wait for the next frame. */
const END_OF_FRAME = Symbol('end of frame');

/** Whether two samples (WATCH's `sample`) are the same digits, pixel for pixel. */
function sameDigits(a, b) {
  if (!a || !b || a.rgba.length !== b.rgba.length || a.labels.length !== b.labels.length) return false;
  return a.labels.every((label, i) => label === b.labels[i]) && a.rgba.every((v, i) => v === b.rgba[i]);
}

export class WatchPanel {
  constructor() {
    this.grid = byId('watch-grid');
    this.weights = byId('watch-weights');
    this.detail = byId('watch-detail');
    this.sample = null; // { indices, labels, width, height, rgba }
    this.reading = null; // the reading shown: { iteration, guesses, probabilities, classes, right, correct, wrong, weightCount, weightUnits, weightsRgba }
    this.next = null; // the latest reading, not shown yet
    this.pieces = []; // work left for the next frames: painting pictures, then rendering a reading
    this.lastShown = -Infinity;
    this.untrained = null; // the run's reading at iteration 0, to compare with
    this.updates = 0;
    this.selected = null; // position in the sample of the digit whose probabilities are shown
    this.tabStop = 0; // the one digit Tab reaches; arrow keys move it (a grid is one Tab stop, not fifty)
    this.shown = []; // per digit, what its button shows (see renderDigit)
    this.sheetUrl = null; // the sample's digits as one image (showSheet)
    this.starting = false; // a run is loading: its first reading is on the way
    this.freshCells = false; // cells were made since the last frame (see frame)
    this.grid.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-at]');
      if (button) this.select(Number(button.dataset.at));
    });
    this.grid.addEventListener('keydown', (event) => this.moveFocus(event));
    onLanguageChange(() => this.render());
    this.render();
  }

  /** For tests and curious learners (window.gradlab.state.watch). */
  snapshot() {
    const r = this.reading;
    const u = this.untrained;
    return r ? {
      iteration: r.iteration, correct: r.correct, count: r.guesses.length, guesses: [...r.guesses], updates: this.updates,
      untrained: u ? { correct: u.correct, guesses: [...u.guesses] } : null,
    } : null;
  }

  /**
   * Forgets the readings (a run starts, or Reset): the digits stay, without guesses, as the next
   * run on the same data watches the same ones. `starting`: a run is loading (no invitation to
   * start one in the meantime).
   */
  clear({ starting = false } = {}) {
    this.reading = null;
    this.next = null;
    this.pieces = [];
    this.untrained = null;
    this.selected = null;
    this.tabStop = 0;
    this.updates = 0;
    this.starting = starting;
    // kept for the next run (prepareWeights), hidden until it paints them
    for (const canvas of this.weights.children) canvas.hidden = true;
    this.render();
  }

  /** Before a run: the digits a run of the selected data will watch (null: not known yet). */
  preview(sample) {
    this.clear();
    if (sample) {
      this.setSample(sample);
    } else {
      this.sample = null;
      this.grid.replaceChildren();
      this.dropSheet();
    }
    this.render();
  }

  /** A WATCH or EVALUATED message's parts; the digits come once per run, with its first reading. */
  show(sample, reading) {
    if (sample) this.setSample(sample);
    const latest = this.next ?? this.reading;
    if (!reading || !this.sample || (latest && reading.iteration < latest.iteration)) return;
    this.next = reading;
    this.starting = false;
    if (reading.iteration === 0) this.untrained = reading;
    this.updates += 1;
  }

  /**
   * Call from requestAnimationFrame: goes on with the pictures left to paint, a few per frame
   * (a run's first reading creates the weights' canvases), else shows the latest reading if
   * one is waiting and it is time.
   */
  frame(now) {
    // Cells made since the last frame are styled and laid out in this one: their first reading
    // waits for the next, so the two costs fall in different frames.
    if (this.freshCells) {
      this.freshCells = false;
      return;
    }
    if (this.pieces.length === 0 && this.next && now - this.lastShown >= SHOW_INTERVAL_MS) {
      this.lastShown = now;
      this.takeNext();
    }
    const start = performance.now();
    while (this.pieces.length > 0 && performance.now() - start < FRAME_BUDGET_MS) {
      if (this.pieces.shift()() === END_OF_FRAME) break;
    }
  }

  /** Whether the reading of `iteration` is on the panel, its pictures all painted. */
  shows(iteration) {
    return this.reading?.iteration === iteration && this.pieces.length === 0;
  }

  /** Shows the latest reading now, whole (the run is over: its last reading must not wait). */
  flush() {
    if (this.next) this.takeNext();
    while (this.pieces.length > 0) this.pieces.shift()();
  }

  /**
   * The latest reading becomes the one shown: its weights are painted, its digits' guesses
   * written DIGITS_PER_FRAME a frame, then the rest.
   */
  takeNext() {
    this.reading = this.next;
    this.next = null;
    this.paintWeights();
    const buttons = [...this.grid.children];
    for (let from = 0; from < buttons.length; from += DIGITS_PER_FRAME) {
      this.pieces.push(() => {
        for (const button of buttons.slice(from, from + DIGITS_PER_FRAME)) this.renderDigit(button);
        return END_OF_FRAME;
      });
    }
    this.pieces.push(() => this.render()); // the summary and the chosen digit's bars
  }

  /** Queues `paint(canvases[i], i)` for every canvas, PICTURES_PER_PIECE at a time. */
  queuePaint(canvases, paintOne) {
    for (let from = 0; from < canvases.length; from += PICTURES_PER_PIECE) {
      this.pieces.push(() => canvases.slice(from, from + PICTURES_PER_PIECE).forEach((c, k) => paintOne(c, from + k)));
    }
  }

  setSample(sample) {
    const same = sameDigits(this.sample, sample);
    this.sample = sample;
    this.reading = null;
    this.selected = null;
    this.tabStop = 0;
    if (same) return; // the cells and their picture stay
    this.shown = [];
    this.freshCells = true;
    this.grid.replaceChildren(...sample.indices.map((_, at) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'watch-digit';
      button.dataset.at = String(at);
      button.tabIndex = at === 0 ? 0 : -1;
      const picture = document.createElement('span');
      picture.className = 'watch-picture';
      picture.setAttribute('aria-hidden', 'true');
      picture.style.setProperty('--at', String(at)); // CSSOM: allowed by the page's CSP
      const guess = document.createElement('span');
      guess.className = 'watch-guess';
      button.append(picture, guess);
      return button;
    }));
    this.showSheet(sample);
  }

  /**
   * The digits as one picture, one under the other, which each cell shows its part of (a CSS
   * background, style.css): one image for the page to paint instead of fifty canvases, each of
   * which was a layer of its own to create and commit in the first second of a run.
   */
  showSheet(sample) {
    const { indices, width, height, rgba } = sample;
    const sheet = document.createElement('canvas');
    paint(sheet, rgba, 0, width, height * indices.length);
    sheet.toBlob((blob) => {
      if (!blob || this.sample !== sample) return;
      this.dropSheet();
      this.sheetUrl = URL.createObjectURL(blob);
      this.grid.style.setProperty('--digits', `url("${this.sheetUrl}")`);
    });
  }

  dropSheet() {
    if (this.sheetUrl) URL.revokeObjectURL(this.sheetUrl);
    this.sheetUrl = null;
    this.grid.style.removeProperty('--digits');
  }

  /**
   * Makes `count` weight canvases and their 2-D contexts ahead of a run, hidden until painted:
   * call while the page is idle (`count` from watchWeightCount). Making them, a context each, in
   * the frame that shows a run's first reading added to what made that frame a long task.
   */
  prepareWeights(count) {
    if (this.weights.children.length === count) return;
    this.weights.replaceChildren(...Array.from({ length: count }, () => {
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.hidden = true;
      canvas.getContext('2d');
      return canvas;
    }));
  }

  /** Queues painting the first layer's weights of the reading shown (new canvases if their count changed). */
  paintWeights() {
    const { weightCount, weightsRgba } = this.reading;
    const { width, height } = this.sample;
    this.prepareWeights(weightCount);
    this.queuePaint([...this.weights.children], (canvas, unit) => {
      paint(canvas, weightsRgba, unit * width * height * 4, width, height);
      canvas.hidden = false;
    });
  }

  select(at) {
    this.selected = at;
    this.tabStop = at;
    this.render();
    this.detail.scrollIntoView({ block: 'nearest' }); // on a phone the bars sit below the grid
  }

  /** Arrow keys, Home and End move between the digits, row by row as the grid is laid out. */
  moveFocus(event) {
    const buttons = [...this.grid.children];
    const from = buttons.indexOf(document.activeElement);
    if (from < 0) return;
    const columns = buttons.filter((b) => b.offsetTop === buttons[0].offsetTop).length;
    const to = { ArrowRight: from + 1, ArrowLeft: from - 1, ArrowDown: from + columns, ArrowUp: from - columns, Home: 0, End: buttons.length - 1 }[event.key];
    if (to === undefined || to < 0 || to >= buttons.length) return;
    event.preventDefault();
    buttons[from].tabIndex = -1;
    buttons[to].tabIndex = 0;
    this.tabStop = to;
    buttons[to].focus();
  }

  render() {
    const { sample, reading } = this;
    setText(byId('watch-summary'), !sample || (!reading && !this.starting) ? t('watch.empty')
      : !reading ? ''
        : t(reading.iteration === 0 ? 'watch.summary.start' : 'watch.summary', {
          i: wholeNumber(reading.iteration), right: wholeNumber(reading.correct), n: wholeNumber(reading.guesses.length),
          wrong: wholeNumber(reading.wrong),
        }));
    for (const button of this.grid.children) this.renderDigit(button);
    const units = reading?.weightUnits ?? [];
    [...this.weights.children].forEach((canvas, at) => setAttr(canvas, 'aria-label', t('watch.weights.unit', { unit: units[at] })));
    this.renderDetail();
  }

  renderDigit(button) {
    const at = Number(button.dataset.at);
    const guess = this.reading?.guesses[at];
    const wrong = guess !== undefined && !this.reading.right[at]; // the wasm compares guess and label
    // Only a digit whose guess, selection, Tab stop or language changed is written: at every
    // evaluation most guesses stay the same, and formatting and comparing fifty labels and
    // texts each time costs the frame several milliseconds for nothing.
    const shown = `${guess}/${at === this.selected}/${at === this.tabStop}/${language()}`;
    if (this.shown[at] === shown) return;
    this.shown[at] = shown;
    const label = this.sample.labels[at];
    button.classList.toggle('wrong', wrong);
    setAttr(button, 'aria-pressed', String(at === this.selected));
    const tabIndex = at === this.tabStop ? 0 : -1;
    if (button.tabIndex !== tabIndex) button.tabIndex = tabIndex;
    setText(button.lastChild, guess === undefined ? '' : wrong ? `✗ ${guess}` : String(guess));
    const key = guess === undefined ? 'watch.digit' : wrong ? 'watch.digit.wrong' : 'watch.digit.right';
    setAttr(button, 'aria-label', t(key, { index: wholeNumber(this.sample.indices[at]), label, guess }));
  }

  /** The chosen digit's ten probabilities as bars, its guess and its true label marked. */
  renderDetail() {
    const at = this.selected;
    const reading = this.reading;
    this.detail.hidden = at === null || !reading;
    if (this.detail.hidden) return;
    const label = this.sample.labels[at];
    const guess = reading.guesses[at];
    const probabilities = reading.probabilities.slice(at * reading.classes, (at + 1) * reading.classes);
    byId('watch-detail-title').textContent = t('watch.detail', {
      index: wholeNumber(this.sample.indices[at]), label, guess, i: wholeNumber(reading.iteration),
    });
    byId('watch-bars').replaceChildren(...probabilities.map((p, digit) => {
      const row = document.createElement('li');
      row.dataset.p = String(p);
      row.classList.toggle('is-guess', digit === guess);
      row.classList.toggle('is-truth', digit === label);
      const name = document.createElement('span');
      name.className = 'digit';
      name.textContent = String(digit);
      const bar = document.createElement('span');
      bar.className = 'bar';
      const fill = document.createElement('span');
      fill.style.width = `${(p * 100).toFixed(1)}%`; // CSSOM: allowed by the page's CSP
      bar.append(fill);
      const value = document.createElement('span');
      value.className = 'p';
      const marks = [digit === guess ? t('watch.mark.guess') : '', digit === label ? t('watch.mark.truth') : ''].filter(Boolean);
      value.textContent = [percent(p, 1), ...marks].join(' · ');
      row.append(name, bar, value);
      return row;
    }));
  }
}
