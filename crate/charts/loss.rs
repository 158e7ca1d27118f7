//! Loss per iteration: the current run's raw mini-batch loss (light, noisy) and its moving
//! average (dark), over the moving averages of the runs kept for comparison.

use super::frame::{self, Axis, Dash, Entry, Layout, Scale, Swatch};
use super::ticks::{self, Kind};
use super::history::Run;
use super::{err, ChartLabels, DrawResult, History, RAW_COLOR, SMOOTH_COLOR};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most points drawn per series; more would not show on a chart a few hundred pixels wide.
const MAX_BUCKETS: usize = 1000;
/// The y axis never goes above this many nats (a learning network starts near ln 10 ≈ 2.3):
/// a diverging run is drawn along the top edge instead of flattening every other curve.
const LOSS_CAP: f64 = 10.0;

/// Envelope points of `values`, with y clamped to `top`.
fn clamped(values: &[f32], top: f64) -> Vec<(f64, f64)> {
    History::envelope(values, MAX_BUCKETS).into_iter().map(|(x, y)| (x, y.min(top))).collect()
}

/// Draws the loss chart on `area`. The y axis starts at 0 and ends just above the largest
/// finite loss (at most `LOSS_CAP`), so a diverging run is clamped to the chart instead of
/// stretching it to ∞. Iterations are counted on x (whole numbers only).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, history: &History, labels: &ChartLabels, scale: Scale) -> DrawResult {
    let kept: Vec<&Run> = history.kept().collect();
    let (losses, smoothed) = history.current().map_or((&[][..], &[][..]), |r| (&r.losses[..], &r.smoothed[..]));
    let n = losses.len();
    let kept_values = kept.iter().flat_map(|k| k.smoothed.iter());
    let y_max = losses.iter().chain(kept_values).filter(|v| v.is_finite()).fold(0.0f32, |m, &v| m.max(v)) as f64;
    let y_max = if y_max > 0.0 { y_max.min(LOSS_CAP) * 1.05 } else { 2.5 };
    let x_max = kept.iter().map(|k| k.smoothed.len()).fold(n, usize::max).max(10) as f64;

    // Kept runs first, so the current run is drawn on top of them.
    let mut legend: Vec<Entry> = kept
        .iter()
        .enumerate()
        .map(|(i, run)| Entry::new(run.label.clone(), Swatch::Line { color: kept_color(i), width: 2.0, dash: frame::dash(i + 1) }))
        .collect();
    if n > 0 {
        legend.push(Entry::new(labels.series[0].clone(), Swatch::Line { color: RAW_COLOR, width: 1.0, dash: Dash::Solid }));
        legend.push(Entry::new(labels.series[1].clone(), Swatch::Line { color: SMOOTH_COLOR, width: 2.0, dash: Dash::Solid }));
    }
    let x = Axis { kind: Kind::Integer, range: ticks::range(Kind::Integer, 0.0, x_max), title: &labels.x };
    let y = Axis { kind: Kind::Linear, range: (0.0, y_max), title: &labels.y };
    frame::draw(area, &labels.title, x, y, &legend, Layout::default(), scale, |chart| {
        for (i, run) in kept.iter().enumerate() {
            let style = frame::line(kept_color(i), 2.0, scale);
            frame::draw_line(chart, clamped(&run.smoothed, y_max), style, frame::dash(i + 1), scale)?;
        }
        if n > 0 {
            let raw = clamped(losses, y_max);
            chart.draw_series(LineSeries::new(raw, frame::line(RAW_COLOR, 1.0, scale))).map_err(err)?;
            let smooth = clamped(smoothed, y_max);
            chart.draw_series(LineSeries::new(smooth, frame::line(SMOOTH_COLOR, 2.0, scale))).map_err(err)?;
        }
        Ok(())
    })?;
    area.present().map_err(err)
}

/// Colour of kept run `i` (the current run's colours come first in the palette).
fn kept_color(i: usize) -> RGBColor {
    super::series::color(i + 2)
}
