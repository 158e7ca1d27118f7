//! Bindings of section 4.3 on real data: the four MNIST runs whose learning curves take the
//! four shapes (each run's shape is read by `Curves::shape`).

use wasm_bindgen::prelude::*;

/// The four runs, changing only η, and the settings they share: `{ runs: [{ key, query,
/// learningRate }], setup: { subset, hidden, activation, init, learningRate, batch,
/// iterations, seed } }`.
#[wasm_bindgen(js_name = shapeLab)]
pub fn shape_lab() -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&crate::lessons::curves::shape_lab()).map_err(super::js_error)
}
