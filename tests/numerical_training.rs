//! Training with the numerical gradient follows training with backpropagation step by step
//! (section 4.5 of the chapter trains with `numerical_gradient`), on real MNIST.

mod common;

use gradlab::numerical_training::{numerical_step_cost_ratio, projected_book_seconds, NumericalTraining, LESSON};

#[test]
fn numerical_gradient_training_matches_backprop_training_step_by_step() {
    let data = common::load_mnist("train");
    // the lesson's tiny network: 784-10-10 on 100 images, batches of 10
    let steps = 3;
    assert_eq!((LESSON.images, LESSON.hidden, LESSON.batch), (100, 10, 10));
    let mut run = NumericalTraining::new(&data, LESSON.images, LESSON.hidden, LESSON.batch, LESSON.lr, steps, 42);
    assert_eq!(run.parameter_count(), 784 * 10 + 10 + 10 * 10 + 10);
    let started = std::time::Instant::now();
    while !run.finished() {
        run.advance(2000);
    }
    let per_step = started.elapsed().as_secs_f64() / steps as f64;
    assert_eq!(run.first_untaken_step(), 0);
    let losses = run.take_losses();
    assert_eq!(losses.len(), steps + 1, "the start and one loss per step");
    assert_eq!((run.take_losses(), run.first_untaken_step()), (Vec::new(), steps + 1), "taken once, then the next step's");
    for (k, (numerical, backprop)) in losses.iter().enumerate() {
        println!("after {k} steps: loss on the 100 images {numerical:.9} (numerical gradient), {backprop:.9} (backprop)");
        assert!((numerical - backprop).abs() < 1e-6, "step {k}: {numerical} vs {backprop}");
    }
    // The gap the page shows: the largest of those differences, kept by the run itself.
    let largest = losses.iter().map(|(n, b)| (n - b).abs()).fold(0.0, f64::max);
    println!("largest loss difference {:e}", run.gap().unwrap());
    assert_eq!(run.gap(), Some(largest));
    println!("{per_step:.3} s per numerical step; weights differ by at most {:e}", run.max_weight_difference());
    assert!(run.max_weight_difference() < 1e-6);
    assert_eq!(run.advance(10), steps, "a finished run stays finished");
}

#[test]
fn the_projection_to_the_books_setup_scales_parameters_and_forward_cost() {
    // the same network: ratio 1; twice the batch: twice the forward cost
    assert_eq!(numerical_step_cost_ratio([784, 10, 10], 10, [784, 10, 10], 10), 1.0);
    assert_eq!(numerical_step_cost_ratio([784, 10, 10], 10, [784, 10, 10], 20), 2.0);
    // 784-50-10 on 100 vs 784-10-10 on 10: (39,760 / 7,960) parameters × (100·39,700 / 10·7,940)
    let r = numerical_step_cost_ratio([784, 10, 10], 10, [784, 50, 10], 100);
    assert!((r - (39_760.0 / 7_960.0) * (3_970_000.0 / 79_400.0)).abs() < 1e-9, "{r}");
    // one second per lesson step → the book's 10,000 steps take r · 10,000 seconds
    assert!((projected_book_seconds(1.0) - r * 10_000.0).abs() < 1e-6);
}
