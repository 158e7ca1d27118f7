//! The optimizers of the race (section 4): SGD, Momentum, AdaGrad, RMSprop and Adam on the 2-D
//! lesson functions, with the update rules and default hyper-parameters of the book's
//! `common/optimizer.py` (ch. 6). One small interface, `update(x, grad)`, state allocated at the
//! first update, as there. Params x and gradients g are points [x₀, x₁]; every operation
//! below is per coordinate.
//!
//! ```text
//! SGD       x ← x − η g
//! Momentum  v ← α v − η g;            x ← x + v                         α = 0.9
//! AdaGrad   h ← h + g²;               x ← x − η g / (√h + ε)            ε = 1e-7
//! RMSprop   h ← ρ h + (1 − ρ) g²;     x ← x − η g / (√h + ε)            ρ = 0.99
//! Adam      t ← t + 1;  ηₜ = η √(1 − β₂ᵗ) / (1 − β₁ᵗ)
//!           m ← m + (1 − β₁)(g − m);  v ← v + (1 − β₂)(g² − v)
//!           x ← x − ηₜ m / (√v + ε)                                    β₁ = 0.9, β₂ = 0.999
//! ```

use super::descent::Run2d;
use super::surface::Fn2d;

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

/// One optimizer and its state. `v`, `h`, `m` start empty (None) and are made at the first
/// update, like the book's `if self.v is None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimizer2d {
    pub kind: OptimizerKind,
    pub lr: f64,
    /// Momentum's velocity, or Adam's second moment.
    v: Option<[f64; 2]>,
    /// AdaGrad's / RMSprop's sum of squared gradients, or Adam's first moment.
    h: Option<[f64; 2]>,
    /// Adam's step count t.
    iter: i32,
}

impl Optimizer2d {
    pub fn new(kind: OptimizerKind, lr: f64) -> Optimizer2d {
        Optimizer2d { kind, lr, v: None, h: None, iter: 0 }
    }

    /// The change to apply to x for gradient g (the caller adds it: x ← x + update).
    pub fn update(&mut self, g: [f64; 2]) -> [f64; 2] {
        let lr = self.lr;
        let zero = [0.0; 2];
        match self.kind {
            OptimizerKind::Sgd => [-lr * g[0], -lr * g[1]],
            OptimizerKind::Momentum => {
                let v = self.v.get_or_insert(zero);
                for k in 0..2 {
                    v[k] = MOMENTUM * v[k] - lr * g[k];
                }
                *v
            }
            OptimizerKind::AdaGrad => {
                let h = self.h.get_or_insert(zero);
                let mut dx = zero;
                for k in 0..2 {
                    h[k] += g[k] * g[k];
                    dx[k] = -lr * g[k] / (h[k].sqrt() + EPS);
                }
                dx
            }
            OptimizerKind::RmsProp => {
                let h = self.h.get_or_insert(zero);
                let mut dx = zero;
                for k in 0..2 {
                    h[k] = RMSPROP_DECAY * h[k] + (1.0 - RMSPROP_DECAY) * g[k] * g[k];
                    dx[k] = -lr * g[k] / (h[k].sqrt() + EPS);
                }
                dx
            }
            OptimizerKind::Adam => {
                self.iter += 1;
                let t = self.iter;
                // Bias correction folded into the rate, as the book writes it.
                let lr_t = lr * (1.0 - ADAM_BETA2.powi(t)).sqrt() / (1.0 - ADAM_BETA1.powi(t));
                let m = self.h.get_or_insert(zero);
                let v = self.v.get_or_insert(zero);
                let mut dx = zero;
                for k in 0..2 {
                    m[k] += (1.0 - ADAM_BETA1) * (g[k] - m[k]);
                    v[k] += (1.0 - ADAM_BETA2) * (g[k] * g[k] - v[k]);
                    dx[k] = -lr_t * m[k] / (v[k].sqrt() + EPS);
                }
                dx
            }
        }
    }
}

/// Runs `steps` updates of `optimizer` on f from `start` (stops early if it diverges).
pub fn run(f: Fn2d, start: [f64; 2], mut optimizer: Optimizer2d, steps: usize) -> Run2d {
    let mut run = Run2d::new(f, start);
    let lr = optimizer.lr;
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
