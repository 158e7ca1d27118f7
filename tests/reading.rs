//! The drawing view's reading of an image (crate/reading.rs): the guess rule, the bar levels and
//! the most active units, on hand-built networks whose outputs are known in closed form.

use gradlab::nn::loss::softmax;
use gradlab::nn::{Activation, ActivationKind, Affine, TwoLayerNet, WeightInit};
use gradlab::reading::{Guess, Reading, TileLayout, MOST_ACTIVE_UNITS, UNSURE_BELOW};
use gradlab::rng::Rng;
use nalgebra::DMatrix;

/// A 3-input, 4-hidden, 3-output net whose first layer copies the inputs into hidden units 0..3
/// (unit 3 gets −1 from every input) and whose second layer is given.
fn net(activation: ActivationKind, w2: &[f32]) -> TwoLayerNet<f32> {
    let mut net = TwoLayerNet::<f32>::new(3, 4, 3, activation, WeightInit::Std(0.01), &mut Rng::new(1));
    #[rustfmt::skip]
    let w1 = DMatrix::from_row_slice(3, 4, &[
        1.0, 0.0, 0.0, -1.0,
        0.0, 1.0, 0.0, -1.0,
        0.0, 0.0, 1.0, -1.0,
    ]);
    net.affine1 = Affine::new(w1, DMatrix::zeros(1, 4));
    net.affine2 = Affine::new(DMatrix::from_row_slice(4, 3, w2), DMatrix::zeros(1, 3));
    net.activation = Activation::new(activation);
    net
}

#[test]
fn the_guess_is_sure_from_half_the_probability_and_names_two_digits_below() {
    assert_eq!(UNSURE_BELOW, 0.5);
    assert_eq!(Guess::from_probabilities(&[0.2, 0.5, 0.3]), Guess::Sure { digit: 1, probability: 0.5 });
    assert_eq!(
        Guess::from_probabilities(&[0.2, 0.45, 0.35]),
        Guess::Unsure { first: 1, first_probability: 0.45, second: 2, second_probability: 0.35 }
    );
    assert_eq!(Guess::from_probabilities(&[0.3, 0.3, 0.4]).top(), 2);
}

#[test]
fn one_forward_pass_gives_what_three_used_to() {
    // ReLU: hidden = (x0, x1, x2, 0) for x ≥ 0; scores = hidden · W2.
    let w2 = [1.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, -3.0, 5.0, 5.0, 5.0];
    let net = net(ActivationKind::Relu, &w2);
    let x = DMatrix::from_row_slice(1, 3, &[0.5, 0.25, 1.0]);
    let r = Reading::of(&net, &x);
    assert_eq!(r.hidden, vec![0.5, 0.25, 1.0, 0.0]);
    assert_eq!(r.scores, vec![0.5, 0.5, -3.0]);
    let expected: Vec<f32> = softmax(&net.predict(&x)).iter().copied().collect();
    assert_eq!(r.probabilities, expected);
    // |score| / largest |score|.
    assert_eq!(r.score_levels, vec![0.5 / 3.0, 0.5 / 3.0, 1.0]);
    // ReLU levels are relative to the most active unit; unit 3 is 0 and never "most active".
    assert_eq!(r.hidden_levels, vec![0.5, 0.25, 1.0, 0.0]);
    assert_eq!(r.most_active, vec![2, 0, 1]);
    assert_eq!(r.most_active_numbers, vec![3, 1, 2], "the page names units from #1");
    assert_eq!(r.active_count, 3);
    assert_eq!(r.active_above, 0.0, "a ReLU unit is on once it responds at all");
    // Scores 0.5, 0.5, −3: the first two share the probability, each just under one half.
    assert!(matches!(r.guess, Guess::Unsure { first: 0, second: 1, .. }), "{:?}", r.guess);
}

#[test]
fn sigmoid_units_are_on_above_one_half_and_keep_their_level() {
    let net = net(ActivationKind::Sigmoid, &[0.0; 12]);
    let x = DMatrix::from_row_slice(1, 3, &[2.0, -2.0, 0.0]);
    let r = Reading::of(&net, &x);
    let sigmoid = |v: f32| 1.0 / (1.0 + (-v).exp());
    assert_eq!(r.hidden_levels, vec![sigmoid(2.0), sigmoid(-2.0), 0.5, sigmoid(0.0)]);
    // Only unit 0 (σ(2) ≈ 0.88) is above 0.5; σ(0) = 0.5 exactly is not "on".
    assert_eq!(r.active_count, 1);
    assert_eq!(r.active_above, 0.5, "the level the page names: a sigmoid's midpoint");
    assert_eq!(r.most_active.len(), MOST_ACTIVE_UNITS.min(4));
    assert_eq!(r.most_active[0], 0);
    // All scores 0: equal probabilities, no score bar longer than another.
    assert!(r.score_levels.iter().all(|&l| l == 0.0));
    assert!(matches!(r.guess, Guess::Unsure { .. }));
}

#[test]
fn weight_tiles_form_a_near_square_grid_within_the_width() {
    // 50 units (the book's net): ⌈√50⌉ = 8 columns, 7 rows; 580 px / (8 × 29) → scale 2.
    assert_eq!(TileLayout::new(50, 28, 580), TileLayout { units: 50, cols: 8, rows: 7, scale: 2, tile: 58 });
    // 1,000 units: 32 columns would need 928 px at scale 1 — scale stays at least 1.
    assert_eq!(TileLayout::new(1000, 28, 580).scale, 1);
    assert_eq!(TileLayout::new(1, 28, 580), TileLayout { units: 1, cols: 1, rows: 1, scale: 20, tile: 562 });
}
