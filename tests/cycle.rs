//! §1, the learning cycle (`#/cycle`): two starts on f(x) = x⁴ − 3x² + x end in different
//! valleys, a start the learner adds is drawn and listed, and a click on the chart maps to the
//! x under it. The valleys are found here from f′(x) = 4x³ − 6x + 1 = 0 by bisection, not typed.

use gradlab::charts::function1d::{self, Descent, PATH_STYLES};
use gradlab::charts::frame::Scale;
use gradlab::charts::series::Titles;
use gradlab::lessons::cycle::{self, Cycle};
use plotters::prelude::*;

fn f(x: f64) -> f64 {
    x.powi(4) - 3.0 * x * x + x
}

fn df(x: f64) -> f64 {
    4.0 * x.powi(3) - 6.0 * x + 1.0
}

/// The root of f′ in [lo, hi], where f′ changes sign.
fn bisect(mut lo: f64, mut hi: f64) -> f64 {
    assert!(df(lo) * df(hi) < 0.0, "f′ changes sign in [{lo}, {hi}]");
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if df(lo) * df(mid) <= 0.0 { hi = mid } else { lo = mid }
    }
    0.5 * (lo + hi)
}

/// The two minima of f: f′ goes − → + at each (f′(−2) < 0, f′(−1) > 0; f′(0.5) < 0, f′(2) > 0),
/// with the maximum between them in [0, 0.5].
fn valleys() -> (f64, f64) {
    (bisect(-2.0, -1.0), bisect(0.5, 2.0))
}

#[test]
fn the_two_starts_end_in_different_valleys() {
    let (left, right) = valleys();
    let s = cycle::shown();
    assert_eq!(s.ends.len(), 2);
    let [a, b] = [s.ends[0], s.ends[1]];
    assert_eq!((a.x0, b.x0), (-2.0, 1.9));
    assert!((a.x - left).abs() < 1e-3, "−2 slides into the left valley {left}: ends at {}", a.x);
    assert!((b.x - right).abs() < 1e-3, "1.9 stays in the right valley {right}: ends at {}", b.x);
    assert!((a.f - f(a.x)).abs() < 1e-12 && (b.f - f(b.x)).abs() < 1e-12, "f is the loss at the end");
    assert!(a.f < b.f, "the left valley is the deeper one: {} vs {}", a.f, b.f);
    assert!(!a.added && !b.added);
    assert_eq!(s.query, "", "no start added");
    assert_eq!(s.csv.rows.len(), 2 * (cycle::STEPS + 1));
}

#[test]
fn an_added_start_is_run_listed_and_written_to_the_link() {
    let (left, right) = valleys();
    let hill = bisect(0.0, 0.5);
    // Just right of the hill top, the slope leads right; just left of it, left.
    let s = Cycle::from_query("x0=0.35").shown();
    assert_eq!(s.query, "x0=0.35");
    assert_eq!(s.ends.len(), 3);
    let added = s.ends[2];
    assert!(added.added && added.x0 == 0.35 && added.steps == cycle::STEPS);
    assert!(0.35 > hill && (added.x - right).abs() < 1e-2, "0.35 > {hill}: right valley, got {}", added.x);
    let other = Cycle::from_query("#/cycle?x0=0").shown().ends[2];
    assert!(0.0 < hill && (other.x - left).abs() < 1e-2, "0 < {hill}: left valley, got {}", other.x);
    assert_eq!(Cycle::from_query("x0=0.35").shown().csv.rows.len(), 3 * (cycle::STEPS + 1));

    // Links are read strictly: clamped to the plotted domain, rounded to 0.01, junk ignored.
    assert_eq!(Cycle::from_query("x0=9").query(), "x0=2.2");
    assert_eq!(Cycle::from_query("x0=-0.3456").query(), "x0=-0.35");
    assert_eq!(Cycle::from_query("x0=abc").added, None);
    assert_eq!(Cycle::from_query("x0=NaN").added, None);
    assert_eq!(Cycle::from_query("").shown().ends.len(), 2);
    assert_eq!(Cycle::with_start(f64::INFINITY).added, None);
}

fn draw_svg(descents: &[Descent]) -> (String, gradlab::charts::contour::PlotMapping) {
    let mut text = String::new();
    let titles = Titles { title: "landscape".into(), x: "weight x".into(), y: "loss".into() };
    let mapping = {
        let area = SVGBackend::with_string(&mut text, (640, 400)).into_drawing_area();
        function1d::draw_descents(&area, &cycle::LANDSCAPE.curve(400), descents, &titles, "loss curve", Scale::ONE).unwrap()
    };
    (text, mapping)
}

fn descents(c: &Cycle) -> Vec<Descent> {
    c.runs()
        .into_iter()
        .map(|(x0, _, run)| Descent { label: format!("from {x0}"), points: run.xs.into_iter().zip(run.fs).collect() })
        .collect()
}

#[test]
fn the_chart_draws_each_descent_in_its_own_colour_with_a_legend() {
    let hex = |i: usize| {
        let c = PATH_STYLES[i].0;
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    };
    let (two, _) = draw_svg(&descents(&Cycle { added: None }));
    for label in ["from -2", "from 1.9", "loss curve"] {
        assert!(two.contains(label), "legend lacks {label}");
    }
    assert!(two.contains(&hex(0)) && two.contains(&hex(1)), "both colours are drawn");
    assert!(!two.contains(&hex(2)), "no third colour without an added start");
    let (three, _) = draw_svg(&descents(&Cycle::with_start(0.35)));
    assert!(three.contains(&hex(2)) && three.contains("from 0.35"), "the added start in the third colour");
    let colours: Vec<_> = PATH_STYLES.iter().map(|s| s.0).collect();
    assert!(colours[0] != colours[1] && colours[1] != colours[2] && colours[0] != colours[2]);
    let markers: Vec<_> = PATH_STYLES.iter().map(|s| s.1).collect();
    assert!(markers[0] != markers[1] && markers[1] != markers[2] && markers[0] != markers[2]);
}

#[test]
fn a_pixel_maps_to_x_and_back() {
    let (_, m) = draw_svg(&descents(&Cycle { added: None }));
    assert_eq!(m.x, cycle::LANDSCAPE.domain());
    for x in [-2.2, -1.3, 0.0, 0.35, 1.9, 2.2] {
        let (px, py) = m.to_pixel([x, 0.0]);
        let back = m.to_data(px, py).expect("inside the plot")[0];
        assert!((back - x).abs() < 1e-9, "{x} → pixel {px} → {back}");
    }
    // A click's x becomes the added start, rounded to 0.01; outside the plot it is no click.
    let (px, py) = m.to_pixel([0.351, 0.0]);
    let x = m.to_data(px, py).unwrap()[0];
    assert_eq!(Cycle::with_start(x).query(), "x0=0.35", "pixel {px} → {x}");
    assert!(m.to_data(m.left - 5.0, py).is_none() && m.to_data(px, m.bottom + 5.0).is_none());
}

/// Step and Previous go round the seven stages: Step from no stage lights the first and wraps
/// from the last to the first (the cycle repeats); Previous wraps from the first to the last.
#[test]
fn the_walk_goes_round_the_seven_stages_both_ways() {
    let stages = cycle::stages();
    assert_eq!(stages.len(), 7);
    for (i, stage) in stages.iter().enumerate() {
        assert_eq!((stage.name, stage.number), (cycle::STAGES[i], i + 1), "stage {i} numbered from 1");
    }
    let mut at = cycle::next_stage(None);
    assert_eq!(at, 0, "Step lights the first stage");
    let mut seen = vec![at];
    for _ in 0..6 {
        at = cycle::next_stage(Some(at));
        seen.push(at);
    }
    assert_eq!(seen, (0..7).collect::<Vec<_>>(), "seven steps visit each stage once, in order");
    assert_eq!(cycle::next_stage(Some(6)), 0, "after evaluate, the next turn samples again");
    assert_eq!(cycle::previous_stage(None), 6, "Previous from no stage lights the last");
    assert_eq!(cycle::previous_stage(Some(0)), 6);
    assert_eq!(cycle::previous_stage(Some(3)), 2);
}
