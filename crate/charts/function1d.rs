//! The 1-D descent plot (§3.1): the curve f(x), the iterates (xₙ, f(xₙ)) joined in order, and
//! the tangent at the current point, whose slope f′(x) is what the next step uses.
//!
//! The y axis spans the curve over its domain; iterates of a diverging run are drawn on the
//! edge of the plot instead of stretching it. Returns the `PlotMapping` so a drag on the plot
//! can set the start point.

use super::contour::PlotMapping;
use super::err;
use super::frame::{self, Axis, Dash, Entry, Layout, Scale, Swatch};
use super::series::Titles;
use super::ticks::Kind;
use plotters::coord::Shift;
use plotters::prelude::*;

const CURVE_COLOR: RGBColor = RGBColor(25, 90, 170);
const ITERATE_COLOR: RGBColor = RGBColor(220, 100, 20);
const TANGENT_COLOR: RGBColor = RGBColor(40, 150, 60);

/// The words on the chart, already translated.
#[derive(Debug, Clone, Default)]
pub struct Function1dLabels {
    pub titles: Titles,
    pub curve: String,
    pub iterates: String,
    pub tangent: String,
}

/// The tangent line at x: y = f + slope·(t − x).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tangent {
    pub x: f64,
    pub f: f64,
    pub slope: f64,
}

fn finite_points(curve: &[(f64, f64)]) -> impl Iterator<Item = &(f64, f64)> {
    curve.iter().filter(|p| p.0.is_finite() && p.1.is_finite())
}

/// The plot's x and y ranges: the curve's finite points, y padded by 5 % on each side.
fn ranges(curve: &[(f64, f64)]) -> ((f64, f64), (f64, f64)) {
    let (x_lo, x_hi) = finite_points(curve).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y_lo, y_hi) = finite_points(curve).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let (x_lo, x_hi) = if x_lo < x_hi { (x_lo, x_hi) } else { (-1.0, 1.0) };
    let (y_lo, y_hi) = if y_lo < y_hi { (y_lo, y_hi) } else { (y_lo.min(0.0) - 1.0, y_hi.max(0.0) + 1.0) };
    let pad = 0.05 * (y_hi - y_lo);
    ((x_lo, x_hi), (y_lo - pad, y_hi + pad))
}

/// Draws `curve` (points (x, f(x)) in x order), the `iterates` (x, f(x)) and the tangent.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curve: &[(f64, f64)],
    iterates: &[(f64, f64)],
    tangent: Option<Tangent>,
    labels: &Function1dLabels,
    scale: Scale,
) -> Result<PlotMapping, String> {
    let finite = || finite_points(curve);
    let ((x_lo, x_hi), (y_lo, y_hi)) = ranges(curve);

    // The part of the tangent inside the plot: a fifth of its width around x, cut at the y range.
    let tangent_line = tangent.filter(|t| t.x.is_finite() && t.f.is_finite() && t.slope.is_finite()).and_then(|t| {
        let half = 0.1 * (x_hi - x_lo);
        let (mut a, mut b) = (-half, half);
        if t.slope != 0.0 {
            let lo = (y_lo - t.f) / t.slope;
            let hi = (y_hi - t.f) / t.slope;
            a = a.max(lo.min(hi));
            b = b.min(lo.max(hi));
        }
        (a < b).then(|| vec![(t.x + a, t.f + t.slope * a), (t.x + b, t.f + t.slope * b)])
    });

    let mut legend = vec![Entry::new(labels.curve.clone(), Swatch::Line { color: CURVE_COLOR, width: 2.0, dash: Dash::Solid })];
    if tangent_line.is_some() {
        legend.push(Entry::new(labels.tangent.clone(), Swatch::Line { color: TANGENT_COLOR, width: 2.0, dash: frame::dash(1) }));
    }
    if !iterates.is_empty() {
        legend.push(Entry::new(labels.iterates.clone(), Swatch::Dot(ITERATE_COLOR)));
    }
    legend.retain(|e| !e.label.is_empty());

    let x = Axis { kind: Kind::Linear, range: (x_lo, x_hi), title: &labels.titles.x };
    let y = Axis { kind: Kind::Linear, range: (y_lo, y_hi), title: &labels.titles.y };
    let mapping = frame::draw(area, &labels.titles.title, x, y, &legend, Layout::default(), scale, |chart| {
        let mapping = PlotMapping::of(chart);
        let style = frame::line(CURVE_COLOR, 2.0, scale);
        chart.draw_series(LineSeries::new(finite().copied(), style)).map_err(err)?;
        if let Some(line) = tangent_line {
            frame::draw_line(chart, line, frame::line(TANGENT_COLOR, 2.0, scale), frame::dash(1), scale)?;
        }
        if !iterates.is_empty() {
            let clamp = |&(x, y): &(f64, f64)| (x.clamp(x_lo, x_hi), if y.is_nan() { y_hi } else { y.clamp(y_lo, y_hi) });
            let pts: Vec<(f64, f64)> = iterates.iter().map(clamp).collect();
            chart.draw_series(LineSeries::new(pts.clone(), ITERATE_COLOR.mix(0.6).stroke_width(scale.stroke(1.0)))).map_err(err)?;
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, scale.i(3.0), ITERATE_COLOR.filled()))).map_err(err)?;
            let current = *pts.last().expect("non-empty");
            let ring = Circle::new(current, scale.i(6.0), ITERATE_COLOR.stroke_width(scale.stroke(2.0)));
            chart.draw_series(std::iter::once(ring)).map_err(err)?;
        }
        Ok(mapping)
    })?;
    area.present().map_err(err)?;
    Ok(mapping)
}

// ───────────────────────────── several descents on one curve (§1) ─────────────────────────────

/// How the n-th descent of `draw_descents` is drawn: Okabe–Ito colours (told apart with
/// colour-blind eyes too) and a different marker each, so shape alone also tells them apart.
pub const PATH_STYLES: [(RGBColor, Marker); 3] = [
    (RGBColor(213, 94, 0), Marker::Dot),
    (RGBColor(0, 114, 178), Marker::Triangle),
    (RGBColor(0, 158, 115), Marker::Cross),
];
/// The landscape under the descents, neutral so the paths' colours stand out.
const LANDSCAPE_COLOR: RGBColor = RGBColor(90, 90, 90);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Dot,
    Triangle,
    Cross,
}

impl Marker {
    pub fn name(self) -> &'static str {
        match self {
            Marker::Dot => "dot",
            Marker::Triangle => "triangle",
            Marker::Cross => "cross",
        }
    }
    fn swatch(self, color: RGBColor) -> Swatch {
        match self {
            Marker::Dot => Swatch::Dot(color),
            Marker::Triangle => Swatch::Triangle(color),
            Marker::Cross => Swatch::Cross(color),
        }
    }
}

/// One descent: its legend label and its iterates (x, f(x)) from the start.
#[derive(Debug, Clone, PartialEq)]
pub struct Descent {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// Draws `curve` and each descent in `PATH_STYLES` order (the n-th descent in the n-th style,
/// at most three): its iterates joined, a marker on each, a ring on where it ends; a legend
/// names the curve and each descent. Returns the mapping, so a click can add a start.
pub fn draw_descents<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curve: &[(f64, f64)],
    descents: &[Descent],
    titles: &Titles,
    curve_label: &str,
    scale: Scale,
) -> Result<PlotMapping, String> {
    let ((x_lo, x_hi), (y_lo, y_hi)) = ranges(curve);
    let styled: Vec<(&Descent, (RGBColor, Marker))> = descents.iter().zip(PATH_STYLES).collect();
    let mut legend = vec![Entry::new(curve_label, Swatch::Line { color: LANDSCAPE_COLOR, width: 2.0, dash: Dash::Solid })];
    legend.extend(styled.iter().map(|(d, (color, marker))| Entry::new(d.label.clone(), marker.swatch(*color))));
    legend.retain(|e| !e.label.is_empty());

    let x = Axis { kind: Kind::Linear, range: (x_lo, x_hi), title: &titles.x };
    let y = Axis { kind: Kind::Linear, range: (y_lo, y_hi), title: &titles.y };
    let mapping = frame::draw(area, &titles.title, x, y, &legend, Layout::default(), scale, |chart| {
        let mapping = PlotMapping::of(chart);
        chart.draw_series(LineSeries::new(finite_points(curve).copied(), frame::line(LANDSCAPE_COLOR, 2.0, scale))).map_err(err)?;
        let clamp = |&(x, y): &(f64, f64)| (x.clamp(x_lo, x_hi), if y.is_nan() { y_hi } else { y.clamp(y_lo, y_hi) });
        let mut ends = Vec::new();
        for (descent, (color, marker)) in &styled {
            let pts: Vec<(f64, f64)> = descent.points.iter().map(clamp).collect();
            let Some(&end) = pts.last() else { continue };
            ends.push((end, *color));
            chart.draw_series(LineSeries::new(pts.clone(), color.mix(0.7).stroke_width(scale.stroke(1.5)))).map_err(err)?;
            match marker {
                Marker::Dot => chart.draw_series(pts.iter().map(|&p| Circle::new(p, scale.i(3.5), color.filled()))),
                Marker::Triangle => chart.draw_series(pts.iter().map(|&p| TriangleMarker::new(p, scale.i(5.0), color.filled()))),
                Marker::Cross => chart.draw_series(pts.iter().map(|&p| Cross::new(p, scale.i(4.0), color.stroke_width(scale.stroke(2.0))))),
            }
            .map_err(err)?;
        }
        // Rings on where each descent ends, over every path so a later one cannot hide them.
        let rings = ends.into_iter().map(|(end, color)| Circle::new(end, scale.i(8.0), color.stroke_width(scale.stroke(2.5))));
        chart.draw_series(rings).map_err(err)?;
        Ok(mapping)
    })?;
    area.present().map_err(err)?;
    Ok(mapping)
}
