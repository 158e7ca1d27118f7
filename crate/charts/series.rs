//! A generic chart of several named lines on shared axes: loss per iteration for several
//! learning rates (§4.1), η(t) of the schedules (§4.4), both losses against the probability
//! of the correct class (§2), the mini-batch lab's runs (§5). Also the shared pieces of the
//! lesson charts: their titles and their colour palette.
//!
//! A diverging run must not flatten the others: values above the y clamp (and ±∞) are drawn
//! at the clamp, on the top edge, so the run visibly leaves the chart. NaN points are skipped.
//! The axes follow the data: a log axis reaches down to the smallest positive value drawn, and a
//! run that reaches 0 (no place on a log axis) runs along the bottom edge from a ▼ marked "0".
//! A noisy series can be drawn as its moving average over a faint band of its raw range.

use super::frame::{self, Axis, Dash, Entry, Layout, Scale, Swatch};
use super::history::min_max_buckets;
use super::ticks::{self, Kind};
use super::DrawResult;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Colours of successive series (and trajectories on the contour plot).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(25, 90, 170),
    RGBColor(220, 100, 20),
    RGBColor(40, 150, 60),
    RGBColor(200, 40, 50),
    RGBColor(130, 80, 180),
    RGBColor(140, 90, 60),
    RGBColor(210, 90, 170),
    RGBColor(90, 90, 90),
];

pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The words around a chart, already translated.
#[derive(Debug, Clone, Default)]
pub struct Titles {
    pub title: String,
    pub x: String,
    pub y: String,
}

/// One line: points (x, y) in x order, a legend label, and optionally one point to mark
/// (the slider's current p, say).
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub marker: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Plot log₁₀ y (axis labelled 10⁻³, 10⁰, …), unless a value is below 0 (then linear).
    pub log_y: bool,
    /// Top of the y axis at most: larger values (and +∞) are drawn here.
    pub y_clamp: Option<f64>,
    /// Plot log₁₀ x (points with x ≤ 0 are left out).
    pub log_x: bool,
    /// Fixed y axis (data units, before any log); values outside are drawn on its edges.
    pub y_range: Option<(f64, f64)>,
    /// A vertical dashed line at this x (the book's h = 1e-4, say).
    pub x_mark: Option<f64>,
    /// What x counts when it is not logarithmic: iterations (`Integer`), seconds, or a real.
    pub x_kind: Kind,
    /// Canvas pixels per CSS pixel.
    pub scale: Scale,
}

/// How one line is drawn, beyond its colour and dash pattern.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct LineStyle {
    /// Thin and pale, drawn under the others.
    pub faint: bool,
    /// A dot at every point (few, meaningful points such as one per h).
    pub dots: bool,
    /// Noisy: its moving average over a faint min–max band of the raw values.
    pub smooth: bool,
}

/// Words a chart may need besides its titles, already translated.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// Label of `Options::x_mark`.
    pub mark: String,
    /// Added to a smoothed series' legend label, "{n}" standing for the window: "mean of {n}".
    pub mean_of: String,
    /// Written in the middle of a chart with no points yet.
    pub empty: String,
}

/// Moving-average window for a noisy series of `n` points: about 1/60 of it, so the smoothed
/// line keeps the shape of the run whatever its length.
pub fn smoothing_window(n: usize) -> usize {
    (n as f64 / 60.0).round() as usize
}
/// Below this window a series is drawn as it is.
const MIN_WINDOW: usize = 3;
/// Buckets of a smoothed series' band, and most points drawn of any line (a chart a few hundred
/// pixels wide cannot show more; longer lines keep each bucket's extremes).
const BUCKETS: usize = 500;

/// Centred moving average of `values` over `window` points (fewer at the ends), of the finite
/// values only; NaN where a window holds none.
pub fn moving_average(values: &[f64], window: usize) -> Vec<f64> {
    let mut sum = vec![0.0; values.len() + 1];
    let mut count = vec![0usize; values.len() + 1];
    for (i, &v) in values.iter().enumerate() {
        let ok = v.is_finite();
        sum[i + 1] = sum[i] + if ok { v } else { 0.0 };
        count[i + 1] = count[i] + ok as usize;
    }
    let half = window / 2;
    (0..values.len())
        .map(|i| {
            let (a, b) = (i.saturating_sub(half), (i + window - half).min(values.len()));
            let n = count[b] - count[a];
            if n == 0 { f64::NAN } else { (sum[b] - sum[a]) / n as f64 }
        })
        .collect()
}

/// The raw range of a noisy line: (x at the bucket's middle, lowest, highest) per bucket of
/// consecutive points (non-finite values ignored; empty buckets left out).
fn band(points: &[(f64, f64)], buckets: usize) -> Vec<(f64, f64, f64)> {
    let size = points.len().div_ceil(buckets.max(1)).max(1);
    points
        .chunks(size)
        .filter_map(|c| {
            let ys = c.iter().map(|p| p.1).filter(|v| v.is_finite());
            let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
            (lo <= hi).then(|| ((c[0].0 + c[c.len() - 1].0) / 2.0, lo, hi))
        })
        .collect()
}

/// Every `k`-th point of a smooth line (and the last), at most about `max` of them.
fn thin(points: Vec<(f64, f64)>, max: usize) -> Vec<(f64, f64)> {
    if points.len() <= max {
        return points;
    }
    let k = points.len().div_ceil(max);
    let last = *points.last().expect("non-empty");
    let mut out: Vec<(f64, f64)> = points.into_iter().step_by(k).collect();
    if out.last() != Some(&last) {
        out.push(last);
    }
    out
}

/// Draws `series` on `area`, each in `color(i)`, with a legend.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[Series],
    titles: &Titles,
    options: Options,
) -> DrawResult {
    draw_styled(area, series, &[], titles, options, &Words::default())
}

/// One series as it will be drawn: its line, its band if smoothed, and its legend words.
struct Prepared {
    line: Vec<(f64, f64)>,
    band: Vec<(f64, f64, f64)>,
    marker: Option<(f64, f64)>,
    label: String,
}

/// `draw` with a style per line (missing styles are plain) and the extra words.
pub fn draw_styled<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[Series],
    styles: &[LineStyle],
    titles: &Titles,
    options: Options,
    words: &Words,
) -> DrawResult {
    let scale = options.scale;
    // On a log x axis the points are placed at log₁₀ x.
    let log_x = options.log_x;
    let x_of = move |x: f64| if log_x { if x > 0.0 { x.log10() } else { f64::NAN } } else { x };
    let style_of = |i: usize| styles.get(i).copied().unwrap_or_default();
    let prepared: Vec<Prepared> = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let points: Vec<(f64, f64)> = s.points.iter().map(|&(x, y)| (x_of(x), y)).filter(|p| !p.0.is_nan()).collect();
            let window = smoothing_window(points.len());
            let marker = s.marker.map(|(x, y)| (x_of(x), y));
            if style_of(i).smooth && window >= MIN_WINDOW {
                let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
                let mean = moving_average(&ys, window);
                let line = thin(points.iter().zip(mean).map(|(p, m)| (p.0, m)).collect(), 2 * BUCKETS);
                let mean_of = words.mean_of.replace("{n}", &window.to_string());
                let label = if s.label.is_empty() || mean_of.is_empty() { s.label.clone() } else { format!("{} ({mean_of})", s.label) };
                Prepared { band: band(&points, BUCKETS), line, marker, label }
            } else {
                let line = if points.len() > 4 * BUCKETS {
                    min_max_buckets(points.len(), |k| points[k], 2 * BUCKETS)
                } else {
                    points // short lines keep every point, NaN gaps included
                };
                Prepared { band: Vec::new(), line, marker, label: s.label.clone() }
            }
        })
        .collect();

    // Lines and markers set the y axis; a band may stretch it only so far (its extremes are
    // single noisy batches: on a log axis a batch of one can reach 10⁻⁷ while every mean stays
    // near 1), and is cut at the axis beyond that.
    let values = || prepared.iter().flat_map(|p| p.line.iter().map(|q| q.1).chain(p.marker.map(|m| m.1)));
    let band_values = || prepared.iter().flat_map(|p| p.band.iter().flat_map(|b| [b.1, b.2]));
    let xs = || prepared.iter().flat_map(|p| p.line.iter().map(|q| q.0)).filter(|v| v.is_finite());
    let (x_min, x_max) = xs().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let x_kind = if log_x { Kind::Log } else { options.x_kind };
    let (x_min, x_max) = if log_x && x_min <= x_max { (x_min.floor(), x_max.ceil()) } else { (x_min, x_max) };
    let x_range = ticks::range(x_kind, x_min, x_max);
    let any_point = values().any(|v| !v.is_nan()) || band_values().any(|v| !v.is_nan());

    // The y range: the data's, within the clamp and the fixed range if any.
    let finite = || values().filter(|v| v.is_finite());
    let (line_min, line_max) = finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let (band_min, band_max) =
        band_values().filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let reach = |line: f64, band: f64, most: f64| if band.is_finite() && line.is_finite() { band.min(most) } else { line };
    let data_max = line_max.max(reach(line_max, band_max, line_max + 0.5 * line_max.abs()));
    let data_min = line_min.min(reach(line_min, band_min, line_min - 0.5 * line_min.abs()));
    let clamp = options.y_clamp.filter(|c| c.is_finite());
    let over = values().any(|v| v == f64::INFINITY) || clamp.is_some_and(|c| data_max > c);
    let fixed = options.y_range.filter(|(lo, hi)| lo < hi);
    // (bottom, top) in data units, and whether the top is a clamp (no padding above it).
    let (bottom, top, clamped) = match fixed {
        Some((lo, hi)) => (lo, hi, true),
        None => {
            let top = if over { clamp.unwrap_or(data_max) } else { data_max };
            let top = clamp.map_or(top, |c| top.min(c));
            (data_min, top, over)
        }
    };
    // A log axis cannot show a value below 0 (a saddle's loss goes to −∞): it would draw every
    // such curve flat along the bottom edge, all alike. Such data gets a linear axis. (A value
    // of exactly 0, a run that lands on the minimum, stays on the log axis's bottom edge.)
    let log_y = options.log_y && !finite().any(|v| v < 0.0);
    let (y_axis, floor, top): ((f64, f64), f64, f64) = if log_y {
        let line_positive = finite().filter(|v| *v > 0.0).fold(f64::INFINITY, f64::min);
        let band_positive = band_values().filter(|v| v.is_finite() && *v > 0.0).fold(f64::INFINITY, f64::min);
        let smallest_positive = if line_positive.is_finite() { line_positive.min(band_positive.max(line_positive / 100.0)) } else { band_positive };
        let top = if top > 0.0 && top.is_finite() { top } else { smallest_positive.max(1.0) };
        let lowest = match fixed {
            Some((lo, _)) if lo > 0.0 => lo,
            _ if smallest_positive.is_finite() => smallest_positive.min(top),
            _ => top / 10.0,
        };
        let (lo, hi) = ticks::range(Kind::Log, lowest.log10().floor(), top.log10().ceil().max(lowest.log10().floor()));
        // Below the lowest decade (a run at 0, a band's far tail) is the bottom edge.
        let floor = if fixed.is_some() { lowest } else { 10f64.powf(lo) };
        ((lo, hi), floor, top)
    } else if any_point || fixed.is_some() {
        // (A fixed range holds before any data: an empty accuracy chart reads 0–100 under its
        // "%" title, not 0–1.)
        let low = if fixed.is_some() { bottom } else { bottom.min(0.0) };
        let (low, high) = ticks::range(Kind::Linear, low, top.max(low));
        let high = if clamped { high } else { high + 0.05 * (high - low) };
        ((low, high), low, high)
    } else {
        ((0.0, 1.0), 0.0, 1.0)
    };
    // Screen y of a data value: clamped into the axis, then log₁₀ on the log scale.
    let to_screen = move |v: f64| {
        if v.is_nan() {
            f64::NAN
        } else if log_y {
            v.clamp(floor, top).log10()
        } else {
            v.clamp(floor, top)
        }
    };

    let legend: Vec<Entry> = prepared
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.label.is_empty() && (p.line.iter().any(|q| !q.1.is_nan()) || p.marker.is_some()))
        .map(|(i, p)| {
            let (c, dash) = (color(i), frame::dash(i));
            let swatch = if !p.band.is_empty() {
                Swatch::Band { color: c, dash }
            } else if style_of(i).faint {
                Swatch::Line { color: frame::pale(c, 0.45), width: 1.0, dash }
            } else {
                Swatch::Line { color: c, width: 2.0, dash }
            };
            Entry::new(p.label.clone(), swatch)
        })
        .collect();

    let x_axis = Axis { kind: x_kind, range: x_range, title: &titles.x };
    let y_axis = Axis { kind: if log_y { Kind::Log } else { Kind::Linear }, range: y_axis, title: &titles.y };
    frame::draw(area, &titles.title, x_axis, y_axis, &legend, Layout::default(), scale, |chart| {
        let (lo, hi) = y_axis.range;
        if !any_point && !words.empty.is_empty() {
            // The words in the middle of the plot, in as many lines as its width needs.
            let style = scale.font(13.0).color(&RGBColor(110, 115, 125)).pos(Pos::new(HPos::Center, VPos::Center));
            let width = chart.plotting_area().dim_in_pixel().0 as f64;
            let lines = ticks::wrap(&words.empty, 0.85 * width, scale.px(13.0));
            let centre = ((x_range.0 + x_range.1) / 2.0, (lo + hi) / 2.0);
            let step = scale.px(18.0);
            for (k, text) in lines.iter().enumerate() {
                let dy = ((k as f64 - (lines.len() - 1) as f64 / 2.0) * step).round() as i32;
                let at = EmptyElement::at(centre) + Text::new(text.clone(), (0, dy), style.clone());
                chart.draw_series(std::iter::once(at)).map_err(super::err)?;
            }
        }
        if let Some(mark) = options.x_mark.map(x_of).filter(|m| m.is_finite() && (x_range.0..=x_range.1).contains(m)) {
            let violet = RGBColor(120, 90, 200);
            frame::draw_line(chart, vec![(mark, lo), (mark, hi)], frame::line(violet, 1.0, scale), Dash::Dashed { dash: 6.0, gap: 4.0 }, scale)?;
            let style = scale.font(12.0).color(&violet).pos(Pos::new(HPos::Left, VPos::Top));
            let at = EmptyElement::at((mark, hi)) + Text::new(words.mark.clone(), (scale.i(4.0), scale.i(2.0)), style);
            chart.draw_series(std::iter::once(at)).map_err(super::err)?;
        }
        // Bands first, then faint lines, so the others are drawn over them.
        for (i, p) in prepared.iter().enumerate().filter(|(_, p)| !p.band.is_empty()) {
            let upper = p.band.iter().map(|b| (b.0, to_screen(b.2)));
            let lower = p.band.iter().rev().map(|b| (b.0, to_screen(b.1)));
            let outline: Vec<(f64, f64)> = upper.chain(lower).collect();
            chart.draw_series(std::iter::once(Polygon::new(outline, color(i).mix(0.16).filled()))).map_err(super::err)?;
        }
        // Faint lines at the bottom, then solid ones, dashed ones on top: where two runs overlap,
        // the solid one shows through the dashes.
        let key = |i: usize| (!style_of(i).faint, frame::dash(i) != Dash::Solid);
        let order = crate::order::order_by(prepared.len(), &|a, b| key(a).cmp(&key(b)));
        for i in order {
            let p = &prepared[i];
            let style = style_of(i);
            let c = color(i);
            let line = if style.faint { c.mix(0.45).stroke_width(scale.stroke(1.0)) } else { c.stroke_width(scale.stroke(2.0)) };
            // NaN splits the line: draw each run of non-NaN points as its own polyline.
            let screen: Vec<(f64, f64)> = p.line.iter().map(|&(x, y)| (x, to_screen(y))).collect();
            for part in screen.split(|q| q.1.is_nan()).filter(|q| !q.is_empty()) {
                if style.dots {
                    chart.draw_series(part.iter().map(|&q| Circle::new(q, scale.i(3.0), c.filled()))).map_err(super::err)?;
                }
                frame::draw_line(chart, part.to_vec(), line, frame::dash(i), scale)?;
            }
            if let Some((mx, my)) = p.marker {
                let my = to_screen(my);
                if my.is_finite() {
                    chart.draw_series(std::iter::once(Circle::new((mx, my), scale.i(5.0), c.filled()))).map_err(super::err)?;
                }
            }
            // Where a run first falls below the axis (0 on a log axis), a ▼ on the bottom edge.
            let below = p.line.iter().find(|q| q.1.is_finite() && (q.1 < floor || (log_y && q.1 <= 0.0)));
            if let Some(&(bx, by)) = below.filter(|_| log_y || fixed.is_some()) {
                let (w, h) = (scale.i(5.0), scale.i(8.0));
                let mark = EmptyElement::at((bx, lo)) + Polygon::new(vec![(-w, -h), (w, -h), (0, 0)], c.filled());
                chart.draw_series(std::iter::once(mark)).map_err(super::err)?;
                if by == 0.0 {
                    let style = scale.font(11.0).color(&c).pos(Pos::new(HPos::Left, VPos::Bottom));
                    let zero = EmptyElement::at((bx, lo)) + Text::new("0".to_string(), (w + scale.i(2.0), -scale.i(2.0)), style);
                    chart.draw_series(std::iter::once(zero)).map_err(super::err)?;
                }
            }
        }
        Ok(())
    })?;
    area.present().map_err(super::err)
}
