//! Section 6: the injected bugs are caught, correct code passes (on a small Xavier net and on the
//! book's own 784-50-10 std-0.01 network with real MNIST), the step-size study and the
//! chain-rule example match their closed forms.

mod common;

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
    assert!(compare(&by_hand, &layered).iter().all(|d| d.mean_abs < 1e-15 && d.relative < 1e-14));
    let numerical = net.numerical_gradient(&x, &t, 1e-4);
    let diffs = compare(&by_hand, &numerical);
    println!("correct: {diffs:?}");
    assert!(diffs.iter().all(|d| Verdict::of(d.relative) == Verdict::Perfect), "{diffs:?}");
}

#[test]
fn each_injected_bug_is_flagged() {
    let (mut net, x, t) = setup();
    let numerical = net.numerical_gradient(&x, &t, 1e-4);
    for bug in Bug::ALL {
        let diffs = compare(&gradient_with_bugs(&net, &x, &t, &[bug]), &numerical);
        println!("{}: {diffs:?}", bug.name());
        let worst = diffs.iter().map(|d| d.relative).fold(0.0, f64::max);
        assert_eq!(Verdict::of(worst), Verdict::Bug, "{} should be flagged, worst {worst:e}", bug.name());
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
    assert!(job.is_complete());
}

#[test]
fn relative_error_is_scale_free_and_mean_difference_is_not() {
    let a = DMatrix::from_row_slice(1, 3, &[1.0, -2.0, 2.0]);
    let b = DMatrix::from_row_slice(1, 3, &[1.0, -2.0, 2.3]);
    let d = difference_at(&a, &b, &[0, 1, 2]);
    // ‖a − b‖ = 0.3, ‖a‖ = 3, ‖b‖ = √10.29
    assert!((d.relative - 0.3 / (3.0 + 10.29f64.sqrt())).abs() < 1e-15);
    assert!((d.mean_abs - 0.1).abs() < 1e-15);
    let tiny = difference_at(&(&a * 1e-6), &(&b * 1e-6), &[0, 1, 2]);
    assert!((tiny.relative - d.relative).abs() < 1e-12, "the same disagreement at 10⁻⁶ the size");
    assert!(tiny.mean_abs < 1e-6, "while the mean difference shrinks with the gradient");
    // twice the gradient (the missing 1/N of a batch of 2) is 1/3 off; opposite signs are 1
    assert!((difference_at(&a, &(&a * 2.0), &[0, 1, 2]).relative - 1.0 / 3.0).abs() < 1e-15);
    assert_eq!(difference_at(&a, &(-&a), &[0, 1, 2]).relative, 1.0);
    assert_eq!(difference_at(&(&a * 0.0), &(&a * 0.0), &[0, 1, 2]).relative, 0.0);
    let nan = DMatrix::from_row_slice(1, 3, &[1.0, f64::NAN, 2.0]);
    assert_eq!(Verdict::of(difference_at(&a, &nan, &[0, 1, 2]).relative), Verdict::Bug);
}

#[test]
fn a_sampled_job_differentiates_only_its_sample_and_agrees_there() {
    let (mut net, x, t) = setup();
    let full = net.numerical_gradient(&x, &t, 1e-4);
    let mut job = NumericalGradientJob::sampled(&net, 1e-4, 9, &mut Rng::new(5));
    assert_eq!(job.counts(), [9, 8, 9, 9], "b1 has only 8 entries: all of them");
    assert!(!job.is_complete());
    while !job.finished() {
        job.advance(&mut net, &x, &t, 4);
    }
    let sampled = job.result();
    let nonzero = sampled.as_array().iter().map(|g| g.iter().filter(|v| **v != 0.0).count()).collect::<Vec<_>>();
    assert_eq!(nonzero, vec![9, 8, 9, 9]);
    for (s, f) in sampled.as_array().iter().zip(full.as_array()) {
        for (i, v) in s.iter().enumerate() {
            assert!(*v == 0.0 || *v == f[i], "a sampled entry equals the full gradient's");
        }
    }
}

/// The view's presets: the book's 784-50-10 network on 100 images and a small 784-10-10 on 10,
/// both with the book's init (std 0.01, sigmoid) and the view's seed.
const PRESETS: [(usize, usize); 2] = [(50, 100), (10, 10)];

fn book_setup(hidden: usize, batch: usize) -> (TwoLayerNet<f64>, DMatrix<f64>, DMatrix<f64>) {
    let data = common::load_mnist("train");
    let mut rng = Rng::new(42);
    let net = TwoLayerNet::new(784, hidden, 10, ActivationKind::Sigmoid, WeightInit::Std(0.01), &mut rng);
    let indices: Vec<usize> = (0..batch).collect();
    (net, data.inputs(&indices), data.one_hot(&indices))
}

#[test]
fn on_the_books_networks_correct_code_is_perfect_and_every_bug_reads_bug() {
    for (hidden, batch) in PRESETS {
        let (mut net, x, t) = book_setup(hidden, batch);
        // 400 entries of each matrix keep this to seconds; b1 and b2 are taken whole.
        let mut job = NumericalGradientJob::sampled(&net, 1e-4, 400, &mut Rng::new(1));
        while !job.finished() {
            job.advance(&mut net, &x, &t, 1000);
        }
        let correct = job.compare(&gradient_with_bugs(&net, &x, &t, &[]));
        println!("784-{hidden}-10, batch {batch}, correct: {correct:?}");
        for (name, d) in ["W1", "b1", "W2", "b2"].iter().zip(correct) {
            assert_eq!(Verdict::of(d.relative), Verdict::Perfect, "{name}: {d:?}");
        }
        for bug in Bug::ALL {
            let diffs = job.compare(&gradient_with_bugs(&net, &x, &t, &[bug]));
            println!("784-{hidden}-10, batch {batch}, {}: {diffs:?}", bug.name());
            let verdicts = diffs.map(|d| Verdict::of(d.relative));
            assert!(verdicts.contains(&Verdict::Bug), "{} on 784-{hidden}-10: {diffs:?}", bug.name());
            // The book's mean |difference| alone would not have said so: this network's
            // gradients are tiny, so a wrong one stays far below 1e-3.
            if bug == Bug::SigmoidDerivativeOnInput && hidden == 50 {
                assert!(diffs.iter().all(|d| d.mean_abs < 1e-3), "{diffs:?}");
            }
        }
    }
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
    let at_1 = chain_rule_example(1.0);
    assert_eq!((at_1.u, at_1.f, at_1.dfdu, at_1.dudx, at_1.dfdx), (5.0, 25.0, 10.0, 2.0, 20.0));
    let x = -0.7;
    let c = chain_rule_example(x);
    assert!((c.f - (2.0 * x + 3.0f64).powi(2)).abs() < 1e-12);
    assert!((c.dfdx - 4.0 * (2.0 * x + 3.0)).abs() < 1e-12);
}

#[test]
fn the_lesson_networks_shapes_and_count_match_a_built_network() {
    // The book's 784-50-10 net: 784·50 + 50 + 50·10 + 10 = 39,200 + 50 + 500 + 10 = 39,760.
    assert_eq!(mnist_parameter_count(50), 39_760);
    assert_eq!(mnist_parameter_shapes(50), [(784, Some(50)), (50, None), (50, Some(10)), (10, None)]);
    for hidden in [1, 10, 50, 1000] {
        let net = TwoLayerNet::<f64>::new(784, hidden, 10, ActivationKind::Sigmoid, WeightInit::Std(0.01), &mut Rng::new(1));
        assert_eq!(mnist_parameter_count(hidden), net.parameter_count(), "hidden = {hidden}");
        let shapes = mnist_parameter_shapes(hidden);
        for (i, p) in net.params().iter().enumerate() {
            // A bias is one row or one column in the net; the page writes its length alone.
            let (rows, cols) = shapes[i];
            assert_eq!(p.len(), rows * cols.unwrap_or(1), "parameter {i}, hidden = {hidden}");
        }
    }
}

#[test]
fn step_size_highlights_pick_the_books_h_and_the_smallest_errors() {
    // Hand-made rows (h, forward error, central error).
    let rows = [(1e-6, 3e-5, 2e-9), (1e-5, 2e-6, 1e-10), (1e-4, 1e-5, 1e-10), (1e-3, 1e-4, 5e-8)];
    let h = step_size_highlights(&rows).unwrap();
    assert_eq!(h.book, 2, "h = 1e-4 is the book's");
    assert_eq!(h.best_forward, 1, "2e-6 is the smallest forward error");
    assert_eq!(h.best_central, 1, "1e-10 twice: the smaller h is kept");
    assert_eq!(step_size_highlights(&[]), None);
    // On the sin study: 10^k for k = −10, −9.75, …, 0 holds 1e-4 itself (row 24), and the central
    // difference is best near ε^(1/3) ≈ 6e-6 (rounding ε/h against truncation h²), the forward
    // one near √ε ≈ 1.5e-8.
    let study = difference_errors(f64::sin, 1f64.cos(), 1.0, &log_spaced(-10.0, 0.0, 0.25));
    let h = step_size_highlights(&study).unwrap();
    assert_eq!(h.book, 24);
    assert!((study[h.book].0 / BOOK_H - 1.0).abs() < 1e-9);
    let best_c = study[h.best_central].0;
    let best_f = study[h.best_forward].0;
    assert!((1e-7..1e-4).contains(&best_c), "central best at h = {best_c}");
    assert!((1e-10..1e-6).contains(&best_f), "forward best at h = {best_f}");
    assert!(study.iter().all(|r| r.2 >= study[h.best_central].2 && r.1 >= study[h.best_forward].1));
}

#[test]
fn the_expected_duration_is_the_probes_rate_times_the_parameter_count() {
    // The book's 784-50-10 has 39,760 parameters; a probe of 12 derivatives in 60 ms is 5 ms
    // each, so the whole numerical gradient takes 39,760 × 5 ms = 198.8 s.
    let book = Probe { hidden: 50, batch: 100, derivatives: 12, ms: 60.0 };
    assert_eq!(expected_numerical_ms(&book), Some(198_800.0));
    // The small 784-10-10 (7,960 parameters) at 0.1 ms per derivative: 796 ms.
    let small = Probe { hidden: 10, batch: 10, derivatives: 600, ms: 60.0 };
    assert!((expected_numerical_ms(&small).unwrap() - 796.0).abs() < 1e-9);
    // A probe that measured nothing gives no estimate rather than 0 or ∞.
    assert_eq!(expected_numerical_ms(&Probe { derivatives: 0, ..small }), None);
    assert_eq!(expected_numerical_ms(&Probe { ms: 0.0, ..small }), None);
    assert_eq!(expected_numerical_ms(&Probe { ms: f64::NAN, ..small }), None);
}

#[test]
fn the_time_left_during_a_run_follows_the_same_rule_as_the_estimate() {
    // 1,000 of 39,760 derivatives in 5 s: 5 ms each, so 38,760 × 5 ms = 193.8 s are left,
    // exactly what a probe at that speed expects for the rest.
    let r = timing_readout(2.0, 5_000.0, 1_000, 39_760, false);
    assert_eq!(r.eta_ms, Some(193_800.0));
    assert_eq!(r.eta_ms, numerical_time_ms(5_000.0, 1_000, 39_760 - 1_000));
    assert!((r.done_fraction - 1_000.0 / 39_760.0).abs() < 1e-15);
    assert_eq!(timing_readout(2.0, 0.0, 0, 39_760, false).eta_ms, None, "no estimate before the first derivative");
    assert_eq!(timing_readout(2.0, 198_800.0, 39_760, 39_760, true).eta_ms, None, "nothing left once finished");
}

#[test]
fn a_probe_batch_has_the_lesson_networks_shapes() {
    let (x, t) = probe_batch(10, &mut Rng::new(1));
    assert_eq!((x.nrows(), x.ncols(), t.nrows(), t.ncols()), (10, 784, 10, 10));
    assert!(x.iter().all(|v| (0.0..=1.0).contains(v)), "pixels in [0, 1] like normalised MNIST");
    assert!(t.row_iter().all(|row| row.sum() == 1.0), "one-hot targets");
}
