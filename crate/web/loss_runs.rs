//! Bindings of the loss lesson's MNIST runs (cross-entropy against the squared error).

use super::Curves;
use wasm_bindgen::prelude::*;

/// The two runs, keyed "cee" and "sse", and the settings they share (as `shapeLab`, with the
/// data the worker loads: `setup.dataset`, `setup.testImages`).
#[wasm_bindgen(js_name = lossLab)]
pub fn loss_lab() -> Result<JsValue, JsError> {
    super::descent::to_js(&crate::lessons::curves::loss_lab())
}

/// The keys of the runs of `curves` that have finished (`lessons::curves::loss_run_finished`).
#[wasm_bindgen(js_name = lossRunsFinished)]
pub fn loss_runs_finished(curves: &Curves) -> Vec<String> {
    curves.history.runs.iter().filter(|r| crate::lessons::curves::loss_run_finished(r)).map(|r| r.key.clone()).collect()
}

/// The verdict under the comparison (`lessons::curves::loss_verdict`): `{ cee, sse }` final
/// test accuracies in percent, or undefined until both runs have finished.
#[wasm_bindgen(js_name = lossVerdict)]
pub fn loss_verdict(curves: &Curves) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&crate::lessons::curves::loss_verdict(&curves.history)).map_err(super::js_error)
}
