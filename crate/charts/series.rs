//! A generic chart of several named lines on shared axes: loss per iteration for several
//! learning rates (§4.1), η(t) of the schedules (§4.4), both losses against the probability
//! of the correct class (§2). Also the shared pieces of the lesson charts: their titles and
//! their colour palette.
//!
//! A diverging run must not flatten the others: values above the y clamp (and ±∞) are drawn
//! at the clamp, on the top edge, so the run visibly leaves the chart. NaN points are skipped.
//! On the log scale, values at or below the floor (0 included) are drawn at the floor.

use super::{draw_legend, err, DrawResult};
use plotters::coord::Shift;
use plotters::prelude::*;

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
    /// Plot log₁₀ y (axis labelled 1e-3, 1e0, …).
    pub log_y: bool,
    /// Top of the y axis: larger values are drawn here. None: the largest finite value.
    pub y_clamp: Option<f64>,
    /// Plot log₁₀ x (points with x ≤ 0 are left out).
    pub log_x: bool,
    /// Fixed y axis (data units, before any log); values outside are drawn on its edges.
    pub y_range: Option<(f64, f64)>,
    /// A vertical dashed line at this x (the book's h = 1e-4, say).
    pub x_mark: Option<f64>,
}

/// How one line is drawn, beyond its colour.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineStyle {
    /// Thin and pale, drawn under the others (a very noisy curve such as batch size 1).
    pub faint: bool,
    /// A dot at every point (few, meaningful points such as one per h).
    pub dots: bool,
}

/// Below this fraction of the top, the log scale stops (a run that reaches exactly 0
/// would otherwise need an axis down to −∞).
const LOG_DECADES: f64 = 15.0;

/// Decimals for tick labels on an axis spanning `span`: 18 → "18", 1 → "0.5", 0.1 → "0.05".
pub fn decimals(span: f64) -> usize {
    if span.is_finite() && span > 0.0 {
        ((1.0 - span.log10().ceil()).max(0.0) as usize).min(6)
    } else {
        2
    }
}

/// Draws `series` on `area`, each in `color(i)`, with a legend.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[Series],
    titles: &Titles,
    options: Options,
) -> DrawResult {
    draw_styled(area, series, &[], titles, options, "")
}

/// `draw` with a style per line (missing styles are plain) and the label of `options.x_mark`.
pub fn draw_styled<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[Series],
    styles: &[LineStyle],
    titles: &Titles,
    options: Options,
    mark_label: &str,
) -> DrawResult {
    area.fill(&WHITE).map_err(err)?;
    // On a log x axis the points are placed at log₁₀ x.
    let log_x = options.log_x;
    let x_of = move |x: f64| if log_x { if x > 0.0 { x.log10() } else { f64::NAN } } else { x };
    let series: Vec<Series> = series
        .iter()
        .map(|s| Series { points: s.points.iter().map(|&(x, y)| (x_of(x), y)).collect(), marker: s.marker.map(|(x, y)| (x_of(x), y)), label: s.label.clone() })
        .collect();
    let series = series.as_slice();
    let values = || series.iter().flat_map(|s| s.points.iter().map(|p| p.1).chain(s.marker.map(|m| m.1)));
    let finite_max = values().filter(|v| v.is_finite()).fold(f64::NEG_INFINITY, f64::max);
    let finite_min = values().filter(|v| v.is_finite()).fold(f64::INFINITY, f64::min);
    let x_min = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let x_max = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let (x_min, x_max) = if x_min < x_max { (x_min, x_max) } else { (0.0, 1.0) };

    let (finite_min, finite_max) = match options.y_range {
        Some((lo, hi)) if lo < hi => (lo, hi),
        _ => (finite_min, finite_max),
    };
    let top = options.y_clamp.filter(|c| c.is_finite()).unwrap_or(finite_max);
    // Screen y of a data value: clamped into [bottom, top], then log₁₀ on the log scale.
    let (lo, hi, to_screen): (f64, f64, Box<dyn Fn(f64) -> f64>) = if options.log_y {
        let smallest_positive = values().filter(|v| v.is_finite() && *v > 0.0).fold(f64::INFINITY, f64::min);
        let top = if top > 0.0 { top } else { 1.0 };
        let floor = match options.y_range {
            Some((lo, hi)) if lo > 0.0 && lo < hi => lo,
            _ => smallest_positive.min(top).max(top * 10f64.powf(-LOG_DECADES)),
        };
        let (lo, hi) = (floor.log10().floor(), top.log10().ceil().max(floor.log10().floor() + 1.0));
        (lo, hi, Box::new(move |v: f64| if v.is_nan() { f64::NAN } else { v.clamp(floor, top).log10() }))
    } else {
        let bottom = if finite_min.is_finite() { finite_min.min(0.0) } else { 0.0 };
        let top = if top > bottom { top } else { bottom + 1.0 };
        let pad = 0.05 * (top - bottom);
        let upper = if options.y_clamp.is_some() { top } else { top + pad };
        (bottom, upper, Box::new(move |v: f64| if v.is_nan() { f64::NAN } else { v.clamp(bottom, upper) }))
    };

    let mut chart = ChartBuilder::on(area)
        .caption(&titles.title, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(x_min..x_max, lo..hi)
        .map_err(err)?;
    let log_y = options.log_y;
    let (x_decimals, y_decimals) = (decimals(x_max - x_min), decimals(hi - lo));
    chart
        .configure_mesh()
        .x_desc(&titles.x)
        .y_desc(&titles.y)
        .light_line_style(RGBColor(240, 240, 240))
        .x_label_formatter(&|v| if log_x { format!("1e{v:.0}") } else { format!("{v:.x_decimals$}") })
        .y_label_formatter(&|v| if log_y { format!("1e{v:.0}") } else { format!("{v:.y_decimals$}") })
        .draw()
        .map_err(err)?;

    if let Some(mark) = options.x_mark.map(x_of).filter(|m| m.is_finite() && (x_min..=x_max).contains(m)) {
        let grey = RGBColor(120, 90, 200);
        chart
            .draw_series(DashedLineSeries::new(vec![(mark, lo), (mark, hi)], 6, 4, grey.stroke_width(1)))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Text::new(mark_label.to_string(), (mark, hi), ("sans-serif", 13).into_font().color(&grey))))
            .map_err(err)?;
    }
    // Faint lines first, so the others are drawn over them.
    let mut order: Vec<usize> = (0..series.len()).collect();
    order.sort_by_key(|&i| !styles.get(i).is_some_and(|st| st.faint));
    for i in order {
        let s = &series[i];
        let style = styles.get(i).copied().unwrap_or_default();
        let c = color(i);
        let line = if style.faint { c.mix(0.45).stroke_width(1) } else { c.stroke_width(2) };
        // NaN splits the line: draw each run of non-NaN points as its own polyline.
        let screen: Vec<(f64, f64)> = s.points.iter().map(|&(x, y)| (x, to_screen(y))).collect();
        let parts = screen.split(|p| p.1.is_nan()).filter(|p| !p.is_empty());
        let mut labelled = false;
        for part in parts {
            if style.dots {
                chart.draw_series(part.iter().map(|&p| Circle::new(p, 3, c.filled()))).map_err(err)?;
            }
            let drawn = chart.draw_series(LineSeries::new(part.to_vec(), line)).map_err(err)?;
            if !labelled {
                drawn
                    .label(&s.label)
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
                labelled = true;
            }
        }
        if let Some((mx, my)) = s.marker {
            let my = to_screen(my);
            if my.is_finite() {
                chart.draw_series(std::iter::once(Circle::new((mx, my), 5, c.filled()))).map_err(err)?;
            }
        }
    }
    if series.iter().any(|s| !s.label.is_empty()) {
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    }
    area.present().map_err(err)
}
