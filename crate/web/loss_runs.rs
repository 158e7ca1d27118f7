//! Bindings of the loss lesson's MNIST runs (cross-entropy against the squared error).

use wasm_bindgen::prelude::*;

/// The two runs, keyed "cee" and "sse", and the settings they share (as `shapeLab`).
#[wasm_bindgen(js_name = lossLab)]
pub fn loss_lab() -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&crate::lessons::curves::loss_lab()).map_err(super::js_error)
}
