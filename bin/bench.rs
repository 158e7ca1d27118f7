//! Native benchmark (npm run bench): the book's full setup — 784-50-10 sigmoid, std 0.01 init,
//! SGD η = 0.1, batch 100, 10,000 iterations on all 60,000 MNIST images — timed end to end.
//! Prints one JSON object per line. ms_per_step includes the per-epoch accuracy evaluations,
//! as the learner's run does.

use gradlab::config::TrainConfig;
use gradlab::data::files::{load_split, mnist_dir};
use gradlab::train::Trainer;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let dir = mnist_dir();
    let train = Arc::new(load_split(&dir, "train").unwrap_or_else(|e| panic!("{e}")));
    let test = Arc::new(load_split(&dir, "t10k").unwrap_or_else(|e| panic!("{e}")));
    let steps: usize = std::env::var("GRADLAB_BENCH_STEPS").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let query = format!("subset=60000&hidden=50&act=sigmoid&init=std&lr=0.1&batch=100&iters={steps}&seed=42");
    let mut trainer = Trainer::new(TrainConfig::from_query(&query), train, test).expect("valid config");
    let started = Instant::now();
    let ran = trainer.run(steps);
    let seconds = started.elapsed().as_secs_f64();
    let last = trainer.take_epochs().last().copied().expect("evaluated at the end");
    println!(
        "{{\"name\":\"two_layer_784_50_10_sigmoid_sgd0.1_b100_10k_60k\",\"env\":\"native\",\"steps\":{ran},\"ms_per_step\":{:.4},\"total_s\":{:.2},\"train_accuracy\":{:.4},\"test_accuracy\":{:.4}}}",
        1000.0 * seconds / ran as f64,
        seconds,
        last.train_accuracy,
        last.test_accuracy
    );
}
