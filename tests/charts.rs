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
    let svg = render(|a| loss::draw(a, &h, &labels(["mini-batch loss", "smoothed"]), Scale::ONE));
    for text in ["Loss per iteration", "iteration", "loss (nats)", "mini-batch loss", "smoothed"] {
        assert!(svg.contains(text), "missing {text:?}");
    }
    assert!(!svg.contains("NaN"));
}

#[test]
fn a_diverging_run_is_clamped_not_drawn_as_nan() {
    let mut h = History::default();
    h.push_losses(1, &[2.3, 5.0, f32::INFINITY, f32::NAN]);
    let svg = render(|a| loss::draw(a, &h, &labels(["raw", "smoothed"]), Scale::ONE));
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

#[test]
fn kept_runs_are_overlaid_and_survive_a_new_run() {
    let mut h = history();
    assert_eq!(h.keep("η=0.1 SGD"), 1);
    h.clear();
    assert!(h.current().is_none() && h.kept().count() == 1);
    h.push_losses(1, &[2.3, 2.0]);
    let svg = render(|a| loss::draw(a, &h, &labels(["raw", "smoothed"]), Scale::ONE));
    assert!(svg.contains("η=0.1 SGD"));
    let svg = render(|a| accuracy::draw(a, &h, &ChartLabels { title: "Accuracy".into(), x: "epoch".into(), y: "accuracy (%)".into(), series: ["train".into(), "test".into()] }, Scale::ONE));
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

// ───────────────────────── axes: one tick policy for every chart ─────────────────────────
//
// The SVG backend writes every label as a <text> element at the pixel plotters chose; x tick
// labels are centred on their tick ("middle"), y tick labels end at it ("end"). The plot's edges
// are the two axis lines. From two ticks' values and pixels the axis range follows, and it must
// hold the data.

use gradlab::charts::contour::{self, ContourLabels, Scene, Trajectory};
use gradlab::charts::series::{self, LineStyle, Options, Series, Titles, Words};
use gradlab::charts::ticks::{self, Kind};
use gradlab::charts::Scale;
use gradlab::lessons::surface::{gradient_field, Fn2d, Grid};

#[derive(Debug, Clone)]
struct SvgText {
    x: f64,
    y: f64,
    anchor: String,
    rotated: bool,
    size: f64,
    text: String,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

fn texts(svg: &str) -> Vec<SvgText> {
    svg.split("<text").skip(1).map(|rest| {
        let (tag, body) = rest.split_once('>').expect("a <text> tag ends");
        let text = body.split("</text>").next().unwrap().trim().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        SvgText {
            x: attr(tag, "x").unwrap().parse().unwrap(),
            y: attr(tag, "y").unwrap().parse().unwrap(),
            anchor: attr(tag, "text-anchor").unwrap_or("start").to_string(),
            rotated: tag.contains("rotate("),
            size: attr(tag, "font-size").unwrap().parse().unwrap(),
            text,
        }
    })
    .collect()
}

/// Points of every polyline stroked in `color` ("#6E737D").
fn polylines(svg: &str, color: &str) -> Vec<Vec<(f64, f64)>> {
    svg.split("<polyline").skip(1).filter_map(|rest| {
        let tag = rest.split('>').next().unwrap();
        (attr(tag, "stroke") == Some(color)).then(|| {
            attr(tag, "points").unwrap().split_whitespace().map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            }).collect()
        })
    })
    .collect()
}

/// A tick label's value in axis units: "−1.5" → −1.5, "10⁻³" → −3 (log axes are in decades),
/// "20 s" → 20, "3 min" → 180.
fn tick_value(label: &str) -> Option<f64> {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    if let Some(exp) = label.strip_prefix("10").filter(|e| e.starts_with(|c: char| c == '⁻' || SUP.contains(&c))) {
        let (sign, digits) = match exp.strip_prefix('⁻') { Some(d) => (-1.0, d), None => (1.0, exp) };
        let n: String = digits.chars().map(|c| SUP.iter().position(|&s| s == c).map(|d| char::from(b'0' + d as u8))).collect::<Option<_>>()?;
        return Some(sign * n.parse::<f64>().ok()?);
    }
    let (number, factor) = if let Some(n) = label.strip_suffix(" min") { (n, 60.0) } else if let Some(n) = label.strip_suffix(" s") { (n, 1.0) } else { (label, 1.0) };
    number.replace('−', "-").parse::<f64>().ok().map(|v| v * factor)
}

#[derive(Debug)]
struct ReadAxis {
    labels: Vec<String>,
    values: Vec<f64>,
    /// The values at the plot's two ends, from the ticks' pixels.
    range: (f64, f64),
}

impl ReadAxis {
    fn check(&self, what: &str) {
        assert!(self.values.len() >= 2, "{what}: at least two ticks: {:?}", self.labels);
        let mut unique = self.labels.clone();
        unique.dedup();
        assert_eq!(unique.len(), self.labels.len(), "{what}: labels repeat: {:?}", self.labels);
        assert!(self.values.windows(2).all(|w| w[0] < w[1]), "{what}: labels not increasing: {:?}", self.labels);
    }
    fn covers(&self, lo: f64, hi: f64, what: &str) {
        let slack = 0.02 * (self.range.1 - self.range.0);
        assert!(self.range.0 <= lo + slack && hi - slack <= self.range.1, "{what}: axis {:?} does not hold {lo}…{hi} ({:?})", self.range, self.labels);
    }
}

/// Reads the x and y tick labels and the axis ranges of a chart drawn to SVG.
fn read_axes(svg: &str) -> (ReadAxis, ReadAxis) {
    let all = texts(svg);
    let axis_lines = polylines(svg, "#6E737D");
    let longest = |vertical: bool| {
        axis_lines.iter().filter(|l| l.len() == 2 && ((l[0].0 == l[1].0) == vertical)).max_by(|a, b| {
            let len = |l: &&Vec<(f64, f64)>| (l[0].0 - l[1].0).abs() + (l[0].1 - l[1].1).abs();
            len(a).total_cmp(&len(b))
        }).expect("an axis line").clone()
    };
    let (y_line, x_line) = (longest(true), longest(false));
    let (left, right) = (x_line[0].0.min(x_line[1].0), x_line[0].0.max(x_line[1].0));
    let (top, bottom) = (y_line[0].1.min(y_line[1].1), y_line[0].1.max(y_line[1].1));
    let numeric = |t: &&SvgText| !t.rotated && tick_value(&t.text).is_some();
    // x ticks: centred labels on the row just under the x axis.
    let below: Vec<&SvgText> = all.iter().filter(numeric).filter(|t| t.anchor == "middle" && t.y > bottom && t.y < bottom + 40.0).collect();
    let mut xs: Vec<&SvgText> = below;
    xs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut ys: Vec<&SvgText> = all.iter().filter(numeric).filter(|t| t.anchor == "end" && t.x < left).collect();
    ys.sort_by(|a, b| b.y.total_cmp(&a.y));
    let read = |labels: Vec<&SvgText>, pixel: &dyn Fn(&SvgText) -> f64, ends: (f64, f64)| {
        let values: Vec<f64> = labels.iter().map(|t| tick_value(&t.text).unwrap()).collect();
        let range = if values.len() >= 2 {
            let (p0, p1) = (pixel(labels[0]), pixel(labels[labels.len() - 1]));
            let (v0, v1) = (values[0], values[values.len() - 1]);
            let at = |p: f64| v0 + (p - p0) * (v1 - v0) / (p1 - p0);
            (at(ends.0), at(ends.1))
        } else {
            (f64::NAN, f64::NAN)
        };
        ReadAxis { labels: labels.iter().map(|t| t.text.clone()).collect(), values, range }
    };
    let x = read(xs, &|t| t.x, (left, right));
    let y = read(ys, &|t| t.y, (bottom, top));
    (x, y)
}

fn render_at(size: (u32, u32), draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), String>) -> String {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&area).unwrap();
    }
    svg
}

fn titles() -> Titles {
    Titles { title: "loss per iteration".into(), x: "iteration".into(), y: "loss".into() }
}

fn line(label: &str, points: Vec<(f64, f64)>) -> Series {
    Series { label: label.into(), points, marker: None }
}

#[test]
fn tick_steps_are_one_two_five_with_the_decimals_they_need() {
    assert_eq!(ticks::nice_step(1.0, 6), 0.2);
    assert_eq!(ticks::nice_step(3.0, 7), 0.5);
    assert_eq!(ticks::nice_step(10_000.0, 6), 2000.0);
    assert_eq!(ticks::nice_step(0.1, 6), 0.02);
    assert_eq!((ticks::decimals_for(0.5), ticks::decimals_for(0.05), ticks::decimals_for(20.0)), (1, 2, 0));
    let t = ticks::linear(0.0, 0.1, 6);
    assert_eq!(t.labels, ["0.00", "0.02", "0.04", "0.06", "0.08", "0.10"], "η(t) of a schedule from 0.1");
    let t = ticks::linear(0.0, 4.3, 10);
    assert_eq!(t.labels, ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0"]);
    assert_eq!(ticks::linear(-1.0, 1.0, 5).labels, ["−1.0", "−0.5", "0.0", "0.5", "1.0"], "a true minus sign, no −0");
}

#[test]
fn integer_axes_never_show_a_fraction_or_repeat() {
    // 0…3 epochs on a wide axis: 0 1 2 3, not 0 0.5 1 …, and never 0 1 2 2 2 3.
    assert_eq!(ticks::integer(0.0, 3.0, 12).labels, ["0", "1", "2", "3"]);
    assert_eq!(ticks::integer(0.0, 1.0, 8).labels, ["0", "1"]);
    assert_eq!(ticks::integer(0.0, 10_000.0, 6).labels, ["0", "2000", "4000", "6000", "8000", "10000"]);
    assert_eq!(ticks::integer(0.0, 9.0, 4).labels, ["0", "5"]);
    assert_eq!(ticks::range(Kind::Integer, 1.0, 3000.0), (0.0, 3000.0), "a count starts at 0");
    assert_eq!(ticks::range(Kind::Integer, 5.0, 5.0), (4.0, 6.0), "a single point gets room");
    assert_eq!(ticks::range(Kind::Linear, f64::INFINITY, f64::NEG_INFINITY), (0.0, 1.0), "nothing: 0…1");
}

#[test]
fn log_axes_tick_at_decades_labelled_with_superscripts() {
    assert_eq!(ticks::power_of_ten(-3), "10⁻³");
    assert_eq!(ticks::power_of_ten(0), "10⁰");
    assert_eq!(ticks::power_of_ten(12), "10¹²");
    let t = ticks::decades(-3.0, 1.0, 10);
    assert_eq!(t.labels, ["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"]);
    assert_eq!(t.minor.len(), 4 * 8, "2…9 × each decade between");
    let wide = ticks::decades(-19.0, 2.0, 6);
    assert_eq!(wide.labels, ["10⁻¹⁵", "10⁻¹⁰", "10⁻⁵", "10⁰"], "21 decades: every 5th");
    assert!(wide.minor.contains(&-19.0) && wide.minor.contains(&2.0), "the other decades are minor lines");
}

#[test]
fn long_words_wrap_to_the_width_in_english_and_japanese() {
    let px = 13.0;
    let en = ticks::wrap("Press the button to train; the curves appear here as they run.", 200.0, px);
    assert!(en.len() >= 2 && en.iter().all(|l| ticks::text_width(l, px) <= 200.0), "{en:?}");
    assert_eq!(en.join(" "), "Press the button to train; the curves appear here as they run.");
    let ja = ticks::wrap("ボタンを押すと学習が始まり、曲線がここに描かれます。", 150.0, px);
    assert!(ja.len() >= 2 && ja.iter().all(|l| ticks::text_width(l, px) <= 150.0), "{ja:?}");
    assert_eq!(ja.concat(), "ボタンを押すと学習が始まり、曲線がここに描かれます。");
}

#[test]
fn time_axes_read_seconds_then_minutes() {
    assert_eq!(ticks::seconds(0.0, 12.0, 7).labels, ["0 s", "2 s", "4 s", "6 s", "8 s", "10 s", "12 s"]);
    assert_eq!(ticks::seconds(0.0, 1.2, 4).labels, ["0.0 s", "0.5 s", "1.0 s"]);
    assert_eq!(ticks::seconds(0.0, 600.0, 6).labels, ["0 min", "2 min", "4 min", "6 min", "8 min", "10 min"]);
}

#[test]
fn series_axes_are_unique_monotone_and_hold_the_data() {
    let decay: Vec<(f64, f64)> = (0..=100).map(|i| (i as f64, 100.0 * 0.62f64.powi(i))).collect();
    let (lo, hi) = (decay[100].1, decay[0].1);
    assert!(lo < 1e-18 && lo > 1e-20, "1e-19 … 1e2");
    let integer = Options { x_kind: Kind::Integer, ..Options::default() };
    // (what, series, options, data's x range, data's y range in axis units)
    type Case = (&'static str, Vec<Series>, Options, (f64, f64), (f64, f64));
    let cases: Vec<Case> = vec![
        ("log 1e-19…1e2", vec![line("η=0.1", decay.clone())], Options { log_y: true, y_clamp: Some(1e5), ..integer }, (0.0, 100.0), (lo.log10(), hi.log10())),
        ("epochs 0…3", vec![line("batch 32", (1..=93).map(|i| (i as f64 / 31.0, 2.3 - i as f64 / 50.0)).collect())], integer, (0.0, 3.0), (0.44, 2.28)),
        ("0…1", vec![line("CE", (1..=100).map(|i| (i as f64 / 100.0, -(i as f64 / 100.0).ln())).collect())], Options::default(), (0.01, 1.0), (0.0, 4.61)),
        ("0…10000", vec![line("loss", (1..=10_000).map(|i| (i as f64, 2.3 / (1.0 + i as f64 / 1000.0))).collect())], integer, (0.0, 10_000.0), (0.21, 2.3)),
        ("η(t) 0…0.1", vec![line("step", (0..100).map(|i| (i as f64, 0.1 * 0.5f64.powi(i / 20))).collect())], integer, (0.0, 99.0), (0.0, 0.1)),
        ("single point", vec![line("one", vec![(5.0, 0.3)])], integer, (5.0, 5.0), (0.3, 0.3)),
        ("single point, log", vec![line("one", vec![(0.0, 25.0)])], Options { log_y: true, y_clamp: Some(25e3), ..integer }, (0.0, 0.0), (25f64.log10(), 25f64.log10())),
        ("seconds 0…400", vec![line("batch 1", (0..400).map(|i| (i as f64, 1.0)).collect())], Options { x_kind: Kind::Seconds, ..Options::default() }, (0.0, 399.0), (1.0, 1.0)),
        // A saddle's losses fall below 0: asked for a log axis, the chart is linear and holds them.
        ("negative losses, log asked", vec![line("Adam", (0..=100).map(|i| (i as f64, 1.0 - 0.0874 * i as f64)).collect())], Options { log_y: true, ..integer }, (0.0, 100.0), (-7.74, 1.0)),
    ];
    for (what, series, options, (x0, x1), (y0, y1)) in cases {
        for size in [(640, 400), (360, 260)] {
            let svg = render_at(size, |a| series::draw(a, &series, &titles(), options));
            let (x, y) = read_axes(&svg);
            x.check(&format!("{what} {size:?} x"));
            y.check(&format!("{what} {size:?} y"));
            x.covers(x0, x1, &format!("{what} {size:?} x"));
            y.covers(y0, y1, &format!("{what} {size:?} y"));
            // The last x label fits on the canvas ("10000", not "1000").
            let last = texts(&svg).into_iter().rfind(|t| t.text == *x.labels.last().unwrap()).unwrap();
            assert!(last.x + ticks::text_width(&last.text, last.size) / 2.0 <= size.0 as f64, "{what}: {last:?} is cut");
        }
    }
}

#[test]
fn an_empty_chart_has_sane_axes_and_no_legend() {
    let empty = vec![line("batch 1", Vec::new()), line("batch 32", Vec::new())];
    for log_y in [false, true] {
        let options = Options { log_y, x_kind: Kind::Integer, ..Options::default() };
        let words = Words { empty: "Press the button to train.".into(), ..Words::default() };
        let svg = render_at((500, 300), |a| series::draw_styled(a, &empty, &[], &titles(), options, &words));
        let (x, y) = read_axes(&svg);
        x.check("empty x");
        y.check("empty y");
        assert!(!svg.contains("batch 1") && !svg.contains("batch 32"), "no legend for series with no points");
        assert!(svg.contains("Press the button to train."));
    }
    // An accuracy chart's fixed 0–100 % holds before any run has a point.
    let options = Options { y_range: Some((0.0, 100.0)), x_kind: Kind::Integer, ..Options::default() };
    let svg = render_at((500, 300), |a| series::draw_styled(a, &empty, &[], &titles(), options, &Words::default()));
    let (_, y) = read_axes(&svg);
    y.check("empty accuracy y");
    y.covers(0.0, 100.0, "empty accuracy y");
}

#[test]
fn a_noisy_series_is_its_moving_average_over_a_band_and_says_so() {
    // Batch 1: 3000 noisy losses; batch 512: 6 smooth ones.
    let noisy: Vec<(f64, f64)> = (1..=3000).map(|i| (i as f64, 1.0 + if i % 2 == 0 { 0.8 } else { -0.8 } / (1.0 + i as f64 / 1000.0))).collect();
    let few: Vec<(f64, f64)> = (1..=6).map(|i| (i as f64 * 500.0, 2.3 - 0.2 * i as f64)).collect();
    let series = vec![line("batch 1", noisy), line("batch 512", few)];
    let styles = [LineStyle { smooth: true, ..LineStyle::default() }, LineStyle { smooth: true, ..LineStyle::default() }];
    let words = Words { mean_of: "mean of {n}".into(), ..Words::default() };
    let options = Options { x_kind: Kind::Integer, ..Options::default() };
    let svg = render_at((640, 400), |a| series::draw_styled(a, &series, &styles, &titles(), options, &words));
    assert!(svg.contains("batch 1 (mean of 50)"), "the window is in the legend");
    assert!(svg.contains(">\nbatch 512\n<"), "6 points are drawn as they are");
    assert!(svg.contains("<polygon"), "the raw range is a band");
    // The smoothed line stays near 1 (the noise averages out).
    let mean = series::moving_average(&(0..3000).map(|i| if i % 2 == 0 { 1.5 } else { 0.5 }).collect::<Vec<_>>(), 50);
    assert!(mean[100..2900].iter().all(|v| (v - 1.0).abs() < 0.011));
}

#[test]
fn a_run_that_reaches_zero_is_marked_on_the_bottom_of_a_log_axis() {
    // η = 0.5 on x² lands on 0 after one step; η = 0.1 goes down to 3.7e-19 in 100 steps.
    let half: Vec<(f64, f64)> = (0..=100).map(|i| (i as f64, if i == 0 { 9.0 } else { 0.0 })).collect();
    let tenth: Vec<(f64, f64)> = (0..=100).map(|i| (i as f64, 9.0 * 0.64f64.powi(i))).collect();
    let options = Options { log_y: true, y_clamp: Some(9000.0), x_kind: Kind::Integer, ..Options::default() };
    let svg = render_at((640, 400), |a| series::draw(a, &[line("η=0.1", tenth.clone()), line("η=0.5", half.clone())], &titles(), options));
    let (_, y) = read_axes(&svg);
    y.covers(tenth[100].1.log10(), 9f64.log10(), "log y");
    assert!(texts(&svg).iter().any(|t| t.text == "0" && t.anchor == "start"), "the drop to 0 is labelled");
}

#[test]
fn learning_curves_have_integer_axes_and_room_for_the_last_label() {
    let mut h = History::default();
    let losses: Vec<f32> = (0..10_000).map(|i| 2.3 * (-(i as f32) / 2000.0).exp() + 0.1).collect();
    h.push_losses(1, &losses);
    for e in 1..=3 {
        h.push_epoch(EpochRecord { iteration: e * 3333, epoch: e as f64, train_accuracy: 0.8, test_accuracy: 0.79 });
    }
    let svg = render(|a| loss::draw(a, &h, &labels(["raw", "smoothed"]), Scale::ONE));
    let (x, y) = read_axes(&svg);
    x.check("loss x");
    y.check("loss y");
    assert_eq!(x.labels.last().map(String::as_str), Some("10000"));
    x.covers(1.0, 10_000.0, "loss x");
    let svg = render(|a| accuracy::draw(a, &h, &ChartLabels { title: "Accuracy".into(), x: "epoch".into(), y: "%".into(), series: ["train".into(), "test".into()] }, Scale::ONE));
    let (x, y) = read_axes(&svg);
    x.check("accuracy x");
    y.check("accuracy y");
    assert_eq!(x.labels, ["0", "1", "2", "3"]);
    assert_eq!(y.labels, ["0", "20", "40", "60", "80", "100"]);
    // Nothing yet: axes with unique labels, no legend.
    let empty = History::default();
    for svg in [render(|a| loss::draw(a, &empty, &labels(["raw", "smoothed"]), Scale::ONE)), render(|a| accuracy::draw(a, &empty, &labels(["train", "test"]), Scale::ONE))] {
        let (x, y) = read_axes(&svg);
        x.check("empty x");
        y.check("empty y");
        assert!(!svg.contains("smoothed") && !svg.contains(">\ntrain\n<"), "no legend without data");
    }
}

#[test]
fn the_contour_plot_is_drawn_to_equal_scale_and_its_legend_beside_or_below() {
    let f = Fn2d::Bowl;
    let grid = Grid::sample(f, f.domain(), 30, 30);
    let scene = Scene {
        levels: grid.levels(8),
        grid,
        arrows: gradient_field(f, f.domain(), 10),
        arrows_per_side: 10,
        normalized: false,
        trajectories: vec![Trajectory { label: "SGD η=0.1".into(), points: vec![[-3.0, 4.0], [-2.4, 3.2]] }],
        critical_points: f.critical_points(),
    };
    let labels = ContourLabels {
        titles: Titles { title: "f(x0, x1) = x0² + x1²".into(), x: "x0".into(), y: "x1".into() },
        neg_grad: "−∇f".into(),
        minimum: "minimum".into(),
        ..ContourLabels::default()
    };
    for (size, scale) in [((1000, 600), 1.0), ((640, 520), 1.0), ((390, 560), 1.0), ((780, 1120), 2.0)] {
        let mut mapping = None;
        let svg = render_at(size, |a| {
            mapping = Some(contour::draw(a, &scene, &labels, Scale(scale))?);
            Ok(())
        });
        let m = mapping.unwrap();
        let (w, h) = (m.right - m.left, m.bottom - m.top);
        assert!((w - h).abs() <= 2.0, "{size:?}: the plot is {w} × {h}, not square");
        assert!(w >= 0.55 * size.0.min(size.1) as f64, "{size:?}: the plot uses the canvas ({w})");
        let (x, y) = read_axes(&svg);
        x.check("contour x");
        y.check("contour y");
        x.covers(-5.0, 5.0, "contour x");
        y.covers(-5.0, 5.0, "contour y");
        // The legend is outside the plot: its words sit right of it or under the x axis.
        let legend = texts(&svg).into_iter().find(|t| t.text == "SGD η=0.1").expect("legend entry");
        assert!(legend.x > m.right || legend.y > m.bottom + 20.0 * scale, "{size:?}: legend {legend:?} inside the plot");
    }
}

#[test]
fn at_twice_the_pixel_density_everything_is_twice_as_large() {
    let series = vec![line("η=0.1", (0..=50).map(|i| (i as f64, 9.0 * 0.64f64.powi(i))).collect())];
    let sizes = |svg: &str| {
        let all = texts(svg);
        let tick = all.iter().find(|t| t.text == "0").unwrap().size;
        let legend = all.iter().find(|t| t.text == "η=0.1").unwrap().size;
        (tick, legend)
    };
    let one = render_at((500, 300), |a| series::draw(a, &series, &titles(), Options { x_kind: Kind::Integer, ..Options::default() }));
    let two = render_at((1000, 600), |a| series::draw(a, &series, &titles(), Options { x_kind: Kind::Integer, scale: Scale(2.0), ..Options::default() }));
    let (a, b) = (sizes(&one), sizes(&two));
    assert!((b.0 / a.0 - 2.0).abs() < 0.01 && (b.1 / a.1 - 2.0).abs() < 0.01, "{a:?} → {b:?}");
    let (x1, _) = read_axes(&one);
    let (x2, _) = read_axes(&two);
    assert_eq!(x1.labels, x2.labels, "the same ticks at the same CSS size");
}

#[test]
fn a_pointer_in_css_pixels_lands_on_the_canvas_pixel_under_it() {
    use gradlab::charts::PointerOnCanvas;
    // A 400×300 CSS box at (100, 50) holding an 800×600 canvas (pixel ratio 2): the pointer 10
    // CSS pixels right of and 20 below the box's corner is on canvas pixel (20, 40).
    let p = PointerOnCanvas {
        client_x: 110.0, client_y: 70.0, left: 100.0, top: 50.0,
        css_width: 400.0, css_height: 300.0, canvas_width: 800.0, canvas_height: 600.0,
    };
    assert_eq!(p.canvas_pixel(), Some((20.0, 40.0)));
    assert_eq!(PointerOnCanvas { canvas_width: 400.0, canvas_height: 300.0, ..p }.canvas_pixel(), Some((10.0, 20.0)), "ratio 1");
    assert_eq!(PointerOnCanvas { css_width: 0.0, ..p }.canvas_pixel(), None, "a canvas not laid out has no pixel");
}
