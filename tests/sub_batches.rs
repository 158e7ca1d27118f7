//! A step taken in sub-batches (the worker's bounded units of work) equals the one-shot step:
//! the same losses and weights within 1e-5, on the fast path, the readable path and with the
//! "no batch division" bug; a heavy configuration's step is split into units; the estimate of
//! memory and time per step comes from the configuration.
mod common;

use gradlab::config::TrainConfig;
use gradlab::train::{sub_batch_size, StepEstimate, Trainer, MEMORY_LIMIT_BYTES};
use std::sync::Arc;

/// Largest |a − b| over all parameters of the two trainers' networks.
fn max_weight_difference(a: &Trainer, b: &Trainer) -> f32 {
    let (pa, pb) = (a.net().params(), b.net().params());
    pa.iter().zip(pb.iter()).flat_map(|(x, y)| x.iter().zip(y.iter()).map(|(u, v)| (u - v).abs())).fold(0.0, f32::max)
}

fn trainers(query: &str, sub_batch: usize) -> (Trainer, Trainer) {
    let data = Arc::new(common::load_mnist("t10k"));
    let one_shot = Trainer::new(TrainConfig::from_query(query), data.clone(), data.clone()).unwrap();
    let mut split = Trainer::new(TrainConfig::from_query(query), data.clone(), data).unwrap();
    assert!(one_shot.sub_batch_size() >= 300, "{query}: the batch of 300 is one unit by default");
    split.set_sub_batch_size(sub_batch);
    (one_shot, split)
}

#[test]
fn a_step_split_into_sub_batches_equals_the_one_shot_step() {
    // 300 = 4 × 70 + 20: uneven sub-batches, weighted by their sizes
    for query in [
        "subset=2000&hidden=30&batch=300&iters=20&seed=7&lr=0.5",
        "subset=2000&hidden=30&batch=300&iters=20&seed=7&lr=0.5&loss=sse",
        "subset=2000&hidden=30&batch=300&iters=20&seed=7&lr=0.005&bug=no-batch-division",
        "subset=2000&hidden=30&batch=300&iters=20&seed=7&opt=adam&lr=0.01&act=relu",
    ] {
        let (mut one_shot, mut split) = trainers(query, 70);
        assert_eq!(one_shot.run(20), 20);
        assert_eq!(split.run(20), 20);
        let (a, b) = (one_shot.take_losses(), split.take_losses());
        let loss_diff = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max);
        let weight_diff = max_weight_difference(&one_shot, &split);
        println!("{query}: max loss difference {loss_diff:.2e}, max weight difference {weight_diff:.2e}");
        assert!(loss_diff < 1e-5, "{query}: losses differ by {loss_diff}");
        assert!(weight_diff < 1e-5, "{query}: weights differ by {weight_diff}");
    }
}

#[test]
fn a_heavy_step_takes_several_units_and_its_evaluation_more() {
    // hidden 1000: a unit is 60 M multiply-adds ≈ 25 images forward and backward
    assert_eq!(sub_batch_size(784, 1000, 10), 25);
    assert_eq!(sub_batch_size(784, 50, 10), 503, "the book's batch of 100 stays one unit");
    let data = Arc::new(common::load_mnist("t10k"));
    let config = TrainConfig::from_query("subset=1000&hidden=1000&batch=1000&iters=1&seed=3");
    let mut trainer = Trainer::new(config, data.clone(), data).unwrap();
    // a budget of 1 multiply-add runs exactly one piece: 3 × 25 × 794,000 for a sub-batch
    for _ in 0..39 {
        assert_eq!(trainer.work(1), 3 * 25 * 794_000);
    }
    assert_eq!(trainer.iteration(), 0, "39 of the step's 40 sub-batches done");
    assert_eq!(trainer.work(1), 3 * 25 * 794_000);
    assert_eq!(trainer.iteration(), 1);
    assert!(trainer.evaluating(), "the last iteration evaluates, in blocks");
    let mut blocks = 0;
    while !trainer.finished() {
        assert!(trainer.work(1) <= 75 * 794_000);
        blocks += 1;
    }
    // 1000 training + 10,000 test images, 75 images per block (60 M / 794,000 multiply-adds)
    assert_eq!(blocks, 1000_usize.div_ceil(75) + 10_000_usize.div_ceil(75));
    let epochs = trainer.take_epochs();
    assert_eq!(epochs.len(), 1);
    let whole = trainer.evaluate();
    assert_eq!((epochs[0].train_accuracy, epochs[0].test_accuracy), (whole.train_accuracy, whole.test_accuracy));
}

#[test]
fn the_estimate_follows_the_configuration() {
    let book = StepEstimate::of(&TrainConfig::from_query("subset=60000&hidden=50&batch=100"), 784, 10_000);
    // 3 passes × 100 images × (784·50 + 50·10) multiply-adds at 5 GMAC/s
    assert!((book.ms_per_step - 3.0 * 100.0 * 39_700.0 / 5e6).abs() < 1e-9, "{book:?}");
    assert_eq!(book.units_per_step, 1);
    assert!(!book.heavy() && book.fits());
    let heavy = StepEstimate::of(&TrainConfig::from_query("subset=60000&hidden=1000&batch=60000&iters=3"), 784, 10_000);
    // 3 × 60,000 × 794,000 multiply-adds = 28.6 s per step on a slow core
    assert!((heavy.ms_per_step - 28_584.0).abs() < 1.0, "{heavy:?}");
    assert_eq!(heavy.units_per_step, 60_000 / 25);
    assert!(heavy.heavy() && heavy.fits());
    // 2 copies of 70,000 images of 784 bytes dominate; the sub-batch keeps activations small
    assert!(heavy.bytes > 2 * 70_000 * 784 && heavy.bytes < 200_000_000, "{heavy:?}");
    assert!(heavy.bytes < MEMORY_LIMIT_BYTES);
}

#[test]
fn before_loading_the_estimate_assumes_28_by_28_images_and_a_full_test_set() {
    // idx::MAX_IMAGE_PIXELS = 28·28 = 784 and idx::MAX_TEST_IMAGES = 10,000: MNIST's sizes,
    // the largest the reader accepts, taken while the page does not know the test set's size.
    let config = TrainConfig::from_query("subset=60000&hidden=1000&batch=60000&iters=3");
    assert_eq!(StepEstimate::before_loading(&config, None), StepEstimate::of(&config, 784, 10_000));
    assert_eq!(StepEstimate::before_loading(&config, Some(2000)), StepEstimate::of(&config, 784, 2000));
    // A smaller test set (8,000 images fewer) costs less memory and evaluation time.
    let (full, small) = (StepEstimate::before_loading(&config, None), StepEstimate::before_loading(&config, Some(2000)));
    assert!(small.ms_per_evaluation < full.ms_per_evaluation && small.bytes < full.bytes);
}

#[test]
fn a_run_beyond_the_memory_limit_is_refused_with_its_estimate() {
    // images of 100,000 pixels (no real dataset has them; the arithmetic is what is tested)
    let estimate = StepEstimate::of(&TrainConfig::from_query("subset=60000&hidden=1000&batch=60000"), 100_000, 10_000);
    assert!(!estimate.fits(), "{estimate:?}");
    assert!(estimate.bytes > 14_000_000_000, "u64 arithmetic: {} bytes", estimate.bytes);
}

#[test]
fn an_evaluation_of_a_copy_gives_the_trainers_own_epoch_records() {
    // 2000 images, batch 100: epochs end at 20 and 40; sorted data and raw pixels change the
    // order and the scale, which the copy's evaluation must follow too
    let data = Arc::new(common::load_mnist("t10k"));
    for query in ["subset=2000&hidden=20&batch=100&iters=40&seed=5", "subset=2000&hidden=20&batch=100&iters=40&seed=5&sorted=1&norm=0&lr=0.001"] {
        let config = TrainConfig::from_query(query);
        let mut inline = Trainer::new(config.clone(), data.clone(), data.clone()).unwrap();
        let mut deferred = Trainer::new(config.clone(), data.clone(), data.clone()).unwrap();
        deferred.defer_evaluation(true);
        inline.run(40);
        let expected = inline.take_epochs();
        let mut records = Vec::new();
        while !deferred.finished() || deferred.snapshot_due() {
            deferred.work(u64::MAX);
            if let Some(net) = deferred.take_snapshot() {
                records.push(gradlab::train::evaluate_copy(&net, &config, &data, &data, deferred.iteration()));
            }
        }
        assert!(deferred.take_epochs().is_empty(), "nothing evaluated in the training trainer");
        assert_eq!(records, expected, "{query}");
        assert_eq!(records.iter().map(|r| r.iteration).collect::<Vec<_>>(), [20, 40]);
    }
}
