//! Section 6: the injected bugs are caught, correct code passes, the step-size study and the
//! chain-rule example match their closed forms.

use gradlab::gradcheck::*;
use gradlab::nn::{ActivationKind, TwoLayerNet, WeightInit};
use gradlab::rng::Rng;
use nalgebra::DMatrix;

fn setup() -> (TwoLayerNet<f64>, DMatrix<f64>, DMatrix<f64>) {
    let mut rng = Rng::new(11);
    // A small net keeps the numerical gradient quick; Xavier init so the sigmoid is not flat.
    let net = TwoLayerNet::<f64>::new(20, 8, 10, ActivationKind::Sigmoid, WeightInit::Xavier, &mut rng);
    let x = DMatrix::from_fn(4, 20, |_, _| rng.uniform());
    let t = DMatrix::from_fn(4, 10, |r, c| if c == [1, 4, 9, 0][r] { 1.0 } else { 0.0 });
    (net, x, t)
}

#[test]
fn correct_backprop_is_perfect_and_matches_the_layered_net() {
    let (mut net, x, t) = setup();
    let by_hand = gradient_with_bugs(&net, &x, &t, &[]);
    let (_, layered) = net.gradient(&x, &t);
    assert!(compare(&by_hand, &layered).iter().all(|&d| d < 1e-15));
    let numerical = net.numerical_gradient(&x, &t, 1e-4);
    let diffs = compare(&by_hand, &numerical);
    println!("correct: {diffs:?}");
    assert!(diffs.iter().all(|&d| Verdict::of(d) == Verdict::Perfect), "{diffs:?}");
}

#[test]
fn each_injected_bug_is_flagged() {
    let (mut net, x, t) = setup();
    let numerical = net.numerical_gradient(&x, &t, 1e-4);
    for bug in Bug::ALL {
        let diffs = compare(&gradient_with_bugs(&net, &x, &t, &[bug]), &numerical);
        println!("{}: {diffs:?}", bug.name());
        let worst = diffs.iter().cloned().fold(0.0, f64::max);
        assert!(worst > 1e-3, "{} should be flagged, worst diff {worst:e}", bug.name());
        assert_eq!(Verdict::of(worst), Verdict::Bug);
    }
}

#[test]
fn the_incremental_job_equals_the_one_shot_numerical_gradient() {
    let (mut net, x, t) = setup();
    let one_shot = net.numerical_gradient(&x, &t, 1e-4);
    let mut job = NumericalGradientJob::new(&net, 1e-4);
    assert_eq!(job.total(), 20 * 8 + 8 + 8 * 10 + 10);
    while !job.finished() {
        job.advance(&mut net, &x, &t, 37);
    }
    assert_eq!(job.result(), one_shot);
}

#[test]
fn central_difference_at_h_1e_4_is_accurate_and_h_too_small_is_not() {
    // d/dx sin x at 1 = cos 1; d/dx x³ at 2 = 12 (central error = h², exactly, for a cubic).
    let rows = difference_errors(f64::sin, 1f64.cos(), 1.0, &[1e-4]);
    assert!(rows[0].2 < 1e-8, "central error {}", rows[0].2);
    assert!(rows[0].1 > 1e-5, "forward difference is first order: {}", rows[0].1);
    let cubic = difference_errors(|x| x * x * x, 12.0, 2.0, &[1e-2]);
    assert!((cubic[0].2 - 1e-4).abs() < 1e-9);
    let tiny = difference_errors(f64::sin, 1f64.cos(), 1.0, &[1e-13]);
    assert!(tiny[0].2 > 1e-5, "rounding error dominates at h = 1e-13: {}", tiny[0].2);
    assert_eq!(log_spaced(-10.0, 0.0, 1.0).len(), 11);
}

#[test]
fn chain_rule_example_matches_the_closed_form() {
    // f(x) = (2x + 3)² ⇒ f'(x) = 4(2x + 3); at x = 1: u = 5, f = 25, f' = 20.
    assert_eq!(chain_rule_example(1.0), [5.0, 25.0, 10.0, 2.0, 20.0]);
    let x = -0.7;
    let [_, f, _, _, d] = chain_rule_example(x);
    assert!((f - (2.0 * x + 3.0f64).powi(2)).abs() < 1e-12);
    assert!((d - 4.0 * (2.0 * x + 3.0)).abs() < 1e-12);
}
