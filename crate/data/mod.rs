//! Data: the strict IDX parser, the dataset (pixels kept as u8), the mini-batch samplers and
//! which pre-cut chunks hold a split's first images.

pub mod batch;
pub mod chunks;
pub mod dataset;
pub mod files;
pub mod gzip;
pub mod idx;

pub use batch::{Sampler, SamplerKind};
pub use dataset::Dataset;
