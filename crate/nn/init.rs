//! Initial weights. The book draws W ~ N(0, 0.01²); Xavier (std √(1/n_in)) suits sigmoid and
//! He (std √(2/n_in)) suits ReLU. Biases start at zero.

use super::{real, Real};
use crate::rng::Rng;
use nalgebra::DMatrix;

/// The book's weight spread: W ~ N(0, 0.01²) (ch04/two_layer_net.py, weight_init_std=0.01).
pub const BOOK_STD: f64 = 0.01;
/// The "weights too large" mistake's spread: N(0, 1²), which saturates the sigmoid.
pub const LARGE_STD: f64 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeightInit {
    /// A fixed standard deviation (the book uses 0.01).
    Std(f64),
    Xavier,
    He,
}

impl WeightInit {
    /// Standard deviation of the weights of a layer with `fan_in` inputs.
    pub fn std_dev(self, fan_in: usize) -> f64 {
        match self {
            WeightInit::Std(s) => s,
            WeightInit::Xavier => (1.0 / fan_in as f64).sqrt(),
            WeightInit::He => (2.0 / fan_in as f64).sqrt(),
        }
    }

    /// A (fan_in, fan_out) weight matrix with normal entries of the chosen spread.
    pub fn weights<T: Real>(self, fan_in: usize, fan_out: usize, rng: &mut Rng) -> DMatrix<T> {
        let std = self.std_dev(fan_in);
        // Filled row by row so the same seed gives the same weights for any storage order.
        let mut w = DMatrix::<T>::zeros(fan_in, fan_out);
        for r in 0..fan_in {
            for c in 0..fan_out {
                w[(r, c)] = real(std * rng.normal());
            }
        }
        w
    }
}
