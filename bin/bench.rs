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

/// Where the fast step's time goes: each product of the book's step alone, on the SIMD blocks that
/// wasm runs (and, for the two large ones, the dispatching product that native runs).
fn kernel_breakdown(train: &gradlab::data::Dataset) {
    use gradlab::nn::kernels::{gemm_nn, gemm_nt, gemm_tn, simd_gemm_nt, simd_gemm_tn, sparse_times_dense, transpose, SparseRows};
    let (n, d, h, k) = (100, 784, 50, 10);
    let fill = |len: usize| (0..len).map(|i| ((i * 7919 % 1000) as f32 - 500.0) / 5000.0).collect::<Vec<f32>>();
    let (x, w1, z1, w2, dy, dz1) = (fill(n * d), fill(d * h), fill(n * h), fill(h * k), fill(n * k), fill(n * h));
    let (mut out_h, mut out_k, mut out_w1, mut out_w2) = (vec![0.0; n * h], vec![0.0; n * k], vec![0.0; d * h], vec![0.0; h * k]);
    let time = |f: &mut dyn FnMut()| {
        let ms: Vec<f64> = (0..9)
            .map(|_| {
                let started = Instant::now();
                for _ in 0..200 {
                    f();
                }
                1000.0 * started.elapsed().as_secs_f64() / 200.0
            })
            .collect();
        median(&ms)
    };
    let lut: [f32; 256] = std::array::from_fn(|p| p as f32 / 255.0);
    let (mut xs, mut xt) = (SparseRows::new(d, lut), SparseRows::new(0, lut));
    let gather = |xs: &mut SparseRows, xt: &mut SparseRows| {
        xs.clear();
        for i in 0..n {
            xs.push_pixels(train.image(i * 599));
        }
        xs.transpose_into(xt);
    };
    gather(&mut xs, &mut xt);
    let mut w1_rows = fill(d * h + 8);
    let mut dz1_padded = dz1.clone();
    dz1_padded.extend([0.0; 8]);
    let parts: Vec<(&str, f64)> = vec![
        ("gather sparse x and xᵀ", time(&mut || gather(&mut xs, &mut xt))),
        ("transpose W1", time(&mut || transpose(d, h, &w1, &mut w1_rows))),
        ("x·W1 sparse", time(&mut || sparse_times_dense(&xs, &w1_rows, h, h, |i, j0, sums| out_h[i * h + j0..i * h + j0 + sums.len()].copy_from_slice(sums)))),
        ("x·W1 sparse + sigmoid", time(&mut || sparse_times_dense(&xs, &w1_rows, h, h, |i, j0, sums| {
            for (o, &s) in out_h[i * h + j0..].iter_mut().zip(sums) {
                *o = 1.0 / (1.0 + (-s).exp());
            }
        }))),
        ("xᵀ·dZ1 sparse, scattered", time(&mut || sparse_times_dense(&xt, &dz1_padded, h, h, |p, j0, sums| {
            for (j, &v) in (j0..).zip(sums) {
                out_w1[j * d + p] = v;
            }
        }))),
        ("x·W1 simd (100×784·784×50)", time(&mut || simd_gemm_nt(n, h, d, &x, &w1, &mut out_h, |_, s| s))),
        ("x·W1 sigmoid simd", time(&mut || simd_gemm_nt(n, h, d, &x, &w1, &mut out_h, |_, s| 1.0 / (1.0 + (-s).exp())))),
        ("x·W1 dispatching", time(&mut || gemm_nt(n, h, d, &x, &w1, &mut out_h, |_, s| s))),
        ("z1·W2 simd", time(&mut || simd_gemm_nt(n, k, h, &z1, &w2, &mut out_k, |_, s| s))),
        ("xᵀ·dZ1 simd (784×100·100×50)", time(&mut || simd_gemm_tn(n, d, h, &x, &dz1, &mut out_w1))),
        ("xᵀ·dZ1 dispatching", time(&mut || gemm_tn(n, d, h, &x, &dz1, &mut out_w1))),
        ("z1ᵀ·dY simd", time(&mut || simd_gemm_tn(n, h, k, &z1, &dy, &mut out_w2))),
        ("dY·W2ᵀ", time(&mut || gemm_nn(n, h, k, &dy, &w2, &mut out_h))),
    ];
    let shown: Vec<String> = parts.iter().map(|(name, ms)| format!("\"{name}\":{ms:.4}")).collect();
    println!("{{\"name\":\"kernel_ms\",\"env\":\"native\",\"nonzero_inputs\":{},{}}}", xs.len(), shown.join(","));
}

fn main() {
    let dir = mnist_dir();
    let train = Arc::new(load_split(&dir, "train").unwrap_or_else(|e| panic!("{e}")));
    // For `perf stat` (CPU cycles, which the other engineers' load inflates less than time):
    // after loading, only `--steps N` steps of the book's setup (an evaluation every 600), then
    // `--evals N` evaluations.
    let count_after = |flag: &str| std::env::args().skip_while(|a| a != flag).nth(1).and_then(|v| v.parse::<usize>().ok());
    if let (Some(steps), evals) = (count_after("--steps"), count_after("--evals")) {
        let config = TrainConfig::from_query(&format!("{BOOK_SETUP}&iters=1000000"));
        let mut t = Trainer::new(config, train.clone(), Arc::new(load_split(&dir, "t10k").unwrap_or_else(|e| panic!("{e}")))).expect("valid config");
        t.run(steps);
        for _ in 0..evals.unwrap_or(0) {
            std::hint::black_box(t.evaluate());
        }
        return;
    }
    kernel_breakdown(&train);
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
