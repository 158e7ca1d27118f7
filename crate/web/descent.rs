//! Bindings of the §3 views `#/gd1` and `#/gd2` over `lessons::gd`: the page keeps the
//! canonical query as its state, asks `descent1dShown(query)` what to show, sends the
//! learner's moves to `descent1dMove(query, move)` and gets the next query back. Results cross
//! as serde objects (camelCase fields); chart labels come as one object of translated words.

use super::js_error;
use super::lessons::{draw_descent_1d, draw_race_contour, draw_race_loss_lines, titles};
use crate::charts::contour::ContourLabels;
use crate::charts::function1d::Function1dLabels;
use crate::lessons::gd::{self, Descent1d, Descent2d, Move};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

pub(super) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(value).map_err(js_error)
}

pub(super) fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

/// The selects' choices: `{functions1d, functions2d, optimizers: [[name, label], …]}`.
#[wasm_bindgen(js_name = descentChoices)]
pub fn descent_choices() -> Result<JsValue, JsError> {
    to_js(&gd::choices())
}

/// What `#/gd1` shows for a query (any query: values are clamped), see `gd::Shown1d`.
#[wasm_bindgen(js_name = descent1dShown)]
pub fn descent_1d_shown(query: &str) -> Result<JsValue, JsError> {
    to_js(&Descent1d::from_query(query).shown())
}

/// The canonical query after a move (`gd::Move`: `{move: "step"}`, `{move: "nudge", dx: 1}` …).
#[wasm_bindgen(js_name = descent1dMove)]
pub fn descent_1d_move(query: &str, a_move: JsValue) -> Result<String, JsError> {
    let mut model = Descent1d::from_query(query);
    model.apply(&from_js::<Move>(a_move, "descent1dMove")?).map_err(|e| JsError::new(&e))?;
    Ok(model.query())
}

/// The words of the 1-D chart, translated: `{title, iterates, tangent}`.
#[derive(Deserialize)]
struct Words1d {
    title: String,
    iterates: String,
    tangent: String,
}

/// The curve, the iterates of the steps shown and the tangent there; returns the plot mapping
/// (`mappingToData` turns a pointer position into a start).
#[wasm_bindgen(js_name = drawDescent1d)]
pub fn draw_descent_1d_view(canvas: HtmlCanvasElement, query: &str, words: JsValue) -> Result<Vec<f64>, JsError> {
    let m = Descent1d::from_query(query);
    let w: Words1d = from_js(words, "drawDescent1d")?;
    let labels = Function1dLabels {
        titles: titles(&w.title, "x", "f(x)"),
        curve: format!("f(x) = {}", m.f.formula()),
        iterates: w.iterates,
        tangent: w.tangent,
    };
    draw_descent_1d(canvas, m.f, m.x0, m.lr, m.steps, &labels)
}

/// What `#/gd2` shows for a query, see `gd::Shown2d`.
#[wasm_bindgen(js_name = descent2dShown)]
pub fn descent_2d_shown(query: &str) -> Result<JsValue, JsError> {
    to_js(&Descent2d::from_query(query).shown())
}

/// The canonical query of `#/gd2` after a move.
#[wasm_bindgen(js_name = descent2dMove)]
pub fn descent_2d_move(query: &str, a_move: JsValue) -> Result<String, JsError> {
    let mut model = Descent2d::from_query(query);
    model.apply(&from_js::<Move>(a_move, "descent2dMove")?).map_err(|e| JsError::new(&e))?;
    Ok(model.query())
}

/// The words of the contour plot, translated: `{negGrad, minimum, maximum, saddle}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WordsContour {
    neg_grad: String,
    minimum: String,
    maximum: String,
    saddle: String,
}

/// The contour plot with the −∇f field and the trajectory of the steps shown; the plot mapping.
#[wasm_bindgen(js_name = drawDescent2d)]
pub fn draw_descent_2d_view(canvas: HtmlCanvasElement, query: &str, words: JsValue) -> Result<Vec<f64>, JsError> {
    let m = Descent2d::from_query(query);
    let w: WordsContour = from_js(words, "drawDescent2d")?;
    let labels = ContourLabels {
        titles: titles(&format!("f(x₀, x₁) = {}", m.f.formula()), "x₀", "x₁"),
        neg_grad: w.neg_grad,
        minimum: w.minimum,
        maximum: w.maximum,
        saddle: w.saddle,
    };
    draw_race_contour(canvas, m.f, vec![(m.optimizer, m.lr, m.run_for(m.steps))], m.normalized, &labels)
}

/// The words of a line chart, translated: `{title, x, y}`.
#[derive(Deserialize)]
struct WordsLines {
    title: String,
    x: String,
    y: String,
}

/// The loss per iteration of the steps shown (log scale if `logY`).
#[wasm_bindgen(js_name = drawDescent2dLoss)]
pub fn draw_descent_2d_loss(canvas: HtmlCanvasElement, query: &str, log_y: bool, words: JsValue) -> Result<(), JsError> {
    let m = Descent2d::from_query(query);
    let w: WordsLines = from_js(words, "drawDescent2dLoss")?;
    let run = vec![(m.optimizer, m.lr, m.run_for(m.steps))];
    draw_race_loss_lines(canvas, m.f.f(m.start), run, log_y, &titles(&w.title, &w.x, &w.y))
}

/// The learning rate at position `p` of a log10 slider, rounded to 2 significant digits.
#[wasm_bindgen(js_name = logSliderValue)]
pub fn log_slider_value(position: f64) -> f64 {
    crate::lessons::log_slider_value(position)
}

/// Where `value` sits on a log10 slider.
#[wasm_bindgen(js_name = logSliderPosition)]
pub fn log_slider_position(value: f64) -> f64 {
    crate::lessons::log_slider_position(value)
}
