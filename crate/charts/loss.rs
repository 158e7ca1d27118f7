//! Loss per iteration: the raw mini-batch loss (light, noisy) and its moving average (dark).

use super::{draw_legend, err, ChartLabels, DrawResult, History, RAW_COLOR, SMOOTH_COLOR};
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
/// stretching it to ∞.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, history: &History, labels: &ChartLabels) -> DrawResult {
    area.fill(&WHITE).map_err(err)?;
    let n = history.losses.len();
    let kept_values = history.kept.iter().flat_map(|k| k.smoothed.iter());
    let y_max = history.losses.iter().chain(kept_values).filter(|v| v.is_finite()).fold(0.0f32, |m, &v| m.max(v)) as f64;
    let y_max = if y_max > 0.0 { y_max.min(LOSS_CAP) * 1.05 } else { 2.5 };
    let x_max = history.kept.iter().map(|k| k.smoothed.len()).fold(n, usize::max).max(10) as f64;

    let mut chart = ChartBuilder::on(area)
        .caption(&labels.title, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(0f64..x_max, 0f64..y_max)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(&labels.x)
        .y_desc(&labels.y)
        .light_line_style(RGBColor(240, 240, 240))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.2}"))
        .draw()
        .map_err(err)?;
    // Kept runs first, so the current run is drawn on top of them.
    for (i, run) in history.kept.iter().enumerate() {
        let color = super::series::color(i + 2);
        chart
            .draw_series(LineSeries::new(clamped(&run.smoothed, y_max), color.stroke_width(2)))
            .map_err(err)?
            .label(&run.label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2)));
    }
    if n == 0 {
        // Only kept runs (or nothing): no legend entries for an empty current run.
        return draw_legend(&mut chart, SeriesLabelPosition::UpperRight).and_then(|_| area.present().map_err(err));
    }
    let raw = clamped(&history.losses, y_max);
    chart
        .draw_series(LineSeries::new(raw, RAW_COLOR.stroke_width(1)))
        .map_err(err)?
        .label(&labels.series[0])
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RAW_COLOR.stroke_width(2)));
    let smooth = clamped(&history.smoothed, y_max);
    chart
        .draw_series(LineSeries::new(smooth, SMOOTH_COLOR.stroke_width(2)))
        .map_err(err)?
        .label(&labels.series[1])
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], SMOOTH_COLOR.stroke_width(2)));
    draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    area.present().map_err(err)
}
