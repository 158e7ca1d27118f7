//! Bindings of the §4.7–4.10 view `#/summary` over `lessons::summary`: the page keeps the
//! canonical query as its state and asks `summaryShown(query)` what the flow diagram shows;
//! `summaryParts()` lists the mistakes and the checklist once. Serde objects (camelCase fields).

use super::descent::to_js;
use crate::lessons::summary::{self, SummaryLesson};
use wasm_bindgen::prelude::*;

/// What the flow part shows for a query (any query: sizes are clamped), see `summary::SummaryShown`.
#[wasm_bindgen(js_name = summaryShown)]
pub fn summary_shown(query: &str) -> Result<JsValue, JsError> {
    to_js(&SummaryLesson::from_query(query).shown())
}

/// `{mistakes: [{id, badHref, fixHref, settings}], checklist: [{id, href}]}`.
#[wasm_bindgen(js_name = summaryParts)]
pub fn summary_parts() -> Result<JsValue, JsError> {
    to_js(&summary::parts())
}

/// The ids of the mistakes (`summaryParts().mistakes`) a training query reproduces, see
/// `summary::mistakes_in`: the training view opens its mistakes panel when there is one.
#[wasm_bindgen(js_name = trainMistakes)]
pub fn train_mistakes(query: &str) -> Vec<String> {
    summary::mistakes_in(query).into_iter().map(String::from).collect()
}
