//! The optimizers of the race (section 4): SGD, Momentum, AdaGrad, RMSprop and Adam on the 2-D
//! lesson functions. The update rules are the trainer's own (`nn::optim::MethodOptimizer`, the
//! book's `common/optimizer.py`: `update(params, grads)`, state made at the first update),
//! applied to a point [x₀, x₁] as a 2-vector: what the race shows is what trains the network.

use super::descent::Run2d;
use super::surface::Fn2d;
use crate::nn::optim::{MethodOptimizer, Optimizer};
use nalgebra::DMatrix;

pub use crate::nn::optim::{OptimizerKind, ADAM_BETA1, ADAM_BETA2, EPS, MOMENTUM, RMSPROP_DECAY};

/// The steps of the search for a rate tuned for a function: the race's default length.
pub const TUNING_STEPS: usize = 100;

/// The candidate rates of the search: 1, 2, 5 per decade over the trainer's range of rates
/// (`config::LR_MIN` to `LR_MAX`), the values the log sliders stop at.
pub fn candidate_rates() -> Vec<f64> {
    let (lo, hi) = (crate::config::LR_MIN.log10().round() as i32, crate::config::LR_MAX.log10().round() as i32);
    (lo..=hi)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .filter(|&r| r <= crate::config::LR_MAX)
        .collect()
}

/// How well a run on `f` did: the mean of its losses over all its points (the area under its
/// loss curve), so a rate that gets low fast wins over one that zig-zags down late. A run that
/// diverged, or left the plotted region (a race the learner could not watch), scores +∞.
pub fn tuning_score(f: Fn2d, run: &Run2d) -> f64 {
    let d = f.domain();
    let inside = |p: &[f64; 2]| (d.x0.0..=d.x0.1).contains(&p[0]) && (d.x1.0..=d.x1.1).contains(&p[1]);
    if run.diverged() || !run.points.iter().all(inside) {
        return f64::INFINITY;
    }
    run.losses.iter().sum::<f64>() / run.losses.len() as f64
}

impl OptimizerKind {
    /// The rate tuned for a race on `f`, found by a search rather than written down: of
    /// `candidate_rates`, the one whose run from f's default start over `TUNING_STEPS` steps has
    /// the lowest mean loss (the smaller rate on a tie). The usual rates (`default_lr`) are
    /// tuned for networks with thousands of weights; on a 2-D function AdaGrad, RMSprop and
    /// Adam move only about η per step, so at η = 0.001 they barely leave the start, while
    /// plain SGD and Momentum are stable only below about 2/(largest curvature).
    pub fn race_lr(self, f: Fn2d) -> f64 {
        let start = f.default_start();
        let mut best = (f64::INFINITY, self.default_lr());
        for lr in candidate_rates() {
            let score = tuning_score(f, &run(f, start, Optimizer2d::new(self, lr), TUNING_STEPS));
            if score < best.0 {
                best = (score, lr);
            }
        }
        best.1
    }
}

/// One optimizer and its state, moving a point.
#[derive(Debug, Clone)]
pub struct Optimizer2d {
    method: MethodOptimizer<f64>,
}

impl Optimizer2d {
    pub fn new(kind: OptimizerKind, lr: f64) -> Optimizer2d {
        Optimizer2d { method: MethodOptimizer::new(kind, lr) }
    }

    pub fn lr(&self) -> f64 {
        self.method.lr
    }

    /// The change to apply to x for gradient g (the caller adds it: x ← x + update). The
    /// trainer's rule updates a 2-vector that starts at 0, so it ends holding exactly the step.
    pub fn update(&mut self, g: [f64; 2]) -> [f64; 2] {
        let mut step = DMatrix::<f64>::zeros(2, 1);
        let grad = DMatrix::from_column_slice(2, 1, &g);
        self.method.update(&mut [&mut step], &[&grad]);
        [step[0], step[1]]
    }
}

/// Runs `steps` updates of `optimizer` on f from `start` (stops early if it diverges).
pub fn run(f: Fn2d, start: [f64; 2], mut optimizer: Optimizer2d, steps: usize) -> Run2d {
    let mut run = Run2d::new(f, start);
    let lr = optimizer.lr();
    for _ in 0..steps {
        if !run.advance(f, lr, |_, g| optimizer.update(g)) {
            break;
        }
    }
    run
}

/// Every (kind, rate) in `entrants` from the same start for the same number of steps.
pub fn race(f: Fn2d, start: [f64; 2], entrants: &[(OptimizerKind, f64)], steps: usize) -> Vec<Run2d> {
    entrants.iter().map(|&(kind, lr)| run(f, start, Optimizer2d::new(kind, lr), steps)).collect()
}
