// The "Draw a digit" view: the pad, the 28×28 image the network sees, its guess, the network
// in use (default or kept, export / import) and a look inside it (first-layer weights, hidden
// activations, output scores).
//
// Every number comes from the wasm: preprocessDigit turns the pad's pixels into the MNIST-style
// image, a Model gives probabilities, hidden activations and scores, and pictures its weights.
// This file only moves data between the DOM, the pad, the model store and the wasm.
//
// "Load a test image" (the view without a pointer) fetches the first MNIST test chunk when it is
// first pressed — not before: a visit that only draws downloads the model alone — and puts a
// random digit of it (picked by the wasm's seeded rng; '#/draw?seed=N' repeats the picks) on the
// pad, so it takes the same path as a drawing. The guess is announced to screen readers once the
// learner stops drawing, or at once after a load.

import { onLanguageChange, t } from './i18n.js';
import { DrawPad } from './draw-pad.js';
import { byId } from './dom.js';
import { fmt, fmtFixed, percent, probability, wholeNumber } from './format.js';
import { fetchCached, loadManifest } from './data-loader.js';
import { TestDigits, brushFraction, digitClasses, digitSide } from './pkg/gradlab.js';
import { parseModelFile } from './lab-client.js';
import {
  MAX_UNPINNED, StorageFullError, deleteModel, listModels, loadModel, modelInfo, onModelsChanged, saveModel,
} from './model-store.js';

const DEFAULT_URL = './models/default.gradlab';
const DEFAULT_KEY = 'default';
const CHOICE_STORAGE_KEY = 'gradlab-model';
const WEIGHTS_MAX_WIDTH = 580; // canvas pixels for the weight tiles
const HIDDEN_CELL = 22; // canvas pixels per hidden unit (with a 2 px gap)
const MARK = '#f08c00';
const MANIFEST_URL = './data/manifest.json';
const ANNOUNCE_AFTER_MS = 800; // a pause this long in the drawing ends it, for the announcement

const keptKey = (id) => `kept:${id}`;

/**
 * Lets the page breathe: reading a big network (784-1000-10: 3 MB), picturing its 1,000 weight
 * images and reading the pad with it are separate tasks, so none holds the page for long (a
 * Long Task is 50 ms).
 */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

function safeFileName(name) {
  return (name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/\s+/g, ' ').trim() || 'network').slice(0, 120);
}

export class DrawView {
  constructor({ Model, preprocessDigit }) {
    this.Model = Model;
    this.preprocessDigit = preprocessDigit;
    this.entries = new Map(); // key → { key, name, info, id? }
    this.defaultModel = null;
    this.model = null; // the wasm Model in use
    this.selected = null; // its key
    this.selectSeq = 0;
    this.result = null; // { pixels, reading } for the current drawing (reading: Model.read, see crate/reading.rs)
    this.layout = null; // weight-tile geometry of the model in use
    this.ready = false;
    this.visible = false; // whether the view is on screen (setVisible)
    this.stale = false; // a network was chosen while hidden: showModel when shown
    this.testDigits = null; // TestDigits (wasm): the first MNIST test chunk, once asked for
    this.testLoading = null; // its download, while it runs
    this.announceTimer = 0;
    this.announceNow = false; // the next pad change is announced at once (a loaded test image)

    this.pad = new DrawPad(byId('pad'), { onChange: (change) => this.padChanged(change), brushFraction: brushFraction() });
    this.buildBars();

    byId('pad-undo').addEventListener('click', () => this.pad.undo());
    byId('pad-clear').addEventListener('click', () => this.pad.clear());
    byId('pad-test').addEventListener('click', () => this.loadTestImage());
    byId('model-select').addEventListener('change', (e) => this.select(e.target.value, { remember: true }));
    byId('model-export').addEventListener('click', () => this.exportSelected());
    byId('model-export-npz').addEventListener('click', () => this.exportSelected('npz'));
    byId('model-file').addEventListener('change', (e) => this.importFile(e.target));
    byId('model-delete').addEventListener('click', () => this.deleteSelected());
    byId('draw-error-dismiss').addEventListener('click', () => this.showError(null));
    onModelsChanged((change) => this.modelsChanged(change));
    onLanguageChange(() => {
      this.renderOptions();
      this.render();
    });

    this.render();
    this.boot().catch((err) => this.showError(t('draw.error.boot', { message: err?.message ?? err })));
  }

  /** Read-only facts for tests (window.gradlab.draw). */
  snapshot() {
    const r = this.result?.reading;
    const top = r ? r.guess.state === 'sure' ? r.guess.digit : r.guess.first : null;
    return Object.freeze({
      ready: this.ready,
      model: this.selected,
      modelName: this.entries.get(this.selected)?.name ?? null,
      models: [...this.entries.values()].map((e) => ({ key: e.key, name: e.name })),
      strokes: this.pad.strokeCount,
      trueLabel: this.trueLabel(),
      top,
      topProbability: r ? r.probabilities[top] : null,
      unsure: r ? r.guess.state === 'unsure' : null,
      probabilities: r ? [...r.probabilities] : null,
    });
  }

  /** Times what each drawing frame computes (read pixels, preprocess, predict, hidden, scores). */
  timeAnalysis(repetitions) {
    const t0 = performance.now();
    for (let i = 0; i < repetitions; i++) this.analyse();
    return performance.now() - t0;
  }

  // ---- networks -------------------------------------------------------------------------------

  async boot() {
    const response = await fetch(new URL(DEFAULT_URL, document.baseURI));
    if (!response.ok) throw new Error(`${DEFAULT_URL}: HTTP ${response.status}`);
    this.defaultModel = this.Model.fromBytes(new Uint8Array(await response.arrayBuffer()));
    const info = modelInfo(this.defaultModel);
    this.entries.set(DEFAULT_KEY, { key: DEFAULT_KEY, name: null, info });
    const kept = await this.refreshList();
    let wanted = null;
    try {
      wanted = localStorage.getItem(CHOICE_STORAGE_KEY);
    } catch {
      wanted = null;
    }
    if (!this.entries.has(wanted)) wanted = kept[0] ? keptKey(kept[0].id) : DEFAULT_KEY;
    await this.select(wanted);
    this.ready = true;
  }

  /** Re-reads the kept networks into the selector; resolves to the list (newest first). */
  async refreshList() {
    let kept = [];
    try {
      kept = await listModels();
    } catch (err) {
      this.showError(t('draw.error.store', { message: err?.message ?? err }));
    }
    for (const key of [...this.entries.keys()]) if (key !== DEFAULT_KEY) this.entries.delete(key);
    for (const m of kept) this.entries.set(keptKey(m.id), { key: keptKey(m.id), id: m.id, name: m.name, info: m.info, pinned: m.pinned });
    this.renderOptions();
    return kept;
  }

  /** Makes `key` the network in use. `remember` keeps the learner's choice across reloads. */
  async select(key, { remember = false } = {}) {
    const seq = ++this.selectSeq;
    const entry = this.entries.get(key) ?? this.entries.get(DEFAULT_KEY);
    let model = this.defaultModel;
    if (entry.key !== DEFAULT_KEY) {
      try {
        const record = await loadModel(entry.id);
        if (!record) throw new Error('not found');
        model = this.Model.fromBytes(record.bytes);
      } catch (err) {
        this.showError(t('draw.error.load', { name: entry.name, message: err?.message ?? err }));
        if (seq === this.selectSeq) this.renderOptions();
        return;
      }
      await nextTask();
    }
    if (seq !== this.selectSeq) {
      if (model !== this.defaultModel) model.free();
      return;
    }
    if (this.model && this.model !== this.defaultModel && this.model !== model) this.model.free();
    this.model = model;
    this.selected = entry.key;
    if (remember) {
      try {
        localStorage.setItem(CHOICE_STORAGE_KEY, entry.key);
      } catch {
        // no storage: the choice lasts for this page
      }
    }
    if (!this.visible) {
      // The view is built with the training view, hidden, to hear of the networks kept there:
      // picturing the network and reading the pad wait until it is shown (setVisible), so they
      // do not hold up the page while it trains.
      this.stale = true;
      this.renderOptions();
      return;
    }
    await this.showModel(seq);
  }

  /** Pictures the network in use and reads the pad with it (`seq`: the choice it is for). */
  async showModel(seq) {
    this.stale = false;
    this.drawWeights();
    await nextTask();
    if (seq !== this.selectSeq) return; // another choice came in: it renders
    this.analyse();
    this.renderOptions();
    this.render();
  }

  /** Called as the view is shown or hidden (main.js): a network chosen meanwhile is shown now. */
  setVisible(visible) {
    this.visible = visible;
    if (visible && this.stale && this.model) this.showModel(this.selectSeq);
  }

  async modelsChanged(change) {
    await this.refreshList();
    if (!this.defaultModel) return; // still booting: boot() chooses
    if (change.type === 'saved') {
      await this.select(keptKey(change.id), { remember: true });
      if (change.source === 'import') byId('model-status').textContent = t('draw.import.done', { name: change.name });
    } else if (!this.entries.has(this.selected)) {
      const newest = [...this.entries.keys()].find((k) => k !== DEFAULT_KEY);
      await this.select(newest ?? DEFAULT_KEY, { remember: true });
    } else {
      this.renderOptions();
      this.render(); // a run pinned in the training view: its "kept" note changes
    }
  }

  /** Downloads the network in use as a .gradlab file, or as NumPy's .npz (`format` 'npz'). */
  exportSelected(format = 'gradlab') {
    if (!this.model) return;
    const name = this.displayName(this.entries.get(this.selected));
    const npz = format === 'npz';
    const blob = new Blob([npz ? this.model.toNpz() : this.model.toBytes()], { type: npz ? 'application/zip' : 'application/octet-stream' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${safeFileName(name)}.${npz ? 'npz' : 'gradlab'}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    byId('model-status').textContent = t('draw.export.done', { file: link.download });
  }

  /** Reads a chosen model file; a bad file is explained and changes nothing. */
  async importFile(input) {
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again fires 'change' again
    if (!file) return;
    this.showError(null);
    byId('model-status').textContent = '';
    try {
      // Parsed in a worker: a big file must not freeze the page.
      const fallbackName = file.name.replace(/\.(gradlab|npz)$/i, '');
      const { bytes, name, info } = await parseModelFile(new Uint8Array(await file.arrayBuffer()), fallbackName);
      if (!info.readsPad) {
        throw new Error(t('draw.import.shape', { input: info.inputSize, output: info.outputSize }));
      }
      await saveModel({ name, bytes, info, source: 'import' });
    } catch (err) {
      // A full storage is not the file's fault: say so, not that the file is unusable.
      if (err instanceof StorageFullError) this.showError(t('draw.error.store', { message: err.message }));
      else this.showError(t('draw.import.error', { file: file.name, message: err?.message ?? err }));
    }
  }

  async deleteSelected() {
    const entry = this.entries.get(this.selected);
    if (!entry || entry.key === DEFAULT_KEY) return;
    if (!window.confirm(t('draw.model.confirmDelete', { name: entry.name }))) return;
    try {
      await deleteModel(entry.id);
      byId('model-status').textContent = t('draw.model.deleted', { name: entry.name });
    } catch (err) {
      this.showError(t('draw.error.store', { message: err?.message ?? err }));
    }
  }

  // ---- drawing --------------------------------------------------------------------------------

  padChanged({ ended }) {
    this.analyse();
    this.render();
    clearTimeout(this.announceTimer);
    if (this.announceNow) {
      this.announceNow = false;
      this.announce();
    } else if (ended) {
      // Strokes come in quick succession (a 4 is two): speak once the learner pauses.
      this.announceTimer = setTimeout(() => this.announce(), ANNOUNCE_AFTER_MS);
    }
  }

  /** Puts a random MNIST test digit on the pad (the first press downloads the test chunk). */
  async loadTestImage() {
    this.showError(null);
    try {
      if (!this.testDigits) {
        // The button stays enabled (disabling it would drop the keyboard focus); presses during
        // the download share it.
        this.testLoading ??= this.fetchTestDigits();
        byId('pad-status').textContent = t('draw.pad.testLoading');
        this.renderGuess(); // the guess panel says so too
        this.testDigits = await this.testLoading;
      }
      const digit = this.testDigits.pick();
      this.announceNow = true;
      this.pad.setImage(digitSide(), digit.pixels, { label: digit.label, index: digit.index });
    } catch (err) {
      this.testLoading = null;
      this.showError(t('draw.error.testImages', { message: err?.message ?? err }));
    } finally {
      byId('pad-status').textContent = '';
      this.renderGuess();
    }
  }

  async fetchTestDigits() {
    const datasets = await loadManifest(new URL(MANIFEST_URL, document.baseURI).href);
    const chunk = datasets.find((d) => d.id === TestDigits.dataset())?.test[0];
    if (!chunk) throw new Error('the data manifest lists no MNIST test images');
    const [images, labels] = await Promise.all([fetchCached(chunk.images, 'MNIST test images'), fetchCached(chunk.labels, 'MNIST test labels')]);
    const seed = new URLSearchParams(location.hash.split('?')[1] ?? '').get('seed');
    return TestDigits.fromIdx(images, labels, seed === null ? undefined : Number(seed) >>> 0);
  }

  /** The loaded test image's label while the pad shows it alone (strokes on it make another digit). */
  trueLabel() {
    const tag = this.pad.imageTag;
    return tag && this.pad.strokeCount === 0 ? tag.label : null;
  }

  /** Pad pixels → 28×28 image → the network's reading of it (one forward pass in wasm). */
  analyse() {
    this.result = null;
    if (!this.model || this.pad.blank) return;
    const pad = this.pad.pixels();
    const pixels = pad && this.preprocessDigit(pad.width, pad.height, pad.rgba);
    if (!pixels) return;
    this.result = { pixels, reading: this.model.read(pixels) };
  }

  /** For tests: the image seen now, and the one the whole pad gives (the same, if the pad reads only around its ink correctly). */
  seenBothWays() {
    const whole = this.pad.pixels({ whole: true });
    const fromWhole = this.preprocessDigit(whole.width, whole.height, whole.rgba);
    return { seen: this.result ? [...this.result.pixels] : null, whole: fromWhole ? [...fromWhole] : null };
  }

  // ---- rendering ------------------------------------------------------------------------------

  displayName(entry) {
    if (!entry) return '';
    if (entry.key !== DEFAULT_KEY) return entry.name;
    const acc = entry.info.testAccuracy;
    return acc === null ? t('draw.model.defaultPlain') : t('draw.model.default', { acc: percent(acc, 2) });
  }

  renderOptions() {
    const select = byId('model-select');
    const options = [...this.entries.values()].map((e) => new Option(this.displayName(e), e.key));
    if (options.length > 1) {
      const group = document.createElement('optgroup');
      group.label = t('draw.model.kept');
      group.append(...options.slice(1));
      select.replaceChildren(options[0], group);
    } else {
      select.replaceChildren(...options);
    }
    if (this.selected && this.entries.has(this.selected)) select.value = this.selected;
    select.disabled = this.entries.size === 0;
  }

  render() {
    const entry = this.entries.get(this.selected);
    byId('model-info').textContent = entry && this.model ? this.infoText(entry, this.model) : t('draw.model.loading');
    byId('model-export').disabled = !this.model;
    byId('model-export-npz').disabled = !this.model;
    byId('model-delete').disabled = !entry || entry.key === DEFAULT_KEY;
    byId('pad-undo').disabled = this.pad.blank;
    byId('pad-clear').disabled = this.pad.blank;
    byId('pad-empty').hidden = !this.pad.blank;
    this.renderSeen();
    this.renderGuess();
    this.renderBars();
    this.renderInside();
  }

  /** Shape · data · accuracy of `model` (the wasm Model of `entry`), and for a kept run whether it stays for good. */
  infoText({ info, key, pinned }, model) {
    const data = model.ownData ? t('ctl.data.user') : model.datasetLabel;
    const parts = [model.label, t('draw.model.trainedOn', { data })];
    if (info.testAccuracy !== null) parts.push(t('draw.model.accuracy', { acc: percent(info.testAccuracy, 2) }));
    let text = parts.join(' · ');
    if (!model.trainedOnDigits) text += ` — ${t('draw.model.notDigits')}`;
    if (key !== DEFAULT_KEY) text += ` · ${pinned ? t('draw.model.pinned') : t('draw.model.auto', { max: MAX_UNPINNED })}`;
    return text;
  }

  renderSeen() {
    const canvas = byId('seen');
    const side = digitSide();
    if (canvas.width !== side) [canvas.width, canvas.height] = [side, side];
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(side, side);
    const pixels = this.result?.pixels;
    for (let i = 0; i < side * side; i++) {
      const v = pixels ? pixels[i] : 0; // MNIST: white ink (255) on black (0)
      image.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
    canvas.setAttribute('aria-label', pixels ? t('draw.seen.alt') : t('draw.seen.empty'));
  }

  guessSummary() {
    const g = this.result?.reading.guess;
    if (!g) {
      const downloading = this.testLoading !== null && this.testDigits === null;
      const text = !this.model ? t('draw.model.loading') : downloading ? t('draw.pad.testLoading') : t('draw.guess.blank');
      return { state: 'blank', digit: '', text };
    }
    if (g.state === 'unsure') {
      return {
        state: 'unsure',
        digit: '?',
        text: t('draw.guess.unsure', {
          a: g.first, pa: probability(g.firstProbability), b: g.second, pb: probability(g.secondProbability),
        }),
      };
    }
    return { state: 'sure', digit: String(g.digit), text: t('draw.guess.sure', { digit: g.digit, p: probability(g.probability) }) };
  }

  renderGuess() {
    const g = this.guessSummary();
    const digit = byId('guess-digit');
    digit.textContent = g.digit;
    digit.dataset.state = g.state;
    byId('guess-text').textContent = g.text;
    const truth = byId('guess-truth');
    const label = this.trueLabel();
    truth.hidden = label === null;
    truth.textContent = label === null ? '' : t('draw.guess.truth', { label, n: wholeNumber(this.pad.imageTag.index) });
  }

  /** The guess (and the true label of a test image), said by a screen reader. */
  announce() {
    const label = this.trueLabel();
    const truth = label === null ? '' : ` ${t('draw.guess.truthShort', { label })}`;
    byId('guess-live').textContent = `${this.guessSummary().text}${truth}`;
  }

  buildBars() {
    const classes = digitClasses(); // the ten digits (crate/data/dataset.rs)
    const make = (list, cls) => {
      list.replaceChildren();
      for (let d = 0; d < classes; d++) {
        const li = byId('digit-bar').content.firstElementChild.cloneNode(true);
        li.className = cls;
        li.querySelector('.bar-label').textContent = String(d);
        list.append(li);
      }
    };
    make(byId('prob-bars'), 'prob');
    make(byId('score-bars'), 'score');
  }

  renderBars() {
    const r = this.result?.reading;
    const top = r ? (r.guess.state === 'sure' ? r.guess.digit : r.guess.first) : -1;
    const probItems = byId('prob-bars').children;
    for (let d = 0; d < probItems.length; d++) {
      const p = r ? r.probabilities[d] : 0;
      const li = probItems[d];
      li.style.setProperty('--v', String(p));
      li.classList.toggle('is-top', d === top);
      li.querySelector('.bar-value').textContent = r ? probability(p) : '–';
    }
    const scoreItems = byId('score-bars').children;
    for (let d = 0; d < scoreItems.length; d++) {
      const s = r ? r.scores[d] : 0;
      const li = scoreItems[d];
      li.style.setProperty('--v', String(r ? r.scoreLevels[d] : 0));
      li.dataset.sign = s < 0 ? 'neg' : 'pos';
      li.classList.toggle('is-top', d === top);
      li.querySelector('.bar-value').textContent = r ? fmtFixed(s, 2) : '–';
    }
  }

  drawWeights() {
    this.layout = this.model.tileLayout(WEIGHTS_MAX_WIDTH);
    const picture = this.model.weightTiles(this.layout.cols, this.layout.scale);
    const { width, height } = picture;
    const weights = byId('weights');
    weights.width = width;
    weights.height = height;
    const rgba = picture.rgba; // a copy out of wasm memory: viewed, not copied again
    const image = new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length), width, height);
    weights.getContext('2d').putImageData(image, 0, 0);
    picture.free();
    // The outlines and the hidden units are lines and squares, drawn at device resolution
    // (the weights are a picture of pixels, shown pixelated on purpose).
    const dpr = window.devicePixelRatio || 1;
    const marks = byId('weights-marks');
    marks.width = Math.round(width * dpr);
    marks.height = Math.round(height * dpr);
    const hidden = byId('hidden-units');
    hidden.width = Math.round(this.layout.cols * HIDDEN_CELL * dpr);
    hidden.height = Math.round(this.layout.rows * HIDDEN_CELL * dpr);
    hidden.style.width = `${this.layout.cols * HIDDEN_CELL}px`;
  }

  renderInside() {
    const layout = this.layout;
    const info = this.entries.get(this.selected)?.info;
    if (!layout || !info || !this.model) {
      byId('weights-caption').textContent = t('draw.model.loading');
      return;
    }
    const act = this.model.activationLabel;
    byId('weights').setAttribute('aria-label', t('draw.weights.alt', { n: layout.units, cols: layout.cols, rows: layout.rows }));
    byId('weights-caption').textContent = t('draw.weights.caption', { n: layout.units });
    const r = this.result?.reading;
    const top = r ? r.mostActive : [];
    this.drawHidden(r?.hiddenLevels, top);
    this.drawMarks(top);
    const unit = (u, i) => `#${r.mostActiveNumbers[i]} (${fmtFixed(r.hidden[u], 2)})`;
    if (!r) {
      byId('hidden-caption').textContent = t('draw.hidden.empty', { n: layout.units, act });
    } else {
      // Units on above 0 "respond"; above a level (a sigmoid's 0.5) "are above" it (the wasm's rule).
      const key = r.activeAbove > 0 ? 'draw.hidden.captionAbove' : 'draw.hidden.caption';
      byId('hidden-caption').textContent = t(key, { n: layout.units, act, active: r.activeCount, above: fmt(r.activeAbove), top: top.map(unit).join(', ') });
    }
  }

  /** One square per hidden unit, in the same order as the weight tiles; darker = more active. */
  drawHidden(levels, top) {
    const canvas = byId('hidden-units');
    const ctx = canvas.getContext('2d');
    const { cols, units } = this.layout;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(canvas.width / (cols * HIDDEN_CELL), 0, 0, canvas.width / (cols * HIDDEN_CELL), 0, 0);
    const marked = new Set(top);
    for (let u = 0; u < units; u++) {
      const x = (u % cols) * HIDDEN_CELL;
      const y = Math.floor(u / cols) * HIDDEN_CELL;
      const v = levels ? levels[u] : 0;
      ctx.fillStyle = `rgba(36, 86, 214, ${0.08 + 0.92 * v})`;
      ctx.fillRect(x + 1, y + 1, HIDDEN_CELL - 2, HIDDEN_CELL - 2);
      if (marked.has(u)) {
        ctx.strokeStyle = MARK;
        ctx.lineWidth = 2;
        ctx.strokeRect(x + 1, y + 1, HIDDEN_CELL - 2, HIDDEN_CELL - 2);
      }
    }
  }

  /** Outlines the tiles of the most active units on the weights picture. */
  drawMarks(top) {
    const canvas = byId('weights-marks');
    const ctx = canvas.getContext('2d');
    const { cols, tile } = this.layout;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const k = canvas.width / byId('weights').width; // marks are drawn in the weights picture's pixels
    ctx.setTransform(k, 0, 0, k, 0, 0);
    ctx.strokeStyle = MARK;
    ctx.lineWidth = Math.max(2, tile / 20);
    const inset = ctx.lineWidth / 2;
    for (const u of top) {
      const x = (u % cols) * tile;
      const y = Math.floor(u / cols) * tile;
      ctx.strokeRect(x + inset, y + inset, tile - 2 - 2 * inset, tile - 2 - 2 * inset);
    }
  }

  showError(message) {
    byId('draw-error').hidden = message === null;
    byId('draw-error-text').textContent = message ?? '';
  }
}
