//! GradLab: the interactive companion to chapter 4 of "Deep Learning from Scratch".
//!
//! Data flow of the training view:
//!
//! ```text
//! IDX bytes ──data::idx──▶ data::Dataset (u8 pixels) ──data::batch──▶ mini-batch (batch, 784) in [0,1]
//!     ──nn::TwoLayerNet (Affine → Sigmoid/ReLU → Affine → SoftmaxWithLoss)──▶ loss, gradients
//!     ──nn::optim::Sgd──▶ updated weights        (train::Trainer runs this cycle and records metrics)
//! metrics ──charts::History──▶ charts::{loss, accuracy} drawn on any plotters backend
//! ```
//!
//! Everything except `web` is plain Rust with no browser types, so it builds and tests natively.
//! `web` is the only module that talks to JavaScript.

pub mod charts;
pub mod config;
pub mod crc32;
pub mod data;
pub mod digit;
pub mod error;
pub mod gradcheck;
pub mod lessons;
pub mod model;
mod named;
pub mod nn;
pub mod npz;
pub mod numerical_training;
pub mod order;
pub mod reading;
pub mod rng;
pub mod train;
pub mod watch;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::Error;
