// Arrow keys on a logarithmic slider (a range input over log10 of the value). The browser's own
// arrow step is a fraction of a decade, which rounding to the digits shown undoes; instead the
// arrows walk 1-2-5 values (0.05 → 0.1 → 0.2 …), chosen by the wasm (config::log_slider_step).
// PageUp/PageDown/Home/End keep the browser's behaviour.

import { logSliderPosition, logSliderStep, logSliderValue } from './pkg/gradlab.js';

const UP = new Set(['ArrowRight', 'ArrowUp']);
const DOWN = new Set(['ArrowLeft', 'ArrowDown']);

/**
 * `value()` is the slider's current value (not its log), `set(v)` applies a new one as if the
 * learner had dragged there; `min` and `max` are the value range (by default the values at the
 * slider's own min and max).
 */
export function wireLogSliderKeys(slider, { min = logSliderValue(Number(slider.min)), max = logSliderValue(Number(slider.max)), value, set }) {
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
