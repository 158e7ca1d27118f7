//! Train and test accuracy per epoch, in percent.

use super::frame::{self, Axis, Entry, Layout, Scale, Swatch};
use super::ticks::{self, Kind};
use super::history::{Run, Values, XAxis};
use super::{err, ChartLabels, DrawResult, History, TEST_COLOR, TRAIN_COLOR};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Epochs on x (whole numbers only), accuracy 0…100 % on y; kept runs' test accuracy under
/// the current run's train and test accuracy.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, history: &History, labels: &ChartLabels, scale: Scale) -> DrawResult {
    let kept: Vec<&Run> = history.kept().collect();
    let epochs = history.current().map_or(&[][..], |r| &r.epochs[..]);
    let kept_max = kept.iter().flat_map(|k| k.epochs.last()).map(|r| r.epoch).fold(0.0, f64::max);
    let x_max = epochs.last().map_or(1.0, |r| r.epoch).max(kept_max).max(1.0);
    let mut legend: Vec<Entry> = kept
        .iter()
        .enumerate()
        .map(|(i, run)| {
            Entry::new(format!("{} (test)", run.label), Swatch::Line { color: kept_color(i), width: 2.0, dash: frame::dash(i + 1) })
        })
        .collect();
    let current = [
        (TRAIN_COLOR, &labels.series[0], epochs.iter().map(|r| (r.epoch, 100.0 * r.train_accuracy)).collect::<Vec<_>>()),
        (TEST_COLOR, &labels.series[1], epochs.iter().map(|r| (r.epoch, 100.0 * r.test_accuracy)).collect()),
    ];
    if !epochs.is_empty() {
        legend.extend(current.iter().map(|(c, name, _)| Entry::new(name.as_str(), Swatch::Line { color: *c, width: 2.0, dash: frame::Dash::Solid })));
    }
    let x = Axis { kind: Kind::Integer, range: ticks::range(Kind::Integer, 0.0, x_max), title: &labels.x };
    let y = Axis { kind: Kind::Linear, range: (0.0, 100.0), title: &labels.y };
    frame::draw(area, &labels.title, x, y, &legend, Layout::default(), scale, |chart| {
        for (i, run) in kept.iter().enumerate() {
            let points = run.points(Values::TestAccuracy, XAxis::Epoch);
            frame::draw_line(chart, points, frame::line(kept_color(i), 2.0, scale), frame::dash(i + 1), scale)?;
        }
        for (c, _, points) in current {
            chart.draw_series(LineSeries::new(points.clone(), frame::line(c, 2.0, scale))).map_err(err)?;
            chart.draw_series(points.into_iter().map(|p| Circle::new(p, scale.i(3.0), c.filled()))).map_err(err)?;
        }
        Ok(())
    })?;
    area.present().map_err(err)
}

fn kept_color(i: usize) -> RGBColor {
    super::series::color(i + 2)
}
