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

/// Seconds at iterations 1..=n of a timed run, interpolated on the worker's clock readings,
/// given flattened as [iteration, milliseconds, ...] from (0, 0) on.
#[wasm_bindgen(js_name = secondsAtIterations)]
pub fn seconds_at_iterations(clock: &[f64], n: usize) -> Vec<f64> {
    let clock: Vec<(f64, f64)> = clock.chunks_exact(2).map(|p| (p[0], p[1])).collect();
    crate::lessons::minibatch::seconds_at_iterations(&clock, n)
}

/// Indices (into the runs given) of the fastest and slowest run per update and of the best by
/// final test accuracy (`best` is undefined before any run has evaluated).
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct BatchVerdict {
    pub fastest: usize,
    pub slowest: usize,
    best: Option<usize>,
}

#[wasm_bindgen]
impl BatchVerdict {
    #[wasm_bindgen(getter)]
    pub fn best(&self) -> Option<usize> {
        self.best
    }
}

/// The verdict over finished runs, given as parallel arrays: updates done, milliseconds, and
/// final test accuracy (NaN: not evaluated yet). Undefined when fewer than two runs updated.
#[wasm_bindgen(js_name = batchVerdict)]
pub fn batch_verdict(updates: &[u32], ms: &[f64], accuracy: &[f64]) -> Result<Option<BatchVerdict>, JsError> {
    use crate::lessons::minibatch::{batch_verdict, TimedRun};
    if updates.len() != ms.len() || ms.len() != accuracy.len() {
        return Err(JsError::new(&format!(
            "batchVerdict needs one entry per run in each array, got {}, {} and {}",
            updates.len(),
            ms.len(),
            accuracy.len()
        )));
    }
    let runs: Vec<TimedRun> = (0..ms.len())
        .map(|i| TimedRun { updates: updates[i] as usize, ms: ms[i], final_accuracy: Some(accuracy[i]).filter(|a| !a.is_nan()) })
        .collect();
    Ok(batch_verdict(&runs).map(|v| BatchVerdict { fastest: v.fastest, slowest: v.slowest, best: v.best }))
}
