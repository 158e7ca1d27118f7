// The training controls ⇄ the URL-hash query (#/train?subset=…&lr=…).
//
// The wasm's key table (trainKeySpecs, from crate/config.rs) is the one place that knows the
// keys, ranges, defaults, choices and menus: at start each control takes them from it
// (setUpControl, ./controls.js), and normalizeTrainQuery clamps what the controls read, both ways.
// The control of key `k` is #k (except `data`: #dataset); a checkbox stands for a 0/1 key.
// The learning-rate slider works on log10(lr) (the wasm maps both ways); the exact lr is kept beside it.

import { onLanguageChange, t } from './i18n.js';
import { fmtLr as formatLr } from './format.js';
import { byId } from './dom.js';
import { controlValue, setControl, setUpControl } from './controls.js';
import { spanLogSlider, wireLogSliderKeys } from './log-slider.js';
import { logSliderPosition, logSliderValue, trainMistakes } from './pkg/gradlab.js';
import { applyHidden, hiddenKeys, withFlags } from './teacher-flags.js';

const ROUTE = '#/train';
const HASH_WRITE_DELAY_MS = 150;
const LR_KEY = 'lr';
/** Control ids that are not the key's name. */
const CONTROL_ID = { data: 'dataset' };



export class TrainControls {
  /**
   * @param normalize  the wasm normalizeTrainQuery
   * @param specs      the wasm trainKeySpecs(): name, kind, min, max, defaultValue, options, presets
   * @param scheduleParameterKeys  the wasm scheduleParameterKeys: the keys a schedule kind reads
   * @param onLrInput  called with the new lr whenever the slider moves
   */
  constructor(normalize, specs, scheduleParameterKeys, onLrInput) {
    this.normalize = normalize;
    this.scheduleParameterKeys = scheduleParameterKeys;
    this.onLrInput = onLrInput;
    this.hashTimer = 0;
    this.hidden = new Set();
    this.slider = byId('lr');
    /** Every key but lr, with its control and default: [{ key, el, defaultValue }] in URL order. */
    this.controls = [];
    for (const spec of specs) {
      if (spec.name === LR_KEY) this.setUpLr(spec);
      else this.controls.push({ key: spec.name, el: setUpControl(byId(CONTROL_ID[spec.name] ?? spec.name), spec), defaultValue: spec.defaultValue });
      spec.free();
    }
    this.slider.addEventListener('input', () => this.lrMoved());
    for (const { el } of this.controls) el.addEventListener('change', () => this.changed());
  }

  /** The slider spans log10 of the accepted rates, ticked at each power of ten, and starts at the default rate. */
  setUpLr(spec) {
    spanLogSlider(this.slider, byId('lr-scale'), spec.min, spec.max);
    const range = { min: formatLr(spec.min), max: formatLr(spec.max) }; // read now: the spec is freed after set-up
    const hint = () => { byId('lr-hint').textContent = t('ctl.lr.hint', range); };
    hint();
    onLanguageChange(hint);
    this.showLr(Number(spec.defaultValue));
    wireLogSliderKeys(this.slider, {
      min: spec.min,
      max: spec.max,
      value: () => this.lr,
      set: (lr) => this.lrSet(lr),
    });
  }

  /** The normalized query of what the controls show now. */
  query() {
    const params = new URLSearchParams();
    for (const { key, el } of this.controls) params.set(key, controlValue(el));
    params.set(LR_KEY, String(this.lr));
    return this.normalize(params.toString());
  }

  /** Puts a (normalized) query into the controls. */
  show(query) {
    const params = new URLSearchParams(query);
    for (const { key, el } of this.controls) {
      if (params.has(key)) setControl(el, params.get(key));
    }
    if (params.has(LR_KEY)) this.showLr(Number(params.get(LR_KEY)));
    this.showScheduleParams(params.get('sched'));
    // A link that reproduces a mistake (the wasm matches it against the summary's list), or that
    // sets one of the mistakes panel's own switches off its default (a backprop bug, say), opens
    // the panel, so the learner sees why.
    const panel = byId('mistakes');
    const switched = this.controls.some(({ key, el, defaultValue }) => panel.contains(el) && params.has(key) && params.get(key) !== defaultValue);
    if (switched || trainMistakes(query).length > 0) panel.open = true;
  }

  /** Only the parameters the chosen schedule reads (the wasm says which) are shown. */
  showScheduleParams(sched) {
    const uses = this.scheduleParameterKeys(sched ?? '');
    for (const input of byId('sched-params').querySelectorAll('input')) input.closest('.field').hidden = !uses.includes(input.id);
    byId('sched-params').hidden = uses.length === 0;
  }

  showLr(lr) {
    if (!Number.isFinite(lr)) return;
    this.lr = lr;
    this.slider.value = String(logSliderPosition(lr));
    byId('lr-value').textContent = formatLr(lr);
    this.slider.setAttribute('aria-valuetext', formatLr(lr));
  }

  /** Reads a hash query (possibly hand-edited, out of range) into the controls, then rewrites the hash. */
  loadFromHash(rawQuery) {
    this.hidden = hiddenKeys(rawQuery);
    this.applyHidden();
    this.show(this.normalize(rawQuery));
    this.writeHash();
  }

  /** Hides the field of every control whose key the link hid (the value still applies). */
  applyHidden() {
    const fields = [...this.controls, { key: LR_KEY, el: this.slider }].map(({ key, el }) => ({ keys: [key], el: el.closest('.field') }));
    applyHidden(fields.filter((f) => f.el), this.hidden);
  }

  /** The canonical hash for the controls' state, e.g. '#/train?subset=10000&…'. */
  hash() {
    return `${ROUTE}?${this.query()}`;
  }

  writeHash() {
    clearTimeout(this.hashTimer);
    this.hashTimer = 0;
    const q = this.query();
    this.show(q); // clamped values go back into the controls
    const next = `${ROUTE}?${withFlags(q, this.hidden)}`;
    const onTrainRoute = location.hash === '' || location.hash.startsWith(ROUTE);
    if (onTrainRoute && location.hash !== next) history.replaceState(null, '', next);
  }

  /** Hash writes from the slider are batched: Chrome throttles rapid replaceState calls. */
  writeHashSoon() {
    if (this.hashTimer) return;
    this.hashTimer = setTimeout(() => this.writeHash(), HASH_WRITE_DELAY_MS);
  }

  changed() {
    this.writeHash();
  }

  lrMoved() {
    this.lrSet(logSliderValue(Number(this.slider.value)));
  }

  /** A new learning rate from the slider (dragged or stepped with the arrow keys). */
  lrSet(lr) {
    this.showLr(lr);
    this.onLrInput(this.lr);
    this.writeHashSoon();
  }

  /** Disables every control but the learning rate (which stays live during a run). */
  setLocked(locked) {
    for (const { el } of this.controls) el.disabled = locked;
    byId('file-input').disabled = locked;
    byId('drop-zone').classList.toggle('disabled', locked);
  }

  value(key) {
    return new URLSearchParams(this.query()).get(key);
  }
}
