//! The optimizers of the race (section 4): SGD, Momentum, AdaGrad, RMSprop and Adam on the 2-D
//! lesson functions. The update rules are the trainer's own (`nn::optim::MethodOptimizer`, the
//! book's `common/optimizer.py`: `update(params, grads)`, state made at the first update),
//! applied to a point [x₀, x₁] as a 2-vector: what the race shows is what trains the network.

use super::descent::Run2d;
use super::surface::Fn2d;
use crate::nn::optim::{MethodOptimizer, Optimizer};
use nalgebra::DMatrix;

pub use crate::nn::optim::{OptimizerKind, ADAM_BETA1, ADAM_BETA2, EPS, MOMENTUM, RMSPROP_DECAY};

impl OptimizerKind {
    /// Rates that make a race on `f` visible within about 100 steps. The default rates above
    /// are tuned for networks with thousands of weights; here AdaGrad, RMSprop and Adam would
    /// move only about η per step (0.001 × 100 steps = 0.1). On the bowls and the saddle we
    /// use the book's ch. 6 comparison on x₀²/20 + x₁² (`optimizer_compare_naive.py`: SGD 0.95,
    /// Momentum 0.1, AdaGrad 1.5, Adam 0.3; RMSprop, absent there, 0.1), except SGD 0.1 on the
    /// round bowl and the saddle. Plain SGD and Momentum are stable only below about
    /// 2/(largest Hessian eigenvalue): ≈ 0.015 near Himmelblau's minima and ≈ 0.001 on
    /// Rosenbrock's valley, so they get 0.01 and 0.001 there; the adaptive methods take steps of
    /// about η whatever the curvature, so Rosenbrock's narrow valley gets smaller η for them too.
    pub fn race_lr(self, f: Fn2d) -> f64 {
        use OptimizerKind::*;
        match (f, self) {
            (Fn2d::Elongated, Sgd) => 0.95,
            (Fn2d::Rosenbrock, Sgd | Momentum) => 0.001,
            (Fn2d::Rosenbrock, AdaGrad) => 0.5,
            (Fn2d::Rosenbrock, RmsProp) => 0.01,
            (Fn2d::Rosenbrock, Adam) => 0.05,
            (Fn2d::Himmelblau, Sgd | Momentum) => 0.01,
            (_, Sgd | Momentum) => 0.1,
            (_, AdaGrad) => 1.5,
            (_, RmsProp) => 0.1,
            (_, Adam) => 0.3,
        }
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

/// Reads "sgd:0.1,adam:0.3,momentum" into entrants; a missing or unreadable rate takes the
/// kind's `race_lr` on f, rates are clamped to [1e-4, 10], unknown names are skipped.
pub fn parse_entrants(spec: &str, f: Fn2d) -> Vec<(OptimizerKind, f64)> {
    spec.split(',')
        .filter_map(|item| {
            let (name, rate) = item.split_once(':').map_or((item, None), |(n, r)| (n, Some(r)));
            let kind = OptimizerKind::from_name(name.trim())?;
            let lr = rate.and_then(|r| r.trim().parse::<f64>().ok()).filter(|r| r.is_finite());
            Some((kind, lr.map_or(kind.race_lr(f), |r| r.clamp(crate::config::LR_MIN, crate::config::LR_MAX))))
        })
        .collect()
}
