//! Bindings of the mini-batch lesson (section 5): what each sampler draws from real labels,
//! updates per epoch, the rate of each batch size, and the verdict over the timed runs.

use super::{Curves, Dataset};
use crate::data::SamplerKind;
use wasm_bindgen::prelude::*;

/// What `samplerStats` draws: the sampler ("choice", "shuffle", "weighted", "sequential") with
/// batches of `batch` on the first `subset` images, sorted by class if `sorted`.
#[derive(serde::Deserialize)]
struct SamplerStatsOptions {
    subset: usize,
    sampler: String,
    batch: usize,
    #[serde(default)]
    sorted: bool,
    seed: u32,
}

/// `options`: `{ subset, sampler, batch, sorted, seed }` (`SamplerStatsOptions`). Returns
/// `{ coverage, counts }` (`lessons::minibatch::sampler_stats`): the share of distinct images
/// one epoch saw, and the class counts of one batch for 0..=9.
#[wasm_bindgen(js_name = samplerStats)]
pub fn sampler_stats(data: &Dataset, options: JsValue) -> Result<JsValue, JsError> {
    let o: SamplerStatsOptions = super::descent::from_js(options, "samplerStats")?;
    let kind = SamplerKind::from_name(&o.sampler).ok_or_else(|| JsError::new(&format!("unknown sampler {:?}", o.sampler)))?;
    if data.inner.is_empty() {
        return Err(JsError::new("no images loaded"));
    }
    let n = o.subset.clamp(1, data.inner.len());
    let labels: Vec<u8> = (0..n).map(|i| data.inner.label(i)).collect();
    super::descent::to_js(&crate::lessons::minibatch::sampler_stats(&labels, kind, o.batch, o.sorted, o.seed as u64))
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

/// What the card of one sampler draws (`lessons::minibatch::sampler_card`): `{ barPercents }`
/// from the worker's class counts.
#[wasm_bindgen(js_name = samplerCard)]
pub fn sampler_card(counts: &[f64]) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&crate::lessons::minibatch::sampler_card(counts)).map_err(super::js_error)
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
