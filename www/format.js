// Numbers and durations as the learner reads them: one module, used by every view. Nothing is
// computed here (the wasm computes; this only writes a value down). Digits and units that depend
// on the language (percentages, durations: "3 min 7 s" / 「3 分 7 秒」) go through Intl.

import { language, t } from './i18n.js';

const MINUS = '\u2212';
const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
const NONE = '—';

const numberFormats = new Map();
/**
 * One Intl.NumberFormat per language and options, made on first use: making one costs far more
 * than using it (the fifty watched digits' labels alone made fifty at each reading).
 */
function numberFormat(lang, options = {}) {
  const key = `${lang} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(lang, options)));
  return format;
}

/**
 * What a value that is not a finite number reads as: ∞ (or −∞) only for a true infinity; a
 * missing value (null, undefined: the wasm's None) or NaN (not computed, e.g. past the step
 * where a run stopped) is "—". An ∞ in a cell claims an overflow; it must be one.
 */
function notFinite(v) {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return `${MINUS}∞`;
  return NONE;
}

/**
 * A number for people: `decimals` places without trailing zeros, a true minus sign, ×10ⁿ for
 * very large or very small values (see notFinite for the rest).
 */
export function fmt(v, decimals = 4) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return notFinite(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 10 ** -decimals)) return scientific(v);
  let s = String(Number(v.toFixed(decimals)));
  if (s === '-0') s = '0';
  return s.replace('-', MINUS);
}

/**
 * Exactly `decimals` places (a table column of losses): 0.405, 2.303, 0.000 for 0. A value that
 * is not 0 but would show as 0.000 is written ×10ⁿ instead (4.5 × 10⁻⁴): "0.000" beside a ratio
 * of 67.7 would say the loss is nothing.
 */
export function fmtFixed(v, decimals = 3) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return notFinite(v);
  if (v !== 0 && Number(v.toFixed(decimals)) === 0) return scientific(v);
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

/** A power of ten by its exponent: −4 → 10⁻⁴, 6 → 10⁶. */
export function powerOfTen(exponent) {
  return `10${String(exponent).split('').map((c) => SUPERSCRIPT[c]).join('')}`;
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

/** A fraction as a percentage in the page's language: 0.9466 → 94.66%. */
export function percent(fraction, decimals = 2) {
  if (!Number.isFinite(fraction)) return NONE;
  return numberFormat(language(), {
    style: 'percent', minimumFractionDigits: decimals, maximumFractionDigits: decimals,
  }).format(fraction);
}

/**
 * A softmax probability in whole percent. Softmax never gives exactly 0 or 1 (only floats round
 * there), so neither does this: 0.99988 is ">99%", not "100%"; 0.0004 is "<1%", not "0%".
 */
export function probability(p) {
  if (p >= 0.995) return `>${percent(0.99, 0)}`;
  if (p < 0.005) return `<${percent(0.01, 0)}`;
  return percent(p, 0);
}

/** A loss for people: `fmtFixed` with 4 decimals (∞ for an infinite loss, log 0), — when there is none. */
export function formatLoss(loss) {
  return Number.isNaN(loss) ? NONE : fmtFixed(loss, 4);
}

/** `value` with a unit in the page's language ("4.1 s", "4.1 秒"); en keeps the SI symbols. */
function unit(value, name, digits = 0) {
  const lang = language();
  if (lang === 'en') return `${numberFormat(lang, { maximumFractionDigits: digits }).format(value)} ${EN_UNITS[name]}`;
  return numberFormat(lang, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
}
const EN_UNITS = { microsecond: 'µs', millisecond: 'ms', second: 's', minute: 'min', hour: 'h', day: 'days' };

/** A measured duration for people: 2.3 ms, 4.1 s, 3 min 20 s, 42.6 h, 12.5 days. */
export function duration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return NONE;
  if (ms < 1) return unit(ms * 1000, 'microsecond');
  if (ms < 1000) return unit(ms, 'millisecond', ms < 10 ? 2 : 1);
  const s = ms / 1000;
  if (s < 120) return unit(s, 'second', 1);
  if (s < 7200) return `${unit(Math.floor(s / 60), 'minute')} ${unit(Math.round(s % 60), 'second')}`;
  if (s < 3 * 86400) return unit(s / 3600, 'hour', 1);
  return unit(s / 86400, 'day', 1);
}

/** A rough time left, in whole seconds: 42 s, 1 min 5 s, 2 h 3 min. */
export function timeLeft(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return NONE;
  const s = Math.round(seconds);
  if (s < 60) return unit(s, 'second');
  const m = Math.floor(s / 60);
  if (m < 60) return `${unit(m, 'minute')} ${unit(s % 60, 'second')}`;
  return `${unit(Math.floor(m / 60), 'hour')} ${unit(m % 60, 'minute')}`;
}

/** A count rounded to a whole number, grouped in the page's language: 1234.6 → 1,235. */
export function wholeNumber(v) {
  return Number.isFinite(v) ? numberFormat(language()).format(Math.round(v)) : NONE;
}

/** A point or vector (x₀, x₁) with `decimals` places each; — when there is none. */
export function fmtPair(p, decimals = 4) {
  return p ? `(${fmt(p[0], decimals)}, ${fmt(p[1], decimals)})` : NONE;
}
