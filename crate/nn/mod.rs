//! The network core, layered as in the book's `common/layers.py`: each layer's backward pass
//! sits beside its forward pass; the two-layer net composes them.
//!
//! Everything is generic over the scalar type: training runs in f32 (fast, SIMD in wasm),
//! gradient checks run in f64 so that h = 1e-4 in the central difference means something.

/// The f32 training step of the Trainer on reusable buffers (not lesson code).
pub mod fast;
pub mod init;
/// Matrix products for the step's shapes (not lesson code; crate/kernels/).
pub use gradlab_kernels as kernels;
pub mod layers;
pub mod loss;
pub mod net;
pub mod optim;
pub mod schedule;

pub use init::WeightInit;
pub use loss::LossKind;
pub use layers::{Activation, ActivationKind, Affine, Relu, Sigmoid, SoftmaxWithLoss};
pub use net::{Gradients, TwoLayerNet};
pub use optim::{MethodOptimizer, Optimizer, OptimizerKind, Sgd};
pub use schedule::{Schedule, ScheduleKind};

/// The scalar types the network runs on (f32 and f64).
pub trait Real: nalgebra::RealField + Copy {
    /// p ← p + step·g, element by element (the SGD update).
    fn add_scaled(p: &mut [Self], step: Self, g: &[Self]);
}
impl Real for f32 {
    fn add_scaled(p: &mut [f32], step: f32, g: &[f32]) {
        // the training step's update: through the kernels, compiled for speed in the web build
        kernels::add_scaled(p, step, g)
    }
}
impl Real for f64 {
    fn add_scaled(p: &mut [f64], step: f64, g: &[f64]) {
        p.iter_mut().zip(g).for_each(|(p, &g)| *p += step * g)
    }
}

/// Converts an f64 constant to the network's scalar type.
pub fn real<T: Real>(v: f64) -> T {
    nalgebra::convert(v)
}
