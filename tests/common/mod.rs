//! Shared helpers for the integration tests.
#![allow(dead_code)]

use gradlab::data::{files, Dataset};

/// Loads one MNIST split ("train" or "t10k"); panics with a hint when the data is missing.
pub fn load_mnist(split: &str) -> Dataset {
    files::load_split(&files::mnist_dir(), split).unwrap_or_else(|e| panic!("{e}"))
}
