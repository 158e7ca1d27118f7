//! The learning-curve charts render to SVG with their labels, clamp a diverging run, and
//! overlay kept runs.

use gradlab::charts::{accuracy, loss, ChartLabels, History};
use gradlab::train::EpochRecord;
use plotters::prelude::*;

fn labels(series: [&str; 2]) -> ChartLabels {
    ChartLabels { title: "Loss per iteration".into(), x: "iteration".into(), y: "loss (nats)".into(), series: series.map(String::from) }
}

fn history() -> History {
    let mut h = History::default();
    let losses: Vec<f32> = (0..500).map(|i| 2.3 * (-(i as f32) / 200.0).exp() + 0.1).collect();
    assert!(h.push_losses(1, &losses));
    for e in 1..=5 {
        h.push_epoch(EpochRecord { iteration: e * 100, epoch: e as f64, train_accuracy: 0.5 + 0.08 * e as f64, test_accuracy: 0.48 + 0.08 * e as f64 });
    }
    h
}

fn render(draw: impl Fn(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), String>) -> String {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (640, 400)).into_drawing_area();
        draw(&area).unwrap();
    }
    svg
}

#[test]
fn loss_chart_has_title_axes_and_legend() {
    let h = history();
    let svg = render(|a| loss::draw(a, &h, &labels(["mini-batch loss", "smoothed"])));
    for text in ["Loss per iteration", "iteration", "loss (nats)", "mini-batch loss", "smoothed"] {
        assert!(svg.contains(text), "missing {text:?}");
    }
    assert!(!svg.contains("NaN"));
}

#[test]
fn a_diverging_run_is_clamped_not_drawn_as_nan() {
    let mut h = History::default();
    h.push_losses(1, &[2.3, 5.0, f32::INFINITY, f32::NAN]);
    let svg = render(|a| loss::draw(a, &h, &labels(["raw", "smoothed"])));
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

#[test]
fn kept_runs_are_overlaid_and_survive_a_new_run() {
    let mut h = history();
    assert_eq!(h.keep("η=0.1 SGD"), 1);
    h.clear();
    assert!(h.losses.is_empty() && h.kept.len() == 1);
    h.push_losses(1, &[2.3, 2.0]);
    let svg = render(|a| loss::draw(a, &h, &labels(["raw", "smoothed"])));
    assert!(svg.contains("η=0.1 SGD"));
    let svg = render(|a| accuracy::draw(a, &h, &ChartLabels { title: "Accuracy".into(), x: "epoch".into(), y: "accuracy (%)".into(), series: ["train".into(), "test".into()] }));
    assert!(svg.contains("η=0.1 SGD (test)") && svg.contains("accuracy (%)"));
}

#[test]
fn the_numbers_behind_the_charts_export_as_csv() {
    let h = history();
    let csv = h.loss_csv();
    // 2.3·e⁰ + 0.1 in f32, and the first smoothed value equals the first loss.
    assert!(csv.starts_with("iteration,loss,smoothed\n1,2.3999999,2.3999999\n"), "{}", &csv[..60]);
    assert_eq!(csv.lines().count(), 501);
    let acc = h.accuracy_csv();
    let expected = format!("100,1,{},{}", 0.5 + 0.08, 0.48 + 0.08);
    assert_eq!(acc.lines().nth(1), Some(expected.as_str()));
}

#[test]
fn downsampling_keeps_the_envelope_in_order() {
    use gradlab::charts::history::min_max_buckets;
    // A noisy curve: 10,000 points alternating ±1 around a slope, one spike, one NaN.
    let y = |i: usize| if i == 5000 { 50.0 } else if i == 7000 { f64::NAN } else { -(i as f64) / 1000.0 + if i % 2 == 0 { 1.0 } else { -1.0 } };
    let points = min_max_buckets(10_000, |i| (i as f64, y(i)), 1000);
    assert!(points.len() <= 2000);
    assert!(points.windows(2).all(|w| w[0].0 < w[1].0), "x stays in order");
    assert!(points.iter().any(|p| p.1 == 50.0), "the spike survives");
    assert!(points.iter().all(|p| p.1.is_finite()));
    let min = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    assert_eq!(min, -(9999.0 / 1000.0) - 1.0, "the lowest point survives");
}
