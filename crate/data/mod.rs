//! Data: the strict IDX parser, the dataset (pixels kept as u8) and the mini-batch samplers.

pub mod batch;
pub mod dataset;
#[cfg(not(target_arch = "wasm32"))]
pub mod files;
pub mod idx;

pub use batch::{Sampler, SamplerKind};
pub use dataset::Dataset;
