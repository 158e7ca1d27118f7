//! Bindings of the mini-batch lesson (section 5): what each sampler draws from real labels.

use super::Dataset;
use crate::data::batch::{epoch_coverage, first_batch_histogram};
use crate::data::SamplerKind;
use crate::rng::Rng;
use wasm_bindgen::prelude::*;

/// For the first `subset` images (sorted by class if `sorted`), the sampler `sampler`
/// ("choice", "shuffle", "weighted", "sequential") with batches of `batch`:
/// [fraction of distinct images seen in one epoch, class counts of one batch for 0..=9].
#[wasm_bindgen(js_name = samplerStats)]
pub fn sampler_stats(data: &Dataset, subset: usize, sampler: &str, batch: usize, sorted: bool, seed: u32) -> Result<Vec<f64>, JsError> {
    let kind = SamplerKind::from_name(sampler).ok_or_else(|| JsError::new(&format!("unknown sampler {sampler:?}")))?;
    let n = subset.clamp(1, data.inner.len().max(1));
    if data.inner.is_empty() {
        return Err(JsError::new("no images loaded"));
    }
    let mut labels: Vec<u8> = (0..n).map(|i| data.inner.label(i)).collect();
    if sorted {
        labels.sort_unstable();
    }
    let mut rng = Rng::new(seed as u64);
    let coverage = epoch_coverage(kind, &labels, batch, &mut rng);
    let histogram = first_batch_histogram(kind, &labels, batch, &mut rng);
    Ok(std::iter::once(coverage).chain(histogram.iter().map(|&c| c as f64)).collect())
}

/// Updates per epoch for `n` training images and batches of `batch`: n / batch (at least 1),
/// as the trainer counts them (60,000 / 100 = 600).
#[wasm_bindgen(js_name = iterationsPerEpoch)]
pub fn iterations_per_epoch(n: usize, batch: usize) -> usize {
    (n / batch.clamp(1, n.max(1))).max(1)
}

/// The rate one batch size trains at in the mini-batch lesson (`lessons::curves::batch_learning_rate`).
#[wasm_bindgen(js_name = batchLearningRate)]
pub fn batch_learning_rate(base: f64, batch: usize, scale: bool) -> f64 {
    crate::lessons::curves::batch_learning_rate(base, batch, scale)
}
