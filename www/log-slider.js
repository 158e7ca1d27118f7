// Arrow keys on a logarithmic slider (a range input over log10 of the value). The browser's own
// arrow step is a fraction of a decade, which rounding to the digits shown undoes; instead the
// arrows walk 1-2-5 values (0.05 → 0.1 → 0.2 …), chosen by the wasm (config::log_slider_step).
// PageUp/PageDown/Home/End keep the browser's behaviour. The slider's range and the ticks under
// it come from the value's key spec (the wasm's trainKeySpecs / lessonKeySpecs), as does the
// 1-2-5 ladder.

import { logSliderDecades, logSliderPosition, logSliderStep } from './pkg/gradlab.js';
import { fmtLr } from './format.js';

const UP = new Set(['ArrowRight', 'ArrowUp']);
const DOWN = new Set(['ArrowLeft', 'ArrowDown']);

/**
 * Spans `slider` over log10 of `min…max` (a key spec's range) and fills `scale` with a tick at
 * each power of ten in it, each under the thumb's place for its value (`--at`, the share of the
 * slider's range; style.css places it).
 */
export function spanLogSlider(slider, scale, min, max) {
  const [lo, hi] = [logSliderPosition(min), logSliderPosition(max)];
  slider.min = String(lo);
  slider.max = String(hi);
  const ticks = Array.from(logSliderDecades(min, max), (v) => {
    const tick = Object.assign(document.createElement('span'), { textContent: fmtLr(v) });
    tick.style.setProperty('--at', String(hi > lo ? (logSliderPosition(v) - lo) / (hi - lo) : 0)); // CSSOM: allowed by the page's CSP
    return tick;
  });
  scale.replaceChildren(...ticks);
}

/**
 * `value()` is the slider's current value (not its log), `set(v)` applies a new one as if the
 * learner had dragged there; `min` and `max` are the value range (the key spec's).
 */
export function wireLogSliderKeys(slider, { min, max, value, set }) {
  slider.addEventListener('keydown', (event) => {
    const up = UP.has(event.key);
    if (!up && !DOWN.has(event.key)) return;
    event.preventDefault();
    const next = logSliderStep(value(), min, max, up);
    if (next === value()) return;
    slider.value = String(logSliderPosition(next)); // at once: a second key press steps on from here
    set(next);
  });
}
