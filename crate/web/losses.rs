//! Bindings of the §2 view `#/loss` over `lessons::losses`: the page keeps the canonical query
//! as its state, asks `lossShown(query)` what to show, turns the slider's position into a query
//! with `lossSliderQuery`, and sends the worked example (`{y, correct}`) to `lossExampleShown`.
//! Results cross as serde objects (camelCase fields).

use super::descent::{from_js, to_js};
use super::lessons::titles;
use super::{canvas_area, js_error};
use crate::charts::series::{self, Options, Series};
use crate::lessons::losses::{self, Example, LossLesson};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// What `#/loss` shows for a query (any query: p is clamped), see `losses::LossShown`.
#[wasm_bindgen(js_name = lossShown)]
pub fn loss_shown(query: &str) -> Result<JsValue, JsError> {
    to_js(&LossLesson::from_query(query).shown())
}

/// The canonical query with the log10 slider at `position` (p rounded to 3 significant digits).
#[wasm_bindgen(js_name = lossSliderQuery)]
pub fn loss_slider_query(position: f64) -> String {
    LossLesson::from_slider(position).query()
}

/// The chart's data as rows `{p, sse, ce, ratio, dsse, dce}` at 0.001, 0.01, 0.02 … 1.
#[wasm_bindgen(js_name = lossCsvPoints)]
pub fn loss_csv_points() -> Result<JsValue, JsError> {
    to_js(&losses::csv_points())
}

/// The chapter's worked example `{y: [0.7, 0.2, 0.1], correct: 0}`.
#[wasm_bindgen(js_name = lossExampleDefault)]
pub fn loss_example_default() -> Result<JsValue, JsError> {
    to_js(&Example::default())
}

/// The worked example with one class more (`more`) or fewer, within 2…10 classes.
#[wasm_bindgen(js_name = lossExampleResize)]
pub fn loss_example_resize(example: JsValue, more: bool) -> Result<JsValue, JsError> {
    to_js(&from_js::<Example>(example, "lossExampleResize")?.resized(more))
}

/// Every term of both sums for `{y, correct}`, and what is wrong with y if anything
/// (see `losses::ExampleShown`). Throws if there are not 2…10 values or `correct` is not one.
#[wasm_bindgen(js_name = lossExampleShown)]
pub fn loss_example_shown(example: JsValue) -> Result<JsValue, JsError> {
    let shown = from_js::<Example>(example, "lossExampleShown")?.shown().map_err(|e| JsError::new(&e))?;
    to_js(&shown)
}

/// The words of the loss chart, translated: `{title, x, y, sse, ce}`.
#[derive(Deserialize)]
struct Words {
    title: String,
    x: String,
    y: String,
    sse: String,
    ce: String,
}

/// Both losses against p ∈ [0.001, 1], each with the point at the query's p marked.
#[wasm_bindgen(js_name = drawLossCurves)]
pub fn draw_loss_curves(canvas: HtmlCanvasElement, query: &str, words: JsValue) -> Result<(), JsError> {
    let w: Words = from_js(words, "drawLossCurves")?;
    let curve = losses::curve(300);
    let at = losses::at_probability(LossLesson::from_query(query).p);
    let line = |label: String, value: fn(&losses::LossAtP) -> f64| Series {
        label,
        points: curve.iter().map(|c| (c.p, value(c))).collect(),
        marker: Some((at.p, value(&at))),
    };
    let two = [line(w.sse, |c| c.sse), line(w.ce, |c| c.ce)];
    let (area, scale) = canvas_area(canvas)?;
    series::draw(&area, &two, &titles(&w.title, &w.x, &w.y), Options { scale, ..Options::default() }).map_err(js_error)
}
