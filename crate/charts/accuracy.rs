//! Train and test accuracy per epoch, in percent.

use super::{draw_legend, err, ChartLabels, DrawResult, History, TEST_COLOR, TRAIN_COLOR};
use plotters::coord::Shift;
use plotters::prelude::*;

pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, history: &History, labels: &ChartLabels) -> DrawResult {
    area.fill(&WHITE).map_err(err)?;
    let kept_max = history.kept.iter().flat_map(|k| k.test.last()).map(|p| p.0).fold(0.0, f64::max);
    let x_max = history.epochs.last().map_or(1.0, |r| r.epoch).max(kept_max).max(1.0);
    let mut chart = ChartBuilder::on(area)
        .caption(&labels.title, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(0f64..x_max, 0f64..100f64)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(&labels.x)
        .y_desc(&labels.y)
        .light_line_style(RGBColor(240, 240, 240))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()
        .map_err(err)?;
    for (i, run) in history.kept.iter().enumerate() {
        let color = super::series::color(i + 2);
        let points: Vec<(f64, f64)> = run.test.iter().map(|&(e, a)| (e, 100.0 * a)).collect();
        chart
            .draw_series(LineSeries::new(points, color.stroke_width(2)))
            .map_err(err)?
            .label(format!("{} (test)", run.label))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2)));
    }
    if history.epochs.is_empty() && history.kept.is_empty() {
        return Ok(());
    }
    let series = [
        (TRAIN_COLOR, &labels.series[0], history.epochs.iter().map(|r| (r.epoch, 100.0 * r.train_accuracy)).collect::<Vec<_>>()),
        (TEST_COLOR, &labels.series[1], history.epochs.iter().map(|r| (r.epoch, 100.0 * r.test_accuracy)).collect()),
    ];
    for (color, name, points) in series {
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
            .map_err(err)?
            .label(name.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2)));
        chart
            .draw_series(points.into_iter().map(|p| Circle::new(p, 3, color.filled())))
            .map_err(err)?;
    }
    draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
    area.present().map_err(err)
}
