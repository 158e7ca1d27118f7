//! The §4.2 view `#/loss` as a model (`lessons::losses::LossLesson`, `Example`): state from a
//! link, the slider, what the page shows, and the worked example's checks. The losses
//! themselves are tested in tests/lessons.rs.

use gradlab::lessons::losses::{self, at_probability, cross_entropy, Example, LossLesson, Problem};

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn state_from_a_link_is_clamped_like_the_key_table() {
    // LOSS_KEYS: p ∈ [0.001, 1], default 0.1.
    assert_eq!(LossLesson::from_query("").p, 0.1);
    assert_eq!(LossLesson::from_query("p=5&bogus=1").p, 1.0);
    assert_eq!(LossLesson::from_query("p=0").p, 0.001);
    assert_eq!(LossLesson::from_query("p=0.25").query(), "p=0.25");
}

#[test]
fn the_slider_sets_p_to_three_significant_digits() {
    // log10 p = −1 → 0.1; −0.5 → 10^−0.5 = 0.316227… → 0.316; −3.5 is clamped to P_MIN = 0.001.
    assert_eq!(LossLesson::from_slider(-1.0).query(), "p=0.1");
    assert_eq!(LossLesson::from_slider(-0.5).p, 0.316);
    assert_eq!(LossLesson::from_slider(-3.5).p, 0.001);
    assert_eq!(LossLesson::from_slider(0.0).p, 1.0);
}

#[test]
fn shown_at_p_one_tenth() {
    // p = 0.1: SSE ½·0.81 = 0.405, CE −ln 0.1 = 2.303; through softmax with ten classes
    // ∂CE/∂a = p − 1 = −0.9, ∂SSE/∂a = −p(1 − p)²·10/9 = −0.09: ratio 10.
    let v = LossLesson::from_query("p=0.1").shown();
    assert_eq!(v.query, "p=0.1");
    assert!(close(v.slider, -1.0, 1e-15));
    assert!(close(v.at.sse, 0.405, 1e-12) && close(v.at.ce, 2.303, 5e-4));
    assert_eq!((v.score.classes, v.others), (10, 9));
    assert!(close(v.score.ratio.unwrap(), 10.0, 1e-9));
    // The table marks the row of the slider's p, and its last column spreads the rest:
    // ½(0.81 + 9·0.01) = 0.45 at p = 0.1, 0 at p = 1.
    let current: Vec<f64> = v.table.iter().filter(|r| r.current).map(|r| r.p).collect();
    assert_eq!(current, [0.1]);
    assert!(close(v.table[0].spread, 0.45, 1e-12));
    assert_eq!(v.table[5].spread, 0.0);
    // At p = 1 no row but the last is current, and neither ratio means anything.
    let right = LossLesson::from_query("p=1").shown();
    assert!(right.table[5].current && right.table.iter().filter(|r| r.current).count() == 1);
    assert_eq!((right.at.ratio, right.score.ratio), (None, None));
    // Between table values no row is current.
    assert!(LossLesson::from_query("p=0.2").shown().table.iter().all(|r| !r.current));
}

#[test]
fn the_chart_csv_runs_from_the_smallest_p_to_one() {
    // P_MIN, then 0.01, 0.02 … 1: 101 rows.
    let rows = losses::csv_points();
    assert_eq!(rows.len(), 101);
    assert_eq!((rows[0].p, rows[1].p, rows[100].p), (0.001, 0.01, 1.0));
}

#[test]
fn cross_entropy_is_never_negative() {
    // −log(y + δ) < 0 only for y > 1 − δ: δ's trace, clamped. Every y in [0, 1] on a fine grid,
    // plus the values next to 1.
    let grid = (0..=10_000).map(|i| i as f64 / 10_000.0).chain([1.0 - 1e-8, 1.0 - 1e-16, 1.0]);
    for y in grid {
        let ce = cross_entropy(&[y, 1.0 - y], &[1.0, 0.0]);
        assert!(ce >= 0.0, "CE at y = {y}: {ce}");
        assert!(at_probability(y).ce >= 0.0);
        let ex = Example { y: vec![y, 1.0 - y], correct: 0 }.shown().unwrap();
        assert!(ex.example.ce >= 0.0 && ex.example.terms.iter().all(|t| t.cross_entropy >= 0.0), "y = {y}");
    }
    // y = 1 shows 0 (not −1×10⁻⁷); y = 0 shows −log δ = 7·ln 10 = 16.118, the guard of log 0.
    let sure = Example { y: vec![1.0, 0.0, 0.0], correct: 0 }.shown().unwrap();
    assert_eq!(sure.example.ce, 0.0);
    assert!(sure.delta_shows);
    let wrong = Example { y: vec![0.0, 1.0], correct: 0 }.shown().unwrap();
    assert!(close(wrong.example.ce, 7.0 * std::f64::consts::LN_10, 1e-6), "{}", wrong.example.ce);
    assert!(wrong.delta_shows);
    assert!(!Example::default().shown().unwrap().delta_shows);
}

#[test]
fn the_worked_example_checks_the_prediction() {
    // The chapter's example: y = [0.7, 0.2, 0.1] sums to 1 (to rounding): no problem.
    let ex = Example::default().shown().unwrap();
    assert_eq!(ex.problem, None);
    assert!(close(ex.example.sse, 0.07, 1e-12) && close(ex.y_correct, 0.7, 0.0));
    // y₁ = 1.5 is outside [0, 1]: named, and the terms use it clamped to 1.
    let out = Example { y: vec![0.7, 1.5, 0.1], correct: 0 }.shown().unwrap();
    assert_eq!(out.problem, Some(Problem::OutOfRange { k: 1, value: 1.5 }));
    assert_eq!(out.example.terms[1].y, 1.0);
    let negative = Example { y: vec![-0.2, 0.7, 0.5], correct: 1 };
    assert_eq!(negative.problem(), Some(Problem::OutOfRange { k: 0, value: -0.2 }));
    // [0.5, 0.2, 0.1] sums to 0.8: not a probability vector (the e2e test's edit).
    match (Example { y: vec![0.5, 0.2, 0.1], correct: 1 }).problem() {
        Some(Problem::Sum { sum }) => assert!(close(sum, 0.8, 1e-12)),
        other => panic!("expected a sum problem, got {other:?}"),
    }
    // Wrong shapes are errors with the numbers in them.
    let err = Example { y: vec![1.0], correct: 0 }.shown().unwrap_err();
    assert!(err.contains("got 1 values"), "{err}");
    assert!(Example { y: vec![0.5, 0.5], correct: 2 }.shown().is_err());
}

#[test]
fn adding_and_removing_classes_stays_within_two_to_ten() {
    let three = Example::default();
    let four = three.resized(true);
    assert_eq!(four.y, [0.7, 0.2, 0.1, 0.0]);
    let two = three.resized(false).resized(false);
    assert_eq!(two.y, [0.7, 0.2]);
    // The correct class stays among the classes.
    let last = Example { y: vec![0.1, 0.2, 0.7], correct: 2 }.resized(false);
    assert_eq!(last.correct, 1);
    let mut ten = Example::default();
    for _ in 0..20 {
        ten = ten.resized(true);
    }
    assert_eq!(ten.y.len(), losses::MAX_CLASSES);
    let shown = ten.shown().unwrap();
    assert!(!shown.can_add && shown.can_remove);
}
