// Line charts of the lab views (sections 5 and 6): numbers the wasm computed, drawn by the
// wasm with plotters (drawLines) like every chart of the app. This file only flattens the
// series into the typed arrays drawLines takes.

import { drawLines } from './pkg/gradlab.js';
import { t } from './i18n.js';

/**
 * options: { title, xLabel, yLabel, series: [{ label, xs, ys, faint?, points?, smooth? }],
 * xKind: 'integer' (iterations, epochs) | 'seconds' | 'linear', logX, logY, yRange?: [min, max],
 * marks?: [{ x, label }] (only the first mark is drawn), empty?: text for a chart with no points }.
 * A `smooth` series is drawn as its moving average over a faint band of its raw values, its
 * legend saying the window ("batch 1 (mean of 50)").
 */
export function drawLineChart(canvas, options) {
  const { title, xLabel, yLabel, series = [], xKind = 'linear', logX = false, logY = false, yRange, marks = [], empty = '' } = options;
  const lengths = Uint32Array.from(series, (s) => s.xs.length);
  const xs = Float64Array.from(series.flatMap((s) => Array.from(s.xs, Number)));
  const ys = Float64Array.from(series.flatMap((s) => Array.from(s.ys, (v) => (v === null ? NaN : Number(v)))));
  const flags = (key) => Uint8Array.from(series, (s) => (s[key] ? 1 : 0));
  const [mark] = marks;
  drawLines(canvas, title, xLabel, yLabel, series.map((s) => s.label), lengths, xs, ys, flags('faint'), flags('points'),
    flags('smooth'), xKind, logX, logY, yRange?.[0] ?? NaN, yRange?.[1] ?? NaN, mark?.x ?? NaN, mark?.label ?? '',
    t('chart.meanOf'), empty);
}
