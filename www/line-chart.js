// A small canvas line chart for numbers the wasm computed: several series overlaid, a title,
// axis labels with units, a legend, linear or log10 axes, and vertical marks (h = 1e-4).
// Nothing is computed about the data here beyond placing it on the screen: when a series has
// more points than the plot has pixel columns, each column shows the range of its points as a
// light band and their middle as the line (a drawing reduction, so 50,000 noisy losses stay
// readable).

const FONT = "12px system-ui, -apple-system, 'Segoe UI', 'Noto Sans JP', sans-serif";
const TITLE_FONT = "600 14px system-ui, -apple-system, 'Segoe UI', 'Noto Sans JP', sans-serif";
const INK = '#1d2433';
const SOFT = '#586174';
const GRID = '#e8ecf3';
const AXIS = '#9aa3b5';
const PAD = { top: 34, right: 16, bottom: 46, left: 64 };
const LEGEND_ROW = 18;
const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** Distinct colours that stay apart for colour-blind readers (Okabe–Ito). */
export const SERIES_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];

const pow10Label = (k) => (k === 0 ? '1' : `10${String(k).split('').map((c) => SUPERSCRIPT[c]).join('')}`);

function niceStep(span, count) {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

function tickLabel(v, step) {
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  const s = Math.abs(v) >= 1e5 ? v.toExponential(1) : v.toFixed(decimals);
  return s.replace('-', '\u2212');
}

/** One axis: data → pixel, and its ticks. */
function makeAxis(lo, hi, log, p0, p1, tickCount) {
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const span = b - a || 1;
    const map = (v) => p0 + ((Math.log10(v) - a) / span) * (p1 - p0);
    const every = Math.max(1, Math.ceil((Math.floor(b) - Math.ceil(a) + 1) / tickCount));
    const ticks = [];
    for (let k = Math.ceil(a); k <= Math.floor(b); k += 1) {
      if (k % every === 0) ticks.push({ v: 10 ** k, label: pow10Label(k) });
    }
    return { map, ticks, valid: (v) => v > 0 && Number.isFinite(v) };
  }
  const span = hi - lo || 1;
  const map = (v) => p0 + ((v - lo) / span) * (p1 - p0);
  const step = niceStep(span, tickCount);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push({ v, label: tickLabel(v, step) });
  return { map, ticks, valid: Number.isFinite };
}

function extent(series, key, log, forced) {
  if (forced) return forced;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const v of s[key]) {
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return log ? [0.1, 1] : [0, 1];
  if (lo === hi) return log ? [lo / 10, hi * 10] : [lo - 1, hi + 1];
  if (log) return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
  return [lo, hi];
}

/** Draws points of one series; dense series become a min–max band with a middle line. */
function drawSeries(ctx, s, xa, ya, plot, color) {
  const pts = [];
  for (let i = 0; i < s.xs.length; i += 1) {
    const x = s.xs[i];
    const y = s.ys[i];
    if (xa.valid(x) && ya.valid(y)) pts.push([xa.map(x), Math.max(plot.top - 4, Math.min(plot.bottom + 4, ya.map(y)))]);
  }
  if (pts.length === 0) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top - 4, plot.right - plot.left, plot.bottom - plot.top + 8);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = s.width ?? 2;
  ctx.globalAlpha = s.alpha ?? 1;
  if (s.dash) ctx.setLineDash(s.dash);
  let line = pts;
  if (pts.length > 2 * (plot.right - plot.left)) {
    const cols = new Map();
    for (const [px, py] of pts) {
      const c = Math.round(px);
      const col = cols.get(c) ?? { lo: py, hi: py, sum: 0, n: 0 };
      col.lo = Math.min(col.lo, py);
      col.hi = Math.max(col.hi, py);
      col.sum += py;
      col.n += 1;
      cols.set(c, col);
    }
    ctx.globalAlpha = 0.18 * (s.alpha ?? 1);
    for (const [c, col] of cols) ctx.fillRect(c - 0.5, col.lo, 1, Math.max(1, col.hi - col.lo));
    ctx.globalAlpha = s.alpha ?? 1;
    line = [...cols].map(([c, col]) => [c, col.sum / col.n]);
  }
  if (line.length === 1 || s.points) {
    for (const [px, py] of line) {
      ctx.beginPath();
      ctx.arc(px, py, 3.2, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  if (line.length > 1) {
    ctx.beginPath();
    line.forEach(([px, py], i) => (i === 0 ? ctx.moveTo(px, py) : ctx.lineTo(px, py)));
    ctx.stroke();
  }
  ctx.restore();
}

/**
 * Draws the chart. options: { title, xLabel, yLabel, series: [{ label, xs, ys, color?, dash?,
 * points?, width?, alpha? }], logX, logY, xRange?, yRange?, marks: [{ x, label }], empty? } — `empty` is the text
 * shown when there is no data yet.
 */
export function drawLineChart(canvas, options) {
  const { title, xLabel, yLabel, series = [], logX = false, logY = false, marks = [], empty = '' } = options;
  const ctx = canvas.getContext('2d');
  const W = canvas.width;
  const H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  const legendRows = Math.ceil(series.length / Math.max(1, Math.floor((W - PAD.left) / 150)));
  const plot = { left: PAD.left, right: W - PAD.right, top: PAD.top + legendRows * LEGEND_ROW, bottom: H - PAD.bottom };
  const hasData = series.some((s) => s.xs.length > 0);
  const xs = extent(series, 'xs', logX, options.xRange);
  const ys = extent(series, 'ys', logY, options.yRange);
  const xa = makeAxis(xs[0], xs[1], logX, plot.left, plot.right, Math.max(3, Math.floor((plot.right - plot.left) / 90)));
  const ya = makeAxis(ys[0], ys[1], logY, plot.bottom, plot.top, Math.max(3, Math.floor((plot.bottom - plot.top) / 50)));

  ctx.font = TITLE_FONT;
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(title, W / 2, 8);

  // grid and tick labels
  ctx.font = FONT;
  ctx.lineWidth = 1;
  ctx.strokeStyle = GRID;
  ctx.fillStyle = SOFT;
  for (const tk of xa.ticks) {
    const px = Math.round(xa.map(tk.v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, plot.top);
    ctx.lineTo(px, plot.bottom);
    ctx.stroke();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(tk.label, px, plot.bottom + 5);
  }
  for (const tk of ya.ticks) {
    const py = Math.round(ya.map(tk.v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(plot.left, py);
    ctx.lineTo(plot.right, py);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(tk.label, plot.left - 6, py);
  }
  ctx.strokeStyle = AXIS;
  ctx.strokeRect(plot.left + 0.5, plot.top + 0.5, plot.right - plot.left, plot.bottom - plot.top);

  // axis labels
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(xLabel, (plot.left + plot.right) / 2, H - 6);
  ctx.save();
  ctx.translate(14, (plot.top + plot.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'top';
  ctx.fillText(yLabel, 0, -2);
  ctx.restore();

  for (const mark of marks) {
    if (!xa.valid(mark.x)) continue;
    const px = Math.round(xa.map(mark.x)) + 0.5;
    ctx.save();
    ctx.strokeStyle = '#7a3fd1';
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(px, plot.top);
    ctx.lineTo(px, plot.bottom);
    ctx.stroke();
    ctx.fillStyle = '#7a3fd1';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(mark.label, px + 4, plot.top + 4);
    ctx.restore();
  }

  series.forEach((s, i) => drawSeries(ctx, s, xa, ya, plot, s.color ?? SERIES_COLORS[i % SERIES_COLORS.length]));

  // legend, above the plot
  let lx = plot.left;
  let ly = PAD.top - 4;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  series.forEach((s, i) => {
    const width = 34 + ctx.measureText(s.label).width + 16;
    if (lx + width > plot.right && lx > plot.left) {
      lx = plot.left;
      ly += LEGEND_ROW;
    }
    ctx.strokeStyle = s.color ?? SERIES_COLORS[i % SERIES_COLORS.length];
    ctx.lineWidth = 3;
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    ctx.moveTo(lx, ly + 8);
    ctx.lineTo(lx + 24, ly + 8);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = INK;
    ctx.fillText(s.label, lx + 30, ly + 8);
    lx += width;
  });

  if (!hasData && empty) {
    ctx.fillStyle = SOFT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(empty, (plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2);
  }
}
