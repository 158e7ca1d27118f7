//! Parameter updates. All optimizers share one small interface, as in the book's
//! `common/optimizer.py`: `update(params, grads)`.

use super::Real;
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
        let step: T = super::real(-self.lr);
        for (p, g) in params.iter_mut().zip(grads) {
            p.zip_apply(*g, |pi, gi| *pi += step * gi);
        }
    }
}
