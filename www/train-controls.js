// The training controls ⇄ the URL-hash query (#/train?subset=…&lr=…).
//
// The wasm's normalizeTrainQuery is the one place that knows the keys, defaults and ranges:
// controls are read into a query, normalized (clamped) and written back, both ways.
// The learning-rate slider works on log10(lr); the exact lr is kept beside it.

import { fmtLr as formatLr } from './lesson-views/chart-tools.js';

const ROUTE = '#/train';
const HASH_WRITE_DELAY_MS = 150;
const LR_SIGNIFICANT_DIGITS = 2;

/** Query key → control id, for the controls whose value is the query value as is. */
const PLAIN_CONTROLS = {
  data: 'dataset',
  subset: 'subset',
  hidden: 'hidden',
  act: 'act',
  init: 'init',
  batch: 'batch',
  iters: 'iters',
  seed: 'seed',
  sampler: 'sampler',
  opt: 'opt',
  sched: 'sched',
  gamma: 'gamma',
  every: 'every',
  k: 'k',
  bug: 'bug',
  loss: 'loss',
};

/** Query key → checkbox id, for the 0/1 keys. */
const CHECKBOX_CONTROLS = {
  norm: 'norm',
  delta: 'delta',
  sorted: 'sorted',
};

const $ = (id) => document.getElementById(id);

/** Keys a teacher hid with `<key>_hide=1` in a shared link (kept when the hash is rewritten). */
function hiddenKeys(rawQuery) {
  return new Set([...(rawQuery ?? '').matchAll(/(?:^|&)([\w-]+)_hide=1(?=&|$)/g)].map((m) => m[1]));
}

/** The lr a slider position stands for, rounded to a readable value (0.1, 0.32, 2). */
function lrFromSlider(value) {
  return Number((10 ** Number(value)).toPrecision(LR_SIGNIFICANT_DIGITS));
}

export class TrainControls {
  /**
   * @param normalize  the wasm normalizeTrainQuery
   * @param onLrInput  called with the new lr whenever the slider moves
   */
  constructor(normalize, onLrInput) {
    this.normalize = normalize;
    this.onLrInput = onLrInput;
    this.lr = 0.1;
    this.hashTimer = 0;
    this.hidden = new Set();
    this.slider = $('lr');
    this.slider.addEventListener('input', () => this.lrMoved());
    for (const id of [...Object.values(PLAIN_CONTROLS), ...Object.values(CHECKBOX_CONTROLS)]) {
      $(id).addEventListener('change', () => this.changed());
    }
  }

  /** The normalized query of what the controls show now. */
  query() {
    const params = new URLSearchParams();
    for (const [key, id] of Object.entries(PLAIN_CONTROLS)) {
      const el = $(id);
      params.set(key, (el.dataset.wanted ?? el.value).trim()); // wanted: an option still to come
    }
    for (const [key, id] of Object.entries(CHECKBOX_CONTROLS)) params.set(key, $(id).checked ? '1' : '0');
    params.set('lr', String(this.lr));
    return this.normalize(params.toString());
  }

  /** Puts a (normalized) query into the controls. */
  show(query) {
    const params = new URLSearchParams(query);
    for (const [key, id] of Object.entries(PLAIN_CONTROLS)) {
      if (params.has(key)) setControl($(id), params.get(key));
    }
    for (const [key, id] of Object.entries(CHECKBOX_CONTROLS)) {
      if (params.has(key)) $(id).checked = params.get(key) === '1';
    }
    if (params.has('lr')) this.showLr(Number(params.get('lr')));
    this.showScheduleParams(params.get('sched'));
    // A link that reproduces a mistake opens the mistakes panel, so the learner sees why.
    const mistake = ['norm', 'delta'].some((k) => params.get(k) === '0') || params.get('sorted') === '1'
      || (params.get('bug') ?? 'none') !== 'none' || params.get('init') === 'large';
    if (mistake) $('mistakes').open = true;
  }

  /** Only the parameters the chosen schedule uses are shown. */
  showScheduleParams(sched) {
    const uses = { constant: [], step: ['gamma', 'every'], exp: ['k'], inv: ['k'] }[sched] ?? [];
    for (const id of ['gamma', 'every', 'k']) $(id).closest('.field').hidden = !uses.includes(id);
    $('sched-params').hidden = uses.length === 0;
  }

  showLr(lr) {
    if (!Number.isFinite(lr)) return;
    this.lr = lr;
    this.slider.value = String(Math.log10(lr));
    $('lr-value').textContent = formatLr(lr);
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
    const ids = { ...PLAIN_CONTROLS, ...CHECKBOX_CONTROLS, lr: 'lr' };
    for (const [key, id] of Object.entries(ids)) {
      const field = $(id).closest('.field');
      if (field) field.hidden = this.hidden.has(key);
    }
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
    const flags = [...this.hidden].map((k) => `&${k}_hide=1`).join('');
    const next = `${ROUTE}?${q}${flags}`;
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
    this.showLr(lrFromSlider(this.slider.value));
    this.onLrInput(this.lr);
    this.writeHashSoon();
  }

  /** Disables every control but the learning rate (which stays live during a run). */
  setLocked(locked) {
    for (const id of [...Object.values(PLAIN_CONTROLS), ...Object.values(CHECKBOX_CONTROLS)]) $(id).disabled = locked;
    $('file-input').disabled = locked;
    $('drop-zone').classList.toggle('disabled', locked);
  }

  value(key) {
    return new URLSearchParams(this.query()).get(key);
  }
}

/** Sets an input or select; a select falls back to its first option for an unknown value. */
function setControl(el, value) {
  if (el.tagName === 'SELECT') {
    // An option that is not there yet (a dataset the manifest will add) is remembered.
    let known = [...el.options].some((o) => o.value === value);
    if (!known && 'open' in el.dataset && /^\d+$/.test(value)) {
      el.add(new Option(Number(value).toLocaleString('en'), value)); // e.g. subset=5000 from a link
      known = true;
    }
    el.value = known ? value : el.options[0].value;
    if (known) delete el.dataset.wanted;
    else el.dataset.wanted = value;
  } else {
    el.value = value;
  }
}
