//! Data: the strict IDX parser, the dataset (pixels kept as u8) and the mini-batch samplers.

pub mod batch;
pub mod dataset;
pub mod files;
pub mod idx;

pub use batch::{Sampler, SamplerKind};
pub use dataset::Dataset;
