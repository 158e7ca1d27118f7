//! The four shapes of a learning curve (section 4.3), recognised from a real MNIST run's
//! mini-batch losses: smooth decrease (good), slow decrease (too small a rate), zig-zag
//! (too large, oscillating), climbing or exploding (too large, diverging).

use super::descent::Diagnosis;

/// Number of equal stretches the curve is cut into; their mean losses are compared.
const STRETCHES: usize = 10;
/// A curve whose stretch means rise this many times (out of 9 chances) zig-zags.
const RISES_FOR_OSCILLATING: usize = 3;
/// A curve that ends above this fraction of where it started has barely learned.
const TOO_SLOW_RATIO: f64 = 0.5;

/// Mean loss of each of the `STRETCHES` stretches (non-finite losses count as +∞).
fn stretch_means(losses: &[f32]) -> Vec<f64> {
    let size = losses.len().div_ceil(STRETCHES).max(1);
    losses
        .chunks(size)
        .map(|c| c.iter().map(|&l| if l.is_finite() { l as f64 } else { f64::INFINITY }).sum::<f64>() / c.len() as f64)
        .collect()
}

/// The shape of a run's curve. `diverged` is the trainer's verdict (NaN/∞, or the loss
/// average far above its start), which wins over everything else.
pub fn diagnose_curve(losses: &[f32], diverged: bool) -> Diagnosis {
    let means = stretch_means(losses);
    if diverged || means.iter().any(|m| !m.is_finite()) {
        return Diagnosis::Diverging;
    }
    let (Some(&first), Some(&last)) = (means.first(), means.last()) else {
        return Diagnosis::TooSlow;
    };
    if last > first {
        return Diagnosis::Diverging;
    }
    let rises = means.windows(2).filter(|w| w[1] > w[0]).count();
    if rises >= RISES_FOR_OSCILLATING {
        Diagnosis::Oscillating
    } else if last > TOO_SLOW_RATIO * first {
        Diagnosis::TooSlow
    } else {
        Diagnosis::Good
    }
}

/// The runs that show the four shapes on MNIST: ReLU with He init on 2,000 images, batch
/// 100, 300 iterations, changing only the learning rate. Checked by `tests/lessons.rs`.
pub const SHAPE_RATES: [(f64, Diagnosis); 4] = [
    (0.3, Diagnosis::Good),
    (0.003, Diagnosis::TooSlow),
    (1.5, Diagnosis::Oscillating),
    (4.0, Diagnosis::Diverging),
];

/// The training query of one shape run at learning rate `lr`.
pub fn shape_query(lr: f64) -> String {
    format!("subset=2000&hidden=50&act=relu&init=he&lr={lr}&batch=100&iters=300&seed=3&sampler=choice")
}

/// Cross-entropy against the squared error on MNIST (section 2's claim that cross-entropy
/// learns faster for classification, run rather than argued): the book's network (sigmoid,
/// std 0.01) on 10,000 images, η = 0.1, batch 100, 1,000 iterations, the same seed; only the
/// loss after softmax differs. Checked by `tests/mnist_training.rs`.
pub fn loss_comparison_query(loss: crate::nn::LossKind) -> String {
    format!(
        "subset=10000&hidden=50&act=sigmoid&init=std&lr=0.1&batch=100&iters=1000&seed=3&sampler=choice&loss={}",
        loss.name()
    )
}

/// The batch size that the mini-batch lesson's single η refers to: the book's 100.
pub const REFERENCE_BATCH: usize = 100;

/// The rate a batch of `batch` trains at in the mini-batch lesson: `base` for every size, or,
/// when `scale`, the linear-scaling rule η · batch / 100 (Goyal et al. 2017, "Accurate, Large
/// Minibatch SGD"): a batch k times larger averages away noise and takes a k times larger step.
/// Clamped to the trainer's range of rates.
pub fn batch_learning_rate(base: f64, batch: usize, scale: bool) -> f64 {
    let lr = if scale { base * batch as f64 / REFERENCE_BATCH as f64 } else { base };
    lr.clamp(crate::config::LR_MIN, crate::config::LR_MAX)
}
