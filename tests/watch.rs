//! "Watch it learn" (crate::watch): the fixed sample, the readings of a network, the weight
//! pictures' colour map, and the Trainer's readings as training goes on. Synthetic data: class
//! c is a bright 4-row band at rows 2c.., so a small network learns it in a few hundred steps.

use gradlab::config::TrainConfig;
use gradlab::data::Dataset;
use gradlab::nn::{ActivationKind, TwoLayerNet, WeightInit};
use gradlab::rng::Rng;
use gradlab::train::{watch_copy, Trainer};
use gradlab::watch::{diverging, fixed_sample, weight_pictures, WatchReading, WatchSample, MIDDLE, NEGATIVE, POSITIVE, WATCH_DIGITS};
use std::sync::Arc;

const SIDE: usize = 28;

/// `n` images; image i has label (i × 7) mod 10 (classes interleaved, not sorted) and noise.
fn bands(n: usize, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let labels: Vec<u8> = (0..n).map(|i| ((i * 7) % 10) as u8).collect();
    let mut pixels = vec![0u8; n * SIDE * SIDE];
    for (i, &label) in labels.iter().enumerate() {
        for p in 0..SIDE * SIDE {
            let row = p / SIDE;
            let on = row >= 2 * label as usize + 4 && row < 2 * label as usize + 8;
            let noise = (rng.uniform() * 60.0) as u8;
            pixels[i * SIDE * SIDE + p] = if on { 255 - noise } else { noise };
        }
    }
    Dataset::new(SIDE, SIDE, pixels, labels).unwrap()
}

#[test]
fn the_sample_is_fixed_five_of_each_class_ordered_by_class() {
    let test = bands(300, 1);
    let a = fixed_sample(test.labels(), WATCH_DIGITS, 10);
    assert_eq!(a, fixed_sample(test.labels(), WATCH_DIGITS, 10), "the same rule gives the same digits");
    assert_eq!(a.len(), 50);
    let labels: Vec<u8> = a.iter().map(|&i| test.label(i)).collect();
    let expected: Vec<u8> = (0..10u8).flat_map(|c| [c; 5]).collect();
    assert_eq!(labels, expected, "five of each class, class by class");
    // the earliest of each class: label (i × 7) mod 10 = 0 at i = 0, 10, 20, …
    assert_eq!(&a[..5], &[0, 10, 20, 30, 40]);
    // a test set that cannot give five of class 9 still gives 50 digits, all different
    let short: Vec<u8> = (0..60).map(|i| if i < 58 { (i % 9) as u8 } else { 9 }).collect();
    let s = fixed_sample(&short, WATCH_DIGITS, 10);
    assert_eq!(s.len(), 50);
    let mut unique = s.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 50);
    assert_eq!(fixed_sample(&[3, 1], WATCH_DIGITS, 10).len(), 2, "never more digits than the test set has");
}

#[test]
fn the_sample_pictures_are_ink_on_paper() {
    let test = bands(100, 2);
    let sample = WatchSample::of(&test);
    assert_eq!(sample.rgba.len(), 50 * SIDE * SIDE * 4);
    let first = sample.indices[0];
    for p in [0, 5 * SIDE + 3, 27 * SIDE + 27] {
        let v = 255 - test.image(first)[p];
        assert_eq!(&sample.rgba[p * 4..p * 4 + 4], &[v, v, v, 255], "pixel {p}");
    }
}

#[test]
fn guesses_are_the_argmax_of_the_forward_pass_and_probabilities_sum_to_one() {
    let test = bands(200, 3);
    let mut rng = Rng::new(4);
    let net = TwoLayerNet::<f32>::new(SIDE * SIDE, 30, 10, ActivationKind::Sigmoid, WeightInit::Std(0.5), &mut rng);
    let indices = fixed_sample(test.labels(), WATCH_DIGITS, 10);
    let reading = WatchReading::of(&net, &test, &indices, 1.0 / 255.0, 17);
    assert_eq!(reading.iteration, 17);
    assert_eq!(reading.classes, 10);
    let scores = net.predict(&test.inputs::<f32>(&indices));
    let mut correct = 0;
    for (d, &i) in indices.iter().enumerate() {
        let row: Vec<f32> = scores.row(d).iter().copied().collect();
        let argmax = (0..10).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap();
        assert_eq!(reading.guesses[d] as usize, argmax, "digit {d}");
        let p = &reading.probabilities[d * 10..d * 10 + 10];
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5, "digit {d}: Σp = {}", p.iter().sum::<f32>());
        let top = (0..10).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
        assert_eq!(top, argmax, "the largest probability is the guess");
        correct += usize::from(argmax == test.label(i) as usize);
        assert_eq!(reading.right[d], argmax == test.label(i) as usize, "digit {d}: right when the guess is its label");
    }
    assert_eq!(reading.correct, correct);
    // The untrained net gets some wrong: the wrong count is the rest of the fifty.
    assert_eq!(reading.wrong, WATCH_DIGITS - correct);
    assert!(reading.wrong > 0, "an untrained net misreads some digits");
    assert_eq!(reading.right.len(), WATCH_DIGITS);
    assert_eq!(reading.weight_count, 12);
    assert_eq!(reading.weight_units, (1..=12).collect::<Vec<_>>(), "units are named from 1");
    assert_eq!(reading.weights_rgba.len(), 12 * SIDE * SIDE * 4);
}

#[test]
fn the_page_can_know_the_weight_pictures_count_before_a_run() {
    // what the page makes canvases for while idle (watchWeightCount) is what a reading sends
    assert_eq!(gradlab::watch::weight_count(50), 12);
    assert_eq!(gradlab::watch::weight_count(12), 12);
    assert_eq!(gradlab::watch::weight_count(5), 5);
    assert_eq!(gradlab::watch::weight_count(1000), 12);
}

#[test]
fn weight_pictures_put_zero_in_the_middle_of_the_map() {
    assert_eq!(diverging(0.0), MIDDLE);
    assert_eq!(diverging(1.0), POSITIVE);
    assert_eq!(diverging(-1.0), NEGATIVE);
    assert_eq!(diverging(7.0), POSITIVE, "clamped");
    let mut rng = Rng::new(5);
    let mut net = TwoLayerNet::<f32>::new(SIDE * SIDE, 3, 10, ActivationKind::Relu, WeightInit::He, &mut rng);
    // unit 0: zero, then its largest positive and negative weight (scaled per picture: ±0.5 is its extreme)
    net.affine1.w.column_mut(0).fill(0.0);
    net.affine1.w[(1, 0)] = 0.5;
    net.affine1.w[(2, 0)] = -0.5;
    net.affine1.w[(3, 0)] = 0.25;
    // unit 1: all zero — no largest weight to scale by, still the middle colour
    net.affine1.w.column_mut(1).fill(0.0);
    let rgba = weight_pictures(&net, 12);
    assert_eq!(rgba.len(), 3 * SIDE * SIDE * 4, "only as many pictures as hidden units");
    let px = |unit: usize, p: usize| -> [u8; 3] {
        let i = (unit * SIDE * SIDE + p) * 4;
        [rgba[i], rgba[i + 1], rgba[i + 2]]
    };
    assert_eq!(px(0, 0), MIDDLE);
    assert_eq!(px(0, 1), POSITIVE);
    assert_eq!(px(0, 2), NEGATIVE);
    assert_eq!(px(0, 3), diverging(0.5));
    assert!((0..SIDE * SIDE).all(|p| px(1, p) == MIDDLE));
}

#[test]
fn the_trainer_reads_the_sample_as_a_snapshot_would_and_learns_it() {
    let train = Arc::new(bands(1000, 6));
    let test = Arc::new(bands(300, 7));
    let config = TrainConfig::from_query("subset=1000&hidden=20&lr=0.5&batch=50&iters=400&seed=3");
    let mut trainer = Trainer::new(config.clone(), train, test.clone()).unwrap();
    let untrained = trainer.watch();
    assert_eq!(untrained.iteration, 0);
    assert_eq!(untrained, watch_copy(trainer.net(), &config, &test, 0), "the second worker's reading of a snapshot is the same");
    trainer.run(400);
    let trained = trainer.watch();
    assert_eq!(trained.iteration, 400);
    assert_ne!(trained.guesses, untrained.guesses, "the guesses change as the network learns");
    assert!(trained.correct > untrained.correct && trained.correct >= 45, "{} → {} of 50 right", untrained.correct, trained.correct);
}
