//! Bindings of the §3 views `#/gd1` and `#/gd2` over `lessons::gd`: the page keeps the
//! canonical query as its state, asks `descent1dShown(query)` what to show, sends the
//! learner's moves to `descent1dMove(query, move)` and gets the next query back. Results cross
//! as serde objects (camelCase fields); chart labels come as one object of translated words.

use super::js_error;
use super::lessons::{draw_descent_1d, draw_race_contour, draw_race_loss_lines, titles, ContourWords};
use crate::charts::function1d::Function1dLabels;
use crate::lessons::gd::{self, Descent1d, Descent2d};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Maps as plain objects, so a `#[serde(flatten)]` field (which serde writes as a map) reaches
/// JS as fields of its parent (`Step2d`'s `at`).
pub(super) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true)).map_err(js_error)
}

pub(super) fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

/// The selects' choices: `{functions1d, functions2d, optimizers: [[name, label], …]}`.
#[wasm_bindgen(js_name = descentChoices)]
pub fn descent_choices() -> Result<JsValue, JsError> {
    to_js(&gd::choices())
}

/// Exports the two calls a lesson view is driven by, over a model with `from_query`, `shown`,
/// `apply` and `query`: `$shown_js(query)`, what the view shows for any query (values clamped),
/// and `$move_js(query, move)`, the canonical query after one of the learner's moves
/// (`gd::Move`: `{move: "step"}`, `{move: "nudge", dx: 1}` …).
macro_rules! lesson_bindings {
    ($model:ty, $shown:ident, $shown_js:literal, $moved:ident, $move_js:literal) => {
        #[wasm_bindgen(js_name = $shown_js)]
        pub fn $shown(query: &str) -> Result<JsValue, JsError> {
            $crate::web::descent::to_js(&<$model>::from_query(query).shown())
        }

        #[wasm_bindgen(js_name = $move_js)]
        pub fn $moved(query: &str, a_move: JsValue) -> Result<String, JsError> {
            let mut model = <$model>::from_query(query);
            let m = $crate::web::descent::from_js::<$crate::lessons::gd::Move>(a_move, $move_js)?;
            model.apply(&m).map_err(|e| JsError::new(&e))?;
            Ok(model.query())
        }
    };
}
pub(super) use lesson_bindings;

lesson_bindings!(Descent1d, descent_1d_shown, "descent1dShown", descent_1d_move, "descent1dMove");
lesson_bindings!(Descent2d, descent_2d_shown, "descent2dShown", descent_2d_move, "descent2dMove");

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

/// The contour plot with the −∇f field and the trajectory of the steps shown; the plot mapping.
#[wasm_bindgen(js_name = drawDescent2d)]
pub fn draw_descent_2d_view(canvas: HtmlCanvasElement, query: &str, words: JsValue) -> Result<Vec<f64>, JsError> {
    let m = Descent2d::from_query(query);
    let labels = from_js::<ContourWords>(words, "drawDescent2d")?.labels(m.f);
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
