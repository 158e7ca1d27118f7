//! Bindings of the mini-batch lesson (section 5): what each sampler draws from real labels,
//! updates per epoch, the rate of each batch size, and the verdict over the timed runs.

use super::{Curves, Dataset};
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
        labels = crate::order::sorted_by(&labels, &|a, b| a.cmp(b));
    }
    let mut rng = Rng::new(seed as u64);
    let coverage = epoch_coverage(kind, &labels, batch, &mut rng);
    let histogram = first_batch_histogram(kind, &labels, batch, &mut rng);
    Ok(std::iter::once(coverage).chain(histogram.iter().map(|&c| c as f64)).collect())
}

/// Updates per epoch for `n` training images and batches of `batch` (`lessons::minibatch`).
#[wasm_bindgen(js_name = iterationsPerEpoch)]
pub fn iterations_per_epoch(n: usize, batch: usize) -> usize {
    crate::lessons::minibatch::iterations_per_epoch(n, batch)
}

/// The lesson's runs for its settings (`lessons::minibatch::plan`): `{ subset, epochs, sizes:
/// [{ key, batch, learningRate, iterationsPerEpoch, bookIterationsPerEpoch, query }], biasBatch,
/// biasIterationsPerEpoch, bias: [{ key, query }], dataset, testImages }`.
#[wasm_bindgen(js_name = minibatchPlan)]
pub fn minibatch_plan(query: &str) -> Result<JsValue, JsError> {
    super::descent::to_js(&crate::lessons::minibatch::plan(query))
}

/// The seed of the sampler cards' next draw.
#[wasm_bindgen(js_name = nextSamplerSeed)]
pub fn next_sampler_seed(seed: u32) -> u32 {
    crate::lessons::minibatch::next_sampler_seed(seed)
}

/// What the card of one sampler shows (`lessons::minibatch::sampler_card`): `{ coveragePercent,
/// barPercents }` from the worker's coverage and class counts.
#[wasm_bindgen(js_name = samplerCard)]
pub fn sampler_card(coverage: f64, counts: &[f64]) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&crate::lessons::minibatch::sampler_card(coverage, counts)).map_err(super::js_error)
}

/// The samplers, in the order their cards are shown.
#[wasm_bindgen(js_name = samplerNames)]
pub fn sampler_names() -> Vec<String> {
    SamplerKind::NAMES.iter().map(|s| s.to_string()).collect()
}

/// What each sampler card draws, in the cards' order (`lessons::minibatch::sampler_draws`):
/// `[{ sampler, sorted }]`, `sorted` when it draws from the subset sorted by class.
#[wasm_bindgen(js_name = samplerDraws)]
pub fn sampler_draws() -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&crate::lessons::minibatch::sampler_draws()).map_err(super::js_error)
}

/// The verdict under the class-sorted comparison (`lessons::minibatch::bias_verdict`):
/// `{ sequential, shuffle }` final test accuracies in percent, or undefined until both runs
/// have finished and been evaluated.
#[wasm_bindgen(js_name = biasVerdict)]
pub fn bias_verdict(curves: &Curves) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&crate::lessons::minibatch::bias_verdict(&curves.history)).map_err(super::js_error)
}

/// The verdict under the batch-size table over the finished runs of `curves`: `{ fastest,
/// slowest, best }` as run keys (`best` undefined before any run has evaluated); undefined
/// when fewer than two runs can be compared.
#[wasm_bindgen(js_name = batchVerdict)]
pub fn batch_verdict(curves: &Curves) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&crate::lessons::minibatch::history_verdict(&curves.history)).map_err(super::js_error)
}
