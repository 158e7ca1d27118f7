//! Parameter updates, with the rules and defaults of the book's `common/optimizer.py`
//! (chapter 6). All optimizers share one small interface, `update(params, grads)`, and make
//! their state at the first update.
//!
//! ```text
//! SGD       W ← W − η g
//! Momentum  v ← α v − η g;            W ← W + v                         α = 0.9
//! AdaGrad   h ← h + g²;               W ← W − η g / (√h + ε)            ε = 1e-7
//! RMSprop   h ← ρ h + (1 − ρ) g²;     W ← W − η g / (√h + ε)            ρ = 0.99
//! Adam      t ← t + 1;  ηₜ = η √(1 − β₂ᵗ) / (1 − β₁ᵗ)
//!           m ← m + (1 − β₁)(g − m);  v ← v + (1 − β₂)(g² − v)
//!           W ← W − ηₜ m / (√v + ε)                                    β₁ = 0.9, β₂ = 0.999
//! ```
//! These are the only copy of the rules: the 2-D race of the lessons (`lessons::optim2d`)
//! runs `MethodOptimizer` on a point as a 2-vector, and the trainer's fast step (`nn::fast`)
//! only computes gradients: its updates go through here too.

use super::{real, Real};
use crate::named::named;
use nalgebra::DMatrix;

pub trait Optimizer<T: Real> {
    /// Updates each parameter in place from its gradient (same order, same shapes).
    fn update(&mut self, params: &mut [&mut DMatrix<T>], grads: &[&DMatrix<T>]);
}

/// Stochastic gradient descent: W ← W − η·∂L/∂W.
#[derive(Debug, Clone, Copy)]
pub struct Sgd {
    pub lr: f64,
}

impl<T: Real> Optimizer<T> for Sgd {
    fn update(&mut self, params: &mut [&mut DMatrix<T>], grads: &[&DMatrix<T>]) {
        let step: T = real(-self.lr);
        for (p, g) in params.iter_mut().zip(grads) {
            assert_eq!(p.shape(), g.shape(), "a gradient's shape differs from its parameter's");
            T::add_scaled(p.as_mut_slice(), step, g.as_slice());
        }
    }
}

/// The book's ε in AdaGrad, RMSprop and Adam: keeps the division finite when h or v is 0.
pub const EPS: f64 = 1e-7;
/// Momentum's α (the book's `momentum=0.9`).
pub const MOMENTUM: f64 = 0.9;
/// RMSprop's ρ (the book's `decay_rate=0.99`).
pub const RMSPROP_DECAY: f64 = 0.99;
/// Adam's β₁ and β₂ (the book's defaults).
pub const ADAM_BETA1: f64 = 0.9;
pub const ADAM_BETA2: f64 = 0.999;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptimizerKind {
    Sgd,
    Momentum,
    AdaGrad,
    RmsProp,
    Adam,
}

named!(OptimizerKind: Sgd = "sgd", Momentum = "momentum", AdaGrad = "adagrad", RmsProp = "rmsprop", Adam = "adam");

impl OptimizerKind {
    /// The name as printed in charts and tables.
    pub fn label(self) -> &'static str {
        ["SGD", "Momentum", "AdaGrad", "RMSprop", "Adam"][self as usize]
    }

    /// The usual starting rate (issue 3, after the seed's §4.4 table): SGD and Momentum
    /// 0.01–0.1 (we take 0.1), AdaGrad 0.01, RMSprop and Adam 0.001.
    pub fn default_lr(self) -> f64 {
        match self {
            OptimizerKind::Sgd | OptimizerKind::Momentum => 0.1,
            OptimizerKind::AdaGrad => 0.01,
            OptimizerKind::RmsProp | OptimizerKind::Adam => 0.001,
        }
    }
}

/// Any of the five methods, on matrices. `first` is Momentum's velocity, AdaGrad's and
/// RMSprop's h, or Adam's m; `second` is Adam's v. Both start empty.
#[derive(Debug, Clone)]
pub struct MethodOptimizer<T: Real> {
    pub kind: OptimizerKind,
    pub lr: f64,
    first: Vec<DMatrix<T>>,
    second: Vec<DMatrix<T>>,
    t: i32,
}

impl<T: Real> MethodOptimizer<T> {
    pub fn new(kind: OptimizerKind, lr: f64) -> Self {
        MethodOptimizer { kind, lr, first: Vec::new(), second: Vec::new(), t: 0 }
    }
}

impl<T: Real> Optimizer<T> for MethodOptimizer<T> {
    fn update(&mut self, params: &mut [&mut DMatrix<T>], grads: &[&DMatrix<T>]) {
        let zeros = || grads.iter().map(|g| DMatrix::zeros(g.nrows(), g.ncols())).collect::<Vec<_>>();
        if self.first.len() != grads.len() {
            self.first = zeros();
            self.second = zeros();
        }
        let (lr, eps, one): (T, T, T) = (real(self.lr), real(EPS), T::one());
        match self.kind {
            OptimizerKind::Sgd => Sgd { lr: self.lr }.update(params, grads),
            OptimizerKind::Momentum => {
                let alpha: T = real(MOMENTUM);
                for ((p, g), v) in params.iter_mut().zip(grads).zip(&mut self.first) {
                    v.zip_apply(*g, |vi, gi| *vi = alpha * *vi - lr * gi);
                    **p += &*v;
                }
            }
            OptimizerKind::AdaGrad | OptimizerKind::RmsProp => {
                let rho: T = real(RMSPROP_DECAY);
                let adagrad = self.kind == OptimizerKind::AdaGrad;
                for ((p, g), h) in params.iter_mut().zip(grads).zip(&mut self.first) {
                    h.zip_apply(*g, |hi, gi| *hi = if adagrad { *hi + gi * gi } else { rho * *hi + (one - rho) * gi * gi });
                    p.zip_zip_apply(*g, h, |pi, gi, hi| *pi -= lr * gi / (hi.sqrt() + eps));
                }
            }
            OptimizerKind::Adam => {
                self.t += 1;
                let (b1, b2) = (ADAM_BETA1, ADAM_BETA2);
                let lr_t: T = real(self.lr * (1.0 - b2.powi(self.t)).sqrt() / (1.0 - b1.powi(self.t)));
                let (b1, b2): (T, T) = (real(b1), real(b2));
                for (((p, g), m), v) in params.iter_mut().zip(grads).zip(&mut self.first).zip(&mut self.second) {
                    m.zip_apply(*g, |mi, gi| *mi += (one - b1) * (gi - *mi));
                    v.zip_apply(*g, |vi, gi| *vi += (one - b2) * (gi * gi - *vi));
                    p.zip_zip_apply(m, v, |pi, mi, vi| *pi -= lr_t * mi / (vi.sqrt() + eps));
                }
            }
        }
    }
}
