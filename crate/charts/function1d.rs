//! The 1-D descent plot (§3.1): the curve f(x), the iterates (xₙ, f(xₙ)) joined in order, and
//! the tangent at the current point, whose slope f′(x) is what the next step uses.
//!
//! The y axis spans the curve over its domain; iterates of a diverging run are drawn on the
//! edge of the plot instead of stretching it. Returns the `PlotMapping` so a drag on the plot
//! can set the start point.

use super::contour::PlotMapping;
use super::{draw_legend, err};
use super::series::Titles;
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

/// Draws `curve` (points (x, f(x)) in x order), the `iterates` (x, f(x)) and the tangent.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curve: &[(f64, f64)],
    iterates: &[(f64, f64)],
    tangent: Option<Tangent>,
    labels: &Function1dLabels,
) -> Result<PlotMapping, String> {
    area.fill(&WHITE).map_err(err)?;
    let finite = || curve.iter().filter(|p| p.0.is_finite() && p.1.is_finite());
    let (x_lo, x_hi) = finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y_lo, y_hi) = finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let (x_lo, x_hi) = if x_lo < x_hi { (x_lo, x_hi) } else { (-1.0, 1.0) };
    let (y_lo, y_hi) = if y_lo < y_hi { (y_lo, y_hi) } else { (y_lo.min(0.0) - 1.0, y_hi.max(0.0) + 1.0) };
    let pad = 0.05 * (y_hi - y_lo);
    let (y_lo, y_hi) = (y_lo - pad, y_hi + pad);

    let mut chart = ChartBuilder::on(area)
        .caption(&labels.titles.title, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
        .map_err(err)?;
    let mapping = PlotMapping::of(&chart);
    chart
        .configure_mesh()
        .x_desc(&labels.titles.x)
        .y_desc(&labels.titles.y)
        .light_line_style(RGBColor(240, 240, 240))
        .draw()
        .map_err(err)?;

    chart
        .draw_series(LineSeries::new(finite().copied(), CURVE_COLOR.stroke_width(2)))
        .map_err(err)?
        .label(&labels.curve)
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], CURVE_COLOR.stroke_width(2)));

    if let Some(t) = tangent.filter(|t| t.x.is_finite() && t.f.is_finite() && t.slope.is_finite()) {
        // A segment of a fifth of the plot's width, shortened where it would leave the y range.
        let half = 0.1 * (x_hi - x_lo);
        let (mut a, mut b) = (-half, half);
        if t.slope != 0.0 {
            let lo = (y_lo - t.f) / t.slope;
            let hi = (y_hi - t.f) / t.slope;
            let (lo, hi) = (lo.min(hi), lo.max(hi));
            a = a.max(lo);
            b = b.min(hi);
        }
        if a < b {
            let line = [(t.x + a, t.f + t.slope * a), (t.x + b, t.f + t.slope * b)];
            chart
                .draw_series(LineSeries::new(line, TANGENT_COLOR.stroke_width(2)))
                .map_err(err)?
                .label(&labels.tangent)
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], TANGENT_COLOR.stroke_width(2)));
        }
    }

    if !iterates.is_empty() {
        let clamp = |&(x, y): &(f64, f64)| (x.clamp(x_lo, x_hi), if y.is_nan() { y_hi } else { y.clamp(y_lo, y_hi) });
        let pts: Vec<(f64, f64)> = iterates.iter().map(clamp).collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), ITERATE_COLOR.mix(0.6).stroke_width(1)))
            .map_err(err)?
            .label(&labels.iterates)
            .legend(|(x, y)| Circle::new((x + 9, y), 4, ITERATE_COLOR.filled()));
        chart.draw_series(pts.iter().map(|&p| Circle::new(p, 3, ITERATE_COLOR.filled()))).map_err(err)?;
        let current = *pts.last().expect("non-empty");
        chart.draw_series(std::iter::once(Circle::new(current, 6, ITERATE_COLOR.stroke_width(2)))).map_err(err)?;
    }

    draw_legend(&mut chart, SeriesLabelPosition::UpperMiddle)?;
    area.present().map_err(err)?;
    Ok(mapping)
}
