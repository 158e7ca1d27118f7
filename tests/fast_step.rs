//! The Trainer's allocation-free f32 step (nn::fast) computes what the readable layers compute:
//! the same loss curve within 1e-4 over 200 steps, the same gradients, and it stands aside for
//! the lesson features it does not cover.
mod common;

use gradlab::config::TrainConfig;
use gradlab::nn::fast::FastStep;
use gradlab::nn::{ActivationKind, TwoLayerNet, WeightInit};
use gradlab::rng::Rng;
use gradlab::train::Trainer;
use std::sync::Arc;

/// Losses of `steps` steps of the run `query`, through the fast step or the readable layers.
fn losses(query: &str, steps: usize, fast: bool, data: &(Arc<gradlab::data::Dataset>, Arc<gradlab::data::Dataset>)) -> Vec<f32> {
    let mut trainer = Trainer::new(TrainConfig::from_query(query), data.0.clone(), data.1.clone()).unwrap();
    assert_eq!(trainer.use_fast_step(fast), fast, "{query}: the fast step should apply");
    assert_eq!(trainer.run(steps), steps);
    trainer.take_losses()
}

fn assert_same_curve(query: &str, steps: usize, data: &(Arc<gradlab::data::Dataset>, Arc<gradlab::data::Dataset>)) {
    let (fast, readable) = (losses(query, steps, true, data), losses(query, steps, false, data));
    let worst = fast.iter().zip(&readable).map(|(f, r)| (f - r).abs()).fold(0.0, f32::max);
    println!("{query}: largest loss difference over {steps} steps {worst:.2e}; last {} vs {}", fast[steps - 1], readable[steps - 1]);
    for (i, (f, r)) in fast.iter().zip(&readable).enumerate() {
        assert!((f - r).abs() <= 1e-4, "{query}: step {i}: fast loss {f} vs readable {r}");
    }
    assert!(readable[steps - 1] < readable[0] - 0.1, "{query}: the run should learn, {} → {}", readable[0], readable[steps - 1]);
}

fn mnist() -> (Arc<gradlab::data::Dataset>, Arc<gradlab::data::Dataset>) {
    (Arc::new(common::load_mnist("train")), Arc::new(common::load_mnist("t10k")))
}

#[test]
fn the_book_setup_gives_the_same_loss_curve_over_200_steps() {
    let data = mnist();
    assert_same_curve("subset=60000&hidden=50&act=sigmoid&init=std&lr=0.1&batch=100&iters=10000&seed=42", 200, &data);
}

#[test]
fn relu_adam_and_the_loss_without_delta_give_the_same_curve_too() {
    let data = mnist();
    assert_same_curve("subset=5000&hidden=30&act=relu&init=he&lr=0.001&opt=adam&batch=64&iters=1000&seed=5", 200, &data);
    assert_same_curve("subset=5000&hidden=50&act=sigmoid&init=xavier&lr=0.5&opt=momentum&delta=0&batch=100&iters=1000&seed=6", 200, &data);
}

#[test]
fn a_full_batch_smaller_than_the_batch_size_uses_buffers_of_its_size() {
    let data = mnist();
    assert_same_curve("subset=300&hidden=20&act=sigmoid&init=xavier&lr=1&batch=500&iters=100&seed=8", 50, &data);
}

#[test]
fn bugs_and_the_squared_error_keep_the_readable_layers() {
    let data = mnist();
    for query in ["subset=1000&bug=no-batch-division&iters=10&seed=1", "subset=1000&loss=sse&iters=10&seed=1"] {
        let mut trainer = Trainer::new(TrainConfig::from_query(query), data.0.clone(), data.1.clone()).unwrap();
        assert!(!trainer.use_fast_step(true), "{query}: not covered by the fast step");
        assert_eq!(trainer.run(10), 10);
    }
}

#[test]
fn the_fast_gradient_equals_backprop_through_the_layers() {
    let data = common::load_mnist("t10k");
    for activation in ActivationKind::ALL {
        let mut net = TwoLayerNet::<f32>::new(784, 50, 10, activation, WeightInit::Xavier, &mut Rng::new(3));
        let indices: Vec<usize> = (0..37).map(|i| i * 13).collect(); // an odd batch size
        let mut fast = FastStep::new(&net, indices.len()).unwrap();
        fast.gather(&data, &indices, 1.0 / 255.0);
        let fast_loss = fast.gradient(&net);
        let (loss, grads) = net.gradient(&data.inputs::<f32>(&indices), &data.one_hot::<f32>(&indices));
        assert!((fast_loss - loss).abs() < 1e-5, "{activation:?}: loss {fast_loss} vs {loss}");
        for (name, (f, r)) in ["W1", "b1", "W2", "b2"].iter().zip(fast.gradients().as_array().into_iter().zip(grads.as_array())) {
            assert_eq!(f.shape(), r.shape(), "{name}");
            let worst = (f - r).abs().max();
            assert!(worst < 1e-6, "{activation:?} {name}: largest difference {worst:e}");
        }
        let y = net.last_output().transpose(); // row-major as a slice
        let worst = fast.probabilities().iter().zip(y.as_slice()).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(worst < 1e-6, "{activation:?}: softmax differs by {worst:e}");
    }
}

#[test]
fn the_fast_evaluation_counts_what_the_layers_count() {
    let data = common::load_mnist("t10k");
    let indices: Vec<usize> = (0..data.len()).rev().collect(); // 10 blocks, in another order
    for (activation, seed) in [(ActivationKind::Sigmoid, 1), (ActivationKind::Relu, 2)] {
        let net = TwoLayerNet::<f32>::new(784, 50, 10, activation, WeightInit::Xavier, &mut Rng::new(seed));
        let fast = gradlab::nn::fast::correct_count(&net, &data, &indices, 1.0 / 255.0);
        let readable: usize = indices
            .chunks(1000)
            .map(|b| net.correct_count(&data.inputs::<f32>(b), &b.iter().map(|&i| data.label(i)).collect::<Vec<_>>()))
            .sum();
        println!("{activation:?}: {fast} vs {readable} correct of 10,000");
        // an untrained net: some rows are near-ties that rounding may tip
        assert!(fast.abs_diff(readable) <= 2, "{activation:?}: fast {fast} vs readable {readable}");
        assert!(readable > 300, "a random net still gets some right: {readable}");
    }
}
