//! Native benchmark (npm run bench): the book's full setup — 784-50-10 sigmoid, std 0.01 init,
//! SGD η = 0.1, batch 100, 10,000 iterations on all 60,000 MNIST images — timed end to end.
//! Prints one JSON object per line. ms_per_step includes the per-epoch accuracy evaluations,
//! as the learner's run does.
//!
//! `pure_step` lines: the training step alone (blocks of steps without an epoch boundary), for
//! the allocation-free step and for the readable layers, alternating in the same run; the
//! `pure_step_ratio` line compares them (timings drift on a shared machine, ratios less so).

use gradlab::config::TrainConfig;
use gradlab::data::files::{load_split, mnist_dir};
use gradlab::train::Trainer;
use std::sync::Arc;
use std::time::Instant;

const BOOK_SETUP: &str = "subset=60000&hidden=50&act=sigmoid&init=std&lr=0.1&batch=100&seed=42";
const ROUNDS: usize = 11;
const BLOCK: usize = 100;

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// ms per step of the book's setup, fast step and readable layers alternating block by block.
fn pure_steps(train: &Arc<gradlab::data::Dataset>, test: &Arc<gradlab::data::Dataset>) {
    let systems = [("gradlab-fast", true), ("gradlab-readable", false)];
    let mut trainers: Vec<Trainer> = systems
        .iter()
        .map(|&(_, fast)| {
            let config = TrainConfig::from_query(&format!("{BOOK_SETUP}&iters=1000000"));
            let mut t = Trainer::new(config, train.clone(), test.clone()).expect("valid config");
            assert_eq!(t.use_fast_step(fast), fast);
            t.run(20); // warm-up
            t
        })
        .collect();
    let mut blocks = vec![Vec::new(); systems.len()];
    for _ in 0..ROUNDS {
        for (t, ms) in trainers.iter_mut().zip(&mut blocks) {
            let epoch = t.iterations_per_epoch();
            if t.iteration() % epoch + BLOCK >= epoch {
                t.run(epoch - t.iteration() % epoch); // past the evaluation, untimed
            }
            let started = Instant::now();
            t.run(BLOCK);
            ms.push(1000.0 * started.elapsed().as_secs_f64() / BLOCK as f64);
        }
    }
    for ((name, _), ms) in systems.iter().zip(&blocks) {
        let shown: Vec<String> = ms.iter().map(|v| format!("{v:.4}")).collect();
        println!(
            "{{\"name\":\"pure_step\",\"env\":\"native\",\"system\":\"{name}\",\"setup\":\"{BOOK_SETUP}\",\"ms_per_step\":{:.4},\"block_ms_per_step\":[{}]}}",
            median(ms),
            shown.join(",")
        );
    }
    // one evaluation of all 70,000 images (train + test), as at every epoch's end
    let evals: Vec<f64> = (0..3)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(trainers[0].evaluate());
            1000.0 * started.elapsed().as_secs_f64()
        })
        .collect();
    println!("{{\"name\":\"eval_70k_ms\",\"env\":\"native\",\"ms\":{:.2}}}", median(&evals));
    let ratios: Vec<f64> = blocks[1].iter().zip(&blocks[0]).map(|(r, f)| r / f).collect();
    println!("{{\"name\":\"pure_step_ratio\",\"env\":\"native\",\"readable_over_fast\":{:.3}}}", median(&ratios));
}

fn main() {
    let dir = mnist_dir();
    let train = Arc::new(load_split(&dir, "train").unwrap_or_else(|e| panic!("{e}")));
    let test = Arc::new(load_split(&dir, "t10k").unwrap_or_else(|e| panic!("{e}")));
    pure_steps(&train, &test);
    if std::env::args().any(|a| a == "--pure-only") {
        return;
    }
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
