//! Bindings of the loss lesson's MNIST runs (cross-entropy against the squared error).

use crate::lessons::curves::loss_comparison_query;
use crate::nn::LossKind;
use wasm_bindgen::prelude::*;

/// The comparison's runs as JSON: [{"loss":"cee","query":"…"}, {"loss":"sse","query":"…"}].
#[wasm_bindgen(js_name = lossRuns)]
pub fn loss_runs() -> String {
    let rows: Vec<String> = LossKind::ALL
        .iter()
        .map(|&loss| format!("{{\"loss\":\"{}\",\"query\":\"{}\"}}", loss.name(), loss_comparison_query(loss)))
        .collect();
    format!("[{}]", rows.join(","))
}
