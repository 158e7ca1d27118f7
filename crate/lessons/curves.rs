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
