//! Bindings of "Watch it learn" (`crate::watch`): the fixed test digits once per run, and how
//! a network reads them at each evaluation — from the Trainer itself (`Trainer.watch`) or from
//! an epoch snapshot in the second worker (`watchSnapshot`). Both are plain objects whose
//! pictures are Uint8Arrays, so the worker posts them to the page as they are.

use super::descent::to_js;
use super::{js_error, Dataset};
use crate::config::TrainConfig;
use crate::watch::WatchSample;
use wasm_bindgen::prelude::*;

/// The watched digits of `test` (see `watch::WatchSample`).
#[wasm_bindgen(js_name = watchSample)]
pub fn watch_sample(test: &Dataset) -> Result<JsValue, JsError> {
    to_js(&WatchSample::of(&test.inner))
}

/// How many weight pictures a run of a network with `hidden` units shows (`watch::weight_count`),
/// so the page can make their canvases before the run.
#[wasm_bindgen(js_name = watchWeightCount)]
pub fn watch_weight_count(hidden: usize) -> usize {
    crate::watch::weight_count(hidden)
}

/// How the weights of `snapshot` (`Trainer.takeSnapshot`, taken at `iteration` of the run
/// `query`) read the watched digits of `test` (see `watch::WatchReading`).
#[wasm_bindgen(js_name = watchSnapshot)]
pub fn watch_snapshot(snapshot: &[u8], query: &str, test: &Dataset, iteration: usize) -> Result<JsValue, JsError> {
    let model = crate::model::Model::from_bytes(snapshot).map_err(js_error)?;
    to_js(&crate::train::watch_copy(&model.net, &TrainConfig::from_query(query), &test.inner, iteration))
}
