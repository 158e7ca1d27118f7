//! The network core against closed forms and against the numerical gradient.

use gradlab::nn::loss::{cross_entropy, mean_squared_error, softmax};
use gradlab::nn::{ActivationKind, Optimizer, Sgd, TwoLayerNet, WeightInit};
use gradlab::rng::Rng;
use nalgebra::DMatrix;

fn mean_abs_diff(a: &DMatrix<f64>, b: &DMatrix<f64>) -> f64 {
    (a - b).abs().sum() / a.len() as f64
}

/// The headline test (after the book's ch05/gradient_check.py): backprop against central
/// differences with h = 1e-4 on the full 784-50-10 network, in f64.
fn gradient_check(activation: ActivationKind, init: WeightInit) {
    let mut rng = Rng::new(7);
    let mut net = TwoLayerNet::<f64>::new(784, 50, 10, activation, init, &mut rng);
    // Three inputs in [0, 1] like normalized pixels, with one-hot targets.
    let x = DMatrix::<f64>::from_fn(3, 784, |_, _| rng.uniform());
    let t = DMatrix::<f64>::from_fn(3, 10, |r, c| if c == [3, 7, 0][r] { 1.0 } else { 0.0 });
    let (_, backprop) = net.gradient(&x, &t);
    let numerical = net.numerical_gradient(&x, &t, 1e-4);
    for (name, (b, n)) in ["W1", "b1", "W2", "b2"].iter().zip(backprop.as_array().iter().zip(numerical.as_array())) {
        let diff = mean_abs_diff(b, n);
        println!("{activation:?} {name}: mean |backprop − numerical| = {diff:.3e}");
        assert!(diff < 1e-7, "{name}: gradient check failed, mean abs diff {diff:e}");
    }
}

#[test]
fn gradient_check_sigmoid_book_init() {
    gradient_check(ActivationKind::Sigmoid, WeightInit::Std(0.01));
}

#[test]
fn gradient_check_relu_he_init() {
    gradient_check(ActivationKind::Relu, WeightInit::He);
}

#[test]
fn softmax_stays_finite_and_sums_to_one_for_huge_inputs() {
    let x = DMatrix::from_row_slice(1, 3, &[1000.0f64, 1000.5, 999.0]);
    let y = softmax(&x);
    assert!(y.iter().all(|v| v.is_finite()));
    assert!((y.sum() - 1.0).abs() < 1e-12);
    // Closed form after the shift by 1000.5: e^(−0.5), e^0, e^(−1.5) over their sum.
    let z = [(-0.5f64).exp(), 1.0, (-1.5f64).exp()];
    let s: f64 = z.iter().sum();
    for (i, zi) in z.iter().enumerate() {
        assert!((y[(0, i)] - zi / s).abs() < 1e-12);
    }
    // Also in f32, where exp(1000) would be ∞ without the shift.
    let y32 = softmax(&DMatrix::from_row_slice(1, 3, &[1000.0f32, 1000.5, 999.0]));
    assert!(y32.iter().all(|v| v.is_finite()));
}

#[test]
fn cross_entropy_is_finite_when_true_class_has_probability_zero() {
    let y = DMatrix::from_row_slice(1, 3, &[0.0f64, 0.5, 0.5]);
    let t = DMatrix::from_row_slice(1, 3, &[1.0f64, 0.0, 0.0]);
    let loss = cross_entropy(&y, &t);
    assert!(loss.is_finite());
    assert!((loss - -(1e-7f64).ln()).abs() < 1e-9, "−log(δ) = 16.118…, got {loss}");
}

#[test]
fn log_space_loss_equals_cross_entropy_of_softmax() {
    let x = DMatrix::from_row_slice(2, 3, &[1.0f64, 2.0, 3.0, -1.0, 0.5, 0.0]);
    let t = DMatrix::from_row_slice(2, 3, &[0.0f64, 0.0, 1.0, 1.0, 0.0, 0.0]);
    let direct = cross_entropy(&softmax(&x), &t);
    let log_space = gradlab::nn::loss::softmax_cross_entropy(&x, &t);
    assert!((direct - log_space).abs() < 1e-6, "{direct} vs {log_space}");
    // Huge scores: still finite, and the right class at probability ≈ 1 costs ≈ 0.
    let big = DMatrix::from_row_slice(1, 2, &[1e4f64, -1e4]);
    let t1 = DMatrix::from_row_slice(1, 2, &[1.0f64, 0.0]);
    assert!(gradlab::nn::loss::softmax_cross_entropy(&big, &t1).abs() < 1e-12);
}

#[test]
fn losses_of_the_worked_example() {
    // y = [0.7, 0.2, 0.1], t = [1, 0, 0]: SSE = ½(0.09 + 0.04 + 0.01) = 0.07; CE = −ln 0.7 ≈ 0.3567.
    let y = DMatrix::from_row_slice(1, 3, &[0.7f64, 0.2, 0.1]);
    let t = DMatrix::from_row_slice(1, 3, &[1.0f64, 0.0, 0.0]);
    assert!((mean_squared_error(&y, &t) - 0.07).abs() < 1e-12);
    assert!((cross_entropy(&y, &t) - -(0.7f64 + 1e-7).ln()).abs() < 1e-12);
}

#[test]
fn sgd_moves_against_the_gradient() {
    let mut w = DMatrix::from_row_slice(1, 2, &[1.0f64, -2.0]);
    let g = DMatrix::from_row_slice(1, 2, &[0.5f64, -1.0]);
    Sgd { lr: 0.1 }.update(&mut [&mut w], &[&g]);
    assert_eq!(w, DMatrix::from_row_slice(1, 2, &[0.95, -1.9]));
}

#[test]
fn same_seed_same_weights() {
    let a = TwoLayerNet::<f32>::new(784, 50, 10, ActivationKind::Sigmoid, WeightInit::Std(0.01), &mut Rng::new(42));
    let b = TwoLayerNet::<f32>::new(784, 50, 10, ActivationKind::Sigmoid, WeightInit::Std(0.01), &mut Rng::new(42));
    assert_eq!(a.params(), b.params());
    assert_eq!(a.parameter_count(), 784 * 50 + 50 + 50 * 10 + 10);
    let w = a.params()[0];
    let std = (w.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / w.len() as f64).sqrt();
    assert!((std - 0.01).abs() < 0.0005, "book init std should be 0.01, got {std}");
}

#[test]
fn optimizers_first_steps_match_the_books_formulas() {
    use gradlab::nn::{MethodOptimizer, OptimizerKind};
    // One weight w = 1 with gradient g = 2 at every step, η = 0.1.
    let step = |kind, n: usize| {
        let mut w = DMatrix::from_element(1, 1, 1.0f64);
        let g = DMatrix::from_element(1, 1, 2.0f64);
        let mut opt = MethodOptimizer::new(kind, 0.1);
        (0..n).map(|_| { opt.update(&mut [&mut w], &[&g]); w[(0, 0)] }).collect::<Vec<_>>()
    };
    let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9);
    // SGD: 1 − 0.2 = 0.8, then 0.6.
    assert!(close(&step(OptimizerKind::Sgd, 2), &[0.8, 0.6]));
    // Momentum: v = −0.2 → 0.8; v = 0.9·(−0.2) − 0.2 = −0.38 → 0.42.
    assert!(close(&step(OptimizerKind::Momentum, 2), &[0.8, 0.42]));
    // AdaGrad: h = 4, Δ = −0.1·2/(2 + 1e-7); h = 8, Δ = −0.1·2/(√8 + 1e-7).
    let a1 = 1.0 - 0.2 / (2.0 + 1e-7);
    assert!(close(&step(OptimizerKind::AdaGrad, 2), &[a1, a1 - 0.2 / (8f64.sqrt() + 1e-7)]));
    // RMSprop: h = 0.01·4 = 0.04, Δ = −0.2/(0.2 + 1e-7).
    assert!(close(&step(OptimizerKind::RmsProp, 1), &[1.0 - 0.2 / (0.2 + 1e-7)]));
    // Adam, t = 1: ηₜ = 0.1·√0.001/0.1; m = 0.2, v = 0.004 → Δ = −ηₜ·0.2/(√0.004 + 1e-7) ≈ −0.1.
    let lr_t = 0.1 * (1.0f64 - 0.999).sqrt() / (1.0 - 0.9);
    assert!(close(&step(OptimizerKind::Adam, 1), &[1.0 - lr_t * 0.2 / (0.004f64.sqrt() + 1e-7)]));
}

#[test]
fn predict_loss_and_accuracy_agree_on_a_hand_made_network() {
    use gradlab::nn::Affine;
    // A 2-2-2 ReLU net that copies its input: W1 = W2 = I, b = 0. Class = the larger input.
    let mut net = TwoLayerNet::<f64>::new(2, 2, 2, ActivationKind::Relu, WeightInit::Std(0.0), &mut Rng::new(0));
    net.affine1 = Affine::new(DMatrix::identity(2, 2), DMatrix::zeros(1, 2));
    net.affine2 = Affine::new(DMatrix::identity(2, 2), DMatrix::zeros(1, 2));
    let x = DMatrix::from_row_slice(3, 2, &[3.0, 1.0, 0.0, 2.0, 5.0, 4.0]);
    assert_eq!(net.predict(&x), x, "ReLU of non-negative inputs is the identity");
    assert_eq!(net.accuracy(&x, &[0, 1, 1]), 2.0 / 3.0);
    // Loss of row (3, 1) with target 0: −log(e³ / (e³ + e¹)) = log(1 + e^(−2)).
    let t = DMatrix::from_row_slice(1, 2, &[1.0, 0.0]);
    let loss = net.loss(&x.rows(0, 1).into_owned(), &t);
    assert!((loss - (1.0 + (-2.0f64).exp()).ln()).abs() < 1e-12);
}

#[test]
fn softmax_with_squared_error_passes_the_gradient_check() {
    use gradlab::gradcheck::{compare, gradient_with_bugs};
    use gradlab::nn::LossKind;
    let mut rng = Rng::new(9);
    let mut net = TwoLayerNet::<f64>::new(30, 8, 10, ActivationKind::Sigmoid, WeightInit::Xavier, &mut rng)
        .with_loss(LossKind::SquaredError);
    let x = DMatrix::<f64>::from_fn(4, 30, |_, _| rng.uniform());
    let t = DMatrix::<f64>::from_fn(4, 10, |r, c| if c == [2, 5, 9, 0][r] { 1.0 } else { 0.0 });
    let (loss, backprop) = net.gradient(&x, &t);
    // the loss is ½ Σ (softmax − t)² averaged over the rows
    let y = softmax(&net.predict(&x));
    assert!((loss - 0.5 * (&y - &t).norm_squared() / 4.0).abs() < 1e-15);
    let numerical = net.numerical_gradient(&x, &t, 1e-4);
    for (name, d) in ["W1", "b1", "W2", "b2"].iter().zip(compare(&backprop, &numerical)) {
        println!("softmax + SSE {name}: {d:?}");
        assert!(d.mean_abs < 1e-7 && d.relative < 1e-6, "{name}: {d:?}");
    }
    // the hand-written backprop of the gradient check agrees with the layered one
    let by_hand = gradient_with_bugs(&net, &x, &t, &[]);
    assert!(compare(&by_hand, &backprop).iter().all(|d| d.relative < 1e-14));
}

#[test]
fn squared_error_through_softmax_fades_when_confidently_wrong_and_cross_entropy_does_not() {
    use gradlab::nn::loss::score_gradient_sum;
    use gradlab::nn::LossKind;
    // true class 0; scores make the network 99.99 % sure of class 1
    let scores = DMatrix::from_row_slice(1, 3, &[0.0f64, 10.0, 0.0]);
    let y = softmax(&scores);
    let t = DMatrix::from_row_slice(1, 3, &[1.0f64, 0.0, 0.0]);
    let ce = score_gradient_sum(LossKind::CrossEntropy, &y, &t);
    let sse = score_gradient_sum(LossKind::SquaredError, &y, &t);
    assert!((ce[0] - (y[0] - 1.0)).abs() < 1e-15, "CE: y − t");
    assert!(ce[0] < -0.99, "CE pushes the true score up at full strength: {}", ce[0]);
    assert!(sse[0].abs() < 1e-3, "SSE's push on the true score has faded: {}", sse[0]);
}

#[test]
fn each_schedule_reads_exactly_its_parameter_keys() {
    use gradlab::nn::{Schedule, ScheduleKind};
    // Changing a parameter changes some η(t) for t < 50 exactly when the kind names its key.
    let base = (0.5, 10, 0.01); // gamma, every, k
    let rates = |kind, (gamma, every, k): (f64, usize, f64)| -> Vec<f64> {
        let s = Schedule::new(kind, 0.1, gamma, every, k);
        (0..50).map(|t| s.lr(t)).collect()
    };
    for kind in ScheduleKind::ALL {
        let keys = kind.parameter_keys();
        let reads = |changed| rates(kind, changed) != rates(kind, base);
        assert_eq!(reads((0.25, 10, 0.01)), keys.contains(&"gamma"), "{} and gamma", kind.name());
        assert_eq!(reads((0.5, 7, 0.01)), keys.contains(&"every"), "{} and every", kind.name());
        assert_eq!(reads((0.5, 10, 0.02)), keys.contains(&"k"), "{} and k", kind.name());
    }
}
