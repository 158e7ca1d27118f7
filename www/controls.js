// A control set up from its key's spec (the wasm's trainKeySpecs / lessonKeySpecs, from the key
// tables in crate/config.rs and crate/lessons/): its range, its menu and its default come from
// Rust, so no list of values or ranges is written in the page. Used by the training form and
// the lesson views alike.

import { lessonKeySpecs } from './pkg/gradlab.js';
import { t } from './i18n.js';
import { wholeNumber } from './format.js';

/** A value that is a whole number ("1000"): its option shows it as one, not as a translated word. */
const WHOLE = /^\d+$/;

/**
 * Gives a control its key's range, menu and default. A select lists the key's values: a choice's
 * options or an integer's presets. A number reads as a whole number (1,000); a word by the i18n key
 * `<prefix>.<value>`, prefix data-option-text or the key's name. A select with data-own-options
 * keeps its own (the datasets come from the manifest).
 */
export function setUpControl(el, spec) {
  const menu = spec.kind === 'choice' ? spec.options : spec.presets;
  if (el.tagName === 'SELECT' && menu.length > 0 && !('ownOptions' in el.dataset)) {
    const prefix = el.dataset.optionText ?? spec.name;
    el.replaceChildren(...menu.map((value) => optionOf(value, `${prefix}.${value}`)));
  } else if (el.tagName === 'INPUT' && el.type === 'number') {
    spanNumber(el, spec);
    if (!el.hasAttribute('step')) el.step = spec.kind === 'real' ? 'any' : '1'; // a stride set in the markup stays
  }
  if (el.type === 'checkbox') el.checked = spec.defaultValue === '1';
  else setControl(el, spec.defaultValue);
  return el;
}

/** Gives number input `el` its key's range (`min`, `max` of a spec): the markup writes none. */
export function spanNumber(el, { min, max }) {
  el.min = String(min);
  el.max = String(max);
  return el;
}

/** A lesson view's key ranges by key name ({ min, max }), from its key table (lessonKeySpecs). */
export function lessonKeyRanges(route) {
  const ranges = {};
  for (const spec of lessonKeySpecs(route)) {
    ranges[spec.name] = { min: spec.min, max: spec.max };
    spec.free();
  }
  return ranges;
}

/** An <option> for `value`: a whole number as one, a word by its i18n key (retranslated with the page). */
function optionOf(value, i18nKey) {
  if (WHOLE.test(value)) return new Option(wholeNumber(Number(value)), value);
  const option = new Option(t(i18nKey), value);
  option.dataset.i18n = i18nKey;
  return option;
}

/**
 * Sets an input, checkbox (0/1) or select; a select falls back to its first option for an
 * unknown value, except that one with data-open adds a whole number it lacks (subset=5000 from a link).
 */
export function setControl(el, value) {
  if (el.tagName === 'SELECT') {
    // An option that is not there yet (a dataset the manifest will add) is remembered.
    let known = [...el.options].some((o) => o.value === value);
    if (!known && 'open' in el.dataset && WHOLE.test(value)) {
      el.add(optionOf(value));
      known = true;
    }
    el.value = known ? value : el.options[0].value;
    if (known) delete el.dataset.wanted;
    else el.dataset.wanted = value;
  } else if (el.type === 'checkbox') {
    el.checked = value === '1';
  } else {
    el.value = value;
  }
}

/** What a control says, as the URL writes it: 0/1 for a checkbox; a select's wanted value while its option is still to come. */
export function controlValue(el) {
  if (el.type === 'checkbox') return el.checked ? '1' : '0';
  return (el.dataset.wanted ?? el.value).trim();
}
