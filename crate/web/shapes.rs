//! Bindings of section 4.3 on real data: the four MNIST runs whose learning curves take the
//! four shapes (each run's shape is read by `Curves::shape`).

use wasm_bindgen::prelude::*;

/// The four runs, changing only η, and the settings they share: `{ runs: [{ key, query,
/// learningRate }], setup: { subset, hidden, activation, init, learningRate, batch,
/// iterations, seed, dataset, testImages } }` (the last two: the data the worker loads).
#[wasm_bindgen(js_name = shapeLab)]
pub fn shape_lab() -> Result<JsValue, JsError> {
    super::descent::to_js(&crate::lessons::curves::shape_lab())
}
