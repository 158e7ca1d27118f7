// Line charts of the lab views (sections 5 and 6): numbers the wasm computed, drawn by the
// wasm with plotters (drawLines) like every chart of the app. This file only flattens the
// series into the typed arrays drawLines takes.

import { drawLines } from './pkg/gradlab.js';

/**
 * options: { title, xLabel, yLabel, series: [{ label, xs, ys, faint?, points? }], logX, logY,
 * yRange?: [min, max], marks?: [{ x, label }] } (only the first mark is drawn).
 */
export function drawLineChart(canvas, options) {
  const { title, xLabel, yLabel, series = [], logX = false, logY = false, yRange, marks = [] } = options;
  const lengths = Uint32Array.from(series, (s) => s.xs.length);
  const xs = Float64Array.from(series.flatMap((s) => Array.from(s.xs, Number)));
  const ys = Float64Array.from(series.flatMap((s) => Array.from(s.ys, (v) => (v === null ? NaN : Number(v)))));
  const faint = Uint8Array.from(series, (s) => (s.faint ? 1 : 0));
  const dots = Uint8Array.from(series, (s) => (s.points ? 1 : 0));
  const [mark] = marks;
  drawLines(canvas, title, xLabel, yLabel, series.map((s) => s.label), lengths, xs, ys, faint, dots,
    logX, logY, yRange?.[0] ?? NaN, yRange?.[1] ?? NaN, mark?.x ?? NaN, mark?.label ?? '');
}
